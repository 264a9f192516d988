import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { AppError, resolveApp, runApp } from './app';
import { renderHtml } from './html';
import { renderProblems, renderReport } from './render';
import { MissingBackendError, Synthesized, synthCdk, synthCdktf, Target } from './synth';
import { loadPriceOverrides, PriceOverride, withAlternatives, withCost } from '../core/cost';
import { DiagramInput, systemDiagram } from '../core/diagram';
import { ValidationError } from '../core/errors';
import { appRegion, deployedReport, DeployedSystem, readLoadFile, sizeDeployedSystem } from '../core/readback';
import { SizingReport, Verdict } from '../core/sizing/report';
import { loadSpecFile, loadYamlFile, SpecError, SpecProblem } from '../core/spec/loader';
import { planSystem, SystemPlan, sizeSystem, SystemSpec } from '../core/system';
import { systemEgressBytesPerSecond, withSystemNatSizing } from '../core/system-nat';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTty: boolean;
  readonly columns: number;
  readonly env: { [key: string]: string | undefined };
}

/** Exit codes of `scaleblocks`. */
export const EXIT = { OK: 0, FAIL: 1, BAD_INPUT: 2, INTERNAL: 3 } as const;

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns ?? 120,
  env: process.env,
};

interface CheckOptions {
  readonly json?: boolean;
  /** The verdict from which the command exits 1: FAIL (default) or WARN. */
  readonly failOn?: string;
  readonly color?: boolean;
  readonly verbose?: boolean;
  /** Where the synthesized output and the report go (default `scaleblocks.out`). */
  readonly out?: string;
  /** `cdk`, `cdktf` or `both` (default). */
  readonly target?: string;
  /** false: size the plan only, synthesize nothing (`--no-synth`). */
  readonly synth?: boolean;
  /** Run aws-cdk-lib's built-in CloudFormation validation too. */
  readonly validate?: boolean;
  /** `--app [command]`: check a user's app instead of a spec. */
  readonly app?: string | boolean;
  /** Where `--app` without a command looks for cdk.json / cdktf.json (default: the working directory). */
  readonly cwd?: string;
  /** `--load <file>`: construct paths of hand-written resources -> block kind and load (with `--app`). */
  readonly load?: string;
  /** `--diagram <file.mmd>`: write a Mermaid flowchart of what will deploy. */
  readonly diagram?: string;
  /** `--html <file.html>`: write a self-contained page with the diagram and the report. */
  readonly html?: string;
  /** `--prices <file>`: the user's own prices (negotiated or reserved rates) over the catalog's. */
  readonly prices?: string;
}

/** The default output folder of `check`. */
export const DEFAULT_OUT = 'scaleblocks.out';

