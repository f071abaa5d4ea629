// Saves as users run them (the built CLI, node dist/claude-sessions.cjs) under faults: killed
// at any moment, two at once, and a whole server saved, killed and restored.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { layoutWithoutChecksumAndIds } from '../../src/resurrect/layout.ts';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { lastSavePath, listSaves, sidecarPath } from '../../src/resurrect/save-dir.ts';
import { readSidecar, sidecarBelongsTo } from '../../src/resurrect/sidecar.ts';
import { startEmptySavingServer, startSavingServer } from '../helpers/saving-server.ts';
import { settled } from '../helpers/settled.ts';
import { REPO_ROOT, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const CLI = join(REPO_ROOT, 'dist', 'claude-sessions.cjs');
const KILLED_SAVES = 50;

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

// A private server saving into SERVER_DIR/saves, the CLI with a HOME of its own.
const startServer = () => startEmptySavingServer(stops);

// Start the CLI on the server; `killAfterMs` sends it SIGKILL that long after the start.
function cli(server: TestServer, env: NodeJS.ProcessEnv, args: readonly string[], killAfterMs?: number): Promise<Finished> {
  const child = spawn('node', [CLI, '-S', server.socket, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  // `close`, not `exit`: by then the child is reaped, so its PID reads as dead to the next save.
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

// The save `last` names, checked whole: it parses without a warning (no cut line), and its
// sidecar, when there is one, is that file's. Returns it parsed, or undefined without `last`.
function checkedLast(dir: string) {
  const file = lastSavePath(dir);
  if (file === undefined) return undefined;
  const text = readFileSync(file, 'utf8');
  const { server, warnings } = parseResurrectFile(text, file);
  expect(warnings).toEqual([]);
  if (existsSync(sidecarPath(file))) {
    const sidecar = readSidecar(sidecarPath(file));
    expect(sidecar !== undefined && sidecarBelongsTo(sidecar, basename(file), text), `sidecar of ${file}`).toBe(true);
  }
  return server;
}

const nameOfMain = (saved: ReturnType<typeof checkedLast>) => saved?.windows.find((w) => w.sessionName === 'main' && w.index === 0)?.name;

// What a killed writer leaves, and the lock: a completed save removes them.
const leftovers = (dir: string) => readdirSync(dir).filter((name) => /\.(tmp|stale)\.\d+/.test(name) || name.startsWith('save.lock'));

describe('a save killed at any moment', () => {
  it(`leaves \`last\` on a complete save, and the next save takes over (${KILLED_SAVES} kills spread over a save)`, async () => {
    // Sessions main, alpha, beta and gamma, settled.
    const { server, dir, env } = await startSavingServer(stops);

    // How long a whole save takes here, start to exit (the median of three): the kills are spread over it.
    const durations: number[] = [];
    for (const name of ['measure-1', 'measure-2', 'measure']) {
      server.tmux('rename-window', '-t', '=main:0', name);
      const started = performance.now();
      expect((await cli(server, env, ['save'])).code).toBe(0);
      durations.push(performance.now() - started);
    }
    const saveMs = durations.sort((a, b) => a - b)[1] ?? 0;

    let killed = 0;
    let before = 'measure';
    for (let run = 0; run < KILLED_SAVES; run++) {
      const name = `run-${run}`;
      server.tmux('rename-window', '-t', '=main:0', name);
      const result = await cli(server, env, ['save'], Math.round((saveMs * run) / (KILLED_SAVES - 1)));
      if (result.signal === 'SIGKILL') killed++;
      else expect(result).toMatchObject({ code: 0, stderr: '' });

      // `last` is the save before, or this one if it got that far; never a part of either.
      expect([before, name]).toContain(nameOfMain(checkedLast(dir)));

      const next = await cli(server, env, ['save', '--json']);
      expect(next).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(next.stdout)).toMatchObject({ sessions: 4, panes: 7, warnings: [] });
      expect(nameOfMain(checkedLast(dir))).toBe(name);
      expect(leftovers(dir)).toEqual([]);
      before = name;
    }
    // Not a timing assertion: with kills spread over a whole save, most land.
    expect(killed).toBeGreaterThan(0);
    // Every save file left is whole.
    for (const save of listSaves(dir)) expect(parseResurrectFile(readFileSync(save.path, 'utf8'), save.path).warnings).toEqual([]);
  }, 120_000);
});

describe('two saves at once', () => {
  it('run one after the other: both succeed, one writes, the other finds nothing changed', async () => {
    const { server, dir, env } = startServer();
    server.newSession('main');
    server.newSession('alpha');
    server.tmux('split-window', '-t', '=alpha:0');
    server.tmux('kill-session', '-t', '=placeholder:');
    await settled(server);
    for (let round = 0; round < 5; round++) {
      server.tmux('rename-window', '-t', '=main:0', `round-${round}`);
      const saves = listSaves(dir).length;
      const results = await Promise.all([cli(server, env, ['save', '--json']), cli(server, env, ['save', '--json'])]);
      for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
      const [first, second] = results.map((result) => JSON.parse(result.stdout) as { unchanged: boolean; file: string });
      expect([first?.unchanged, second?.unchanged].sort()).toEqual([false, true]);
      expect(first?.file).toBe(second?.file);
      expect(listSaves(dir)).toHaveLength(saves + 1);
      expect(lastSavePath(dir)).toBe(first?.file);
      expect(nameOfMain(checkedLast(dir))).toBe(`round-${round}`);
      expect(leftovers(dir)).toEqual([]);
    }
  }, 60_000);
});

// What tmux reports about every session, window and pane, in one comparable list.
function serverState(server: TestServer) {
  const list = (args: string[], fields: string[]) =>
    server
      .tmux(...args, '-F', fields.join('\t'))
      .split('\n')
      .filter(Boolean)
      .sort();
  const windows = list(
    ['list-windows', '-a'],
    ['#{session_name}', '#{window_index}', '#{window_name}', '#{window_active}', '#{window_flags}', '#{window_zoomed_flag}', '#{automatic-rename}', '#{window_layout}'],
  ).map((line) => {
    const fields = line.split('\t');
    const layout = fields.pop() ?? '';
    return [...fields, layoutWithoutChecksumAndIds(layout)].join('\t');
  });
  return {
    sessions: list(['list-sessions'], ['#{session_name}', '#{session_windows}']),
    windows,
    panes: list(
      ['list-panes', '-a'],
      ['#{session_name}', '#{window_index}', '#{pane_index}', '#{pane_current_path}', '#{pane_active}', '#{pane_title}'],
    ),
  };
}

// 20 sessions of 4 panes each in five shapes (one tmux call per session): layouts, gaps in
// window indexes, names, titles, focus, the alternate window, zoom.
async function buildBigServer(server: TestServer): Promise<void> {
  const folders = ['plain', 'my project', 'two  spaces here', 'ünïcødé 🎉', join('deep', 'sub dir', 'x')].map((name) => join(server.dir, 'work', name));
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  const folder = (n: number) => folders[n % folders.length] as string;
  const names = Array.from({ length: 20 }, (_, s) => (s === 7 ? 'with space' : s === 13 ? 'ünï-session' : `proj-${String(s).padStart(2, '0')}`));
  names.forEach((name, s) => {
    const at = (window: number | string) => `=${name}:${window}`;
    const commands: string[][] = [['new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', folder(s)]];
    const t = (...args: string[]) => commands.push(args);
    let panes = 1;
    const split = (window: number, ...flags: string[]) => t('split-window', '-t', at(window), '-c', folder(s + panes++), ...flags);
    switch (s % 5) {
      case 0: // one window, tiled
        for (let p = 0; p < 3; p++) split(0);
        t('select-layout', '-t', at(0), 'tiled');
        t('select-pane', '-t', `${at(0)}.1`);
        break;
      case 1: // one window, main-vertical then a pane resized by hand: a layout no preset makes
        for (let p = 0; p < 3; p++) split(0, '-h');
        t('select-layout', '-t', at(0), 'main-vertical');
        t('resize-pane', '-t', `${at(0)}.2`, '-y', '7');
        t('rename-window', '-t', at(0), `editor ${s}`);
        t('select-pane', '-t', `${at(0)}.0`);
        break;
      case 2: // two windows of two, the second active and the first the alternate
        split(0, '-h');
        t('new-window', '-t', at(3), '-n', 'logs', '-c', folder(s + 1));
        split(3, '-v');
        t('select-layout', '-t', at(3), 'even-vertical');
        t('select-window', '-t', at(0));
        t('select-window', '-t', at(3));
        break;
      case 3: // four windows of one, at gapped indexes, one named with spaces and unicode
        t('new-window', '-t', at(2), '-c', folder(s + 2));
        t('new-window', '-t', at(5), '-n', 'build ✓ and test', '-c', folder(s + 3));
        t('new-window', '-t', at(7), '-c', folder(s + 4));
        t('select-window', '-t', at(5));
        t('select-window', '-t', at(2));
        break;
      case 4: // three panes zoomed on the middle one, and a window of one
        split(0, '-h');
        split(0, '-v');
        t('select-layout', '-t', at(0), 'main-horizontal');
        t('new-window', '-d', '-t', at(1), '-n', 'shell', '-c', folder(s + 2));
        t('resize-pane', '-Z', '-t', `${at(0)}.1`);
        break;
    }
    // Titles on some panes, with the characters people put there.
    if (s % 3 === 0) t('select-pane', '-t', `${at('{start}')}.0`, '-T', `title ${s}: ünï "quoted"`);
    if (s % 4 === 1) t('select-pane', '-t', `${at('{end}')}.0`, '-T', 'claude · agent');
    server.tmux(...commands.flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  });
  server.tmux('kill-session', '-t', '=placeholder:');
  await settled(server);
  // automatic-rename off without a rename, once tmux has named the window after its shell.
  for (const name of names.filter((_, s) => s % 5 === 3 || s % 10 === 0)) server.tmux('set-option', '-w', '-t', `=${name}:{end}`, 'automatic-rename', 'off');
}

describe('a whole server saved, killed and restored', () => {
  it('comes back as tmux reported it: 20 sessions, 80 panes, every layout, name, folder, title, focus and zoom', async () => {
    const { server, env } = startServer();
    await buildBigServer(server);
    const before = serverState(server);
    expect(before.sessions).toHaveLength(20);
    expect(before.panes).toHaveLength(80);
    // The fields that matter are there to compare: a zoomed window, an alternate, automatic-rename off.
    const windowFields = before.windows.map((line) => line.split('\t'));
    expect(windowFields.filter((fields) => fields[5] === '1')).toHaveLength(4);
    expect(windowFields.filter((fields) => fields[4] === '-')).toHaveLength(8);
    expect(windowFields.filter((fields) => fields[2] === 'sh' && fields[6] === '0')).toHaveLength(6);

    const saved = await cli(server, env, ['save']);
    expect(saved).toMatchObject({ code: 0, stderr: '' });
    expect(saved.stdout).toContain('saved 20 sessions, 80 panes');

    server.tmux('kill-server');
    // kill-server returns before the server has gone; a client meanwhile sees "server exited unexpectedly".
    await waitFor(() => server.tryTmux('list-sessions').stderr, (stderr) => /no server running|error connecting/.test(stderr));

    const restored = await cli(server, env, ['restore']);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toContain('restored 20 sessions, 80 panes');
    await settled(server);
    const after = serverState(server);
    expect(after.sessions).toEqual(before.sessions);
    expect(after.windows).toEqual(before.windows);
    expect(after.panes).toEqual(before.panes);
  }, 60_000);
});
