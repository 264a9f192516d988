#!/usr/bin/env node
// Copies what `scaleblocks check --html` inlines into the page into assets/, which the package
// ships: Mermaid's self-contained browser bundle (dist/mermaid.min.js, one IIFE with no imports)
// and its licence. Users never install Mermaid; the page needs no network.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'assets');
const mermaidDir = path.dirname(require.resolve('mermaid/package.json', { paths: [root] }));
const { version } = JSON.parse(fs.readFileSync(path.join(mermaidDir, 'package.json'), 'utf8'));

fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(mermaidDir, 'dist', 'mermaid.min.js'), path.join(out, 'mermaid.min.js'));
fs.copyFileSync(path.join(mermaidDir, 'LICENSE'), path.join(out, 'mermaid.LICENSE'));
fs.writeFileSync(path.join(out, 'mermaid.version'), `${version}\n`);
console.log(`assets: mermaid ${version} (${fs.statSync(path.join(out, 'mermaid.min.js')).size} bytes)`);
