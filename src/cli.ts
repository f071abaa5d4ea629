// claude-sessions command line: global -L/-S like tmux's own, one module per command group.
import { dispatch } from './cli/run.ts';
import { takeExitCode } from './cli/errors.ts';
import type { ProgramInfo } from './cli/help.ts';
import { agentsCommand } from './commands/agents.ts';
import { nextWaitingCommand } from './commands/next-waiting.ts';
import { cleanupCommand } from './commands/cleanup.ts';
import { doctorCommand } from './commands/doctor.ts';
import { eventCommand } from './commands/event.ts';
import { healthCommand } from './commands/health.ts';
import { gitHookCommand } from './commands/git-hook.ts';
import { gitStatusCommand } from './commands/git-status.ts';
import { hooksCommand } from './commands/hooks.ts';
import { lsCommand } from './commands/ls.ts';
import { menuCommand } from './commands/menu.ts';
import { optionsCommand } from './commands/options.ts';
import { popupCommand } from './commands/popup.ts';
import { pickCommand } from './commands/pick.ts';
import { saveCommand } from './commands/save.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { remoteCommand } from './commands/remote.ts';
import { restoreCommand } from './commands/restore.ts';
import { savesCommand } from './commands/saves.ts';
import { shareCommand } from './commands/share.ts';
import { sharesCommand } from './commands/shares.ts';
import { unshareCommand } from './commands/unshare.ts';
import { detectCommand } from './commands/detect.ts';
import { templatesCommand } from './commands/templates.ts';
import { vscodeCommand } from './commands/vscode.ts';
import { killCommand } from './commands/kill.ts';
import { newCommand } from './commands/new.ts';
import { switchCommand } from './commands/switch.ts';
import { worktreeCommand } from './commands/worktree.ts';
import { DomainError } from './util/errors.ts';
import { VERSION } from './util/version.ts';
import { writeErr } from './util/output.ts';

export const PROGRAM: ProgramInfo = {
  name: 'claude-sessions',
  version: VERSION,
  description: 'tmux workspaces for Claude Code agents across projects and git worktrees',
};

export const COMMANDS = [
  newCommand,
  switchCommand,
  popupCommand,
  pickCommand,
  menuCommand,
  lsCommand,
  killCommand,
  cleanupCommand,
  saveCommand,
  exportCommand,
  importCommand,
  savesCommand,
  restoreCommand,
  agentsCommand,
  hooksCommand,
  detectCommand,
  templatesCommand,
  doctorCommand,
  healthCommand,
  optionsCommand,
  gitStatusCommand,
  eventCommand,
  nextWaitingCommand,
  worktreeCommand,
  remoteCommand,
  vscodeCommand,
  gitHookCommand,
  shareCommand,
  unshareCommand,
  sharesCommand,
];

// Run with argv; resolves with the exit code instead of exiting, so tests can call it.
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await dispatch(PROGRAM, COMMANDS, argv);
    return takeExitCode();
  } catch (error) {
    takeExitCode();
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  // Errors that explain themselves: no stack, no "unexpected".
  if (error instanceof DomainError) {
    writeErr(`claude-sessions: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (process.env['CLAUDE_SESSIONS_DEBUG'] ? error.stack : error.message) : String(error);
  writeErr(`claude-sessions: unexpected error: ${message}\n`);
  return 1;
}
