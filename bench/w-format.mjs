#!/usr/bin/env node
// prefix W's in-server key alone: its commands as bound (the run-shell -C format, and from the
// format that reads a server option, the if-shell that writes it) run on a private server of 200
// sessions / 1,000 panes (BENCH_W_SESSIONS=20 BENCH_W_PANES=3 for the 20-session server) with 1, 2,
// 5 and 29 agents waiting, this worktree's key beside the one of a git ref (BENCH_W_BASE, default
// 838fd34: the first in-server W) and beside the floor, a run-shell -C of one set-option. Each tmux
// call runs the command BENCH_W_REPEAT times (default 10, or as many as fit in one client command, ';'-chained) so the client's own start-up
// weighs little; every case interleaved round robin in one run. Reports medians of the wall time
// and of the tmux server's own CPU time (/proc/PID/schedstat: what the format costs, whatever else
// the machine runs) and their ratios, never asserts. BENCH_RUNS rounds (default 10).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const wantedRepeat = Number(process.env.BENCH_W_REPEAT ?? 10);
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

// prefix W's commands from key-formats.ts as it is in the worktree, or at a git ref: the bound
// command list when the module has one (nextWaitingKeyCommand), else run-shell -C of the format.
const OUT = '@cs-bench-w';
function commandOf(source) {
  const entry = join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    entry,
    `import * as formats from ${JSON.stringify(source)};\n` +
      `const commands = { go: 'set-option -g ${OUT}', noneWaiting: 'set-option -g ${OUT} none', fallback: 'set-option -g ${OUT} sh-path' };\n` +
      `process.stdout.write(JSON.stringify(formats.nextWaitingKeyCommand?.(commands) ?? ['run-shell', '-C', formats.nextWaitingInServer(commands)]));\n`,
  );
  const bundle = spawnSync(join(root, 'node_modules', '.bin', 'esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--log-level=error'], { encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(bundle.stderr);
  const script = join(dir, `format-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, bundle.stdout);
  return JSON.parse(spawnSync(process.execPath, [script], { encoding: 'utf8' }).stdout);
}
const current = commandOf(join(root, 'src', 'options', 'key-formats.ts'));
const shown = spawnSync('git', ['-C', root, 'show', `${base}:src/options/key-formats.ts`], { encoding: 'utf8' });
if (shown.status !== 0) throw new Error(`git show ${base}: ${shown.stderr.trim()}`);
const baseSource = join(root, 'src', 'options', `.bench-w-${process.pid}.ts`);
writeFileSync(baseSource, shown.stdout);
let previous;
try {
  previous = commandOf(baseSource);
} finally {
  rmSync(baseSource, { force: true });
}
// The command list with its run-shell run from pane `from` (-t: the pane the format reads).
const from = (command, pane) => command.flatMap((word, index) => (word === 'run-shell' && index === command.lastIndexOf('run-shell') ? ['run-shell', '-t', pane] : [word]));

// SESSIONS sessions of PANES panes (a shell each), in batches of tmux commands.
const SESSIONS = Number(process.env.BENCH_W_SESSIONS ?? 200);
const PANES = Number(process.env.BENCH_W_PANES ?? 5);
const setup = [['new-session', '-d', '-s', 's000', '-x', '160', '-y', '48', 'sh'], ['set-option', '-g', 'default-command', 'sh'], ['set-option', '-g', 'status', 'off']];
for (let s = 0; s < SESSIONS; s++) {
  if (s > 0) setup.push(['new-session', '-d', '-s', `s${String(s).padStart(3, '0')}`, '-x', '160', '-y', '48']);
  for (let p = 1; p < PANES; p++) setup.push(['split-window', '-d', '-t', `=s${String(s).padStart(3, '0')}:0.0`], ['select-layout', '-t', `=s${String(s).padStart(3, '0')}:0`, 'tiled']);
}
for (let i = 0; i < setup.length; i += 100) tmux(...setup.slice(i, i + 100).flatMap((command, index) => (index ? [';', ...command] : command)));
const serverPid = tmux('display-message', '-p', '#{pid}').trim();
// The server's CPU time so far, in ms (schedstat: nanoseconds on a CPU).
const serverCpu = () => Number(readFileSync(`/proc/${serverPid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
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

const COUNTS = [1, 2, 5, 29].filter((n) => n * 3 <= panes.length);
const cases = { floor: ['run-shell', '-C', `set-option -g ${OUT} %0`], before: previous, after: current };
// A tmux client's command is at most about 16 KB: as many keys in one call as fit (the longest decides).
const longest = Math.max(...Object.values(cases).map((command) => command.join(' ').length + 64));
const repeat = Math.max(1, Math.min(wantedRepeat, Math.floor(14_000 / longest)));
const times = {};
const cpu = {};
const results = {};
for (const n of COUNTS) {
  const pane = setWaiting(n);
  for (const [name, command] of Object.entries(cases)) {
    tmux(...from(command, pane));
    results[`${n}/${name}`] = tmux('show-options', '-gv', OUT).trim();
  }
  if (results[`${n}/before`] !== results[`${n}/after`]) console.log(`! ${n} waiting: before chose ${results[`${n}/before`]}, after ${results[`${n}/after`]}`);
  for (let round = 0; round < runs; round++) {
    for (const [name, command] of Object.entries(cases)) {
      const args = Array.from({ length: repeat }, (_, index) => [...(index ? [';'] : []), ...from(command, pane)]).flat();
      const [start, startCpu] = [performance.now(), serverCpu()];
      tmux(...args);
      (times[`${n}/${name}`] ??= []).push((performance.now() - start) / repeat);
      (cpu[`${n}/${name}`] ??= []).push((serverCpu() - startCpu) / repeat);
    }
  }
}

console.log(`prefix W's key through run-shell -C, ${SESSIONS} sessions / ${panes.length} panes, ${runs} rounds of ${repeat} (ms per key, client start-up shared)`);
console.log(`before = ${base}, after = this worktree, floor = run-shell -C "set-option …"; wall time, then the tmux server's CPU time`);
for (const n of COUNTS) {
  for (const [label, table] of [['wall', times], ['cpu ', cpu]]) {
    const [floor, before, after] = ['floor', 'before', 'after'].map((name) => median(table[`${n}/${name}`]));
    console.log(
      `${String(n).padStart(2)} waiting, ${label}: floor ${floor.toFixed(3)}  before ${before.toFixed(3)} (${(before / floor).toFixed(2)}x floor)  ` +
        `after ${after.toFixed(3)} (${(after / floor).toFixed(2)}x floor)  after/before ${(after / before).toFixed(2)}  chose ${results[`${n}/after`]}`,
    );
  }
}
