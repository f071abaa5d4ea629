// The health summary in a global option, which #{claude_sessions_health} shows: the CLI
// computes it (from hooks and the autosave timer), the status line only reads it.
import { STATE_OPTIONS } from '../options/definitions.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { healthSummary } from './checks.ts';
import { gatherHealth } from './gather.ts';

// Recompute the summary and store it (unset when all is well); returns what was stored.
// Cheap on purpose: no `claude agents` call, no CPU sample and no git (the summary needs none).
export async function updateHealthStatus(client: TmuxClient): Promise<string> {
  const summary = healthSummary(await gatherHealth(client, { listAgents: () => undefined, sampleMs: 0, skipWorktrees: true }));
  // Written only when it changed: tmux redraws every client after any set-option.
  const stored = (await client.run(['show-option', '-gqv', STATE_OPTIONS.health])).replace(/\n$/, '');
  if (stored !== summary) {
    await client.run(summary === '' ? ['set-option', '-gu', STATE_OPTIONS.health] : ['set-option', '-g', STATE_OPTIONS.health, summary]);
  }
  return summary;
}

// After a command changed the set of workspaces (kill, cleanup) or looked at them (health):
// the summary brought up to date now rather than at the next autosave tick. Best effort:
// the command has done its job, and a server gone meanwhile has no status line to update.
export async function refreshHealthStatus(client: TmuxClient): Promise<void> {
  try {
    await updateHealthStatus(client);
  } catch {
    // the next event or autosave tick tries again
  }
}
