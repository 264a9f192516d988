import { Command, CommanderError, Option } from 'commander';
import { renderProblems, renderReport } from './render';
import { ValidationError } from '../core/errors';
import { Verdict } from '../core/sizing/report';
import { loadSpecFile, SpecError, SpecProblem } from '../core/spec/loader';
import { planSystem, sizeSystem, SystemSpec } from '../core/system';

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
}

/** Plans and sizes a spec file; returns the exit code. */
export function check(file: string, options: CheckOptions, io: CliIo): number {
  const color = options.color !== false && io.isTty && !io.env.NO_COLOR && !options.json;
  try {
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
    const report = sizeSystem(plan);
    if (options.json) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.out(renderReport(report, { color, width: io.columns, verbose: Boolean(options.verbose), file }));
    }
    const failing = options.failOn === 'WARN' ? [Verdict.FAIL, Verdict.WARN] : [Verdict.FAIL];
    return failing.includes(report.verdict) ? EXIT.FAIL : EXIT.OK;
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(renderProblems(`${e.message} (${file})`, e.problems, color));
      return EXIT.BAD_INPUT;
    }
    io.err(`internal error: ${(e as Error).message ?? String(e)}\nThis is a bug in scaleblocks; please report it with the spec that caused it.\n`);
    return EXIT.INTERNAL;
  }
}

/** Runs the `scaleblocks` command line; resolves to the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command()
    .name('scaleblocks')
    .description('Size and check distributed-system building blocks before anything is deployed.')
    .version(version(), '--version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();
  program
    .command('check')
    .description('plan a system spec (YAML or JSON) and check its sizing against the declared load; exit 1 on any FAIL (or WARN with --fail-on WARN), 2 on bad input')
    .argument('<spec>', 'the system spec file, e.g. examples/social-feed/system.yaml')
    .option('--json', 'print the report as JSON (schema: schema/report.schema.json)')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-v, --verbose', 'show the reason of passing rows too')
    .addOption(new Option('--fail-on <verdict>', 'exit 1 from this verdict on').choices(['FAIL', 'WARN']).default('FAIL'))
    .action((spec: string, opts: CheckOptions) => {
      code = check(spec, opts, io);
    });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    throw e;
  }
  return code;
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
