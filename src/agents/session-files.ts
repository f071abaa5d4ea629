// Claude Code's per-process session files (see "Claude Code's session files" in
// claude-contract.ts), read for doctor; scripts/claude-reconcile reads them itself in sh.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sessionFilesDir } from './claude-contract.ts';

// One live session as its file describes it.
export interface SessionFile {
  readonly pid: number;
  readonly sessionId: string;
  readonly status: string | undefined;
}

// A config folder's session files: `found` false when the folder does not exist.
export interface SessionFolder {
  readonly dir: string;
  readonly found: boolean;
  readonly sessions: readonly SessionFile[];
}

// The config folder Claude Code uses in this environment.
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['CLAUDE_CONFIG_DIR'] || join(env['HOME'] || homedir(), '.claude');
}

// The live sessions (pid still running) in CONFIG_DIR's session folder.
export function readSessionFolder(configDir: string): SessionFolder {
  const dir = sessionFilesDir(configDir);
  if (!existsSync(dir)) return { dir, found: false, sessions: [] };
  const sessions: SessionFile[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => /^\d+\.json$/.test(name));
  } catch {
    return { dir, found: false, sessions: [] };
  }
  for (const name of names) {
    const record = readRecord(join(dir, name));
    if (record && alive(record.pid)) sessions.push(record);
  }
  return { dir, found: true, sessions };
}

function readRecord(path: string): SessionFile | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    if (typeof value['pid'] !== 'number' || typeof value['sessionId'] !== 'string') return undefined;
    return { pid: value['pid'], sessionId: value['sessionId'], status: typeof value['status'] === 'string' ? value['status'] : undefined };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // As `kill -0` in scripts/claude-reconcile: another user's process counts as gone.
    return false;
  }
}
