import * as fs from 'fs';
import * as path from 'path';
import { isPlainObject } from '../validation';
import { DeclaredBlock } from './declared';
import { malformed, SynthesizedTemplate } from './model';
import { readTemplates } from './reader';
import { Backend, DeployedSystem } from './types';

/*
 * The only part of the read-back that touches the file system: it loads the synthesized files of
 * a cloud assembly or a cdktf output folder and hands them to `readTemplates`.
 */

/** Reads a CDK cloud assembly directory (`cdk.out`, or what `app.synth()` returned) back. */
export function readCloudAssembly(dir: string, declared: DeclaredBlock[] = []): DeployedSystem {
  return readTemplates(cloudAssemblyTemplates(dir), declared);
}

/** Reads a cdktf output directory (`cdktf.out`: manifest.json and stacks/<name>/cdk.tf.json) back. */
export function readTerraformOutput(dir: string, declared: DeclaredBlock[] = []): DeployedSystem {
  return readTemplates(terraformTemplates(dir), declared);
}

/**
 * The templates of a cloud assembly: every stack artifact's template (nested assemblies of Stages
 * included), and the nested stack templates its asset manifest lists. Each template is named by
 * its path relative to `dir` and carries its stack's Region when the artifact's environment names one.
 */
export function cloudAssemblyTemplates(dir: string): SynthesizedTemplate[] {
  const out: SynthesizedTemplate[] = [];
  const seen = new Set<string>();
  const visit = (assemblyDir: string): void => {
    const manifest = readJson(path.join(assemblyDir, 'manifest.json'), dir, 'a cloud assembly manifest (run `cdk synth` or app.synth() first)');
    const artifacts = isPlainObject(manifest) ? manifest.artifacts : undefined;
    if (!isPlainObject(artifacts)) malformed(rel(dir, path.join(assemblyDir, 'manifest.json')), 'artifacts', artifacts, 'an object of artifacts');
    for (const [id, a] of Object.entries(artifacts)) {
      if (!isPlainObject(a)) continue;
      const props = isPlainObject(a.properties) ? a.properties : {};
      if (a.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
        visit(path.join(assemblyDir, props.directoryName));
      }
      if (a.type !== 'aws:cloudformation:stack') continue;
      if (typeof props.templateFile !== 'string') malformed(rel(dir, path.join(assemblyDir, 'manifest.json')), `artifacts.${id}.properties.templateFile`, props.templateFile, 'a file name');
      const region = regionOf(a.environment);
      const add = (file: string, assetKey?: string): void => {
        const full = path.join(assemblyDir, file);
        if (seen.has(full)) return;
        seen.add(full);
        out.push({
          backend: Backend.CLOUDFORMATION,
          name: rel(dir, full),
          json: readJson(full, dir, 'a CloudFormation template'),
          ...(region ? { region } : {}),
          ...(assetKey ? { assetKey } : {}),
        });
      };
      add(props.templateFile);
      for (const dep of Array.isArray(a.dependencies) ? a.dependencies : []) {
        const assets = artifacts[dep as string];
        if (!isPlainObject(assets) || assets.type !== 'cdk:asset-manifest') continue;
        const file = isPlainObject(assets.properties) ? assets.properties.file : undefined;
        if (typeof file !== 'string') continue;
        const manifestJson = readJson(path.join(assemblyDir, file), dir, 'an asset manifest');
        const files = isPlainObject(manifestJson) && isPlainObject(manifestJson.files) ? manifestJson.files : {};
        for (const [hash, f] of Object.entries(files)) {
          const source = isPlainObject(f) && isPlainObject(f.source) ? f.source.path : undefined;
          if (typeof source === 'string' && source.endsWith('.nested.template.json')) add(source, assetKeyOf(hash, f));
        }
      }
    }
    // Nested templates no asset manifest listed (e.g. a hand-made assembly).
    for (const f of fs.readdirSync(assemblyDir).filter((x) => x.endsWith('.nested.template.json')).sort()) {
      const full = path.join(assemblyDir, f);
      if (seen.has(full)) continue;
      seen.add(full);
      out.push({ backend: Backend.CLOUDFORMATION, name: rel(dir, full), json: readJson(full, dir, 'a CloudFormation template') });
    }
  };
  checkDir(dir, 'a cloud assembly directory');
  visit(dir);
  return out;
}

/** The cdk.tf.json of every stack of a cdktf output directory, named `stacks/<name>/cdk.tf.json`. */
export function terraformTemplates(dir: string): SynthesizedTemplate[] {
  checkDir(dir, 'a cdktf output directory');
  const manifestFile = path.join(dir, 'manifest.json');
  let files: string[];
  if (fs.existsSync(manifestFile)) {
    const manifest = readJson(manifestFile, dir, 'a cdktf manifest');
    const stacks = isPlainObject(manifest) ? manifest.stacks : undefined;
    if (!isPlainObject(stacks)) malformed('manifest.json', 'stacks', stacks, 'an object of stacks');
    files = Object.entries(stacks).map(([name, s]) => {
      const p = isPlainObject(s) ? s.synthesizedStackPath : undefined;
      if (typeof p !== 'string') malformed('manifest.json', `stacks.${name}.synthesizedStackPath`, p, 'a path to cdk.tf.json');
      return p;
    });
  } else {
    const stacksDir = path.join(dir, 'stacks');
    if (!fs.existsSync(stacksDir)) malformed(dir, 'manifest.json', undefined, 'a cdktf output directory with manifest.json or stacks/<name>/cdk.tf.json (run `cdktf synth` first)');
    files = fs.readdirSync(stacksDir).sort().map((s) => path.join('stacks', s, 'cdk.tf.json')).filter((f) => fs.existsSync(path.join(dir, f)));
  }
  return files.map((f) => ({ backend: Backend.TERRAFORM, name: f.split(path.sep).join('/'), json: readJson(path.join(dir, f), dir, 'a cdk.tf.json') }));
}

/** The object key a file asset is published under (`<hash>.json`), which the parent's TemplateURL names. */
function assetKeyOf(hash: string, entry: unknown): string {
  const destinations = isPlainObject(entry) && isPlainObject(entry.destinations) ? Object.values(entry.destinations) : [];
  const key = destinations.map((d) => (isPlainObject(d) ? d.objectKey : undefined)).find((k): k is string => typeof k === 'string');
  return key ?? `${hash}.json`;
}

function checkDir(dir: string, what: string): void {
  if (typeof dir !== 'string' || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) malformed('readback', 'dir', dir, `${what} that exists`);
}

function readJson(file: string, dir: string, what: string): unknown {
  if (!fs.existsSync(file)) malformed(rel(dir, file), 'file', 'missing', `${what} at ${file}`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return malformed(rel(dir, file), 'JSON', (e as Error).message, `${what}: valid JSON`);
  }
}

function rel(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/') || file;
}

/** The Region of `aws://account/region`, unless unknown. */
function regionOf(env: unknown): string | undefined {
  if (typeof env !== 'string') return undefined;
  const region = env.split('/')[3];
  return region && region !== 'unknown-region' ? region : undefined;
}
