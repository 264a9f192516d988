import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Consumer, ROOT } from './pack';

/*
 * Type-checks a consumer app of the packed library the way its users compile it: with each
 * TypeScript major a `cdk init` or cdktf app may have (5.x, the repository's 6.x, and 7.x, which
 * `cdk init` installs today), under each moduleResolution, strict, and `skipLibCheck: false`
 * where noted, so the library's declarations are checked too.
 */

/** A TypeScript to compile with: the path of its package and of its tsc. */
export interface TypeScript {
  readonly label: string;
  readonly dir: string;
  readonly tsc: string;
}

/** The repository's TypeScript (devDependency, 6.x). */
export const REPO_TYPESCRIPT: TypeScript = {
  label: `typescript ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version}`,
  dir: path.join(ROOT, 'node_modules', 'typescript'),
  tsc: path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
};

let extra: { readonly ts5?: TypeScript; readonly ts7?: TypeScript; readonly skipped?: string; readonly ms: number } | undefined;

/**
 * TypeScript 5.x and 7.x from the registry, in one `npm install` into a temp dir (cached for the
 * test file). Undefined with the reason when the registry cannot be reached: the caller skips
 * those versions and says why; any other install failure throws.
 */
export function registryTypeScripts(): { readonly ts5?: TypeScript; readonly ts7?: TypeScript; readonly skipped?: string; readonly ms: number } {
  if (extra) return extra;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-typescripts-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'typescripts', version: '1.0.0', private: true }));
  const started = Date.now();
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'ts5@npm:typescript@5', 'ts7@npm:typescript@7'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 300_000,
  });
  const ms = Date.now() - started;
  if (install.status !== 0) {
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/i.test(install.stderr)) {
      extra = { skipped: `the npm registry is unreachable, TypeScript 5.x and 7.x not installed: ${install.stderr.split('\n')[0]}`, ms };
      return extra;
    }
    throw new Error(`npm install typescript@5 typescript@7 failed:\n${install.stderr}`);
  }
  const at = (name: string): TypeScript => {
    const pkgDir = path.join(dir, 'node_modules', name);
    const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    return { label: `typescript ${version}`, dir: pkgDir, tsc: path.join(pkgDir, 'bin', 'tsc') };
  };
  extra = { ts5: at('ts5'), ts7: at('ts7'), ms };
  return extra;
}

/** How the consumer's tsconfig resolves modules: the `module` that goes with each `moduleResolution`. */
export const MODULE_OF: Record<string, string> = { node10: 'commonjs', node16: 'node16', nodenext: 'nodenext', bundler: 'esnext' };

/**
 * Where TypeScript's own resolver (the JS API of 5.x and 6.x) finds the types of `specifier`
 * from the consumer's app, under `moduleResolution`.
 */
export function resolveTypes(ts: TypeScript, consumer: Consumer, specifier: string, moduleResolution: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(ts.dir) as typeof import('typescript');
  const parsed = api.convertCompilerOptionsFromJson({ module: MODULE_OF[moduleResolution], moduleResolution, ignoreDeprecations: ts.label.startsWith('typescript 6') ? '6.0' : undefined }, consumer.dir);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => api.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  const resolved = api.resolveModuleName(specifier, path.join(consumer.dir, 'app.ts'), parsed.options, api.sys);
  return resolved.resolvedModule ? path.relative(consumer.dir, resolved.resolvedModule.resolvedFileName) : undefined;
}

/** The result of a tsc run over the consumer's app.ts. */
export interface TscRun {
  readonly status: number | null;
  /** Lines with a TypeScript error. */
  readonly errors: string[];
  /** The files in the program (--listFiles), relative to the consumer where they are inside it. */
  readonly files: string[];
  readonly ms: number;
}

