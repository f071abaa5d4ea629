// tmux-resurrect's own scripts (the unmodified copy in ../shared/peers, see its README), run
// against a private server, and one round of its save.sh racing ours. Tests skip, saying
// why, where the copy is absent (CI may not have it); CLAUDE_SESSIONS_PEERS points elsewhere.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { lastSavePath } from '../../src/resurrect/save-dir.ts';
import { REPO_ROOT, testEnv } from './tmux-server.ts';

// The tmux-resurrect folder, or undefined when no copy is found.
export const RESURRECT = [process.env['CLAUDE_SESSIONS_PEERS'], join(REPO_ROOT, '..', 'shared', 'peers'), join(REPO_ROOT, '..', '..', 'shared', 'peers')]
  .filter((folder): folder is string => folder !== undefined && folder !== '')
  .map((folder) => join(folder, 'tmux-resurrect'))
  .find((folder) => existsSync(join(folder, 'scripts', 'save.sh')));

// Appended to the names of tests that need tmux-resurrect, so a skip says why.
export const NEEDS_RESURRECT = RESURRECT === undefined ? ' (skipped: no tmux-resurrect in ../shared/peers; set CLAUDE_SESSIONS_PEERS)' : '';

// What a program run by a test printed, and how it ended.
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Run a program to its end (in `cwd`, default this process's), collecting its output.
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = testEnv(), cwd?: string): Promise<Finished> {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Run one of tmux-resurrect's scripts (save.sh, restore.sh) against the server on `socket`.
export function runResurrect(socket: string, script: 'save.sh' | 'restore.sh', env: NodeJS.ProcessEnv = testEnv()): Promise<Finished> {
  if (RESURRECT === undefined) throw new Error('tmux-resurrect is not available');
  return run('bash', [join(RESURRECT, 'scripts', script), 'quiet'], { ...env, TMUX: `${socket},0,0` });
}

// The built CLI (dist/), as a user runs it.
export const CLI = join(REPO_ROOT, 'dist', 'claude-sessions.cjs');

// What one round left behind.
export interface RaceRound {
  /** The file `last` resolves to (undefined: it dangles or is missing). */
  readonly last: string | undefined;
  /** Why that file is not a complete save (undefined: it is). */
  readonly lastProblem: string | undefined;
  /** The sessions of the save `last` names. */
  readonly lastSessions: readonly string[];
  /** What our save reported (its --json), and whether its file is still there, complete. */
  readonly ours: { readonly unchanged: boolean; readonly file: string };
  readonly oursProblem: string | undefined;
  readonly resurrect: Finished;
}

// One round: our save (`node dist/claude-sessions.cjs -S SOCKET save --json`) and
// tmux-resurrect's save.sh, the second started `offsetMs` after the first, both started
// just after a second begins (so that at small offsets both name their file in the same second).
export async function raceRound(socket: string, dir: string, offsetMs: number, resurrectFirst: boolean, env: NodeJS.ProcessEnv = testEnv()): Promise<RaceRound> {
  await new Promise((resolve) => setTimeout(resolve, (1050 - (Date.now() % 1000)) % 1000));
  const startOurs = () => run('node', [CLI, '-S', socket, 'save', '--json'], env);
  const startResurrect = () => runResurrect(socket, 'save.sh', env);
  const first = resurrectFirst ? startResurrect() : startOurs();
  await new Promise((resolve) => setTimeout(resolve, offsetMs));
  const second = resurrectFirst ? startOurs() : startResurrect();
  const [oursRun, resurrect] = resurrectFirst ? [await second, await first] : [await first, await second];
  if (oursRun.code !== 0) throw new Error(`our save failed: ${oursRun.stderr}`);
  const ours = JSON.parse(oursRun.stdout) as { unchanged: boolean; file: string };
  const last = lastSavePath(dir);
  const lastProblem = last === undefined ? 'dangles' : incompleteSave(last);
  const lastSessions = last === undefined || lastProblem !== undefined ? [] : sessionsOf(last);
  return { last, lastProblem, lastSessions, ours, oursProblem: existsSync(ours.file) ? incompleteSave(ours.file) : 'was deleted', resurrect };
}

// Why a file is not a whole save (both tools end one with its state line and a newline), or undefined.
export function incompleteSave(file: string): string | undefined {
  const text = readFileSync(file, 'utf8');
  if (!text.endsWith('\n') || !/^state(\t|$)/m.test(text)) return 'was cut short';
  try {
    const { warnings } = parseResurrectFile(text, file);
    return warnings.length === 0 ? undefined : `has damaged lines: ${warnings.join('; ')}`;
  } catch (error) {
    return `is not a save: ${(error as Error).message}`;
  }
}

function sessionsOf(file: string): string[] {
  const { server } = parseResurrectFile(readFileSync(file, 'utf8'), file);
  return [...new Set(server.panes.map((pane) => pane.sessionName))].sort();
}
