// The claude-dev workspace sessions on a server, read in one tmux call.
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { projectOfSession } from './session-name.ts';
import { effectiveOptions, optionValue, OPTIONS_QUERY, type EffectiveOptions } from '../options/read.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

export interface WorkspaceSession {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  /** The project folder: recorded when the workspace was made, else the session's start folder. */
  readonly projectDir: string;
  readonly windows: number;
  readonly panes: number;
  /** Number of clients attached. */
  readonly attached: number;
  readonly created: Date;
  readonly lastActivity: Date;
}

const SESSION_FIELDS = {
  id: '#{session_id}',
  name: '#{session_name}',
  path: '#{session_path}',
  projectDir: `#{${WORKSPACE_OPTIONS.projectDir}}`,
  windows: '#{session_windows}',
  attached: '#{session_attached}',
  created: '#{session_created}',
  activity: '#{session_activity}',
} as const;

const PANE_FIELDS = { session: '#{session_id}' } as const;

export interface WorkspaceListing {
  readonly options: EffectiveOptions;
  readonly sessions: WorkspaceSession[];
  /** The shell new panes start and tmux's global environment, when asked for (withPaneShell). */
  readonly paneShell?: PaneShell | undefined;
}

// What per-pane history needs to know of the server (see pane-history.ts).
export interface PaneShell {
  readonly defaultShell: string;
  readonly defaultCommand: string;
  /** `show-environment -g -s` as tmux printed it. */
  readonly globalEnvironment: string;
}

// list-commands expands its format with no session, so these are the global values a new
// session gets (once per command: the first record is the one read).
const PANE_SHELL_QUERY = {
  command: ['list-commands'],
  fields: { shell: '#{default-shell}', command: '#{default-command}' },
} as const;

// Options and workspace sessions (names starting with the prefix), sorted by name,
// in one tmux process; no server means defaults and no sessions. withPaneShell: also what
// building a workspace needs for per-pane history, in the same process (one call fewer).
export async function listWorkspaceSessions(client: TmuxClient, request: { readonly withPaneShell?: boolean } = {}): Promise<WorkspaceListing> {
  let results;
  let paneShell: PaneShell | undefined;
  try {
    const queries = [OPTIONS_QUERY, { command: ['list-sessions'], fields: SESSION_FIELDS }, { command: ['list-panes', '-a'], fields: PANE_FIELDS }];
    if (request.withPaneShell) {
      const listed = await client.listManyThen([...queries, PANE_SHELL_QUERY], [['show-environment', '-g', '-s']]);
      results = listed.records;
      const shell = results[3]?.[0] as RecordOf<typeof PANE_SHELL_QUERY.fields> | undefined;
      if (shell) paneShell = { defaultShell: shell.shell, defaultCommand: shell.command, globalEnvironment: listed.after };
    } else {
      results = await client.listMany(queries);
    }
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server') return { options: effectiveOptions(undefined), sessions: [] };
    // A server without sessions (exit-empty off) has no target to expand formats in: its
    // options are the global ones, which list-commands expands without one.
    if (error instanceof TmuxError && /no current target/.test(error.stderr)) {
      const [record] = await client.list({ command: ['list-commands'], fields: OPTIONS_QUERY.fields });
      return { options: effectiveOptions(record), sessions: [] };
    }
    throw error;
  }
  const [optionRecords = [], sessionRecords = [], paneRecords = []] = results;
  const options = effectiveOptions(optionRecords[0] as Parameters<typeof effectiveOptions>[0]);
  const prefix = optionValue(options, USER_OPTIONS.prefix);
  const paneCounts = new Map<string, number>();
  for (const pane of paneRecords as RecordOf<typeof PANE_FIELDS>[]) {
    paneCounts.set(pane.session, (paneCounts.get(pane.session) ?? 0) + 1);
  }
  const sessions: WorkspaceSession[] = [];
  for (const raw of sessionRecords as RecordOf<typeof SESSION_FIELDS>[]) {
    const project = projectOfSession(raw.name, prefix);
    if (project === undefined) continue;
    sessions.push({
      id: raw.id,
      name: raw.name,
      project,
      projectDir: raw.projectDir || raw.path,
      windows: Number(raw.windows),
      panes: paneCounts.get(raw.id) ?? 0,
      attached: Number(raw.attached),
      created: fromEpoch(raw.created),
      lastActivity: fromEpoch(raw.activity),
    });
  }
  sessions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { options, sessions, paneShell };
}

function fromEpoch(seconds: string): Date {
  return new Date(Number(seconds) * 1000);
}
