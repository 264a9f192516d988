import * as fs from 'fs';
import * as path from 'path';
import { cloudAssemblyTemplates, readCloudAssembly, readTerraformOutput, terraformTemplates } from '../core/readback';
import { DeployedSystem } from '../core/readback/types';
import { SystemSpec } from '../core/system';

/*
 * `scaleblocks check <spec>` synthesizes the SystemStack itself, in this process, offline: the
 * backends are required lazily, so the CLI loads (and sizes plans) without either installed.
 */

/** Which backends `check` synthesizes. */
export enum Target {
  CDK = 'cdk',
  CDKTF = 'cdktf',
  BOTH = 'both',
}

/** A backend's packages are not installed. */
export class MissingBackendError extends Error {
  constructor(public readonly backend: string, public readonly packages: string[]) {
    super(`the ${backend} backend needs ${packages.join(', ')}, which ${packages.length > 1 ? 'are' : 'is'} not installed: `
      + `npm install ${packages.join(' ')}, or run with --target ${backend === 'cdk' ? 'cdktf' : 'cdk'}`);
  }
}

/** One backend's synthesized output, read back. */
export interface Synthesized {
  readonly backend: 'cdk' | 'cdktf';
  /** Output folder. */
  readonly dir: string;
  /** The template files read, relative to the output root. */
  readonly files: string[];
  readonly system: DeployedSystem;
  /** Milliseconds the synth took. */
  readonly ms: number;
}

function requireBackend<T>(backend: string, packages: string[], load: () => T): T {
  for (const p of packages) {
    try {
      require.resolve(p);
    } catch {
      throw new MissingBackendError(backend, packages.filter((x) => !canResolve(x)));
    }
  }
  return load();
}

function canResolve(p: string): boolean {
  try {
    require.resolve(p);
    return true;
  } catch {
    return false;
  }
}

/** The stack id of a system in CloudFormation: its name in PascalCase (`social-feed` -> `SocialFeed`). */
export function cdkStackId(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'System';
}

/** Synthesizes the SystemStack of a spec with aws-cdk-lib into `<out>/cdk.out`, path metadata on. */
export function synthCdk(spec: SystemSpec, out: string, options: { validate?: boolean } = {}): Synthesized {
  const started = Date.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { cdk, SystemStack } = requireBackend('cdk', ['aws-cdk-lib', 'constructs'], () => ({
    cdk: require('aws-cdk-lib') as typeof import('aws-cdk-lib'),
    SystemStack: (require('../cdk/system-stack') as typeof import('../cdk/system-stack')).SystemStack,
  }));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = path.join(out, 'cdk.out');
  fs.rmSync(dir, { recursive: true, force: true });
  const app = new cdk.App({
    outdir: dir,
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': false },
    analyticsReporting: false,
    builtinCloudFormationValidation: Boolean(options.validate),
  });
  const spec_ = spec as SystemSpec & { region?: string };
  new SystemStack(app, cdkStackId(spec.name), { spec, ...(spec_.region ? { env: { region: spec_.region } } : {}) });
  app.synth();
  const files = cloudAssemblyTemplates(dir).map((t) => `cdk.out/${t.name}`);
  return { backend: 'cdk', dir, files, system: readCloudAssembly(dir), ms: Date.now() - started };
}

/** Synthesizes the SystemStack of a spec with cdktf into `<out>/cdktf.out`. */
export function synthCdktf(spec: SystemSpec, out: string): Synthesized {
  const started = Date.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { cdktf, SystemStack } = requireBackend('cdktf', ['cdktf', 'constructs', '@cdktf/provider-aws/lib/provider'], () => ({
    cdktf: require('cdktf') as typeof import('cdktf'),
    SystemStack: (require('../cdktf/system-stack') as typeof import('../cdktf/system-stack')).SystemStack,
  }));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = path.join(out, 'cdktf.out');
  fs.rmSync(dir, { recursive: true, force: true });
  const app = new cdktf.App({ outdir: dir });
  new SystemStack(app, spec.name, { spec });
  app.synth();
  const files = terraformTemplates(dir).map((t) => `cdktf.out/${t.name}`);
  return { backend: 'cdktf', dir, files, system: readTerraformOutput(dir), ms: Date.now() - started };
}
