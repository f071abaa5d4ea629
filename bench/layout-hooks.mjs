#!/usr/bin/env zx
// What the layout-count hooks (window-layout-changed and window-pane-changed, each running one
// `set-option -wF` of the window's count, as the entrypoint sets them) add to what a user does all day: select-pane and a
// zoom toggle (a layout change), on servers of 20 sessions / 60 panes and 200 sessions / 1,000
// panes, the plugin loaded, each with a real client attached to the session whose panes change (so every redraw
// the option write asks for is drawn). One tmux call runs BENCH_LAYOUT_CHANGES changes
// (default 400: select-pane back and forth, and resize-pane -Z on and off); rounds interleave
// the server with the hooks set and with them unset. Reported: medians per change of the call's
// wall time and of the tmux server's CPU time (utime + stime from /proc, Linux), with the
// ratio of the two. BENCH_RUNS rounds (default 9). Reports, never asserts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpAtExit, cleanupAttachedClients, startAttachedClient } from './attached-client.mjs';
import { median } from './stats.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const changes = Number(process.env.BENCH_LAYOUT_CHANGES ?? 400);
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-layout-bench-'));
cleanUpAtExit(dir);

const ticks = 100; // USER_HZ on Linux
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
};

const name = (s) => `claude-dev-${String(s).padStart(3, '0')}`;
function setupOf(sessions, panesEach) {
  const setup = [['new-session', '-d', '-s', name(0), '-x', '160', '-y', '48', 'sleep 100000'], ['set-option', '-g', 'default-command', 'sleep 100000']];
  for (let s = 0; s < sessions; s++) {
    if (s > 0) setup.push(['new-session', '-d', '-s', name(s), '-x', '160', '-y', '48']);
    for (let p = 1; p < panesEach; p++) setup.push(['split-window', '-d', '-t', `=${name(s)}:0.0`], ['select-layout', '-t', `=${name(s)}:0`, 'tiled']);
  }
  return setup;
}

const root = join(new URL('.', import.meta.url).pathname, '..');
const joined = (commands) => commands.flatMap((command, index) => [...(index ? [';'] : []), ...command]);

const results = [];
try {
  for (const [sessions, panesEach] of [
    [20, 3],
    [200, 5],
  ]) {
    let client;
    try {
      client = await startAttachedClient({ dir, name: `s${sessions}`, setup: setupOf(sessions, panesEach), session: name(0) });
    } catch (error) {
      console.log(`layout-hooks bench: could not build ${sessions} sessions (${error.message}); tmux needs a pty per pane`);
      process.exit(1);
    }
    const { tmux, pid } = client;
    tmux('run-shell', join(root, 'claude-sessions.tmux'));
    // The hooks that count layouts, as the entrypoint set them (window hooks show with -w; no
    // other plugin here, so each is the only command of its hook).
    const counting = [tmux('show-hooks', '-g'), tmux('show-hooks', '-gw')]
      .join('\n')
      .split('\n')
      .filter((line) => line.includes('@claude-sessions-layouts'))
      .map((line) => ({ hook: line.slice(0, line.indexOf('[')), command: line.slice(line.indexOf('] ') + 2) }));
    if (counting.length === 0) throw new Error('the entrypoint set no hook counting layouts');
    const hooksOn = joined(counting.map(({ hook, command }) => ['set-hook', '-g', hook, command]));
    const hooksOff = joined(counting.map(({ hook }) => ['set-hook', '-gu', hook]));
    const [first, second] = tmux('list-panes', '-t', `=${name(0)}:0`, '-F', '#{pane_id}').trim().split('\n');
    const select = Array.from({ length: changes }, (_, index) => [...(index ? [';'] : []), 'select-pane', '-t', index % 2 ? first : second]).flat();
    const zoom = Array.from({ length: changes }, (_, index) => [...(index ? [';'] : []), 'resize-pane', '-Z', '-t', first]).flat();
    const times = {};
    const run = (key, argv) => {
      const cpu = cpuOf(pid);
      const start = performance.now();
      tmux(...argv);
      const wall = (performance.now() - start) / changes;
      (times[`${key}/wall`] ??= []).push(wall);
      (times[`${key}/cpu`] ??= []).push((cpuOf(pid) - cpu) / changes);
    };
    for (let round = 0; round < runs; round++) {
      for (const hooks of round % 2 ? ['on', 'off'] : ['off', 'on']) {
        tmux(...(hooks === 'on' ? hooksOn : hooksOff));
        run(`select/${hooks}`, select);
        run(`zoom/${hooks}`, zoom);
      }
    }
    const count = tmux('show-options', '-wv', '-t', `=${name(0)}:0`, '@claude-sessions-layouts').trim();
    const panes = tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n').length;
    results.push({ sessions, panes, times, count });
    cleanupAttachedClients();
  }
} catch (error) {
  console.error(`layout-hooks bench: ${error.message}`);
  process.exit(1);
}

const ms = (value) => `${value.toFixed(3)} ms`;
// A ratio of two medians; "n/a" when the second is 0 (CPU below one tick per call).
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a (below one tick)');
// CPU is counted in ticks of 10 ms: per change, a resolution of 10 ms / changes.
console.log(`layout-count hooks: ${changes} changes per tmux call, ${runs} rounds, a client attached; medians per change`);
for (const { sessions, panes, times, count } of results) {
  console.log(`${sessions} sessions / ${panes} panes (the window's count reached ${count}):`);
  for (const action of ['select', 'zoom']) {
    const at = (hooks, kind) => median(times[`${action}/${hooks}/${kind}`]);
    const label = action === 'select' ? 'select-pane' : 'resize-pane -Z';
    console.log(
      `  ${label.padEnd(15)} wall ${ms(at('on', 'wall'))} with the hooks, ${ms(at('off', 'wall'))} without: ${ratio(at('on', 'wall'), at('off', 'wall'))}; ` +
        `server CPU ${ms(at('on', 'cpu'))} against ${ms(at('off', 'cpu'))}: ${ratio(at('on', 'cpu'), at('off', 'cpu'))}`,
    );
  }
}
