// What a restore reads from the server first, in one tmux call: settings, sessions,
// clients, and whether the server is fresh (its only session an untouched shell).
import { basename, join } from 'node:path';
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { stateDir } from '../util/state-dir.ts';
import { PROCESS_SETTING_FIELDS, processSettingsFromValues, type ProcessRestoreSettings } from './process-restore.ts';

const SETTINGS_FIELDS = {
  resurrectDir: '#{@resurrect-dir}',
  defaultShell: '#{default-shell}',
  defaultCommand: '#{default-command}',
  ...PROCESS_SETTING_FIELDS,
} as const;
const SESSION_FIELDS = { id: '#{session_id}', name: '#{session_name}', windows: '#{session_windows}' } as const;
const PANE_FIELDS = { sessionId: '#{session_id}', command: '#{pane_current_command}' } as const;
const CLIENT_FIELDS = { name: '#{client_name}', session: '#{client_session}', activity: '#{client_activity}' } as const;

// Shells a fresh server's first pane may be running.
const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'ash', 'nu', 'elvish', 'xonsh']);

export interface RestoreState {
  readonly settings: {
    readonly resurrectDir: string;
    readonly defaultShell: string;
    readonly defaultCommand: string;
    readonly processes: ProcessRestoreSettings;
  };
  readonly sessions: readonly RecordOf<typeof SESSION_FIELDS>[];
  /** The only session, when it has one window with one pane idle at a shell (tmux's start session). */
  readonly startup: { readonly id: string; readonly name: string } | undefined;
  /** The named client (or the most recently active one) and its session. */
  clientFor(name: string | undefined): { name: string; session: string } | undefined;
  /** Private folder where restored panes' contents wait to be shown. */
  readonly contentsDir: string;
}

// Read the state a restore plans against.
export async function readRestoreState(client: TmuxClient): Promise<RestoreState> {
  const settingsQuery = { command: ['list-commands'], fields: SETTINGS_FIELDS };
  const sessionsQuery = { command: ['list-sessions'], fields: SESSION_FIELDS };
  const clientsQuery = { command: ['list-clients'], fields: CLIENT_FIELDS };
  let records: RecordOf<Record<string, string>>[][];
  try {
    records = await client.listMany([settingsQuery, sessionsQuery, clientsQuery, { command: ['list-panes', '-a'], fields: PANE_FIELDS }]);
  } catch (error) {
    // With no sessions (exit-empty off), list-panes -a has no target and fails.
    if (!(error instanceof TmuxError) || error.kind === 'no-server') throw error;
    records = [...(await client.listMany([settingsQuery, sessionsQuery, clientsQuery])), []];
  }
  const [settingsRecords = [], sessions = [], clients = [], panes = []] = records as [
    RecordOf<typeof SETTINGS_FIELDS>[],
    RecordOf<typeof SESSION_FIELDS>[],
    RecordOf<typeof CLIENT_FIELDS>[],
    RecordOf<typeof PANE_FIELDS>[],
  ];
  const settings = settingsRecords[0] ?? ({} as Partial<RecordOf<typeof SETTINGS_FIELDS>>);
  const values = { processes: '', defaultProcesses: '', vimStrategy: '', nvimStrategy: '', ...settings } as RecordOf<typeof SETTINGS_FIELDS>;
  return {
    settings: {
      resurrectDir: settings.resurrectDir ?? '',
      defaultShell: settings.defaultShell ?? '',
      defaultCommand: settings.defaultCommand ?? '',
      processes: processSettingsFromValues(values),
    },
    sessions,
    startup: startupSession(sessions, panes, settings.defaultShell ?? ''),
    clientFor: (name) => {
      const chosen = name ? clients.find((c) => c.name === name) : [...clients].sort((a, b) => Number(b.activity) - Number(a.activity))[0];
      return chosen ? { name: chosen.name, session: chosen.session } : undefined;
    },
    contentsDir: join(stateDir(), 'restore-contents'),
  };
}

function startupSession(
  sessions: readonly RecordOf<typeof SESSION_FIELDS>[],
  panes: readonly RecordOf<typeof PANE_FIELDS>[],
  defaultShell: string,
): { id: string; name: string } | undefined {
  const [only] = sessions;
  if (sessions.length !== 1 || only === undefined || only.windows !== '1') return undefined;
  const own = panes.filter((pane) => pane.sessionId === only.id);
  const command = own[0]?.command.replace(/^-/, '') ?? '';
  if (own.length !== 1 || !(SHELLS.has(command) || command === basename(defaultShell))) return undefined;
  return { id: only.id, name: only.name };
}
