// Workspaces are built whole or not at all: any pane count tmux can hold at the window's
// size, never a half-built session under the workspace's name, and `new` works on a server
// whose sessions are all gone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('a template with many panes', () => {
  let server: TestServer;
  let projects: string;
  beforeAll(() => {
    server = startTestServer();
    projects = join(server.dir, 'projects');
    // A session built with no client attached takes default-size: the terminal size of a key binding's popup.
    server.tmux('set-option', '-g', 'default-size', '80x24');
  });
  afterAll(() => {
    server.stop();
  });

  const project = (name: string, panes: number, layout?: string) => {
    const dir = join(projects, name);
    mkdirSync(dir, { recursive: true });
    const lines = ['windows:', '  - name: crowd', ...(layout ? [`    layout: ${layout}`] : []), '    panes:', ...Array.from({ length: panes }, () => '      - { role: shell }')];
    lines.push('  - name: second', '    panes:', '      - { role: shell }', '      - { role: shell }');
    writeFileSync(join(dir, '.claude-sessions.yaml'), `${lines.join('\n')}\n`);
    return dir;
  };
  const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n');
  const panesPerWindow = (session: string) =>
    server.tmux('list-windows', '-t', `=${session}:`, '-F', '#{window_name}=#{window_panes} #{window_width}x#{window_height}').trim().split('\n');

  it.each([
    [5, undefined],
    [6, undefined],
    [6, 'main-vertical'],
    [12, 'tiled'],
    [12, undefined],
  ])('builds %i panes in one window of a detached 80x24 session (layout %s)', async (count, layout) => {
    const name = `crowd-${count}-${layout ?? 'none'}`;
    const dir = project(name, count, layout);
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: `created claude-dev-${name} from template project\n` });
    expect(panesPerWindow(`claude-dev-${name}`)).toEqual([`crowd=${count} 80x24`, 'second=2 80x24']);
  });

  it('refuses a window tmux cannot hold, naming the problem, and leaves no session behind', async () => {
    server.tmux('set-option', '-g', 'default-size', '20x10');
    try {
      const before = sessions();
      const dir = project('impossible', 200, 'tiled');
      const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'claude-sessions: cannot build claude-dev-impossible from template project: tmux said: no space for new pane (more panes than the window has room for: build it from a larger terminal, or give the template fewer panes); nothing was created\n',
      );
      expect(sessions()).toEqual(before);
      // Asked again, it fails the same way instead of going to a half-built session.
      expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(1);
      expect(sessions()).toEqual(before);
    } finally {
      server.tmux('set-option', '-g', 'default-size', '80x24');
    }
  });
});

describe('new on a running server with no session', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => {
    server.stop();
  });

  it('builds the workspace with the global options (exit-empty off, every session killed)', async () => {
    const dir = join(server.dir, 'projects', 'lonely');
    mkdirSync(dir, { recursive: true });
    server.tmux('set-option', '-g', '@claude-sessions-prefix', 'ws-');
    server.tmux('kill-session', '-t', '=placeholder:');
    expect(server.tryTmux('list-sessions').stdout).toBe('');
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: 'created ws-lonely from template generic\n' });
    expect(server.tmux('list-panes', '-s', '-t', '=ws-lonely:', '-F', '#{@claude-sessions-role}').trim().split('\n')).toEqual(['claude', 'git']);
  });
});
