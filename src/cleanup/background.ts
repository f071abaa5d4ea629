// Cleanup nobody asked for: run by the autosave tick when @claude-sessions-cleanup-after is
// set; it never prints (tmux would show it in a pane) and never forces.
import { UserError } from '../util/errors.ts';
import type { TmuxClient } from '../tmux/index.ts';
import { cleanupLines } from './report.ts';
import { cleanupWorkspaces } from './run.ts';
import { parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { notADuration } from '../util/duration.ts';

// Clean up workspaces idle for the option's duration; the lines worth logging (what was
// killed, failures, workspaces spared at the last moment, a bad setting; nothing when
// everything was simply kept).
export async function cleanupInBackground(client: TmuxClient, setting: string): Promise<string[]> {
  const olderThan = parseOption(USER_OPTIONS.cleanupAfter, setting);
  if (olderThan === undefined) return [`cleanup skipped: ${notADuration(USER_OPTIONS.cleanupAfter, setting)}`];
  const result = await cleanupWorkspaces(client, { olderThan, by: 'activity' });
  const worthSaying = result.kept.filter((entry) => entry.reasons.includes('failed') || entry.spared);
  if (result.killed.length === 0 && worthSaying.length === 0) return [];
  return cleanupLines({ ...result, kept: worthSaying }).map((line) => `cleanup: ${line}`);
}
