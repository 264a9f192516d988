// Reading a wide spec: `node spec-load.js scaleblocks|yaml <keys>` writes a spec whose `extra` map
// has <keys> keys (the last one repeated) and reads it. `scaleblocks` is the loader of
// `scaleblocks check` (lib/core/spec/loader.js: parse, the linear duplicate-key check, its error
// with the line); `yaml` is the yaml package's parse alone, without any key check (uniqueKeys off):
// the least any reader pays (the loader stops at the repeated key, so neither builds the data). The yaml package's own check (uniqueKeys on) compares each key with
// every earlier one, minutes at 50,000 keys, so it is not a baseline here: the ratio is the cost of
// the loader's defences over a bare parse.
'use strict';
const fs = require('fs');
const path = require('path');
const { LIB, tmp } = require('./common');

const [mode, keysArg] = process.argv.slice(2);
const keys = Number(keysArg ?? 50_000);
const file = path.join(tmp('spec-load'), 'wide.yaml');
const lines = Array.from({ length: keys }, (_, i) => `  k${i}: ${i}`);
fs.writeFileSync(file, `name: wide\nextra:\n${lines.join('\n')}\n  k${keys - 1}: 0\n`);

if (mode === 'scaleblocks') {
  const { loadYamlFile, SpecError } = require(path.join(LIB, 'core', 'spec', 'loader.js'));
  try {
    loadYamlFile(file);
    throw new Error('the repeated key was not found');
  } catch (e) {
    if (!(e instanceof SpecError) || !/map keys must be unique/.test(JSON.stringify(e.problems))) throw e;
  }
} else if (mode === 'yaml') {
  const { parseDocument } = require('yaml');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(String(doc.errors[0]));
  // The parse alone: the loader stops at the repeated key, before it builds the data.
} else {
  throw new Error(`usage: spec-load.js scaleblocks|yaml [keys] (got ${mode})`);
}
