import * as fs from 'fs';
import * as path from 'path';
import { alternativeLines, costBlockName, costText, headroomText, quantity, renderChain, rightSizingText, SCENARIO_LABEL, use } from './render';
import { CostEstimate, CostKind, SizingReport, SizingRow, Verdict, worstVerdict } from '../core/sizing/report';

/*
 * `scaleblocks check --html`: one self-contained page (no network) with the diagram of what will
 * deploy, the verdict, the plan-vs-output differences, the report table with its fixes, what was
 * assumed and the notes. Mermaid's browser bundle is inlined from assets/ (copied there at build
 * from the npm package) and draws the diagram in the page.
 */

/** Where the Mermaid bundle is: the package's assets/ (shipped), else the mermaid package (a checkout). */
export function mermaidBundle(): string {
  const shipped = path.join(__dirname, '..', '..', 'assets', 'mermaid.min.js');
  if (fs.existsSync(shipped)) return shipped;
  try {
    return require.resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new Error(`the Mermaid bundle is missing (${shipped}): reinstall scaleblocks, or in a checkout run \`npx projen compile\``);
  }
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
  :root { --pass: #1e8e3e; --warn: #b06000; --fail: #c5221f; --line: #dadce0; --dim: #5f6368; }
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; margin: 0 auto; padding: 24px; max-width: 1280px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 20px 0 6px; }
  .dim { color: var(--dim); }
  .verdict { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 600; color: #fff; }
  .verdict.PASS { background: var(--pass); } .verdict.WARN { background: var(--warn); } .verdict.FAIL { background: var(--fail); }
  tr.row.FAIL td:first-child { border-left: 3px solid var(--fail); } tr.row.WARN td:first-child { border-left: 3px solid var(--warn); }
  .diagram { border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; background: #fff; }
  .diagram svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
  th { background: #f8f9fa; font-weight: 600; }
  td.num { text-align: right; white-space: nowrap; }
  tr.detail td { border-bottom: none; padding-top: 0; color: var(--dim); }
  tr.fix td { font-weight: 600; color: #202124; }
  ul { margin: 4px 0; padding-left: 20px; }
  code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
  @media print {
    body { padding: 0; max-width: none; font-size: 11px; }
    .diagram { border: none; padding: 0; }
    tr, .diagram { break-inside: avoid; }
    h2 { break-after: avoid; }
  }
`;

function badge(v: Verdict): string {
  return `<span class="verdict ${v}">${v}</span>`;
}

function blockTable(rows: SizingRow[], report: SizingReport, shown: Set<string>): string {
  const body = rows.map((r) => {
    const isRule = r.demand === 0 && r.capacity === 0;
    const cells = [
      `<td>${escapeHtml(r.resource)}</td>`,
      `<td>${SCENARIO_LABEL[r.scenario]}</td>`,
      `<td class="num">${isRule ? '-' : escapeHtml(quantity(r.demand, r.metric))}</td>`,
      `<td class="num">${isRule ? '-' : escapeHtml(quantity(r.capacity, r.metric))}</td>`,
      `<td class="num">${escapeHtml(use(r))}</td>`,
      `<td>${badge(r.verdict)}</td>`,
    ];
    const lines = [`<tr class="row ${r.verdict}">${cells.join('')}</tr>`];
    if (r.verdict !== Verdict.PASS) lines.push(`<tr class="detail"><td></td><td colspan="5">${escapeHtml(r.reason)}</td></tr>`);
    if (r.fix) {
      lines.push(`<tr class="detail fix"><td></td><td colspan="5">fix: ${escapeHtml(r.fix)}</td></tr>`);
      for (const a of alternativeLines(report, r, shown)) lines.push(`<tr class="detail alternative"><td></td><td colspan="5">${escapeHtml(a)}</td></tr>`);
    }
    return lines.join('\n');
  });
  return `<table>
<thead><tr><th>resource</th><th>scenario</th><th>demand</th><th>capacity</th><th>use / bound</th><th>verdict</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

/** The monthly cost: every line with its price and source (or "no price"), block subtotals, the total, what is not priced. */
export function costSection(cost: CostEstimate): string {
  const rows: string[] = [];
  for (const b of cost.blocks) {
    const name = escapeHtml(costBlockName(b));
    for (const l of b.lines) {
      const amount = l.priced ? escapeHtml(l.monthlyUsd!) : '<span class="verdict WARN">no price</span>';
      const detail = l.priced
        ? `${escapeHtml(l.usdPerUnit!)} USD / ${escapeHtml(l.unit)}; ${escapeHtml(l.source ?? '')}${l.origin === 'user-override' ? ' (your price)' : ''}`
        : escapeHtml(l.noPrice ?? '');
      rows.push(`<tr class="cost-line"><td>${name}</td><td>${escapeHtml(l.what)}<br><span class="dim">${detail}</span></td>`
        + `<td class="num">${l.kind === CostKind.FIXED ? amount : ''}</td><td class="num">${l.kind === CostKind.LOAD ? amount : ''}</td><td></td></tr>`);
    }
    rows.push(`<tr class="cost-subtotal"><td>${name}</td><td>subtotal</td><td class="num">${b.fixedUsd}</td>`
      + `<td class="num">${b.loadUsd}</td><td class="num"><strong>${escapeHtml(costText(b.totalUsd, b.partial))}</strong></td></tr>`);
  }
  rows.push(`<tr class="cost-total"><td>system</td><td>total</td><td class="num">${cost.fixedUsd}</td><td class="num">${cost.loadUsd}</td>`
    + `<td class="num"><strong>${escapeHtml(costText(cost.totalUsd, cost.partial))}</strong></td></tr>`);
  const lists: string[] = [];
  if (cost.partial) {
    lists.push(`<p id="cost-partial"><strong>The total is partial:</strong> ${cost.missing.length} line(s) have no price and are left out of it.</p>`
      + `<ul>\n${cost.missing.map((m) => `<li>${escapeHtml(m)}</li>`).join('\n')}\n</ul>`);
  }
  if (cost.notPriced.length > 0) lists.push(`<p>Not priced:</p><ul>\n${cost.notPriced.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`);
  for (const a of cost.assumed) lists.push(`<p class="dim">assumed: <code>${escapeHtml(a.prop)}</code> = ${escapeHtml(a.value)} (${escapeHtml(a.reason)})</p>`);
  return `<h2 id="cost">Monthly cost: ${escapeHtml(costText(cost.totalUsd, cost.partial))} ${escapeHtml(cost.currency)}</h2>
<p class="dim">${cost.hoursPerMonth} h a month, on-demand list prices, priced from the ${escapeHtml(cost.pricedFrom)} output; load-driven lines at ${cost.averageToPeakRatio} x the peak.</p>
<table>
<thead><tr><th>block</th><th>line</th><th>fixed</th><th>load</th><th>USD / month</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${lists.join('\n')}`;
}

/** The HTML report: a page with the diagram and the report, which opens without a network. */
export function renderHtml(report: SizingReport, diagram: string, mermaidJs: string = fs.readFileSync(mermaidBundle(), 'utf8')): string {
  const count = (v: Verdict): number => report.rows.filter((r) => r.verdict === v).length;
  const blocks = new Map<string, SizingRow[]>();
  for (const row of report.rows) blocks.set(row.block, [...(blocks.get(row.block) ?? []), row]);
  const sections: string[] = [];
  const differences = report.differences ?? [];
  if (differences.length > 0) {
    sections.push(`<h2>Plan vs synthesized output: ${differences.length} difference${differences.length > 1 ? 's' : ''}</h2>
<table><thead><tr><th>block</th><th>field</th><th>plan</th><th>will deploy</th><th>where</th></tr></thead><tbody>
${differences.map((d) => `<tr><td>${escapeHtml(d.block)}</td><td>${escapeHtml(d.field)}</td><td>${escapeHtml(d.planned)}</td><td><strong>${escapeHtml(d.deployed)}</strong></td>`
    + `<td class="dim">${escapeHtml((d.where ?? []).map((w) => `${w.template} ${w.resource} ${w.attribute}`).join('; '))}</td></tr>`).join('\n')}
</tbody></table>`);
  } else if (report.synthesized) {
    sections.push('<p><strong>Plan vs synthesized output:</strong> no difference.</p>');
  }
  sections.push('<h2>Report</h2>');
  const shown = new Set<string>();
  for (const [block, rows] of blocks) {
    sections.push(`<h3 id="block-${escapeHtml(block)}">${escapeHtml(block)} <span class="dim">${escapeHtml(rows[0].blockKind)}</span> ${badge(worstVerdict(rows.map((r) => r.verdict)))}</h3>`);
    sections.push(blockTable(rows, report, shown));
  }
  if (report.cost) sections.push(costSection(report.cost));
  if (report.rightSizing && report.rightSizing.length > 0) {
    sections.push(`<h2>Right-sizing</h2><ul>\n${report.rightSizing.map((r) => `<li>${escapeHtml(rightSizingText(r))}</li>`).join('\n')}\n</ul>`);
  }
  if (report.assumed.length > 0) {
    sections.push(`<h2>Assumed, not given (${report.assumed.length})</h2><ul>
${report.assumed.map((a) => `<li><code>${escapeHtml(a.prop)}</code> = ${escapeHtml(a.value)} <span class="dim">(${escapeHtml(a.reason)})</span></li>`).join('\n')}
</ul>`);
  }
  if (report.notes.length > 0) sections.push(`<h2>Notes</h2><ul>\n${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`);
  if (report.synthesized && report.synthesized.length > 0) {
    sections.push(`<h2>Synthesized and read back</h2><ul>\n${report.synthesized.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('\n')}\n</ul>`);
  }
  // A `</script` inside the bundle would end the inline script early.
  const script = mermaidJs.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scaleblocks check: ${escapeHtml(report.system)}: ${report.verdict}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>scaleblocks check: ${escapeHtml(report.system)} ${badge(report.verdict)}</h1>
<p class="dim" id="summary">${report.rows.length} rows: ${count(Verdict.PASS)} PASS, ${count(Verdict.WARN)} WARN, ${count(Verdict.FAIL)} FAIL${report.chain ? `; ${escapeHtml(renderChain(report.chain))}` : ''}</p>${report.headroom
  ? `\n<p id="headroom"><strong>Headroom:</strong> ${escapeHtml(headroomText(report.headroom))}</p>` : ''}
</header>
<h2>What will deploy</h2>
<div class="diagram"><pre class="mermaid">
${escapeHtml(diagram)}</pre></div>
${sections.join('\n')}
<script>${script}</script>
<script>mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', theme: 'neutral', flowchart: { htmlLabels: true } });</script>
</body>
</html>
`;
}
