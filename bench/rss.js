// Preloaded into every benchmark process (`node -r ./bench/rss.js case.js`): on exit, prints one
// JSON line with the peak resident set size the kernel measured for this process (getrusage
// ru_maxrss, in KiB on Linux), the CPU time it used (user + system, microseconds: unlike wall
// time, it hardly moves when other processes share the machine) and what the case reported (its
// synthesized resource count).
'use strict';
const report = { resources: undefined };
globalThis.__bench = report;
process.on('exit', () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  process.stdout.write(`\n@@bench ${JSON.stringify({ maxRssKiB: maxRSS, cpuMicros: userCPUTime + systemCPUTime, resources: report.resources })}\n`);
});
