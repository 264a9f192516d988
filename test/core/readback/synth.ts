import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App } from 'cdktf';
import { Construct } from 'constructs';

/*
 * Synthesizes apps of either backend into a temporary folder, as `cdk synth` and `cdktf synth` do,
 * for the read-back tests.
 */

/** A temporary directory, removed by the OS's temp cleanup. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scaleblocks-${prefix}-`));
}

/**
 * A CDK app writing into a temporary cloud assembly, with construct path metadata on (as the
 * `cdk` CLI runs apps) unless `paths` is false.
 */
export function cdkApp(paths = true): cdk.App {
  return new cdk.App({ outdir: tempDir('cdk'), context: paths ? { 'aws:cdk:enable-path-metadata': true } : {} });
}

/** Synthesizes a CDK app; the cloud assembly directory. */
export function synthCdk(app: cdk.App): string {
  return app.synth().directory;
}

/** A cdktf app writing into a temporary output folder. */
export function tfApp(): App {
  return new App({ outdir: tempDir('cdktf') });
}

/** Synthesizes a cdktf app; its output directory. */
export function synthTf(app: App): string {
  app.synth();
  return app.outdir;
}

/** Every construct of a type under a scope. */
export function findAll<T>(scope: Construct, type: new (...args: any[]) => T): T[] {
  return scope.node.findAll().filter((c): c is T & Construct => c instanceof type) as T[];
}
