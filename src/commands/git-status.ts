// `claude-sessions git-status`: the seed's `bind g send-keys -t 3 "git status"`, made safe:
// it finds the session's git pane by role and only types into an idle shell.
import { DISPLAY_OPTION, defineCommand } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { isShellCommand } from '../programs/shells.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { resolveSession } from './context.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

const PANE_FIELDS = {
  id: '#{pane_id}',
  role: `#{${WORKSPACE_OPTIONS.role}}`,
  command: '#{pane_current_command}',
  window: '#{window_index}',
  index: '#{pane_index}',
  windowActive: '#{window_active}',
  inMode: '#{pane_in_mode}',
  dead: '#{pane_dead}',
} as const;

export const gitStatusCommand = defineCommand({
  options: {
    target: { type: 'string', short: 't', valueName: 'session', description: 'session name or $id (default: the current session)' },
    display: DISPLAY_OPTION,
  },
  async run({ values, client }) {
    await sendGitStatus(client, values.target);
  },
});

async function sendGitStatus(client: TmuxClient, target: string | undefined): Promise<void> {
  const session = target ?? (await currentSession(client));
  const panes = await client.list({ command: ['list-panes', '-s', '-t', await resolveSession(client, session)], fields: PANE_FIELDS });
  const gitPanes = panes.filter((pane) => pane.role === 'git' && pane.dead !== '1');
  const pane = gitPanes.find((candidate) => candidate.windowActive === '1') ?? gitPanes[0];
  if (!pane) {
    throw new UserError(
      `no pane with the git role in session ${session} (mark one: tmux set-option -p ${WORKSPACE_OPTIONS.role} git)`,
    );
  }
  if (!isShellCommand(pane.command)) {
    throw new UserError(`git pane ${pane.window}.${pane.index} is busy running ${pane.command}; git status not sent`);
  }
  await client.batch([
    ...(pane.inMode === '1' ? [['send-keys', '-t', pane.id, '-X', 'cancel']] : []),
    ['send-keys', '-t', pane.id, '-l', 'git status'],
    ['send-keys', '-t', pane.id, 'Enter'],
  ]);
}

async function currentSession(client: TmuxClient): Promise<string> {
  if (!process.env['TMUX'] && client.serverFlags().length === 0) {
    throw new UserError('not inside tmux: give the session with -t NAME');
  }
  return (await client.run(['display-message', '-p', '#{session_id}'])).trim();
}
