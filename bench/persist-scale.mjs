// bench/persist.mjs, scale part: save and restore at 200 sessions / 1,000 panes (5 panes a
// session, every pane with ~80 lines of history, contents kept), and the same at 20 sessions so
// that the scale ratio shows. Each figure beside its floor from the same run:
//   save      / one list-panes -a of the same fields (one tmux call), / tmux-resurrect's save.sh;
//             with contents: every pane captured (no previous contents to reuse), and a save after
//             one that 1% of the panes printed since (the others' contents are reused)
//   restore   (into no server, with contents and without) / one source-file of the same sessions, / restore.sh
//   save through scripts/claude-sessions (as prefix C-s, autosave and the command line run it:
//             node without NODE_EXTRA_CA_CERTS, the bundle from V8's code cache), contents off and 1% printed
//   prefix C-s (save --display, 1% of the panes printed since the last save) and prefix C-r
//   (restore --display, every session already there)
//   BENCH_BASELINE=another build's dist/claude-sessions.cjs: its saves and restores in the same rounds, as ratios
//   BENCH_SCALE_RESTORE_ONLY=1: only the restore figures (and prefix C-r); BENCH_SCALE_SAVE_ONLY=1: only the save figures
// Rounds are interleaved (round robin); medians; tmux-resurrect's scripts run once (they take
// minutes at this size). Reports, never asserts; cleans up its servers and folders.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { floorFile } from './floor.mjs';
import { CLI, ROOT } from './preflight.mjs';
import { median } from './stats.mjs';

const PANES_PER_SESSION = 5;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
// shared/ beside the checkout (or beside a worktree's parent folder).
const peers = [resolve(ROOT, '..'), resolve(ROOT, '..', '..')].map((base) => join(base, 'shared', 'peers', 'tmux-resurrect', 'scripts')).find((path) => existsSync(join(path, 'save.sh')));

// What save's own tmux call reads of every pane (src/save/snapshot.ts), as one list-panes -a.
const PANE_FORMAT = ['#{session_id}', '#{session_name}', '#{window_index}', '#{window_active}', '#{window_flags}', '#{pane_index}', '#{pane_title}',
  '#{pane_current_path}', '#{pane_active}', '#{pane_current_command}', '#{pane_pid}', '#{pane_id}', '#{pane_start_command}'].join('\t');

