#!/usr/bin/env node
// The status token's format (#{claude_sessions_status}): what tmux spends expanding it, as it does
// at every status redraw of every attached client, on private servers of 20 sessions / 60 panes
// and 200 sessions / 1,000 panes (panes of `sleep`; 3% of the panes' agents waiting, 5% working,
// 2% idle). Beside it in the same run: the bare S:W:P loop (#{n:#{S:#{W:#{P:x}}}}), the same loop
// reading @claude-state once per pane (the least any count of agents must do), and the format of a
// git ref (BENCH_STATUS_BASE, default ebe998c: two loops per count). Two measures, interleaved
// round robin: the expansion alone (one display-message of the format repeated, less the same of a
// plain letter: BENCH_STATUS_REPEAT times at 1,000 panes, default 50, proportionally more at 60, so
// that the client's start weighs little) and, as the issue measured it, a source-file of
// BENCH_STATUS_REPEAT display-message -p of it (the command around each expansion included).
// This build's format is expanded as the entrypoint leaves the server (@claude-state '' in the
// global window options), and once more without that default; the git ref's without it, as
// that build left the server. BENCH_RUNS rounds (default 7). Reports medians and ratios, never asserts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const repeat = Number(process.env.BENCH_STATUS_REPEAT ?? 50);
const base = process.env.BENCH_STATUS_BASE ?? 'ebe998c';
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-status-bench-'));
const env = { ...process.env };
delete env.TMUX;
delete env.TMUX_PANE;

const sockets = [];
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const socket of sockets) spawnSync('tmux', ['-S', socket, 'kill-server'], { env });
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

