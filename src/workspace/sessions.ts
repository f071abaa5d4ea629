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
}

// Options and workspace sessions (names starting with the prefix), sorted by name,
// in one tmux process; no server means defaults and no sessions.
export async function listWorkspaceSessions(client: TmuxClient): Promise<WorkspaceListing> {
  let results;
  try {
    results = await client.listMany([
      OPTIONS_QUERY,
      { command: ['list-sessions'], fields: SESSION_FIELDS },
      { command: ['list-panes', '-a'], fields: PANE_FIELDS },
    ]);
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
  return { options, sessions };
}

function fromEpoch(seconds: string): Date {
  return new Date(Number(seconds) * 1000);
}
