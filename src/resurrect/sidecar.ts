// The JSON next to a save holding what its text cannot hold exactly (a TAB in a name, an
// empty title, ...), and the save's name and sha256 so a reader can tell it belongs there.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NO_EXTRAS, type ServerExtras } from './snapshot-extras.ts';
import { groupedSessionLimitations, paneLimitations, stateLimitations, windowLimitations } from './write.ts';
import {
  type SavedGroupedSession,
  type SavedPane,
  type SavedServer,
  type SavedState,
  type SavedWindow,
} from './format.ts';

// The sidecar format's name and version.
export const SIDECAR_FORMAT = 'claude-sessions-save-sidecar/1';

// One record whose exact values differ from what its line reads back as; `line` is 1-based.
export type ExactRecord =
  | { readonly kind: 'grouped_session'; readonly line: number; readonly session: string; readonly record: SavedGroupedSession }
  | { readonly kind: 'pane'; readonly line: number; readonly session: string; readonly window: number; readonly pane: number; readonly record: SavedPane }
  | { readonly kind: 'window'; readonly line: number; readonly session: string; readonly window: number; readonly record: SavedWindow }
  | { readonly kind: 'state'; readonly line: number; readonly record: SavedState };

// What a sidecar file holds.
export interface SaveSidecar {
  readonly format: typeof SIDECAR_FORMAT;
  /** The save's file name (in the same folder). */
  readonly saveFile: string;
  /** sha256 (hex) of the save's bytes. */
  readonly sha256: string;
  /** formatLimitations of the save, one sentence each. */
  readonly limitations: readonly string[];
  readonly exact: readonly ExactRecord[];
  /** Workspace settings, environment and pane roles (absent in sidecars of older versions). */
  readonly extras?: ServerExtras;
  /** The one session a save of one session holds (absent for a save of the whole server). */
  readonly session?: string;
}

// The sidecar of the save `saveFile` whose text is `text`, written from `server` (holding only
// `session`, when given). Each record's line is checked once: for its exact record and the limitations.
export function buildSidecar(server: SavedServer, saveFile: string, text: string, extras: ServerExtras = NO_EXTRAS, session?: string): SaveSidecar {
  const exact: ExactRecord[] = [];
  const limitations: string[] = [];
  let line = 0;
  const check = (found: readonly string[], record: () => ExactRecord) => {
    line++;
    if (found.length === 0) return;
    limitations.push(...found);
    exact.push(record());
  };
  for (const record of server.groupedSessions) {
    check(groupedSessionLimitations(record), () => ({ kind: 'grouped_session', line, session: record.sessionName, record }));
  }
  for (const record of server.panes) {
    check(paneLimitations(record), () => ({ kind: 'pane', line, session: record.sessionName, window: record.windowIndex, pane: record.paneIndex, record }));
  }
  for (const record of server.windows) {
    check(windowLimitations(record), () => ({ kind: 'window', line, session: record.sessionName, window: record.index, record }));
  }
  check(stateLimitations(server.state), () => ({ kind: 'state', line, record: server.state }));
  return { format: SIDECAR_FORMAT, saveFile, sha256: sha256Of(text), limitations, exact, extras, ...(session === undefined ? {} : { session }) };
}

// True when the sidecar was written for this save file and this exact text.
export function sidecarBelongsTo(sidecar: SaveSidecar, saveFile: string, text: string): boolean {
  return sidecar.format === SIDECAR_FORMAT && sidecar.saveFile === saveFile && sidecar.sha256 === sha256Of(text);
}

// The sidecar at `path` if it is one (any JSON of our format); undefined when missing or unreadable.
export function readSidecar(path: string): SaveSidecar | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<SaveSidecar>;
    return value.format === SIDECAR_FORMAT && Array.isArray(value.exact) ? (value as SaveSidecar) : undefined;
  } catch {
    return undefined;
  }
}

// The sidecar as written to disk.
export function serializeSidecar(sidecar: SaveSidecar): string {
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}

// Hex sha256 of a text's UTF-8 bytes.
export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
