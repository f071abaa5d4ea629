// Where the plugin's own files are, for the commands that point Claude Code at them.
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The plugin folder: $CLAUDE_SESSIONS_ROOT, else two levels up from the running bundle
// (dist/claude-sessions.cjs -> the plugin folder), symlinks resolved.
export function pluginRoot(): string {
  const fromEnv = process.env['CLAUDE_SESSIONS_ROOT'];
  if (fromEnv) return resolve(fromEnv);
  // The bundle is CommonJS, so __filename is there; from sources (tests) set the variable.
  const bundle = typeof __filename === 'string' ? __filename : (process.argv[1] ?? '.');
  return dirname(dirname(realpathOr(resolve(bundle))));
}

// The absolute path of the hook shim Claude Code runs for every event.
export function hookShimPath(): string {
  return join(pluginRoot(), 'scripts', 'claude-hook');
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
