// What was typed at a key's prompt, read back by Node from the server option the key stored it
// in: how the keys hand over text that must not pass through a shell (see src/options/keys.ts).
import type { TmuxClient } from '../tmux/index.ts';
import { STATE_OPTIONS } from './state.ts';

// The CLI option (of new and worktree add) that reads the typed text from the prompt's option.
export const FROM_PROMPT_OPTION = 'from-prompt';
// worktree add's option naming the pane (its %id) whose folder is the project.
export const PANE_OPTION = 'pane';

// Which prompt's text: prefix N's (new) or prefix T's (worktree add).
export type PromptOption = typeof STATE_OPTIONS.prompt | typeof STATE_OPTIONS.worktreePrompt;

// The prompt's text exactly as typed, newlines and all ('' when nothing was stored).
export async function typedAtPrompt(client: TmuxClient, option: PromptOption): Promise<string> {
  const [record] = await client.list({ command: ['display-message', '-p'], fields: { text: `#{${option}}` }, formatLast: true });
  return record?.text ?? '';
}
