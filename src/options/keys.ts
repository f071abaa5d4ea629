// The prefix keys the entrypoint binds (besides the switcher key, which depends on the tmux
// version): generated into dist/options.sh as a table that claude-sessions.tmux loops over.
import { optionDefault, USER_OPTIONS, type OptionName } from './definitions.ts';
import { STATE_OPTIONS } from './state.ts';
import { FROM_PROMPT_OPTION, PANE_OPTION } from './prompt.ts';
import { holdsControlCharacter, KEY_PATH_COMMANDS, KEY_PATHS_SCRIPT, NO_WAITING_MESSAGE, waitingPanesFormat } from './key-paths.ts';
import { commandLine, IN_SERVER_KEYS_SINCE, inDoubleQuotes, newWorkspaceInServer, nextWaitingKeyCommand, type NewWorkspaceInServer, type NextWaitingCommands } from './key-formats.ts';
import { messageCommand } from '../tmux/index.ts';

// One key binding: which option chooses the key, and what the key runs.
export interface KeyBinding {
  /** Name the load remembers the key under (@claude-sessions-bound-keys "action=key"). */
  readonly action: string;
  /** The `@claude-sessions-key-…` option that chooses the key. */
  readonly option: OptionName;
  /** What `list-keys -N` shows for the key. */
  readonly description: string;
  /** Text that list-keys shows in our command however tmux re-quotes it: tells our binding from someone else's. */
  readonly signature: string;
  /** The bind-key command, one argument each (';' separates tmux commands). */
  readonly command: readonly string[];
  /** tmux-resurrect's key too: left to it (unless the option is set) when tmux-resurrect is loaded or installed beside us. */
  readonly resurrectsToo?: true;
  /** On a tmux older than this version ([major, minor]), the command bound instead. */
  readonly olderTmux?: { readonly below: readonly [number, number]; readonly command: readonly string[] };
}

const bin = STATE_OPTIONS.bin;
const prompt = STATE_OPTIONS.prompt;
const worktreePrompt = STATE_OPTIONS.worktreePrompt;
// prefix W and prefix N source scripts/key-paths.sh into run-shell's own sh (no process more than
// the one tmux call); after the folder, each argument starts with a letter, so an empty value is still a word.
const { nextWaiting: KEY_NEXT_WAITING, newWorkspace: KEY_NEW } = KEY_PATH_COMMANDS;
const scriptsDir = `#{d;q:${bin}}`;
const nextWaitingInShell = `set -- ${scriptsDir} ${KEY_NEXT_WAITING} c#{q:client_name} #{pane_id} ${waitingPanesFormat()}; . ${scriptsDir}/${KEY_PATHS_SCRIPT}`;

// What prefix W's in-server format runs: the switch (a pane id target moves the client's session,
// window and pane at once), the no-agent message, or the sh path.
export const NEXT_WAITING_COMMANDS: NextWaitingCommands = {
  go: 'switch-client -t',
  noneWaiting: commandLine(messageCommand(NO_WAITING_MESSAGE)),
  fallback: commandLine(['run-shell', '-b', nextWaitingInShell]),
};
const SYNC_MESSAGE = 'Sync #{?synchronize-panes,ON,OFF}';
// Text with a control character in it (which #{q:} leaves unescaped: a newline would end the
// shell command) never goes through a shell: Node reads it from the prompt's option itself, and
// the worktree key names the pane (%id) rather than its folder. Everything else keeps the quick
// path, where #{q:} is safe.
const newFromNode = `#{q:${bin}} new --display --client #{q:client_name} --${FROM_PROMPT_OPTION}`;
const newInShell = `set -- ${scriptsDir} ${KEY_NEW} c#{q:client_name} p#{q:${USER_OPTIONS.prefix}} d#{q:${USER_OPTIONS.projectsDir}} -- #{q:${prompt}}; . ${scriptsDir}/${KEY_PATHS_SCRIPT}`;
const newUnsafe = holdsControlCharacter([`#{${prompt}}`, `#{${USER_OPTIONS.prefix}}`, `#{${USER_OPTIONS.projectsDir}}`]);
// run-shell expands the #{?…} first and runs only the branch it picks.
const newInSh = `#{?${newUnsafe},${newFromNode},${newInShell}}`;
const NEW_PROMPT = 'claude-sessions project (name or folder):';

