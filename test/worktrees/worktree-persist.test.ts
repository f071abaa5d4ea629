// Worktree windows stay worktree windows through save/restore and export/import: `worktree
// ls` shows the window and its agent, `worktree rm` closes the window, and `health` does not
// count its pane as one beyond the workspace's template.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { worktreeWorld, type WorktreeWorld } from './fixture.ts';

const SESSION = 'claude-dev-shop';

describe('a worktree window after', () => {
  let world: WorktreeWorld;
  const run = (...args: string[]) => runCliCaptured(['-S', world.server.socket, ...args]);
  const agentStates = () => world.server.tmux('list-panes', '-s', '-t', `=${SESSION}:`, '-F', '#{@claude-state}').trim().split('\n');
  const windows = () => world.server.tmux('list-windows', '-t', `=${SESSION}:`, '-F', '#{window_name}').trim().split('\n');
  const featA = async () => {
    const result = await world.cli('ls', '--json');
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { name: string; window: string | null; agent: string }[]).find((row) => row.name === 'feat-a');
  };
  const paneWarnings = async () => {
    const result = await run('health', SESSION, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { sessions: { warnings: { message: string }[] }[] };
    return report.sessions.flatMap((session) => session.warnings.map((warning) => warning.message)).filter((message) => /pane/.test(message));
  };

  // The project's workspace built from the generic template (a Claude pane and a git shell), and
  // a worktree with its Claude window; every agent up.
  beforeEach(async () => {
    world = worktreeWorld();
    world.server.tmux('set-option', '-g', '@resurrect-dir', join(world.home, 'saves'));
    expect((await run('new', world.project, '--template', 'generic', '--detach')).code).toBe(0);
    expect((await world.cli('add', 'feat-a')).code).toBe(0);
    expect(await waitFor(agentStates, (states) => states.join(' ') === 'idle  idle')).toEqual(['idle', '', 'idle']);
    expect(await featA()).toMatchObject({ window: expect.stringMatching(/^claude-dev-shop:\d+$/), agent: 'idle' });
    expect(await paneWarnings()).toEqual([]);
  });
  afterEach(() => world.stop());

  // What every round trip must give back: the window and its agent, rm closing it, health quiet.
  const stillAWorktreeWindow = async () => {
    await waitFor(agentStates, (states) => states.filter((state) => state === 'idle').length === 2);
    expect(await featA()).toMatchObject({ window: expect.stringMatching(/^claude-dev-shop:\d+$/), agent: 'idle' });
    expect(await paneWarnings()).toEqual([]);
    const removed = await world.cli('rm', 'feat-a', '--force');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/closed window\(s\) claude-dev-shop:\d+/);
    expect(windows()).toEqual(['main']);
  };

  it('save and restore', async () => {
    expect((await run('save')).code).toBe(0);
    world.server.tmux('kill-session', '-t', `=${SESSION}:`);
    const restored = await run('restore', '--session', SESSION);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/^restored 1 session, 3 panes from /) });
    expect(windows()).toEqual(['main', 'feat-a']);
    await stillAWorktreeWindow();
  });

  it('export and import', async () => {
    const bundle = join(world.home, 'shop.claude-bundle.tar.gz');
    expect((await run('export', SESSION, '--output', bundle)).code).toBe(0);
    world.server.tmux('kill-session', '-t', `=${SESSION}:`);
    const imported = await run('import', bundle, '--root', world.project, '--yes');
    expect(imported.code).toBe(0);
    expect(windows()).toEqual(['main', 'feat-a']);
    await stillAWorktreeWindow();
  });
});
