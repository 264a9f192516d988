import * as path from 'path';
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { BlockCost, CostEstimate, CostKind, Headroom, RightSizing, Scenario, SizingReport, SizingRow, SystemChainPlan, Verdict, worstVerdict } from '../core/sizing/report';
import { SpecProblem } from '../core/spec/loader';
import { fmt } from '../core/validation';

/** How the text report is drawn. */
export interface RenderOptions {
  /** Colours on (a TTY without NO_COLOR) or off. */
  readonly color: boolean;
  /** Terminal width in columns. */
  readonly width: number;
  /** Show the reason of PASS rows too. */
  readonly verbose: boolean;
  /** The spec file, shown in the header. */
  readonly file?: string;
}

export const SCENARIO_LABEL: Record<Scenario, string> = {
  [Scenario.NORMAL]: 'normal',
  [Scenario.AZ_LOSS]: 'AZ lost',
  [Scenario.LIMIT]: 'limit',
};

export function quantity(n: number, metric: string): string {
  if (n >= Number.MAX_VALUE / 2) return 'unbounded';
  return `${fmt(n)} ${metric}`;
}

export function use(row: SizingRow): string {
  if (row.demand === 0 && row.capacity === 0) return '-';
  if (row.utilization >= Number.MAX_VALUE / 2) return 'unbounded';
  return `${fmt(Math.round(row.utilization * 1000) / 10)} % / ${fmt(Math.round(row.bound * 1000) / 10)} %`;
}

const TABLE_HEAD = ['resource', 'scenario', 'demand', 'capacity', 'use / bound', 'verdict'];
/** cli-table3 pads each cell with one space on either side, inside its column width. */
const CELL_PADDING = 2;

/**
 * Column widths (padding included) for a table of these cells in `width` terminal columns: each
 * column as wide as its longest cell when they all fit; otherwise each starts as wide as its
 * longest unbreakable piece (a cell wraps between words, never inside one) and the room left
 * goes to the columns in `priority` order (indexes), each up to its longest cell. When even the
 * longest words do not fit, the table is as narrow as they allow, wider than the terminal,
 * rather than breaking a word.
 */
export function fitColumns(rows: string[][], width: number, priority?: number[]): number[] {
  const columns = rows[0].length;
  const widest = (pick: (cell: string) => number): number[] =>
    Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => pick(r[i] ?? ''))) + CELL_PADDING);
  const full = widest((cell) => cell.length);
  const least = widest((cell) => Math.max(0, ...units(cell).map((u) => u.length)));
  const room = width - (columns + 1); // the vertical borders
  if (full.reduce((a, b) => a + b, 0) <= room) return full;
  const widths = [...least];
  let left = room - widths.reduce((a, b) => a + b, 0);
  for (const i of priority ?? widths.map((_, j) => j)) {
    const more = Math.max(0, Math.min(left, full[i] - widths[i]));
    widths[i] += more;
    left -= more;
  }
  return widths;
}

/**
 * The pieces a cell may wrap between: its words, with a `%` or `/` kept on the end of the word
 * before it, so "75 % / 90 %" wraps as "75 % /" and "90 %".
 */
function units(cell: string): string[] {
  return cell.split(/\s+(?![%/](?:\s|$))/).filter((u) => u.length > 0);
}

/** A cell's text wrapped between its units to `width` columns (padding included), one line per row of the cell. */
export function wrapCell(cell: string, width: number): string {
  const room = width - CELL_PADDING;
  const lines: string[] = [];
  for (const unit of units(cell)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + unit.length <= room) lines[last] += ` ${unit}`;
    else lines.push(unit);
  }
  return lines.join('\n');
}

