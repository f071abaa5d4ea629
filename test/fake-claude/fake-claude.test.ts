// The fake `claude` other tests launch: it must hand hooks what Claude Code documents
// (src/agents/claude-contract.ts), or tests built on it prove nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const FAKE = join(import.meta.dirname, 'claude');
const SESSION_ID = '0b5c7c1e-2f4a-4d3b-9e8f-1a2b3c4d5e6f';

interface HookCall {
  readonly tag: string;
  readonly input: Record<string, unknown>;
}

let dir: string;
let home: string;
let project: string;
let hookLog: string;
let startLog: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-claude-test-'));
  home = join(dir, 'home');
  project = join(dir, 'project');
  hookLog = join(dir, 'hooks.log');
  startLog = join(dir, 'starts.log');
  mkdirSync(home);
  mkdirSync(join(project, '.claude'), { recursive: true });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A command hook that appends "TAG <its stdin JSON>" as one line of the hook log, in one
// write so a test polling the log never reads half a line.
function recorder(tag: string): { type: 'command'; command: string } {
  return { type: 'command', command: `input=$(cat); printf '%s %s\\n' '${tag}' "$input" >> '${hookLog}'` };
}

function settingsWith(hooks: Record<string, unknown[]>): string {
  return JSON.stringify({ hooks });
}

function writeSettings(path: string, hooks: Record<string, unknown[]>): string {
  writeFileSync(path, settingsWith(hooks));
  return path;
}

function fakeEnv(script: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, FAKE_CLAUDE_SCRIPT: script, FAKE_CLAUDE_LOG: startLog };
  delete env['CLAUDE_CONFIG_DIR'];
  delete env['TMUX'];
  delete env['TMUX_PANE'];
  return { ...env, ...extra };
}

function runFake(args: string[], script = 'SessionStart', extra: Record<string, string> = {}) {
  return spawnSync(FAKE, args, { cwd: project, env: fakeEnv(script, extra), encoding: 'utf8', timeout: 15000 });
}

function hookCalls(): HookCall[] {
  if (!existsSync(hookLog)) return [];
  return readFileSync(hookLog, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => {
      const space = line.indexOf(' ');
      return { tag: line.slice(0, space), input: JSON.parse(line.slice(space + 1)) as Record<string, unknown> };
    });
}