/** Plans a spec file, synthesizes it on both backends, sizes what will deploy; returns the exit code. */
export function check(file: string | undefined, options: CheckOptions, io: CliIo): number {
  const color = options.color !== false && io.isTty && !io.env.NO_COLOR && !options.json;
  try {
    if (options.app !== undefined && options.app !== false) return checkApp(options, io, color);
    if (options.load !== undefined) {
      throw new AppError('--load sizes resources written by hand in your own app: give it with --app (a spec has only blocks, each with its load)');
    }
    if (file === undefined) throw new SpecError([{ file: '(none)', path: '', value: 'undefined', allowed: 'a spec file, or --app' }]);
    const loaded = loadSpecFile(file);
    let plan;
    try {
      plan = planSystem(loaded.data as SystemSpec);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const problems: SpecProblem[] = e.issues.map((i) => {
        const specPath = [i.path, i.prop].filter((x) => x && x !== '(spec)').join('.');
        const pos = loaded.locate(specPath);
        return { file, line: pos?.line, column: pos?.column, path: specPath, value: i.value, allowed: i.allowed };
      });
      throw new SpecError(problems);
    }
    if (options.synth === false && (options.diagram !== undefined || options.html !== undefined)) {
      throw new AppError(`${options.diagram !== undefined ? '--diagram' : '--html'} draws what will deploy, read back from the synthesized output: drop --no-synth`);
    }
    const overrides = options.prices !== undefined ? loadPriceOverrides(options.prices) : undefined;
    if (options.synth === false) {
      return finish(withAlternatives(sizeSystem(plan), loaded.data as SystemSpec, { overrides }), options, io, color, file);
    }
    const { report, systems } = synthAndSize(loaded.data as SystemSpec, plan, options, io, overrides);
    writePictures({ name: plan.name, system: systems[0], report, chain: plan.chain }, options, io);
    return finish(report, options, io, color, file);
  } catch (e) {
    if (e instanceof SpecError) {
      const where = e.problems[0]?.file ?? file;
      if (options.json) return jsonError(io, EXIT.BAD_INPUT, `${e.message} (${where})`, e.problems);
      io.err(renderProblems(`${e.message} (${where})`, e.problems, color));
      return EXIT.BAD_INPUT;
    }
    if (e instanceof MissingBackendError || e instanceof AppError || e instanceof ValidationError) {
      if (options.json) return jsonError(io, EXIT.BAD_INPUT, e.message);
      io.err(`error: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    const message = (e as Error).message ?? String(e);
    if (options.json) return jsonError(io, EXIT.INTERNAL, `internal error: ${message}`);
    io.err(`internal error: ${message}\nThis is a bug in scaleblocks; please report it with the spec that caused it.\n`);
    return EXIT.INTERNAL;
  }
}

/** What `--json` prints on stdout instead of a report when there is none: the failure, as JSON. */
export interface JsonError {
  readonly error: {
    /** The exit code: 2 bad input, 3 internal error. */
    readonly exitCode: number;
    readonly message: string;
    /** Each problem in the spec, where the spec was read (file, line, column, path, value, allowed). */
    readonly problems: SpecProblem[];
  };
}

/** With `--json`, stdout stays JSON on failure too: the error object on stdout, the same message on stderr. */
function jsonError(io: CliIo, exitCode: number, message: string, problems: SpecProblem[] = []): number {
  const body: JsonError = { error: { exitCode, message, problems } };
  io.out(`${JSON.stringify(body, null, 2)}\n`);
  io.err(problems.length > 0 ? renderProblems(message, problems, false) : `error: ${message}\n`);
  return exitCode;
}

function finish(report: SizingReport, options: CheckOptions, io: CliIo, color: boolean, file?: string): number {
  if (options.json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.out(renderReport(report, { color, width: io.columns, verbose: Boolean(options.verbose), file }));
  }
  const failing = options.failOn === 'WARN' ? [Verdict.FAIL, Verdict.WARN] : [Verdict.FAIL];
  return failing.includes(report.verdict) ? EXIT.FAIL : EXIT.OK;
}

/** Synthesizes the spec's SystemStack into `--out`, reads it back, sizes it; writes the report beside the output. */
function synthAndSize(spec: SystemSpec, plan: SystemPlan, options: CheckOptions, io: CliIo,
  overrides?: PriceOverride[]): { report: SizingReport; systems: DeployedSystem[] } {
  const out = path.resolve(options.out ?? DEFAULT_OUT);
  fs.mkdirSync(out, { recursive: true });
  const target = (options.target ?? Target.BOTH) as Target;
  const outputs: Synthesized[] = [];
  const step = <T extends Synthesized>(label: string, dir: string, synth: () => T): void => {
    if (!options.json) io.err(`synthesizing ${label} into ${path.relative(process.cwd(), dir) || dir} ...`);
    const r = synth();
    if (!options.json) io.err(` ${(r.ms / 1000).toFixed(1)} s\n`);
    outputs.push(r);
  };
  if (target !== Target.CDKTF) step('CloudFormation (aws-cdk-lib)', path.join(out, 'cdk.out'), () => synthCdk(spec, out, { validate: options.validate }));
  if (target !== Target.CDK) step('Terraform JSON (cdktf)', path.join(out, 'cdktf.out'), () => synthCdktf(spec, out));
  const sized = deployedReport(outputs.map((o) => withSystemNatSizing(
    sizeDeployedSystem(o.system, { region: plan.region, quotas: plan.quotas }, plan.name), plan, o.system)), {
    name: plan.name,
    chain: plan.chain,
    assumed: plan.assumed,
    synthesized: outputs.flatMap((o) => o.files.map((f) => path.join(out, f))),
  });
  // The cost of what will deploy: the read-back's topology, not the plan's intent.
  const costed = withCost(sized, outputs.map((o) => o.system), {
    region: plan.region, averageToPeakRatio: plan.averageToPeakRatio, overrides, natEgressBytesPerSecond: systemEgressBytesPerSecond(plan),
  });
  // The cheapest passing alternatives and the right-sizing: the spec re-planned and re-sized per design.
  const report = withAlternatives(costed, spec, { overrides });
  fs.writeFileSync(path.join(out, 'scaleblocks-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return { report, systems: outputs.map((o) => o.system) };
}

/** Writes the Mermaid flowchart of what will deploy (the first backend's read-back) and the HTML page, when asked. */
function writePictures(input: DiagramInput, options: CheckOptions, io: CliIo): void {
  if (options.diagram === undefined && options.html === undefined) return;
  const diagram = systemDiagram(input);
  const write = (file: string, text: string, what: string): void => {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
    if (!options.json) io.err(`wrote ${what} to ${file}\n`);
  };
  if (options.diagram !== undefined) write(options.diagram, diagram, 'the diagram');
  if (options.html !== undefined) write(options.html, renderHtml(input.report, diagram), 'the HTML report');
}

/** `check --app`: runs the user's app, reads back every block it synthesized, sizes each with its declared load. */
function checkApp(options: CheckOptions, io: CliIo, color: boolean): number {
  const app = resolveApp(options.app!, options.cwd ?? process.cwd());
  // The load file is read before the app runs: a bad entry, Region or quota exits 2 at once.
  const loadFile = options.load === undefined ? undefined : readLoadFile(loadYamlFile(options.load).data, options.load);
  if (!options.json) io.err(`running ${app.command} in ${app.cwd} ...`);
  const output = runApp(app, io.env, loadFile?.blocks ?? []);
  if (!options.json) io.err(` ${(output.ms / 1000).toFixed(1)} s\n`);
  if (output.system.blocks.length === 0) {
    throw new AppError(`the app synthesized no scaleblocks block (${output.files.length} template(s) read): nothing to size; `
      + 'to size resources written by hand, name their construct paths in a load file: --load <file>');
  }
  const name = path.basename(path.resolve(app.cwd));
  const overrides = options.prices !== undefined ? loadPriceOverrides(options.prices) : undefined;
  // The quota rows' Region: the load file's region:, else the one Region the app's stacks name (their env).
  const region = appRegion(output.system, loadFile, options.load);
  const quotas = loadFile?.quotas ?? {};
  const context = { ...(region !== undefined ? { region } : {}), ...(Object.keys(quotas).length > 0 ? { quotas } : {}) };
  const synthesized = output.files.map((f) => path.join(output.dir, f));
  const sized = deployedReport([sizeDeployedSystem(output.system, context, name)], { name, synthesized });
  const report = withCost(sized, [output.system], { overrides, ...(region !== undefined ? { region } : {}) });
  writePictures({ name, system: output.system, report }, options, io);
  if (options.out) {
    fs.mkdirSync(options.out, { recursive: true });
    fs.writeFileSync(path.join(options.out, 'scaleblocks-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  return finish(report, options, io, color, app.command);
}

/** The examples at the end of `--help` (of the program and of `check`). */
const CHECK_EXAMPLES = `
Examples:
  # synthesize with aws-cdk-lib and cdktf, offline, and size what will deploy
  $ scaleblocks check examples/social-feed/system.yaml
  # size the spec's plan only, synthesize nothing
  $ scaleblocks check system.yaml --no-synth
  # the report as JSON (schema/report.schema.json); a failure prints JSON too
  $ scaleblocks check system.yaml --json > report.json
  # size the blocks of your CDK or cdktf app here (its cdk.json or cdktf.json)
  $ scaleblocks check --app
  # ... with your account's Region and raised quotas, as a spec declares them
  # (account.yaml: quotas: { fargate.onDemandVcpuPerRegion: 200 })
  $ scaleblocks check --app --load account.yaml
`;

/** Runs the `scaleblocks` command line; resolves to the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command()
    .name('scaleblocks')
    .description('Size and check distributed-system building blocks before anything is deployed.')
    .version(version(), '--version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .addHelpText('after', CHECK_EXAMPLES);
  program
    .command('check')
    .description('synthesize a system spec (YAML or JSON) with aws-cdk-lib and cdktf, offline, and size what will deploy against the declared load; '
      + 'or, with --app, size the blocks of your own CDK or cdktf app. Exit 1 on any FAIL (or WARN with --fail-on WARN), 2 on bad input')
    .argument('[spec]', 'the system spec file, e.g. examples/social-feed/system.yaml')
    .option('--out <dir>', `where the synthesized output and scaleblocks-report.json go (default ${DEFAULT_OUT})`)
    .addOption(new Option('--target <backend>', 'the backends to synthesize').choices(Object.values(Target)).default(Target.BOTH))
    .option('--app [command]', 'check your own CDK or cdktf app: the command that runs it (default: the "app" of cdk.json or cdktf.json here)')
    .option('--load <file>', 'with --app: size resources you wrote by hand too; a YAML map of construct path -> '
      + '{ kind: LoadBalancedApi | ReplicatedDatabase | TieredCache | WorkQueue, load: {...} }; its top-level region: and '
      + 'quotas: declare, as in a spec, the Region (default: the one your stacks\' env names) and the quotas your account has had raised there')
    .option('--diagram <file>', 'write a Mermaid flowchart of what will deploy (hardware, counts, verdicts, the load along each edge), e.g. system.mmd')
    .option('--html <file>', 'write one self-contained page (no network) with the diagram, the verdict and the report with its fixes, e.g. report.html')
    .option('--no-synth', 'size the spec\'s plan only; synthesize nothing')
    .option('--validate', 'also run aws-cdk-lib\'s built-in CloudFormation validation at synth')
    .option('--prices <file>', 'your own prices (negotiated or reserved rates), a YAML or JSON file of overrides over the catalog\'s on-demand prices')
    .option('--json', 'print the report as JSON (schema: schema/report.schema.json), with where each row\'s capacity was read')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-v, --verbose', 'show the reason of passing rows too')
    .addOption(new Option('--fail-on <verdict>', 'exit 1 from this verdict on').choices(['FAIL', 'WARN']).default('FAIL'))
    .addHelpText('after', CHECK_EXAMPLES)
    .action((spec: string | undefined, opts: CheckOptions) => {
      if (spec !== undefined && opts.app !== undefined) {
        const message = 'give a spec or --app, not both';
        code = opts.json ? jsonError(io, EXIT.BAD_INPUT, message) : (io.err(`error: ${message}\n`), EXIT.BAD_INPUT);
        return;
      }
      code = check(spec, opts, io);
    });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.OK;
      // A bad argument (unknown option, bad choice): commander has written its message and the
      // help to stderr; with --json, stdout gets the error object, as for a bad spec.
      if (argv.includes('--json')) {
        io.out(`${JSON.stringify({ error: { exitCode: EXIT.BAD_INPUT, message: e.message.replace(/^error: /, ''), problems: [] } } satisfies JsonError, null, 2)}\n`);
      }
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
  return code;
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
