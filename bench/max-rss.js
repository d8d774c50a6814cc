// Preloaded into a benchmarked process: writes its peak resident set size (KiB) to $BENCH_RSS_FILE at exit.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
