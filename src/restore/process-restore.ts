// Which command to type into a restored pane, by tmux-resurrect's @resurrect-processes rules
// (scripts/process_restore_helpers.sh, strategies/*_session.sh, docs/restoring_programs.md).
//
// Deliberate differences from resurrect, each where users would call resurrect's behaviour a bug:
// - MATCH is a literal string, not a bash regex: `~a.out` matches only `a.out`, `c++` is not
//   an invalid regex. Lists are written as program names, so this is what users mean.
// - The list is split like shell words but never evaluated (resurrect runs `eval set`):
//   no `$VAR`, globs or `~` expansion, and an unquoted `a->b` is not a redirection.
// - A strategy is chosen by the basename of the first word (`/usr/bin/vim` is vim), and it
//   works on the command that would be typed (the `->` RESTORE when there is one), so its
//   fallback is that command, not the saved one; the session flag is a `-S` word, not any
//   `-S` substring (a file named `my-Stuff` is not a session).
// - `*` with no arguments leaves no trailing space, and a MATCH ending mid-word with nothing
//   after it gives no arguments (resurrect would pass the word's rest).
import type { SavedPane } from '../resurrect/format.ts';
import { shellQuote, shellWord, splitShellWords } from '../util/shell-words.ts';

// resurrect's default_proc_list (scripts/variables.sh), used when @resurrect-default-processes is unset.
export const DEFAULT_PROCESSES = 'vi vim view nvim emacs man less more tail top htop irssi weechat mutt';

// @resurrect-processes values with a meaning of their own.
export const RESTORE_NOTHING = 'false';
export const RESTORE_ALL = ':all:';

// The options process restoring reads, as format fields for one display-message query.
export const PROCESS_SETTING_FIELDS = {
  processes: '#{@resurrect-processes}',
  defaultProcesses: '#{@resurrect-default-processes}',
  vimStrategy: '#{@resurrect-strategy-vim}',
  nvimStrategy: '#{@resurrect-strategy-nvim}',
} as const;

// The expanded values of PROCESS_SETTING_FIELDS, one per key.
export type ProcessSettingValues = Readonly<Record<keyof typeof PROCESS_SETTING_FIELDS, string>>;

// What the user asked to restore, as the raw option values.
export interface ProcessRestoreSettings {
  /** @resurrect-processes ('' when unset): appended to the default list, or `false`, or `:all:`. */
  readonly processes: string;
  /** @resurrect-default-processes; '' or undefined: DEFAULT_PROCESSES. */
  readonly defaultProcesses?: string;
  /** Program name to strategy name, from @resurrect-strategy-<program>, e.g. { vim: 'session' }. */
  readonly strategies: Readonly<Record<string, string>>;
}

// The settings held by the expanded PROCESS_SETTING_FIELDS.
export function processSettingsFromValues(values: ProcessSettingValues): ProcessRestoreSettings {
  const strategies: Record<string, string> = {};
  if (values.vimStrategy !== '') strategies['vim'] = values.vimStrategy;
  if (values.nvimStrategy !== '') strategies['nvim'] = values.nvimStrategy;
  return { processes: values.processes, defaultProcesses: values.defaultProcesses, strategies };
}

// A list split into words, and what was wrong with its quoting.
export interface ProcessList {
  readonly words: readonly string[];
  /** Set when a quote was left open; its rest was then taken literally as the last word. */
  readonly warning?: string;
}

// Split an option value like sh splits words (quotes and backslashes group, nothing expands).
export function parseProcessList(value: string): ProcessList {
  const { words, unterminated } = splitShellWords(value);
  if (unterminated === undefined) return { words };
  return { words, warning: `unterminated ${unterminated.quote} quote in process list: ${unterminated.rest}` };
}


// Why the settings' lists are not quite what the user wrote ([] when they are).
export function processListWarnings(settings: ProcessRestoreSettings): string[] {
  return [settings.defaultProcesses || DEFAULT_PROCESSES, settings.processes]
    .map((list) => parseProcessList(list).warning)
    .filter((warning): warning is string => warning !== undefined);
}