/** The human report: a table per block, what to change, what was assumed, and the verdict. */
export function renderReport(report: SizingReport, options: RenderOptions): string {
  const c = createColors(options.color);
  const verdictText = (v: Verdict): string => (v === Verdict.PASS ? c.green(v) : v === Verdict.WARN ? c.yellow(v) : c.red(c.bold(v)));
  const out: string[] = [];
  out.push(c.bold(`scaleblocks check: ${report.system}`) + (options.file ? c.dim(` (${options.file})`) : ''));
  if (report.chain) out.push(c.dim(renderChain(report.chain)));
  out.push('');
  out.push(...renderSynthesized(report, c));

  const blocks = new Map<string, SizingRow[]>();
  for (const row of report.rows) {
    const rows = blocks.get(row.block) ?? [];
    rows.push(row);
    blocks.set(row.block, rows);
  }
  const cells = (row: SizingRow): string[] => {
    const isRule = row.demand === 0 && row.capacity === 0;
    return [
      row.resource,
      SCENARIO_LABEL[row.scenario],
      isRule ? '-' : quantity(row.demand, row.metric),
      isRule ? '-' : quantity(row.capacity, row.metric),
      use(row),
      row.verdict,
    ];
  };
  // One set of widths for every block's table, so they line up, fitted to the terminal: room
  // goes first to the use / bound figures, then the short columns, the quantities, the resource.
  const colWidths = fitColumns([TABLE_HEAD, ...report.rows.map(cells)], options.width, [4, 1, 5, 2, 3, 0]);
  for (const [block, rows] of blocks) {
    const blockVerdict = worstVerdict(rows.map((r) => r.verdict));
    out.push(`${c.bold(block)} ${c.dim(rows[0].blockKind)}  ${verdictText(blockVerdict)}`);
    const table = new Table({
      head: TABLE_HEAD.map((cell, i) => wrapCell(cell, colWidths[i])),
      colWidths,
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
    });
    for (const row of rows) {
      const text = cells(row).map((cell, i) => wrapCell(cell, colWidths[i]));
      table.push([...text.slice(0, 5), verdictText(row.verdict)]);
    }
    out.push(table.toString());
    const shown = new Set<string>();
    for (const row of rows) {
      if (row.verdict === Verdict.PASS && !options.verbose) continue;
      const mark = row.verdict === Verdict.FAIL ? c.red('x') : row.verdict === Verdict.WARN ? c.yellow('!') : c.green('v');
      out.push(`  ${mark} ${row.resource} (${SCENARIO_LABEL[row.scenario]}): ${row.reason}`);
      if (row.fix) {
        out.push(`      ${c.bold('fix:')} ${row.fix}`);
        for (const line of alternativeLines(report, row, shown)) out.push(`        ${line}`);
      }
    }
    out.push('');
  }

  if (report.cost) out.push(...renderCost(report.cost, options, c));
  if (report.rightSizing && report.rightSizing.length > 0) {
    out.push(c.bold('Right-sizing (every row of the resource under half its bound):'));
    for (const r of report.rightSizing) out.push(`  ${rightSizingText(r)}`);
    out.push('');
  }
  if (report.assumed.length > 0) {
    out.push(c.bold(`Assumed, not given in the spec (${report.assumed.length}):`));
    for (const a of report.assumed) {
      out.push(`  ${a.prop} = ${a.value}${c.dim(`  (${a.reason})`)}`);
    }
    out.push('');
  }
  if (report.notes.length > 0) {
    out.push(c.bold('Notes:'));
    for (const n of report.notes) out.push(`  - ${n}`);
    out.push('');
  }
  const count = (v: Verdict): number => report.rows.filter((r) => r.verdict === v).length;
  if (report.headroom) out.push(`${c.bold('Headroom:')} ${headroomText(report.headroom)}`);
  out.push(`${c.bold('Verdict:')} ${verdictText(report.verdict)}: ${report.rows.length} rows, ${count(Verdict.PASS)} PASS, `
    + `${count(Verdict.WARN)} WARN, ${count(Verdict.FAIL)} FAIL`);
  return out.join('\n') + '\n';
}

const COST_HEAD = ['block', 'line', 'fixed', 'load', 'USD / month'];

/** A block's name in the cost table; the resources outside every block with their Region (one group per Region). */
export function costBlockName(b: BlockCost): string {
  return b.blockKind === 'shared' ? `${b.block} ${b.region}` : b.block;
}

/** `12.34` or `12.34 + ?` (partial), the total of a block or of the system. */
export function costText(usd: string, partial: boolean): string {
  return partial ? `${usd} + ? (partial)` : usd;
}

/**
 * The monthly cost: one table of every line (what runs and what the load drives, each priced or
 * "no price for ... in <Region>"), the block subtotals, the system total (partial when a price is
 * missing), then what is not priced at all and the assumed inputs of the estimate.
 */
export function renderCost(cost: CostEstimate, options: RenderOptions, c: ReturnType<typeof createColors>): string[] {
  const out: string[] = [];
  out.push(c.bold(`Monthly cost (${cost.currency}, ${cost.hoursPerMonth} h a month, on-demand list prices, priced from the ${cost.pricedFrom} output):`));
  const rows: string[][] = [];
  for (const b of cost.blocks) {
    const name = costBlockName(b);
    for (const l of b.lines) {
      const amount = l.priced ? l.monthlyUsd! : 'no price';
      rows.push([name, l.what, l.kind === CostKind.FIXED ? amount : '', l.kind === CostKind.LOAD ? amount : '', '']);
    }
    rows.push([name, 'subtotal', b.fixedUsd, b.loadUsd, costText(b.totalUsd, b.partial)]);
  }
  rows.push(['system', 'total', cost.fixedUsd, cost.loadUsd, costText(cost.totalUsd, cost.partial)]);
  const widths = fitColumns([COST_HEAD, ...rows], options.width, [2, 3, 4, 0, 1]);
  const table = new Table({
    head: COST_HEAD.map((cell, i) => wrapCell(cell, widths[i])),
    colWidths: widths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
  });
  for (const r of rows) table.push(r.map((cell, i) => wrapCell(cell, widths[i])));
  out.push(table.toString());
  if (cost.partial) {
    out.push(c.yellow(`  the total is partial: ${cost.missing.length} line(s) have no price, left out of it:`));
    for (const m of cost.missing) out.push(`    - ${m}`);
  }
  if (cost.notPriced.length > 0) {
    out.push('  not priced:');
    for (const n of cost.notPriced) out.push(`    - ${n}`);
  }
  for (const a of cost.assumed) out.push(`  assumed: ${a.prop} = ${a.value}${c.dim(`  (${a.reason})`)}`);
  out.push('');
  return out;
}

