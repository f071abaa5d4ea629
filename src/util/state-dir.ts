// The private folder for claude-sessions' own state and logs: $XDG_STATE_HOME/claude-sessions.
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(): string {
  const base = process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(base, 'claude-sessions');
}

// Append a timestamped line to a log in the state folder (created private: 0700).
export function appendLog(name: string, line: string): void {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  appendFileSync(join(dir, name), `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
}
