// The errors a restore explains to the user (as opposed to bugs).
import { ResurrectFormatError } from '../resurrect/format.ts';
import { SaveUnreadableError } from './read-save.ts';
import { NothingToRestoreError, RestoreFailedError } from './restore.ts';
import { SaveLockedError } from '../save/lock.ts';

// True for an error whose message is the whole story: a bad or missing file, a busy lock.
export function isRestoreError(error: unknown): boolean {
  return [ResurrectFormatError, SaveUnreadableError, NothingToRestoreError, RestoreFailedError, SaveLockedError].some((type) => error instanceof type);
}