// One private server (its socket, HOME with the .tmux.conf every start loads, save folder).
function makeServer(dir, name) {
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
    // No autosave timer while figures are taken (the plugin is loaded: measureScale).
    'set -g @claude-sessions-save-interval 0',
    'set -g @claude-sessions-capture-pane-contents on',
    'set -g @resurrect-capture-pane-contents on',
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
  const batch = (commands) => {
    for (let at = 0; at < commands.length; at += 150) tmux(...commands.slice(at, at + 150).flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  };
  return {
    home, saves, socket, env, run, tmux, batch,
    resurrectEnv: () => ({ ...env, TMUX: `${socket},${tmux('display-message', '-p', '#{pid}').trim()},0` }),
    // kill-server returns before a server of 1,000 panes is gone: wait until nothing answers.
    async kill() {
      run(['tmux', '-S', socket, 'kill-server']);
      for (let i = 0; i < 6000; i++) {
        if (/no server running|error connecting/.test(run(['tmux', '-S', socket, 'list-sessions']).stderr)) return;
        await sleep(10);
      }
      throw new Error('the tmux server did not exit');
    },
  };
}

const MARK = (address) => `contents-of-${address}`;
// The shim of this checkout (what tmux's keys and timers run).
const SHIM = join(ROOT, 'scripts', 'claude-sessions');
const withoutCaCerts = (env) => Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

// Sessions of five panes (odd ones with their last pane in a second window), each pane with
// ~80 lines of history ending in a line naming it, so restored contents can be checked.
async function buildServer(server, sessions) {
  server.tmux('start-server');
  for (let s = 0; s < sessions; s++) {
    const name = `project-${String(s).padStart(3, '0')}`;
    const folder = join(server.home, 'work', name);
    mkdirSync(folder, { recursive: true });
    const commands = [['new-session', '-d', '-s', name, '-c', folder]];
    const inFirst = s % 2 === 1 ? PANES_PER_SESSION - 1 : PANES_PER_SESSION;
    for (let p = 1; p < inFirst; p++) commands.push(['split-window', '-t', `=${name}:0`, '-c', folder], ['select-layout', '-t', `=${name}:0`, 'tiled']);
    if (inFirst < PANES_PER_SESSION) commands.push(['new-window', '-d', '-t', `=${name}:`, '-n', 'logs', '-c', folder]);
    server.batch(commands);
  }
  const panes = server.tmux('list-panes', '-a', '-F', '#{pane_id} #{session_name}:#{window_index}.#{pane_index}').split('\n').filter(Boolean);
  server.batch(panes.map((line) => {
    const [id, address] = line.split(' ');
    return ['send-keys', '-t', id, `seq 1 80; echo ${MARK(address)}`, 'Enter'];
  }));
  for (let i = 0; i < 600 && contentsMissing(server).length > 0; i++) await sleep(100);
}

// Panes whose contents (history included) lack their mark.
function contentsMissing(server) {
  const panes = server.tmux('list-panes', '-a', '-F', '#{pane_id} #{session_name}:#{window_index}.#{pane_index}').split('\n').filter(Boolean);
  const tag = 'cs-bench-capture';
  const commands = panes.flatMap((line, index) => [['display-message', '-p', `${tag} ${index}`], ['capture-pane', '-p', '-J', '-S', '-', '-t', line.split(' ')[0]]]);
  let output = '';
  for (let at = 0; at < commands.length; at += 300) output += server.tmux(...commands.slice(at, at + 300).flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  const found = new Set();
  const parts = output.split(new RegExp(`^${tag} (\\d+)\\n`, 'm'));
  for (let at = 1; at + 1 < parts.length; at += 2) {
    const address = panes[Number(parts[at])]?.split(' ')[1];
    if (parts[at + 1].split('\n').some((line) => line.trim() === MARK(address))) found.add(address);
  }
  return panes.map((line) => line.split(' ')[1]).filter((address) => !found.has(address));
}

function timed(server, argv, options = {}) {
  const start = process.hrtime.bigint();
  const result = server.run(argv, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.slice(0, 6).join(' ')}: exit ${result.status}: ${result.stderr}`);
  return ms;
}

// One scale: the save-side figures on the built server, then the restore-side ones from its save.
async function measureScale(dir, sessions, runs, { withPeers }) {
  const server = makeServer(dir, `scale-${sessions}`);
  const resurrect = withPeers ? peers : undefined;
  await buildServer(server, sessions);
  // Loaded as TPM loads it: its hooks count each window's layout changes, and a save reuses a
  // pane's contents only while they are in place.
  const loaded = server.run(['bash', join(ROOT, 'claude-sessions.tmux')], { env: server.resurrectEnv() });
  if (loaded.status !== 0) throw new Error(`claude-sessions.tmux exited ${loaded.status}: ${loaded.stderr}`);
  const cli = (...args) => ['node', CLI, '-S', server.socket, ...args];
  const shim = (path, ...args) => ['sh', path, '-S', server.socket, ...args];
  const underTmux = () => ({ env: server.resurrectEnv() });
  const baseShim = process.env.BENCH_BASELINE ? join(dirname(resolve(process.env.BENCH_BASELINE)), '..', 'scripts', 'claude-sessions') : undefined;
  let renames = 0;
  const change = () => server.tmux('rename-window', '-t', '=project-000:0', `round-${renames++}`);
  const capture = (on) => server.tmux('set-option', '-g', '@claude-sessions-capture-pane-contents', on ? 'on' : 'off');
  // 1% of the panes print a line; waited for before the save is timed.
  const paneIds = server.tmux('list-panes', '-a', '-F', '#{pane_id}').split('\n').filter(Boolean);
  const printed = Math.max(1, Math.round(paneIds.length / 100));
  let prints = 0;
  const printSome = () => {
    prints++;
    server.batch(paneIds.slice(0, printed).map((id) => ['send-keys', '-t', id, `echo printed-${prints}`, 'Enter']));
    spawnSync('sleep', ['0.3']);
  };
  // A save of ours right before (untimed), so that what is timed can reuse its contents.
  const primed = () => { capture(true); server.run(cli('save', '--quiet')); };
  // No previous contents to reuse: every pane is captured, the archive built.
  const forgetContents = () => {
    try {
      rmSync(realpathSync(join(server.saves, 'last')).replace(/\.txt$/, '.contents.gz'), { force: true });
    } catch {
      // no save yet
    }
  };
  const out = { sessions, panes: sessions * PANES_PER_SESSION };

  // tmux-resurrect's save.sh first: it rewrites `last` and the contents archive, which ours then replace.
  if (resurrect) out.resurrectSave = timed(server, ['bash', join(resurrect, 'save.sh'), 'quiet'], { env: server.resurrectEnv(), timeout: 30 * 60 * 1000 });
  const saveCases = {
    save: () => { capture(false); change(); return timed(server, cli('save', '--quiet')); },
    saveContents: () => { capture(true); forgetContents(); change(); return timed(server, cli('save', '--quiet')); },
    saveContentsLittle: () => { primed(); printSome(); change(); return timed(server, cli('save', '--quiet')); },
    keySave: () => { primed(); printSome(); change(); return timed(server, cli('save', '--display')); },
    listPanes: () => timed(server, ['tmux', '-S', server.socket, 'list-panes', '-a', '-F', PANE_FORMAT]),
    // As prefix C-s, the autosave timer and `claude-sessions save` run it: through the shim
    // (node started without NODE_EXTRA_CA_CERTS, the bundle from V8's code cache), under the
    // server's $TMUX as tmux's run-shell and a pane's shell give it.
    shimSave: () => { capture(false); change(); return timed(server, shim(SHIM, 'save', '--quiet'), underTmux()); },
    shimSaveContentsLittle: () => { primed(); printSome(); change(); return timed(server, shim(SHIM, 'save', '--quiet'), underTmux()); },
    // Node's own start, as the bench starts the CLI and as the shim does.
    nodeStart: () => timed(server, ['node', '-e', '0']),
    nodeStartShim: () => timed(server, ['node', '-e', '0'], { env: withoutCaCerts(server.env) }),
    keyRestore: () => timed(server, cli('restore', '--display')),
  };
  // BENCH_BASELINE=path/to/another/dist/claude-sessions.cjs: that build's saves timed in the same rounds.
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) {
    const base = (...args) => ['node', baseline, '-S', server.socket, ...args];
    Object.assign(saveCases, {
      baseSave: () => { capture(false); change(); return timed(server, base('save', '--quiet')); },
      baseShimSave: () => { capture(false); change(); return timed(server, shim(baseShim, 'save', '--quiet'), underTmux()); },
      baseShimSaveContentsLittle: () => { primed(); printSome(); change(); return timed(server, shim(baseShim, 'save', '--quiet'), underTmux()); },
      baseSaveContents: () => { capture(true); forgetContents(); change(); return timed(server, base('save', '--quiet')); },
      baseSaveContentsLittle: () => { primed(); printSome(); change(); return timed(server, base('save', '--quiet')); },
      baseKeySave: () => { primed(); printSome(); change(); return timed(server, base('save', '--display')); },
      baseKeyRestore: () => timed(server, base('restore', '--display')),
    });
  }
  // BENCH_SCALE_RESTORE_ONLY=1: the restore figures only (the save-side rounds are left out).
  if (process.env.BENCH_SCALE_RESTORE_ONLY === '1') for (const name of Object.keys(saveCases)) if (!/Restore$/.test(name)) delete saveCases[name];
  const samples = Object.fromEntries(Object.keys(saveCases).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    const names = Object.keys(saveCases);
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      samples[name].push(saveCases[name]());
    }
  }
  // The saves restored below: one without contents, then one with them, `last` (restore.sh restores `last`).
  capture(false);
  change();
  const bare = JSON.parse(server.run(cli('save', '--json')).stdout);
  capture(true);
  change();
  const saved = JSON.parse(server.run(cli('save', '--json')).stdout);
  const floor = join(dir, `floor-${sessions}.conf`);
  writeFileSync(floor, floorFile(readFileSync(saved.file, 'utf8')));

  // Each restore into no server; BENCH_BASELINE's build restores the same saves in the same rounds.
  const restoreCases = {
    restore: () => timed(server, cli('restore', '--file', saved.file)),
    restoreBare: () => timed(server, cli('restore', '--file', bare.file)),
    sourceFile: () => timed(server, ['tmux', '-S', server.socket, 'start-server', ';', 'source-file', floor]),
  };
  if (baseline) {
    const base = (...args) => ['node', baseline, '-S', server.socket, ...args];
    restoreCases.baseRestore = () => timed(server, base('restore', '--file', saved.file));
    restoreCases.baseRestoreBare = () => timed(server, base('restore', '--file', bare.file));
  }
  // BENCH_SCALE_SAVE_ONLY=1: the save figures only (the restore rounds are left out).
  if (process.env.BENCH_SCALE_SAVE_ONLY === '1') for (const name of Object.keys(restoreCases)) delete restoreCases[name];
  for (const name of Object.keys(restoreCases)) samples[name] = [];
  out.restoreOk = true;
  for (let round = 0; round < runs && Object.keys(restoreCases).length > 0; round++) {
    const names = Object.keys(restoreCases);
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      await server.kill();
      samples[name].push(restoreCases[name]());
      if (name === 'restore') {
        // Checked once: every pane back with its contents (shown by each pane's start script).
        if (round === 0) {
          let missing = [];
          for (let i = 0; i < 150; i++) {
            missing = contentsMissing(server);
            if (missing.length === 0) break;
            await sleep(200);
          }
          out.restoreCheck = `${server.tmux('list-panes', '-a', '-F', '#{pane_id}').split('\n').filter(Boolean).length} panes back, ${missing.length} without their contents`;
        }
      }
    }
  }
  if (resurrect && process.env.BENCH_SCALE_SAVE_ONLY !== '1') {
    await server.kill();
    server.tmux('new-session', '-d', '-s', 'resurrect-start');
    out.resurrectRestore = timed(server, ['bash', join(resurrect, 'restore.sh')], { env: server.resurrectEnv(), timeout: 30 * 60 * 1000 });
  }
  await server.kill();
  for (const [name, values] of Object.entries(samples)) out[name] = median(values);
  out.printed = printed;
  return out;
}

// Run both scales and print every figure, ratios first, medians beside them.
export async function scaleBench(dir, { big = 200, small = 20, runs = 3, withPeers = true } = {}) {
  const servers = [big, small].map((sessions) => join(dir, `scale-${sessions}`, 'sock'));
  const cleanup = () => servers.forEach((socket) => spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' }));
  process.once('SIGINT', () => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    const large = await measureScale(dir, big, runs, { withPeers });
    const little = await measureScale(dir, small, runs, { withPeers });
    const ms = (value) => (value === undefined || Number.isNaN(value) ? '-' : `${value.toFixed(0)} ms`);
    const x = (a, b) => (a !== undefined && b !== undefined && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');
    console.log(`\nAt scale: ${large.sessions} sessions / ${large.panes} panes against ${little.sessions} / ${little.panes}, every pane with ~80 lines of history; ${runs} interleaved rounds, medians (tmux-resurrect's scripts once)`);
    for (const s of [large, little]) {
      console.log(`  ${s.sessions} sessions / ${s.panes} panes`);
      console.log(`    save (contents off)                ${ms(s.save).padStart(8)}   ${x(s.save, s.listPanes)} one list-panes -a of the same fields (${ms(s.listPanes)})`);
      console.log(`    save (contents on, all captured)   ${ms(s.saveContents).padStart(8)}   ${x(s.saveContents, s.listPanes)} list-panes -a, ${x(s.saveContents, s.resurrectSave)} tmux-resurrect's save.sh (${ms(s.resurrectSave)})`);
      console.log(`    ${`save (contents on, ${s.printed} printed)`.padEnd(35)}${ms(s.saveContentsLittle).padStart(8)}   ${x(s.saveContentsLittle, s.listPanes)} list-panes -a`);
      console.log(`    restore, no server, contents       ${ms(s.restore).padStart(8)}   ${x(s.restore, s.sourceFile)} one source-file of the same sessions (${ms(s.sourceFile)}), ${x(s.restore, s.resurrectRestore)} tmux-resurrect's restore.sh (${ms(s.resurrectRestore)}); ${s.restoreCheck}`);
      console.log(`    restore, no server, no contents    ${ms(s.restoreBare).padStart(8)}   ${x(s.restoreBare, s.sourceFile)} one source-file of the same sessions`);
      if (s.baseRestore !== undefined) {
        console.log(`    baseline build: restore ${ms(s.baseRestore)} (${x(s.baseRestore, s.sourceFile)} source-file), without contents ${ms(s.baseRestoreBare)} (${x(s.baseRestoreBare, s.sourceFile)}); this build / baseline: restore ${x(s.restore, s.baseRestore)}, without contents ${x(s.restoreBare, s.baseRestoreBare)}`);
      }
      console.log(`    save through the shim (as C-s, autosave and the command line run it): contents off ${ms(s.shimSave)} (${x(s.shimSave, s.listPanes)} list-panes -a), with contents ${s.printed} printed ${ms(s.shimSaveContentsLittle)} (${x(s.shimSaveContentsLittle, s.listPanes)})${s.baseShimSave === undefined ? '' : `; this build / baseline ${x(s.shimSave, s.baseShimSave)}, ${x(s.shimSaveContentsLittle, s.baseShimSaveContentsLittle)} (baseline ${ms(s.baseShimSave)}, ${ms(s.baseShimSaveContentsLittle)})`}`);
      console.log(`    node -e 0: ${ms(s.nodeStart)} as the bench starts the CLI (this machine's NODE_EXTRA_CA_CERTS: ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}), ${ms(s.nodeStartShim)} as the shim starts it; node start + one list-panes -a: ${ms(s.nodeStartShim + s.listPanes)}`);
      console.log(`    prefix C-s (save --display)        ${ms(s.keySave).padStart(8)}   ${x(s.keySave, s.listPanes)} list-panes -a (contents on, ${s.printed} printed)`);
      if (s.baseSave !== undefined) {
        console.log(`    baseline build: save ${ms(s.baseSave)}, with contents ${ms(s.baseSaveContents)} (all captured) / ${ms(s.baseSaveContentsLittle)} (${s.printed} printed), prefix C-s ${ms(s.baseKeySave)}`);
        console.log(`    this build / baseline: save ${x(s.save, s.baseSave)}, with contents ${x(s.saveContents, s.baseSaveContents)} (all captured) / ${x(s.saveContentsLittle, s.baseSaveContentsLittle)} (${s.printed} printed), prefix C-s ${x(s.keySave, s.baseKeySave)}`);
      }
      console.log(`    prefix C-r (restore --display, all there) ${ms(s.keyRestore).padStart(8)}${s.baseKeyRestore === undefined ? '' : `   baseline build ${ms(s.baseKeyRestore)}, this build / baseline ${x(s.keyRestore, s.baseKeyRestore)}`}`);
    }
    console.log(`  ${large.sessions} / ${little.sessions} sessions: save ${x(large.save, little.save)} (through the shim ${x(large.shimSave, little.shimSave)}), save with contents ${x(large.saveContents, little.saveContents)} (all captured) / ${x(large.saveContentsLittle, little.saveContentsLittle)} (1% printed), list-panes -a ${x(large.listPanes, little.listPanes)}, restore ${x(large.restore, little.restore)}, prefix C-s ${x(large.keySave, little.keySave)} (goal <= 2x), prefix C-r ${x(large.keyRestore, little.keyRestore)} (goal <= 2x)`);
    if (large.baseSave !== undefined) console.log(`  baseline build, ${large.sessions} / ${little.sessions} sessions: save ${x(large.baseSave, little.baseSave)}, save with contents ${x(large.baseSaveContents, little.baseSaveContents)} (all captured) / ${x(large.baseSaveContentsLittle, little.baseSaveContentsLittle)} (1% printed), prefix C-s ${x(large.baseKeySave, little.baseKeySave)}`);
    console.log(`  thresholds at ${large.panes} panes: save through the shim ${ms(large.shimSave)}, with contents (1% printed) ${ms(large.shimSaveContentsLittle)} (goal <= 300 ms); run as node dist/claude-sessions.cjs: save ${ms(large.save)}, with contents ${ms(large.saveContents)} (all captured) / ${ms(large.saveContentsLittle)} (1% printed); restore ${ms(large.restore)}, without contents ${ms(large.restoreBare)} (goal <= 2000 ms; tmux's own source-file of the same sessions, which no restore can beat: ${ms(large.sourceFile)})`);
  } finally {
    cleanup();
  }
}
