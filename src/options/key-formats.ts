// prefix W decided inside the tmux server (tmux >= 3.3): one run-shell -C whose format picks the
// next waiting pane as orderWaiting does and expands to the one tmux command to run, so the key
// starts no process. One loop over the panes writes each waiting pane's order key as a
// fixed-width literal (digits, spaces, its pane id); everything after reads that short text
// alone, never the panes again. tmux rescans a format's whole text for every pane a loop visits,
// so the loop's text is kept a few characters long: a pane with no @claude-state costs one
// lookup (which the entrypoint's global window default of '' ends early), and an agent's pane
// expands a constant format by name (STATE_OPTIONS.agentKey), which expands the waiting key
// (STATE_OPTIONS.waitingKey) when it waits; the key writes both whenever they differ. Formats
// cannot sort, so the smallest key is found by a knock-out: each round compares the keys two by
// two as plain strings and keeps the smaller, halving the list; the rounds run are as many as
// the number of keys needs (KNOCKOUT_TIERS), so one agent waiting costs no round at all, and only
// the keys after the current pane's enter it (all of them when it does not wait or none is). A pane
// listed twice (a window linked into two sessions, a session group) writes the same key twice,
// which changes no comparison: the choice is Node's, and the switch to its pane id is the sh
// path's. Only digits and pane ids that tmux itself produced reach a format or the command;
// everything the format cannot decide exactly as the TypeScript (a since of more than
// EXACT_SINCE_DIGITS digits, more than 2^(the last tier) waiting agents) runs the sh key path it
// replaces, unchanged.
import { PANE_OPTIONS } from './agent.ts';
import { EXACT_SINCE_DIGITS, WAITING_STATE } from './key-paths.ts';
import { STATE_OPTIONS } from './state.ts';

