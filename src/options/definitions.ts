// The one place where claude-sessions' user options are named and given defaults, descriptions
// and parsers (the options the plugin sets itself are in state.ts, agent.ts and workspace.ts).
// scripts/build.mjs generates dist/options.sh (read by claude-sessions.tmux) and the
// README's options table from this list, so the shell and TypeScript sides cannot drift.

import { PEER_OPTIONS } from './peers.ts';
import { byteSize, days, duration, flag, MINUTES, POPUP_SIZE, wholeNumber, type ParsedOption } from './values.ts';
import { STATE_OPTIONS } from './state.ts';

export interface OptionDefinition {
  /** tmux user option name, always `@claude-sessions-…`. */
  readonly name: string;
  /** Shell-side variable stem: dist/options.sh defines CS_OPT_<key> and CS_DEFAULT_<key>. */
  readonly key: string;
  readonly default: string;
  readonly description: string;
  /** The one parser of the value (see values.ts): every user of the option calls it through parseOption. */
  readonly parse?: (value: string, option: ParsedOption) => unknown;
  /** The value's shape as a POSIX ERE, generated into dist/options.sh as CS_PATTERN_<key> for the shell side. */
  readonly pattern?: string;
  /** Another plugin's option (tmux-continuum's) whose value applies while this one is unset. */
  readonly fallback?: string;
}

export const OPTION_PREFIX = '@claude-sessions-';

// Value that turns a key binding option off.
export const KEY_DISABLED = 'none';

