#!/usr/bin/env zx
// npm run bench (fifth part): the switcher popup.
// 1. Key press to first paint, through a real tmux client: an outer tmux server whose pane
//    runs a client of an inner server (the plugin loaded, 20 sessions); a control-mode client
//    of the outer server sees what the inner client draws (%output). The clock starts when the
//    keys are written to the control client, and stops when the first row's name has been
//    drawn. Cases, interleaved round robin: ours (the plugin's key), ours with no shell frame
//    (Node paints alone), fzf over `tmux ls`, and the floor (one tmux call printing the names).
//    Measured at 20 sessions, then again once the server has grown to 200 sessions / 1,000 panes.
// 2. Each keystroke end to end over 1,000 real sessions (BENCH_POPUP_E2E_SESSIONS), ours
//    against fzf: key written -> prompt line redrawn on the real client; median, p95.
// 3. The work per keystroke over 1,000 rows, in process: applyKey then renderFrame, against
//    the 16 ms of a 60 Hz frame; and a refresh (withRows) over the same rows.
// Needs fzf on PATH (apt-get install fzf) for the fzf cases.
// Medians and ratios measured in the same run; quote the ratios. Reports, never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-popup-bench-'));
const inner = join(dir, 'inner');
const outer = join(dir, 'outer');
const shim = join(root, 'scripts', 'claude-sessions');
const env = { ...process.env };
for (const name of ['TMUX', 'TMUX_PANE', 'FZF_DEFAULT_OPTS', 'FZF_DEFAULT_OPTS_FILE', 'FZF_DEFAULT_COMMAND', 'CLAUDE_SESSIONS_NO_FRAME']) delete env[name];

// The row the popups must draw: it sorts first in the switcher (a workspace with a waiting
// agent, first by name) and in `tmux ls`.
const FIRST = 'claude-dev-aaaa-first';
const notes = [];
let control;
const serverPids = [];

