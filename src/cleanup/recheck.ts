// Cleanup's last look at a workspace, made by tmux in the same call as the kill: nobody has
// attached, nothing happened in it since it was checked, and no agent in any pane of any of
// its windows is working or waiting. What changed is read back when it is spared.
import type { KillGuard } from '../save/kill-workspace.ts';
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import type { KeepReason } from './plan.ts';

// The session's activity and each window's, as one string: equal strings, nothing happened.
export const ACTIVITY_MARK = '#{session_activity}:#{W:#{window_activity} ,#{window_activity} }';

// A loop over every pane of every window of the session (the second part of each loop is
// for the current window and the active pane, which would be skipped otherwise).
function everyPane(format: string): string {
  const panes = `#{P:${format},${format}}`;
  return `#{W:${panes},${panes}}`;
}

const STATE = `#{${PANE_OPTIONS.state}}`;
const BUSY = `#{?#{||:#{==:${STATE},working},#{==:${STATE},waiting}},1,}`;

// The guard for a workspace whose activity read `activityMark` when cleanup decided it may go.
export function cleanupGuard(activityMark: string): KillGuard {
  if (!/^[\d: ]*$/.test(activityMark)) throw new Error(`not an activity mark: ${JSON.stringify(activityMark)}`);
  const unattached = '#{==:#{session_attached},0}';
  const untouched = `#{==:${ACTIVITY_MARK},${activityMark}}`;
  const agentsIdle = `#{==:${everyPane(BUSY)},}`;
  return {
    condition: `#{&&:${unattached},#{&&:${untouched},${agentsIdle}}}`,
    explain: `#{session_attached}\t${everyPane(`${STATE} `)}`,
  };
}

// Why tmux held the kill back, from the guard's `explain` as it expanded.
export function heldBackReasons(explained: string): KeepReason[] {
  const [attached = '0', states = ''] = explained.split('\t');
  const reasons: KeepReason[] = [];
  if (Number(attached) > 0) reasons.push('attached');
  const agents = new Set(states.split(' '));
  if (agents.has('working')) reasons.push('agent working');
  if (agents.has('waiting')) reasons.push('agent waiting');
  // Attaching or an agent's work is activity too: `active` only when nothing else says more.
  return reasons.length > 0 ? reasons : ['active'];
}
