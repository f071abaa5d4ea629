// The workspaces the built-in templates build, as tmux shows them: a git pane for prefix g,
// and the seed's scrollback advice (history-limit 50000) in every pane.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../src/templates/builtin/index.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('the built-in templates', () => {
  let server: TestServer;
  const editor = process.env['EDITOR'];
  beforeAll(() => {
    server = startTestServer();
    server.tmux('set-option', '-g', '@claude-sessions-claude-command', 'true');
    server.tmux('set-option', '-g', 'default-size', '160x50');
    // The panes' programs (editor, dev servers) as stand-ins that do nothing and write nothing.
    const stubs = join(server.dir, 'stubs');
    mkdirSync(stubs);
    for (const program of ['nvim', 'npm', 'cargo', 'go']) writeFileSync(join(stubs, program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    server.tmux('set-environment', '-g', 'PATH', `${stubs}:${process.env['PATH'] ?? ''}`);
    process.env['EDITOR'] = 'nvim';
  });
  afterAll(() => {
    if (editor === undefined) delete process.env['EDITOR'];
    else process.env['EDITOR'] = editor;
    server.stop();
  });

  it.each(Object.keys(BUILTIN_TEMPLATES))('%s has a pane with the git role, so prefix g types there', async (name) => {
    const project = join(server.dir, `project-${name}`);
    mkdirSync(project);
    const created = await runCliCaptured(['-S', server.socket, 'new', project, '--template', name, '--detach']);
    expect(created.code, created.stderr).toBe(0);
    const session = `claude-dev-project-${name}`;
    const roles = server.tmux('list-panes', '-s', '-t', `=${session}:`, '-F', '#{@claude-sessions-role}').trim().split('\n');
    expect(roles).toContain('git');
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'git-status', '-t', session]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it.each(Object.keys(BUILTIN_TEMPLATES))("%s gives every pane of its workspace 50000 lines of scrollback (the seed's advice)", async (name) => {
    const project = join(server.dir, `scrollback-${name}`);
    mkdirSync(project);
    const created = await runCliCaptured(['-S', server.socket, 'new', project, '--template', name, '--detach']);
    expect(created.code, created.stderr).toBe(0);
    const limits = server.tmux('list-panes', '-s', '-t', `=claude-dev-scrollback-${name}:`, '-F', '#{history_limit}').trim().split('\n');
    expect(limits.length).toBeGreaterThan(1);
    expect(new Set(limits)).toEqual(new Set(['50000']));
  });
});