function starts(): Record<string, unknown>[] {
  return readFileSync(startLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const every = (tag: string) => [{ matcher: '*', hooks: [recorder(tag)] }];
const plain = (tag: string) => [{ hooks: [recorder(tag)] }];

describe('hook input', () => {
  it('gives every hook the documented JSON fields, and writes one transcript line per event', () => {
    const settings = settingsWith({
      SessionStart: plain('start'),
      UserPromptSubmit: plain('prompt'),
      PreToolUse: every('pre'),
      PermissionRequest: every('permission'),
      Notification: every('notification'),
      Stop: plain('stop'),
    });
    const script = 'SessionStart UserPromptSubmit PreToolUse:Bash PermissionRequest:Bash Notification:permission_prompt Stop';
    const result = runFake(['--session-id', SESSION_ID, '--settings', settings], script);
    expect(result.status).toBe(0);

    const transcript = join(home, '.claude', 'projects', project.replaceAll('/', '-'), `${SESSION_ID}.jsonl`);
    const calls = hookCalls();
    expect(calls.map((call) => call.tag)).toEqual(['start', 'prompt', 'pre', 'permission', 'notification', 'stop']);
    for (const { input } of calls) {
      expect(input).toMatchObject({ session_id: SESSION_ID, transcript_path: transcript, cwd: project });
    }
    const [start, prompt, pre, permission, notification, stop] = calls.map((call) => call.input);
    // As in Claude Code: the permission mode on the events of a turn, not on SessionStart or Notification.
    for (const input of [prompt, pre, permission, stop]) expect(input).toMatchObject({ permission_mode: 'default' });
    expect(start).toMatchObject({ hook_event_name: 'SessionStart', source: 'startup' });
    expect(pre).toMatchObject({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {} });
    expect(permission).toMatchObject({ hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: {} });
    expect(notification).toMatchObject({ hook_event_name: 'Notification', notification_type: 'permission_prompt' });
    expect(notification?.['message']).toEqual(expect.any(String));
    expect(stop).toMatchObject({ hook_event_name: 'Stop' });
    expect(readFileSync(transcript, 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('plays the events of a failed tool, a tool batch, a compaction and any notification type', () => {
    const settings = settingsWith({
      PostToolUseFailure: every('failure'),
      PostToolBatch: plain('batch'),
      PermissionDenied: every('denied'),
      PostCompact: plain('compacted'),
      Notification: every('notification'),
    });
    const script = 'PostToolUseFailure:Bash PostToolBatch PermissionDenied:Write PostCompact:manual Notification:agent_needs_input Notification:elicitation_complete';
    expect(runFake(['--settings', settings], script).status).toBe(0);
    expect(hookCalls().map((call) => [call.tag, call.input])).toEqual([
      ['failure', expect.objectContaining({ hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: {}, error: expect.any(String) })],
      ['batch', expect.objectContaining({ hook_event_name: 'PostToolBatch', tool_calls: [] })],
      ['denied', expect.objectContaining({ hook_event_name: 'PermissionDenied', tool_name: 'Write' })],
      ['compacted', expect.objectContaining({ hook_event_name: 'PostCompact', trigger: 'manual' })],
      ['notification', expect.objectContaining({ hook_event_name: 'Notification', notification_type: 'agent_needs_input' })],
      ['notification', expect.objectContaining({ hook_event_name: 'Notification', notification_type: 'elicitation_complete' })],
    ]);
  });

  it('prints a banner with the session id, and makes up a uuid without --session-id', () => {
    const result = runFake([]);
    expect(result.stdout).toMatch(/^fake claude 2\.0\.0 session [0-9a-f-]{36}\n$/);
    expect(starts()[0]?.['sessionId']).toBe(result.stdout.trim().split(' ').pop());
  });

  it('lets hooks see $TMUX_PANE and $CLAUDE_PROJECT_DIR from its environment', () => {
    const command = `printf '%s %s\\n' "$TMUX_PANE" "$CLAUDE_PROJECT_DIR" >> '${hookLog}'`;
    runFake(['--settings', settingsWith({ SessionStart: [{ hooks: [{ type: 'command', command }] }] })], 'SessionStart', { TMUX_PANE: '%42' });
    expect(readFileSync(hookLog, 'utf8')).toBe(`%42 ${project}\n`);
  });
});

describe('matchers', () => {
  it('matches tool names as whole-name regexes and notifications by type', () => {
    const settings = settingsWith({
      PreToolUse: [
        { matcher: 'Bash', hooks: [recorder('bash')] },
        { matcher: 'Edit|Write', hooks: [recorder('edit-or-write')] },
        { matcher: 'Ed', hooks: [recorder('ed')] },
        { matcher: '', hooks: [recorder('empty')] },
        { hooks: [recorder('absent')] },
      ],
      Notification: [{ matcher: 'idle_prompt', hooks: [recorder('idle')] }],
    });
    runFake(['--settings', settings], 'PreToolUse:Bash PreToolUse:Edit PreToolUse:Read Notification:permission_prompt Notification:idle_prompt');
    const byTool = (tool: string) => hookCalls().filter((call) => call.input['tool_name'] === tool).map((call) => call.tag);
    expect(byTool('Bash')).toEqual(['bash', 'empty', 'absent']);
    expect(byTool('Edit')).toEqual(['edit-or-write', 'empty', 'absent']);
    expect(byTool('Read')).toEqual(['empty', 'absent']);
    const notifications = hookCalls().filter((call) => call.input['hook_event_name'] === 'Notification');
    expect(notifications.map((call) => [call.tag, call.input['notification_type']])).toEqual([['idle', 'idle_prompt']]);
  });
});

describe('settings levels', () => {
  it('runs the hooks of the home, project, local and --settings levels together', () => {
    mkdirSync(join(home, '.claude'));
    writeSettings(join(home, '.claude', 'settings.json'), { SessionStart: plain('home') });
    writeSettings(join(project, '.claude', 'settings.json'), { SessionStart: plain('project') });
    writeSettings(join(project, '.claude', 'settings.local.json'), { SessionStart: plain('local') });
    const flagFile = writeSettings(join(dir, 'flag.json'), { SessionStart: plain('flag-file') });
    runFake(['--settings', flagFile]);
    runFake(['--settings', settingsWith({ SessionStart: plain('flag-json') })]);
    expect(hookCalls().map((call) => call.tag)).toEqual(['home', 'project', 'local', 'flag-file', 'home', 'project', 'local', 'flag-json']);
  });

  it('reads user settings from $CLAUDE_CONFIG_DIR when it is set', () => {
    const config = join(dir, 'config');
    mkdirSync(config);
    writeSettings(join(config, 'settings.json'), { SessionStart: plain('config-dir') });
    runFake([], 'SessionStart', { CLAUDE_CONFIG_DIR: config });
    expect(hookCalls().map((call) => call.tag)).toEqual(['config-dir']);
    expect(hookCalls()[0]?.input['transcript_path']).toMatch(new RegExp(`^${config}/projects/`));
  });

  it('exits 1 when the --settings file does not exist', () => {
    const result = runFake(['--settings', join(dir, 'missing.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing.json');
  });
});

describe('how it was started', () => {
  it('records --session-id and --resume in FAKE_CLAUDE_LOG, and resumes with source "resume"', () => {
    const settings = settingsWith({ SessionStart: plain('start') });
    runFake(['--session-id', SESSION_ID, '--settings', settings, 'do the thing'], 'SessionStart', { TMUX_PANE: '%7' });
    runFake(['--resume', SESSION_ID, '--settings', settings]);

    const [fresh, resumed] = starts();
    expect(fresh).toMatchObject({
      argv: ['--session-id', SESSION_ID, '--settings', settings, 'do the thing'],
      cwd: project,
      sessionId: SESSION_ID,
      resumed: false,
      settings,
      tmuxPane: '%7',
    });
    expect(fresh?.['pid']).toEqual(expect.any(Number));
    expect(fresh?.['ppid']).toBe(process.pid);
    expect(resumed).toMatchObject({ sessionId: SESSION_ID, resumed: true, tmuxPane: null });
    expect(hookCalls().map((call) => call.input['source'])).toEqual(['startup', 'resume']);
  });

  it('rejects a --session-id that is not a uuid, as Claude does', () => {
    const result = runFake(['--session-id', 'not-a-uuid']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid session ID/);
    expect(existsSync(startLog)).toBe(false);
  });

  it('answers --version and `agents --json`', () => {
    expect(runFake(['--version']).stdout).toBe('2.0.0 (Claude Code)\n');
    expect(runFake(['agents', '--json']).stdout).toBe('[]\n');
  });
});

describe('a session that stays open', () => {
  it('waits for a line on stdin, holds, and sends SessionEnd on SIGTERM', async () => {
    const settings = settingsWith({ SessionStart: plain('start'), Stop: plain('stop'), SessionEnd: plain('end') });
    const child = spawn(FAKE, ['--settings', settings], { cwd: project, env: fakeEnv('SessionStart wait Stop hold'), stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const tags = () => hookCalls().map((call) => call.tag);

    expect(await waitFor(tags, (seen) => seen.length === 1)).toEqual(['start']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tags()).toEqual(['start']);

    child.stdin.write('go on\n');
    expect(await waitFor(tags, (seen) => seen.length === 2)).toEqual(['start', 'stop']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.exitCode).toBeNull();

    child.kill('SIGTERM');
    await exited;
    expect(tags()).toEqual(['start', 'stop', 'end']);
    expect(hookCalls()[2]?.input).toMatchObject({ hook_event_name: 'SessionEnd', session_id: starts()[0]?.['sessionId'] });
  });

  it('keeps going after a hook fails, and says so on stderr', () => {
    const failing = { type: 'command', command: 'echo broken >&2; exit 3' };
    const settings = settingsWith({ SessionStart: [{ hooks: [failing, recorder('after-failure')] }], Stop: plain('stop') });
    const result = runFake(['--settings', settings], 'SessionStart Stop');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('broken');
    expect(hookCalls().map((call) => call.tag)).toEqual(['after-failure', 'stop']);
  });
});