/** Compiles the consumer's app.ts (noEmit, strict) with `ts` under `moduleResolution`. */
export function tsc(ts: TypeScript, consumer: Consumer, moduleResolution: string, skipLibCheck: boolean): TscRun {
  // TypeScript 6 deprecates node10 (an error unless acknowledged); 7 removed it.
  const deprecated = moduleResolution === 'node10' && ts.label.startsWith('typescript 6') ? { ignoreDeprecations: '6.0' } : {};
  const compilerOptions = { target: 'ES2022', module: MODULE_OF[moduleResolution], moduleResolution, strict: true, skipLibCheck, noEmit: true, types: ['node'], ...deprecated };
  fs.writeFileSync(path.join(consumer.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }, null, 2));
  const started = Date.now();
  const run = spawnSync(process.execPath, [ts.tsc, '-p', '.', '--listFiles'], { cwd: consumer.dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.length > 0);
  return {
    status: run.status,
    errors: lines.filter((l) => /error TS\d+/.test(l)),
    files: lines.filter((l) => !/error TS\d+/.test(l)).map((l) => (l.startsWith(consumer.dir) ? path.relative(consumer.dir, l) : l)),
    ms: Date.now() - started,
  };
}

/** Writes the consumer's app.ts. */
export function writeApp(consumer: Consumer, source: string): void {
  fs.writeFileSync(path.join(consumer.dir, 'app.ts'), source);
}

/**
 * A Terraform app with a block, an enum and an options type from `scaleblocks/<framework>`, on
 * cdktf or its fork CDK Terrain (the same API under the names cdktn and @cdktn/provider-aws).
 */
export function terraformApp(framework: 'cdktf' | 'cdktn'): string {
  return `import { AwsProvider } from '@${framework}/provider-aws/lib/provider';
import { App, TerraformStack } from '${framework}';
import { planWorkQueue, QueueType, WorkQueue, WorkQueueOptions } from 'scaleblocks/${framework}';

const app = new App();
const stack = new TerraformStack(app, 'jobs');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const options: WorkQueueOptions = { load: { jobsPerSecond: 5, secondsPerJob: 10 }, queueType: QueueType.FIFO };
new WorkQueue(stack, 'Jobs', options);
export const visibility: number = planWorkQueue(options).queue.visibilityTimeoutSeconds;
// @ts-expect-error a string is not a QueueType: fails to compile unless the enum's type is real (not any)
export const wrong: WorkQueueOptions = { queueType: 'FIFO' };
`;
}

/*
 * Fresh apps, synthesized by their real CLIs offline (issue 17, "Done when"): apps in the shape
 * `cdk init app --language typescript` and `cdktf init --template typescript` write (and the same
 * for CDK Terrain), each with its own stack and VPC and two blocks with their defaults.
 */

export const OFFLINE = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', npm_config_update_notifier: 'false' };

/** Writes a fresh app's files into the consumer (paths relative to it). */
export function writeFiles(consumer: Consumer, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(consumer.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(consumer.dir, file), text);
  }
}

/** Links the app's dev tools (ts-node and TypeScript, as the init templates install them) from this repository. */
export function linkTools(consumer: Consumer): void {
  for (const tool of ['ts-node', 'typescript']) {
    const link = path.join(consumer.dir, 'node_modules', tool);
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, 'node_modules', tool), link, 'dir');
  }
}

/**
 * Runs a CLI in the app: a name is one of this repository's node_modules/.bin (the versions the
 * tests pin), a path is run as is. With `node`, that Node runs the CLI and comes first in PATH (so
 * the app the CLI starts runs on it too).
 */
