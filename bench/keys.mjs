#!/usr/bin/env zx
// npm run bench (keys): every prefix key of the plugin, pressed in a real tmux client, timed to
// its visible effect (bench/attached-client.mjs: an outer tmux whose pane runs a client of the
// inner server, read from a control-mode client). Each key beside the bare tmux command doing
// the same thing, bound to a spare key of the same server and pressed the same way; two inner
// servers, 20 sessions and 200 sessions / 1,000 panes; every case interleaved round robin in
// one run. The keys are the ones the loaded plugin bound (@claude-sessions-bound-keys), so the
// bench measures whatever claude-sessions.tmux binds today. Times are performance.now() from the
// keys written to the draw read, printed to 0.1 ms (ratios from the unrounded medians). Reports, never asserts.
// Environment: BENCH_RUNS (rounds, default 10), BENCH_KEYS_SCALES=20,200 (which servers),
// BENCH_KEYS_ONLY=save,restore (which keys: the ids printed in the notes; next-waiting,new-existing for
// W and N to an open workspace alone), BENCH_KEYS_TIMEOUT_MS
// (per press, default 15000), BENCH_KEYS_KEEP=SECONDS (keep the servers up that long at the end).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, cleanUpAtExit, shQuote, sleep, startAttachedClient } from './attached-client.mjs';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const timeout = Number(process.env.BENCH_KEYS_TIMEOUT_MS ?? 15000);
const shim = join(root, 'scripts', 'claude-sessions');
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-keys-bench-'));
const SCALES = [
  { name: '20 sessions', short: '20 sessions', sessions: 20, panes: 3 * 20 },
  { name: '200 sessions / 1,000 panes', short: '1,000 panes', sessions: 200, panes: 1000 },
].filter((scale) => !process.env.BENCH_KEYS_SCALES || process.env.BENCH_KEYS_SCALES.split(',').includes(String(scale.sessions)));
const FIRST = 'claude-dev-aaaa-first'; // sorts first in the switcher and `tmux ls`; its agent waits longest
const REPO = 'kbrepo'; // the project: a git repository on branch BRANCH, with a workspace
const BRANCH = 'kbmark-branch';
const WORKSPACE = `claude-dev-${REPO}`;
const HOME = 'kbhome'; // where the client starts each press: a plain session in the repository

cleanUpAtExit(dir);

const git = (cwd, ...args) => {
  const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], { cwd, encoding: 'utf8', env: benchEnv });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout;
};