// statusFormat() from src/status/format.ts as it is in the worktree, or at a git ref.
function formatOf(source) {
  const entry = join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(entry, `import { statusFormat } from ${JSON.stringify(source)};\nprocess.stdout.write(statusFormat());\n`);
  const bundle = spawnSync(join(root, 'node_modules', '.bin', 'esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--log-level=error'], { encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(bundle.stderr);
  const script = join(dir, `format-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, bundle.stdout);
  return spawnSync(process.execPath, [script], { encoding: 'utf8' }).stdout;
}
const current = formatOf(join(root, 'src', 'status', 'format.ts'));
const shown = spawnSync('git', ['-C', root, 'show', `${base}:src/status/format.ts`], { encoding: 'utf8' });
if (shown.status !== 0) throw new Error(`git show ${base}: ${shown.stderr.trim()}`);
// Beside the worktree's own file, so that its imports resolve.
const baseSource = join(root, 'src', 'status', `.bench-status-${process.pid}.ts`);
writeFileSync(baseSource, shown.stdout);
let previous;
try {
  previous = formatOf(baseSource);
} finally {
  rmSync(baseSource, { force: true });
}

const cases = {
  floor: 'x',
  bare: '#{n:#{S:#{W:#{P:x}}}}',
  read: '#{n:#{S:#{W:#{P:#{@claude-state}}}}}',
  before: previous,
  after: current,
  afterUnset: current,
};
// The cases expanded without the entrypoint's '' for @claude-state in the global window options:
// the build before had none; afterUnset is this build's format without it.
const WITHOUT_DEFAULT = new Set(['before', 'afterUnset']);
const withDefault = (tmux, key) => (WITHOUT_DEFAULT.has(key) ? tmux('set-option', '-gwu', '@claude-state') : tmux('set-option', '-gw', '@claude-state', ''));

// A server of SESSIONS workspace sessions of PANES panes each, some agents marked; its tmux().
function server(sessions, panesEach) {
  const socket = join(dir, `s${sessions}`);
  sockets.push(socket);
  const tmux = (...args) => {
    const result = spawnSync('tmux', ['-u', '-S', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`tmux ${args.slice(0, 3).join(' ')}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  const name = (s) => `claude-dev-${String(s).padStart(3, '0')}`;
  const setup = [['new-session', '-d', '-s', name(0), '-x', '160', '-y', '48', 'sleep 100000'], ['set-option', '-g', 'default-command', 'sleep 100000'], ['set-option', '-g', 'status', 'off']];
  for (let s = 0; s < sessions; s++) {
    if (s > 0) setup.push(['new-session', '-d', '-s', name(s), '-x', '160', '-y', '48']);
    for (let p = 1; p < panesEach; p++) setup.push(['split-window', '-d', '-t', `=${name(s)}:0.0`], ['select-layout', '-t', `=${name(s)}:0`, 'tiled']);
  }
  const batch = (commands) => {
    for (let i = 0; i < commands.length; i += 100) tmux(...commands.slice(i, i + 100).flatMap((command, index) => (index ? [';', ...command] : command)));
  };
  batch(setup);
  const panes = tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
  const states = [];
  panes.forEach((pane, index) => {
    const state = index % 100 < 3 ? 'waiting' : index % 100 < 8 ? 'working' : index % 100 < 10 ? 'idle' : '';
    if (state) states.push(['set-option', '-p', '-t', pane, '@claude-state', state]);
  });
  batch(states);
  for (const [key, format] of Object.entries(cases)) tmux('set-option', '-g', `@cs-bench-${key}`, format);
  return { tmux, panes: panes.length, sessions };
}

let servers;
try {
  servers = [server(20, 3), server(200, 5)];
} catch (error) {
  console.log(`status bench: could not build the servers (${error.message}); tmux needs a pty per pane: 1,060 here`);
  process.exit(1);
}

const alone = {};
const withCommand = {};
const output = {};
// How many expansions one display-message holds at a scale (tmux takes a command of up to ~16 KB).
const times = (panes) => Math.min(400, Math.round((repeat * 1000) / panes));
for (const { tmux, panes } of servers) {
  for (const key of Object.keys(cases)) {
    withDefault(tmux, key);
    output[`${panes}/${key}`] = tmux('display-message', '-p', `#{E:@cs-bench-${key}}`).trim();
    writeFileSync(join(dir, `${panes}-${key}.conf`), `display-message -p '#{E:@cs-bench-${key}}'\n`.repeat(repeat));
  }
  if (output[`${panes}/before`] !== output[`${panes}/after`]) console.log(`! ${panes} panes: before shows ${output[`${panes}/before`]}, after ${output[`${panes}/after`]}`);
}
for (let round = 0; round < runs; round++) {
  for (const { tmux, panes } of servers) {
    for (const key of Object.keys(cases)) {
      withDefault(tmux, key);
      let start = performance.now();
      tmux('display-message', '-p', `#{E:@cs-bench-${key}}`.repeat(times(panes)));
      (alone[`${panes}/${key}`] ??= []).push((performance.now() - start) / times(panes));
      start = performance.now();
      tmux('source-file', join(dir, `${panes}-${key}.conf`));
      (withCommand[`${panes}/${key}`] ??= []).push((performance.now() - start) / repeat);
    }
  }
}

const ms = (value) => `${value.toFixed(2)} ms`;
console.log(`#{claude_sessions_status} expanded by tmux, ${runs} rounds (ms per expansion); before = ${base}, after = this worktree`);
for (const { panes, sessions } of servers) {
  const at = (times, key) => median(times[`${panes}/${key}`]);
  const floor = at(alone, 'floor');
  const net = (key) => at(alone, key) - floor;
  const [bare, read, before, after, afterUnset] = ['bare', 'read', 'before', 'after', 'afterUnset'].map(net);
  console.log(`${sessions} sessions / ${panes} panes: ${output[`${panes}/after`]}`);
  console.log(
    `  expansion alone: bare S:W:P ${ms(bare)}, reading @claude-state ${ms(read)} (${(read / bare).toFixed(2)}x bare), ` +
      `before ${ms(before)} (${(before / bare).toFixed(2)}x bare), after ${ms(after)} (${(after / bare).toFixed(2)}x bare, ${(after / read).toFixed(2)}x reading), after/before ${(after / before).toFixed(2)}`,
  );
  console.log(`  after without the entrypoint's '' for @claude-state in the global window options: ${ms(afterUnset)}; after / that ${(after / afterUnset).toFixed(2)}`);
  const [cBare, cBefore, cAfter] = ['bare', 'before', 'after'].map((key) => at(withCommand, key));
  console.log(
    `  with display-message -p around it (source-file): bare ${ms(cBare)}, before ${ms(cBefore)} (${(cBefore / cBare).toFixed(2)}x bare), ` +
      `after ${ms(cAfter)} (${(cAfter / cBare).toFixed(2)}x bare), after/before ${(cAfter / cBefore).toFixed(2)}`,
  );
}
