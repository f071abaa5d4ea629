// `claude-sessions new`: open a project's workspace, building it from a template first if needed.
import { clientOption, defineCommand, DISPLAY_OPTION } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions, type WorkspaceListing } from '../workspace/sessions.ts';
import { maxSessionsOf, sessionLimitNote } from '../health/limit.ts';
import { goToSession } from '../workspace/go-to.ts';
import { findProject } from '../workspace/project.ts';
import { messageCommand, type TmuxClient } from '../tmux/index.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { shellQuote, shellWord } from '../util/shell-words.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { FROM_PROMPT_OPTION, typedAtPrompt } from '../options/prompt.ts';
import { STATE_OPTIONS } from '../options/state.ts';

// --client of new and switch.
export const CLIENT_OPTION = clientOption('the tmux client to switch (key bindings pass #{client_name})', 'client');

// The options of new and switch that say how to open and where to go.
interface OpenValues {
  readonly template?: string | undefined;
  readonly 'template-file'?: string | undefined;
  readonly detach?: boolean | undefined;
  readonly client?: string | undefined;
  readonly display?: boolean | undefined;
}

export const newCommand = defineCommand({
  positionals: [{ name: 'project', description: 'project folder or name (default: the current folder)' }],
  options: {
    template: { type: 'string', valueName: 'name', description: 'template to build with (default: detected from the project)' },
    'template-file': { type: 'string', valueName: 'file', description: 'template file to build with' },
    detach: { type: 'boolean', short: 'd', description: 'build it, but do not attach or switch to it' },
    client: CLIENT_OPTION,
    display: DISPLAY_OPTION,
    [FROM_PROMPT_OPTION]: {
      type: 'boolean',
      description: `the project is what was typed at prefix N's prompt (read from ${STATE_OPTIONS.prompt}; the key passes text that no shell may see this way)`,
    },
  },
  async run({ values, positionals, client }) {
    if (values.template !== undefined && values['template-file'] !== undefined) {
      throw new UserError('give --template or --template-file, not both', 2);
    }
    if (values[FROM_PROMPT_OPTION] && positionals[0] !== undefined) throw new UserError('give a project or --from-prompt, not both', 2);
    const project = values[FROM_PROMPT_OPTION] ? await typedAtPrompt(client, STATE_OPTIONS.prompt) : positionals[0];
    // With what a build needs for per-pane history: prefix N to a new workspace makes one call fewer.
    const known = await listWorkspaceSessions(client, { withPaneShell: true });
    const projectDir = findProject(project, optionValue(known.options, USER_OPTIONS.projectsDir));
    await openAndGo(client, projectDir, values, known);
  },
});

// Open (building if needed) the workspace of projectDir and go to it, unless --detach.
export async function openAndGo(client: TmuxClient, projectDir: string, values: OpenValues, known: WorkspaceListing): Promise<void> {
  // Loaded on demand: templates bring the YAML parser, which switching to an open workspace must not pay for.
  const { openWorkspace } = await import('../workspace/open.ts');
  const result = await openWorkspace(client, {
    projectDir,
    known,
    templateName: values.template,
    templateFile: values['template-file'],
  });
  const asked = result.created ? undefined : templateAskedFor(values);
  const overLimit = result.created ? sessionLimitNote(known.sessions.length + 1, maxSessionsOf(known.options)) : '';
  const notes = [...result.notes, ...(asked === undefined ? [] : [notAppliedNote(client, result.session, projectDir, asked)]), ...(overLimit ? [overLimit] : [])];
  const created = result.created ? `created ${result.session} from template ${result.template}` : undefined;
  if (!values.display) {
    for (const note of notes) writeErr(`claude-sessions: ${note}\n`);
    if (created) writeOut(`${created}\n`);
  }
  if (!values.detach) await goToSession(client, result.session, { clientName: values.client });
  // From a key (--display): in the message line of the client that pressed it, never as
  // run-shell output, which tmux would leave in view mode over the pane the key was pressed in.
  const said = [created, ...notes].filter((line): line is string => line !== undefined);
  if (values.display && said.length > 0) await client.run(messageCommand(said.join('; '), { client: values.client })).catch(() => undefined);
}

// The template option given on the command line, as it would be typed again (undefined: none).
function templateAskedFor(values: OpenValues): string[] | undefined {
  const detach = values.detach ? ['--detach'] : [];
  if (values.template !== undefined) return ['--template', shellWord(values.template), ...detach];
  if (values['template-file'] !== undefined) return ['--template-file', shellQuote(values['template-file']), ...detach];
  return undefined;
}

// A workspace that already exists is opened as it is: say the template was not applied, and how to rebuild.
function notAppliedNote(client: TmuxClient, session: string, projectDir: string, asked: string[]): string {
  const server = client.server.socketPath ? ['-S', shellQuote(client.server.socketPath)] : client.server.socketName ? ['-L', shellWord(client.server.socketName)] : [];
  const cli = ['claude-sessions', ...server].join(' ');
  const name = session.startsWith('-') ? `-- ${shellWord(session)}` : shellWord(session);
  return (
    `${session} already exists, so ${asked.slice(0, 2).join(' ')} was not applied (it is opened as it is); ` +
    `to rebuild it from that template: ${cli} kill ${name} && ${cli} new ${shellQuote(projectDir)} ${asked.join(' ')}`
  );
}
