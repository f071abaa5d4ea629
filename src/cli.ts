// claude-sessions command line: global -L/-S like tmux's own, one module per command group.
import { Command, CommanderError } from 'commander';
import { registerDoctor } from './commands/doctor.ts';
import { registerEvent } from './commands/event.ts';
import { registerGitStatus } from './commands/git-status.ts';
import { registerLs } from './commands/ls.ts';
import { registerOptions } from './commands/options.ts';
import { takeExitCode, UserError } from './commands/context.ts';
import { TmuxError } from './tmux/index.ts';
import { VERSION } from './version.ts';

// The whole program, commands registered; exported for tests.
export function buildProgram(): Command {
  const program = new Command('claude-sessions')
    .description('tmux workspaces for Claude Code agents across projects and git worktrees')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-L <socket-name>', 'use the tmux server on this socket name (like tmux -L)')
    .option('-S <socket-path>', 'use the tmux server on this socket path (like tmux -S)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerLs(program);
  registerDoctor(program);
  registerOptions(program);
  registerGitStatus(program);
  registerEvent(program);
  return program;
}

// Run with argv; resolves with the exit code instead of exiting, so tests can call it.
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return takeExitCode();
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version end with code 0; parse errors were already printed by commander
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserError) {
    process.stderr.write(`claude-sessions: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TmuxError) {
    process.stderr.write(`claude-sessions: ${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? (process.env['CLAUDE_SESSIONS_DEBUG'] ? error.stack : error.message) : String(error);
  process.stderr.write(`claude-sessions: unexpected error: ${message}\n`);
  return 1;
}

if (process.env['VITEST'] === undefined) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
