// The last verify's result, kept in the state folder for doctor: when, which save, the score
// and how many differences (or why the save could not be restored at all).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { stateDir } from '../util/state-dir.ts';

// One verify, as doctor shows it.
export interface VerifyRecord {
  /** ISO time the verify finished. */
  readonly time: string;
  readonly file: string;
  readonly score: number;
  readonly differences: number;
  /** Set when the save could not be restored at all. */
  readonly error?: string | undefined;
}

const FILE = 'verify-last.json';

// Where the record lives.
export function verifyRecordPath(): string {
  return join(stateDir(), FILE);
}

// Keep `record` as the last result (replacing the one before, atomically).
export function recordVerify(record: VerifyRecord): void {
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  writeFileAtomic(verifyRecordPath(), `${JSON.stringify(record)}\n`);
}

// The last result; undefined when verify never ran (or its record is unreadable).
export function readLastVerify(): VerifyRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(verifyRecordPath(), 'utf8')) as Partial<VerifyRecord>;
    if (typeof value.time !== 'string' || typeof value.file !== 'string' || typeof value.score !== 'number' || typeof value.differences !== 'number') return undefined;
    return { time: value.time, file: value.file, score: value.score, differences: value.differences, error: typeof value.error === 'string' ? value.error : undefined };
  } catch {
    return undefined;
  }
}
