// `claude-sessions worktree add|ls|rm`: git worktrees of a project under .worktrees/, each
// with a Claude window in the project's workspace.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { optionValue } from '../options/read.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { renderTable } from '../util/table.ts';
import { writeOut } from '../util/output.ts';
import { GitError } from '../worktrees/git.ts';
import { notify, printJson } from './context.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

const ACTIONS = ['add', 'ls', 'rm'] as const;

// worktree add NAME [--base REF] | ls [--json] | rm NAME [--force] [--delete-branch]; all take --project.
export const worktreeCommand = defineCommand({
  name: 'worktree',
  description: "worktree add | ls | rm: git worktrees of a project in .worktrees/NAME, each with a Claude window in the project's workspace",
  positionals: [
    { name: 'action', required: true, description: `one of: ${ACTIONS.join(', ')}` },
    { name: 'name', description: 'worktree (and branch, and window) name, for add and rm' },
  ],
  options: {
    project: { type: 'string', valueName: 'dir|name', description: `the project: a folder, or a name in ${USER_OPTIONS.projectsDir} (default: the current folder)` },
    base: { type: 'string', valueName: 'ref', description: 'add: make the branch from REF (default HEAD)' },
    json: { ...JSON_OPTION, description: 'ls: print JSON: [{name, path, main, branch, head, detached, dirty, base, ahead, behind, window, agent}]' },
    force: { type: 'boolean', description: 'rm: remove even with uncommitted changes or unmerged commits (and delete the branch with -D)' },
    'delete-branch': { type: 'boolean', description: 'rm: delete the branch too (git branch -d)' },
    display: { type: 'boolean', description: 'report in the tmux message line (for key bindings)' },
  },
  async run({ values, positionals, client }) {
    const display = values['display'] === true;
    try {
      await runAction(client, values, positionals, display);
    } catch (error) {
      if (!display || !(error instanceof UserError || error instanceof TmuxError || error instanceof GitError)) throw error;
      await notify(client, error.message.split('\n')[0] ?? error.message, true);
    }
  },
});

async function runAction(client: TmuxClient, values: Record<string, unknown>, positionals: readonly string[], display: boolean): Promise<void> {
  const [action, name] = positionals;
  if (!(ACTIONS as readonly string[]).includes(action ?? '')) throw new UserError(`unknown worktree action '${action}' (one of: ${ACTIONS.join(', ')})`, 2);
  if (action === 'ls' && name !== undefined) throw new UserError('worktree ls takes no name', 2);
  if (action !== 'ls' && name === undefined) throw new UserError(`worktree ${action} needs a name`, 2);
  if (values['base'] !== undefined && action !== 'add') throw new UserError('--base is for worktree add', 2);
  if (values['json'] && action !== 'ls') throw new UserError('--json is for worktree ls', 2);
  if ((values['force'] || values['delete-branch']) && action !== 'rm') throw new UserError('--force and --delete-branch are for worktree rm', 2);
  const { resolveWorktreeProject } = await import('../worktrees/project.ts');
  const project = await resolveWorktreeProject(client, values['project'] as string | undefined);
  const say = async (text: string) => (display ? notify(client, text, true) : writeOut(`${text}\n`));

  if (action === 'add') {
    const { addWorktree } = await import('../worktrees/add.ts');
    const added = addWorktree(project.dir, name as string, values['base'] as string | undefined);
    const what = added.createdBranch ? `on new branch ${added.branch} from ${added.base ?? 'HEAD'}` : `on existing branch ${added.branch}`;
    const lines = [`worktree ${added.name} made in ${added.path} ${what}`];
    if (project.session === undefined) {
      lines.push(`no workspace session ${project.sessionName} is open, so no window was made; open it with: claude-sessions new ${project.dir}`);
    } else {
      const { openWorktreeWindow } = await import('../worktrees/windows.ts');
      const window = await openWorktreeWindow(client, {
        sessionId: project.session.id,
        worktree: added.name,
        dir: added.path,
        claudeCommand: optionValue(project.options, USER_OPTIONS.claudeCommand),
      });
      lines.push(`window ${window.target} opened with Claude in it${window.late ? ' (no shell prompt in time; typed anyway)' : ''}`);
    }
    return say(display ? lines.join('; ') : lines.join('\n'));
  }

  if (action === 'rm') {
    const { removeWorktree } = await import('../worktrees/remove.ts');
    const removed = await removeWorktree(client, project, name as string, { force: values['force'] === true, deleteBranch: values['delete-branch'] === true });
    const lines = [`worktree ${name} removed (${removed.path})`];
    if (removed.closedWindows.length > 0) lines.push(`closed window(s) ${removed.closedWindows.join(', ')}`);
    if (removed.deletedBranch) lines.push(`deleted branch ${removed.deletedBranch}`);
    if (removed.keptBranch) lines.push(`kept branch ${removed.keptBranch} (--delete-branch deletes it)`);
    return say(display ? lines.join('; ') : lines.join('\n'));
  }

  const { branchLabel, listProjectWorktrees } = await import('../worktrees/list.ts');
  const rows = await listProjectWorktrees(client, project);
  if (values['json']) return printJson(rows);
  const table = rows.map((row) => [
    row.main ? `${row.name} (main)` : row.name,
    branchLabel(row),
    row.dirty === null ? 'missing' : row.dirty === 0 ? 'clean' : `${row.dirty} changed`,
    row.ahead === null ? '-' : `+${row.ahead} -${row.behind} ${row.base}`,
    row.window ?? '-',
    row.agent,
    row.path,
  ]);
  writeOut(renderTable(['NAME', 'BRANCH', 'CHANGES', 'VS BASE', 'WINDOW', 'AGENT', 'PATH'], table));
}
