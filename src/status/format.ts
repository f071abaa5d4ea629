// The status-line token and the pure tmux format it becomes (no #(...), so no process
// runs per status redraw).
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { optionDefault, STATE_OPTIONS, type OptionName, USER_OPTIONS } from '../options/definitions.ts';

export const STATUS_TOKEN = '#{claude_sessions_status}';

// The options that give the waiting and working counts their look.
const STATE_LOOK = {
  waiting: { glyph: USER_OPTIONS.glyphWaiting, style: USER_OPTIONS.styleWaiting },
  working: { glyph: USER_OPTIONS.glyphWorking, style: USER_OPTIONS.styleWorking },
} as const;

// "✻ N" when N workspace sessions exist, then how many Claude agents wait for you (in the
// waiting style) and work, nothing for zero. tmux counts them itself at each redraw: S:, W:
// and P: loop over sessions, windows and panes, m: matches the live prefix option, n:
// measures the marks; the pane option @claude-state is what the hook shim sets. Glyphs and
// styles are read live from their options.
export function statusFormat(): string {
  const prefix = optionOr(USER_OPTIONS.prefix);
  const workspaces = `#{S:#{?#{m:${prefix}*,#{session_name}},x,}}`;
  const agents = (state: string) => `#{S:#{W:${onceAcrossSessions(`#{P:#{?#{==:#{${PANE_OPTIONS.state}},${state}},x,}}`)}}}`;
  const count = (state: 'waiting' | 'working') => {
    const marks = agents(state);
    const style = optionOr(STATE_LOOK[state].style);
    return `#{?${marks}, #[${style}]${optionOr(STATE_LOOK[state].glyph)}#{n:${marks}}#[default],}`;
  };
  return `#{?${workspaces},✻ #{n:${workspaces}},}${count('waiting')}${count('working')}`;
}

// FORMAT (a window's, inside #{S:#{W:…}}) for one of the sessions a window is in only: a
// window linked into several (link-window, a session group) is looped over in each, and its
// agents would count twice. The first of window_linked_sessions_list counts it; names are
// compared up to their first comma (the list's separator), so a comma in a name never drops it.
export function onceAcrossSessions(format: string): string {
  const upToComma = (name: string) => `#{s/,.*//:${name}}`;
  const first = `#{==:${upToComma('window_linked_sessions_list')},${upToComma('session_name')}}`;
  return `#{?#{e|>:#{window_linked_sessions},1},#{?${first},${format},},${format}}`;
}

// Appended to window-status-format and window-status-current-format when
// @claude-sessions-window-marker is on: the waiting glyph (waiting style) when an agent in
// one of this window's panes waits, else the working glyph (working style) when one works.
// P: loops over the panes of the window being drawn, so nothing runs per redraw.
export function windowMarkerFormat(): string {
  const marks = (state: string) => `#{P:#{?#{==:#{${PANE_OPTIONS.state}},${state}},x,}}`;
  const marker = (state: 'waiting' | 'working') =>
    ` #[${optionOr(STATE_LOOK[state].style)}]${optionOr(STATE_LOOK[state].glyph)}#[default]`;
  return `#{?${marks('waiting')},${marker('waiting')},#{?${marks('working')},${marker('working')},}}`;
}

// The live value of an option, else its default (commas escaped for a #{?…} branch).
export function optionOr(name: OptionName): string {
  return `#{?${name},#{${name}},${optionDefault(name).replaceAll(',', '#,')}}`;
}

// The token for when the last save ran, and the format it becomes: the time the save
// command wrote into an option (e.g. "14:05"), so the status line runs nothing.
export const LAST_SAVE_TOKEN = '#{claude_sessions_last_save}';

export function lastSaveFormat(): string {
  return `#{${STATE_OPTIONS.lastSave}}`;
}

// The token for workspace health, and the format it becomes: the summary that
// `health --update-status` wrote into an option (e.g. "⚠ 2"; empty when all is well), in
// the health style, so the status line runs nothing.
export const HEALTH_TOKEN = '#{claude_sessions_health}';

// The stored summary in @claude-sessions-style-health (read live), nothing when it is empty.
export function healthFormat(): string {
  const summary = `#{${STATE_OPTIONS.health}}`;
  return `#{?${summary},#[${optionOr(USER_OPTIONS.styleHealth)}]${summary}#[default],}`;
}

// The token for the current session's project: its name without the workspace prefix (the
// whole name for other sessions), so a short status-left-length still shows the project.
export const PROJECT_TOKEN = '#{claude_sessions_project}';

// m: checks the live prefix as a glob, s/// strips it as a regex anchored at the start.
export function projectFormat(): string {
  const prefix = optionOr(USER_OPTIONS.prefix);
  return `#{?#{m:${prefix}*,#{session_name}},#{s/^${prefix}//:session_name},#{session_name}}`;
}