// The default list followed by the user's, one element per word.
function restoreList(settings: ProcessRestoreSettings): readonly string[] {
  const defaults = parseProcessList(settings.defaultProcesses || DEFAULT_PROCESSES).words;
  return [...defaults, ...parseProcessList(settings.processes).words];
}

const INLINE_TOKEN = '->';
const ARGUMENTS_TOKEN = ' *';

// One list element: what it matches and, with `->`, what is typed instead.
interface ProcessRule {
  readonly match: string;
  readonly anywhere: boolean;
  readonly restore: string | undefined;
}

// `MATCH`, `~MATCH`, `MATCH->RESTORE`: MATCH ends at the first `->`, RESTORE starts after the last.
function parseRule(element: string): ProcessRule {
  const first = element.indexOf(INLINE_TOKEN);
  const match = first === -1 ? element : element.slice(0, first);
  const restore = first === -1 ? undefined : element.slice(element.lastIndexOf(INLINE_TOKEN) + INLINE_TOKEN.length);
  const anywhere = match.startsWith('~');
  return { match: anywhere ? match.slice(1) : match, anywhere, restore };
}

// Where the rule's MATCH ends in the full command, or -1 when the rule does not match it.
function matchEnd(rule: ProcessRule, fullCommand: string): number {
  if (rule.anywhere) {
    const at = fullCommand.indexOf(rule.match);
    return at === -1 ? -1 : at + rule.match.length;
  }
  // Without `~`, MATCH must be the whole first word (or words): `less` is not `lesser`.
  if (!fullCommand.startsWith(rule.match)) return -1;
  const next = fullCommand[rule.match.length];
  return next === undefined || next === ' ' || next === '\t' ? rule.match.length : -1;
}

// A saved command line as words, each with where it sits in the text rules match against.
interface SavedWords {
  readonly words: readonly string[];
  /** Offset in the text just after each word. */
  readonly ends: readonly number[];
}

// The saved program's words: its exact arguments when the sidecar kept them (their text joined
// by spaces is the saved line), else the line split at blanks, as tmux-resurrect's own files
// hold only the joined text (an argument holding a space comes back as two).
function savedWords(fullCommand: string, argv: readonly string[] | undefined): SavedWords {
  if (argv !== undefined && argv.length > 0 && joinedMatches(argv, fullCommand)) {
    let end = -1;
    return { words: argv, ends: argv.map((word) => (end += word.length + 1)) };
  }
  const words: string[] = [];
  const ends: number[] = [];
  for (const match of fullCommand.matchAll(/[^ \t]+/g)) {
    words.push(match[0]);
    ends.push(match.index + match[0].length);
  }
  return { words, ends };
}

// The file flattens TAB and newline to spaces; the sidecar's exact line keeps them.
function joinedMatches(argv: readonly string[], fullCommand: string): boolean {
  const joined = argv.join(' ');
  return joined === fullCommand || joined.replace(/[\t\n]/g, ' ') === fullCommand;
}

// A word typed so that the shell passes it on unchanged: as it is when nothing in it is
// special, else single-quoted (zsh expands a leading `=`, so such a word is quoted too).
function typedWord(word: string): string {
  return word.startsWith('=') ? shellQuote(word) : shellWord(word);
}

// What a pane gets typed: `text` is what strategies look at (the saved line, or the user's
// RESTORE), `typed` the keys sent, where every saved argument is quoted.
interface Command {
  readonly text: string;
  readonly typed: string;
}

function savedCommand(fullCommand: string, saved: SavedWords): Command {
  return { text: fullCommand, typed: saved.words.map(typedWord).join(' ') };
}

// RESTORE with ` *` replaced by the saved arguments: the words after the one MATCH ends in.
// RESTORE is the user's own text, typed as written; the arguments are quoted.
function expandRestore(restore: string, fullCommand: string, saved: SavedWords, end: number): Command {
  const at = restore.indexOf(ARGUMENTS_TOKEN);
  if (at === -1) return { text: restore, typed: restore };
  const last = saved.ends.findIndex((wordEnd) => wordEnd >= end);
  const args = last === -1 ? [] : saved.words.slice(last + 1);
  const [before, after] = [restore.slice(0, at), restore.slice(at + ARGUMENTS_TOKEN.length)];
  const join = (words: readonly string[]) => (words.length === 0 ? '' : ` ${words.join(' ')}`);
  return { text: before + join(args) + after, typed: before + join(args.map(typedWord)) + after };
}

