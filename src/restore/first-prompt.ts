// A fresh server's first shell may not have drawn its prompt yet when the restore at server
// start reads it (a loaded machine, a slow rc file): judged then, it is "running a program" or
// its prompt, arriving before the kill, fails the kill's own check, and the session is kept
// beside the restored ones. So that restore first waits, bounded, for the prompt.
import { madeAtServerStart } from './first-session.ts';
import { paneShellWaitsForInput } from '../programs/waits-for-input.ts';
import type { TmuxClient } from '../tmux/index.ts';

// Longest wait for the first shell's prompt; past it the session is judged as it is.
export const FIRST_PROMPT_WAIT_MS = 3000;
const POLL_MS = 20;

const FIELDS = { x: '#{cursor_x}', y: '#{cursor_y}', pid: '#{pane_pid}', created: '#{session_created}', start: '#{start_time}' } as const;

// Returns once the server's lone pane, in a session made at the server's start, shows its
// prompt (the cursor left 0,0, or its shell waits for input two polls in a row), or at once
// when the server holds anything else; never later than timeoutMs.
export async function waitForFirstPrompt(client: TmuxClient, timeoutMs = FIRST_PROMPT_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waitedBefore = false;
  for (;;) {
    const panes = await client.list({ command: ['list-panes', '-a'], fields: FIELDS }).catch(() => []);
    const [pane] = panes;
    if (panes.length !== 1 || pane === undefined || !madeAtServerStart(Number(pane.start), Number(pane.created))) return;
    if (pane.x !== '0' || pane.y !== '0') return;
    const waits = paneShellWaitsForInput(Number(pane.pid)) === true;
    if ((waits && waitedBefore) || Date.now() >= deadline) return;
    waitedBefore = waits;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
