// Planning a workspace build: from a template to the tmux commands that create the whole
// session in one invocation, and the commands to type once each pane's shell is ready.
// Pure: no tmux, no file system (folder checks come in as a function).
import { PANE_OPTIONS } from '../agents/claude-contract.ts';
import { claudeLaunchCommand } from '../agents/claude-launch.ts';
import { exactSession, formatLiteral, type TmuxCommand } from '../tmux/index.ts';
import type { PaneRole, PaneTemplate, Template } from '../templates/types.ts';
import { WORKSPACE_OPTIONS } from '../options/workspace.ts';
import { HISTORY_ID_OPTION, historyEnvFlags, sessionEnvironmentReset, type PaneHistorySetup } from './pane-history.ts';

export interface BuildRequest {
  readonly sessionName: string;
  /** Absolute project folder; the template's root and pane dirs are relative to it. */
  readonly projectDir: string;
  readonly template: Template;
  /** Environment for every pane, the first one included (new-session -e). */
  readonly env: Readonly<Record<string, string>>;
  /** What a claude pane runs (@claude-sessions-claude-command). */
  readonly claudeCommand: string;
  /** The settings file with our hooks that every claude pane gets (--settings). */
  readonly claudeSettingsFile: string;
  /** A new conversation id for each claude pane (--session-id). */
  readonly newSessionId: () => string;
  /** What an editor pane runs ($EDITOR, else nvim). */
  readonly editor: string;
  /** Size of a detached session (the client's size takes over on attach). */
  readonly size?: { readonly width: number; readonly height: number };
  /** True when a folder exists; missing pane folders fall back to the root. */
  readonly folderExists: (path: string) => boolean;
  /** Per-pane command history (absent: @claude-sessions-pane-history off, or a shell we leave alone). */
  readonly history?: { readonly setup: PaneHistorySetup; readonly newId: () => string } | undefined;
}

// A pane the plan creates, and what to type into it once its shell is ready. Panes are
// addressed by position (nth window, nth pane in it), whatever base-index the user has.
export interface PlannedPane {
  readonly windowOrdinal: number;
  readonly paneOrdinal: number;
  readonly role: PaneRole;
  readonly dir: string;
  readonly type: readonly string[];
}

export interface BuildPlan {
  /** One batch: session, windows, splits, layouts, options, focus. */
  readonly commands: readonly TmuxCommand[];
  readonly panes: readonly PlannedPane[];
  /** Things the user should hear about (a folder that fell back to the root). */
  readonly notes: readonly string[];
}

// Every option the plan sets on panes and the session, for other capabilities to read.
export const ROLE_OPTION = WORKSPACE_OPTIONS.role;
export const PROJECT_DIR_OPTION = WORKSPACE_OPTIONS.projectDir;
export const TEMPLATE_OPTION = WORKSPACE_OPTIONS.template;
// What a claude pane was started with (the user's command, before our flags): a save reads
// Claude's arguments from it, since Claude's process title hides its command line.
export const CLAUDE_LAUNCH_OPTION = WORKSPACE_OPTIONS.claudeLaunch;

