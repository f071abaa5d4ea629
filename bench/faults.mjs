#!/usr/bin/env zx
// npm run bench (fault part): what saving and restoring lose when things go wrong. Three
// trials, each against real tmux servers on private sockets, reported as counts (corrupted or
// lost saves, sessions lost) and, for the big restore, medians and ratios from this run:
//   1. kill -9 during save: a save killed at a random moment of its run, 200 times; after each,
//      `last` must name a complete save of every session and the next save must succeed;
//   2. our save racing tmux-resurrect's save.sh (what tmux-continuum runs every 15 minutes),
//      30 rounds started 0-1000 ms apart in either order; after each, `last` must name a
//      complete save of every session and our save must still be there;
//   3. save + kill-server + restore of 200 sessions / 1,000 panes with contents, restore run
//      right after kill-server; every session, pane and pane's contents must come back. Timed
//      against one batched tmux call (the floor) and tmux-resurrect's own restore.sh.
// BENCH_FAULT_KILLS, BENCH_FAULT_RACES, BENCH_FAULT_SESSIONS change the sizes. Reports, never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { floorFile } from './floor.mjs';
import { CLI, preflight, ROOT } from './preflight.mjs';
import { median } from './stats.mjs';

const root = ROOT;
const cli = CLI;
const peers = resolve(root, '..', 'shared', 'peers', 'tmux-resurrect', 'scripts');
const KILLS = Number(process.env.BENCH_FAULT_KILLS ?? 200);
const RACES = Number(process.env.BENCH_FAULT_RACES ?? 30);
const BIG_SESSIONS = Number(process.env.BENCH_FAULT_SESSIONS ?? 200);
const PANES_PER_SESSION = 5;

preflight({ needsCli: true });
const resurrect = existsSync(join(peers, 'save.sh')) ? peers : undefined;
if (resurrect === undefined) console.log(`tmux-resurrect not found in ${peers}: its trials are left out.\n`);

const dir = mkdtempSync(join(tmpdir(), 'cs-fault-bench-'));
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const ms = (value) => `${value.toFixed(0)} ms`;
const x = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

