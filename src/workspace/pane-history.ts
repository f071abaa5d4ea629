// Per-pane command history: each shell a workspace build or a restore starts keeps its own
// history file, named by a random id kept in a pane option (so saves carry it in the sidecar).
// Everything reaches the shell through the environment tmux gives the new pane.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { USER_OPTIONS } from '../options/definitions.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';
import { parseShellEnvironment } from '../resurrect/snapshot-extras.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { stateDir } from '../util/state-dir.ts';
import { TmuxError, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import type { PaneShell } from './sessions.ts';

// The shells whose history a pane can keep; any other shell is left as it is.
export type HistoryShell = 'bash' | 'zsh' | 'fish';

// The pane option holding a pane's history id.
export const HISTORY_ID_OPTION = WORKSPACE_OPTIONS.historyId;

// What giving panes their own history needs to know, read once per build or restore.
export interface PaneHistorySetup {
  readonly shell: HistoryShell;
  /** tmux's global environment: a PROMPT_COMMAND or ZDOTDIR of the user's, kept. */
  readonly globalEnv: Readonly<Record<string, string>>;
  /** Where history files and the zsh start-up wrapper live. */
  readonly dir: string;
}

// Every variable paneHistoryEnvironment may set: none may stay in a session's environment,
// where panes made later by hand would inherit (and share) the first pane's history.
export const HISTORY_VARIABLES = ['HISTFILE', 'PROMPT_COMMAND', 'ZDOTDIR', 'CLAUDE_SESSIONS_HISTFILE', 'CLAUDE_SESSIONS_ZDOTDIR', 'fish_history'] as const;

// The shell a pane starts with no command of its own: default-command's program when one is
// set (tmux runs it through default-shell -c), else default-shell.
export function historyShellOf(defaultShell: string, defaultCommand: string): HistoryShell | undefined {
  const words = defaultCommand.trim().split(/\s+/).filter((word) => word !== '' && word !== 'exec');
  const program = basename(words[0] ?? defaultShell).replace(/^-/, '');
  return program === 'bash' || program === 'zsh' || program === 'fish' ? program : undefined;
}

// A new history id: random, so two panes never share a file and no name reaches a path.
export function newHistoryId(): string {
  return randomBytes(8).toString('hex');
}

// True for an id newHistoryId could have made (a sidecar is read, never trusted into a path).
export function isHistoryId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

// The history file of a bash or zsh pane.
export function historyFile(dir: string, id: string): string {
  return join(dir, 'history', id);
}

// The environment that gives a new pane the history `id`.
export function paneHistoryEnvironment(setup: PaneHistorySetup, id: string): Record<string, string> {
  const file = historyFile(setup.dir, id);
  if (setup.shell === 'fish') return { fish_history: `claude_sessions_${id}` };
  if (setup.shell === 'zsh') {
    return { ZDOTDIR: zshWrapperDir(setup.dir), CLAUDE_SESSIONS_HISTFILE: file, CLAUDE_SESSIONS_ZDOTDIR: setup.globalEnv['ZDOTDIR'] ?? '' };
  }
  // The user's own PROMPT_COMMAND first, so it still sees the last command's $? (bash keeps $? for PS1).
  const own = setup.globalEnv['PROMPT_COMMAND'];
  return { HISTFILE: file, PROMPT_COMMAND: own ? `${own}\nhistory -a` : 'history -a' };
}

// tmux -e flags for a new pane's history.
export function historyEnvFlags(setup: PaneHistorySetup, id: string): string[] {
  return Object.entries(paneHistoryEnvironment(setup, id)).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}

// new-session -e puts variables in the session's environment too: take the history ones out
// again (or back to the session's own value) once its first pane has started.
export function sessionEnvironmentReset(target: string, sessionEnv: Readonly<Record<string, string>>): TmuxCommand[] {
  return HISTORY_VARIABLES.map((name) => {
    const own = sessionEnv[name];
    return own === undefined ? ['set-environment', '-u', '-t', target, name] : ['set-environment', '-t', target, name, own];
  });
}

// Read the shell panes start and tmux's global environment in one tmux call (never starting a
// server: with none, the one the build starts will have this process's environment and $SHELL),
// unless the caller read them already (`known`, from listWorkspaceSessions withPaneShell).
// Undefined when panes start a shell whose history we leave alone.
export async function readPaneHistorySetup(client: TmuxClient, known?: PaneShell): Promise<PaneHistorySetup | undefined> {
  if (known) return historySetupFor(known.defaultShell, known.defaultCommand, parseShellEnvironment(known.globalEnvironment));
  const tag = `claude-sessions-shell-${randomBytes(6).toString('hex')}`;
  let defaultShell = process.env['SHELL'] ?? '';
  let defaultCommand = '';
  let globalEnv: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  try {
    const output = await client.batch([['list-commands', '-F', `${tag}#{default-shell}${tag}#{default-command}${tag}`], ['show-environment', '-g', '-s']], { startServer: false });
    const settings = new RegExp(`^${tag}(.*)${tag}(.*)${tag}$`, 'm').exec(output);
    defaultShell = settings?.[1] ?? defaultShell;
    defaultCommand = settings?.[2] ?? '';
    globalEnv = parseShellEnvironment(output.split('\n').filter((line) => !line.startsWith(tag)).join('\n'));
  } catch (error) {
    if (!(error instanceof TmuxError) || error.kind !== 'no-server') throw error;
  }
  return historySetupFor(defaultShell, defaultCommand, globalEnv);
}

// The setup for panes that start this shell (undefined: one whose history we leave alone).
function historySetupFor(defaultShell: string, defaultCommand: string, globalEnv: Record<string, string>): PaneHistorySetup | undefined {
  const shell = historyShellOf(defaultShell, defaultCommand);
  if (shell === undefined) return undefined;
  const setup = { shell, globalEnv, dir: stateDir() };
  prepareHistoryFolder(setup);
  return setup;
}

// The history folder (private), and for zsh the start-up wrapper, written when it differs.
export function prepareHistoryFolder(setup: PaneHistorySetup): void {
  mkdirSync(join(setup.dir, 'history'), { recursive: true, mode: 0o700 });
  if (setup.shell !== 'zsh') return;
  const wrapper = zshWrapperDir(setup.dir);
  mkdirSync(wrapper, { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(zshWrapperFiles())) {
    const file = join(wrapper, name);
    if (readOr(file) !== text) writeFileAtomic(file, text);
  }
}

function zshWrapperDir(dir: string): string {
  return join(dir, 'zsh');
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// zsh reads its start-up files from $ZDOTDIR: each of ours runs the user's own file from the
// user's ZDOTDIR (else $HOME), then points ZDOTDIR back here for the next; the last one
// gives ZDOTDIR back and sets this pane's history (INC_APPEND_HISTORY: written at each command).
function zshWrapperFiles(): Record<string, string> {
  const header = `# Written by claude-sessions (per-pane history, ${USER_OPTIONS.paneHistory}): runs your own file, then the next.\n`;
  const source = (name: string) =>
    [
      '_cs_wrapper=$ZDOTDIR',
      'ZDOTDIR=${_cs_user_zdotdir:-$HOME}',
      `[[ -r $ZDOTDIR/${name} ]] && builtin source $ZDOTDIR/${name}`,
      '_cs_user_zdotdir=$ZDOTDIR',
      'ZDOTDIR=$_cs_wrapper',
    ].join('\n');
  const finish = [
    'if [[ $_cs_user_zdotdir == "$HOME" && -z ${CLAUDE_SESSIONS_ZDOTDIR-} ]]; then unset ZDOTDIR; else export ZDOTDIR=$_cs_user_zdotdir; fi',
    'unset _cs_wrapper _cs_user_zdotdir CLAUDE_SESSIONS_ZDOTDIR',
  ].join('\n');
  const history = [
    'if [[ -n ${CLAUDE_SESSIONS_HISTFILE-} ]]; then',
    '  HISTFILE=$CLAUDE_SESSIONS_HISTFILE',
    '  (( SAVEHIST > 0 )) || SAVEHIST=10000',
    '  (( HISTSIZE >= SAVEHIST )) || HISTSIZE=$SAVEHIST',
    '  setopt INC_APPEND_HISTORY',
    '  unset CLAUDE_SESSIONS_HISTFILE',
    'fi',
  ].join('\n');
  return {
    '.zshenv': `${header}_cs_user_zdotdir=\${CLAUDE_SESSIONS_ZDOTDIR:-$HOME}\n${source('.zshenv')}\n[[ -o interactive ]] || { ${finish.replace(/\n/g, '; ')}; }\n`,
    '.zprofile': `${header}${source('.zprofile')}\n`,
    '.zshrc': `${header}${source('.zshrc')}\n${history}\n[[ -o login ]] || { ${finish.replace(/\n/g, '; ')}; }\n`,
    '.zlogin': `${header}${source('.zlogin')}\n${finish}\n`,
  };
}
