// prefix W decided inside the tmux server (tmux >= 3.3): one run-shell -C whose format picks the
// next waiting pane as orderWaiting does and expands to the one tmux command to run, so the key
// starts no process. Formats cannot sort, so the format is expanded in stages within that one
// expansion (a consistent snapshot: nothing runs in between): a loop writes each waiting pane's
// key as literal digits into the text of a second loop, which #{E:} then evaluates; in it a pane
// is the one to go to when no written key beats its own. Only digits and pane ids that tmux
// itself produced reach a format or the command; everything the format cannot decide exactly as
// the TypeScript (a since of more than EXACT_SINCE_DIGITS digits, a pane listed twice through a
// linked window or a session group) runs the sh key path it replaces, unchanged.
import { PANE_OPTIONS } from './agent.ts';
import { EXACT_SINCE_DIGITS, SINCE_PATTERN, WAITING_STATE } from './key-paths.ts';

// A format that expands to exactly this text, also as a branch of #{?…} or in a loop.
export function formatText(text: string): string {
  return text.replace(/[#,}]/g, (character) => `#${character}`);
}

// Widest pane id, '%' and its number (tmux's pane numbers are unsigned 32-bit).
const PANE_ID_WIDTH = 11;
// What stands for the current pane's key in the written text, and for the candidate's key in
// each comparison: characters no format, option name or pane id holds.
const CURRENT = '~';
const CANDIDATE = '@';
// Separates the parts of the final command's template from the chosen pane in one subject.
const PART = '`';

const since = `#{${PANE_OPTIONS.since}}`;
const known = `#{m/r:${SINCE_PATTERN},${since}}`;
// Digits only (known): as a number, exact up to EXACT_SINCE_DIGITS digits, which #{e|…} keeps whole.
const largestExact = '9'.repeat(EXACT_SINCE_DIGITS);
const tooLong = `#{e|>:${since},${largestExact}}`;
const waiting = `#{==:#{${PANE_OPTIONS.state}},${WAITING_STATE}}`;
// Cases the format leaves to the sh path: Node compares such a since inexactly, and a pane listed
// twice makes "the one after the current pane" depend on list order.
const undecidable = `#{||:#{||:#{window_linked},#{session_grouped}},#{&&:${known},${tooLong}}}`;

// A waiting pane's order as a fixed-width string, compared as strings (a space sorts before any
// digit or '%'): known since first (0), the since's number right-aligned, then the pane id
// right-aligned; an unknown since is 1 and spaces.
export function waitingKeyFormat(): string {
  const sinceColumn = `#{?${known},0#{p-${EXACT_SINCE_DIGITS}:#{e|+:${since},0}},1${' '.repeat(EXACT_SINCE_DIGITS)}}`;
  return `${sinceColumn}#{p-${PANE_ID_WIDTH}:pane_id}`;
}

// The key in the order that starts after the current pane: keys after it first (0), then the rest.
function rotated(key: string): string {
  return `#{?#{>:${key},${CURRENT}},0,1}${key}`;
}

// What prefix W's format expands to, each a tmux command line: `go` followed by the chosen pane's
// id (a switch-client), noneWaiting (the message when no agent waits), or fallback (the sh path).
export interface NextWaitingCommands {
  readonly go: string;
  readonly noneWaiting: string;
  readonly fallback: string;
}

// The run-shell -C format of prefix W.
export function nextWaitingInServer({ go, noneWaiting, fallback }: NextWaitingCommands): string {
  const key = waitingKeyFormat();
  const currentKey = `#{?${waiting},#{?${undecidable},!,${key}},}`;
  const withCurrent = (text: string) => `#{s/${CURRENT}/${currentKey}/:${text}}`;
  // Each waiting pane's rotated key, computed once (the current pane's key put in first) and
  // written into a comparison with the candidate: "1" when it comes first.
  const [before, after] = `#{<:\0,${CANDIDATE}}`.split('\0') as [string, string];
  const writeKeys = `#{S:#{W:#{P:#{?${waiting},#{?${undecidable},,${formatText(formatText(before))}${rotated(key)}${formatText(formatText(after))}},}}}}`;
  const keysWritten = `#{E:${withCurrent(formatText(writeKeys))}}`;
  // The second loop: a waiting pane no written key beats is the one; an undecidable one says "!".
  const choosePrefix = `#{S:#{W:#{P:#{?${waiting},#{?${undecidable},!,#{?#{m:*1*,#{E:#{s/${CANDIDATE}/${rotated(key)}/:`;
  const chooseSuffix = '}}},,#{pane_id}}},}}}}';
  const chosen = `#{E:${withCurrent(`${formatText(choosePrefix)}${keysWritten}${formatText(chooseSuffix)}`)}}`;
  // The command, from the chosen text R ("R" and the pane id, so never empty).
  const decide = [
    '#{?#{m/r:^R%[0-9]+$,',
    `},${go} #{s/^R//:#{?#{==:,},`,
    `,}},#{?#{==:`,
    `,R},${formatText(noneWaiting)},${formatText(fallback)}}}`,
  ];
  if ([go, fallback, noneWaiting].some((part) => part.includes(PART))) throw new Error(`a key part holds ${PART}`);
  const parts = decide.map(formatText).join(PART);
  return `#{E:#{s/^([^${PART}]*)${PART}([^${PART}]*)${PART}([^${PART}]*)${PART}([^${PART}]*)${PART}(.*)$/\\1\\5\\2\\5\\3\\5\\4/:${parts}${PART}R${chosen}}}`;
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
