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
// waiting style) and work, nothing for zero. tmux counts them itself at each redraw, in one
// pass: S:, W: and P: loop over sessions, windows and panes once, writing a mark per session
// (s1 when m: matches the live prefix option, else s0) and per agent pane (10- waiting, 01-
// working, 00- else, from the pane option @claude-state the hook shim sets); s/// then copies
// the marks (back-references) into the format that counts and shows them, which E: expands,
// reading glyphs and styles live from their options. Marks are ours only: no option's value
// ever passes through a regex. Every #{?…} tests a name (a #{?#{…},…} would first look its
// whole text up as an option, in six option tables, at each session, window or pane). tmux >= 3.3
// (statusFormatBefore33 is for 3.2).
export function statusFormat(): string {
  const state = `#{${PANE_OPTIONS.state}}`;
  const paneMark = `#{?${PANE_OPTIONS.state},#{==:${state},waiting}#{==:${state},working}-,}`;
  const panes = `#{P:${paneMark}}`;
  const once = `#{?${firstLinkedSession()},${panes},}`;
  // A session group's windows are all in several sessions; a linked window is in several too.
  const windows = `#{?session_grouped,#{W:${once}},#{W:#{?window_linked,${once},${panes}}}}`;
  const loop = (prefix: string) => `#{S:s#{m:${prefix}*,#{session_name}}${windows}}`;
  // The prefix option looked up once, not at each session, when it is unset.
  const prefix = USER_OPTIONS.prefix;
  const marks = `#{?${prefix},${loop(`#{${prefix}}`)},${loop(optionDefault(prefix).replaceAll(',', '#,'))}}`;
  // What shows the marks (MARKS stands for them): each part only when its mark is there.
  const count = (mark: string) => `#{n;s/${mark}/x/;s/[^x]//;l:${MARKS}}`;
  const shown = (mark: string, text: string) => `#{?#{m:*${mark}*,${MARKS}},${text},}`;
  const agents = (state: 'waiting' | 'working') =>
    shown(MARK[state], ` #[${optionOr(STATE_LOOK[state].style)}]${optionOr(STATE_LOOK[state].glyph)}${count(MARK[state])}#[default]`);
  const show = `${shown(MARK.workspace, `✻ ${count(MARK.workspace)}`)}${agents('waiting')}${agents('working')}`;
  return withMarks(marks, show);
}

// The marks of a workspace session, a waiting agent and a working agent in the status loop's
// text (its only characters are s, 0, 1 and -): a pane's mark ends in -, so the two digits
// before a - are always one pane's.
const MARK = { workspace: 's1', waiting: '10-', working: '01-' } as const;
const MARK_LETTERS = 's01-';
// Where the marks go in the format that shows them.
const MARKS = '@MARKS@';
// Separates the marks and the parts of that format in the text s/// rearranges.
const PART = '`';

// #{E:…} of SHOW with MARKS replaced by what the format MARKS writes (MARK_LETTERS only),
// MARKS expanded once. The loop's text and SHOW's parts (each escaped so that the one expansion
// of s///'s subject gives it back as written) are joined by PART; s/// puts the marks between
// the parts by back-references (\1 the marks, \2… the parts: up to nine groups).
function withMarks(marks: string, show: string): string {
  const parts = show.split(MARKS);
  if (parts.length > 8) throw new Error(`a status format uses the marks ${parts.length - 1} times (at most 7)`);
  if (parts.some((part) => part.includes(PART))) throw new Error(`a status format part holds ${PART}`);
  const letters = `[${MARK_LETTERS}]*`;
  const pattern = `^(${letters})${parts.map(() => `${PART}([^${PART}]*)`).join('')}$`;
  const replacement = parts.map((_, index) => `\\${index + 2}`).join('\\1');
  return `#{E:#{s/${pattern}/${replacement}/:${marks}${parts.map((part) => PART + escapeOnce(part)).join('')}}}`;
}

// FORMAT written so that one expansion by tmux gives it back as it is: #{ and #, doubled up
// to ##{ and ###,, } as #} (which also keeps tmux's brace counting right); #[ is left alone.
export function escapeOnce(format: string): string {
  return format.replace(/#\{|#,|#\[|#|\}/g, (found) => {
    if (found === '#{') return '##{';
    if (found === '#,') return '###,';
    if (found === '#[') return '#[';
    if (found === '}') return '#}';
    throw new Error(`escapeOnce: a lone # in ${format}`);
  });
}

// The session a linked window counts in: the first of window_linked_sessions_list, names
// compared up to their first comma (the list's separator), so a comma in a name never drops it.
function firstLinkedSession(): string {
  const upToComma = (name: string) => `#{s/,.*//:${name}}`;
  return `#{==:${upToComma('window_linked_sessions_list')},${upToComma('session_name')}}`;
}

// statusFormat for tmux 3.2, which stops expanding formats nested ten deep: each count loops
// in #{?…} and again in #{n:…}, so it costs about three times as much at a thousand panes.
export function statusFormatBefore33(): string {
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
  return `#{?#{==:#{window_linked_sessions},1},${format},#{?${firstLinkedSession()},${format},}}`;
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
