#!/usr/bin/env node
// prefix W's in-server format alone: its expansion through run-shell -C on a private server of
// 200 sessions / 1,000 panes with 1, 5 and 29 agents waiting, this worktree's format beside the
// one of a git ref (BENCH_W_BASE, default 838fd34: the first in-server W) and beside the floor, a
// run-shell -C of one set-option. Each tmux call runs the command BENCH_W_REPEAT times (default 10,
// ';'-chained) so the client's own start-up weighs little; every case interleaved round robin in
// one run. Reports medians and ratios, never asserts. BENCH_RUNS rounds (default 10).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const repeat = Number(process.env.BENCH_W_REPEAT ?? 10);
const base = process.env.BENCH_W_BASE ?? '838fd34';
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-w-format-'));
const socket = join(dir, 'socket');
const env = { ...process.env, TMUX: '', TMUX_PANE: '' };
delete env.TMUX;
delete env.TMUX_PANE;

const tmux = (...args) => {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`tmux ${args.slice(0, 3).join(' ')}: ${result.stderr.trim()}`);
  return result.stdout;
};
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  spawnSync('tmux', ['-S', socket, 'kill-server'], { env });
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

// prefix W's format from key-formats.ts as it is in the worktree, or at a git ref.
const OUT = '@cs-bench-w';
function formatOf(source) {
  const entry = join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    entry,
    `import { nextWaitingInServer } from ${JSON.stringify(source)};\n` +
      `process.stdout.write(nextWaitingInServer({ go: 'set-option -g ${OUT}', noneWaiting: 'set-option -g ${OUT} none', fallback: 'set-option -g ${OUT} sh-path' }));\n`,
  );
  const bundle = spawnSync(join(root, 'node_modules', '.bin', 'esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--log-level=error'], { encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(bundle.stderr);
  const script = join(dir, `format-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, bundle.stdout);
  return spawnSync(process.execPath, [script], { encoding: 'utf8' }).stdout;
}
const current = formatOf(join(root, 'src', 'options', 'key-formats.ts'));
const shown = spawnSync('git', ['-C', root, 'show', `${base}:src/options/key-formats.ts`], { encoding: 'utf8' });
if (shown.status !== 0) throw new Error(`git show ${base}: ${shown.stderr.trim()}`);
const baseSource = join(root, 'src', 'options', `.bench-w-${process.pid}.ts`);
writeFileSync(baseSource, shown.stdout);
let previous;
try {
  previous = formatOf(baseSource);
} finally {
  rmSync(baseSource, { force: true });
}

// 200 sessions of 5 panes (a shell each), in batches of tmux commands.
const setup = [['new-session', '-d', '-s', 's000', '-x', '160', '-y', '48', 'sh'], ['set-option', '-g', 'default-command', 'sh'], ['set-option', '-g', 'status', 'off']];
for (let s = 0; s < 200; s++) {
  if (s > 0) setup.push(['new-session', '-d', '-s', `s${String(s).padStart(3, '0')}`, '-x', '160', '-y', '48']);
  for (let p = 1; p < 5; p++) setup.push(['split-window', '-d', '-t', `=s${String(s).padStart(3, '0')}:0.0`], ['select-layout', '-t', `=s${String(s).padStart(3, '0')}:0`, 'tiled']);
}
for (let i = 0; i < setup.length; i += 100) tmux(...setup.slice(i, i + 100).flatMap((command, index) => (index ? [';', ...command] : command)));
const panes = tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
// Every third pane's agent works, so the format meets other states too.
tmux(...panes.filter((_, index) => index % 3 === 1).flatMap((pane, index) => [...(index ? [';'] : []), 'set-option', '-p', '-t', pane, '@claude-state', 'working']));

// n waiting agents spread over the server, sinces out of order; the current pane is the middle one.
function setWaiting(n) {
  const commands = [];
  panes.forEach((pane, index) => {
    if (index % 3 === 1) return;
    commands.push(['set-option', '-p', '-u', '-t', pane, '@claude-state']);
  });
  const step = Math.floor(panes.length / n / 3) * 3 || 3;
  const chosen = Array.from({ length: n }, (_, i) => panes[i * step]);
  chosen.forEach((pane, i) => commands.push(['set-option', '-p', '-t', pane, '@claude-state', 'waiting'], ['set-option', '-p', '-t', pane, '@claude-state-since', String(1_700_000_000 + ((i * 7919) % 1000))]));
  for (let i = 0; i < commands.length; i += 200) tmux(...commands.slice(i, i + 200).flatMap((command, index) => (index ? [';', ...command] : command)));
  return chosen[Math.floor(n / 2)];
}

const cases = { floor: `set-option -g ${OUT} %0`, before: previous, after: current };
const times = {};
const results = {};
for (const n of [1, 5, 29]) {
  const from = setWaiting(n);
  for (const [name, format] of Object.entries(cases)) {
    tmux('run-shell', '-t', from, '-C', format);
    results[`${n}/${name}`] = tmux('show-options', '-gv', OUT).trim();
  }
  if (results[`${n}/before`] !== results[`${n}/after`]) console.log(`! ${n} waiting: before chose ${results[`${n}/before`]}, after ${results[`${n}/after`]}`);
  for (let round = 0; round < runs; round++) {
    for (const [name, format] of Object.entries(cases)) {
      const args = Array.from({ length: repeat }, (_, index) => [...(index ? [';'] : []), 'run-shell', '-t', from, '-C', format]).flat();
      const start = performance.now();
      tmux(...args);
      (times[`${n}/${name}`] ??= []).push((performance.now() - start) / repeat);
    }
  }
}

console.log(`prefix W's format through run-shell -C, ${panes.length} panes, ${runs} rounds of ${repeat} (ms per expansion, client start-up shared)`);
console.log(`before = ${base}, after = this worktree, floor = run-shell -C "set-option …"`);
for (const n of [1, 5, 29]) {
  const [floor, before, after] = ['floor', 'before', 'after'].map((name) => median(times[`${n}/${name}`]));
  console.log(
    `${String(n).padStart(2)} waiting: floor ${floor.toFixed(2)}  before ${before.toFixed(2)} (${(before / floor).toFixed(2)}x floor)  ` +
      `after ${after.toFixed(2)} (${(after / floor).toFixed(2)}x floor)  after/before ${(after / before).toFixed(2)}  chose ${results[`${n}/after`]}`,
  );
}
