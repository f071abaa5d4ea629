// `claude-sessions event`: what the plugin's tmux hooks run in the background.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('claude-sessions event', () => {
  let server: TestServer;
  let state: string;
  const savedState = process.env['XDG_STATE_HOME'];
  const projectDir = () => join(server.dir);
  beforeAll(() => {
    server = startTestServer();
    server.newSession('claude-dev-recorded', projectDir());
    server.newSession('other', projectDir());
  });
  // A state folder (events.log) per test.
  beforeEach(() => {
    state = mkdtempSync(join(server.dir, 'state-'));
    process.env['XDG_STATE_HOME'] = state;
  });
  afterAll(() => {
    process.env['XDG_STATE_HOME'] = savedState;
    server.stop();
  });

  const projectDirOption = (session: string) =>
    server.tmux('show-options', '-q', '-t', `=${session}:`, '-v', '@claude-sessions-project-dir').trim();

  it('session-created records the project folder of a workspace session', async () => {
    const id = server.tmux('display-message', '-p', '-t', '=claude-dev-recorded:', '#{session_id}').trim();
    const result = await runCliCaptured(['-S', server.socket, 'event', 'session-created', id]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(projectDirOption('claude-dev-recorded')).toBe(projectDir());
  });

  it('session-created leaves other sessions untouched', async () => {
    await runCliCaptured(['-S', server.socket, 'event', 'session-created', 'other']);
    expect(projectDirOption('other')).toBe('');
  });

  it('stays silent when the session is already gone', async () => {
    const result = await runCliCaptured(['-S', server.socket, 'event', 'session-created', '$999']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(state, 'claude-sessions', 'events.log'))).toBe(false);
  });

  it('stays silent when the server is gone', async () => {
    const result = await runCliCaptured(['-S', join(server.dir, 'gone.sock'), 'event', 'session-created', 'x']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('logs other failures to events.log instead of the screen', async () => {
    const brokenTmux = join(server.dir, 'broken-tmux');
    writeFileSync(brokenTmux, '#!/bin/sh\necho "server exploded" >&2\nexit 1\n', { mode: 0o755 });
    process.env['CLAUDE_SESSIONS_TMUX'] = brokenTmux;
    try {
      const result = await runCliCaptured(['-S', server.socket, 'event', 'session-created', 'x']);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    } finally {
      delete process.env['CLAUDE_SESSIONS_TMUX'];
    }
    const log = readFileSync(join(state, 'claude-sessions', 'events.log'), 'utf8');
    expect(log).toMatch(/session-created x: tmux list-sessions failed: server exploded/);
  });

  it('refuses an unknown event', async () => {
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'event', 'bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown event "bogus"');
  });
});

describe('a claude-dev session made by hand', () => {
  let server: TestServer;
  const savedState = process.env['XDG_STATE_HOME'];
  beforeAll(() => {
    server = startTestServer();
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
  });
  afterAll(() => {
    process.env['XDG_STATE_HOME'] = savedState;
    server.stop();
  });

  it('gets the workspace environment and .env.claude from the session-created hook', async () => {
    const dir = join(server.dir, 'handmade');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env.claude'), 'API=http://x\nCMD=$(touch PWNED)\n');
    server.newSession('claude-dev-handmade', dir);
    expect((await runCliCaptured(['-S', server.socket, 'event', 'session-created', 'claude-dev-handmade'])).code).toBe(0);
    const env = server.tmux('show-environment', '-t', '=claude-dev-handmade:').split('\n');
    expect(env).toEqual(
      expect.arrayContaining(['API=http://x', 'CMD=$(touch PWNED)', 'CLAUDE_PROJECT=handmade', `PROJECT_ROOT=${dir}`, 'CLAUDE_CODE_TMUX_SESSION=1']),
    );
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });
});