// One private server: its socket, HOME (with the .tmux.conf every start loads) and save folder.
function makeServer(name, { capture }) {
  const home = join(dir, name);
  const saves = join(home, 'saves');
  mkdirSync(saves, { recursive: true });
  writeFileSync(join(home, '.tmux.conf'), [
    'set -g default-shell /bin/sh',
    'set -g default-command sh',
    'set -g default-size 160x50',
    'set -g exit-empty off',
    'set -g history-limit 5000',
    `set -g @resurrect-dir '${saves}'`,
    'set -g @claude-sessions-keep-days 0',
    `set -g @claude-sessions-capture-pane-contents ${capture ? 'on' : 'off'}`,
    `set -g @resurrect-capture-pane-contents ${capture ? 'on' : 'off'}`,
    '',
  ].join('\n'));
  const socket = join(home, 'sock');
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') };
  delete env.TMUX;
  delete env.TMUX_PANE;
  const run = (argv, options = {}) => spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const tmux = (...args) => {
    const result = run(['tmux', '-S', socket, ...args]);
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const server = {
    home, saves, socket, env, run, tmux,
    cli: (...args) => run(['node', cli, '-S', socket, ...args]),
    // The CLI as a child we can kill or race.
    spawnCli: (...args) => spawn('node', [cli, '-S', socket, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    // tmux-resurrect's scripts find the server through $TMUX.
    resurrectEnv: () => ({ ...env, TMUX: `${socket},${tmux('display-message', '-p', '#{pid}').trim()},0` }),
    sessions: () => tmux('list-sessions', '-F', '#{session_name}').split('\n').filter(Boolean),
    async kill() {
      run(['tmux', '-S', socket, 'kill-server']);
      for (let i = 0; i < 3000; i++) {
        if (/no server running|error connecting/.test(run(['tmux', '-S', socket, 'list-sessions']).stderr)) return;
        await sleep(10);
      }
      throw new Error('the tmux server did not exit');
    },
  };
  return server;
}

// Build sessions of `panes` panes each, one tmux call per session (the config is loaded first).
function buildSessions(server, count, panes) {
  server.tmux('start-server');
  for (let s = 0; s < count; s++) {
    const name = `project-${String(s).padStart(3, '0')}`;
    const folder = join(server.home, 'work', name);
    mkdirSync(folder, { recursive: true });
    const commands = [['new-session', '-d', '-s', name, '-c', folder]];
    // Odd sessions put their last pane in a second window.
    const inFirst = s % 2 === 1 && panes > 1 ? panes - 1 : panes;
    for (let p = 1; p < inFirst; p++) commands.push(['split-window', '-t', `=${name}:0`, '-c', folder], ['select-layout', '-t', `=${name}:0`, 'tiled']);
    if (inFirst < panes) commands.push(['new-window', '-d', '-t', `=${name}:`, '-n', 'logs', '-c', folder]);
    server.tmux(...commands.flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  }
}

// A save file as a checker independent of the product reads it: complete when every line is
// a known type, it ends with a newline and its last line is the state line.
function readSave(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { complete: false, reason: error.code, sessions: new Set() };
  }
  const lines = text.split('\n');
  const tail = lines.pop();
  const sessions = new Set();
  let panes = 0;
  for (const line of lines) {
    const [type, session] = line.split('\t');
    if (type === 'pane') {
      panes++;
      sessions.add(session);
    } else if (!['window', 'state', 'grouped_session'].includes(type)) return { complete: false, reason: `line ${JSON.stringify(line.slice(0, 40))}`, sessions };
  }
  const complete = tail === '' && panes > 0 && lines.at(-1)?.startsWith('state\t') === true;
  return { complete, reason: complete ? '' : 'cut short', sessions, panes };
}

const saveFiles = (saves) => readdirSync(saves).filter((name) => /^tmux_resurrect_.*\.txt$/.test(name));

// Whether `last` names a complete save holding every session in `expected`.
function checkLast(saves, expected) {
  let target;
  try {
    target = readlinkSync(join(saves, 'last'));
  } catch {
    return { ok: false, why: '`last` is missing' };
  }
  const save = readSave(resolve(saves, target));
  if (!save.complete) return { ok: false, why: `\`last\` -> ${target}: ${save.reason}` };
  const missing = expected.filter((name) => !save.sessions.has(name));
  return missing.length === 0 ? { ok: true, target } : { ok: false, why: `\`last\` -> ${target} lacks ${missing.length} sessions`, lost: missing.length };
}

function corruptedIn(saves) {
  return saveFiles(saves).filter((name) => !readSave(join(saves, name)).complete);
}

function exited(child) {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

// --- 1. kill -9 during save ---------------------------------------------------------------
async function killDuringSave() {
  const server = makeServer('kill', { capture: true });
  buildSessions(server, 20, 4);
  const expected = server.sessions();
  let renames = 0;
  const change = () => server.tmux('rename-window', '-t', '=project-000:0', `round-${renames++}`);
  // How long a save of this server runs, to spread the kills over it.
  const durations = [];
  for (let i = 0; i < 7; i++) {
    change();
    const start = performance.now();
    const result = server.cli('save', '--quiet');
    if (result.status !== 0) throw new Error(`save failed: ${result.stderr}`);
    durations.push(performance.now() - start);
  }
  const typical = median(durations);
  const tally = { trials: 0, killedMidSave: 0, finishedFirst: 0, lastBroken: 0, sessionsLost: 0, corrupted: 0, nextSaveFailed: 0 };
  const nextSave = [];
  const problems = [];
  for (let trial = 0; trial < KILLS; trial++) {
    change();
    const child = server.spawnCli('save', '--quiet');
    const done = exited(child);
    await sleep(Math.random() * typical * 1.2);
    const alive = child.exitCode === null && child.signalCode === null;
    child.kill('SIGKILL');
    const result = await done;
    tally.trials++;
    if (alive && result.signal === 'SIGKILL') tally.killedMidSave++;
    else tally.finishedFirst++;
    const last = checkLast(server.saves, expected);
    if (!last.ok) {
      tally.lastBroken++;
      tally.sessionsLost += last.lost ?? expected.length;
      problems.push(`trial ${trial}: ${last.why}`);
    }
    const corrupted = corruptedIn(server.saves);
    tally.corrupted += corrupted.length;
    if (corrupted.length > 0) problems.push(`trial ${trial}: incomplete ${corrupted.join(', ')}`);
    // The save after a killed one: must work, without waiting out a dead lock.
    if (trial % 4 === 3) {
      change();
      const start = performance.now();
      const next = server.cli('save', '--quiet');
      nextSave.push(performance.now() - start);
      if (next.status !== 0) {
        tally.nextSaveFailed++;
        problems.push(`trial ${trial}: the next save failed: ${next.stderr.trim()}`);
      }
    }
  }
  await server.kill();
  return { tally, typical, nextSave: median(nextSave), problems };
}

// --- 2. our save racing tmux-resurrect's save.sh -------------------------------------------
async function raceResurrect() {
  const server = makeServer('race', { capture: true });
  buildSessions(server, 6, 3);
  const expected = server.sessions();
  const resurrectEnv = server.resurrectEnv();
  const tally = { rounds: 0, lastBroken: 0, sessionsLost: 0, oursLost: 0, corrupted: 0, oursFailed: 0, resurrectFailed: 0 };
  const problems = [];
  const resurrectTimes = [];
  for (let round = 0; round < RACES; round++) {
    server.tmux('rename-window', '-t', '=project-000:0', `race-${round}`);
    const offset = RACES > 1 ? Math.round((round * 1000) / (RACES - 1)) : 0;
    const oursFirst = round % 2 === 0;
    const startOurs = () => exited(server.spawnCli('save', '--json'));
    const startTheirs = () => {
      const start = performance.now();
      return exited(spawn('bash', [join(resurrect, 'save.sh'), 'quiet'], { env: resurrectEnv, stdio: ['ignore', 'pipe', 'pipe'] })).then((result) => {
        resurrectTimes.push(performance.now() - start);
        return result;
      });
    };
    const first = oursFirst ? startOurs() : startTheirs();
    await sleep(offset);
    const second = oursFirst ? startTheirs() : startOurs();
    const [ours, theirs] = oursFirst ? await Promise.all([first, second]) : (await Promise.all([first, second])).reverse();
    tally.rounds++;
    if (ours.code !== 0) {
      tally.oursFailed++;
      problems.push(`round ${round}: our save failed: ${ours.stderr.trim()}`);
    } else {
      const file = JSON.parse(ours.stdout).file;
      if (!existsSync(file) || !readSave(file).complete) {
        tally.oursLost++;
        problems.push(`round ${round} (${offset} ms, ${oursFirst ? 'ours first' : 'resurrect first'}): our save ${file} is gone or broken`);
      }
    }
    if (theirs.code !== 0) tally.resurrectFailed++;
    const last = checkLast(server.saves, expected);
    if (!last.ok) {
      tally.lastBroken++;
      tally.sessionsLost += last.lost ?? expected.length;
      problems.push(`round ${round} (${offset} ms, ${oursFirst ? 'ours first' : 'resurrect first'}): ${last.why}`);
    }
    const corrupted = corruptedIn(server.saves);
    tally.corrupted += corrupted.length;
    if (corrupted.length > 0) problems.push(`round ${round}: incomplete ${corrupted.join(', ')}`);
  }
  await server.kill();
  return { tally, problems, resurrectSave: median(resurrectTimes) };
}

// --- 3. 200 sessions / 1,000 panes with contents -------------------------------------------
const MARK = (pane) => `contents-of-${pane}`;

// Each pane prints a line naming it and some history, so its restored contents can be checked.
async function markPanes(server) {
  const panes = server.tmux('list-panes', '-a', '-F', '#{pane_id} #{session_name}:#{window_index}.#{pane_index}').split('\n').filter(Boolean);
  const commands = panes.map((line) => {
    const [id, address] = line.split(' ');
    return ['send-keys', '-t', id, `seq 1 80; echo ${MARK(address)}`, 'Enter'];
  });
  for (let at = 0; at < commands.length; at += 200) server.tmux(...commands.slice(at, at + 200).flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  for (let i = 0; i < 600; i++) {
    const missing = contentsMissing(server);
    if (missing.length === 0) return panes.length;
    if (i === 599) console.log(`   (still without their mark: ${missing.slice(0, 5).join(', ')} of ${missing.length})`);
    await sleep(100);
  }
  throw new Error('the panes did not print their marks');
}

// Panes whose contents (history included) lack their mark. (Messages carry only an index:
// tmux pads a display-message text holding a `%N` pane id with spaces.)
function contentsMissing(server) {
  const panes = server.tmux('list-panes', '-a', '-F', '#{pane_id} #{session_name}:#{window_index}.#{pane_index}').split('\n').filter(Boolean);
  const tag = 'cs-bench-capture';
  const commands = panes.flatMap((line, index) => [['display-message', '-p', `${tag} ${index}`], ['capture-pane', '-p', '-J', '-S', '-', '-t', line.split(' ')[0]]]);
  let output = '';
  for (let at = 0; at < commands.length; at += 400) output += server.tmux(...commands.slice(at, at + 400).flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  const found = new Set();
  const parts = output.split(new RegExp(`^${tag} (\\d+)\\n`, 'm'));
  for (let at = 1; at + 1 < parts.length; at += 2) {
    const address = panes[Number(parts[at])]?.split(' ')[1];
    if (parts[at + 1].split('\n').some((line) => line.trim() === MARK(address))) found.add(address);
  }
  return panes.map((line) => line.split(' ')[1]).filter((address) => !found.has(address));
}

function countOf(server) {
  const panes = server.tmux('list-panes', '-a', '-F', '#{session_name}').split('\n').filter(Boolean);
  return { sessions: new Set(panes).size, panes: panes.length };
}

async function bigRestore() {
  const server = makeServer('big', { capture: true });
  buildSessions(server, BIG_SESSIONS, PANES_PER_SESSION);
  const panes = await markPanes(server);
  const expected = server.sessions();
  let start = performance.now();
  const saved = server.cli('save', '--json');
  const saveMs = performance.now() - start;
  if (saved.status !== 0) throw new Error(`save failed: ${saved.stderr}`);
  const file = JSON.parse(saved.stdout).file;
  const floor = join(server.home, 'floor.conf');
  writeFileSync(floor, floorFile(readFileSync(file, 'utf8')));

  // Each round: kill-server and restore at once, as a user who restarts tmux does (the old
  // server may still be going away: that restore must succeed at its first try); then, the
  // server gone, the restore timed against the floor.
  const rounds = [];
  const floors = [];
  const restoreAndCheck = async () => {
    const start = performance.now();
    const restored = server.cli('restore', '--file', file, '--json');
    const restoreMs = performance.now() - start;
    const counts = restored.status === 0 ? countOf(server) : { sessions: 0, panes: 0 };
    // Contents are shown by each pane's start script: give the last panes a moment.
    let missing = [];
    for (let i = 0; i < 100; i++) {
      missing = restored.status === 0 ? contentsMissing(server) : ['(restore failed)'];
      if (missing.length === 0) break;
      await sleep(200);
    }
    const present = restored.status === 0 ? new Set(server.sessions()) : new Set();
    return { restoreMs, ok: restored.status === 0, error: restored.stderr.trim(), ...counts, lost: expected.filter((name) => !present.has(name)).length, contentsMissing: missing.length };
  };
  for (let round = 0; round < 3; round++) {
    server.run(['tmux', '-S', server.socket, 'kill-server']);
    const atOnce = await restoreAndCheck();
    await server.kill();
    const timed = await restoreAndCheck();
    rounds.push({ atOnce, timed });
    await server.kill();
    const start = performance.now();
    const floorRun = server.run(['tmux', '-S', server.socket, 'start-server', ';', 'source-file', floor]);
    floors.push(performance.now() - start);
    if (floorRun.status !== 0) throw new Error(`the floor failed: ${floorRun.stderr}`);
    await server.kill();
  }

  // tmux-resurrect's restore.sh of the same save (it restores `last`, which is this save),
  // with contents from the pane_contents.tar.gz our save keeps for it.
  let theirs;
  if (resurrect !== undefined) {
    server.tmux('new-session', '-d', '-s', 'resurrect-start');
    start = performance.now();
    const result = server.run(['bash', join(resurrect, 'restore.sh')], { env: server.resurrectEnv(), timeout: 30 * 60 * 1000 });
    const restoreMs = performance.now() - start;
    const counts = countOf(server);
    const missing = contentsMissing(server).filter((address) => !address.startsWith('resurrect-start'));
    theirs = { restoreMs, ok: result.status === 0, ...counts, contentsMissing: missing.length };
    await server.kill();
  }
  return { panes, saveMs, rounds, floor: median(floors), theirs };
}

// --- run and report -------------------------------------------------------------------------
console.log(`Fault bench: kill -9 during save x${KILLS}, race with tmux-resurrect x${RACES}, restore of ${BIG_SESSIONS} sessions / ${BIG_SESSIONS * PANES_PER_SESSION} panes.\n`);
try {
  const kills = await killDuringSave();
  const k = kills.tally;
  console.log(`1. kill -9 during save (20 sessions x 4 panes, contents on, keep-days 0; a save runs ${ms(kills.typical)} here)`);
  console.log(`   trials ${k.trials}: killed mid-save ${k.killedMidSave}, finished before the kill ${k.finishedFirst}`);
  console.log(`   corrupted saves ${k.corrupted}, \`last\` not a complete save ${k.lastBroken}, sessions lost ${k.sessionsLost}, next save failed ${k.nextSaveFailed}`);
  console.log(`   the save after a kill / an undisturbed save: ${x(kills.nextSave / kills.typical)} (medians)`);
  for (const problem of kills.problems.slice(0, 10)) console.log(`   ! ${problem}`);
  console.log('');

  if (resurrect !== undefined) {
    const race = await raceResurrect();
    const r = race.tally;
    console.log(`2. our save racing tmux-resurrect's save.sh (6 sessions, contents on; save.sh runs ${ms(race.resurrectSave)} here), started 0-1000 ms apart`);
    console.log(`   rounds ${r.rounds}: corrupted saves ${r.corrupted}, our saves lost ${r.oursLost}, \`last\` not a complete save ${r.lastBroken}, sessions lost ${r.sessionsLost}`);
    console.log(`   our save failed ${r.oursFailed}, save.sh failed ${r.resurrectFailed}`);
    for (const problem of race.problems.slice(0, 10)) console.log(`   ! ${problem}`);
    console.log('');
  }

  const big = await bigRestore();
  console.log(`3. ${BIG_SESSIONS} sessions / ${big.panes} panes with contents (${ms(big.saveMs)} to save), 3 rounds`);
  const outcome = (r) => (r.ok ? `${r.sessions} sessions, ${r.panes} panes back, sessions lost ${r.lost}, panes without their contents ${r.contentsMissing}` : `FAILED: ${r.error.split('\n')[0]}`);
  for (const [i, round] of big.rounds.entries()) {
    console.log(`   round ${i + 1}, restore right after kill-server: ${outcome(round.atOnce)}`);
    console.log(`   round ${i + 1}, restore into no server:          ${outcome(round.timed)} (${ms(round.timed.restoreMs)})`);
  }
  const ours = median(big.rounds.map((round) => round.timed.restoreMs));
  console.log(`   restore / floor (one source-file, no contents): ${x(ours / big.floor)}   (medians ${ms(ours)} / ${ms(big.floor)})`);
  if (big.theirs) {
    const t = big.theirs;
    console.log(`   tmux-resurrect's restore.sh of the same save: ${t.ok ? 'ok' : 'FAILED'}, ${t.sessions} sessions, ${t.panes} panes, panes without their contents ${t.contentsMissing}`);
    console.log(`   restore / tmux-resurrect's restore.sh: ${x(ours / t.restoreMs)}   (${ms(ours)} / ${ms(t.restoreMs)}, one run)`);
  }
} finally {
  for (const name of ['kill', 'race', 'big']) spawnSync('tmux', ['-S', join(dir, name, 'sock'), 'kill-server'], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
