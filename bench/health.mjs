#!/usr/bin/env zx
// npm run bench (health): `claude-sessions health` of 30 workspaces (git repositories, some
// with worktrees under .worktrees/, four panes each with processes running), and the status
// summary it refreshes (`health --update-status`, what kill, cleanup and the hooks run),
// beside honest floors measured in the same run: one tmux call listing the same panes, a
// plain shell loop of the same git calls, `node -e 0`. Then the same 30 workspaces on a
// server of 200 sessions / 1,000 panes, as a ratio to the small server's time.
// Rounds are interleaved (round robin, one contender later each round); medians are less
// the harness's own cost of starting a program. Quote the ratios; reports, never asserts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, preflight } from './preflight.mjs';
import { median } from './stats.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 11);
const WORKSPACES = 30;
const SESSIONS = 200;
const PANES = 1000;

preflight({ needsCli: true });

const dir = mkdtempSync(join(tmpdir(), 'cs-health-bench-'));
const sockets = { small: join(dir, 'small.sock'), large: join(dir, 'large.sock') };
const home = join(dir, 'home');
mkdirSync(home);
// Panes run sh, not a login shell: its start-up is the same for every contender.
const conf = join(home, '.tmux.conf');
writeFileSync(conf, ['set -g default-shell /bin/sh', 'set -g default-command sh', 'set -g default-size 120x40', 'set -g exit-empty off', ''].join('\n'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
for (const name of ['TMUX', 'TMUX_PANE']) delete env[name];

const run = (argv, options = {}) => spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', ...options });
const must = (argv, options) => {
  const result = run(argv, options);
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const tmuxOn = (socket) => (...args) => must(['tmux', '-S', socket, '-f', conf, ...args]);
const git = (cwd, ...args) => must(['git', '-c', 'user.name=bench', '-c', 'user.email=bench@bench.invalid', '-C', cwd, ...args]);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let cleaned = false;
function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  for (const socket of Object.values(sockets)) run(['tmux', '-S', socket, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanUp(); process.exit(130); });

// Four panes a workspace: two run a program (a child of the pane's shell), one a shell, one a log follower.
const TEMPLATE = [
  'name: bench',
  'windows:',
  '  - name: main',
  '    panes:',
  '      - role: dev',
  '        commands: [sleep 86400]',
  '      - role: git',
  '      - role: editor',
  '        commands: [sleep 86400]',
  '  - name: logs',
  '    panes:',
  '      - commands: [tail -f /dev/null]',
  '',
].join('\n');

// 30 projects: git repositories of 200 files, every third with two worktrees (one dirty),
// every fifth with an uncommitted change of its own.
const projects = [];
const gitCalls = [];
for (let p = 0; p < WORKSPACES; p++) {
  const project = join(dir, 'projects', `project-${String(p).padStart(2, '0')}`);
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(project, `src-${d}`), { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(project, `src-${d}`, `file-${f}.ts`), `export const value${f} = ${p * 1000 + d * 20 + f};\n`);
  }
  writeFileSync(join(project, '.claude-sessions.yaml'), TEMPLATE);
  git(project, 'init', '-q', '-b', 'main');
  git(project, 'add', '-A');
  git(project, 'commit', '-q', '-m', 'first');
  gitCalls.push(['git', '-C', project, 'worktree', 'list', '--porcelain', '-z']);
  if (p % 3 === 0) {
    for (const name of ['feat-a', 'feat-b']) {
      git(project, 'worktree', 'add', '-q', join('.worktrees', name), '-b', name);
      gitCalls.push(['git', '-C', join(project, '.worktrees', name), 'status', '--porcelain=v1', '-z', '--untracked-files=normal']);
    }
    writeFileSync(join(project, '.worktrees', 'feat-a', 'src-0', 'file-0.ts'), 'changed\n');
  }
  if (p % 5 === 0) writeFileSync(join(project, 'src-1', 'file-1.ts'), 'changed\n');
  projects.push(project);
}
// The floor for git: the same calls health makes, one after the other from a plain shell.
const gitLoop = join(dir, 'git-loop.sh');
writeFileSync(gitLoop, `${gitCalls.map((argv) => argv.map((word) => `'${word}'`).join(' ')).join(' >/dev/null\n')} >/dev/null\n`);

// Workspaces built through the product (claude-sessions new), on both servers.
async function buildWorkspaces(socket) {
  tmuxOn(socket)('start-server');
  for (const project of projects) must(['node', CLI, '-S', socket, 'new', project, '--detach']);
}
// The large server's other sessions: plain ones, five or six panes each, one batched call per session.
function buildOthers(socket) {
  const tmux = tmuxOn(socket);
  let panes = WORKSPACES * 4;
  for (let s = 0; s < SESSIONS - WORKSPACES; s++) {
    const name = `other-${String(s).padStart(3, '0')}`;
    const count = Math.round((PANES - panes) / (SESSIONS - WORKSPACES - s));
    const commands = [['new-session', '-d', '-s', name, '-c', dir]];
    for (let p = 1; p < count; p++) commands.push(p === 1 ? ['new-window', '-t', `=${name}:`] : ['split-window', '-t', `=${name}:${p % 2}`], ['select-layout', '-t', `=${name}:${p % 2}`, 'tiled']);
    tmux(...commands.flatMap((command, index) => (index === 0 ? command : [';', ...command])));
    panes += count;
  }
}
async function waitForPrograms(socket) {
  for (let i = 0; i < 500; i++) {
    const commands = tmuxOn(socket)('list-panes', '-a', '-F', '#{session_name} #{pane_current_command}').split('\n');
    if (commands.filter((line) => / (sleep|tail)$/.test(line)).length >= WORKSPACES * 3) return;
    await sleep(20);
  }
  throw new Error('the workspaces did not start their programs');
}

await buildWorkspaces(sockets.small);
await buildWorkspaces(sockets.large);
buildOthers(sockets.large);
await waitForPrograms(sockets.small);
await waitForPrograms(sockets.large);
const count = (socket, what) => tmuxOn(socket)(what, ...(what === 'list-panes' ? ['-a'] : []), '-F', '.').split('\n').filter(Boolean).length;

// The same fields health lists (sessions, then every pane), in one tmux call.
const paneFields = '#{session_name}\t#{session_path}\t#{@claude-sessions-project-dir}\t#{@claude-sessions-template}\t#{window_index}\t#{window_name}\t#{pane_index}\t#{pane_pid}\t#{@claude-sessions-role}\t#{@claude-sessions-worktree}\t#{history_size}\t#{history_limit}';
const cases = {
  // What it costs this harness to start any program: subtracted from every other median.
  'true (harness overhead)': { argv: ['true'] },
  'node -e 0': { argv: ['node', '-e', '0'] },
  'floor: git loop (sh)': { argv: ['sh', gitLoop] },
};
// BENCH_BASELINE=path/to/another/dist/claude-sessions.cjs: that build timed beside this one.
const baseline = process.env.BENCH_BASELINE;
for (const [size, socket] of Object.entries(sockets)) {
  cases[`${size}: health`] = { argv: ['node', CLI, '-S', socket, 'health'] };
  cases[`${size}: health --update-status`] = { argv: ['node', CLI, '-S', socket, 'health', '--update-status'] };
  if (baseline) cases[`${size}: baseline health`] = { argv: ['node', baseline, '-S', socket, 'health'] };
  if (baseline) cases[`${size}: baseline health --update-status`] = { argv: ['node', baseline, '-S', socket, 'health', '--update-status'] };
  cases[`${size}: floor: one list-panes -a`] = { argv: ['tmux', '-S', socket, 'list-sessions', '-F', '#{session_name}', ';', 'list-panes', '-a', '-F', paneFields] };
}

function timeOnce({ argv }) {
  const start = process.hrtime.bigint();
  const result = run(argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const error = result.error?.message ?? (result.status !== 0 ? `exit ${result.status}: ${result.stderr.trim()}` : undefined);
  return { ms, error, stdout: result.stdout };
}

// What health says on each server, checked once before timing: 30 rows, the dirty worktrees counted.
const checks = {};
for (const size of Object.keys(sockets)) {
  const first = timeOnce(cases[`${size}: health`]);
  const rows = first.stdout.split('\n').filter((line) => line.startsWith('claude-dev-'));
  const dirty = rows.filter((line) => /2 \(1 dirty\)/.test(line)).length;
  checks[size] = first.error ?? `${rows.length} workspaces listed, ${dirty} with a dirty worktree`;
}

const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((name) => [name, []]));
const failed = {};
for (const name of names) { // warm-up
  const first = timeOnce(cases[name]);
  if (first.error) failed[name] = first.error;
}
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + i) % names.length];
    if (failed[name]) continue;
    const result = timeOnce(cases[name]);
    if (result.error) failed[name] = result.error;
    else samples[name].push(result.ms);
  }
}
const shape = Object.fromEntries(Object.entries(sockets).map(([size, socket]) => [size, `${count(socket, 'list-sessions')} sessions / ${count(socket, 'list-panes')} panes`]));
cleanUp();

