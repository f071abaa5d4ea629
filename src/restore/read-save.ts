// Reading a save for a restore: the text file, made exact by its sidecar when the sidecar
// was written for exactly this text; a file tmux-resurrect wrote is read alone.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseResurrectFile, type ParsedResurrectLine } from '../resurrect/parse.ts';
import type { SavedServer } from '../resurrect/format.ts';
import { sidecarPath } from '../resurrect/save-dir.ts';
import { NO_EXTRAS, type ServerExtras } from '../resurrect/snapshot-extras.ts';
import { readSidecar, sha256Of, sidecarBelongsTo, type ExactRecord } from '../resurrect/sidecar.ts';
import { DomainError } from '../util/errors.ts';

// A save as a restore uses it.
export interface LoadedSave {
  readonly file: string;
  readonly server: SavedServer;
  readonly extras: ServerExtras;
  /** sha256 of the file's text (pane contents are tied to it). */
  readonly sha256: string;
  /** True when a matching sidecar supplied exact values and extras. */
  readonly exact: boolean;
  /** Lines skipped or doubted, and a sidecar that did not match. */
  readonly warnings: readonly string[];
}

// A save file that cannot be read at all (missing, a folder, no permission).
export class SaveUnreadableError extends DomainError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot read save ${file}: ${reason}`);
    this.name = 'SaveUnreadableError';
  }
}

// Read and parse `file`; throws SaveUnreadableError or ResurrectFormatError (nothing usable).
export function loadSave(file: string): LoadedSave {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new SaveUnreadableError(file, reason);
  }
  const warnings: string[] = [];
  const sidecar = readSidecar(sidecarPath(file));
  const matches = sidecar !== undefined && sidecarBelongsTo(sidecar, basename(file), text);
  if (sidecar !== undefined && !matches) warnings.push(`${sidecarPath(file)} was written for another version of this save (ignored)`);
  const exact = matches ? exactLines(sidecar.exact) : undefined;
  const parsed = parseResurrectFile(text, file, exact);
  return {
    file,
    sha256: sha256Of(text),
    server: parsed.server,
    extras: matches ? (sidecar.extras ?? NO_EXTRAS) : NO_EXTRAS,
    exact: matches,
    warnings: [...warnings, ...parsed.warnings],
  };
}

function exactLines(records: readonly ExactRecord[]): Map<number, ParsedResurrectLine> {
  const lines = new Map<number, ParsedResurrectLine>();
  for (const entry of records) {
    if (entry.kind === 'pane') lines.set(entry.line, { kind: 'pane', pane: entry.record });
    if (entry.kind === 'window') lines.set(entry.line, { kind: 'window', window: entry.record });
    if (entry.kind === 'grouped_session') lines.set(entry.line, { kind: 'grouped_session', groupedSession: entry.record });
    if (entry.kind === 'state') lines.set(entry.line, { kind: 'state', state: entry.record });
  }
  return lines;
}
