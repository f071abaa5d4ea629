#!/usr/bin/env zx
// npm run bench (second part): building the react workspace with claude-sessions, tmuxp,
// tmuxinator and one hand-written batched tmux call, all making the same thing: one
// window `agents`, tiled, five panes in components/, api/, src/ and the project root (twice),
// typing the claude command, the editor and `npm run dev` into the first four (the fifth,
// git, is a shell), with 50000 lines of scrollback.
// Two times per tool, both from the moment the tool is started: (a) returned, until its
// process exits; (b) ready, until all four typed panes show their command's output (polled
// every ~10 ms with one batched capture-pane call). Runs are interleaved (round robin)
// and each gets a fresh private tmux server; quote the ratios, not the absolute times.
// Each round also runs claude-sessions once more with bench/workspace-timeline.cjs preloaded
// (not counted in the medians), for a breakdown of where its time goes.
// Reports, never asserts: no time here fails anything.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { preflight } from './preflight.mjs';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const TIMEOUT_MS = 15_000;
const POLL_MS = 10;
const INSTALL_HINT = 'apt-get install tmuxp tmuxinator';

preflight();

const dir = mkdtempSync(join(tmpdir(), 'cs-ws-bench-'));
// The project: folders for the template's panes, and a dev script that is cheap but
// still says where it was started (npm runs scripts in the package root, so $INIT_CWD).
const project = join(dir, 'react-app');
for (const sub of ['components', 'api', 'src']) mkdirSync(join(project, sub), { recursive: true });
writeFileSync(join(project, 'package.json'), `${JSON.stringify({
  name: 'react-app',
  version: '1.0.0',
  private: true,
  scripts: { dev: 'echo "$INIT_CWD"; echo ran-dev' },
}, null, 2)}\n`);
const session = 'claude-dev-react-app'; // what claude-sessions names it: prefix + folder name
// `npm run dev` costs the panes far more than any tool spends building them (npm is a Node
// program): with it the bench times npm, not the tools. Every tool's panes find the same
// stand-in `npm` first on PATH, which prints what the dev script prints; BENCH_REAL_NPM=1
// types into the real npm instead.
const realNpm = process.env.BENCH_REAL_NPM === '1';
const standIns = join(dir, 'bin');
mkdirSync(standIns);
writeFileSync(join(standIns, 'npm'), '#!/bin/sh\nprintf \'%s\\n\' "$PWD"; echo ran-dev\n', { mode: 0o755 });

// Stand-ins: each prints the folder it runs in, then a marker line that the typed
// command line itself never equals. Plain sh builtins, no variables (tmuxp would expand
// $VARS in its own process before typing them).
// `; :` takes the flags claude-sessions appends to the claude command (--session-id, --settings).
const CLAUDE = 'pwd; echo ran-claude; :';
const EDITOR = 'pwd; echo ran-editor'; // claude-sessions types "$EDITOR ." -> "... ran-editor ."
const DEV = 'npm run dev';
const expected = [
  { dir: join(project, 'components'), marker: 'ran-claude', command: CLAUDE, rel: 'components' },
  { dir: join(project, 'api'), marker: 'ran-claude', command: CLAUDE, rel: 'api' },
  { dir: join(project, 'src'), marker: 'ran-editor .', command: `${EDITOR} .`, rel: 'src' },
  { dir: project, marker: 'ran-dev', command: DEV, rel: '.' },
  { dir: project, rel: '.' }, // git: a shell, nothing typed
];
const MARKER = /^ran-(claude|editor \.|dev)$/;

// Every server: sh as the panes' shell (not a login shell), so no user rc is timed.
const conf = join(dir, 'tmux.conf');
writeFileSync(conf, [
  'set -g default-shell /bin/sh',
  'set -g default-command sh',
  // The react template keeps 50000 lines per pane: every tool's panes get the same.
  'set -g history-limit 50000',
  `set -g @claude-sessions-claude-command '${CLAUDE}'`,
  '',
].join('\n'));

