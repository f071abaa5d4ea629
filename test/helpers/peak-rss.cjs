// Preloaded by `node --require`: at exit, writes this process's peak resident set size
// (getrusage's ru_maxrss, KiB) to $PEAK_RSS_FILE, so a test can measure a CLI run's memory.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
