// `claude-sessions event HOOK [SUBJECT] [COUNT]`: what the entrypoint's tmux hooks and the
// autosave timer call (in the background). An unknown event is an error.
// A handler's failure goes to events.log in the state folder, never to the screen:
// tmux would show a background hook's output or exit status in the user's pane.
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { PLUGIN_HOOKS, USER_OPTIONS } from '../options/definitions.ts';
import { effectiveOptions, optionValue, OPTIONS_QUERY } from '../options/read.ts';
import { projectOfSession } from '../workspace/session-name.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { autosaveTick, saveAfterDetach } from '../save/autosave.ts';
import { updateHealthStatus } from '../health/status-option.ts';
import { appendLog } from '../util/state-dir.ts';
import { readProjectEnv, workspaceEnvironment } from '../workspace/environment.ts';
import { resolveSession } from './context.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

type Handler = (client: TmuxClient, subject: string | undefined, count: string | undefined) => Promise<void>;

// Cleanup after an autosave, loaded on demand like saving: only servers with cleanup on pay for it.
async function cleanupInBackground(client: TmuxClient, setting: string): Promise<string[]> {
  return (await import('../cleanup/background.ts')).cleanupInBackground(client, setting);
}

// Every hook the entrypoint registers, and the timer chain's tick.
const HANDLERS: Record<(typeof PLUGIN_HOOKS)[number] | 'autosave-tick' | 'continuum-restore', Handler> = {
  'session-created': adoptWorkspace,
  'client-detached': (client, _session, seq) => saveAfterDetach(client, seq),
  // tmux-continuum's restore at server start, which the entrypoint pointed here: ours restores.
  'continuum-restore': async () => appendLog('events.log', "tmux-continuum's restore skipped: claude-sessions restores at server start"),
  'autosave-tick': (client, id, tick) => (id ? autosaveTick(client, id, /^\d{1,15}$/.test(tick ?? '') ? Number(tick) : 1, cleanupInBackground) : Promise.resolve()),
};
const EVENTS = Object.keys(HANDLERS).join(', ');

// event HOOK [SUBJECT] [COUNT], hidden from help: only tmux runs it.
export const eventCommand = defineCommand({
  positionals: [
    { name: 'hook', required: true, description: `one of: ${EVENTS}` },
    { name: 'subject', description: "the session the hook fired for (name or $id); autosave-tick: the timer chain's id" },
    { name: 'count', description: "client-detached: the detach counter's value; autosave-tick: the tick's number" },
  ],
  async run({ positionals, client }) {
    const [hook = '', session, count] = positionals;
    const handler = Object.hasOwn(HANDLERS, hook) ? HANDLERS[hook as keyof typeof HANDLERS] : undefined;
    if (!handler) throw new UserError(`unknown event ${JSON.stringify(hook)} (known: ${EVENTS})`, 2);
    try {
      await handler(client, session || undefined, count);
    } catch (error) {
      // The session may be gone by the time a background hook runs: not worth a line.
      if (error instanceof UserError || (error instanceof TmuxError && error.kind === 'not-found')) return;
      const message = error instanceof Error ? error.message : String(error);
      try {
        appendLog('events.log', `${hook} ${session ?? ''}: ${message}`);
      } catch {
        // nowhere left to report to; a hook must not fail loudly
      }
    } finally {
      await refreshHealthStatus(client, hook, session);
    }
  },
});

// After every event, the summary #{claude_sessions_health} shows; a failure is only logged.
async function refreshHealthStatus(client: TmuxClient, hook: string, session: string | undefined): Promise<void> {
  try {
    await updateHealthStatus(client);
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server') return;
    try {
      appendLog('events.log', `${hook} ${session ?? ''}: health: ${error instanceof Error ? error.message : String(error)}`);
    } catch {
      // nowhere left to report to
    }
  }
}

// A claude-dev session made by hand (`tmux new -s claude-dev-foo` in a project folder)
// becomes a workspace: its folder is recorded and it gets the workspace environment and
// .env.claude (for the panes opened from now on; the first one has already started).
// Sessions claude-sessions built itself already have all of this.
async function adoptWorkspace(client: TmuxClient, session: string | undefined): Promise<void> {
  if (!session) return;
  const target = await resolveSession(client, session);
  const [optionRecords, sessionRecords] = await client.listMany([
    OPTIONS_QUERY,
    {
      command: ['display-message', '-p', '-t', target],
      fields: {
        name: '#{session_name}',
        template: `#{${WORKSPACE_OPTIONS.template}}`,
        recorded: `#{${WORKSPACE_OPTIONS.projectDir}}`,
        path: '#{session_path}',
      },
      formatLast: true,
    },
  ]);
  const options = effectiveOptions(optionRecords?.[0] as Parameters<typeof effectiveOptions>[0]);
  const current = sessionRecords?.[0];
  if (!current || current['template'] !== '' || current['recorded'] !== '' || !current['path']) return;
  const project = projectOfSession(current['name'] ?? '', optionValue(options, USER_OPTIONS.prefix));
  if (project === undefined || !isProjectFolder(current['path'])) return;
  const projectEnv = readProjectEnv(current['path']);
  const env = workspaceEnvironment({
    project,
    projectDir: current['path'],
    editor: process.env['EDITOR'],
    templateEnv: {},
    projectEnv: projectEnv.vars,
  });
  await client.batch([
    ['set-option', '-t', target, WORKSPACE_OPTIONS.projectDir, current['path']],
    ...Object.entries(env).map(([name, value]) => ['set-environment', '-t', target, name, value]),
  ]);
  for (const warning of projectEnv.warnings) appendLog('events.log', `session-created ${current['name']}: ${warning}`);
}

// A folder worth calling a project: it exists, and is neither / nor the home folder.
function isProjectFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && path !== '/' && path !== homedir();
  } catch {
    return false;
  }
}