// What prefix N's in-server format reads and runs (tmux >= 3.3).
export const NEW_WORKSPACE_IN_SERVER: NewWorkspaceInServer = {
  typed: prompt,
  prefix: USER_OPTIONS.prefix,
  prefixDefault: optionDefault(USER_OPTIONS.prefix),
  projectsDir: USER_OPTIONS.projectsDir,
  projectsDirDefault: optionDefault(USER_OPTIONS.projectsDir),
  go: 'switch-client -t',
  fallback: commandLine(['run-shell', '-b', newInSh]),
};
const worktreeFromNode = `#{q:${bin}} worktree add --display --${PANE_OPTION} #{pane_id} --${FROM_PROMPT_OPTION}`;
const worktreeInShell = `#{q:${bin}} worktree add --display --project #{q:pane_current_path} -- #{q:${worktreePrompt}}`;
const worktreeUnsafe = holdsControlCharacter(['#{pane_current_path}', `#{${worktreePrompt}}`]);

// The keys in the order they are bound.
export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    action: 'new',
    option: USER_OPTIONS.keyNew,
    description: 'claude-sessions: open or create the workspace of a project (name or folder)',
    signature: prompt,
    command: [
      'command-prompt', '-I', '#{pane_current_path}', '-p', NEW_PROMPT,
      // tmux >= 3.3 switches to an open workspace in the server (no process); the rest runs the sh path.
      `set-option -g ${prompt} "%%%" ; run-shell -C "${inDoubleQuotes(newWorkspaceInServer(NEW_WORKSPACE_IN_SERVER))}"`,
    ],
    olderTmux: { below: IN_SERVER_KEYS_SINCE, command: ['command-prompt', '-I', '#{pane_current_path}', '-p', NEW_PROMPT, `set-option -g ${prompt} "%%%" ; run-shell -b "${newInSh}"`] },
  },
  {
    action: 'sync',
    option: USER_OPTIONS.keySync,
    description: 'claude-sessions: toggle synchronize-panes in this window',
    signature: SYNC_MESSAGE,
    command: ['set-window-option', 'synchronize-panes', ';', 'display-message', SYNC_MESSAGE],
  },
  {
    action: 'git-status',
    option: USER_OPTIONS.keyGitStatus,
    description: "claude-sessions: git status in this session's git pane (or a popup)",
    signature: `${bin}} git-status`,
    command: ['run-shell', '-b', `#{q:${bin}} git-status --display --client #{q:client_name} -t #{q:session_id}`],
  },
  {
    action: 'save',
    option: USER_OPTIONS.keySave,
    description: 'claude-sessions: save every session now',
    signature: `${bin}} save`,
    command: ['run-shell', '-b', `#{q:${bin}} save --display`],
    resurrectsToo: true,
  },
  {
    action: 'restore',
    option: USER_OPTIONS.keyRestore,
    description: 'claude-sessions: restore the last save',
    signature: `${bin}} restore`,
    command: ['run-shell', '-b', `#{q:${bin}} restore --display --client #{q:client_name}`],
    resurrectsToo: true,
  },
  {
    action: 'next-waiting',
    option: USER_OPTIONS.keyNextWaiting,
    description: 'claude-sessions: go to the next agent waiting for you',
    // Matches the Node command this key ran before too, so a reload after an upgrade rebinds it.
    signature: 'next-waiting',
    // tmux >= 3.3 decides in the server (no process; the key's format written to its option first
    // when it differs); what it cannot decide runs the sh path.
    command: nextWaitingKeyCommand(NEXT_WAITING_COMMANDS),
    olderTmux: { below: IN_SERVER_KEYS_SINCE, command: ['run-shell', '-b', nextWaitingInShell] },
  },
  {
    action: 'worktree',
    option: USER_OPTIONS.keyWorktree,
    description: "claude-sessions: new git worktree of this pane's project, with a Claude window",
    signature: worktreePrompt,
    command: [
      'command-prompt', '-p', 'worktree name:',
      `set-option -g ${worktreePrompt} "%%%" ; run-shell -b "#{?${worktreeUnsafe},${worktreeFromNode},${worktreeInShell}}"`,
    ],
  },
];