function cleanup() {
  try {
    control?.kill();
  } catch {}
  for (const socket of [outer, inner]) spawnSync('tmux', ['-S', socket, 'kill-server'], { env, stdio: 'ignore' });
  // A server with 1,000 sessions takes seconds to go: wait for it (15 s at most).
  for (const pid of serverPids) spawnSync('sh', ['-c', `for i in $(seq 150); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.1; done`]);
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const tmuxAt = (socket) => (...args) => {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`tmux -S ${socket} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const tmuxIn = tmuxAt(inner);
const tmuxOut = tmuxAt(outer);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const quote = (text) => `'${text.replaceAll("'", `'\\''`)}'`;

try {
  await firstPaint();
} catch (error) {
  console.log(`\npopup first paint: not measured: ${error.message}`);
  process.exitCode = 1;
}
control?.kill();
control = undefined;
await perKeystroke();
if (notes.length > 0) console.log(`\nnotes:\n${notes.map((note) => `  - ${note}`).join('\n')}`);

// ---------------------------------------------------------------------------------------
// 1. Key press to first paint.

async function firstPaint() {
  // The inner server: the user's, 30 sessions, some panes with agents waiting or working.
  const projects = join(dir, 'projects');
  mkdirSync(projects);
  const setup = [
    ['new-session', '-d', '-s', 'scratch', '-x', '160', '-y', '48', 'sh'],
    ['set-option', '-g', 'default-command', 'sh'],
    // Closing with Esc: the inner server holds a lone ESC for escape-time (500 ms by default)
    // before the popup gets it. Only the close waits on it, never the measured paint.
    ['set-option', '-s', 'escape-time', '20'],
    // Nothing of the user's home in the rows, and no autosave firing in the middle of a round.
    ['set-option', '-g', '@claude-sessions-projects-dir', projects],
    ['set-option', '-g', '@claude-sessions-save-interval', '0'],
    ['new-session', '-d', '-s', FIRST],
    ['split-window', '-t', `=${FIRST}:0`],
    ['set-option', '-p', '-t', `=${FIRST}:0.0`, '@claude-state', 'waiting'],
    ['set-option', '-p', '-t', `=${FIRST}:0.1`, '@claude-state', 'working'],
  ];
  for (let i = 0; i < 14; i++) {
    const name = `claude-dev-project-${String(i).padStart(2, '0')}`;
    setup.push(['new-session', '-d', '-s', name], ['split-window', '-t', `=${name}:0`]);
    if (i % 4 === 1) setup.push(['set-option', '-p', '-t', `=${name}:0.0`, '@claude-state', 'waiting']);
    if (i % 3 === 0) setup.push(['set-option', '-p', '-t', `=${name}:0.1`, '@claude-state', 'working']);
    if (i % 5 === 2) setup.push(['set-option', '-p', '-t', `=${name}:0.1`, '@claude-state', 'idle']);
  }
  for (const name of ['dotfiles', 'monitoring', 'notes', 'server-logs']) setup.push(['new-session', '-d', '-s', name]);
  tmuxIn(...setup.flatMap((command, index) => (index === 0 ? command : [';', ...command])));
    const innerPid = Number(tmuxIn('display-message', '-p', '#{pid}').trim());
  serverPids.push(innerPid);
  const inTmux = { ...env, TMUX: `${inner},${innerPid},0` };
  const loaded = spawnSync('bash', [join(root, 'claude-sessions.tmux')], { env: inTmux, encoding: 'utf8' });
  if (loaded.status !== 0) notes.push(`claude-sessions.tmux exited ${loaded.status}: ${loaded.stderr.trim()}`);
  const prefix = tmuxIn('show-options', '-gv', 'prefix').trim();
  if (prefix !== 'C-b') throw new Error(`the inner server's prefix is ${prefix}, not C-b`);

  // Our key as the plugin binds it; the brief's binding when the plugin does not bind it (yet).
  // The plugin's switcher key (prefix C-e by default, wherever @claude-sessions-key-switch puts it).
  const ourBinding = tmuxIn('list-keys', '-T', 'prefix').split('\n').find((line) => line.includes(' popup --from-key'));
  const ourKey = (ourBinding && /^bind-key\s+(?:-r\s+)?-T prefix\s+(\S+)/.exec(ourBinding)?.[1]) || 'C-e';
  const popupCommand = (extra) =>
    `set-option -gF @claude-sessions-popup-client '#{client_name}' \\; display-popup -E -w 80% -h 70% "${extra}exec ${quote(shim)} popup --from-key --close-key 'C-e'"`;
  const bindings = [
    // Node paints alone: the shell frame switched off.
    `bind-key -T prefix C-g ${popupCommand('CLAUDE_SESSIONS_NO_FRAME=1 ')}`,
    // fzf over the session names, as users script it; its own defaults only.
    `bind-key -T prefix C-f display-popup -E -w 80% -h 70% "tmux ls -F '#S' | FZF_DEFAULT_OPTS= fzf"`,
    // The floor: one tmux call printing the names, then nothing (closed with display-popup -C).
    // The first 30 names (a popup's height), printed without the last newline, which would
    // scroll the first one off.
    `bind-key -T prefix C-y display-popup -E -w 80% -h 70% "printf %s \\"\\$(tmux ls -F '#S' | head -n 30)\\"; exec sleep 600"`,
  ];
  if (ourBinding === undefined) {
    notes.push('the plugin bound no popup on prefix C-e: the bench bound the documented command itself');
    bindings.push(`bind-key -T prefix C-e ${popupCommand('')}`);
  }
  writeFileSync(join(dir, 'keys.conf'), `${bindings.join('\n')}\n`);
  tmuxIn('source-file', join(dir, 'keys.conf'));
  const frameScript = join(root, 'scripts', 'popup-frame.sh');
  let frameExists = true;
  try {
    readFileSync(frameScript);
  } catch {
    frameExists = false;
    notes.push('scripts/popup-frame.sh does not exist: "ours" and "ours, Node alone" run the same code');
  }

  // The outer server: one pane, 160x48, running a real client of the inner server.
  // window-size manual keeps 160x48 whatever the control client; tmux 3.3a dies when a config
  // file sets it before the first session, so it is set once the session exists.
  writeFileSync(join(dir, 'outer.conf'), ['set -g default-terminal tmux-256color', 'set -g status off', ''].join('\n'));
  const attach = `exec env -u TMUX -u TMUX_PANE tmux -S ${quote(inner)} attach -t =claude-dev-project-00`;
  const started = spawnSync('tmux', ['-S', outer, '-f', join(dir, 'outer.conf'), 'new-session', '-d', '-s', 'outer', '-x', '160', '-y', '48', attach, ';', 'set-option', '-g', 'window-size', 'manual'], { env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`the outer tmux server did not start: ${started.stderr.trim()}`);
  const pane = tmuxOut('display-message', '-p', '-t', '=outer:', '#{pane_id}').trim();
  let clientName = '';
  for (let waited = 0; clientName === '' && waited < 5000; waited += 20) {
    clientName = tmuxIn('list-clients', '-F', '#{client_name}').trim();
    if (clientName === '') await sleep(20);
  }
  if (clientName === '') throw new Error('the inner client did not attach');

  // The control client: every byte the inner client writes arrives as %output.
  control = spawn('tmux', ['-S', outer, '-C', 'attach', '-t', '=outer'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  control.stdout.setEncoding('utf8');
  let partial = '';
  let drawn = ''; // what the inner client drew since the clock started, escapes decoded
  let lastOutput = performance.now();
  let waiter;
  // Replies to the commands written to the control client, in order (flags 1 in %begin).
  const replies = [];
  let reply;
  // A screen waiter looks at the outer pane's screen (capture-pane), not at the bytes: tmux
  // sends a popup's changes cell by cell, so "> ga" is never written in one piece when only
  // "a" changed. Its time is that of the last %output before the capture that showed the text.
  let capturing = false;
  let capturedAfter = 0;
  const capture = () => {
    capturing = true;
    capturedAfter = lastOutput;
    command(`capture-pane -p -t ${pane}`, (lines) => {
      capturing = false;
      if (!waiter?.screen) return;
      if (lines.some((line) => line.includes(waiter.text))) {
        const { resolve: done, start } = waiter;
        waiter = undefined;
        done(capturedAfter - start);
      } else if (lastOutput > capturedAfter) capture();
    });
  };
  control.stdout.on('data', (chunk) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (reply !== undefined) {
        if (/^%(end|error) /.test(line)) {
          const done = reply;
          reply = undefined;
          done.handler?.(done.lines);
        } else reply.lines.push(line);
        continue;
      }
      if (line.startsWith('%begin ')) {
        if (line.endsWith(' 1')) reply = { handler: replies.shift(), lines: [] };
        else reply = { lines: [] };
        continue;
      }
      if (!line.startsWith(`%output ${pane} `)) continue;
      lastOutput = performance.now();
      drawn += line.slice(`%output ${pane} `.length).replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
      if (waiter?.screen) {
        if (!capturing) capture();
      } else if (waiter && plain(drawn).includes(waiter.text)) {
        const { resolve: done, start } = waiter;
        waiter = undefined;
        done(performance.now() - start);
      }
    }
  });
  const command = (text, handler) => {
    replies.push(handler);
    control.stdin.write(`${text}\n`);
  };
  const send = (keys) => command(`send-keys -t ${pane} ${keys}`);
  const quiet = async (ms = 150, limit = 3000) => {
    const from = performance.now();
    while (performance.now() - lastOutput < ms && performance.now() - from < limit) await sleep(20);
  };
  await quiet(300);

  // The popup's processes are the inner server's children whose command line says so.
  const popupChildren = () => {
    let pids = [];
    try {
      pids = readFileSync(`/proc/${innerPid}/task/${innerPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      pids = spawnSync('pgrep', ['-P', String(innerPid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    }
    // A popup's command that has exited but that tmux has not reaped yet is a zombie with an
    // empty command line: its popup is still open (tmux closes it when it reaps the command),
    // and keys pressed then go to it. Counted, so no round starts before tmux has closed it.
    return pids.filter((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        if (command === '') return /^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        return /popup|fzf|sleep 600/.test(command);
      } catch {
        return false;
      }
    });
  };
  const gone = async (limit) => {
    const from = performance.now();
    while (popupChildren().length > 0) {
      if (performance.now() - from > limit) return false;
      await sleep(10);
    }
    return true;
  };

  const cases = {
    ours: { keys: `C-b ${ourKey}`, close: 'escape' },
    'ours, Node alone (no shell frame)': { keys: 'C-b C-g', close: 'escape' },
    'fzf (tmux ls | fzf)': { keys: 'C-b C-f', close: 'escape' },
    'floor (one tmux ls in a popup)': { keys: 'C-b C-y', close: 'kill' },
  };
  const failures = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const round = async (name) => {
    const { keys, close } = cases[name];
    await quiet();
    drawn = '';
    const painted = new Promise((done) => (waiter = { text: FIRST, resolve: done, start: performance.now() }));
    send(keys);
    const ms = await Promise.race([painted, sleep(10000).then(() => undefined)]);
    if (ms === undefined) {
      waiter = undefined;
      const screen = tmuxOut('capture-pane', '-p', '-t', pane).split('\n').filter((line) => line.trim() !== '').slice(0, 8).join(' | ');
      failures[name].push(`no ${FIRST} on screen within 10 s (screen: ${screen.slice(0, 300)}; drawn: ${JSON.stringify(plain(drawn).slice(-300))})`);
    }
    // A lone Esc with no popup open would reach the shell, and could join the next keys
    // (ESC C-b is M-C-b, not the prefix) on a loaded machine: none after a failed round.
    if (close === 'escape' && ms !== undefined) send('Escape');
    else tmuxIn('display-popup', '-C', '-c', clientName);
    if (!(await gone(5000))) {
      failures[name].push(`${close === 'escape' ? 'Esc' : 'display-popup -C'} left the popup open for 5 s; closed with display-popup -C`);
      tmuxIn('display-popup', '-C', '-c', clientName);
      await gone(5000);
    }
    return ms;
  };

  const names = Object.keys(cases);
  const paintRounds = async () => {
    for (const name of names) await round(name); // warm caches (node's compile cache, fzf, tmux)
    const times = Object.fromEntries(names.map((name) => [name, []]));
    for (let r = 0; r < runs; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        const ms = await round(name);
        if (ms !== undefined) times[name].push(ms);
      }
    }
    return times;
  };
  const serverSize = () => ({
    sessions: tmuxIn('list-sessions', '-F', '#S').trim().split('\n').length,
    panes: tmuxIn('list-panes', '-a', '-F', '#D').trim().split('\n').length,
  });
  const printPaint = (size, times) => {
    const med = Object.fromEntries(names.map((name) => [name, median(times[name])]));
    const ratio = (a, b) => (med[a] / med[b]).toFixed(2);
    console.log(`\nSwitcher popup, key press to first paint (the first row's name drawn by a real tmux client), ${runs} interleaved rounds:`);
    console.log(`  inner server: ${size.sessions} sessions / ${size.panes} panes, plugin loaded; client 160x48 in an outer tmux; popup 80% x 70%`);
    console.log(`  our key: ${ourBinding === undefined ? 'bound by the bench (the plugin does not bind it)' : `as the plugin binds it (prefix ${ourKey})`}; shell frame: ${frameExists ? 'scripts/popup-frame.sh' : 'missing'}`);
    for (const name of names) {
      const sorted = [...times[name]].sort((a, b) => a - b);
      const range = sorted.length ? `(min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})` : '';
      console.log(`  ${name.padEnd(36)} ${med[name].toFixed(1).padStart(7)} ms  ${range}  n=${times[name].length}`);
    }
    console.log('');
    console.log(`  ours / fzf                           ${ratio('ours', 'fzf (tmux ls | fzf)')}x   (goal <= 1)`);
    console.log(`  ours, Node alone / fzf               ${ratio('ours, Node alone (no shell frame)', 'fzf (tmux ls | fzf)')}x`);
    console.log(`  ours / ours, Node alone              ${ratio('ours', 'ours, Node alone (no shell frame)')}x`);
    console.log(`  ours / floor                         ${ratio('ours', 'floor (one tmux ls in a popup)')}x`);
    console.log(`  fzf / floor                          ${ratio('fzf (tmux ls | fzf)', 'floor (one tmux ls in a popup)')}x`);
    return med;
  };
  // Sessions made in bulk: the plugin's session-created hook (a Node process per session) is
  // off meanwhile, then the entrypoint runs again to set it back. tmux refuses very long
  // command lines: 100 commands a call.
  // Every pane holds a pty, and the machine has a few thousand for every user: wait (2 min at
  // most) until `needed` more are free, else say so.
  const ptysFree = async (needed) => {
    for (let waited = 0; ; waited += 1000) {
      try {
        const [max, used] = ['max', 'nr'].map((name) => Number(readFileSync(`/proc/sys/kernel/pty/${name}`, 'utf8')));
        if (max - used >= needed + 50) return true;
        if (waited >= 120000) throw new Error(`only ${max - used} ptys free of ${max}, ${needed} needed`);
      } catch (error) {
        if (error.code === 'ENOENT') return true; // not Linux: tmux will say
        throw error;
      }
      await sleep(1000);
    }
  };
  const inBulk = (commands) => {
    tmuxIn('set-hook', '-gu', 'session-created');
    for (let at = 0; at < commands.length; at += 100) {
      tmuxIn(...commands.slice(at, at + 100).flatMap((command, index) => [...(index ? [';'] : []), ...command]));
    }
    spawnSync('bash', [join(root, 'claude-sessions.tmux')], { env: inTmux });
  };

  const smallSize = serverSize();
  const smallMed = printPaint(smallSize, await paintRounds());

  // The same server grown to 200 sessions / 1,000 panes (the new sessions' windows share the
  // panes out). Their names sort after the first row's, in ours and in `tmux ls`.
  const grownSessions = Number(process.env.BENCH_POPUP_GROWN_SESSIONS ?? 200);
  const grownPanes = Number(process.env.BENCH_POPUP_GROWN_PANES ?? 1000);
  const grown = [];
  for (let i = 0; smallSize.sessions + grown.length < grownSessions; i++) grown.push(i % 2 ? `web-grown-${i}` : `claude-dev-grown-${i}`);
  const grow = [];
  const extra = Math.max(0, grownPanes - smallSize.panes - grown.length);
  grown.forEach((name, index) => {
    grow.push(['new-session', '-d', '-s', name]);
    const windows = Math.floor(extra / grown.length) + (index < extra % grown.length ? 1 : 0);
    for (let w = 0; w < windows; w++) grow.push(['new-window', '-d', '-t', `=${name}:`]);
  });
  await ptysFree(grownPanes - smallSize.panes);
  inBulk(grow);
  const largeSize = serverSize();
  const largeMed = printPaint(largeSize, await paintRounds());
  const scale = (name) => (largeMed[name] / smallMed[name]).toFixed(2);
  console.log(`\nSwitcher first paint, ${largeSize.sessions} sessions / ${largeSize.panes} panes against ${smallSize.sessions} sessions (medians of the two runs above):`);
  console.log(`  ours     ${smallMed.ours.toFixed(1).padStart(6)} ms -> ${largeMed.ours.toFixed(1).padStart(6)} ms   ${scale('ours')}x   (goal <= 2)`);
  console.log(`  fzf      ${smallMed['fzf (tmux ls | fzf)'].toFixed(1).padStart(6)} ms -> ${largeMed['fzf (tmux ls | fzf)'].toFixed(1).padStart(6)} ms   ${scale('fzf (tmux ls | fzf)')}x`);
  console.log(`  ours / fzf at ${largeSize.sessions} sessions   ${(largeMed.ours / largeMed['fzf (tmux ls | fzf)']).toFixed(2)}x`);
  for (const [name, list] of Object.entries(failures)) {
    if (list.length > 0) notes.push(`${name}: ${list.length} failed round(s), first: ${list[0]}`);
  }

  // Optional: each keystroke end to end over 1,000 real sessions, ours against fzf: from the
  // key written to the prompt line showing it (the popup's work, then tmux drawing it).
  const e2eRuns = Number(process.env.BENCH_POPUP_E2E_RUNS ?? 5);
  if (e2eRuns <= 0) return;
  const total = Number(process.env.BENCH_POPUP_E2E_SESSIONS ?? 1000);
  const setupStart = performance.now();
  // The grown sessions back to one pane each: a pty per pane, and the machine has a few thousand.
  // No name begins with g, p or x, so "> g…" is only ever the prompt line, never a row.
  const workspaceWords = ['gamma', 'games', 'pr-review', 'pricing', 'prompts', 'api', 'billing', 'search', 'infra', 'claude-api'];
  const otherWords = ['api', 'backend', 'docs', 'mobile', 'search', 'billing', 'auth', 'infra', 'web', 'admin', 'ledger', 'ui'];
  const more = [];
  for (let i = 0; largeSize.sessions + more.length < total; i++) {
    more.push(i % 5 < 3 ? `claude-dev-${workspaceWords[i % workspaceWords.length]}-${i}` : `${otherWords[i % otherWords.length]}-${i}`);
  }
  await ptysFree(total - largeSize.sessions - (largeSize.panes - largeSize.sessions));
  inBulk([...grown.map((name) => ['kill-window', '-a', '-t', `=${name}:0`]), ...more.map((name) => ['new-session', '-d', '-s', name])]);
  const count = tmuxIn('list-sessions', '-F', '#S').trim().split('\n').length;
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const waitFor = (text, limit, screen = false) =>
    Promise.race([new Promise((done) => (waiter = { text, screen, resolve: done, start: performance.now() })), sleep(limit).then(() => undefined)]).then((ms) => {
      if (ms === undefined) waiter = undefined;
      return ms;
    });
  const nodeUp = () =>
    popupChildren().some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('claude-sessions.cjs');
      } catch {
        return false;
      }
    });
  const e2eCases = {
    ours: { keys: `C-b ${ourKey}`, ready: FIRST, node: true },
    'fzf (tmux ls | fzf)': { keys: 'C-b C-f', ready: `${count}/${count}` },
  };
  const e2eQueries = ['gam', 'pr12', 'xyz'];
  // BENCH_POPUP_TRACE=1: the switcher writes its timeline (src/switcher/trace.ts), and each
  // keystroke of ours is then told apart by whether it arrived while the switcher refreshed.
  const traceFile = process.env.BENCH_POPUP_TRACE === '1' ? join(dir, 'switcher-trace.log') : undefined;
  if (traceFile) tmuxIn('set-environment', '-g', 'CLAUDE_SESSIONS_SWITCHER_TRACE', traceFile);
  const traced = [];
  const keyTimes = Object.fromEntries(Object.keys(e2eCases).map((name) => [name, []]));
  const e2eFailures = [];
  const slowest = {};
  const e2eRound = async (name, query, record) => {
    const { keys, ready, node } = e2eCases[name];
    await quiet();
    drawn = '';
    const opened = waitFor(ready, 15000);
    send(keys);
    const openMs = await opened;
    if (openMs === undefined) {
      const screen = tmuxOut('capture-pane', '-p', '-t', pane).split('\n').filter((line) => line.trim() !== '').slice(0, 4).join(' | ');
      e2eFailures.push(`${name}: never showed ${ready} in 15 s (screen: ${screen.slice(0, 300)}; popup processes: ${popupChildren().length})`);
    }
    else {
      // Typing before Node has drawn would time Node's start (the shell's frame looks the same):
      // a key typed and erased first says the switcher is reading keys.
      const from = performance.now();
      while (node && !nodeUp() && performance.now() - from < 10000) await sleep(10);
      const typed = waitFor('> z', 15000, true);
      send('-l z');
      const reading = (await typed) !== undefined;
      if (!reading) e2eFailures.push(`${name}: a key typed once open never showed in 15 s`);
      send('BSpace');
      await quiet(node ? 500 : 300);
      for (let i = 1; i <= (reading ? query.length : 0); i++) {
        drawn = '';
        const shown = waitFor(`> ${query.slice(0, i)}`, 5000, true);
        const sentAt = performance.timeOrigin + performance.now();
        send(`-l ${query[i - 1]}`);
        const ms = await shown;
        if (record && node && ms !== undefined) traced.push({ sentAt, ms, first: i === 1 });
        if (ms === undefined) {
          const screen = tmuxOut('capture-pane', '-p', '-t', pane).split('\n').filter((line) => line.trim() !== '').slice(0, 4).join(' | ');
          e2eFailures.push(`${name}: '${query.slice(0, i)}' never showed (screen: ${screen.slice(0, 300)})`);
          break;
        }
        if (record) keyTimes[name].push(ms), (slowest[name] ??= []).push([ms, query.slice(0, i)]);
        await quiet(100, 1500);
      }
    }
    if (openMs !== undefined) send('Escape');
    else tmuxIn('display-popup', '-C', '-c', clientName);
    if (!(await gone(5000))) {
      e2eFailures.push(`${name}: Esc left the popup open for 5 s`);
      tmuxIn('display-popup', '-C', '-c', clientName);
      await gone(5000);
    }
  };
  const e2eNames = Object.keys(e2eCases);
  for (const name of e2eNames) await e2eRound(name, e2eQueries[0], false);
  for (let r = 0; r < e2eRuns; r++) {
    for (const query of e2eQueries) {
      for (let i = 0; i < e2eNames.length; i++) await e2eRound(e2eNames[(i + r) % e2eNames.length], query, true);
    }
  }
  const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
  console.log(`\nSwitcher per keystroke end to end over ${count} real sessions (key written -> prompt line redrawn), ${e2eRuns} rounds of ${e2eQueries.map((q) => `'${q}'`).join(', ')}:`);
  console.log(`  (making ${more.length} more sessions took ${setupSeconds.toFixed(0)} s)`);
  for (const name of e2eNames) {
    const values = keyTimes[name];
    console.log(`  ${name.padEnd(36)} median ${median(values).toFixed(1).padStart(6)} ms, p95 ${(p95(values) ?? NaN).toFixed(1).padStart(6)} ms  n=${values.length}`);
  }
  const fzfTimes = keyTimes['fzf (tmux ls | fzf)'];
  console.log(`  ours / fzf                           median ${(median(keyTimes.ours) / median(fzfTimes)).toFixed(2)}x, p95 ${(p95(keyTimes.ours) / p95(fzfTimes)).toFixed(2)}x`);
  for (const name of e2eNames) {
    const worst = (slowest[name] ?? []).sort((a, b) => b[0] - a[0]).slice(0, 3);
    console.log(`  ${`slowest, ${name}`.padEnd(36)} ${worst.map(([ms, typed]) => `${ms.toFixed(0)} ms ('${typed}')`).join(', ')}`);
  }
  console.log(`  ours p95 / 16 ms frame               ${(p95(keyTimes.ours) / 16).toFixed(2)}x   (p95 ${p95(keyTimes.ours).toFixed(1)} ms; goal <= 16 ms)   fzf p95 / 16 ms ${(p95(fzfTimes) / 16).toFixed(2)}x`);
  if (traceFile) printTrace(traceFile, traced);
  if (e2eFailures.length > 0) notes.push(`per keystroke end to end: ${e2eFailures.length} failure(s):\n      ${e2eFailures.join("\n      ")}`);
}

// Our keystrokes, told apart by whether a refresh of the switcher's rows ran while each was
// on its way (from the key written to the prompt redrawn), from the switcher's trace.
function printTrace(file, keys) {
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    console.log('  trace: the switcher wrote none (is CLAUDE_SESSIONS_SWITCHER_TRACE read?)');
    return;
  }
  const refreshes = [];
  let start;
  for (const line of lines) {
    const [at, event] = line.split(' ');
    if (event === 'reload-start') start = Number(at);
    if (event === 'reload-end' && start !== undefined) refreshes.push([start, Number(at)]), (start = undefined);
  }
  const during = keys.filter(({ sentAt, ms }) => refreshes.some(([from, to]) => from < sentAt + ms && to > sentAt));
  const clear = keys.filter((key) => !during.includes(key));
  const refreshMs = refreshes.map(([from, to]) => to - from);
  const describe = (list) => (list.length ? `median ${median(list.map((key) => key.ms)).toFixed(1)} ms, max ${Math.max(...list.map((key) => key.ms)).toFixed(1)} ms, n=${list.length} (${list.filter((key) => key.first).length} first keys)` : 'n=0');
  console.log(`  trace: ${refreshes.length} refreshes, median ${median(refreshMs).toFixed(1)} ms each`);
  console.log(`    keys during a refresh  ${describe(during)}`);
  console.log(`    other keys             ${describe(clear)}`);
  // Each key's time split: written -> read by the switcher (tmux, in), read -> state
  // changed (apply), -> frame rendered and written (draw), written -> prompt redrawn on the
  // client (tmux, out).
  const events = lines.map((line) => line.split(' ')).map((parts) => [Number(parts[0]), parts[1], Number(parts.at(-1).replace(/^cpu=/, ''))]);
  const after = (from, name) => events.find(([at, event]) => event === name && at >= from);
  const parts = keys.flatMap(({ sentAt, ms, first }) => {
    const read = events.find(([at, event]) => event === 'key' && at >= sentAt && at <= sentAt + ms);
    const applied = read && after(read[0], 'applied');
    const drawn = applied && after(applied[0], 'drawn');
    return drawn ? [{ ms, first, in: read[0] - sentAt, apply: applied[0] - read[0], draw: drawn[0] - applied[0], out: sentAt + ms - drawn[0], cpu: drawn[2] - read[2] }] : [];
  });
  const split = (list) => ['in', 'apply', 'draw', 'out', 'cpu'].map((part) => `${part} ${median(list.map((key) => key[part])).toFixed(1)}`).join(', ');
  console.log(`    split (medians, ms; cpu: the switcher's own CPU time from key read to frame written)`);
  console.log(`                           all: ${split(parts)}; first keys: ${split(parts.filter((key) => key.first))}`);
  const worst = [...parts].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`    slowest (in+apply+draw+out) ${worst.map((key) => `${key.ms.toFixed(0)} = ${['in', 'apply', 'draw', 'out'].map((part) => key[part].toFixed(0)).join('+')}${key.first ? ' (first)' : ''}`).join('; ')}`);
}

// Control sequences out: what is left is the text drawn.
function plain(text) {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001bP[^\u001b]*\u001b\\/g, '')
    .replace(/\u001b[()*+][0-~]/g, '')
    .replace(/\u001b[^[\]P()*+]/g, '')
    .replace(/[\u0000-\u001f]/g, '');
}

