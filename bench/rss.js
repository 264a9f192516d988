// Preloaded into every benchmark process (`node -r ./bench/rss.js case.js`): on exit, prints one
// JSON line with the peak resident set size the kernel measured for this process (getrusage
// ru_maxrss, in KiB on Linux) and what the case reported (its synthesized resource count).
'use strict';
const report = { resources: undefined };
globalThis.__bench = report;
process.on('exit', () => {
  const { maxRSS } = process.resourceUsage();
  process.stdout.write(`\n@@bench ${JSON.stringify({ maxRssKiB: maxRSS, resources: report.resources })}\n`);
});
