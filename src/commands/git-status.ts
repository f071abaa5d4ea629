// `claude-sessions git-status`: the seed's `bind g send-keys -t 3 "git status"`, made safe:
// it finds the session's git pane by role and only types into an idle shell; a session
// without one gets `git status` of its current pane's repository in a popup instead.
import { clientOption, DISPLAY_OPTION, defineCommand } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { isShellCommand } from '../programs/shells.ts';
import { runProgram } from '../programs/run.ts';
import { featuresOf, formatLiteral, type TmuxClient } from '../tmux/index.ts';
import { gitTopLevel } from '../worktrees/git.ts';
import { resolveSession } from './context.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

const PANE_FIELDS = {
  id: '#{pane_id}',
  role: `#{${WORKSPACE_OPTIONS.role}}`,
  command: '#{pane_current_command}',
  window: '#{window_index}',
  index: '#{pane_index}',
  windowActive: '#{window_active}',
  active: '#{pane_active}',
  path: '#{pane_current_path}',
  session: '#{session_name}',
  inMode: '#{pane_in_mode}',
  dead: '#{pane_dead}',
} as const;

// What the popup runs (no user data in it: the repository comes in as the popup's folder).
const POPUP_COMMAND = 'git -c color.status=always status';

export const gitStatusCommand = defineCommand({
  options: {
    target: { type: 'string', short: 't', valueName: 'session', description: 'session name or $id (default: the current session)' },
    client: clientOption('the tmux client to show the popup on when the session has no git pane (key bindings pass #{client_name})'),
    display: DISPLAY_OPTION,
  },
  async run({ values, client }) {
    await sendGitStatus(client, values.target, values.client, Boolean(values.display));
  },
});

async function sendGitStatus(client: TmuxClient, target: string | undefined, clientName: string | undefined, display: boolean): Promise<void> {
  const session = target ?? (await currentSession(client));
  const panes = await client.list({ command: ['list-panes', '-s', '-t', await resolveSession(client, session)], fields: PANE_FIELDS });
  const name = panes[0]?.session ?? session;
  const gitPanes = panes.filter((pane) => pane.role === 'git' && pane.dead !== '1');
  const pane = gitPanes.find((candidate) => candidate.windowActive === '1') ?? gitPanes[0];
  if (!pane) {
    const current = panes.find((candidate) => candidate.windowActive === '1' && candidate.active === '1') ?? panes[0];
    await showRepositoryStatus(client, name, current?.path ?? '', clientName, display);
    return;
  }
  if (!isShellCommand(pane.command)) {
    throw new UserError(`git pane ${name}:${pane.window}.${pane.index} is busy running ${pane.command}; git status not sent`);
  }
  await client.batch([
    ...(pane.inMode === '1' ? [['send-keys', '-t', pane.id, '-X', 'cancel']] : []),
    ['send-keys', '-t', pane.id, '-l', 'git status'],
    ['send-keys', '-t', pane.id, 'Enter'],
  ]);
}

// No git pane: `git status` of the repository holding the session's current pane, in a popup
// on the client (tmux >= 3.2), or on stdout when run from a shell without a client.
async function showRepositoryStatus(client: TmuxClient, session: string, path: string, clientName: string | undefined, display: boolean): Promise<void> {
  const markOne = `mark a pane: tmux set-option -p ${WORKSPACE_OPTIONS.role} git`;
  let repository: string;
  try {
    repository = gitTopLevel(path);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`no pane with the git role in session ${session}, and its current pane (${path}) is not in a git repository (${markOne})`);
  }
  if (clientName === undefined && !display) {
    const result = runProgram('git', ['-C', repository, 'status'], { stdout: 'inherit', stderr: 'inherit' });
    if (result.status !== 0) throw new UserError(`git status in ${repository} failed`);
    return;
  }
  const features = featuresOf(await client.serverVersion());
  if (clientName === undefined || !features['display-popup']) {
    throw new UserError(`no pane with the git role in session ${session}, and no popup to show git status in (tmux 3.2 and a client needed; ${markOne})`);
  }
  const title = features['popup titles (-T)'] ? ['-T', formatLiteral(` git status: ${repository} (Esc closes) `)] : [];
  await client.run(['display-popup', '-c', clientName, '-d', formatLiteral(repository), '-w', '80%', '-h', '80%', ...title, POPUP_COMMAND]);
}

async function currentSession(client: TmuxClient): Promise<string> {
  if (!process.env['TMUX'] && client.serverFlags().length === 0) {
    throw new UserError('not inside tmux: give the session with -t NAME');
  }
  return (await client.run(['display-message', '-p', '#{session_id}'])).trim();
}
