import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cloudAssemblyTemplates, readCloudAssembly, readTerraformOutput, terraformTemplates } from '../core/readback';
import { DeclaredBlock } from '../core/readback/declared';
import { DeployedSystem } from '../core/readback/types';
import { isPlainObject } from '../core/validation';

/*
 * `scaleblocks check --app`: runs a user's own CDK or cdktf app with its output folder set to a
 * temporary one, offline, and reads back what it synthesized.
 */

/** The account and Region an app runs with when its stacks name none (nothing is looked up). */
export const OFFLINE_ACCOUNT = '123456789012';
export const OFFLINE_REGION = 'us-east-1';

/** Bad input for --app: no command, no cdk.json/cdktf.json, an app that failed or wrote nothing. */
export class AppError extends Error {}

/** The app command and the kind of project it belongs to. */
export interface AppCommand {
  readonly command: string;
  /** The folder it runs in. */
  readonly cwd: string;
  /** `cdk` (cdk.json), `cdktf` (cdktf.json) or undefined (a command given: detected from its output). */
  readonly kind?: 'cdk' | 'cdktf';
  /** cdk.json's context, passed on. */
  readonly context: { [key: string]: unknown };
}

/** The command of `--app [command]`: the one given, or the `app` of cdk.json / cdktf.json in `cwd`. */
export function resolveApp(given: string | boolean, cwd: string): AppCommand {
  if (typeof given === 'string' && given.trim() !== '') return { command: given, cwd, context: cdkContext(cwd) };
  for (const [file, kind] of [['cdk.json', 'cdk'], ['cdktf.json', 'cdktf']] as const) {
    const json = readJsonIfAny(path.join(cwd, file));
    if (json === undefined) continue;
    if (typeof json.app !== 'string' || json.app.trim() === '') throw new AppError(`${path.join(cwd, file)} has no "app" command`);
    return { command: json.app, cwd, kind, context: kind === 'cdk' ? cdkContext(cwd) : {} };
  }
  throw new AppError(`--app without a command needs a cdk.json or cdktf.json in ${cwd}; or give the command: --app "npx ts-node app.ts"`);
}

/** The context the cdk CLI would pass: cdk.json's, then cdk.context.json's (the cached lookups). */
function cdkContext(cwd: string): { [key: string]: unknown } {
  const cdkJson = readJsonIfAny(path.join(cwd, 'cdk.json'));
  const cached = readJsonIfAny(path.join(cwd, 'cdk.context.json'));
  return { ...(isPlainObject(cdkJson?.context) ? cdkJson!.context as object : {}), ...(cached ?? {}) };
}

function readJsonIfAny(file: string): { [key: string]: unknown } | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isPlainObject(json) ? json : undefined;
  } catch (e) {
    throw new AppError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** What an app synthesized, read back. */
export interface AppOutput {
  readonly kind: 'cdk' | 'cdktf';
  readonly dir: string;
  readonly files: string[];
  readonly system: DeployedSystem;
  readonly ms: number;
}

/**
 * Runs the app with CDK_OUTDIR / CDKTF_OUTDIR set to temporary folders, construct path metadata
 * on, and a dummy account and Region for stacks that name none; reads back what it wrote, with
 * the blocks a load file declared over hand-written resources.
 */
export function runApp(app: AppCommand, env: { [key: string]: string | undefined }, declared: DeclaredBlock[] = []): AppOutput {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-app-'));
  const cdkOut = path.join(tmp, 'cdk.out');
  const tfOut = path.join(tmp, 'cdktf.out');
  const context = { ...app.context, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': false };
  const r = spawnSync(app.command, {
    cwd: app.cwd,
    shell: true,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...env,
      CDK_OUTDIR: cdkOut,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DEFAULT_ACCOUNT: env.CDK_DEFAULT_ACCOUNT ?? OFFLINE_ACCOUNT,
      CDK_DEFAULT_REGION: env.CDK_DEFAULT_REGION ?? OFFLINE_REGION,
      CDKTF_OUTDIR: tfOut,
      CDK_DISABLE_VERSION_CHECK: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (r.error) throw new AppError(`could not run the app \`${app.command}\`: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new AppError(`the app \`${app.command}\` exited with ${r.status}:\n${tail}`);
  }
  const cdkWrote = fs.existsSync(path.join(cdkOut, 'manifest.json'));
  const tfWrote = fs.existsSync(path.join(tfOut, 'manifest.json')) || fs.existsSync(path.join(tfOut, 'stacks'));
  if ((app.kind === 'cdk' || !app.kind) && cdkWrote) {
    checkLookups(cdkOut);
    const files = cloudAssemblyTemplates(cdkOut).map((t) => t.name);
    return { kind: 'cdk', dir: cdkOut, files, system: readCloudAssembly(cdkOut, declared), ms: Date.now() - started };
  }
  if ((app.kind === 'cdktf' || !app.kind) && tfWrote) {
    const files = terraformTemplates(tfOut).map((t) => t.name);
    return { kind: 'cdktf', dir: tfOut, files, system: readTerraformOutput(tfOut, declared), ms: Date.now() - started };
  }
  throw new AppError(`the app \`${app.command}\` wrote no cloud assembly (CDK_OUTDIR) nor cdktf output (CDKTF_OUTDIR): `
    + 'does it call app.synth() (cdktf) or create its App without an explicit outdir?');
}

/** An app that needs context lookups cannot be sized offline until the values are known. */
function checkLookups(dir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { missing?: { key: string; provider: string }[] };
  const missing = manifest.missing ?? [];
  if (missing.length === 0) return;
  throw new AppError(`the app needs ${missing.length} context lookup(s) (${missing.map((m) => m.provider).join(', ')}), which scaleblocks does not make: `
    + `it runs offline, with account ${OFFLINE_ACCOUNT} and Region ${OFFLINE_REGION} for stacks that name none. Run \`cdk synth\` once with credentials `
    + 'so cdk.context.json holds the values (scaleblocks passes cdk.json context on), or give them in cdk.json "context", or use non-lookup '
    + `constructs (e.g. Vpc.fromVpcAttributes). Missing: ${missing.map((m) => m.key).join(', ')}`);
}
