// claude-sessions command line: the program, and its commands from the manifest
// (src/commands/manifest.ts), each loaded only when it runs or its help is asked for.
import { runCommandLine } from './cli/run.ts';
import type { ProgramInfo } from './cli/help.ts';
import { COMMANDS } from './commands/manifest.ts';
import { VERSION } from './util/version.ts';

export const PROGRAM: ProgramInfo = {
  name: 'claude-sessions',
  version: VERSION,
  description: 'tmux workspaces for Claude Code agents across projects and git worktrees',
};

// Run with argv; resolves with the exit code instead of exiting, so tests can call it.
export function runCli(argv: readonly string[]): Promise<number> {
  return runCommandLine(PROGRAM, COMMANDS, argv);
}
