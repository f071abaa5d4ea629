// Programs a restore starts again: exactly the arguments the user ran, never anything else.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreServer } from '../../src/restore/restore.ts';
import { saveServer } from '../../src/save/save.ts';
import { lastSavePath, sidecarPath } from '../../src/resurrect/save-dir.ts';
import { claudeProgramFor } from '../../src/restore/claude-resume.ts';
import type { LoadedSave } from '../../src/restore/read-save.ts';
import type { SavedPane } from '../../src/resurrect/format.ts';
import { shellQuote, splitShellWords } from '../../src/util/shell-words.ts';
import { restoreServersPerTest, type RestoreServer } from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';

const setup = restoreServersPerTest();

// The arguments of the program running under a pane's shell (from /proc), or undefined.
function programArgv(server: RestoreServer, target: string): string[] | undefined {
  const pid = server.tmux('display-message', '-p', '-t', target, '#{pane_pid}').trim();
  try {
    const [child] = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    if (child === undefined) return undefined;
    const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8');
    return cmdline.endsWith('\0') ? cmdline.slice(0, -1).split('\0') : undefined;
  } catch {
    return undefined;
  }
}

// Arguments that would run something if a shell read them unquoted; each would create a file in `markers`.
function hostileArguments(markers: string): string[] {
  return [
    `;touch ${markers}/semicolon`,
    `$(touch ${markers}/dollar)`,
    `\`touch ${markers}/backtick\``,
    `|touch ${markers}/pipe`,
    `>${markers}/redirect`,
    `first line\ntouch ${markers}/newline`,
    `"double" and 'single'  quoted`,
    '-leading-dash',
    '',
  ];
}

describe.runIf(process.platform === 'linux')('a restored program', () => {
  it('runs with exactly the arguments it was saved with, and nothing in them runs in the shell', async () => {
    const server = setup(['set -g @resurrect-processes ":all:"']);
    const markers = join(server.dir, 'markers');
    mkdirSync(markers);
    await server.start('main');
    // sh stays (`; :` keeps it from exec'ing sleep), holding the arguments as $0 and on.
    const argv = ['sh', '-c', 'sleep 100000; :', 'program', ...hostileArguments(markers), "it's"];
    server.tmux('send-keys', '-t', '=main:0.0', '-l', argv.map(shellQuote).join(' '));
    server.tmux('send-keys', '-t', '=main:0.0', 'Enter');
    expect(await waitFor(() => programArgv(server, '=main:0.0'), (found) => found?.[0] === 'sh')).toEqual(argv);
    await saveServer(server.client, {});
    server.kill();

    const result = await restoreServer(server.client, {});
    expect(result.programs).toBe(1);
    expect(await waitFor(() => programArgv(server, '=main:0.0'), (found) => found?.[0] === 'sh')).toEqual(argv);
    expect(readdirSync(markers)).toEqual([]);
  });

  it("from a save without its sidecar (as tmux-resurrect's own files are) runs nothing hidden in its arguments", async () => {
    const server = setup(['set -g @resurrect-processes ":all:"']);
    const markers = join(server.dir, 'markers');
    mkdirSync(markers);
    await server.start('main');
    const argv = ['sh', '-c', 'sleep 100000; :', 'program', ...hostileArguments(markers)];
    server.tmux('send-keys', '-t', '=main:0.0', '-l', argv.map(shellQuote).join(' '));
    server.tmux('send-keys', '-t', '=main:0.0', 'Enter');
    await waitFor(() => programArgv(server, '=main:0.0'), (found) => found?.[0] === 'sh');
    await saveServer(server.client, {});
    const saved = lastSavePath(server.saves) ?? '';
    rmSync(sidecarPath(saved));
    server.kill();

    await restoreServer(server.client, {});
    // The words are typed quoted one by one: sh gets `-c sleep` and exits, the shell prompts again.
    const screen = () => server.tmux('capture-pane', '-p', '-J', '-t', '=main:0.0');
    await waitFor(screen, (text) => /missing operand/.test(text) && programArgv(server, '=main:0.0') === undefined);
    expect(readdirSync(markers)).toEqual([]);
    expect(screen()).toMatch(/missing operand/);
  });
});

describe('a Claude pane', () => {
  it('resumes with its saved arguments typed one quoted word each', () => {
    const args = ['--append-system-prompt', 'be brief; $(touch x) `id` | y > z', "it's", '-leading', 'new\nline'];
    const pane: SavedPane = { sessionName: 's', windowIndex: 0, windowActive: true, windowFlags: '*', paneIndex: 0, title: '', path: '/tmp', active: true, command: 'claude', fullCommand: 'claude' };
    const save = {
      file: 'save.txt',
      server: { panes: [pane], windows: [], groupedSessions: [], state: { clientSession: undefined, clientLastSession: undefined } },
      extras: { sessions: [], panes: [{ session: 's', window: 0, pane: 0, claude: { sessionId: 'id-1', cwd: '/tmp', args, transcriptPath: '/t' } }] },
      sha256: '',
      exact: true,
      warnings: [],
    } satisfies LoadedSave;
    const typed = claudeProgramFor(pane, save, { claudeCommand: 'claude', settingsFile: () => '/s/claude hooks.json', newSessionId: () => 'new', transcriptExists: () => true }) ?? '';
    expect(splitShellWords(typed).words).toEqual(['claude', ...args, '--resume', 'id-1', '--settings', '/s/claude hooks.json']);
  });
});
