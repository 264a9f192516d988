import { spawnSync } from 'child_process';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** Offline: no version checks, no telemetry, no account. */
export const OFFLINE = {
  ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', npm_config_update_notifier: 'false', NO_COLOR: '1',
};

/** A finished process: exit code and what it printed. */
export interface Ran { readonly status: number | null; readonly stdout: string; readonly stderr: string }

/** Runs a command through npx in `cwd`, with extra environment. */
export function npx(cwd: string, args: string[], env: { [key: string]: string } = {}): Ran {
  const r = spawnSync('npx', args, { cwd, env: { ...OFFLINE, ...env }, encoding: 'utf8', timeout: 280_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs `scaleblocks <args>` from the sources, as a process, in `cwd`. */
export function scaleblocks(cwd: string, args: string[], env: { [key: string]: string } = {}): Ran {
  // ts-node of this repository by path: `npx ts-node` in a folder outside the repository would look
  // for it on the registry instead.
  return npx(cwd, [path.join(ROOT, 'node_modules', '.bin', 'ts-node'), '--transpile-only', '--project', path.join(ROOT, 'tsconfig.dev.json'), path.join(ROOT, 'test', 'fixtures', 'scaleblocks-cli.ts'), ...args], env);
}