// A format that expands to exactly this text, also as a branch of #{?…} or in a loop.
export function formatText(text: string): string {
  return text.replace(/[#,}]/g, (character) => `#${character}`);
}

// Widest pane id, '%' and its number (tmux's pane numbers are unsigned 32-bit).
const PANE_ID_WIDTH = 11;
// What a waiting pane the format cannot decide writes instead of its key.
const UNDECIDABLE = '!';
// Ends each written key, so a regex finds one without counting its width.
const END = '|';
// The knock-out's rounds, by the number of keys: up to 2^N keys take N rounds (one key, none);
// more than 2^(the last) waiting agents are left to the sh path. Each round nests the format two
// levels deeper: tmux 3.3 stops at 100 (here past about 45 rounds).
export const KNOCKOUT_TIERS = [1, 3, 12] as const;

const since = `#{${PANE_OPTIONS.since}}`;
// Not digits only (SINCE_PATTERN), by fnmatch: no regcomp in each waiting pane.
const unknown = `#{?#{==:${since},},1,#{m:*[!0123456789]*,${since}}}`;
// Digits only: as a number, exact up to EXACT_SINCE_DIGITS digits, which #{e|…} keeps whole.
const largestExact = '9'.repeat(EXACT_SINCE_DIGITS);
// What the hook writes, seconds since the epoch (ten digits from 2001 to 2286, with no leading
// zero), is its own number: it is written as it is, after the spaces that right-align it, with no
// arithmetic. Digits listed, not a range: no locale's collation.
const HOOK_SINCE_DIGITS = 10;
const hookSince = `#{m:[123456789]${'[0123456789]'.repeat(HOOK_SINCE_DIGITS - 1)},${since}}`;
const hookSinceColumn = `0${' '.repeat(EXACT_SINCE_DIGITS - HOOK_SINCE_DIGITS)}${since}`;

// A waiting pane's order as a fixed-width string, compared as strings (a space sorts before any
// digit or '%'): known since first (0), the since's number right-aligned, then the pane id
// right-aligned; an unknown since is 1 and spaces. UNDECIDABLE instead of the since where the
// format leaves the key to the sh path: Node compares a longer since inexactly.
export function waitingKeyFormat(): string {
  const knownSince = `#{?#{e|>:${since},${largestExact}},${UNDECIDABLE},0#{p-${EXACT_SINCE_DIGITS}:#{e|+:${since},0}}}`;
  const anySince = `#{?${unknown},1${' '.repeat(EXACT_SINCE_DIGITS)},${knownSince}}`;
  const sinceColumn = `#{?${hookSince},${hookSinceColumn},${anySince}}`;
  return `${sinceColumn}#{p-${PANE_ID_WIDTH}:pane_id}`;
}
// A written key's width, its END included.
const KEY_WIDTH = 1 + EXACT_SINCE_DIGITS + PANE_ID_WIDTH + END.length;
// One written key in a POSIX ERE.
const ONE_KEY = `([^${END}]*[${END}])`;
// Where prefix W's format puts the current pane's key, and the keys after it (neither is in a key).
const CURRENT_PLACE = '`';
const AFTER_PLACE = '&';

// What STATE_OPTIONS.waitingKey holds: in a waiting pane, its key and END.
export function waitingKeyOptionValue(): string {
  return `${waitingKeyFormat()}${END}`;
}

// What STATE_OPTIONS.agentKey holds: in a waiting pane, its key; in any other, nothing. A pane
// with an agent that does not wait skips only the short name of the waiting key.
export function agentKeyOptionValue(): string {
  return `#{?#{==:#{${PANE_OPTIONS.state}},${WAITING_STATE}},#{E:${STATE_OPTIONS.waitingKey}},}`;
}
const keyOf = `#{E:${STATE_OPTIONS.agentKey}}`;

// The replacement of #{s/…/…/} that makes `format` out of the matched keys (\1, \2). tmux expands
// a replacement once or twice before substituting, so it holds nothing either would change:
// '#{' written #\{ (the substitution drops the backslash), ':' as #{l::}, ',' and '}' escaped.
function replacementMaking(format: string): string {
  return format.replace(/#\{|[:,}]/g, (part) => ({ '#{': '#\\{', ':': '#{l::}', ',': '#,', '}': '#}' })[part]!);
}

// A format expanding `template` with each `place` character in it replaced by the text `value`
// expands to: formats have no variables, so a text read more than once is put in literally, and
// is worked out once. `value` must expand to text with no '#', '\\' or `place` in it (tmux expands
// it a second time, and the substitution reads \N); `template` must hold a '#{' (a subject
// without one is read as an option's name).
function using(place: string, value: string, template: string): string {
  return `#{E:#{s/${place}/${value}/:${formatText(template)}}}`;
}

// What prefix W's format expands to, each a tmux command line: `go` followed by the chosen pane's
// id (a switch-client), noneWaiting (the message when no agent waits), or fallback (the sh path).
export interface NextWaitingCommands {
  readonly go: string;
  readonly noneWaiting: string;
  readonly fallback: string;
}

// The run-shell -C format of prefix W (it reads STATE_OPTIONS.agentKey and waitingKey: nextWaitingKeyCommand runs it with both written).
export function nextWaitingInServer({ go, noneWaiting, fallback }: NextWaitingCommands): string {
  const state = PANE_OPTIONS.state;
  // The only loop over the panes: a pane with no state costs one lookup, an agent's expands the key by name.
  const written = `#{S:#{W:#{P:#{?${state},${keyOf},}}}}`;
  // The current pane's key (the format runs in its context), empty when it is not waiting.
  const currentKey = keyOf;
  // Each written key kept when it sorts after the current pane's (CURRENT_PLACE), the others
  // dropped: the keys the order reaches before it cycles.
  const keepAfter = replacementMaking(`#{?#{>:\\1,${CURRENT_PLACE}},\\1,}`);
  const afterCurrent = `#{E:#{s/${ONE_KEY}/${keepAfter}/:#{l:~}}}`;
  // The keys the smallest is chosen from: every key when the current pane does not wait (the
  // order from its start), else those after it, or every key when none is (the order cycles).
  const fromCurrent = using(CURRENT_PLACE, currentKey, `#{?#{==:${CURRENT_PLACE},},~,${using(AFTER_PLACE, afterCurrent, `#{?#{==:${AFTER_PLACE},},~,${AFTER_PLACE}}`)}}`);
  // (#{l:}: a subject with no '#{' in it would be read as an option's name.)
  const candidates = using('~', written, `#{?#{m:*${UNDECIDABLE}*,~},${UNDECIDABLE},${fromCurrent}}`);
  // Each round keeps the smaller of each two neighbours (a last one alone stays).
  const keepSmaller = replacementMaking('#{?#{<:\\1,\\2},\\1,\\2}');
  const rounds = (count: number) => {
    let smallest = '#{l:~}';
    for (let round = 0; round < count; round++) smallest = `#{E:#{s/${ONE_KEY}${ONE_KEY}/${keepSmaller}/:${smallest}}}`;
    return smallest;
  };
  // As many rounds as the number of keys needs: the rounds of the other tiers are skipped unread.
  const length = '#{n:#{l:~}}';
  const tiers = KNOCKOUT_TIERS.reduceRight((rest, count, index) => {
    return index === KNOCKOUT_TIERS.length - 1 ? rounds(count) : `#{?#{e|<=:${length},${KEY_WIDTH * 2 ** count}},${rounds(count)},${rest}}`;
  }, '');
  const smallest = using('~', candidates, `#{?#{e|<=:${length},${KEY_WIDTH}},~,${tiers}}`);
  // The pane id after the since column; anything but one key left is no pane id (the sh path).
  const paneOf = `#{s/^[01][ 0-9]*(%[0-9]+)[${END}]$/\\1/:${smallest}}`;
  if ([go, fallback, noneWaiting].some((part) => part.includes('~'))) throw new Error('a key part holds ~');
  return using('~', paneOf, `#{?#{m/r:^%[0-9]+$,~},${formatText(go)} ~,#{?#{==:~,},${formatText(noneWaiting)},${formatText(fallback)}}}`);
}

// The tmux command list prefix W is bound to: write STATE_OPTIONS.waitingKey and agentKey when
// either differs from the key's formats (a new server, an upgrade, a user's unset), then run the
// in-server format.
export function nextWaitingKeyCommand(commands: NextWaitingCommands): string[] {
  const written: [string, string][] = [
    [STATE_OPTIONS.waitingKey, waitingKeyOptionValue()],
    [STATE_OPTIONS.agentKey, agentKeyOptionValue()],
  ];
  const differs = written.map(([name, value]) => `#{!=:#{${name}},${formatText(value)}}`).reduce((either, one) => `#{||:${either},${one}}`);
  return [
    'if-shell', '-F', differs, written.map(([name, value]) => `set-option -s ${name} ${commandLine([value])}`).join(' ; '),
    ';', 'run-shell', '-C', nextWaitingInServer(commands),
  ];
}

// The first tmux whose formats the in-server keys need: 3.2 stops expanding formats nested ten
// deep (FORMAT_LOOP_LIMIT, raised in 3.3); older ones keep the sh key path.
export const IN_SERVER_KEYS_SINCE = [3, 3] as const;

// A tmux command line of these words, each in single quotes (the words are ours: none holds one).
export function commandLine(words: readonly string[]): string {
  if (words.some((word) => word.includes("'"))) throw new Error(`a key command word holds a quote: ${words.join(' ')}`);
  return words.map((word) => `'${word}'`).join(' ');
}

// What prefix N's in-server format needs: the options it reads (names), their defaults, and what it runs.
export interface NewWorkspaceInServer {
  readonly typed: string;
  readonly prefix: string;
  readonly prefixDefault: string;
  readonly projectsDir: string;
  readonly projectsDirDefault: string;
  /** The command the session target ('=NAME:') is appended to: switch-client -t. */
  readonly go: string;
  /** The tmux command line to run for everything the format does not decide (the sh path). */
  readonly fallback: string;
}

// Characters the format passes on itself (in a session target and a path it compares): what
// tmuxSafeName keeps unchanged but '.', which it (and the format) turns into '_'. No ':', which
// separates several projects folders (PROJECTS_DIR_SEPARATOR): those are left to the sh path.
const NAME_CHARACTERS = 'A-Za-z0-9_.+-';
const PATH_CHARACTERS = 'A-Za-z0-9_.+/-';
const NAME_PLACE = '`';
const FOLDER_PLACE = '~';

// The run-shell -C format of prefix N (after its prompt stored the typed text): it switches to
// the project's workspace when it is sure findProject and sessionNameFor would name that session
// and the session is open, and runs fallback otherwise. Sure means: the text is a plain name
// (letters, digits, _ . + -, not '.' or '..'), the prefix is plain too, there is one projects
// folder (absolute or under ~, plain characters), and a pane of that session has the project's
// folder, FOLDER/NAME, as its current folder: tmux reads that from the kernel, so the folder exists
// now and is its own real path, which makes findProject's answer FOLDER/NAME and its name NAME.
export function newWorkspaceInServer(keys: NewWorkspaceInServer): string {
  const valueOr = (name: string, fallback: string) => `#{?#{==:#{${name}},},${fallback},#{${name}}}`;
  const typed = `#{${keys.typed}}`;
  const prefix = valueOr(keys.prefix, keys.prefixDefault);
  const projects = valueOr(keys.projectsDir, keys.projectsDirDefault);
  const plainName = `#{&&:#{m/r:^[${NAME_CHARACTERS}]+$,${typed}},#{?#{m/r:^[.][.]?$,${typed}},0,1}}`;
  const plainPrefix = `#{m/r:^[${NAME_CHARACTERS}]*$,${prefix}}`;
  const plainFolder = `#{m/r:^(~|~/[${PATH_CHARACTERS}]*|/[${PATH_CHARACTERS}]*)$,${projects}}`;
  const plainHome = `#{?#{m/r:^~,${projects}},#{m/r:^/[${PATH_CHARACTERS}]*$,#{HOME}},1}`;
  const sure = `#{&&:#{&&:${plainName},${plainPrefix}},#{&&:${plainFolder},${plainHome}}}`;
  const session = `#{s/[.]/_/:${prefix}}#{s/[.]/_/:${typed}}`;
  const folder = `#{?#{m/r:^~,${projects}},#{HOME}#{s/^~//:${projects}},${projects}}/${typed}`;
  const inFolder = `#{S:#{?#{==:#{session_name},${NAME_PLACE}},#{W:#{P:#{?#{==:#{pane_current_path},${FOLDER_PLACE}},1,}}},}}`;
  // '|' delimits the substitutions: the folder holds '/'.
  const open = `#{E:#{s|${FOLDER_PLACE}|${folder}|:#{s|${NAME_PLACE}|${session}|:${formatText(inFolder)}}}}`;
  const go = `${keys.go} '=${session}:'`;
  return `#{?${sure},#{?${open},${go},${formatText(keys.fallback)}},${formatText(keys.fallback)}}`;
}

// A run-shell argument written inside a tmux "…" string (a command-prompt template): \, " and $ escaped.
export function inDoubleQuotes(text: string): string {
  if (/%[%0-9]/.test(text)) throw new Error('a prompt command holds a % that command-prompt would replace');
  return text.replace(/[\\"$]/g, (character) => `\\${character}`);
}
