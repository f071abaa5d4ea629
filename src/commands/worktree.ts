// `claude-sessions worktree add|ls|rm`: git worktrees of a project under .worktrees/, each
// with a Claude window in the project's workspace.
import { DISPLAY_OPTION, defineCommand, defineGroup, JSON_OPTION } from '../cli/define.ts';
import { optionValue } from '../options/read.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { renderTable } from '../util/table.ts';
import { writeOut } from '../util/output.ts';
import { addWorktree } from '../worktrees/add.ts';
import { branchLabel, listProjectWorktrees } from '../worktrees/list.ts';
import { resolveWorktreeProject } from '../worktrees/project.ts';
import { removeWorktree } from '../worktrees/remove.ts';
import { openWorktreeWindow } from '../worktrees/windows.ts';
import { notify, printJson } from './context.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { FROM_PROMPT_OPTION, PANE_OPTION, typedAtPrompt } from '../options/prompt.ts';
import { STATE_OPTIONS } from '../options/state.ts';
import { UserError } from '../util/errors.ts';
import { paneFolder } from '../worktrees/project.ts';

// --project, which every worktree command takes.
const PROJECT_OPTION = {
  type: 'string',
  valueName: 'dir|name',
  description: `the project: a folder, or a name in ${USER_OPTIONS.projectsDir} (default: the current folder)`,
} as const;

const NAME = { name: 'name', required: true, description: 'worktree (and branch, and window) name' } as const;

// Report a result: in the message line for a key (lines joined by "; "), else one per line.
async function say(client: TmuxClient, display: boolean | undefined, lines: readonly string[]): Promise<void> {
  if (display) return notify(client, lines.join('; '), true);
  writeOut(`${lines.join('\n')}\n`);
}

// worktree add NAME [--base REF] [--project P | --pane %ID] [--display]; the key binding gives
// --pane and --from-prompt instead of a folder and a name a shell would see.
const addCommand = defineCommand({
  description: "make .worktrees/NAME on a new branch NAME (or NAME's existing branch) and open a Claude window on it in the project's workspace",
  positionals: [{ ...NAME, required: false }],
  options: {
    project: PROJECT_OPTION,
    [PANE_OPTION]: { type: 'string', valueName: '%id', description: "the project: this tmux pane's folder (for key bindings)" },
    [FROM_PROMPT_OPTION]: { type: 'boolean', description: `the name is what was typed at prefix T's prompt (read from ${STATE_OPTIONS.worktreePrompt})` },
    base: { type: 'string', valueName: 'ref', description: 'make the branch from REF (default HEAD)' },
    display: DISPLAY_OPTION,
  },
  async run({ values, positionals: [given], client }) {
    if (values.project !== undefined && values[PANE_OPTION] !== undefined) throw new UserError(`give --project or --${PANE_OPTION}, not both`, 2);
    // (NAME is optional only for --from-prompt: without it, the same refusal as for a required positional)
    if (given === undefined && !values[FROM_PROMPT_OPTION]) throw new UserError('worktree add: missing <name> (see claude-sessions worktree add --help)', 2);
    if (given !== undefined && values[FROM_PROMPT_OPTION]) throw new UserError(`give a worktree name or --${FROM_PROMPT_OPTION}, not both`, 2);
    const name = given ?? (await typedAtPrompt(client, STATE_OPTIONS.worktreePrompt));
    const pane = values[PANE_OPTION];
    const project = await resolveWorktreeProject(client, pane === undefined ? values.project : await paneFolder(client, pane));
    const added = addWorktree(project.dir, name, values.base);
    const what = added.createdBranch ? `on new branch ${added.branch} from ${added.base ?? 'HEAD'}` : `on existing branch ${added.branch}`;
    const lines = [`worktree ${added.name} made in ${added.path} ${what}`];
    if (project.otherFolder !== undefined) {
      lines.push(`session ${project.sessionName} is the workspace of another folder (${project.otherFolder}), so no window was made`);
    } else if (project.session === undefined) {
      lines.push(`no workspace session ${project.sessionName} is open, so no window was made; open it with: claude-sessions new ${project.dir}`);
    } else {
      const window = await openWorktreeWindow(client, {
        sessionId: project.session.id,
        worktree: added.name,
        dir: added.path,
        claudeCommand: optionValue(project.options, USER_OPTIONS.claudeCommand),
      });
      lines.push(`window ${window.target} opened with Claude in it${window.late ? ' (no shell prompt in time; typed anyway)' : ''}`);
    }
    return say(client, values.display, lines);
  },
});

// worktree ls [--json] [--project P] [--display]
const lsCommand = defineCommand({
  description: "list the project's worktrees: branch, uncommitted changes, ahead/behind its base, window, agent",
  options: {
    project: PROJECT_OPTION,
    json: { ...JSON_OPTION, description: 'print JSON: [{name, path, main, branch, head, detached, dirty, base, ahead, behind, window, agent}]' },
    display: DISPLAY_OPTION,
  },
  async run({ values, client }) {
    const project = await resolveWorktreeProject(client, values.project);
    const rows = await listProjectWorktrees(client, project);
    if (values.json) return printJson(rows);
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
  },
});

// worktree rm NAME [--force] [--delete-branch] [--project P] [--display]
const rmCommand = defineCommand({
  description: 'remove .worktrees/NAME and close its windows; refused with uncommitted changes or unmerged commits unless --force',
  positionals: [NAME],
  options: {
    project: PROJECT_OPTION,
    force: { type: 'boolean', description: 'remove even with uncommitted changes or unmerged commits (and delete the branch with -D)' },
    'delete-branch': { type: 'boolean', description: 'delete the branch too (git branch -d)' },
    display: DISPLAY_OPTION,
  },
  async run({ values, positionals: [name], client }) {
    const project = await resolveWorktreeProject(client, values.project);
    const removed = await removeWorktree(client, project, name, { force: values.force === true, deleteBranch: values['delete-branch'] === true });
    const lines = [`worktree ${name} removed (${removed.path})`];
    if (removed.closedWindows.length > 0) lines.push(`closed window(s) ${removed.closedWindows.join(', ')}`);
    if (removed.deletedBranch) lines.push(`deleted branch ${removed.deletedBranch}`);
    if (removed.keptBranch) lines.push(`kept branch ${removed.keptBranch} (--delete-branch deletes it)`);
    return say(client, values.display, lines);
  },
});

export const worktreeCommand = defineGroup({ subcommands: { add: addCommand, ls: lsCommand, rm: rmCommand } });
