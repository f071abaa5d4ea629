#!/usr/bin/env zx
// npm run bench: start-up costs measured in one run, as medians and ratios.
// Commands run interleaved (round robin) so that the noise of a shared 2-core machine
// falls on all of them alike; quote the ratios, not the absolute times.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-bench-'));
const socket = join(dir, 'sock');
const env = { ...process.env };
delete env.TMUX;
delete env.TMUX_PANE;

const tmux = (...args) => {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

// A server like a user's: ten workspaces of four panes, a few other sessions.
tmux('new-session', '-d', '-s', 'scratch', '-x', '200', '-y', '50');
tmux('set-option', '-g', 'default-command', 'sh');
for (let i = 0; i < 10; i++) {
  tmux('new-session', '-d', '-s', `claude-dev-project-${i}`, '-x', '200', '-y', '50');
  for (let p = 0; p < 3; p++) tmux('split-window', '-t', `=claude-dev-project-${i}:0`);
}
tmux('new-session', '-d', '-s', 'monitoring');
const pid = tmux('display-message', '-p', '#{pid}').trim();
const inTmux = { ...env, TMUX: `${socket},${pid},0` };
// Load the plugin once so the entrypoint measures a reload, as on every config re-source.
spawnSync('bash', [join(root, 'claude-sessions.tmux')], { env: inTmux });

const shim = join(root, 'scripts', 'claude-sessions');
const cases = {
  // What it costs this harness to start any program: subtracted from every other median.
  'true (harness overhead)': { argv: ['true'] },
  'node -e 0': { argv: ['node', '-e', '0'] },
  'claude-sessions ls (shim)': { argv: [shim, '-S', socket, 'ls'] },
  'node dist/claude-sessions.cjs ls': { argv: ['node', join(root, 'dist', 'claude-sessions.cjs'), '-S', socket, 'ls'] },
  'tmux display -p (one tmux call)': { argv: ['tmux', '-S', socket, 'display-message', '-p', '#{version}'] },
  'claude-sessions.tmux (entrypoint)': { argv: ['bash', join(root, 'claude-sessions.tmux')], env: inTmux },
};

function timeOnce({ argv, env: caseEnv }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env: caseEnv ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const c of Object.values(cases)) timeOnce(c); // warm caches
for (let i = 0; i < runs; i++) {
  for (const [name, c] of Object.entries(cases)) samples[name].push(timeOnce(c));
}
tmux('kill-server');
rmSync(dir, { recursive: true, force: true });

const overhead = median(samples['true (harness overhead)']);
const med = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values) - overhead]));
const ratio = (a, b) => (med[a] / med[b]).toFixed(2);

console.log(`claude-sessions start-up, ${runs} interleaved runs each: medians less the harness's own`);
console.log(`cost of starting a program (${overhead.toFixed(1)} ms for true). Quote the ratios.\n`);
for (const [name, value] of Object.entries(med)) {
  if (name !== 'true (harness overhead)') console.log(`  ${name.padEnd(38)} ${value.toFixed(1).padStart(7)} ms`);
}
console.log('');
console.log(`  ls (shim) / node -e 0                        ${ratio('claude-sessions ls (shim)', 'node -e 0')}x   (goal <= 1.3)`);
console.log(`  ls (node directly) / node -e 0               ${ratio('node dist/claude-sessions.cjs ls', 'node -e 0')}x`);
console.log(`  entrypoint / one tmux display -p             ${ratio('claude-sessions.tmux (entrypoint)', 'tmux display -p (one tmux call)')}x   (goal: load < 50 ms)`);
console.log(`  entrypoint / node -e 0                       ${ratio('claude-sessions.tmux (entrypoint)', 'node -e 0')}x`);
