// The health summary in a global option, which #{claude_sessions_health} shows: the CLI
// computes it (from hooks and the autosave timer), the status line only reads it.
import { STATE_OPTIONS } from '../options/definitions.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { healthSummary, type HealthReport } from './checks.ts';
import { gatherHealthAndStatus, type GatheredHealth } from './gather.ts';

// Recompute the summary and store it (unset when all is well); returns what was stored.
// Cheap on purpose: no `claude agents` call, no CPU sample and no git (the summary needs none).
export async function updateHealthStatus(client: TmuxClient): Promise<string> {
  const { report, storedStatus } = await gatherHealthAndStatus(client, { listAgents: () => undefined, skipUsage: true, skipWorktrees: true });
  return storeHealthStatus(client, report, storedStatus);
}

// Store the summary of a report of every workspace (health without a SESSION has just made
// one: no need to gather again); returns what was stored. `stored`: what the server holds.
export async function storeHealthStatus(client: TmuxClient, report: HealthReport, stored: string): Promise<string> {
  const summary = healthSummary(report);
  // Written only when it changed: tmux redraws every client after any set-option.
  if (stored !== summary) {
    await client.run(summary === '' ? ['set-option', '-gu', STATE_OPTIONS.health] : ['set-option', '-g', STATE_OPTIONS.health, summary]);
  }
  return summary;
}

// After a command changed the set of workspaces (kill, cleanup) or looked at them (health):
// the summary brought up to date now rather than at the next autosave tick. Best effort:
// the command has done its job, and a server gone meanwhile has no status line to update.
// `gathered`: a report of every workspace, already made.
export async function refreshHealthStatus(client: TmuxClient, gathered?: GatheredHealth): Promise<void> {
  try {
    await (gathered === undefined ? updateHealthStatus(client) : storeHealthStatus(client, gathered.report, gathered.storedStatus));
  } catch {
    // the next event or autosave tick tries again
  }
}
