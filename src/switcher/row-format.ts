// The switcher's rows as tmux formats. tmux itself works out each session's agent marks,
// details and age, so the shell can paint the first frame from one tmux call before Node
// starts (scripts/popup-frame.sh, constants generated into dist/options.sh). Node reads raw
// fields (SESSION_FIELDS, cheaper for tmux on every refresh) and works out the same marks,
// order and details with the functions below: both frames show the same rows in the same
// order and columns.
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { STATE_OPTIONS, USER_OPTIONS } from '../options/definitions.ts';
import { optionOr } from '../status/format.ts';
import type { AgentState } from './types.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';

// Agent states, most urgent first: marks are listed, and coloured, in this order.
export const URGENCY: readonly AgentState[] = ['waiting', 'error', 'working', 'idle'];

// The glyph for each state: waiting and working follow the status line's options.
const GLYPH: Record<AgentState, string> = {
  waiting: optionOr(USER_OPTIONS.glyphWaiting),
  error: '✗',
  working: optionOr(USER_OPTIONS.glyphWorking),
  idle: '○',
};

// SGR colour of the glyph column, by the most urgent state; 39 is the default colour.
export const STATE_COLOUR: Record<AgentState, string> = { waiting: '33', error: '31', working: '32', idle: '39' };

// One `x` per pane of the session in that state (n: counts them; empty is false).
const panesIn = (state: AgentState) => `#{W:#{P:#{?#{==:#{${PANE_OPTIONS.state}},${state}},x,}}}`;
const glyphsOf = (state: AgentState) => `#{W:#{P:#{?#{==:#{${PANE_OPTIONS.state}},${state}},${GLYPH[state]},}}}`;

const MARKS = URGENCY.map(glyphsOf).join('');
// Any pane of the session with an agent state, in one loop over its panes. Each per-state
// loop costs a format per pane (1,000 panes: ~50 ms of tmux for the eight of them), so they
// run only for the sessions this says have agents; the others are answered at once.
const HAS_AGENTS = `#{W:#{P:#{${PANE_OPTIONS.state}}}}`;
const ifAgents = (format: string, otherwise: string) => `#{?${HAS_AGENTS},${format},${otherwise}}`;
const IS_WORKSPACE = `#{m:${optionOr(USER_OPTIONS.prefix)}*,#{session_name}}`;

// Seconds since the session's last activity, then as formatAge writes it ("5m", "3h").
const SECONDS = `#{e|-:#{T:${STATE_OPTIONS.now}},#{session_activity}}`;
const AGE =
  `#{?${STATE_OPTIONS.now},#{?#{e|<:${SECONDS},60},${SECONDS}s,#{?#{e|<:${SECONDS},3600},#{e|/:${SECONDS},60}m,` +
  `#{?#{e|<:${SECONDS},172800},#{e|/:${SECONDS},3600}h,#{e|/:${SECONDS},86400}d}}},}`;

// "main · 3 win* · 5m": branch (when known), windows (* when a client is attached), age.
// Windows are "win", never a bare "w" that would read as weeks next to the age.
export const INFO_FORMAT = `#{?#{${STATE_OPTIONS.branch}},#{${STATE_OPTIONS.branch}} · ,}#{session_windows} win#{?session_attached,*,} · ${AGE}`;

// A session's place in the list, as one digit: 1 for a workspace with a waiting agent, 2 for
// another workspace, 3 for another session. tmux lists the sessions once, by name, and the
// reader keeps them in that order within each group (three filtered listings cost tmux three
// passes over every session's panes).
export const GROUP_FORMAT = `#{?${IS_WORKSPACE},#{?${panesIn('waiting')},1,2},3}`;

// The groups in list order.
export const GROUPS = ['1', '2', '3'] as const;