// The tmux commands and typed commands that build `request.template` as one session.
// Every command targets relative to what the batch just made (the session's current
// window, its active pane), so the plan needs no window or pane numbers: base-index and
// pane-base-index may be anything, even set by a tmux.conf the batch itself loads.
export function planSessionBuild(request: BuildRequest): BuildPlan {
  const { template } = request;
  const session = exactSession(request.sessionName);
  const root = joinPath(request.projectDir, template.root);
  const notes: string[] = [];
  const panes: PlannedPane[] = [];
  const commands: TmuxCommand[] = [];
  // history-limit only applies to panes made after it is set, so with one the session
  // starts on a placeholder window that is removed once the real ones exist.
  const placeholder = template.historyLimit !== undefined;
  if (placeholder) {
    commands.push(newSessionCommand(request, PLACEHOLDER_WINDOW, root, ['sleep', '2147483647']));
    commands.push(['set-option', '-t', session, 'history-limit', String(template.historyLimit)]);
  }

  template.windows.forEach((window, w) => {
    window.panes.forEach((pane, p) => {
      const dir = paneFolder(root, pane, request.folderExists, notes, `${window.name}.${p}`);
      const historyId = request.history?.newId();
      const history = request.history && historyId ? historyEnvFlags(request.history.setup, historyId) : [];
      if (w === 0 && p === 0 && !placeholder) {
        commands.push(newSessionCommand(request, window.name, dir, [], [...history, ...PRINT_PANE_ID]));
        if (historyId) commands.push(...sessionEnvironmentReset(session, request.env));
      } else if (p === 0) commands.push(['new-window', '-t', session, '-n', formatLiteral(window.name), '-c', formatLiteral(dir), ...history, ...PRINT_PANE_ID]);
      else {
        commands.push(['split-window', '-t', session, '-c', formatLiteral(dir), ...history, ...PRINT_PANE_ID]);
        // Even sizes after each split, so that every pane fits before the template's layout applies.
        commands.push(['select-layout', '-t', session, 'tiled']);
      }
      // The pane just made is the active pane of the session's current window.
      commands.push(['set-option', '-p', '-t', session, ROLE_OPTION, pane.role]);
      if (historyId) commands.push(['set-option', '-p', '-t', session, HISTORY_ID_OPTION, historyId]);
      commands.push(['select-pane', '-t', session, '-T', formatLiteral(pane.title ?? pane.role)]);
      const claude = startsClaude(pane) ? claudeLaunch(request) : undefined;
      // Known before Claude's first hook, so a save made meanwhile can resume it.
      if (claude) commands.push(['set-option', '-p', '-t', session, PANE_OPTIONS.sessionId, claude.sessionId]);
      if (claude) commands.push(['set-option', '-p', '-t', session, CLAUDE_LAUNCH_OPTION, request.claudeCommand]);
      const type = claude ? [claude.command] : typedCommands(pane, request);
      panes.push({ windowOrdinal: w, paneOrdinal: p, role: pane.role, dir, type });
    });
    commands.push(['set-window-option', '-t', session, 'automatic-rename', 'off']);
    if (window.layout) commands.push(['select-layout', '-t', session, window.layout]);
    const focus = Math.max(0, window.panes.findIndex((pane) => pane.focus));
    const back = window.panes.length - 1 - focus;
    if (back > 0) commands.push(['select-pane', '-t', `${session}.-${back}`]);
  });

  if (placeholder) {
    commands.push(['kill-window', '-t', `${session}{start}`]);
    commands.push(['move-window', '-r', '-t', session]);
  }
  commands.push(['set-option', '-t', session, PROJECT_DIR_OPTION, request.projectDir]);
  commands.push(['set-option', '-t', session, TEMPLATE_OPTION, template.name]);
  const focusWindow = Math.max(0, template.windows.findIndex((window) => window.focus));
  commands.push(['select-window', '-t', `${session}{start}`]);
  if (focusWindow > 0) commands.push(['select-window', '-t', `${session}+${focusWindow}`]);
  return { commands, panes, notes };
}

const PLACEHOLDER_WINDOW = 'claude-sessions-building';

// Each planned pane's command prints the new pane's id on a line of its own, so typing into
// it needs no listing of the panes first.
const PANE_ID_LINE = 'claude-sessions-pane ';
const PRINT_PANE_ID: TmuxCommand = ['-P', '-F', `${PANE_ID_LINE}#{pane_id}`];

// The ids of the planned panes, in plan order, from what the build batch printed; undefined
// unless there is exactly one per planned pane.
export function plannedPaneIds(output: string, plan: BuildPlan): string[] | undefined {
  const ids = output.split('\n').flatMap((line) => (line.startsWith(PANE_ID_LINE) ? [line.slice(PANE_ID_LINE.length)] : []));
  return ids.length === plan.panes.length && ids.every((id) => /^%\d+$/.test(id)) ? ids : undefined;
}

function newSessionCommand(request: BuildRequest, windowName: string, dir: string, command: readonly string[], flags: readonly string[] = []): TmuxCommand {
  const env = [...Object.entries(request.env).flatMap(([name, value]) => ['-e', `${name}=${value}`]), ...flags];
  const size = request.size ? ['-x', String(request.size.width), '-y', String(request.size.height)] : [];
  const name = formatLiteral(request.sessionName);
  return ['new-session', '-d', '-s', name, '-n', formatLiteral(windowName), '-c', formatLiteral(dir), ...size, ...env, ...command];
}

// The pane's folder, or the root (with a note) when the project lacks it.
function paneFolder(root: string, pane: PaneTemplate, exists: (path: string) => boolean, notes: string[], where: string): string {
  const dir = joinPath(root, pane.dir);
  if (dir === root || exists(dir)) return dir;
  notes.push(`pane ${where} (${pane.role}): ${pane.dir}/ does not exist in ${root}; it starts in the project root`);
  return root;
}

// A claude pane without commands of its own runs @claude-sessions-claude-command.
function startsClaude(pane: PaneTemplate): boolean {
  return pane.role === 'claude' && pane.commands.length === 0;
}

// The launch command of one claude pane, with its new conversation id.
function claudeLaunch(request: BuildRequest): { sessionId: string; command: string } {
  const sessionId = request.newSessionId();
  return { sessionId, command: claudeLaunchCommand(request.claudeCommand, sessionId, request.claudeSettingsFile) };
}

// What to type into a pane that does not start Claude: its template commands, else its role's default.
function typedCommands(pane: PaneTemplate, request: BuildRequest): string[] {
  if (pane.commands.length > 0) return [...pane.commands];
  if (pane.role === 'editor') return [`${request.editor} .`];
  return [];
}

function joinPath(base: string, relative: string): string {
  const parts = relative.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? base : `${base.replace(/\/+$/, '')}/${parts.join('/')}`;
}