const overhead = median(samples['true (harness overhead)']);
const of = (name) => median(samples[name]) - overhead;
const ms = (value) => (Number.isNaN(value) ? '      -' : value.toFixed(1).padStart(7));
const x = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

console.log(`health of ${WORKSPACES} workspaces (git repositories of 200 files, ${WORKSPACES / 3} with two worktrees, 4 panes each), ${runs} interleaved runs each;`);
console.log(`medians less the harness's cost of starting a program (${overhead.toFixed(1)} ms for true). small: ${shape.small}; large: ${shape.large}.`);
console.log(`health's CPU sample is 250 ms of that (a floor of its own).`);
for (const name of names.slice(1)) console.log(`  ${name.padEnd(36)} ${ms(of(name))} ms${failed[name] ? `   FAILED: ${failed[name].split('\n')[0]}` : ''}`);
console.log(`  check: small: ${checks.small}; large: ${checks.large}`);
console.log('');
const line = (label, value, goal) => console.log(`  ${label.padEnd(60)} ${x(value).padStart(8)}${goal ? `   (goal ${goal})` : ''}`);
const absolute = (label, value) => console.log(`  ${label.padEnd(60)} ${ms(value)} ms   (goal <= 1000 ms)`);
absolute('health of 30 workspaces: median', of('small: health'));
absolute(`health of the same 30 on ${shape.large}: median`, of('large: health'));
line('health / (node -e 0 + the 250 ms sample)', of('small: health') / (of('node -e 0') + 250));
line('health / (git loop + one list-panes -a + 250 ms), one after another', of('small: health') / (of('floor: git loop (sh)') + of('small: floor: one list-panes -a') + 250));
line('health / git loop (sh)', of('small: health') / of('floor: git loop (sh)'));
line('health --update-status / node -e 0', of('small: health --update-status') / of('node -e 0'));
line('large / small: health', of('large: health') / of('small: health'), '<= 2');
line('large / small: health --update-status', of('large: health --update-status') / of('small: health --update-status'), '<= 2');
if (baseline) {
  for (const size of Object.keys(sockets)) {
    line(`${size}: health / baseline health`, of(`${size}: health`) / of(`${size}: baseline health`));
    line(`${size}: health --update-status / baseline`, of(`${size}: health --update-status`) / of(`${size}: baseline health --update-status`));
  }
}
line('large / small: floor one list-panes -a', of('large: floor: one list-panes -a') / of('small: floor: one list-panes -a'));
