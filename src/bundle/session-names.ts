// Session names for bundles: a session name as given, or a project name with the prefix.
import { OPTIONS_QUERY, effectiveOptions, optionValue } from '../options/read.ts';
import { projectOfSession, sessionNameFor } from '../workspace/session-name.ts';
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { BundleError } from './manifest.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

// The server's session names and the workspace prefix, read in one tmux call.
export interface SessionNames {
  readonly taken: ReadonlySet<string>;
  readonly prefix: string;
  /** The running session a name means (exact name first, then project name); throws BundleError. */
  existing(name: string): string;
  /** The session name a new session given as `name` gets (exact when it has the prefix). */
  forNew(name: string): string;
  /** The project part of a workspace session name. */
  projectOf(session: string): string | undefined;
}

// Read the session names and prefix; no server means no sessions.
export async function resolveSessionNames(client: TmuxClient): Promise<SessionNames> {
  let results: Record<string, string>[][] = [];
  try {
    results = await client.listMany([OPTIONS_QUERY, { command: ['list-sessions'], fields: { name: '#{session_name}' } }]);
  } catch (error) {
    if (!(error instanceof TmuxError && error.kind === 'no-server')) throw error;
  }
  const [optionRecords = [], sessions = []] = results;
  const prefix = optionValue(effectiveOptions(optionRecords[0] as RecordOf<typeof OPTIONS_QUERY.fields> | undefined), USER_OPTIONS.prefix);
  const taken = new Set(sessions.map((session) => session['name'] as string));
  return {
    taken,
    prefix,
    existing(name) {
      if (taken.has(name)) return name;
      const prefixed = safeSessionName(name, prefix);
      if (prefixed !== undefined && taken.has(prefixed)) return prefixed;
      throw new BundleError(`no session named ${JSON.stringify(name)}${prefixed !== undefined && prefixed !== name ? ` or ${JSON.stringify(prefixed)}` : ''}`);
    },
    forNew(name) {
      if (projectOfSession(name, prefix) !== undefined) return name.replace(/[.:]/g, '_');
      const prefixed = safeSessionName(name, prefix);
      if (prefixed === undefined) throw new BundleError(`${JSON.stringify(name)} cannot be a session name`);
      return prefixed;
    },
    projectOf: (session) => projectOfSession(session, prefix),
  };
}

function safeSessionName(name: string, prefix: string): string | undefined {
  try {
    return sessionNameFor(name, prefix);
  } catch {
    return undefined;
  }
}
