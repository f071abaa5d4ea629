// A save folder that cannot be written (read-only, full, not the user's, not a folder): what
// a save reports, naming the folder, and what a reader may ignore (no save can run there).
import { DomainError } from '../util/errors.ts';

// Error codes saying nothing can be written in a folder.
const CANNOT_WRITE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

// True when `error` says the folder cannot be written.
export function isCannotWrite(error: unknown): error is NodeJS.ErrnoException {
  return CANNOT_WRITE.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

// A save failed because its folder cannot be written; earlier saves are as they were.
export class SaveFolderError extends DomainError {
  constructor(
    readonly dir: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`cannot save to ${dir}: ${folderProblem(cause)}; earlier saves are untouched`);
    this.name = 'SaveFolderError';
  }
}

// The problem an error code names, in words.
export function folderProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'ENOSPC':
      return 'no space left on its device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${error.path ?? 'the folder'})`;
    default:
      return `${error.path ?? 'it'} is not a folder`;
  }
}