const env = { ...process.env, EDITOR, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
if (!realNpm) env.PATH = `${standIns}:${env.PATH}`;
for (const name of ['TMUX', 'TMUX_PANE', 'ENV']) delete env[name];

// The tools' input files.
const tmuxpFile = join(dir, 'tmuxp.yaml');
const q = (text) => JSON.stringify(text); // JSON strings are YAML strings
writeFileSync(tmuxpFile, [
  `session_name: ${q(session)}`,
  `start_directory: ${q(project)}`,
  'windows:',
  '  - window_name: agents',
  '    layout: tiled',
  '    panes:',
  ...expected.flatMap((pane, i) => [
    `      - start_directory: ${q(pane.dir)}`,
    `        shell_command: [${pane.command === undefined ? '' : q(pane.command)}]`,
    ...(i === 0 ? ['        focus: true'] : []),
  ]),
  '',
].join('\n'));
// tmuxinator panes have no folder of their own: `cd DIR && command` from the root.
const tmuxinatorFile = join(dir, 'tmuxinator.yml');
const writeTmuxinatorFile = (socket) => writeFileSync(tmuxinatorFile, [
  `name: ${q(session)}`,
  `root: ${q(project)}`,
  `socket_path: ${q(socket)}`,
  'attach: false',
  'startup_pane: 0',
  'windows:',
  '  - agents:',
  '      layout: tiled',
  '      panes:',
  ...expected.map((pane) => (pane.command === undefined ? '        -' : `        - ${q(pane.rel === '.' ? pane.command : `cd ${pane.rel} && ${pane.command}`)}`)),
  '',
].join('\n'));
// The floor: everything in one tmux invocation, keys sent at once.
const batchedArgv = (socket) => {
  const target = `=${session}:`;
  const args = ['-S', socket, 'new-session', '-d', '-s', session, '-n', 'agents', '-c', expected[0].dir];
  // Tiled after each split, as 5 panes do not fit in 80x24 halving the active pane.
  for (const pane of expected.slice(1)) args.push(';', 'split-window', '-t', target, '-c', pane.dir, ';', 'select-layout', '-t', target, 'tiled');
  args.push(';', 'select-layout', '-t', target, 'tiled');
  expected.forEach((pane, i) => pane.command !== undefined && args.push(';', 'send-keys', '-t', `${target}{start}.${i}`, '-l', '--', pane.command, ';', 'send-keys', '-t', `${target}{start}.${i}`, 'Enter'));
  args.push(';', 'select-pane', '-t', `${target}{start}.0`);
  return ['tmux', ...args];
};

const shim = join(root, 'scripts', 'claude-sessions');
const cases = {
  // What it costs this harness to start any program: subtracted from every other median.
  'true (harness overhead)': { argv: () => ['true'] },
  'node -e 0': { argv: () => ['node', '-e', '0'] },
  'npm run dev (by itself)': { argv: () => ['npm', 'run', 'dev'], cwd: project },
  'claude-sessions': { build: true, argv: (socket) => [shim, '-S', socket, 'new', project, '--template', 'react', '--detach'] },
  // The same bundle run by node directly: no V8 code cache (scripts/run-bundle.cjs), as before it.
  'claude-sessions, no code cache': {
    build: true,
    argv: (socket) => ['node', join(root, 'dist', 'claude-sessions.cjs'), '-S', socket, 'new', project, '--template', 'react', '--detach'],
    // As the shim starts node: without NODE_EXTRA_CA_CERTS (scripts/claude-sessions), so only the cache differs.
    env: () => ({ ...env, NODE_EXTRA_CA_CERTS: '' }),
  },
  // The same, with a timeline recorded (bench/workspace-timeline.cjs): not in the medians.
  'claude-sessions (timeline)': {
    build: true,
    timeline: true,
    argv: (socket) => [shim, '-S', socket, 'new', project, '--template', 'react', '--detach'],
    env: () => ({ ...env, NODE_OPTIONS: `--require ${join(root, 'bench', 'workspace-timeline.cjs')}`, CS_BENCH_TIMELINE: join(dir, 'timeline.json') }),
  },
  // BENCH_BASELINE=DIR: the same build by another checkout of claude-sessions (its shim and
  // dist/), for an A/B of a change in the same run: not in the medians of the tools.
  ...(process.env.BENCH_BASELINE ? {
    'claude-sessions (baseline)': { build: true, argv: (socket) => [join(resolve(process.env.BENCH_BASELINE), 'scripts', 'claude-sessions'), '-S', socket, 'new', project, '--template', 'react', '--detach'] },
  } : {}),
  tmuxp: { build: true, argv: (socket) => ['tmuxp', 'load', '-y', '-d', '-S', socket, tmuxpFile] },
  tmuxinator: { build: true, before: writeTmuxinatorFile, argv: () => ['tmuxinator', 'start', '-p', tmuxinatorFile] },
  'batched tmux call': { build: true, argv: batchedArgv },
};
const TOOLS = ['claude-sessions', ...(process.env.BENCH_BASELINE ? ['claude-sessions (baseline)'] : []), 'tmuxp', 'tmuxinator', 'batched tmux call'];
const skipped = {};

let servers = 0;
function startServer() {
  const socket = join(dir, `s${++servers}`);
  const result = spawnSync('tmux', ['-S', socket, '-f', conf, 'new-session', '-d', '-s', 'placeholder'], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot start a tmux server: ${result.stderr}`);
  return socket;
}
// Kill the server and wait (up to 2 s) until it and its panes' programs are gone: a server
// still winding down (its shells hung up) would slow whichever run comes next, so the tool
// after a build would always pay for the one before it.
const stopServer = (socket) => {
  const pids = spawnSync('tmux', ['-S', socket, 'list-panes', '-a', '-F', '#{pane_pid}', ';', 'display-message', '-p', '#{pid}'], { env, encoding: 'utf8' })
    .stdout.split('\n').filter((line) => /^\d+$/.test(line)).map(Number);
  spawnSync('tmux', ['-S', socket, 'kill-server'], { env, stdio: 'ignore' });
  const until = Date.now() + 2000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(running) && Date.now() < until) Atomics.wait(pause, 0, 0, 5);
  rmSync(socket, { force: true });
};
// True while the process runs (a zombie, gone but not yet reaped, runs nothing).
function running(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch (error) {
    if (error.code !== 'ENOENT') {
      try {
        process.kill(pid, 0); // no /proc (macOS): a signal 0 says whether it is there
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }
}

const SEPARATOR = 'cs-bench-end-of-pane';
const tmuxAsync = (args) => new Promise((done) => {
  execFile('tmux', args, { env, encoding: 'utf8' }, (error, stdout) => done(error ? undefined : stdout));
});
// All five panes' text (history included, wrapped lines joined) in one tmux call;
// undefined while the session or any of its panes is missing.
async function capturePanes(socket) {
  const args = ['-S', socket];
  expected.forEach((_, i) => {
    if (i > 0) args.push(';');
    args.push('capture-pane', '-p', '-J', '-S', '-', '-t', `=${session}:{start}.${i}`, ';', 'display-message', '-p', SEPARATOR);
  });
  const out = await tmuxAsync(args);
  if (out === undefined) return undefined;
  return out.split(`${SEPARATOR}\n`).slice(0, expected.length).map((text) => text.split('\n').map((line) => line.trimEnd()));
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// One run: fresh server, start the tool, poll the panes until they all show a marker and
// the tool has exited. Returns times from the tool's start, and what looked wrong.
async function runOnce(c) {
  let socket;
  try {
    socket = startServer();
    c.before?.(socket);
    return await measure(c, socket);
  } catch (error) {
    return { returned: undefined, ready: undefined, problems: [`cannot run: ${error.message}`] };
  } finally {
    if (socket) stopServer(socket);
  }
}

async function measure(c, socket) {
  const argv = c.argv(socket);
  const problems = [];
  let exit;
  let ready;
  let stderr = '';
  const startEpoch = performance.timeOrigin + performance.now();
  const start = now();
  const child = spawn(argv[0], argv.slice(1), { env: c.env?.() ?? env, cwd: c.cwd ?? dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((done) => {
    child.on('exit', (code, signal) => { exit ??= { ms: now() - start, code, signal }; done(); });
    child.on('error', (error) => { exit ??= { ms: now() - start, error }; done(); });
  });
  const closed = new Promise((done) => child.on('close', done).on('error', done));
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  let panes;
  const done = () => exit && (ready !== undefined || !c.build || exit.code !== 0);
  while (!done() && now() - start < TIMEOUT_MS) {
    const round = now();
    panes = await capturePanes(socket);
    if (c.build && ready === undefined && panes && panes.every((lines, i) => expected[i].marker === undefined || lines.some((line) => MARKER.test(line)))) ready = now() - start;
    if (ready !== undefined || !c.build) await Promise.race([exited, sleep(Math.max(0, POLL_MS - (now() - round)))]);
    else await sleep(Math.max(0, POLL_MS - (now() - round)));
  }
  if (!exit) {
    child.kill('SIGKILL');
    problems.push(`did not exit within ${TIMEOUT_MS / 1000} s`);
  }
  await Promise.race([closed, sleep(1000)]);
  if (exit?.error) problems.push(`cannot run ${argv[0]}: ${exit.error.message}`);
  else if (exit && exit.code !== 0) problems.push(`exit ${exit.code ?? exit.signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  else if (c.build && stderr.trim() !== '') problems.push(`said on stderr: ${stderr.trim()}`);
  if (c.build && exit?.code === 0) {
    if (ready === undefined) {
      const shown = panes ? panes.map((lines, i) => `pane ${i}: ${JSON.stringify(lines.filter(Boolean).slice(-3))}`).join('; ') : 'session or panes missing';
      problems.push(`not ready within ${TIMEOUT_MS / 1000} s (${shown})`);
    } else {
      problems.push(...checkWorkspace(socket));
    }
  }
  const timeline = c.timeline && exit?.code === 0 && ready !== undefined ? breakdown(JSON.parse(readFileSync(join(dir, 'timeline.json'), 'utf8')), startEpoch, exit.ms, ready) : undefined;
  return { returned: exit?.code === 0 ? exit.ms : undefined, ready, problems, timeline };
}

// Same layout, folders and commands as the react template? Not timed.
function checkWorkspace(socket) {
  const problems = [];
  const list = spawnSync('tmux', ['-S', socket, 'list-panes', '-s', '-t', `=${session}:`, '-F',
    '#{window_index}\t#{window_name}\t#{pane_index}\t#{pane_left}\t#{pane_top}\t#{pane_active}'], { env, encoding: 'utf8' });
  const rows = list.stdout.trim().split('\n').filter(Boolean).map((line) => line.split('\t'));
  const windows = [...new Set(rows.map((row) => `${row[0]}:${row[1]}`))];
  if (windows.length !== 1 || !windows[0].endsWith(':agents')) problems.push(`windows ${windows.join(', ')} instead of one named agents`);
  if (rows.length !== expected.length) problems.push(`${rows.length} panes instead of ${expected.length}`);
  const lefts = new Set(rows.map((row) => row[3]));
  const tops = new Set(rows.map((row) => row[4]));
  const grid = tiledGrid(expected.length);
  if (lefts.size !== grid.columns || tops.size !== grid.rows) problems.push(`not a tiled ${grid.columns}x${grid.rows} layout (pane lefts ${[...lefts]}, tops ${[...tops]})`);
  const active = rows.find((row) => row[5] === '1');
  if (active && active[2] !== '0') problems.push(`pane ${active[2]} has the focus, not pane 0`);
  const result = spawnSync('tmux', ['-S', socket, ...expected.flatMap((_, i) => [
    ...(i > 0 ? [';'] : []), 'capture-pane', '-p', '-J', '-S', '-', '-t', `=${session}:{start}.${i}`, ';', 'display-message', '-p', SEPARATOR,
  ])], { env, encoding: 'utf8' });
  const panes = result.stdout.split(`${SEPARATOR}\n`).slice(0, expected.length).map((text) => text.split('\n').map((line) => line.trimEnd()));
  panes.forEach((lines, i) => {
    const want = expected[i];
    const hits = lines.flatMap((line, at) => (MARKER.test(line) ? [{ marker: line, dir: lines[at - 1] }] : []));
    const once = want.marker === undefined ? 0 : 1;
    if (hits.length !== once) problems.push(`pane ${i}: a command ran ${hits.length} times, expected ${once === 1 ? 'once' : 'none'}`);
    for (const hit of hits) {
      if (hit.marker !== want.marker) problems.push(`pane ${i}: ran '${hit.marker}', expected '${want.marker}'`);
      if (hit.dir !== want.dir) problems.push(`pane ${i}: ran in ${hit.dir}, expected ${want.dir}`);
    }
  });
  return problems;
}

// What each tmux call of a workspace build is for, by its first command.
const CALLS = {
  'display-message': 'read options and sessions',
  'list-commands': 'read the panes\' shell (per-pane history)',
  'new-session': 'build (one batch)',
  'list-panes': 'readiness polls',
  'send-keys': 'typing',
  'if-shell': 'typing once ready (one call a round)',
};
// One timeline (bench/workspace-timeline.cjs) as named spans in ms, in order; the tmux calls
// by what they are for, the Node work between them by the call it leads to.
function breakdown(t, startEpoch, returnedMs, readyMs) {
  const spans = new Map();
  const add = (label, ms) => spans.set(label, (spans.get(label) ?? 0) + ms);
  add('shim: sh finds node, execs it', t.processStart - startEpoch);
  add('node start-up (to the first line of ours)', t.preload - t.processStart);
  add('bundle: compile and load dist/claude-sessions.cjs', t.bundleEnd - t.bundleStart);
  let last = t.bundleEnd;
  let polls = 0;
  for (const mark of t.marks) {
    const what = mark.program.endsWith('tmux') ? CALLS[mark.command] ?? mark.command : mark.program;
    if (mark.command === 'list-panes' || mark.command === 'if-shell') polls++;
    add(what === 'readiness polls' ? 'node: waiting between readiness polls' : `node: work before ${what}`, mark.start - last);
    add(`tmux call: ${what}`, mark.end - mark.start);
    last = mark.end;
  }
  add('node: reporting and exit', t.exit - last);
  add('harness: process exit seen', returnedMs - (t.exit - startEpoch));
  add('panes: typed commands run until all show output', readyMs - returnedMs);
  return { spans, polls };
}

// Columns and rows of tmux's tiled layout for n panes (layout_set_tiled).
function tiledGrid(n) {
  let rows = 1;
  let columns = 1;
  while (rows * columns < n) {
    rows++;
    if (rows * columns < n) columns++;
  }
  return { rows, columns };
}

// Is each tool there at all, and does one warm-up run work? Else say why and go on.
for (const [name, c] of Object.entries(cases)) {
  const program = c.argv(join(dir, 'probe'))[0];
  if (program !== 'true' && program !== shim && program !== 'node' && spawnSync(program, ['--help'], { env, stdio: 'ignore' }).error) {
    skipped[name] = `${program} is not installed (${INSTALL_HINT})`;
    continue;
  }
  if (program === shim && !existsSync(join(root, 'dist', 'claude-sessions.cjs'))) {
    skipped[name] = 'dist/claude-sessions.cjs is missing (npm run build)';
    continue;
  }
  const warm = await runOnce(c);
  if (warm.returned === undefined || (c.build && warm.ready === undefined)) skipped[name] = `its warm-up run failed: ${warm.problems.join('; ')}`;
}
const active = Object.keys(cases).filter((name) => !skipped[name]);

const samples = Object.fromEntries(active.map((name) => [name, { returned: [], ready: [], problems: new Map(), failed: 0, timelines: [] }]));
for (let i = 0; i < runs; i++) {
  // Round robin, starting one tool later each round so no tool always follows the same one.
  const order = active.map((_, k) => active[(k + i) % active.length]);
  for (const name of order) {
    const result = await runOnce(cases[name]);
    const s = samples[name];
    for (const problem of result.problems) s.problems.set(problem, (s.problems.get(problem) ?? 0) + 1);
    if (result.returned === undefined || (cases[name].build && result.ready === undefined)) {
      s.failed++;
      continue;
    }
    s.returned.push(result.returned);
    if (result.ready !== undefined) s.ready.push(result.ready);
    if (result.timeline) s.timelines.push(result.timeline);
  }
}
rmSync(dir, { recursive: true, force: true });

const overhead = median(samples['true (harness overhead)']?.returned ?? []);
const med = (name, kind) => (samples[name] ? median(samples[name][kind]) - overhead : NaN);
const ms = (value) => (Number.isNaN(value) ? '      -' : `${value.toFixed(1).padStart(7)}`);

console.log(`Building the react workspace (1 window, tiled, 5 panes, 3 folders, 4 commands), ${runs}`);
console.log('interleaved runs each, a fresh tmux server per run: medians from the tool\'s start, less');
console.log(`the harness's own cost of starting a program (${overhead.toFixed(1)} ms for true). Quote the ratios.`);
console.log('  (a) returned: until the tool\'s process exits    (b) ready: until all 4 typed panes show their output\n');
console.log(`  ${'tool'.padEnd(26)} ${'(a) returned'.padStart(13)} ${'(b) ready'.padStart(13)}   runs ok`);
for (const name of TOOLS) {
  if (skipped[name]) {
    console.log(`  ${name.padEnd(26)}   not measured: ${skipped[name]}`);
    continue;
  }
  const s = samples[name];
  console.log(`  ${name.padEnd(26)} ${ms(med(name, 'returned'))} ms ${ms(med(name, 'ready'))} ms   ${s.returned.length}/${runs}`);
}
console.log('');
const ratio = (a, b, kind) => {
  const value = med(a, kind) / med(b, kind);
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
};
const ratioLine = (label, a, b, goal) => {
  const why = [a, b].filter((name) => skipped[name]).map((name) => `${name} not measured`).join(', ');
  console.log(`  ${label.padEnd(34)} ${ratio(a, b, 'returned').padStart(8)} ${ratio(a, b, 'ready').padStart(12)}   (goal ${goal})${why ? `  ${why}` : ''}`);
};
console.log(`  ${'ratio'.padEnd(34)} ${'(a)'.padStart(8)} ${'(b)'.padStart(12)}`);
ratioLine('claude-sessions / tmuxp', 'claude-sessions', 'tmuxp', '(b) <= 0.5');
ratioLine('claude-sessions / tmuxinator', 'claude-sessions', 'tmuxinator', '(b) <= 0.5');
ratioLine('claude-sessions / batched tmux call', 'claude-sessions', 'batched tmux call', '(b) as near 1 as it gets');
ratioLine('batched tmux call / tmuxp', 'batched tmux call', 'tmuxp', 'the best any tool can do');
ratioLine('batched tmux call / tmuxinator', 'batched tmux call', 'tmuxinator', 'the best any tool can do');
// What each tool adds to the floor (the batched call's ready time: the panes' own work).
const above = (name) => med(name, 'ready') - med('batched tmux call', 'ready');
const aboveRatio = (a, b) => {
  const value = above(a) / above(b);
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
};
console.log(`  ${'(b) above the batched call: ours / tmuxp'.padEnd(48)} ${aboveRatio('claude-sessions', 'tmuxp').padStart(8)}   (${ms(above('claude-sessions')).trim()} ms against ${ms(above('tmuxp')).trim()} ms)`);
console.log(`  ${'(b) above the batched call: ours / tmuxinator'.padEnd(48)} ${aboveRatio('claude-sessions', 'tmuxinator').padStart(8)}   (${ms(above('claude-sessions')).trim()} ms against ${ms(above('tmuxinator')).trim()} ms)`);
console.log('');
printBreakdown(samples['claude-sessions (timeline)']);
console.log('For context:');
for (const name of ['node -e 0', 'npm run dev (by itself)']) {
  console.log(`  ${name.padEnd(34)} ${skipped[name] ? `not measured: ${skipped[name]}` : `${ms(med(name, 'returned'))} ms`}`);
}
ratioLine('claude-sessions / the same without code cache', 'claude-sessions', 'claude-sessions, no code cache', 'the cache\'s effect');
if (samples['claude-sessions (baseline)']) ratioLine('claude-sessions / BENCH_BASELINE', 'claude-sessions', 'claude-sessions (baseline)', 'the change\'s effect');
// Node 20 reads every CA certificate at start when it is set (50-80 ms here): node -e 0 pays it, ours not.
console.log(`  NODE_EXTRA_CA_CERTS is ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'} here`);
console.log('');
console.log('How: every pane\'s shell is sh (tmux default-command sh), so no user rc is timed.');
console.log(`The claude command is '${CLAUDE}', $EDITOR is '${EDITOR}'; the dev pane`);
console.log(realNpm ? 'runs npm run dev, whose dev script only echoes. claude-sessions types into each pane once it' : 'types npm run dev into a stand-in npm that prints what the dev script prints (BENCH_REAL_NPM=1: the real\nnpm). claude-sessions types into each pane once it');
console.log('shows a prompt; tmuxp, tmuxinator and the batched call type at once. tmuxinator panes cannot');
console.log('have their own folder, so they run `cd DIR && command`. The plugin\'s hooks are not loaded.');
console.log(`(b) is seen by a poll every ~${POLL_MS} ms (one tmux call for all panes), so it is late by`);
console.log('up to one poll for every tool alike.');
if (Object.values(skipped).some((why) => why.includes(INSTALL_HINT))) console.log(`To measure the missing tools: ${INSTALL_HINT}`);

const checked = TOOLS.filter((name) => samples[name]);
if (checked.length > 0) console.log('\nChecks (layout, folders, each command typed once):');
for (const name of checked) {
  const s = samples[name];
  if (s.problems.size === 0) {
    console.log(`  ${name}: all ${runs} runs built the workspace as the template says`);
    continue;
  }
  console.log(`  ${name}: ${s.failed ? `${s.failed} of ${runs} runs failed (left out of the medians)` : 'every run finished'}; what looked wrong:`);
  for (const [problem, count] of s.problems) console.log(`    ${count}x ${problem}`);
}

// Where the time of one `claude-sessions new` goes: the median of each span over the timeline
// runs (so the spans need not add up to the median total exactly).
function printBreakdown(s) {
  if (!s || s.timelines.length === 0) {
    console.log('Breakdown of claude-sessions: no timeline run finished');
    return;
  }
  const labels = [...new Set(s.timelines.flatMap((t) => [...t.spans.keys()]))];
  const rows = labels.map((label) => [label, median(s.timelines.map((t) => t.spans.get(label) ?? 0))]);
  const total = median(s.ready);
  console.log(`Where claude-sessions' time goes (${s.timelines.length} runs with bench/workspace-timeline.cjs preloaded, medians of each`);
  console.log(`span; ready median of these runs ${total.toFixed(1)} ms, readiness rounds (tmux calls) per run ${median(s.timelines.map((t) => t.polls))}):`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(58)} ${ms(value)} ms ${`${((100 * value) / total).toFixed(0)}%`.padStart(5)}`);
  console.log('');
}
