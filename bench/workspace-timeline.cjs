// Preloaded by bench/workspace.mjs (NODE_OPTIONS=--require) into one `claude-sessions new`
// to see where its time goes: when node handed over, when the bundle started and finished
// compiling and loading (through scripts/run-bundle.cjs: with its code cache), every tmux call (start, end, its first command), and the exit. Written as JSON
// to $CS_BENCH_TIMELINE when the process exits; times are epoch milliseconds. Bench only.
const childProcess = require('node:child_process');
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const out = process.env.CS_BENCH_TIMELINE;
delete process.env.CS_BENCH_TIMELINE;
delete process.env.NODE_OPTIONS; // tmux and the panes it starts must not preload this
const at = () => performance.timeOrigin + performance.now();
const timeline = { processStart: performance.timeOrigin, preload: at(), marks: [] };

const compile = Module.prototype._compile;
Module.prototype._compile = function timedCompile(content, filename) {
  // The bundle, or scripts/run-bundle.cjs loading it (then the outermost of the two).
  if (!/(claude-sessions|run-bundle)\.cjs$/.test(filename) || timeline.bundleStart !== undefined) return compile.call(this, content, filename);
  timeline.bundleStart = at();
  try {
    return compile.call(this, content, filename);
  } finally {
    timeline.bundleEnd = at();
  }
};

const spawnSync = childProcess.spawnSync;
childProcess.spawnSync = function timedSpawnSync(file, args, ...rest) {
  const words = Array.isArray(args) ? args : [];
  // The first tmux command: the first word after the flags and their values (-S path, -f file).
  let i = 0;
  while (i < words.length && words[i].startsWith('-')) i += ['-S', '-L', '-f'].includes(words[i]) ? 2 : 1;
  const start = at();
  try {
    return spawnSync.call(this, file, args, ...rest);
  } finally {
    timeline.marks.push({ program: String(file), command: words[i] ?? '', start, end: at() });
  }
};

process.on('exit', () => {
  timeline.exit = at();
  if (out) writeFileSync(out, JSON.stringify(timeline));
});