// Every user option, in the order of the README's table.
export const OPTIONS = [
  {
    name: '@claude-sessions-prefix',
    key: 'PREFIX',
    default: 'claude-dev-',
    description: 'Prefix of workspace session names: a project `web` lives in session `claude-dev-web`.',
  },
  {
    name: '@claude-sessions-node',
    key: 'NODE',
    default: '',
    description:
      'Path of the node (>= 20) that runs the CLI. Empty: PATH, then nvm, fnm, volta, asdf and Homebrew locations.',
  },
  {
    name: '@claude-sessions-projects-dir',
    key: 'PROJECTS_DIR',
    default: '~/projects',
    description: 'Folders where `switch` and the new-workspace key look for projects by name; several are separated by `:`.',
  },
  {
    name: '@claude-sessions-claude-command',
    key: 'CLAUDE_COMMAND',
    default: 'claude',
    description: 'Command that starts Claude: in panes with the `claude` role, worktree windows, restored and imported agents.',
  },
  {
    name: '@claude-sessions-key-new',
    key: 'KEY_NEW',
    default: 'N',
    description: 'Prefix key that prompts for a project (name or folder) and opens its workspace, creating it on a miss. `none` disables it.',
  },
  {
    name: '@claude-sessions-key-sync',
    key: 'KEY_SYNC',
    default: 'S',
    description:
      'Prefix key that toggles synchronize-panes in the current window and shows "Sync ON/OFF". `none` disables it.',
  },
  {
    name: '@claude-sessions-key-git-status',
    key: 'KEY_GIT_STATUS',
    default: 'g',
    description:
      "Prefix key that runs `git status` in the session's git pane (a pane with the `git` role, idle at a shell prompt), or, in a session without one, shows `git status` of the current pane's repository in a popup (Esc closes it). `none` disables it.",
  },
  {
    name: '@claude-sessions-key-save',
    key: 'KEY_SAVE',
    default: 'C-s',
    description:
      "Prefix key that saves every session (tmux-resurrect's key). Left to tmux-resurrect when it holds the key, unless set here. `none` disables it.",
  },
  {
    name: '@claude-sessions-key-restore',
    key: 'KEY_RESTORE',
    default: 'C-r',
    description:
      "Prefix key that restores the last save (tmux-resurrect's key). Left to tmux-resurrect when it holds the key, unless set here. `none` disables it.",
  },
  {
    name: '@claude-sessions-key-next-waiting',
    key: 'KEY_NEXT_WAITING',
    default: 'W',
    description:
      'Prefix key (default `W`, free in stock tmux) that goes to the next agent waiting for you, in any session, longest-waiting first, cycling. `none` disables it.',
  },
  {
    name: '@claude-sessions-key-worktree',
    key: 'KEY_WORKTREE',
    default: 'T',
    description:
      "Prefix key (default `T`, free in stock tmux; `w` is tmux's choose-tree) that prompts for a name and runs `worktree add` for the current pane's project: a git worktree in `.worktrees/NAME` on branch NAME, with a Claude window in the workspace. `none` disables it.",
  },
  {
    name: '@claude-sessions-key-switch',
    key: 'KEY_SWITCH',
    default: 'C-e',
    description:
      'Prefix key (default `C-e`, free in stock tmux) that opens the switcher popup: every workspace with its agents, other sessions and projects, filtered as you type. Pressing it again (a `C-` key) or Esc closes it. On tmux older than 3.2 it opens a menu instead. `none` disables it.',
  },
  {
    name: '@claude-sessions-popup-width',
    key: 'POPUP_WIDTH',
    default: '80%',
    description: 'Width of the switcher popup: columns, or a percentage of the client.',
    ...POPUP_SIZE,
  },
  {
    name: '@claude-sessions-popup-height',
    key: 'POPUP_HEIGHT',
    default: '70%',
    description: 'Height of the switcher popup: lines, or a percentage of the client.',
    ...POPUP_SIZE,
  },
  {
    name: '@claude-sessions-alert-message',
    key: 'ALERT_MESSAGE',
    default: 'on',
    description:
      '`on`: when an agent in a window you are not looking at starts waiting, show a message naming its session, window and reason. `off` turns it off.',
    parse: flag,
  },
  {
    name: '@claude-sessions-alert-bell',
    key: 'ALERT_BELL',
    default: 'on',
    description:
      "`on`: when an agent in a window you are not looking at starts waiting, ring its window's bell (flagged in the status line, rung per `bell-action`). `off` turns it off.",
    parse: flag,
  },
  {
    name: '@claude-sessions-save-interval',
    key: 'SAVE_INTERVAL',
    default: '15',
    description:
      "Minutes between automatic saves, run by a tmux timer (`run-shell -d`), one per server. `0` turns them off. Unset: tmux-continuum's `@continuum-save-interval` when set; with tmux-continuum loaded these are the only autosaves (see Coming from tmux-resurrect and tmux-continuum).",
    ...MINUTES,
    fallback: PEER_OPTIONS.continuumSaveInterval,
  },
  {
    name: '@claude-sessions-restore',
    key: 'RESTORE',
    default: 'off',
    description:
      "`on`: when a tmux server starts, restore the last save into it (only into a fresh server). Unset: tmux-continuum's `@continuum-restore`; with tmux-continuum loaded the restore happens once, through it.",
    parse: flag,
    fallback: PEER_OPTIONS.continuumRestore,
  },
  {
    name: '@claude-sessions-verify-after-save',
    key: 'VERIFY_AFTER_SAVE',
    default: 'off',
    description:
      '`on`: after each automatic save that wrote a new file, run `claude-sessions verify` on it in the background (a scratch tmux server, removed afterwards; no program is started); `doctor` shows the last result and events.log has each.',
    parse: flag,
  },
  {
    name: '@claude-sessions-capture-pane-contents',
    key: 'CAPTURE_PANE_CONTENTS',
    default: 'off',
    description:
      "`on`: saves keep each pane's contents with history, shown again in the restored pane before its prompt. tmux-resurrect's `@resurrect-capture-pane-contents on` is honoured too.",
    parse: flag,
  },
  {
    name: '@claude-sessions-pane-history',
    key: 'PANE_HISTORY',
    default: 'on',
    description:
      "`on`: each shell (bash, zsh, fish) that a workspace build or a restore starts in a pane keeps its own command history, appended at each prompt and given back to the same pane by a restore. `off`: panes start with the shell's usual history. Replaces tmux-resurrect's `@resurrect-save-shell-history`.",
    parse: flag,
  },
  {
    name: '@claude-sessions-glyph-waiting',
    key: 'GLYPH_WAITING',
    default: '●',
    description: 'Shown in `#{claude_sessions_status}` before the number of agents waiting for you.',
  },
  {
    name: '@claude-sessions-glyph-working',
    key: 'GLYPH_WORKING',
    default: '◐',
    description: 'Shown in `#{claude_sessions_status}` before the number of agents working.',
  },
  {
    name: '@claude-sessions-style-waiting',
    key: 'STYLE_WAITING',
    default: 'fg=yellow,bold',
    description: 'tmux style of the waiting count in `#{claude_sessions_status}`.',
  },
  {
    name: '@claude-sessions-style-working',
    key: 'STYLE_WORKING',
    default: 'fg=cyan',
    description: 'tmux style of the working count in `#{claude_sessions_status}`.',
  },
  {
    name: '@claude-sessions-window-marker',
    key: 'WINDOW_MARKER',
    default: 'off',
    description:
      '`on`: end `window-status-format` and `window-status-current-format` with a marker for the window: the waiting glyph (waiting style) when an agent in one of its panes waits for you, else the working glyph (working style) when one works. `off` (after a reload) takes out exactly what was added.',
    parse: flag,
  },
  {
    name: '@claude-sessions-keep-days',
    key: 'KEEP_DAYS',
    default: '30',
    description: 'Saves older than this many days are deleted, keeping at least the 5 newest.',
    parse: days,
  },
  {
    name: '@claude-sessions-cleanup-after',
    key: 'CLEANUP_AFTER',
    default: '',
    description:
      'A duration (`30m`, `24h`, `7d`, `1d12h`): each automatic save also runs `cleanup --older-than` it, killing workspaces idle that long (saved first; attached ones, busy agents and uncommitted work are kept), logged to events.log. Empty (the default): off.',
    parse: duration,
  },
  {
    name: '@claude-sessions-max-sessions',
    key: 'MAX_SESSIONS',
    default: '10',
    description:
      'Workspace sessions beyond which `health` (and `#{claude_sessions_health}`) warns, and `new` warns as it creates one more: each holds agents using CPU and memory.',
    parse: wholeNumber,
  },
  {
    name: '@claude-sessions-style-health',
    key: 'STYLE_HEALTH',
    default: 'fg=yellow',
    description: 'tmux style of `#{claude_sessions_health}` (e.g. `⚠ 2` when two workspaces have warnings).',
  },
  {
    name: '@claude-sessions-import-max-size',
    key: 'IMPORT_MAX_SIZE',
    default: '1G',
    description:
      'Most a bundle may expand to when `import` unpacks it (all its entries together, so any one entry too): `512M`, `2G` and so on. A bigger one is refused before anything is made; `import --max-size SIZE` raises it for one import.',
    parse: byteSize,
  },
] as const satisfies readonly OptionDefinition[];