// ---------------------------------------------------------------------------------------
// 3. Per keystroke over 1,000 rows, in process.

async function perKeystroke() {
  const out = await build({
    stdin: {
      contents: [
        "export { applyKey, frameViewOf, initialState, withRows } from './src/switcher/state.ts';",
        "export { renderFrame, listRows } from './src/switcher/screen.ts';",
        "export { decodeKeys } from './src/switcher/keys.ts';",
      ].join(' '),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const { applyKey, frameViewOf, initialState, withRows, renderFrame, listRows, decodeKeys } = await import(
    `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
  );

  const rows = thousandRows();
  const [width, height] = [120, 40];
  const visible = listRows(width, height, false);
  const frame = (state) => renderFrame(frameViewOf(state, width, height, undefined));
  const queries = ['gam', 'claude api', 'xyz', 'pr12'];
  // Each character as the terminal sends it, decoded the way the popup decodes it.
  const keysOf = (query) => [...query].flatMap((char) => decodeKeys(char).keys);
  const reps = Number(process.env.BENCH_KEY_REPS ?? 30);
  const perQuery = Object.fromEntries(queries.map((query) => [query, []]));
  const all = [];
  for (let rep = -5; rep < reps; rep++) {
    for (const query of queries) {
      let state = initialState(rows);
      for (const key of keysOf(query)) {
        const start = performance.now();
        state = applyKey(state, key, visible).state;
        frame(state);
        const ms = performance.now() - start;
        if (rep >= 0) {
          perQuery[query].push(ms);
          all.push(ms);
        }
      }
    }
  }
  // A refresh: the same 1,000 rows read again (new objects), with nothing typed and with a query.
  const refresh = { '': [], gam: [] };
  const refreshDraw = { '': [], gam: [] };
  for (let rep = -5; rep < reps * 2; rep++) {
    for (const query of Object.keys(refresh)) {
      const state = initialState(rows, query);
      const fresh = rows.map((row) => ({ ...row }));
      const start = performance.now();
      const next = withRows(state, fresh, visible);
      const mid = performance.now();
      frame(next);
      const end = performance.now();
      if (rep >= 0) {
        refresh[query].push(mid - start);
        refreshDraw[query].push(end - start);
      }
    }
  }

  const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
  const fmt = (values) => `median ${median(values).toFixed(2).padStart(6)} ms, p95 ${p95(values).toFixed(2).padStart(6)} ms`;
  const last = (query) => {
    let state = initialState(rows);
    for (const key of keysOf(query)) state = applyKey(state, key, visible).state;
    return state.shown.length;
  };
  console.log(`\nSwitcher per keystroke over ${rows.length} rows, in process (applyKey + renderFrame at ${width}x${height}), ${reps} runs of each query:`);
  for (const query of queries) console.log(`  '${query}'`.padEnd(16) + `${fmt(perQuery[query])}   (${last(query)} rows match)`);
  console.log(`  every keystroke ${fmt(all)}`);
  console.log(`  median / 16 ms frame           ${(median(all) / 16).toFixed(3)}x   p95 / 16 ms ${(p95(all) / 16).toFixed(3)}x   (goal < 1)`);
  console.log(`  refresh, withRows              nothing typed: ${fmt(refresh[''])}; 'gam': ${fmt(refresh.gam)}`);
  console.log(`  refresh, withRows + redraw     nothing typed: ${fmt(refreshDraw[''])}; 'gam': ${fmt(refreshDraw.gam)}`);
}

// 1,000 rows as a busy user's list: workspaces (some with agents), other sessions, projects.
function thousandRows() {
  const words = ['api', 'gamma', 'games', 'payments', 'frontend', 'backend', 'auth', 'infra', 'docs', 'mobile', 'search', 'billing',
    'analytics', 'pr-review', 'claude-api', 'graph', 'gateway', 'migrations', 'pricing', 'prompts', 'scheduler', 'worker', 'cli',
    'ui-kit', 'design', 'ml-pipeline', 'data', 'etl', 'cache', 'queue', 'website', 'admin', 'notify', 'ledger', 'sandbox'];
  const glyphs = ['', '●', '◐', '●◐', '◐◐○', '○', '✗◐'];
  const urgentOf = { '●': 'waiting', '✗': 'error', '◐': 'working', '○': 'idle' };
  const branches = ['main', 'feat/login', 'fix/race-in-save', 'release-2.4', 'wip'];
  const rows = [];
  for (let i = 0; rows.length < 1000; i++) {
    const word = words[i % words.length];
    const n = Math.floor(i / words.length);
    const kind = i % 10 < 4 ? 'workspace' : i % 10 < 7 ? 'session' : 'project';
    if (kind === 'project') {
      const name = `${word}-${n + 100}`;
      rows.push({ kind, key: `project:/home/u/projects/${name}`, name, marks: '', info: i % 3 ? 'new · node' : 'new', waiting: 0, projectDir: `/home/u/projects/${name}` });
      continue;
    }
    const name = kind === 'workspace' ? `claude-dev-${word}-${n}` : `${word}${n % 2 ? '-notes' : ''}-${n}`;
    const marks = kind === 'workspace' ? glyphs[i % glyphs.length] : '';
    const urgent = marks === '' ? undefined : urgentOf[marks[0]];
    const info = `${branches[i % branches.length]} · ${1 + (i % 4)}w${i % 17 === 0 ? '*' : ''} · ${(i * 7) % 59}m`;
    rows.push({ kind, key: `$${i}`, name, marks, ...(urgent ? { urgent } : {}), info, waiting: [...marks].filter((g) => g === '●').length, sessionId: `$${i}` });
  }
  // The list's order: workspaces with a waiting agent, other workspaces, other sessions, projects.
  const rank = (row) => (row.kind === 'workspace' ? (row.waiting > 0 ? 0 : 1) : row.kind === 'session' ? 2 : 3);
  return rows.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
