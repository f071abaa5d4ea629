// The plugin's hooks while a restore builds sessions: its session-created hook (which adopts a
// workspace made by hand, one Node process each) and its layout-count hooks leave them alone.
// tmux runs the hooks a command fires only after the whole tmux call that ran it, so a flag
// cleared in that same call reads as cleared by every hook of the restore: the layout hooks
// counted every split of a restore. (The session-created hook was spared by the temporary names
// a restore builds under; the first test guards that.)
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreServer } from '../../src/restore/restore.ts';
import { sessionLines, stateLine, writeSave } from '../helpers/resurrect-lines.ts';
import { restoreServersPerTest } from '../helpers/restore-server.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const setup = restoreServersPerTest();
const loadPlugin = `run-shell '${join(REPO_ROOT, 'claude-sessions.tmux')}'`;

describe('a restore with the plugin loaded', () => {
  it('builds workspace sessions its session-created hook leaves alone, while a workspace made by hand after is adopted', async () => {
    const server = setup([loadPlugin]);
    const project = join(server.dir, 'project');
    mkdirSync(project);
    await server.start('main');
    // The hook's command, recorded: each event it runs leaves a line before the real one runs.
    const events = join(server.dir, 'events');
    const recorder = join(server.dir, 'record-event');
    const bin = server.tmux('show-options', '-gqv', '@claude-sessions-bin').trim();
    writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${events}'\nexec '${bin}' "$@"\n`);
    chmodSync(recorder, 0o755);
    server.tmux('set-option', '-g', '@claude-sessions-bin', recorder);
    const file = writeSave(join(server.dir, 'workspaces.txt'), [
      ...sessionLines('claude-dev-restored', project, 2),
      ...sessionLines('claude-dev-also-restored', project),
      stateLine(),
    ]);

    await restoreServer(server.client, { file });
    server.tmux('new-session', '-d', '-s', 'claude-dev-made', '-c', project);

    const projectDir = (session: string) => server.tmux('show-options', '-qv', '-t', `=${session}:`, '@claude-sessions-project-dir').trim();
    // Adopted: the hook runs for the session made by hand, after any the restore fired.
    expect(await waitFor(() => projectDir('claude-dev-made'), (dir) => dir !== '')).toBe(project);
    const madeId = server.tmux('display-message', '-p', '-t', '=claude-dev-made:', '#{session_id}').trim();
    expect(readFileSync(events, 'utf8')).toBe(`event session-created ${madeId}\n`);
    expect(projectDir('claude-dev-restored')).toBe('');
    expect(projectDir('claude-dev-also-restored')).toBe('');
  });

  it('leaves the layout counts of the windows it builds alone and moves the layout epoch on', async () => {
    const server = setup([loadPlugin]);
    await server.start('main');
    const epoch = () => Number(server.tmux('show-options', '-gqv', '@claude-sessions-layout-epoch').trim());
    const epochBefore = epoch();
    const file = writeSave(join(server.dir, 'split.txt'), [...sessionLines('split', server.dir, 4), stateLine()]);

    await restoreServer(server.client, { file });

    expect(server.tmux('list-panes', '-s', '-t', '=split:', '-F', '#{pane_id}').trim().split('\n')).toHaveLength(4);
    expect(server.tmux('list-windows', '-t', '=split:', '-F', '[#{@claude-sessions-layouts}]').trim()).toBe('[]');
    expect(epoch()).toBe(epochBefore + 1);
    // Counted again once the restore is over.
    server.tmux('resize-pane', '-Z', '-t', '=split:0.0');
    expect(await waitFor(() => server.tmux('list-windows', '-t', '=split:', '-F', '#{@claude-sessions-layouts}').trim(), (count) => count !== '')).toBe('1');
  });
});