// What Node reads for each session, raw: tmux prints these for 1,000 sessions in a fifth of
// the time it takes to work out their marks, order and details itself (ages above all: a
// strftime per use), and it answers no key meanwhile. sessionRow in rows.ts derives from them
// the marks (MARKS), the order (GROUP_FORMAT) and the details (INFO_FORMAT) the shell frame
// has tmux draw; test/switcher/rows.test.ts holds the two to the same rows.
export const SESSION_FIELDS = {
  id: '#{session_id}',
  name: '#{session_name}',
  workspace: `#{?${IS_WORKSPACE},1,0}`,
  // One digit per pane with an agent state: the state's place in URGENCY.
  states: ifAgents(`#{W:#{P:${URGENCY.map((state, index) => `#{?#{==:#{${PANE_OPTIONS.state}},${state}},${index},}`).join('')}}}`, ''),
  windows: '#{session_windows}',
  attached: '#{session_attached}',
  activity: '#{session_activity}',
  branch: `#{${STATE_OPTIONS.branch}}`,
  projectDir: `#{${WORKSPACE_OPTIONS.projectDir}}`,
  path: '#{session_path}',
} as const;

// The glyphs that follow options, as tmux resolves them (read once per listing).
export const GLYPH_FIELDS = { waiting: GLYPH.waiting, working: GLYPH.working } as const;

// Agents per state, from a SESSION_FIELDS states field.
export function stateCounts(states: string): Record<AgentState, number> {
  const counts: Record<AgentState, number> = { waiting: 0, error: 0, working: 0, idle: 0 };
  for (const digit of states) {
    const state = URGENCY[Number(digit)];
    if (state !== undefined) counts[state]++;
  }
  return counts;
}

// A session's marks as MARKS has tmux write them: one glyph per agent, most urgent first.
export function marksOf(counts: Readonly<Record<AgentState, number>>, glyphs: Readonly<Record<keyof typeof GLYPH_FIELDS, string>>): string {
  const glyph: Record<AgentState, string> = { ...GLYPH, ...glyphs };
  return URGENCY.map((state) => glyph[state].repeat(counts[state])).join('');
}

// A session's place in the list, as GROUP_FORMAT has tmux work it out.
export function groupOf(workspace: boolean, counts: Readonly<Record<AgentState, number>>): (typeof GROUPS)[number] {
  if (!workspace) return '3';
  return counts.waiting > 0 ? '1' : '2';
}

// Seconds since the last activity as AGE writes them: "42s", "5m", "3h" (under two days), "4d".
export function ageText(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.trunc(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.trunc(seconds / 3600)}h`;
  return `${Math.trunc(seconds / 86400)}d`;
}

// The details INFO_FORMAT has tmux write, from a session's raw fields and the time now (seconds).
export function infoText(session: { readonly branch: string; readonly windows: string; readonly attached: string; readonly activity: string }, now: number): string {
  const branch = tmuxTrue(session.branch) ? `${session.branch} · ` : '';
  return `${branch}${session.windows} win${tmuxTrue(session.attached) ? '*' : ''} · ${ageText(now - Math.trunc(Number(session.activity)))}`;
}

// What #{?value,…} takes for true: anything but '' and '0'.
function tmuxTrue(value: string): boolean {
  return value !== '' && value !== '0';
}

// Column widths for a list of a given width; the shell frame computes the same numbers.
export interface Columns {
  /** Agent marks (4) and a space, or 0 when too narrow. */
  readonly glyphs: number;
  readonly name: number;
  /** Details, right-aligned after a space, or 0 when too narrow. */
  readonly info: number;
}

export const MARKER_WIDTH = 2;
export const MARKS_SHOWN = 4;

export function columnsFor(width: number): Columns {
  const glyphs = width >= 16 ? MARKS_SHOWN + 1 : 0;
  const info = width >= 48 ? Math.min(36, Math.floor((width - 8) / 2)) : 0;
  const name = Math.max(1, width - MARKER_WIDTH - glyphs - (info > 0 ? info + 1 : 0));
  return { glyphs, name, info };
}

// A session row as tmux draws it for the shell frame. Widths are placeholders the shell
// fills in (@NW@ name width, @NC@ = @NW@ - 1, @IW@ info width, @IC@ = @IW@ - 1), the same
// cuts screen.ts makes: a name wider than @NC@ is cut to @NC@ columns and "…", then padded;
// details keep their end. No SGR 0 inside, so a reverse-video selection spans the row.
export function shellRowFormat(layout: 'full' | 'no-info' | 'bare'): string {
  const esc = '\u001b[';
  const colour = URGENCY.reduceRight(
    (otherwise, state) => (state === 'idle' ? `${esc}${STATE_COLOUR.idle}m` : `#{?${panesIn(state)},${esc}${STATE_COLOUR[state]}m,${otherwise}}`),
    '',
  );
  const marks = layout === 'bare' ? '' : `${ifAgents(`${colour}#{p${MARKS_SHOWN}:#{=${MARKS_SHOWN}:${MARKS}}}`, `${esc}${STATE_COLOUR.idle}m#{p${MARKS_SHOWN}:}`)}${esc}39m `;
  const name = '#{p@NW@:#{=/@NC@/…:session_name}}';
  const info = layout === 'full' ? ` ${esc}2m#{p-@IW@:#{=/-@IC@/…:${INFO_FORMAT}}}${esc}22m` : '';
  return `  ${marks}${name}${info}`;
}

// The key legend on the last line, as screen.ts draws it.
export const LEGEND = '↵ switch · ^x kill · ^r rename · ^w waiting · tab preview · esc close';
