// The frame of a whole test run, for vitest (its globalSetup) and bats (setup_suite.bash runs
// `node test/helpers/test-run.mjs start`, teardown_suite `... finish`). A run gets a private
// TMPDIR, HOME, XDG folders and tmux socket folder, a PATH on which `claude` can only be the
// stand-in (test/fake-claude/claude), and a marker variable every process it starts inherits
// (tmux servers too, and through them their panes and hooks). At the end the run fails when
// its TMPDIR is not empty or a process carrying the marker still runs; both are then cleaned.
//
// Plain JavaScript: bats runs it with node, which has no TypeScript before Node 22.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const FAKE_CLAUDE = join(REPO_ROOT, 'test', 'fake-claude', 'claude');

// The marker: its value is the run's folder, so nested runs (the guard's own tests) differ.
export const RUN_VARIABLE = 'CLAUDE_SESSIONS_TEST_RUN';
// The PATH the run started with, for a test that explicitly wants the real `claude`.
export const REAL_PATH_VARIABLE = 'CLAUDE_SESSIONS_TEST_REAL_PATH';

// Variables of the developer's shell that would reach real state or change what tests see.
const CLEARED = ['TMUX', 'TMUX_PANE', 'CLAUDE_CONFIG_DIR', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'];
const CLEARED_PREFIX = 'CLAUDE_SESSIONS_';
// How long processes may take to go after the last test (kill-server returns before the
// server has exited, and vitest's workers end while teardown runs).
const SETTLE_MS = 2000;

// Start a run: make its folders and return the environment changes (undefined = unset).
export function startRun(env = process.env) {
  // Unix socket paths hold ~104 bytes: a long TMPDIR (macOS) would leave too little for tests.
  const base = tmpdir().length <= 40 ? tmpdir() : '/tmp';
  const root = mkdtempSync(join(base, 'cs-run-'));
  for (const dir of ['tmp', 'home', 'bin', 'tmux']) mkdirSync(join(root, dir));
  // Like /tmp: tests that run as other users (nobody, share's users) reach their folders in it.
  chmodSync(root, 0o755);
  chmodSync(join(root, 'tmp'), 0o1777);
  symlinkSync(FAKE_CLAUDE, join(root, 'bin', 'claude'));
  const home = join(root, 'home');
  const changes = {};
  for (const name of Object.keys(env)) {
    if (CLEARED.includes(name) || (name.startsWith(CLEARED_PREFIX) && name !== RUN_VARIABLE && name !== REAL_PATH_VARIABLE)) changes[name] = undefined;
  }
  Object.assign(changes, {
    [RUN_VARIABLE]: root,
    [REAL_PATH_VARIABLE]: env['PATH'] ?? '',
    PATH: hermeticPath(env['PATH'] ?? '', root),
    TMPDIR: join(root, 'tmp'),
    TMUX_TMPDIR: join(root, 'tmux'),
    ...privateHomeVariables(home),
    // git finds no ~/.gitconfig in the private home; commits made by tests need a name.
    GIT_AUTHOR_NAME: 'claude-sessions tests',
    GIT_AUTHOR_EMAIL: 'tests@claude-sessions.invalid',
    GIT_COMMITTER_NAME: 'claude-sessions tests',
    GIT_COMMITTER_EMAIL: 'tests@claude-sessions.invalid',
  });
  return { root, changes };
}

// HOME and the XDG folders under it (a developer's XDG_* would otherwise point at real ones).
export function privateHomeVariables(home) {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

// The run's bin folder (the stand-in `claude`) first, then PATH with every folder that holds
// another `claude` replaced by a copy of it (symlinks) without that `claude`: such a folder
// often holds node or git too, so dropping it whole would break the tests.
function hermeticPath(path, root) {
  const entries = path.split(delimiter).filter((entry) => entry !== '');
  let copies = 0;
  const kept = entries.map((entry) => {
    if (!existsSync(join(entry, 'claude'))) return entry;
    const copy = join(root, `path-${copies++}`);
    mkdirSync(copy);
    for (const name of readdirSync(entry)) {
      if (name !== 'claude') symlinkSync(join(entry, name), join(copy, name));
    }
    return copy;
  });
  return [join(root, 'bin'), ...kept].join(delimiter);
}

// End a run: what it left behind, one line each (empty when tidy), after killing the
// processes and removing the folder either way.
export async function finishRun(root) {
  const problems = [];
  const leaked = await waitForMarkedProcesses(root);
  for (const { pid, command } of leaked) {
    problems.push(`process ${pid} still runs: ${command}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const tmp = join(root, 'tmp');
  for (const name of existsSync(tmp) ? readdirSync(tmp).sort() : []) problems.push(`left in TMPDIR: ${name}${describeEntry(join(tmp, name))}`);
  rmSync(root, { recursive: true, force: true });
  return problems;
}

// " (a, b/c, ...)": what a leftover folder holds, up to three files deep inside it.
function describeEntry(path) {
  try {
    if (!statSync(path).isDirectory()) return '';
    const files = readdirSync(path, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory());
    const shown = files.slice(0, 3).map((entry) => relative(path, join(entry.parentPath ?? entry.path, entry.name)));
    return files.length === 0 ? '/ (no files)' : `/ (${shown.join(', ')}${files.length > 3 ? ', ...' : ''})`;
  } catch {
    return '';
  }
}

// Processes whose environment carries the marker, other than this one and its ancestors,
// once they have had SETTLE_MS to go. Needs /proc (Linux); elsewhere none are found.
async function waitForMarkedProcesses(root) {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const found = markedProcesses(`${RUN_VARIABLE}=${root}`);
    if (found.length === 0 || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function markedProcesses(entry) {
  if (!existsSync('/proc/self/environ')) return [];
  const excluded = new Set(ancestors());
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || excluded.has(Number(name))) continue;
    try {
      // The environment a process was started with: later setenv calls do not show here.
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry)) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(name), command: command === '' ? '(no command line)' : command.slice(0, 200) });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

// This process and every process above it.
function ancestors() {
  const pids = [];
  for (let pid = process.pid; pid > 1 && pids.length < 64; ) {
    pids.push(pid);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return pids;
}

// vitest globalSetup: the run's environment for the workers it forks, and the check after.
export default function setup() {
  const { root, changes } = startRun();
  applyChanges(process.env, changes);
  return async () => {
    const problems = await finishRun(root);
    if (problems.length === 0) return;
    process.stderr.write(`\nThe test run left things behind (${problems.length}):\n${problems.map((p) => `  ${p}\n`).join('')}`);
    // A teardown that throws does not change vitest's exit status; this does.
    process.exitCode = 1;
  };
}

function applyChanges(env, changes) {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
}

function shellWord(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

// bats: `eval "$(node test-run.mjs start)"` in setup_suite, `node test-run.mjs finish` in teardown_suite.
function main(command) {
  if (command === 'start') {
    const { changes } = startRun();
    for (const [name, value] of Object.entries(changes)) {
      process.stdout.write(value === undefined ? `unset ${name}\n` : `export ${name}=${shellWord(value)}\n`);
    }
    return Promise.resolve(0);
  }
  if (command === 'finish') {
    const root = process.env[RUN_VARIABLE];
    if (!root) {
      process.stderr.write(`test-run.mjs finish: ${RUN_VARIABLE} is not set (no run was started)\n`);
      return Promise.resolve(2);
    }
    return finishRun(root).then((problems) => {
      for (const problem of problems) process.stderr.write(`left behind: ${problem}\n`);
      return problems.length === 0 ? 0 : 1;
    });
  }
  process.stderr.write('usage: node test/helpers/test-run.mjs start|finish\n');
  return Promise.resolve(2);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2]).then((code) => {
    process.exitCode = code;
  });
}
