#!/usr/bin/env zx
// npm run bench (third part): saving and restoring a server of 20 sessions x 4 panes with
// claude-sessions, with bash scripts doing it one process per pane as tmux-resurrect does
// (bench/persist-save-per-pane.sh, bench/persist-restore-per-pane.sh), and the floor: one
// tmux call (list-panes -a for a save, one source-file of the whole server for a restore).
// Rounds are interleaved (round robin, one contender later each round), medians are less
// the harness's own cost of starting a program, and each contender's result is checked
// once before timing. Then the same at scale (200 sessions / 1,000 panes against 20, see
// bench/persist-scale.mjs). Quote the ratios; reports, never asserts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorFile } from './floor.mjs';
import { CLI, preflight, ROOT } from './preflight.mjs';
import { median } from './stats.mjs';
import { scaleBench } from './persist-scale.mjs';

const root = ROOT;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const cli = CLI;
const SESSIONS = 20;

preflight({ needsCli: true });

const dir = mkdtempSync(join(tmpdir(), 'cs-persist-bench-'));
const socket = join(dir, 'sock');
const savesCs = join(dir, 'saves-claude-sessions');
const savesSh = join(dir, 'saves-per-pane');
// Every server, whoever starts it, loads this: HOME is ours for every contender.
// Panes run sh, not a login shell: a shell's start-up would be timed as restore work, and
// most of it would be the shell's own, the same for every contender.
const home = join(dir, 'home');
mkdirSync(home);
writeFileSync(join(home, '.tmux.conf'), [
  'set -g default-shell /bin/sh',
  'set -g default-command sh',
  'set -g default-size 120x40',
  'set -g exit-empty off',
  `set -g @resurrect-dir '${savesCs}'`,
  '',
].join('\n'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state') };
for (const name of ['TMUX', 'TMUX_PANE']) delete env[name];

const run = (argv, options = {}) => spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', ...options });
const tmux = (...args) => {
  const result = run(['tmux', '-S', socket, ...args]);
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
// kill-server returns before the server has gone; wait until nothing answers.
async function killServer() {
  run(['tmux', '-S', socket, 'kill-server']);
  for (let i = 0; i < 200; i++) {
    if (/no server running|error connecting/.test(run(['tmux', '-S', socket, 'list-sessions']).stderr)) return;
    await sleep(10);
  }
  throw new Error('the tmux server did not exit');
}

// The server: four shapes of four panes, each session in its own folder (some with spaces).
function buildServer() {
  tmux('start-server');
  for (let s = 0; s < SESSIONS; s++) {
    const name = `project-${String(s).padStart(2, '0')}`;
    const folder = join(dir, 'work', s % 3 === 0 ? `my ${name}` : name);
    mkdirSync(join(folder, 'sub dir'), { recursive: true });
    const at = (window) => `=${name}:${window}`;
    const commands = [['new-session', '-d', '-s', name, '-c', folder]];
    const add = (...args) => commands.push(args);
    switch (s % 4) {
      case 0:
        for (let p = 0; p < 3; p++) add('split-window', '-t', at(0), '-c', join(folder, 'sub dir'));
        add('select-layout', '-t', at(0), 'tiled');
        break;
      case 1:
        add('split-window', '-h', '-t', at(0), '-c', folder);
        add('new-window', '-t', at(1), '-n', 'logs', '-c', folder);
        add('split-window', '-t', at(1), '-c', join(folder, 'sub dir'));
        add('select-window', '-t', at(0));
        break;
      case 2:
        for (let p = 0; p < 3; p++) add('split-window', '-h', '-t', at(0), '-c', folder);
        add('select-layout', '-t', at(0), 'main-vertical');
        add('rename-window', '-t', at(0), 'editor');
        add('resize-pane', '-Z', '-t', `${at(0)}.0`);
        break;
      case 3:
        for (let w = 1; w < 4; w++) add('new-window', '-t', at(w), '-c', folder);
        add('select-window', '-t', at(2));
        add('select-window', '-t', at(1));
        break;
    }
    add('select-pane', '-t', `${at(0)}.0`, '-T', `agent ${s}`);
    tmux(...commands.flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  }
}

// What tmux reports, to check a restore by (layouts without checksum and pane ids).
function serverState() {
  const list = (args, format) => tmux(...args, '-F', format).split('\n').filter(Boolean).sort();
  return [
    ...list(['list-windows', '-a'], '#{session_name} #{window_index} #{window_name} #{window_flags} #{automatic-rename} #{window_layout}')
      .map((line) => line.replace(/ [0-9a-f]{4},(\S+)$/, (_, body) => ` ${body.replace(/(\d+x\d+,\d+,\d+),\d+(?=[,}\]]|$)/g, '$1')}`)),
    ...list(['list-panes', '-a'], '#{session_name} #{window_index} #{pane_index} #{pane_active} #{pane_title} #{pane_current_path}'),
  ];
}
async function waitForShells() {
  for (let i = 0; i < 300; i++) {
    if (!/^(bash|)$/m.test(tmux('list-panes', '-a', '-F', '#{pane_current_command}'))) return;
    await sleep(20);
  }
}

// --- set up: the server, one reference save of it, the floor file made from that save.
buildServer();
await waitForShells();
const original = serverState();
const firstSave = run(['node', cli, '-S', socket, 'save', '--json']);
if (firstSave.status !== 0) throw new Error(`claude-sessions save failed: ${firstSave.stderr}`);
const reference = join(dir, 'reference.txt');
copyFileSync(JSON.parse(firstSave.stdout).file, reference);
const floor = join(dir, 'floor.conf');
writeFileSync(floor, floorFile(readFileSync(reference, 'utf8')));
const paneFormat = ['#{session_name}', '#{window_index}', '#{window_active}', '#{window_flags}', '#{pane_index}', '#{pane_title}',
  '#{pane_current_path}', '#{pane_active}', '#{pane_current_command}', '#{pane_pid}', '#{window_name}', '#{window_layout}', '#{automatic-rename}'].join('\t');

let renames = 0;
// Each save sees a changed server (so claude-sessions never skips an unchanged one).
const renameWindow = () => tmux('rename-window', '-t', '=project-00:0', `round-${renames++}`);
const saveCases = {
  // What it costs this harness to start any program: subtracted from every other median.
  'true (harness overhead)': { argv: ['true'] },
  'node -e 0': { argv: ['node', '-e', '0'] },
  'claude-sessions save': { argv: ['node', cli, '-S', socket, 'save', '--quiet'], before: renameWindow },
  'per-pane script': { argv: ['bash', join(root, 'bench', 'persist-save-per-pane.sh'), socket, savesSh], before: renameWindow },
  'floor: one list-panes -a': { argv: ['tmux', '-S', socket, 'list-panes', '-a', '-F', paneFormat], before: renameWindow },
};
// Each restore starts with no server, and is done when the command returns.
const restoreCases = {
  'true (harness overhead)': { argv: ['true'] },
  'claude-sessions restore': { argv: ['node', cli, '-S', socket, 'restore', '--file', reference], check: true },
  'per-pane script': { argv: ['bash', join(root, 'bench', 'persist-restore-per-pane.sh'), socket, reference], check: true },
  'floor: one source-file': { argv: ['tmux', '-S', socket, 'start-server', ';', 'source-file', floor], check: true },
};

function timeOnce({ argv, before }) {
  before?.();
  const start = process.hrtime.bigint();
  const result = run(argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const error = result.error?.message ?? (result.status !== 0 ? `exit ${result.status}: ${result.stderr.trim()}` : undefined);
  return { ms, error };
}

// Round robin, one contender later each round; a contender that fails is left out after saying why.
async function measure(cases, { between, check } = {}) {
  const names = Object.keys(cases);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const failed = {};
  const checks = {};
  for (const name of names) { // warm-up and check
    await between?.();
    const first = timeOnce(cases[name]);
    if (first.error) failed[name] = first.error;
    else if (cases[name].check) checks[name] = await check(name);
  }
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + i) % names.length];
      if (failed[name]) continue;
      await between?.();
      const result = timeOnce(cases[name]);
      if (result.error) failed[name] = result.error;
      else samples[name].push(result.ms);
    }
  }
  return { samples, failed, checks };
}

const saves = await measure(saveCases);
const savedOk = existsSync(join(savesSh, 'last')) ? readFileSync(join(savesSh, 'last'), 'utf8').split('\n').filter((line) => line.startsWith('pane\t')).length : 0;
const restores = await measure(restoreCases, {
  between: killServer,
  // What the contender built, against what was saved (its panes' shells started first).
  check: async () => {
    await waitForShells();
    const state = serverState();
    const missing = original.filter((line) => !state.includes(line));
    const extra = state.filter((line) => !original.includes(line));
    return missing.length + extra.length === 0 ? 'as saved' : `differs: missing ${JSON.stringify(missing.slice(0, 3))}, unexpected ${JSON.stringify(extra.slice(0, 3))}${missing.length > 3 ? ` (${missing.length} lines in all)` : ''}`;
  },
});
await killServer();
rmSync(dir, { recursive: true, force: true });

const medians = ({ samples }) => {
  const overhead = median(samples['true (harness overhead)']);
  return { overhead, of: (name) => median(samples[name]) - overhead };
};
const ms = (value) => (Number.isNaN(value) ? '      -' : value.toFixed(1).padStart(7));
const x = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

function report(title, result, names) {
  const { overhead, of } = medians(result);
  console.log(`${title}, ${runs} interleaved runs each: medians less the harness's cost of starting a program (${overhead.toFixed(1)} ms for true)`);
  for (const name of names) {
    const note = result.failed[name] ? `   FAILED: ${result.failed[name].split('\n')[0]}` : result.checks[name] ? `   ${result.checks[name]}` : '';
    console.log(`  ${name.padEnd(28)} ${ms(of(name))} ms${note}`);
  }
  return of;
}

console.log(`Saving and restoring ${SESSIONS} sessions x 4 panes; every pane runs sh (not a login shell).\n`);
const save = report('save', saves, ['node -e 0', 'claude-sessions save', 'per-pane script', 'floor: one list-panes -a']);
if (savedOk !== 80) console.log(`  (the per-pane script saved ${savedOk} pane lines, not 80)`);
console.log('');
const restore = report('restore into a fresh server (the command starts it)', restores, ['claude-sessions restore', 'per-pane script', 'floor: one source-file']);
console.log('');
const line = (label, value, goal) => console.log(`  ${label.padEnd(40)} ${x(value).padStart(8)}${goal ? `   (goal ${goal})` : ''}`);
line('save / node -e 0', save('claude-sessions save') / save('node -e 0'), '<= 1.7');
line('save / per-pane script', save('claude-sessions save') / save('per-pane script'));
line('save / floor (one list-panes -a)', save('claude-sessions save') / save('floor: one list-panes -a'));
line('restore / floor (one source-file)', restore('claude-sessions restore') / restore('floor: one source-file'), '<= 2');
line('restore / per-pane script', restore('claude-sessions restore') / restore('per-pane script'));

// At scale (bench/persist-scale.mjs): BENCH_SCALE_SESSIONS (default 200) against 20,
// BENCH_SCALE_RUNS rounds (default 3); BENCH_SCALE=0 leaves it out, BENCH_PEERS=0 leaves out
// tmux-resurrect's scripts (minutes at 1,000 panes), BENCH_SCALE_RESTORE_ONLY=1 the save-side
// rounds; BENCH_BASELINE=another build's dist/claude-sessions.cjs runs beside this one.
if (process.env.BENCH_SCALE !== '0') {
  const scaleDir = mkdtempSync(join(tmpdir(), 'cs-persist-scale-'));
  try {
    await scaleBench(scaleDir, {
      big: Number(process.env.BENCH_SCALE_SESSIONS ?? 200),
      runs: Number(process.env.BENCH_SCALE_RUNS ?? 3),
      withPeers: process.env.BENCH_PEERS !== '0',
    });
  } finally {
    rmSync(scaleDir, { recursive: true, force: true });
  }
}
