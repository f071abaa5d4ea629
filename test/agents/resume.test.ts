// Claude panes across save and restore: each workspace agent starts with its own session id
// and our hooks, and comes back from a restore resuming its own conversation.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProgramFor } from '../../src/restore/claude-resume.ts';
import { shellQuote } from '../../src/util/shell-words.ts';
import type { LoadedSave } from '../../src/restore/read-save.ts';
import type { SavedPane } from '../../src/resurrect/format.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { runRestoreCli } from '../helpers/resurrect-lines.ts';
import { restoreTestServer, type RestoreServer } from '../helpers/restore-server.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Start {
  readonly argv: string[];
  readonly cwd: string;
  readonly sessionId: string;
  readonly resumed: boolean;
  readonly settings: string | null;
  readonly tmuxPane: string | null;
  readonly pid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Claude panes across save and restore (real tmux, fake claude)', () => {
  let server: RestoreServer;
  let home: string;
  let log: string;
  let project: string;
  let wrapperLog: string;
  const wrapperStarts = () => (existsSync(wrapperLog) ? readFileSync(wrapperLog, 'utf8').trim().split('\n') : []);
  const savedEnv: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string) => {
    if (!(name in savedEnv)) savedEnv[name] = process.env[name];
    process.env[name] = value;
  };

  // A home and server per test: each save, kill-server and restore starts from a workspace
  // of its own, so any one test runs alone.
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'cs-resume-home-'));
    log = join(home, 'fake-claude.log');
    setEnv('PATH', `${join(REPO_ROOT, 'test', 'fake-claude')}:${process.env['PATH'] ?? ''}`);
    setEnv('HOME', home);
    setEnv('CLAUDE_CONFIG_DIR', join(home, '.claude'));
    setEnv('XDG_STATE_HOME', join(home, 'state'));
    setEnv('XDG_DATA_HOME', join(home, 'data'));
    setEnv('XDG_CONFIG_HOME', join(home, 'config'));
    setEnv('CLAUDE_SESSIONS_ROOT', REPO_ROOT);
    setEnv('FAKE_CLAUDE_SCRIPT', 'SessionStart hold');
    setEnv('FAKE_CLAUDE_LOG', log);
    setEnv('EDITOR', 'true');
    // The user's claude command, from the config (so it survives kill-server): a wrapper off
    // PATH, in a folder with a space, that logs its starts.
    wrapperLog = join(home, 'wrapper.log');
    const wrapper = join(home, 'my tools', 'claude');
    mkdirSync(join(home, 'my tools'));
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> ${shellQuote(wrapperLog)}\nexec ${shellQuote(join(REPO_ROOT, 'test', 'fake-claude', 'claude'))} "$@"\n`, { mode: 0o755 });
    server = restoreTestServer([`set -g @claude-sessions-claude-command "${shellQuote(wrapper)} --model opus"`]);
    await server.start('placeholder');
    project = join(home, 'webapp');
    for (const dir of ['components', 'api', 'src']) mkdirSync(join(project, dir), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"devDependencies":{"react":"^19"}}');
  });
  afterEach(() => {
    server.stop();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      delete savedEnv[name];
    }
    rmSync(home, { recursive: true, force: true });
  });

  const starts = (): Start[] => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Start);
    } catch {
      return [];
    }
  };
  const claudePanes = () =>
    server
      .tmux('list-panes', '-s', '-t', '=claude-dev-webapp:', '-F', '#{pane_id}|#{pane_current_path}|#{@claude-state}|#{@claude-session-id}')
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .filter(([, path]) => path?.endsWith('/components') || path?.endsWith('/api'));
  const hooksSettled = () => waitFor(claudePanes, (panes) => panes.length === 2 && panes.every(([, , state]) => state === 'idle'));
  const newStarts = async (before: number, count: number) => (await waitFor(starts, (all) => all.length >= before + count)).slice(before);
  // Open the react workspace (two Claude panes); its first two Claude starts.
  const openWorkspace = async () => {
    const result = await runCliCaptured(['-S', server.socket, 'new', project, '--detach']);
    expect(result).toMatchObject({ code: 0, stdout: 'created claude-dev-webapp from template react\n' });
    return newStarts(0, 2);
  };
  // The workspace opened, its agents settled: each Claude pane's folder and conversation id.
  const openedAgents = async () => {
    const launched = await openWorkspace();
    await hooksSettled();
    return Object.fromEntries(launched.map((start) => [start.cwd, start.sessionId]));
  };

  it('starts each claude pane with its own --session-id and our --settings file; the hooks report back', async () => {
    const launched = await openWorkspace();
    const settings = join(home, 'state', 'claude-sessions', 'claude-hooks.json');
    for (const start of launched) {
      expect(start.argv).toEqual(['--model', 'opus', '--session-id', start.sessionId, '--settings', settings]);
      expect(start.sessionId).toMatch(UUID);
      expect(start.resumed).toBe(false);
    }
    expect(new Set(launched.map((start) => start.sessionId)).size).toBe(2);
    expect(launched.map((start) => start.cwd).sort()).toEqual([join(project, 'api'), join(project, 'components')]);
    const panes = await hooksSettled();
    const firstIds = Object.fromEntries(launched.map((start) => [start.cwd, start.sessionId]));
    for (const [id, path, state, session] of panes) {
      expect(state).toBe('idle');
      expect(session).toBe(firstIds[path ?? '']);
      expect(launched.find((start) => start.sessionId === session)?.tmuxPane).toBe(id);
    }
  });

  it('after save, kill-server and restore, each claude resumes its own conversation in its own folder, with its arguments', async () => {
    const firstIds = await openedAgents();
    expect((await runCliCaptured(['-S', server.socket, 'save'])).code).toBe(0);
    server.kill();
    const before = starts().length;
    const restored = await runRestoreCli(server);
    expect(restored.code).toBe(0);
    const resumed = await newStarts(before, 2);
    for (const start of resumed) {
      expect(start.argv.slice(0, 5)).toEqual(['--model', 'opus', '--resume', firstIds[start.cwd], '--settings']);
      expect(start.resumed).toBe(true);
    }
    expect(resumed.map((start) => start.cwd).sort()).toEqual([join(project, 'api'), join(project, 'components')]);
    expect(new Set(resumed.map((start) => start.sessionId)).size).toBe(2);
    // Started through @claude-sessions-claude-command (the wrapper), its --model given once.
    expect(wrapperStarts().filter((line) => line.startsWith('--model opus --resume ')).sort()).toEqual(
      resumed.map((start) => `--model opus --resume ${firstIds[start.cwd]} --settings ${start.settings}`).sort(),
    );
    await hooksSettled();
  });

  it('starts a fresh conversation, and says so in the pane, when the saved one has no transcript', async () => {
    const firstIds = await openedAgents();
    expect((await runCliCaptured(['-S', server.socket, 'save'])).code).toBe(0);
    const components = join(project, 'components');
    const lost = firstIds[components] ?? '';
    server.kill();
    // A fake claude writes its SessionEnd to the transcript on its way out: remove it after.
    await waitFor(() => starts().filter((start) => alive(start.pid)), (running) => running.length === 0);
    rmSync(join(home, '.claude', 'projects', components.replaceAll('/', '-'), `${lost}.jsonl`));
    const before = starts().length;
    expect((await runRestoreCli(server)).code).toBe(0);
    const again = await newStarts(before, 2);
    const fresh = again.find((start) => start.cwd === components);
    expect(fresh?.resumed).toBe(false);
    expect(fresh?.argv.slice(0, 3)).toEqual(['--model', 'opus', '--session-id']);
    expect(wrapperStarts()).toContain(`--model opus --session-id ${fresh?.sessionId} --settings ${fresh?.settings}`);
    expect(fresh?.sessionId).toMatch(UUID);
    expect(fresh?.sessionId).not.toBe(lost);
    expect(again.find((start) => start.cwd === join(project, 'api'))?.argv.slice(2, 4)).toEqual(['--resume', firstIds[join(project, 'api')]]);
    const screen = await waitFor(
      () => server.tmux('capture-pane', '-pJ', '-t', fresh?.tmuxPane ?? ''),
      (text) => text.includes('fake claude'),
    );
    expect(screen).toContain(`claude-sessions: conversation ${lost} could not be resumed; starting a new one`);
  });
});

describe('claudeProgramFor', () => {
  const pane = (index: number): SavedPane =>
    ({ sessionName: 'w', windowIndex: 0, paneIndex: index }) as SavedPane;
  const save = (ids: string[]): LoadedSave =>
    ({
      extras: {
        sessions: [],
        panes: ids.map((sessionId, index) => ({
          session: 'w',
          window: 0,
          pane: index,
          claude: { sessionId, cwd: '/p', args: ['--model', 'opus'], transcriptPath: `/t/${sessionId}.jsonl` },
        })),
      },
    }) as unknown as LoadedSave;
  const deps = { claudeCommand: 'claude', settingsFile: () => '/s/h.json', newSessionId: () => 'new-id', transcriptExists: () => true };

  it('never resumes one conversation in two panes: the second starts afresh', () => {
    const loaded = save(['a1', 'a1']);
    expect(claudeProgramFor(pane(0), loaded, deps)).toBe("claude --model opus --resume a1 --settings '/s/h.json'");
    expect(claudeProgramFor(pane(1), loaded, deps)).toBe(
      "echo 'claude-sessions: conversation a1 is resumed in another pane; starting a new one'; claude --model opus --session-id new-id --settings '/s/h.json'",
    );
  });

  it("types the user's claude command, without repeating the arguments it brings itself", () => {
    const own = { ...deps, claudeCommand: "'/opt/my tools/claude' --model opus" };
    expect(claudeProgramFor(pane(0), save(['a1']), own)).toBe("'/opt/my tools/claude' --model opus --resume a1 --settings '/s/h.json'");
    const other = { ...deps, claudeCommand: 'npx claude-wrapper' };
    expect(claudeProgramFor(pane(0), save(['a1']), other)).toBe("npx claude-wrapper --model opus --resume a1 --settings '/s/h.json'");
  });

  it('leaves panes without a saved conversation to the other restorers', () => {
    expect(claudeProgramFor(pane(5), save(['a1']), deps)).toBeUndefined();
  });
});