export type OptionName = (typeof OPTIONS)[number]['name'];

// PROJECTS_DIR -> projectsDir
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type UserOptionNames = { readonly [O in (typeof OPTIONS)[number] as CamelCase<Lowercase<O['key']>>]: O['name'] };

// The user options' names by their key in camelCase: USER_OPTIONS.projectsDir is '@claude-sessions-projects-dir'.
export const USER_OPTIONS = Object.fromEntries(
  OPTIONS.map((option) => [option.key.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), option.name]),
) as UserOptionNames;

// The default of one option, by name.
export function optionDefault(name: OptionName): string {
  const found = OPTIONS.find((option) => option.name === name);
  if (!found) throw new Error(`unknown option ${name}`);
  return found.default;
}

type ParsedDefinition = Extract<(typeof OPTIONS)[number], { parse: unknown }>;
// Options whose value has a parser of its own.
export type ParsedOptionName = ParsedDefinition['name'];

type ParsedValue<N extends ParsedOptionName> = ReturnType<Extract<ParsedDefinition, { name: N }>['parse']>;

// An option's value (as set, or its effective value) read by the option's own parser.
export function parseOption<N extends ParsedOptionName>(name: N, value: string): ParsedValue<N> {
  const found: OptionDefinition | undefined = OPTIONS.find((option) => option.name === name);
  if (!found?.parse) throw new Error(`option ${name} has no parser`);
  return found.parse(value, found) as ParsedValue<N>;
}

// Options whose value is a key in the prefix table.
export function isKeyOption(name: string): boolean {
  return name.startsWith(`${OPTION_PREFIX}key-`);
}

// The plugin's own options, re-exported so existing importers keep one path (state.ts defines them).
export { STATE_OPTIONS } from './state.ts';

// tmux hooks the entrypoint registers, each calling `claude-sessions event HOOK`.
export const PLUGIN_HOOKS = ['session-created', 'client-detached'] as const;

// tmux hooks the entrypoint registers to count each window's layout changes (see
// resurrect/contents-reuse.ts): tmux sends window-layout-changed for every change but
// rotate-window's (it has no after- hook either), which moves the active pane to another.
export const LAYOUT_HOOKS = ['window-layout-changed', 'window-pane-changed'] as const;

// What each layout hook runs: one more to the count of the window it is about, unless a restore
// runs. Each option write has tmux redraw every client, and a restore's splits change layouts by
// the hundred (+11-21% on a 1,000-pane restore); its end moves the epoch on instead (LAYOUT_EPOCH_NEXT).
export const LAYOUT_HOOK_COMMAND = `if-shell -F '#{${STATE_OPTIONS.restoring}}' '' "set-option -wF ${STATE_OPTIONS.layouts} '#{e|+:#{${STATE_OPTIONS.layouts}},1}'"`;

// The layout epoch's next value (for set-option -gF): no save made before it is reused.
export const LAYOUT_EPOCH_NEXT = `#{e|+:#{${STATE_OPTIONS.layoutEpoch}},1}`;
