// Claude panes come back from a save resuming their own conversation: the user's
// @claude-sessions-claude-command, `--resume ID` and the saved arguments, in the saved folder (the restore starts the pane there). An id
// is resumed in one pane only; a conversation whose transcript is gone starts afresh, with
// a note left in the pane saying so.
import { existsSync } from 'node:fs';
import { claudeArgsOf, claudeLaunchCommand, claudeResumeCommand, ensureHookSettingsFile, newSessionId, shellWords } from '../agents/claude-launch.ts';
import { shellQuote } from '../util/shell-words.ts';
import { registerPaneProgramRestorer } from './pane-programs.ts';
import type { LoadedSave } from './read-save.ts';
import type { SavedPane } from '../resurrect/format.ts';
import { paneExtrasAt, type ClaudeExtras } from '../resurrect/snapshot-extras.ts';

// What a restorer needs from outside, replaceable in tests.
export interface ResumeDeps {
  /** @claude-sessions-claude-command of the server the pane comes back in. */
  readonly claudeCommand: string;
  readonly settingsFile: () => string;
  readonly newSessionId: () => string;
  readonly transcriptExists: (path: string) => boolean;
}

const DEFAULT_DEPS: Omit<ResumeDeps, 'claudeCommand'> = { settingsFile: ensureHookSettingsFile, newSessionId, transcriptExists: existsSync };

// The restore a save belongs to is the one that loaded it: ids resumed so far, per save.
const resumedIds = new WeakMap<LoadedSave, Set<string>>();

// What to type into a restored pane that ran Claude; undefined for any other pane.
export function claudeProgramFor(pane: SavedPane, save: LoadedSave, deps: ResumeDeps): string | undefined {
  const claude = claudeExtrasOf(pane, save);
  if (claude === undefined) return undefined;
  const used = resumedIds.get(save) ?? new Set<string>();
  resumedIds.set(save, used);
  const settingsFile = deps.settingsFile();
  const args = withoutCommandArgs(claude.args, deps.claudeCommand);
  const fresh = (why: string) => {
    const note = `claude-sessions: conversation ${claude.sessionId} ${why}; starting a new one`;
    return `echo ${shellQuote(note)}; ${claudeLaunchCommand(deps.claudeCommand, deps.newSessionId(), settingsFile, args)}`;
  };
  if (used.has(claude.sessionId)) return fresh('is resumed in another pane');
  used.add(claude.sessionId);
  if (claude.transcriptPath === undefined || !deps.transcriptExists(claude.transcriptPath)) return fresh('could not be resumed');
  return claudeResumeCommand(deps.claudeCommand, claude.sessionId, settingsFile, args);
}

// The saved arguments without those the claude command brings itself (a command
// `claude --model opus` ran as `claude --model opus --session-id …`): typed once, not twice.
function withoutCommandArgs(saved: readonly string[], command: string): readonly string[] {
  const own = claudeArgsOf(shellWords(command)) ?? [];
  const leading = own.length > 0 && own.every((word, i) => saved[i] === word);
  return leading ? saved.slice(own.length) : saved;
}

// The saved Claude conversation of a pane, addressed as in the save.
function claudeExtrasOf(pane: SavedPane, save: LoadedSave): ClaudeExtras | undefined {
  return paneExtrasAt(save.extras, pane.sessionName, pane.windowIndex, pane.paneIndex)?.claude;
}

let registered = false;

// Make restores resume Claude panes; called by the restore command before it restores (once is enough).
export function registerClaudeRestorer(): void {
  if (registered) return;
  registered = true;
  registerPaneProgramRestorer((pane, save, context) => claudeProgramFor(pane, save, { ...DEFAULT_DEPS, claudeCommand: context.claudeCommand }));
}