/**
 * The headroom in one sentence: how far the declared load can grow before a row FAILs, and which
 * row FAILs first (or that the system already FAILs at its declared load).
 */
export function headroomText(h: Headroom): string {
  const multiple = (f: number): string => `${fmt(f)} x`;
  if (!h.firstToFail) return `no row FAILs up to ${multiple(h.factor)} the declared load`;
  const first = `${h.firstToFail.block} ${h.firstToFail.resource} (${SCENARIO_LABEL[h.firstToFail.scenario]})`;
  const next = Math.round(h.factor * 100 + 1) / 100;
  return h.factor < 1
    ? `FAILs at the declared load: no row FAILs up to ${multiple(h.factor)} it; ${first} FAILs from ${multiple(next)}`
    : `${multiple(h.factor)} the declared load; ${first} FAILs first, from ${multiple(next)}`;
}

/** What was synthesized, and every plan-vs-output difference, before the tables. */
function renderSynthesized(report: SizingReport, c: ReturnType<typeof createColors>): string[] {
  const out: string[] = [];
  if (report.synthesized && report.synthesized.length > 0) {
    out.push(c.bold(`Synthesized and read back (${report.synthesized.length}):`));
    for (const f of report.synthesized) out.push(`  ${relative(f)}`);
    out.push('');
  }
  const differences = report.differences ?? [];
  if (report.synthesized && differences.length === 0) {
    out.push(`${c.bold('Plan vs synthesized output:')} no difference`, '');
  } else if (differences.length > 0) {
    out.push(c.bold(c.yellow(`Plan vs synthesized output: ${differences.length} difference${differences.length > 1 ? 's' : ''}`)));
    for (const d of differences) {
      const where = (d.where ?? []).map((w) => `${w.template} ${w.resource} ${w.attribute}`).join('; ');
      out.push(`  ${d.block} ${d.field}: plan ${d.planned}, will deploy ${c.bold(d.deployed)}${where ? c.dim(`  (${where})`) : ''}`);
    }
    out.push('');
  }
  return out;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The chain in one line: edge -> API -> cache -> database, writes and jobs, per second at peak. */
export function renderChain(chain: SystemChainPlan): string {
  const parts = [`${fmt(chain.edgeRequestsPerSecond)} requests/s at the edge`];
  if (chain.originRequestsPerSecond !== chain.edgeRequestsPerSecond) parts.push(`${fmt(chain.originRequestsPerSecond)} at the API`);
  parts.push(`${fmt(chain.readsPerSecond)} reads`);
  if (chain.databaseReadsPerSecond !== chain.readsPerSecond) parts.push(`${fmt(chain.databaseReadsPerSecond)} reach the database`);
  const tail = [`${fmt(chain.writesPerSecond)} writes/s`];
  if (chain.jobsPerSecond > 0) tail.push(`${fmt(chain.jobsPerSecond)} jobs/s`);
  return `chain: ${parts.join(' -> ')}; ${tail.join(', ')}`;
}

/** Problems in a spec, one per line: `file:line:col: path = value: must be allowed`. */
export function renderProblems(headline: string, problems: SpecProblem[], color: boolean): string {
  const c = createColors(color);
  const lines = [c.red(c.bold(`error: ${headline}`))];
  for (const p of problems) {
    const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    lines.push(`  ${where}: ${p.path ? `${p.path} = ${p.value}: ` : ''}must be ${p.allowed}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * One line per alternative of the fix a row shows, the first time that fix is shown (rows of a
 * resource share one fix): cheapest first, then the ones without a price.
 */
export function alternativeLines(report: SizingReport, row: SizingRow, shown: Set<string>): string[] {
  const f = (report.fixes ?? []).find((x) => x.block === row.block && x.fix === row.fix && x.alternatives !== undefined);
  if (!f || shown.has(`${f.block}\u0000${f.fix}`)) return [];
  shown.add(`${f.block}\u0000${f.fix}`);
  const alts = f.alternatives!;
  if (alts.length === 0) return ['no alternative searched passes'];
  return alts.map((a, i) => `${i + 1}. ${a.design}: ${a.priced ? `${a.monthlyUsd} USD/month` : `no price (${a.noPrice})`} (${a.why})`
    + (a.assumed.length > 0 ? `; assumes ${a.assumed.join('; ')}` : ''));
}

/** A right-sizing entry in one line. */
export function rightSizingText(r: RightSizing): string {
  const saves = r.priced ? `saves ${r.savesUsd} USD/month (${r.monthlyUsd} USD/month after)` : `no price (${r.noPrice})`;
  return `${r.block} ${r.resource}: ${r.current} -> ${r.design} (${r.changes.join(', ')}), at most ${Math.round(r.highestShareOfBound * 100)} % of a bound today; ${saves}`;
}
