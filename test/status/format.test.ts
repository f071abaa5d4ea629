// The status token's format, rendered by a real tmux.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusFormat } from '../../src/status/format.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('status format', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  const render = () => server.tmux('display-message', '-p', `[${statusFormat()}]`).trimEnd();

  it('starts no process per redraw', () => {
    expect(statusFormat()).not.toContain('#(');
  });

  it('shows nothing when there are no workspace sessions', () => {
    expect(render()).toBe('[]');
  });

  it('counts workspace sessions, and only those', () => {
    server.newSession('claude-dev-a');
    server.newSession('claude-dev-b');
    server.newSession('claude-devx');
    expect(render()).toBe('[✻ 2]');
  });

  it('follows a changed prefix without a reload', () => {
    server.tmux('set-option', '-g', '@claude-sessions-prefix', 'claude-devx');
    expect(render()).toBe('[✻ 1]');
    server.tmux('set-option', '-gu', '@claude-sessions-prefix');
    expect(render()).toBe('[✻ 2]');
  });

  it('drops a killed session from the count', () => {
    server.tmux('kill-session', '-t', '=claude-dev-a:');
    expect(render()).toBe('[✻ 1]');
  });
});
