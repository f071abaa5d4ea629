// The status-line token and the pure tmux format it becomes (no #(...), so no process
// runs per status redraw).
import { optionDefault, STATE_OPTIONS } from '../options/definitions.ts';

export const STATUS_TOKEN = '#{claude_sessions_status}';

// "✻ N" when N workspace sessions exist, nothing otherwise. tmux counts them itself: S:
// loops over sessions, m: matches the live prefix option, n: measures the marks.
export function statusFormat(): string {
  const prefix = `#{?@claude-sessions-prefix,#{@claude-sessions-prefix},${optionDefault('@claude-sessions-prefix')}}`;
  const marks = `#{S:#{?#{m:${prefix}*,#{session_name}},x,}}`;
  return `#{?${marks},✻ #{n:${marks}},}`;
}

// The token for when the last save ran, and the format it becomes: the time the save
// command wrote into an option (e.g. "14:05"), so the status line runs nothing.
export const LAST_SAVE_TOKEN = '#{claude_sessions_last_save}';

export function lastSaveFormat(): string {
  return `#{${STATE_OPTIONS.lastSave}}`;
}