export function cli(consumer: Consumer, bin: string, args: string[], node?: string): { status: number | null; output: string; ms: number } {
  const started = Date.now();
  const file = path.isAbsolute(bin) ? bin : path.join(ROOT, 'node_modules', '.bin', bin);
  const env = node ? { ...OFFLINE, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` } : OFFLINE;
  const r = spawnSync(node ?? file, node ? [file, ...args] : args, { cwd: consumer.dir, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, ms: Date.now() - started };
}

/**
 * The warning lines of a CLI's output. The terraform binary the Terraform CLIs run may warn that the
 * machine has no ~/.terraformrc: that line is the machine's, not the app's, and is left out.
 */
export function warningLines(output: string): string[] {
  return output.split('\n').filter((l) => /warn/i.test(l) && !/Unable to open CLI configuration file/.test(l));
}

/** `cdk init app --language typescript`'s files (bin/, lib/, cdk.json, tsconfig.json), the stack holding a VPC with defaults and two blocks with theirs. */
export const CDK_INIT_APP: Record<string, string> = {
  'bin/shop.ts': `#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { ShopStack } from '../lib/shop-stack';

const app = new cdk.App();
new ShopStack(app, 'ShopStack', {
  /* If you don't specify 'env', this stack will be environment-agnostic. */
});
`,
  'lib/shop-stack.ts': `import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ReplicatedDatabase, WorkQueue } from 'scaleblocks/cdk';

export class ShopStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc');
    new ReplicatedDatabase(this, 'Orders', { vpc });
    new WorkQueue(this, 'Jobs', { vpc });
  }
}
`,
  'cdk.json': JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/shop.ts', watch: { include: ['**'] }, context: {} }, null, 2),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['es2022'],
      declaration: true,
      strict: true,
      noImplicitAny: true,
      strictNullChecks: true,
      noImplicitThis: true,
      alwaysStrict: true,
      noUnusedLocals: false,
      noUnusedParameters: false,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: false,
      inlineSourceMap: true,
      inlineSources: true,
      experimentalDecorators: true,
      strictPropertyInitialization: false,
      skipLibCheck: true,
      typeRoots: ['./node_modules/@types'],
    },
    exclude: ['node_modules', 'cdk.out'],
  }, null, 2),
};

/** `cdktf init --template typescript`'s main.ts and cdktf.json: the stack holding its own VPC (two AZs of subnets) and two blocks with their defaults. */
export function cdktfInitApp(framework: 'cdktf' | 'cdktn'): Record<string, string> {
  return {
    'main.ts': `import { Construct } from 'constructs';
import { App, TerraformStack } from '${framework}';
import { AwsProvider } from '@${framework}/provider-aws/lib/provider';
import { Subnet } from '@${framework}/provider-aws/lib/subnet';
import { Vpc } from '@${framework}/provider-aws/lib/vpc';
import { ReplicatedDatabase, TieredCache } from 'scaleblocks/${framework}';

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    const vpc = new Vpc(this, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const subnet = (name: string, i: number, az: string) => new Subnet(this, name, { vpcId: vpc.id, cidrBlock: \`10.0.\${i}.0/24\`, availabilityZone: az }).id;
    const network = {
      vpcId: vpc.id,
      vpcCidr: vpc.cidrBlock,
      privateSubnetIds: [subnet('PrivateA', 1, 'eu-west-1a'), subnet('PrivateB', 2, 'eu-west-1b')],
      isolatedSubnetIds: [subnet('IsolatedA', 11, 'eu-west-1a'), subnet('IsolatedB', 12, 'eu-west-1b')],
    };
    new ReplicatedDatabase(this, 'Orders', { network });
    new TieredCache(this, 'Cache', { network });
  }
}

const app = new App();
new MyStack(app, 'shop');
app.synth();
`,
    'cdktf.json': JSON.stringify({
      language: 'typescript',
      app: 'npx ts-node main.ts',
      projectId: '00000000-0000-4000-8000-000000000000',
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }, null, 2),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        alwaysStrict: true,
        declaration: true,
        experimentalDecorators: true,
        inlineSourceMap: true,
        inlineSources: true,
        lib: ['es2018'],
        module: 'CommonJS',
        noEmitOnError: true,
        noFallthroughCasesInSwitch: true,
        noImplicitAny: true,
        noImplicitReturns: true,
        noImplicitThis: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        resolveJsonModule: true,
        strict: true,
        strictNullChecks: true,
        strictPropertyInitialization: true,
        stripInternal: true,
        target: 'ES2018',
        incremental: true,
        skipLibCheck: true,
      },
      include: ['**/*.ts'],
      exclude: ['node_modules', 'cdktf.out'],
    }, null, 2),
  };
}