// The command the list gives the pane, before strategies; undefined when it is not on the list.
// A matching `->` element beats a plain one (resurrect looks for inline restores first), and
// of several matching `->` elements the last wins, so the user's list overrides the defaults.
function listedCommand(fullCommand: string, saved: SavedWords, settings: ProcessRestoreSettings): Command | undefined {
  let listed = false;
  let inline: Command | undefined;
  for (const element of restoreList(settings)) {
    const rule = parseRule(element);
    const end = matchEnd(rule, fullCommand);
    if (end === -1) continue;
    listed = true;
    const restore = rule.restore === undefined ? undefined : expandRestore(rule.restore, fullCommand, saved, end);
    // An empty RESTORE counts as a plain match, as resurrect's `[ -n "$inline_strategy" ]` does.
    if (restore !== undefined && restore.typed.trim() !== '') inline = restore;
  }
  return inline ?? (listed ? savedCommand(fullCommand, saved) : undefined);
}

// Whether a path exists; injected so that deciding stays pure.
export type FileExists = (path: string) => boolean;

// What to type instead of `command` for a pane saved in `dir`.
type Strategy = (command: Command, dir: string, fileExists: FileExists) => Command;

// vim/nvim `session`: reopen the folder's Session.vim, else drop a `-S` that would now fail.
function sessionStrategy(program: string): Strategy {
  return (command, dir, fileExists) => {
    if (fileExists(`${dir.replace(/\/+$/, '')}/Session.vim`)) return { text: `${program} -S`, typed: `${program} -S` };
    if (command.text.split(/[ \t]+/).slice(1).includes('-S')) return { text: program, typed: program };
    return command;
  };
}

// Strategies by `<program>_<strategy>`, as resurrect names its strategies/ files: adding one adds an entry.
const STRATEGIES: Readonly<Record<string, Strategy>> = {
  vim_session: sessionStrategy('vim'),
  nvim_session: sessionStrategy('nvim'),
};

// The program a command runs: its first word's basename.
function programOf(command: string): string {
  const first = command.trimStart().split(/[ \t]/, 1)[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

// `command` after the strategy the user chose for its program, if that strategy exists.
function applyStrategy(command: Command, dir: string, settings: ProcessRestoreSettings, fileExists: FileExists): Command {
  const program = programOf(command.text);
  const name = Object.hasOwn(settings.strategies, program) ? settings.strategies[program] : undefined;
  const key = `${program}_${name}`;
  const strategy = name !== undefined && Object.hasOwn(STRATEGIES, key) ? STRATEGIES[key] : undefined;
  return strategy ? strategy(command, dir, fileExists) : command;
}

// The keys to type into a restored pane, or undefined to leave it at its shell prompt. The
// saved program and any saved arguments a `->` RESTORE carries (` *`) are typed one quoted
// word each, so that `;`, `$(…)`, backticks, `|` or `>` in them are never run by the shell;
// `argv` is the program's exact arguments when the save kept them (see savedWords).
export function commandToRestore(
  pane: Pick<SavedPane, 'fullCommand' | 'path'>,
  settings: ProcessRestoreSettings,
  fileExists: FileExists,
  argv?: readonly string[],
): string | undefined {
  const processes = settings.processes.trim();
  if (pane.fullCommand.trim() === '' || processes === RESTORE_NOTHING) return undefined;
  const saved = savedWords(pane.fullCommand, argv);
  // `:all:` still lets the list's `->` elements rewrite what they match, as in resurrect.
  const listed = listedCommand(pane.fullCommand, saved, settings);
  const command = processes === RESTORE_ALL ? (listed ?? savedCommand(pane.fullCommand, saved)) : listed;
  if (command === undefined) return undefined;
  return applyStrategy(command, pane.path, settings, fileExists).typed;
}
