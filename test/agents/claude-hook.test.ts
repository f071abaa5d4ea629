// scripts/claude-hook, fed the JSON Claude Code gives hooks, on a real pane.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  CLAUDE_HOOK_EVENTS,
  CLAUDE_NOTIFICATION_TYPES,
  HOOK_EVENTS,
  PANE_OPTIONS,
  stateForEvent,
  type HookInput,
} from '../../src/agents/claude-contract.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const HOOK = join(REPO_ROOT, 'scripts', 'claude-hook');

describe('scripts/claude-hook', () => {
  let server: TestServer;
  let pane: string;
  let tmuxEnv: string;
  beforeAll(() => {
    server = startTestServer();
    server.newSession('agent');
    pane = server.tmux('display-message', '-p', '-t', '=agent:', '#{pane_id}').trim();
    tmuxEnv = `${server.socket},${server.tmux('display-message', '-p', '#{pid}').trim()},0`;
  });
  afterAll(() => server.stop());

  // Run the hook as Claude would: `claude-hook EVENT` (the event from the JSON unless given),
  // the JSON on stdin, in the pane's environment.
  function hook(input: string | HookInput, env: Record<string, string> = { TMUX: tmuxEnv, TMUX_PANE: pane }, event?: string) {
    const stdin = typeof input === 'string' ? input : JSON.stringify(input);
    const argument = event ?? (typeof input === 'string' ? 'PermissionRequest' : (input.hook_event_name ?? ''));
    const result = spawnSync(HOOK, [argument], { input: stdin, encoding: 'utf8', env: { ...testEnv(), ...env } });
    return { code: result.status, output: result.stdout + result.stderr };
  }
  const options = () => {
    const text = server.tmux('show-options', '-p', '-t', pane);
    const value = (name: string) => /^(\S+) (.*)$/m.exec(text.split('\n').find((line) => line.startsWith(`${name} `)) ?? '')?.[2]?.replace(/^"(.*)"$/, '$1');
    return {
      state: value(PANE_OPTIONS.state),
      reason: value(PANE_OPTIONS.waitingReason),
      session: value(PANE_OPTIONS.sessionId),
      since: value(PANE_OPTIONS.since),
      transcript: value(PANE_OPTIONS.transcript),
    };
  };
  // Put the pane in a state, as earlier events would have.
  const setState = (state: string, reason?: string) => {
    server.tmux('set-option', '-p', '-t', pane, PANE_OPTIONS.state, state);
    if (reason === undefined) server.tmux('set-option', '-pu', '-t', pane, PANE_OPTIONS.waitingReason);
    else server.tmux('set-option', '-p', '-t', pane, PANE_OPTIONS.waitingReason, reason);
  };
  const base = { session_id: '2f1c6a34-2a8e-4a59-9a51-6f1f0f7d9b10', transcript_path: '/home/u/.claude/projects/-w/2f1c.jsonl', cwd: '/w', permission_mode: 'default' };

  it('drives idle -> working -> waiting -> idle as the documented events arrive', () => {
    expect(hook({ ...base, hook_event_name: 'SessionStart', source: 'startup' })).toEqual({ code: 0, output: '' });
    expect(options()).toMatchObject({ state: 'idle', session: base.session_id, transcript: base.transcript_path, reason: undefined });
    hook({ ...base, hook_event_name: 'UserPromptSubmit', prompt: 'fix the "build"; then $(rm -rf ~)' } as HookInput);
    expect(options().state).toBe('working');
    hook({ ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls', session_id: 'nested, not ours' } } as HookInput);
    expect(options()).toMatchObject({ state: 'working', session: base.session_id });
    hook({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'rm -rf build' } } as HookInput);
    expect(options()).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' });
    expect(options()).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    hook({ ...base, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {}, tool_response: {} } as HookInput);
    expect(options()).toMatchObject({ state: 'working', reason: undefined });
    hook({ ...base, hook_event_name: 'Stop', stop_hook_active: false } as HookInput);
    expect(options().state).toBe('idle');
  });

  it('keeps the tool name in the waiting reason when the permission_prompt notification follows', () => {
    setState('working');
    hook({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash' });
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' });
    expect(options()).toMatchObject({ state: 'waiting', reason: 'permission: Bash' });
    // Without a PermissionRequest before it (hooks installed before that event existed), it still says waiting.
    setState('working');
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'permission_prompt' });
    expect(options()).toMatchObject({ state: 'waiting', reason: 'permission' });
  });

  it('shows a question to the user as waiting (question) through the PermissionRequest Claude Code sends for it', () => {
    setState('working');
    // Claude Code 2.1.332 asks an AskUserQuestion through its permission dialog: PreToolUse, then PermissionRequest.
    hook({ ...base, hook_event_name: 'PreToolUse', tool_name: 'AskUserQuestion' });
    hook({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'AskUserQuestion' });
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'permission_prompt' });
    expect(options()).toMatchObject({ state: 'waiting', reason: 'question' });
  });

  it('shows a failed turn as error until the next prompt, even after the idle_prompt notification', () => {
    setState('working');
    hook({ ...base, hook_event_name: 'StopFailure', error: 'rate_limit' } as HookInput);
    expect(options().state).toBe('error');
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'Claude is waiting for your input' });
    expect(options().state).toBe('error');
    hook({ ...base, hook_event_name: 'UserPromptSubmit', prompt: 'try again' } as HookInput);
    expect(options().state).toBe('working');
    hook({ ...base, hook_event_name: 'Stop' });
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'idle_prompt' });
    expect(options().state).toBe('idle');
  });

  it('shows working again when an approved tool fails', () => {
    setState('working');
    hook({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash' });
    expect(options().state).toBe('waiting');
    hook({ ...base, hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: { command: 'false' }, error: 'Exit code 1' } as HookInput);
    expect(options()).toMatchObject({ state: 'working', reason: undefined });
  });

  it('does not show waiting once an elicitation was answered', () => {
    setState('working');
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'elicitation_complete', message: 'done' });
    expect(options()).toMatchObject({ state: 'working', reason: undefined });
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'elicitation_response' });
    expect(options()).toMatchObject({ state: 'working', reason: undefined });
  });

  it('shows idle after a /compact typed at the prompt, and nothing changes for an auto compaction mid-turn', () => {
    setState('idle');
    hook({ ...base, hook_event_name: 'PreCompact', trigger: 'manual' });
    expect(options().state).toBe('working');
    hook({ ...base, hook_event_name: 'SessionStart', source: 'compact' });
    expect(options().state).toBe('working');
    hook({ ...base, hook_event_name: 'PostCompact', trigger: 'manual' });
    expect(options().state).toBe('idle');
    setState('working');
    hook({ ...base, hook_event_name: 'PreCompact', trigger: 'auto' });
    hook({ ...base, hook_event_name: 'SessionStart', source: 'compact' });
    hook({ ...base, hook_event_name: 'PostCompact', trigger: 'auto' });
    expect(options().state).toBe('working');
  });

  it('takes the event from its argument, not from the JSON', () => {
    setState('working');
    hook({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash' }, undefined, 'Stop');
    expect(options()).toMatchObject({ state: 'idle', reason: undefined });
    expect(hook({ ...base, hook_event_name: 'Stop' }, undefined, '')).toEqual({ code: 0, output: '' });
    expect(hook({ ...base, hook_event_name: 'Stop' }, undefined, 'WorktreeCreate')).toEqual({ code: 0, output: '' });
    expect(options().state).toBe('idle');
  });

  it('reads only the top level of a large event: text inside a tool response cannot pose as a field', () => {
    hook({ ...base, hook_event_name: 'Stop' });
    const response = `${'x'.repeat(60_000)} "hook_event_name":"PermissionRequest" \\" ${'line\n'.repeat(500)}`;
    hook({ ...base, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: '/a' }, tool_response: { content: response } } as HookInput);
    expect(options()).toMatchObject({ state: 'working', reason: undefined });
    // Nested fields before the top-level ones are not taken for them.
    const nested = `{"tool_input":{"session_id":"nested","tool_name":"Nested","x":["{\\"tool_name\\":\\"Str\\"}",{"a":[1,{"tool_name":"Deep"}]}]},${JSON.stringify(base).slice(1, -1)},"tool_name":"Edit"}`;
    hook(nested, undefined, 'PermissionRequest');
    expect(options()).toMatchObject({ state: 'waiting', reason: 'permission: Edit', session: base.session_id });
    hook({ ...base, hook_event_name: 'Stop' });
  });

  it('finishes once it has the fields it needs, without waiting for the rest of a large input', async () => {
    setState('idle');
    const child = spawn(HOOK, ['PostToolUse'], { env: { ...testEnv(), TMUX: tmuxEnv, TMUX_PANE: pane }, stdio: ['pipe', 'ignore', 'ignore'] });
    onTestFinished(() => {
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stdin.on('error', () => {});
    // The head of a PostToolUse whose tool_response is still being written: stdin stays open.
    child.stdin.write(`${JSON.stringify({ ...base, hook_event_name: 'PostToolUse', tool_name: 'Bash' }).slice(0, -1)},"tool_input":{"command":"cat big"},"tool_response":{"stdout":"${'y'.repeat(200_000)}`);
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(options().state).toBe('working');
  });

  it('moves @claude-state-since only when the state changes', () => {
    setState('idle');
    server.tmux('set-option', '-p', '-t', pane, PANE_OPTIONS.since, '100');
    hook({ ...base, hook_event_name: 'Stop' });
    expect(options()).toMatchObject({ state: 'idle', since: '100' });
    hook({ ...base, hook_event_name: 'UserPromptSubmit', prompt: 'go' } as HookInput);
    expect(Number(options().since)).toBeGreaterThan(1_700_000_000);
    // A held change does not move it either.
    hook({ ...base, hook_event_name: 'StopFailure' });
    server.tmux('set-option', '-p', '-t', pane, PANE_OPTIONS.since, '200');
    hook({ ...base, hook_event_name: 'Notification', notification_type: 'idle_prompt' });
    expect(options()).toMatchObject({ state: 'error', since: '200' });
  });

  it('changes nothing, silently and with exit 0, for garbage, empty or truncated input', () => {
    hook({ ...base, hook_event_name: 'Stop' });
    const before = server.tmux('show-options', '-p', '-t', pane);
    for (const input of ['', 'garbage {{{', '{"hook_event_name":"PermissionRequest"', '[1,2]', '[{"session_id":"s"}]', 'x{"session_id":"s"}', '\u0000\u0001binary', '{"session_id": 42}', '{"hook_event_name": 42}']) {
      expect(hook(input)).toEqual({ code: 0, output: '' });
    }
    expect(server.tmux('show-options', '-p', '-t', pane)).toBe(before);
  });

  it('does nothing outside tmux, or with a TMUX_PANE that is not a pane id', () => {
    hook({ ...base, hook_event_name: 'Stop' });
    const before = server.tmux('show-options', '-p', '-t', pane);
    expect(hook({ ...base, hook_event_name: 'PermissionRequest' }, {})).toEqual({ code: 0, output: '' });
    expect(hook({ ...base, hook_event_name: 'PermissionRequest' }, { TMUX: tmuxEnv, TMUX_PANE: '$(touch /tmp/x)' })).toEqual({ code: 0, output: '' });
    // A server that has gone away: a non-blocking error for Claude (1, never 2), silently.
    expect(hook({ ...base, hook_event_name: 'PermissionRequest' }, { TMUX: '/nonexistent/sock,1,0', TMUX_PANE: pane })).toEqual({ code: 1, output: '' });
    expect(server.tmux('show-options', '-p', '-t', pane)).toBe(before);
  });

  it('maps every event and notification type of Claude Code exactly as the contract module does, from every state', () => {
    const cases: HookInput[] = [
      ...CLAUDE_HOOK_EVENTS.map((event) => ({ hook_event_name: event })),
      ...['startup', 'resume', 'clear', 'compact', 'fork'].map((source) => ({ hook_event_name: 'SessionStart', source })),
      ...['manual', 'auto'].map((trigger) => ({ hook_event_name: 'PostCompact', trigger })),
      ...['clear', 'logout', 'prompt_input_exit', 'other'].map((reason) => ({ hook_event_name: 'SessionEnd', reason })),
      { hook_event_name: 'PreToolUse', tool_name: 'AskUserQuestion' },
      { hook_event_name: 'PreToolUse', tool_name: 'Bash' },
      { hook_event_name: 'PermissionRequest', tool_name: 'mcp__github__create_issue' },
      ...CLAUDE_NOTIFICATION_TYPES.map((type) => ({ hook_event_name: 'Notification', notification_type: type })),
      { hook_event_name: 'Notification', notification_type: 'elicitation_something_new' },
      { hook_event_name: 'SomethingNew' },
    ];
    const starts: [string, string | undefined][] = [['idle', undefined], ['working', undefined], ['waiting', 'permission: Bash'], ['error', undefined]];
    for (const input of cases) {
      for (const [state, reason] of starts) {
        setState(state, reason);
        hook({ ...base, ...input });
        const change = stateForEvent(input.hook_event_name ?? '', input);
        const expected = change === undefined || change.keepsIn === state ? { state, reason } : { state: change.state, reason: change.reason };
        expect({ input, from: state, ...pick(options()) }).toEqual({ input, from: state, ...expected });
      }
    }
  });

  it('is registered for exactly the events that change the state, never for WorktreeCreate or WorktreeRemove', () => {
    const changing = CLAUDE_HOOK_EVENTS.filter((event) =>
      [undefined, 'startup', 'manual', 'AskUserQuestion', 'permission_prompt', 'idle_prompt'].some(
        (value) => stateForEvent(event, { source: value, trigger: value, tool_name: value, notification_type: value }) !== undefined,
      ),
    );
    expect([...HOOK_EVENTS].sort()).toEqual(changing.sort());
    expect(HOOK_EVENTS).not.toContain('WorktreeCreate');
    expect(HOOK_EVENTS).not.toContain('WorktreeRemove');
  });
});

function pick(options: { state?: string; reason?: string }) {
  return { state: options.state, reason: options.reason };
}

describe('scripts/claude-hook alerts when an agent the user is not looking at starts waiting', () => {
  let inner: TestServer; // the agents' server, which the "user" is attached to
  let outer: TestServer; // the user's terminal: a pane running `tmux attach`
  let agent: string;
  let tmuxEnv: string;
  beforeAll(async () => {
    inner = startTestServer();
    outer = startTestServer();
    inner.newSession('work');
    // Named, so the name is not whatever program automatic-rename catches first.
    inner.tmux('new-window', '-d', '-t', '=work:1', '-n', 'agent');
    agent = inner.tmux('display-message', '-p', '-t', '=work:1.0', '#{pane_id}').trim();
    tmuxEnv = `${inner.socket},${inner.tmux('display-message', '-p', '#{pid}').trim()},0`;
    // Count the bells tmux sees in any window.
    inner.tmux('set-option', '-g', '@bells', '0');
    inner.tmux('set-hook', '-g', 'alert-bell', 'set-option -gF @bells "#{e|+:#{@bells},1}"');
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t work`);
    await waitFor(() => inner.tmux('list-clients', '-F', '#{session_name}'), (text) => text.includes('work'));
    // Listed is not yet drawn: wait until the client shows its status line.
    await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('[work]'));
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });
  // Each test starts with the alerts on, no bell counted or flagged, and the user looking at
  // window 0 (visiting window 1 clears its bell flag), so any one runs alone.
  beforeEach(() => {
    inner.tmux('set-option', '-gu', '@claude-sessions-alert-message');
    inner.tmux('set-option', '-gu', '@claude-sessions-alert-bell');
    inner.tmux('select-window', '-t', '=work:1');
    inner.tmux('select-window', '-t', '=work:0');
    inner.tmux('set-option', '-g', '@bells', '0');
  });

  const hook = (input: HookInput & { hook_event_name: string }) =>
    spawnSync(HOOK, [input.hook_event_name], { input: JSON.stringify(input), encoding: 'utf8', env: { ...testEnv(), TMUX: tmuxEnv, TMUX_PANE: agent } }).status;
  const bells = () => inner.tmux('show-options', '-gv', '@bells').trim();
  const bellFlag = () => inner.tmux('display-message', '-p', '-t', '=work:1', '#{window_bell_flag}').trim();
  const screen = () => outer.tmux('capture-pane', '-p', '-t', '=terminal:');
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
  const permission = (tool: string) => ({ hook_event_name: 'PermissionRequest', session_id: 's1', tool_name: tool });
  const working = () => hook({ hook_event_name: 'UserPromptSubmit', session_id: 's1' });

  it('shows session, window and reason, and rings the window bell', async () => {
    working();
    expect(hook(permission('Bash "x"; kill-server; #{pane_id}'))).toBe(0);
    // The message shows for 5 s: look for it first, then at the bell.
    // (The outer terminal may be caught halfway through drawing it: wait for the whole line.)
    const message = 'claude-sessions: work 1:agent is waiting (permission: Bash "x"; kill-server; #{pane_id})';
    expect(await waitFor(screen, (shown) => shown.includes(message))).toContain(message);
    expect(await waitFor(bellFlag, (flag) => flag === '1')).toBe('1');
    expect(bells()).toBe('1');
    expect(inner.tmux('show-options', '-pv', '-t', agent, '@claude-state').trim()).toBe('waiting');
  });

  it('does not alert again while the agent stays waiting', async () => {
    working();
    hook(permission('Grep'));
    expect(await waitFor(bells, (count) => count === '1')).toBe('1');
    hook({ hook_event_name: 'Notification', session_id: 's1', notification_type: 'permission_prompt' });
    await settle();
    expect(bells()).toBe('1');
  });

  it('does not alert when the user is looking at the window', async () => {
    inner.tmux('select-window', '-t', '=work:1');
    working();
    hook(permission('Edit'));
    await settle();
    expect(bells()).toBe('0');
    expect(screen()).not.toContain('permission: Edit');
    inner.tmux('select-window', '-t', '=work:0');
  });

  it('does neither with @claude-sessions-alert-message and -bell off', async () => {
    inner.tmux('set-option', '-g', '@claude-sessions-alert-message', 'off');
    inner.tmux('set-option', '-g', '@claude-sessions-alert-bell', 'off');
    working();
    hook(permission('Write'));
    await settle();
    expect(bells()).toBe('0');
    expect(bellFlag()).toBe('0');
    expect(screen()).not.toContain('permission: Write');
    expect(inner.tmux('show-options', '-pv', '-t', agent, '@claude-state').trim()).toBe('waiting');
  });

  it('rings without the message when only the message is off', async () => {
    inner.tmux('set-option', '-g', '@claude-sessions-alert-message', 'off');
    working();
    hook(permission('Read'));
    expect(await waitFor(bells, (count) => count === '1')).toBe('1');
    await settle();
    expect(screen()).not.toContain('permission: Read');
  });
});
