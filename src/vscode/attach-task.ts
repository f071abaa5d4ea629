// The "Attach to Claude Session" VS Code task: attach to the project's workspace session,
// creating it if needed, from VS Code's integrated terminal.
import { basename, resolve } from 'node:path';
import { sessionNameFor } from '../workspace/session-name.ts';
import { formatLiteral } from '../tmux/argv.ts';
import { shellQuote } from '../util/shell-words.ts';
import type { VscodeTask } from './tasks-file.ts';

// The task's label, also how an existing copy is recognised.
export const ATTACH_TASK_LABEL = 'Attach to Claude Session';

// The task for the project in dir. Plain tmux rather than `claude-sessions switch`: the
// plugin's bin is rarely on PATH in VS Code, and switch needs a tmux client to switch,
// while `new-session -A` attaches (or creates the session) from any terminal.
export function attachTask(dir: string, prefix: string): VscodeTask {
  const session = sessionNameFor(basename(resolve(dir)), prefix);
  // -s expands formats, so '#' is doubled to arrive as it is.
  const command = ['tmux', 'new-session', '-A', '-s', formatLiteral(session)].map(shellQuote).join(' ');
  return {
    label: ATTACH_TASK_LABEL,
    type: 'shell',
    command,
    presentation: { reveal: 'always', panel: 'dedicated' },
    problemMatcher: [],
  };
}
