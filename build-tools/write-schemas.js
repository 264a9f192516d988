#!/usr/bin/env node
/*
 * Writes the JSON Schemas shipped in schema/ from the jsii assembly (.jsii), so the
 * TypeScript interfaces stay the single source of truth:
 *   schema/system-spec.schema.json  what `scaleblocks check` accepts (SystemSpec)
 *   schema/report.schema.json       what `scaleblocks check --json` prints (SizingReport)
 *   schema/plans/<block>.schema.json the structure of each block's plan (<Block>Plan), which a
 *                                   construct checks a plan it is given against before rendering
 *
 * Structs become objects with `additionalProperties: false` (unknown keys are rejected),
 * required props are those jsii marks non-optional, enums list their member values (read from
 * the compiled lib/core, since the assembly holds member names only), and
 * each property carries its doc summary and @default so editors can show them.
 *
 * Usage: node build-tools/write-schemas.js [--check]   (--check: fail if schema/ is stale)
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'schema');

/** The schemas: file name, root struct, title, and the version the document declares. */
const SCHEMAS = [
  { file: 'system-spec.schema.json', root: 'scaleblocks.SystemSpec', title: 'scaleblocks system spec' },
  { file: 'report.schema.json', root: 'scaleblocks.SizingReport', title: 'scaleblocks sizing report' },
  ...[
    ['load-balanced-api', 'LoadBalancedApi'], ['tiered-cache', 'TieredCache'], ['replicated-database', 'ReplicatedDatabase'],
    ['sharded-database', 'ShardedDatabase'], ['work-queue', 'WorkQueue'], ['global-cdn', 'GlobalCdn'],
    ['microservice-gateway', 'MicroserviceGateway'],
  ].map(([file, block]) => ({ file: `plans/${file}.schema.json`, root: `scaleblocks.${block}Plan`, title: `scaleblocks ${block} plan` })),
];

/** The compiled core, for the values of its enums (the assembly lists member names only). */
function loadCore() {
  try {
    return require(path.join(ROOT, 'lib', 'core', 'index.js'));
  } catch {
    return {};
  }
}
const CORE = loadCore();

/** The values of an enum: from the compiled core when it exports the enum, else the member names. */
function enumValues(fqn, type) {
  const compiled = CORE[fqn.replace(/^scaleblocks\./, '')];
  if (compiled && typeof compiled === 'object') {
    return type.members.map((m) => (compiled[m.name] !== undefined ? compiled[m.name] : m.name));
  }
  return type.members.map((m) => m.name);
}

function loadAssembly() {
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) throw new Error('.jsii not found: run `npx projen compile` first');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function describe(docs) {
  if (!docs) return undefined;
  const parts = [docs.summary, docs.remarks].filter(Boolean);
  if (docs.default !== undefined) parts.push(`Default: ${docs.default}`);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** All properties of a struct, including those of the structs it extends (jsii lists bases in `interfaces`). */
function structProperties(assembly, fqn, seen = new Set()) {
  if (seen.has(fqn)) return [];
  seen.add(fqn);
  const type = assembly.types[fqn];
  const own = type.properties || [];
  const inherited = (type.interfaces || []).flatMap((base) => structProperties(assembly, base, seen));
  const byName = new Map();
  for (const p of [...inherited, ...own]) byName.set(p.name, p);
  return [...byName.values()];
}

function schemaFor(assembly, typeRef, defs) {
  if (typeRef.primitive) {
    switch (typeRef.primitive) {
      case 'string': return { type: 'string' };
      case 'number': return { type: 'number' };
      case 'boolean': return { type: 'boolean' };
      case 'date': return { type: 'string', format: 'date-time' };
      default: return {}; // any, json
    }
  }
  if (typeRef.collection) {
    const items = schemaFor(assembly, typeRef.collection.elementtype, defs);
    return typeRef.collection.kind === 'array'
      ? { type: 'array', items }
      : { type: 'object', additionalProperties: items };
  }
  if (typeRef.union) {
    return { anyOf: typeRef.union.types.map((t) => schemaFor(assembly, t, defs)) };
  }
  if (typeRef.fqn) {
    define(assembly, typeRef.fqn, defs);
    return { $ref: `#/$defs/${defName(typeRef.fqn)}` };
  }
  throw new Error(`unsupported type reference ${JSON.stringify(typeRef)}`);
}

function defName(fqn) {
  return fqn.replace(/^scaleblocks\./, '').replace(/\./g, '_');
}

function define(assembly, fqn, defs) {
  const name = defName(fqn);
  if (defs[name]) return;
  const type = assembly.types[fqn];
  if (!type) throw new Error(`type ${fqn} is not in the assembly`);
  if (type.kind === 'enum') {
    // Our enums are string-valued (DESIGN.md conventions); most values equal the member names, not all (BlockKind).
    defs[name] = { description: describe(type.docs), type: 'string', enum: enumValues(fqn, type) };
    return;
  }
  if (type.kind !== 'interface' || !type.datatype) {
    throw new Error(`${fqn} is a ${type.kind}, not a struct: specs and reports hold data only`);
  }
  defs[name] = {}; // placeholder against recursion
  const properties = {};
  const required = [];
  for (const p of structProperties(assembly, fqn)) {
    properties[p.name] = { ...schemaFor(assembly, p.type, defs), description: describe(p.docs) };
    if (!p.optional) required.push(p.name);
  }
  defs[name] = {
    type: 'object',
    description: describe(type.docs),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

function build(assembly, { root, title }) {
  const defs = {};
  define(assembly, root, defs);
  const rootName = defName(root);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://scaleblocks.dev/schema/${rootName}-${assembly.version}.json`,
    title,
    $comment: `Generated from the ${root} interface of scaleblocks ${assembly.version} by build-tools/write-schemas.js; do not edit.`,
    $ref: `#/$defs/${rootName}`,
    $defs: defs,
  };
}

function main() {
  const check = process.argv.includes('--check');
  const assembly = loadAssembly();
  let stale = [];
  fs.mkdirSync(OUT, { recursive: true });
  for (const s of SCHEMAS) {
    const text = `${JSON.stringify(build(assembly, s), null, 2)}\n`;
    const file = path.join(OUT, s.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) stale.push(s.file);
    else fs.writeFileSync(file, text);
  }
  if (stale.length) {
    console.error(`schema/ is stale (${stale.join(', ')}): run \`node build-tools/write-schemas.js\` and commit the result`);
    process.exit(1);
  }
}

module.exports = { build, SCHEMAS };
if (require.main === module) main();
