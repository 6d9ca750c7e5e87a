// Preloaded (NODE_OPTIONS=--require) into a process the benchmark starts: on exit, writes the process's peak resident
// memory in kilobytes and the CPU time it used (user and system, microseconds) to the file named by
// OMU_BENCH_PEAK_FILE, as two numbers on one line.
process.on('exit', () => {
  const r = process.resourceUsage();
  require('node:fs').writeFileSync(
    process.env.OMU_BENCH_PEAK_FILE,
    `${r.maxRSS} ${r.userCPUTime + r.systemCPUTime}`,
  );
});
