// The private folder for claude-sessions' own state and logs: $XDG_STATE_HOME/claude-sessions.
import { appendFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(): string {
  const base = process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(base, 'claude-sessions');
}

// Append a timestamped line to a log in the state folder (created private: 0700).
export async function appendLog(name: string, line: string): Promise<void> {
  const dir = stateDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await appendFile(join(dir, name), `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
}
