// Where a restored pane starts when its saved folder is gone: the nearest existing parent.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute } from 'node:path';

// The folder itself when it exists, else its nearest existing parent, with a note saying so.
export function nearestFolder(path: string): { dir: string; note?: string } {
  if (path === '' || !isAbsolute(path)) {
    const home = homedir();
    return { dir: home, note: `saved folder ${JSON.stringify(path)} is not an absolute path; started in ${home}` };
  }
  let dir = path;
  while (!isFolder(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir === path ? { dir } : { dir, note: `${path} does not exist; started in ${dir}` };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
