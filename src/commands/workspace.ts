// Workspace commands: new, switch, kill.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions, type WorkspaceListing } from '../workspace/sessions.ts';
import { maxSessionsOf, sessionLimitNote } from '../health/limit.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { goToSession } from '../workspace/go-to.ts';
import { existingFolder, findProject, looksLikePath } from '../workspace/project.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

const CLIENT_OPTION = { type: 'string', valueName: 'client', description: 'the tmux client to switch (key bindings pass #{client_name})' } as const;

export const newCommand = defineCommand({
  name: 'new',
  description: 'open the workspace of a project (a folder, or a name in the projects folders), building it from a template first if needed',
  positionals: [{ name: 'project', description: 'project folder or name (default: the current folder)' }],
  options: {
    template: { type: 'string', valueName: 'name', description: 'template to build with (default: detected from the project)' },
    'template-file': { type: 'string', valueName: 'file', description: 'template file to build with' },
    detach: { type: 'boolean', short: 'd', description: 'build it, but do not attach or switch to it' },
    client: CLIENT_OPTION,
  },
  async run({ values, positionals, client }) {
    if (values['template'] !== undefined && values['template-file'] !== undefined) {
      throw new UserError('give --template or --template-file, not both', 2);
    }
    const known = await listWorkspaceSessions(client);
    const projectDir = findProject(positionals[0], optionValue(known.options, '@claude-sessions-projects-dir'));
    await openAndGo(client, projectDir, values, known);
  },
});

export const switchCommand = defineCommand({
  name: 'switch',
  description: 'go to a project\'s workspace; with no project, list the workspaces',
  positionals: [{ name: 'project', description: 'project name (looked up in @claude-sessions-projects-dir) or folder' }],
  options: { json: JSON_OPTION, detach: { type: 'boolean', short: 'd', description: 'create it if missing, but stay here' }, client: CLIENT_OPTION },
  async run({ values, positionals, client }) {
    const known = await listWorkspaceSessions(client);
    const { options, sessions } = known;
    const wanted = positionals[0];
    if (wanted === undefined) {
      if (values['json']) return printJson(sessions.map((session) => session.name));
      writeOut(sessions.length ? `${sessions.map((session) => session.name).join('\n')}\n` : 'no Claude Code workspaces yet\n');
      return;
    }
    const prefix = optionValue(options, '@claude-sessions-prefix');
    if (!looksLikePath(wanted)) {
      const existing = sessions.find((session) => session.name === sessionNameFor(wanted, prefix));
      if (existing) {
        if (!values['detach']) await goToSession(client, existing.name, { clientName: values['client'] as string | undefined });
        return;
      }
    }
    const projectDir = looksLikePath(wanted) ? existingFolder(wanted) : findProject(wanted, optionValue(options, '@claude-sessions-projects-dir'));
    await openAndGo(client, projectDir, values, known);
  },
});

export const killCommand = defineCommand({
  name: 'kill',
  description: 'kill a workspace, saved first with its pane contents (the command that restores it is printed); --all kills every one',
  positionals: [{ name: 'project', description: 'project name or session name' }],
  options: {
    all: { type: 'boolean', description: 'kill every claude-dev workspace (asks first)' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask (for --all)' },
  },
  async run({ values, positionals, client }) {
    const { options, sessions } = await listWorkspaceSessions(client);
    const prefix = optionValue(options, '@claude-sessions-prefix');
    let targets: string[];
    if (values['all']) {
      if (positionals.length > 0) throw new UserError('give a project or --all, not both', 2);
      targets = sessions.map((session) => session.name);
      if (targets.length === 0) return void writeOut('no workspaces to kill\n');
      if (!values['yes'] && !(await confirm(`Kill all ${targets.length} Claude Code sessions? (y/N) `))) {
        return void writeOut('nothing killed\n');
      }
    } else {
      const wanted = positionals[0];
      if (wanted === undefined) throw new UserError('kill needs a project (or --all)', 2);
      const name = sessions.find((session) => session.name === wanted)?.name ?? sessionNameFor(wanted, prefix);
      if (!sessions.some((session) => session.name === name)) throw new UserError(`Session ${name} not found`);
      targets = [name];
    }
    // Each one saved first (its own save file, `last` untouched); a failed save keeps it.
    const { killWorkspace } = await import('../save/kill-workspace.ts');
    const failed: string[] = [];
    for (const name of targets) {
      try {
        const result = await killWorkspace(client, name);
        writeOut(`Session ${name} terminated, saved first; to bring it back: ${result.restoreCommand}\n`);
      } catch (error) {
        if (!(error instanceof UserError) || targets.length === 1) throw error;
        writeErr(`claude-sessions: ${error.message}\n`);
        failed.push(name);
      }
    }
    if (failed.length > 0) throw new UserError(`${failed.length} of ${targets.length} workspaces were not killed: ${failed.join(', ')}`);
  },
});

async function openAndGo(client: TmuxClient, projectDir: string, values: Record<string, unknown>, known: WorkspaceListing): Promise<void> {
  // Loaded on demand: templates bring the YAML parser, which `ls` must not pay for.
  const { openWorkspace } = await import('../workspace/open.ts');
  const result = await openWorkspace(client, {
    projectDir,
    known,
    templateName: values['template'] as string | undefined,
    templateFile: values['template-file'] as string | undefined,
  });
  for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
  if (result.created) writeOut(`created ${result.session} from template ${result.template}\n`);
  const overLimit = result.created ? sessionLimitNote(known.sessions.length + 1, maxSessionsOf(known.options)) : '';
  if (overLimit) writeErr(`claude-sessions: ${overLimit}\n`);
  if (!values['detach']) await goToSession(client, result.session, { clientName: values['client'] as string | undefined });
}

// y/N on a terminal; without one, refuse rather than guess.
async function confirm(question: string): Promise<boolean> {
  const { askYesNo, canAsk } = await import('../cli/confirm.ts');
  if (!canAsk()) throw new UserError('not asking without a terminal: pass --yes to kill them all');
  return askYesNo(question);
}