// One inner server at one scale, its client attached, the plugin loaded, the bare keys bound.
async function startScale(scale, index) {
  const base = join(dir, `s${scale.sessions}`);
  const projects = join(base, 'projects');
  const repo = join(projects, REPO);
  const bare = join(base, 'bare');
  for (const folder of [repo, bare, join(base, 'state'), join(base, 'config'), join(base, 'cache'), join(base, 'data'), join(base, 'saves')]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(repo, 'README.md'), '# bench project\n');
  git(repo, 'init', '-q', '-b', BRANCH);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first');
  // State, templates, the node check and shell histories stay in the bench's folder (saves: @resurrect-dir below).
  const env = { ...benchEnv, XDG_STATE_HOME: join(base, 'state'), XDG_CONFIG_HOME: join(base, 'config'), XDG_CACHE_HOME: join(base, 'cache'), XDG_DATA_HOME: join(base, 'data'), SHELL: '/bin/sh' };
  const now = Math.floor(Date.now() / 1000);
  const setup = [
    ['new-session', '-d', '-s', HOME, '-x', '160', '-y', '48', '-c', repo, 'sh'],
    ['set-option', '-g', 'default-shell', '/bin/sh'],
    ['set-option', '-g', 'default-command', 'sh'],
    ['set-option', '-s', 'escape-time', '20'],
    ['set-option', '-g', 'status-keys', 'emacs'],
    ['set-option', '-g', 'detach-on-destroy', 'off'],
    ['set-option', '-g', 'status-interval', '0'],
    // What the markers are read from: the session's name and the window names on the status line.
    ['set-option', '-g', 'status-left', 'S=#S '],
    ['set-option', '-g', 'status-left-length', '80'],
    ['set-option', '-g', 'window-status-format', 'W=#W'],
    ['set-option', '-g', 'window-status-current-format', 'W=#W*'],
    // Each server saves into a folder of its own, never the user's tmux-resurrect folder.
    ['set-option', '-g', '@resurrect-dir', join(base, 'saves')],
    ['set-option', '-g', '@claude-sessions-projects-dir', projects],
    ['set-option', '-g', '@claude-sessions-save-interval', '0'],
    ['set-option', '-g', '@claude-sessions-restore', 'off'],
    // Claude's command in new workspaces and worktree windows: a no-op (the flags follow it).
    ['set-option', '-g', '@claude-sessions-claude-command', ':'],
    // Not in the repository: only the workspace is the project's session.
    ['new-session', '-d', '-s', FIRST, '-c', base],
    ['split-window', '-d', '-t', `=${FIRST}:0.0`],
    ['set-option', '-p', '-t', `=${FIRST}:0.0`, '@claude-state', 'waiting'],
    ['set-option', '-p', '-t', `=${FIRST}:0.0`, '@claude-state-since', String(now - 3600)],
    ['set-option', '-p', '-t', `=${FIRST}:0.0`, '@claude-waiting-reason', 'permission: Bash'],
    ...restoremeCommands(repo).slice(0, 2),
  ];
  // Fillers up to the scale: half named like workspaces, some agents waiting (for less long), working, idle.
  const fixed = 1 + 2 + 2 + 3; // home, first, restoreme, the workspace (about 3 panes)
  const fillers = scale.sessions - 4;
  const perFiller = (scale.panes - fixed) / fillers;
  let panesMade = 0;
  for (let i = 0; i < fillers; i++) {
    const name = i % 2 === 0 ? `claude-dev-fill-${String(i).padStart(3, '0')}` : `notes-${String(i).padStart(3, '0')}`;
    const panes = Math.round(perFiller * (i + 1)) - panesMade;
    panesMade += panes;
    setup.push(['new-session', '-d', '-s', name, '-x', '160', '-y', '48']);
    for (let p = 1; p < panes; p++) setup.push(['split-window', '-d', '-t', `=${name}:0.0`]);
    if (panes > 2) setup.push(['select-layout', '-t', `=${name}:0`, 'tiled']);
    if (i % 7 === 3) setup.push(['set-option', '-p', '-t', `=${name}:0.0`, '@claude-state', 'waiting'], ['set-option', '-p', '-t', `=${name}:0.0`, '@claude-state-since', String(now - 60 - i)]);
    if (i % 3 === 0 && panes > 1) setup.push(['set-option', '-p', '-t', `=${name}:0.1`, '@claude-state', 'working'], ['set-option', '-p', '-t', `=${name}:0.1`, '@claude-state-since', String(now - 30)]);
  }
  const setupStart = performance.now();
  const client = await startAttachedClient({ dir, name: `s${scale.sessions}`, env, setup, session: HOME });
  const { tmux } = client;
  const inTmux = { ...env, TMUX: `${client.socket},${client.pid},0` };
  const loaded = spawnSync('bash', [join(root, 'claude-sessions.tmux')], { env: inTmux, encoding: 'utf8' });
  if (loaded.status !== 0) throw new Error(`claude-sessions.tmux exited ${loaded.status}: ${loaded.stderr.trim()}`);
  const cli = (...args) => {
    const result = spawnSync(shim, args, { env: inTmux, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`claude-sessions ${args.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
    return result.stdout;
  };
  cli('new', '-d', repo);
  cli('save', '-q');
  const counts = tmux('list-sessions', '-F', '#{session_id}').trim().split('\n').length;
  const paneCount = tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n').length;
  const setupSeconds = (performance.now() - setupStart) / 1000;

  // The plugin's keys as the load bound them, and free prefix keys for the bare commands.
  const boundPairs = tmux('show-options', '-gv', '@claude-sessions-bound-keys').trim().split(/\s+/).filter(Boolean);
  const bound = Object.fromEntries(boundPairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const taken = new Set(tmux('list-keys', '-T', 'prefix').split('\n').map((line) => line.match(/^bind-key +(?:-r +)?-T +prefix +(\S+)/)?.[1]).filter(Boolean));
  const spare = ['Y', 'K', 'J', 'B', 'G', 'A', 'R', 'U', 'V', 'Q', 'Z', 'O', 'P', 'H', 'I', 'F', 'X', 'a', 'b', 'e', 'h', 'j', 'k', 'u', 'v', 'y'].filter((key) => !taken.has(key));
  const firstPane = tmux('display-message', '-p', '-t', `=${FIRST}:0.0`, '#{pane_id}').trim();
  const scripts = bareScripts(bare, repo);
  const bareBindings = {
    'next-waiting': ['switch-client', '-t', firstPane],
    'new-existing': ['command-prompt', '-p', 'bare project:', `switch-client -t '=claude-dev-%%'`],
    'new-new': ['command-prompt', '-p', 'bare new:', `new-session -s 'kbbare-%%' -c '${projects}/%%'`],
    switch: ['display-popup', '-E', '-w', '80%', '-h', '70%', `tmux ls -F '#S' | head -n 30; exec sleep 600`],
    'git-status': ['display-popup', '-d', '#{pane_current_path}', '-w', '80%', '-h', '80%', 'git -c color.status=always status'],
    save: ['run-shell', '-b', `sh ${shQuote(scripts.save)}`],
    restore: ['source-file', scripts.restore],
    worktree: ['command-prompt', '-p', 'bare worktree:', `run-shell -b "sh ${scripts.worktree} %% #{q:session_id}"`],
    sync: ['set-window-option', 'synchronize-panes', '\\;', 'display-message', 'bare: Sync #{?synchronize-panes,ON,OFF}'],
    // The same switches as a tmux command run as a process (what a script or a shell pays):
    // the floor of any key that must start a program, as prefix W and prefix N do.
    'next-waiting/process': ['run-shell', '-b', `tmux switch-client -c #{q:client_name} -t ${firstPane}`],
    'new-existing/process': ['command-prompt', '-p', 'bare process project:', `run-shell -b "tmux switch-client -c #{q:client_name} -t '=claude-dev-%%'"`],
    // The same switch through run-shell -C (a tmux command, no process): the floor of a key decided in the server.
    'next-waiting/hop': ['run-shell', '-C', `switch-client -t ${firstPane}`],
    'new-existing/hop': ['command-prompt', '-p', 'bare hop project:', `run-shell -C "switch-client -t '=claude-dev-%%'"`],
    // The same switch run at once by if-shell -F, where run-shell -C runs it one server loop
    // later: how much of a key decided in the server is that deferral (no format can give a
    // target to a command run at once, so the keys need run-shell -C).
    'next-waiting/sync': ['if-shell', '-F', '1', `switch-client -t ${firstPane}`],
  };
  // The switcher key in pieces (BENCH_KEYS_PIECES=1): what of its first row grows with the server.
  if (process.env.BENCH_KEYS_PIECES === '1') Object.assign(bareBindings, switchPieces());
  const bareKeys = {};
  const commands = [];
  for (const [action, command] of Object.entries(bareBindings)) {
    const key = spare.shift();
    bareKeys[action] = key;
    commands.push(['bind-key', '-T', 'prefix', key, ...command]);
  }
  for (const command of commands) tmux(...command);
  const h = { scale, index, client, tmux, cli, repo, projects, bare, bound, bareKeys, counts, paneCount, setupSeconds, firstPane, serial: 0 };
  await client.quiet(300);
  return h;
}

// The switcher key taken apart, each piece bound to a spare key and timed to the same first row:
// its popup without the key's set-option, the shell's first frame alone (no Node after it),
// and the bare popup with the key's set-option in front.
function switchPieces() {
  const popup = (command) => ['display-popup', '-E', '-w', '80%', '-h', '70%', command];
  const ours = `exec ${shQuote(shim)} popup --from-key --close-key C-e`;
  return {
    'switch/no set-option': popup(ours),
    'switch/frame only': popup(`CLAUDE_SESSIONS_FRAME_ONLY=1 ${ours}`),
    'switch/bare + set-option': ['set-option', '-gF', '@claude-sessions-popup-client', '#{client_name}', '\\;', ...popup(`tmux ls -F '#S' | head -n 30; exec sleep 600`)],
  };
}

// The session a restore brings back (and the bare restore's source-file makes), as tmux commands.
function restoremeCommands(repo) {
  return [
    ['new-session', '-d', '-s', 'restoreme', '-c', repo],
    ['split-window', '-d', '-t', '=restoreme:0.0', '-c', repo],
  ];
}

// The bare equivalents that need a shell: a save of every pane to a file, a worktree and its window.
function bareScripts(bare, repo) {
  const save = join(bare, 'save.sh');
  writeFileSync(save, [
    `out=${shQuote(join(bare, 'panes.txt'))}`,
    `tmux list-panes -a -F '#{session_name}\t#{window_index}\t#{window_name}\t#{pane_index}\t#{pane_current_path}\t#{pane_current_command}' > "$out.tmp" && mv "$out.tmp" "$out" &&`,
    `tmux display-message "bare: saved $(wc -l < "$out") panes"`,
    '',
  ].join('\n'));
  const restore = join(bare, 'restoreme.conf');
  writeFileSync(restore, [
    `new-session -d -s restoreme -c ${shQuote(repo)}`,
    `split-window -d -t =restoreme:0.0 -c ${shQuote(repo)}`,
    `display-message 'bare: restored restoreme'`,
    '',
  ].join('\n'));
  const worktree = join(bare, 'worktree.sh');
  writeFileSync(worktree, [
    `repo=${shQuote(repo)}`,
    `git -C "$repo" worktree add -q -b "$1" "$repo/.worktrees/$1" && tmux new-window -d -t "$2:" -n "$1" -c "$repo/.worktrees/$1"`,
    '',
  ].join('\n'));
  return { save, restore, worktree };
}

// ---------------------------------------------------------------------------------------
// The keys: what each does, where the client starts, what on screen says it is done.

const goHome = async (h, session = HOME) => {
  // Out of any mode first (run-shell output shown in the pane, a copy mode): keys go to the prompt.
  h.tmux('switch-client', '-c', h.client.clientName, '-t', `=${session}`, ';', 'if-shell', '-F', '-t', `=${session}:`, '#{pane_in_mode}', `send-keys -t '=${session}:' -X cancel`);
  await h.client.quiet(120, 2000);
};
const closePopup = async (h) => {
  try {
    h.tmux('display-popup', '-C', '-c', h.client.clientName);
  } catch {}
  const from = performance.now();
  while (h.client.children(/popup|sleep 600|sleep 30|git .*status/).length > 0 && performance.now() - from < 5000) await sleep(20);
};
const hasSession = (h, name) => spawnSync('tmux', ['-S', h.client.socket, 'has-session', '-t', `=${name}`], { env: benchEnv, stdio: 'ignore' }).status === 0;
const killSession = (h, name) => {
  if (hasSession(h, name)) h.tmux('kill-session', '-t', `=${name}`);
};
// The prompt of a command-prompt key: open it, wait for it, clear its text, type, then time the Enter.
async function throughPrompt(h, key, promptText, typed, marker) {
  const { client } = h;
  client.mark();
  client.send(`C-b ${key}`);
  if (!(await client.waitFor(promptText, timeout))) return { error: `the prompt "${promptText}" never showed` };
  client.send('C-u');
  client.send(`-l ${shQuote(typed)}`);
  await client.quiet(100, 2000);
  return client.press('Enter', marker, timeout);
}
const pressed = (h, key, marker) => h.client.press(`C-b ${key}`, marker, timeout);

const KEYS = [
  {
    action: 'next-waiting',
    title: 'W (next waiting agent)',
    effect: `the client on ${FIRST} (its agent waits longest)`,
    bare: 'switch-client -t %PANE (the same pane)',
    prepare: (h) => goHome(h),
    ours: (h, key) => pressed(h, key, `S=${FIRST}`),
    bareRun: (h, key) => pressed(h, key, `S=${FIRST}`),
    process: 'run-shell -b "tmux switch-client -c CLIENT -t %PANE"',
    processRun: (h, key) => pressed(h, key, `S=${FIRST}`),
    hop: 'run-shell -C "switch-client -t %PANE"',
    hopRun: (h, key) => pressed(h, key, `S=${FIRST}`),
    sync: 'if-shell -F 1 "switch-client -t %PANE"',
    syncRun: (h, key) => pressed(h, key, `S=${FIRST}`),
  },
  {
    action: 'new',
    id: 'new-existing',
    title: 'N, existing workspace',
    effect: `from the Enter that submits "${REPO}" to the client on ${WORKSPACE}`,
    bare: `command-prompt → switch-client -t '=claude-dev-%%'`,
    prepare: (h) => goHome(h),
    ours: (h, key) => throughPrompt(h, key, 'claude-sessions project', REPO, `S=${WORKSPACE}`),
    bareRun: (h, key) => throughPrompt(h, key, 'bare project:', REPO, `S=${WORKSPACE}`),
    process: `command-prompt → run-shell -b "tmux switch-client -c CLIENT -t '=claude-dev-%%'"`,
    processRun: (h, key) => throughPrompt(h, key, 'bare process project:', REPO, `S=${WORKSPACE}`),
    hop: `command-prompt → run-shell -C "switch-client -t '=claude-dev-%%'"`,
    hopRun: (h, key) => throughPrompt(h, key, 'bare hop project:', REPO, `S=${WORKSPACE}`),
  },
  {
    action: 'new',
    id: 'new-new',
    title: 'N, new workspace',
    effect: 'from the Enter that submits a new project folder (a README) to the client on its new session',
    bare: `command-prompt → new-session -s 'kbbare-%%' -c PROJECTS/%%`,
    prepare: async (h, variant) => {
      await goHome(h);
      h.project = `kbnew-${++h.serial}-${variant === 'ours' ? 'o' : 'b'}`;
      mkdirSync(join(h.projects, h.project));
      writeFileSync(join(h.projects, h.project, 'README.md'), '# new project\n');
    },
    ours: (h, key) => throughPrompt(h, key, 'claude-sessions project', h.project, `S=claude-dev-${h.project}`),
    bareRun: (h, key) => throughPrompt(h, key, 'bare new:', h.project, `S=kbbare-${h.project}`),
    after: async (h) => {
      await goHome(h);
      // The workspace build may still type into its panes: let it finish before the kill.
      await h.client.quiet(300, 5000);
      killSession(h, `claude-dev-${h.project}`);
      killSession(h, `kbbare-${h.project}`);
      rmSync(join(h.projects, h.project), { recursive: true, force: true });
    },
  },
  {
    action: 'switch',
    title: 'C-e (switcher popup)',
    effect: `the popup's first row (${FIRST}) drawn`,
    bare: `display-popup -E "tmux ls -F '#S' | head -n 30; exec sleep 600"`,
    prepare: (h) => goHome(h),
    ours: (h, key) => pressed(h, key, FIRST),
    bareRun: (h, key) => pressed(h, key, FIRST),
    pieces: process.env.BENCH_KEYS_PIECES === '1' ? Object.keys(switchPieces()).map((id) => id.slice('switch/'.length)) : [],
    pieceRun: (h, key) => pressed(h, key, FIRST),
    after: closePopup,
  },
  {
    action: 'git-status',
    title: 'g (git status)',
    effect: `"On branch ${BRANCH}" drawn (the session has no git pane: the popup)`,
    bare: `display-popup -d '#{pane_current_path}' 'git -c color.status=always status'`,
    prepare: (h) => goHome(h),
    ours: (h, key) => pressed(h, key, `On branch ${BRANCH}`),
    bareRun: (h, key) => pressed(h, key, `On branch ${BRANCH}`),
    after: closePopup,
  },
  {
    action: 'save',
    title: 'C-s (save)',
    effect: 'its message drawn (a window renamed before each press, so there is something to save)',
    bare: 'run-shell -b: list-panes -a -F … > file (tmp + mv), then display-message',
    prepare: async (h) => {
      if (!hasSession(h, 'restoreme')) h.tmux('source-file', join(h.bare, 'restoreme.conf'));
      h.tmux('rename-window', '-t', '=restoreme:0', `r${++h.serial}`);
      await goHome(h);
    },
    ours: (h, key) => pressed(h, key, /claude-sessions: (saved \d+ sessions?|nothing changed)/),
    bareRun: (h, key) => pressed(h, key, /bare: saved \d+ panes/),
  },
  {
    action: 'restore',
    title: 'C-r (restore)',
    effect: 'its message drawn (1 session killed before each press: restoreme, 2 panes)',
    bare: 'source-file of the same session (new-session, split-window), then display-message',
    prepare: async (h) => {
      await goHome(h);
      killSession(h, 'restoreme');
    },
    ours: (h, key) => pressed(h, key, /claude-sessions: (restored \d+ sessions?|nothing restored)/),
    bareRun: (h, key) => pressed(h, key, 'bare: restored restoreme'),
  },
  {
    action: 'worktree',
    title: 'T (new worktree)',
    effect: `from the Enter that submits the name to its window in ${WORKSPACE}'s window list`,
    bare: 'command-prompt → run-shell -b: git worktree add -b NAME, then new-window -d -n NAME -c …',
    prepare: async (h, variant) => {
      h.worktree = `kbwt-${++h.serial}-${variant === 'ours' ? 'o' : 'b'}`;
      await goHome(h, WORKSPACE);
    },
    ours: (h, key) => throughPrompt(h, key, 'worktree name:', h.worktree, `W=${h.worktree}`),
    bareRun: (h, key) => throughPrompt(h, key, 'bare worktree:', h.worktree, `W=${h.worktree}`),
    after: async (h, variant) => {
      // Ours types Claude's command into the window and then says so: wait for that before the clean-up.
      if (variant === 'ours') await h.client.waitFor(`worktree ${h.worktree} made`, 10000);
      for (const line of h.tmux('list-windows', '-t', `=${WORKSPACE}`, '-F', '#{window_id} #{window_name}').trim().split('\n')) {
        const [id, name] = line.split(' ');
        if (name === h.worktree) h.tmux('kill-window', '-t', id);
      }
      spawnSync('git', ['-C', h.repo, 'worktree', 'remove', '--force', join(h.repo, '.worktrees', h.worktree)], { stdio: 'ignore' });
      spawnSync('git', ['-C', h.repo, 'branch', '-D', h.worktree], { stdio: 'ignore' });
      await goHome(h);
    },
  },
  {
    action: 'sync',
    title: 'S (synchronize-panes)',
    effect: '"Sync ON" or "Sync OFF" drawn',
    bare: `the same set-window-option synchronize-panes, then display-message 'bare: Sync …'`,
    prepare: (h) => goHome(h),
    ours: (h, key) => pressed(h, key, syncMarker(h, "")),
    bareRun: (h, key) => pressed(h, key, syncMarker(h, 'bare: ')),
  },
];
// The message a sync key shows next: the opposite of the window's state now.
function syncMarker(h, prefix) {
  const on = h.tmux('show-window-options', '-v', '-t', `=${HOME}:`, 'synchronize-panes').trim() === 'on';
  return `${prefix}Sync ${on ? 'OFF' : 'ON'}`;
}

// ---------------------------------------------------------------------------------------

const notes = [];
const servers = [];
try {
  for (const [index, scale] of SCALES.entries()) servers.push(await startScale(scale, index));
} catch (error) {
  console.log(`\nkeys: not measured: ${error.message}`);
  process.exit(1);
}

const only = process.env.BENCH_KEYS_ONLY?.split(',');
const cases = [];
for (const h of servers) {
  for (const key of KEYS.filter((key) => !only || only.includes(key.id ?? key.action))) {
    for (const variant of ['ours', 'bare', ...(key.processRun ? ['process'] : []), ...(key.hopRun ? ['hop'] : []), ...(key.syncRun ? ['sync'] : []), ...(key.pieces ?? [])]) cases.push({ h, key, variant, id: `${key.id ?? key.action}/${variant}/${h.scale.sessions}`, times: [], failures: [] });
  }
}
async function runCase(entry, record) {
  const { h, key, variant } = entry;
  const pressKey = variant === 'ours' ? h.bound[key.action] : h.bareKeys[variant === 'bare' ? key.id ?? key.action : `${key.id ?? key.action}/${variant}`];
  if (pressKey === undefined) return;
  let ms;
  try {
    await key.prepare(h, variant);
    ms = await ({ ours: key.ours, process: key.processRun, hop: key.hopRun, sync: key.syncRun }[variant] ?? (key.pieces?.includes(variant) ? key.pieceRun : key.bareRun))(h, pressKey);
  } catch (error) {
    ms = { error: error.message };
  }
  if (typeof ms === 'number') {
    if (record) entry.times.push(ms);
  } else {
    const why = ms?.error ?? 'the marker was not drawn';
    entry.failures.push(`${why} within ${timeout} ms (screen: ${h.client.screen().slice(-3).join(' | ').slice(0, 240)}; drawn: ${JSON.stringify(h.client.drawnTail(200))})`);
    h.client.send('Escape'); // a prompt left open
  }
  try {
    await key.after?.(h, variant);
  } catch (error) {
    entry.failures.push(`clean-up: ${error.message}`);
  }
  if (!h.client.attached()) throw new Error(`the client of the ${h.scale.name} server detached`);
  await h.client.quiet(150, 3000);
}

const benchStart = performance.now();
let done = 0;
try {
  for (const entry of cases) await runCase(entry, false); // warm: node's compile cache, git, tmux
  for (let r = 0; r < runs; r++, done++) {
    for (let i = 0; i < cases.length; i++) await runCase(cases[(i + r * 3) % cases.length], true);
  }
} catch (error) {
  notes.push(`stopped after ${done} of ${runs} rounds: ${error.message}`);
  process.exitCode = 1;
}
const minutes = (performance.now() - benchStart) / 60000;

const med = (action, variant, h) => median(cases.find((entry) => entry.id === `${action}/${variant}/${h.scale.sessions}`)?.times ?? []);
// Tenths of a millisecond: the press and the drawn effect are both read with performance.now().
const fmt = (ms) => (Number.isNaN(ms) ? '—'.padStart(7) : ms.toFixed(1).padStart(7));
const ratio = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? '—'.padStart(8) : `${(a / b).toFixed(2)}x`.padStart(8));
console.log(`\nKeys, key press to its visible effect through a real tmux client (drawn bytes read from a control-mode client), ${runs} interleaved rounds (${minutes.toFixed(1)} min):`);
for (const h of servers) {
  const keys = KEYS.map((key) => `${key.id ?? key.action} ${h.bound[key.action] ?? '(unbound)'}`).join(', ');
  console.log(`  ${h.scale.name}: ${h.counts} sessions, ${h.paneCount} panes (set up in ${h.setupSeconds.toFixed(0)} s); the plugin's keys: ${keys}`);
}
console.log('\n  what each key is timed to, and the bare tmux command beside it (bound to a spare key, pressed the same way):');
for (const key of KEYS.filter((key) => !only || only.includes(key.id ?? key.action))) console.log(`    ${key.title.padEnd(24)} ${key.effect}\n    ${''.padEnd(24)} bare: ${key.bare}`);
const [small, big] = servers;
const shown = KEYS.filter((key) => !only || only.includes(key.id ?? key.action));
console.log(`\n  medians in ms, to 0.1 ms (n = the presses measured); o/b = ours / bare${big ? `; scale = the ${big.scale.name} median / the ${small.scale.name} median (goal <= 2x)` : ''}:`);
const count = (action, variant, h) => cases.find((entry) => entry.id === `${action}/${variant}/${h.scale.sessions}`)?.times.length ?? 0;
const block = (h) => `${'ours'.padStart(7)} ${'bare'.padStart(7)} ${'o/b'.padStart(8)}`;
console.log(`    ${''.padEnd(24)} ${`[${small.scale.short}]`.padStart(24)}${big ? ` | ${`[${big.scale.short}]`.padStart(24)} | ${'[scale]'.padStart(15)}` : ''}`);
console.log(`    ${'key'.padEnd(24)} ${block(small)}${big ? ` | ${block(big)} | ${'ours'.padStart(7)} ${'bare'.padStart(7)}` : ''}   n`);
for (const key of shown) {
  const action = key.id ?? key.action;
  const [os, bs] = [med(action, 'ours', small), med(action, 'bare', small)];
  let line = `    ${key.title.padEnd(24)} ${fmt(os)} ${fmt(bs)} ${ratio(os, bs)}`;
  const ns = [count(action, 'ours', small), count(action, 'bare', small)];
  if (big) {
    const [ob, bb] = [med(action, 'ours', big), med(action, 'bare', big)];
    line += ` | ${fmt(ob)} ${fmt(bb)} ${ratio(ob, bb)} | ${ratio(ob, os)} ${ratio(bb, bs)}`;
    ns.push(count(action, 'ours', big), count(action, 'bare', big));
  }
  console.log(`${line}   ${ns.join('/')}`);
}
const withProcess = shown.filter((key) => key.processRun);
if (withProcess.length > 0) {
  console.log('\n  the keys that start a program, beside the same tmux command run as a process from the key (goal <= 2x):');
  for (const key of withProcess) {
    const action = key.id ?? key.action;
    const parts = servers.map((h) => {
      const [o, p] = [med(action, 'ours', h), med(action, 'process', h)];
      return `[${h.scale.short}] ${fmt(o).trim()} / ${fmt(p).trim()} ms = ${ratio(o, p).trim()}`;
    });
    console.log(`    ${key.title.padEnd(24)} ${parts.join('   ')}   (${key.process})`);
  }
}
const withHop = shown.filter((key) => key.hopRun);
if (withHop.length > 0) {
  console.log('\n  the keys decided in the server, beside the same switch-client through run-shell -C (a tmux command, no process; their floor):');
  for (const key of withHop) {
    const action = key.id ?? key.action;
    const parts = servers.map((h) => {
      const [o, p] = [med(action, 'ours', h), med(action, 'hop', h)];
      return `[${h.scale.short}] ${fmt(o).trim()} / ${fmt(p).trim()} ms = ${ratio(o, p).trim()}`;
    });
    console.log(`    ${key.title.padEnd(24)} ${parts.join('   ')}   (${key.hop})`);
    if (!key.syncRun) continue;
    // The same switch-client run at once, beside the bare key and beside run-shell -C's.
    const sync = servers.map((h) => {
      const [y, b, p] = [med(action, 'sync', h), med(action, 'bare', h), med(action, 'hop', h)];
      return `[${h.scale.short}] ${fmt(y).trim()} ms = ${ratio(y, b).trim()} bare, ${ratio(p, b).trim()} through run-shell -C`;
    });
    console.log(`    ${'  run at once'.padEnd(24)} ${sync.join('   ')}   (${key.sync})`);
  }
}
const withPieces = shown.filter((key) => key.pieces?.length);
for (const key of withPieces) {
  const action = key.id ?? key.action;
  console.log(`\n  ${key.title} in pieces (medians in ms, each / bare in the same server${big ? '; scale: the big server / the small one' : ''}):`);
  for (const variant of ['ours', ...key.pieces, 'bare']) {
    const parts = servers.map((h) => `[${h.scale.short}] ${fmt(med(action, variant, h)).trim()} ms = ${ratio(med(action, variant, h), med(action, 'bare', h)).trim()}`);
    const grown = big ? `   scale ${ratio(med(action, variant, big), med(action, variant, small)).trim()}` : '';
    console.log(`    ${variant.padEnd(24)} ${parts.join('   ')}${grown}`);
  }
}
for (const entry of cases) {
  if (entry.times.length === 0) notes.push(`${entry.id}: not measured${entry.failures.length ? '' : ' (no key bound)'}`);
  if (entry.failures.length > 0) notes.push(`${entry.id}: ${entry.failures.length} failed press(es), first: ${entry.failures[0]}`);
}
if (notes.length > 0) console.log(`\nnotes:\n${notes.map((note) => `  - ${note}`).join('\n')}`);
if (process.env.BENCH_KEYS_KEEP) {
  console.log(`kept: ${dir}`);
  await sleep(Number(process.env.BENCH_KEYS_KEEP) * 1000);
}
process.exit(process.exitCode ?? 0);
