// Preloaded (NODE_OPTIONS=--require) into a process the benchmark starts: on exit, writes the process's peak resident
// memory in kilobytes to the file named by OMU_BENCH_PEAK_FILE.
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.OMU_BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
