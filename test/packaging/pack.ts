import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Packs the compiled library with `npm pack` and installs the tarball, offline, into a fresh
 * consumer project: what a user gets from the registry. Needs the compiled lib/ (the build
 * compiles before it tests).
 */

export const ROOT = path.join(__dirname, '..', '..');

export interface Consumer {
  /** The consumer project's directory. */
  readonly dir: string;
  /** Runs a Node script in the consumer project and returns its stdout. */
  node(script: string): string;
  /** Removes the work directory. */
  dispose(): void;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/**
 * A consumer project with the packed library installed and, beside it, only the given peers.
 * Peers are linked from this repository's node_modules (the versions the tests pin) rather than
 * reinstalled: @cdktf/provider-aws alone is about 400 MB. Linked after the install, so npm does
 * not prune them.
 */
export function installPacked(peers: string[] = []): Consumer {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('compile first (npx projen compile): the packaging tests pack lib/ and .jsii');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-pack-'));
  const tarball = npm(['pack', '--pack-destination', work, '--silent'], ROOT).trim().split('\n').pop()!;
  const dir = path.join(work, 'consumer');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--silent', path.join(work, tarball)], dir);
  for (const peer of peers) {
    const link = path.join(dir, 'node_modules', peer);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', peer), link, 'dir');
  }
  return {
    dir,
    node: (script) => execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }),
    dispose: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

/** A script fragment listing the backend modules loaded so far, as JSON-able package names. */
export const LOADED_BACKENDS = `[...new Set(Object.keys(require.cache)
  .map((k) => (k.match(/node_modules\\/(aws-cdk-lib|constructs|cdktf|@cdktf\\/provider-aws)\\//) || [])[1])
  .filter(Boolean))].sort()`;
