// Opening a workspace: go to the project's session, building it first when it is missing.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { ensureHookSettingsFile, newSessionId } from '../agents/claude-launch.ts';
import { sessionNameFor } from './session-name.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions, type PaneShell, type WorkspaceListing } from './sessions.ts';
import { detectProjectType } from '../templates/detect.ts';
import { runProgram } from '../programs/run.ts';
import { loadTemplate } from '../templates/lookup.ts';
import type { Template, TemplateWarning } from '../templates/types.ts';
import { exactSession, formatLiteral, TmuxError, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { UserError } from '../util/errors.ts';
import { readProjectEnv, workspaceEnvironment } from './environment.ts';
import { planSessionBuild, plannedPaneIds } from './plan.ts';
import { projectName } from './project.ts';
import { typeWhenReady } from './type-when-ready.ts';
import { parseOption, USER_OPTIONS } from '../options/definitions.ts';
import type { EffectiveOptions } from '../options/read.ts';
import { newHistoryId, readPaneHistorySetup } from './pane-history.ts';

export interface OpenRequest {
  readonly projectDir: string;
  /** Options and workspace sessions already read by the caller (saves two tmux calls). */
  readonly known?: WorkspaceListing;
  readonly templateName?: string | undefined;
  readonly templateFile?: string | undefined;
  /** Size for a session built with no client attached. */
  readonly size?: { readonly width: number; readonly height: number };
  /** Longest wait for the panes' shells before typing their commands. */
  readonly readyTimeoutMs?: number;
}

export interface OpenResult {
  readonly session: string;
  readonly created: boolean;
  readonly template?: string;
  /** Said to the user: folder fallbacks, skipped .env.claude lines, template warnings. */
  readonly notes: readonly string[];
}

// Build the project's session unless it exists; either way return its name.
export async function openWorkspace(client: TmuxClient, request: OpenRequest): Promise<OpenResult> {
  const { options, sessions, paneShell } = request.known ?? (await listWorkspaceSessions(client, { withPaneShell: true }));
  const project = projectName(request.projectDir);
  let session: string;
  try {
    session = sessionNameFor(project, optionValue(options, USER_OPTIONS.prefix));
  } catch (error) {
    throw new UserError(`cannot name a session for ${request.projectDir}: ${(error as Error).message}`);
  }
  if (sessions.some((existing) => existing.name === session)) return { session, created: false, notes: [] };

  const { template, warnings } = await chooseTemplate(request);
  const notes = warnings.map((warning) => `${warning.file}:${warning.line}:${warning.column}: ${warning.message}`);
  runBeforeCommands(template, join(request.projectDir, template.root));
  const projectEnv = readProjectEnv(request.projectDir);
  notes.push(...projectEnv.warnings);
  const env = workspaceEnvironment({
    project,
    projectDir: request.projectDir,
    editor: process.env['EDITOR'],
    templateEnv: template.env,
    projectEnv: projectEnv.vars,
  });
  // Built under a name of its own and renamed at the end: no half-built session is ever
  // seen under the workspace's name, and a failed build is removed whole.
  const building = `${BUILDING_PREFIX}${randomBytes(4).toString('hex')}`;
  const plan = planSessionBuild({
    sessionName: building,
    projectDir: request.projectDir,
    template,
    env,
    claudeCommand: optionValue(options, USER_OPTIONS.claudeCommand),
    claudeSettingsFile: ensureHookSettingsFile(),
    newSessionId,
    editor: env['EDITOR'] ?? 'nvim',
    size: request.size ?? terminalSize(),
    folderExists: (path) => existsSync(path) && statSync(path).isDirectory(),
    history: await paneHistoryFor(client, options, paneShell),
  });
  notes.push(...plan.notes);
  const built = await buildWhole(client, [...plan.commands, ['rename-session', '-t', exactSession(building), '--', formatLiteral(session)]], building, `${session} from template ${template.name}`);
  const ids = plannedPaneIds(built, plan);
  const panes = plan.panes.map((pane, index) => ({ ...pane, paneId: ids?.[index] }));
  const typed = await typeWhenReady(client, exactSession(session), panes, { timeoutMs: request.readyTimeoutMs });
  if (typed.late.length > 0) notes.push(`no shell prompt in time in pane(s) ${typed.late.join(', ')}; their commands were typed anyway`);
  return { session, created: true, template: template.name, notes };
}

// Each pane's own history, unless @claude-sessions-pane-history is off or panes start a shell we leave alone.
async function paneHistoryFor(client: TmuxClient, options: EffectiveOptions, known: PaneShell | undefined) {
  if (!parseOption(USER_OPTIONS.paneHistory, optionValue(options, USER_OPTIONS.paneHistory))) return undefined;
  const setup = await readPaneHistorySetup(client, known);
  return setup && { setup, newId: newHistoryId };
}

// Name prefix of a workspace session while its batch builds it.
export const BUILDING_PREFIX = 'claude-sessions-building-';

// Run the build batch (returns what it printed); when tmux refuses any of it (too many panes for the window's size, a
// layout that does not fit), remove what it made and say why.
async function buildWhole(client: TmuxClient, commands: readonly TmuxCommand[], building: string, what: string): Promise<string> {
  try {
    return await client.batch(commands);
  } catch (error) {
    if (!(error instanceof TmuxError)) throw error;
    await client.run(['kill-session', '-t', exactSession(building)]).catch(() => undefined);
    const reason = error.stderr.trim() || error.message;
    const hint = /no space for new pane/.test(reason) ? ' (more panes than the window has room for: build it from a larger terminal, or give the template fewer panes)' : '';
    throw new UserError(`cannot build ${what}: tmux said: ${reason}${hint}; nothing was created`);
  }
}

// A session built from a terminal starts at that terminal's size (tmux's default-size
// otherwise); attaching or switching resizes it anyway, but layouts start right.
function terminalSize(): { width: number; height: number } | undefined {
  // Asked of fd 1 first: process.stdout costs ~3 ms to create, and a key binding has no terminal.
  if (!isatty(1)) return undefined;
  const { columns, rows } = process.stdout;
  return process.stdout.isTTY && columns > 0 && rows > 0 ? { width: columns, height: rows } : undefined;
}

// --template-file, --template, the project's own file, else the detected type.
async function chooseTemplate(request: OpenRequest): Promise<{ template: Template; warnings: TemplateWarning[] }> {
  const sources = { templateFile: request.templateFile, projectDir: request.projectDir };
  const hasProjectFile = ['.claude-sessions.yaml', '.claude-sessions.yml'].some((file) => existsSync(`${request.projectDir}/${file}`));
  const name = request.templateName ?? (request.templateFile || hasProjectFile ? undefined : (await detectProjectType(request.projectDir)).template);
  return loadTemplate(name, sources);
}

// The template's `before` commands: written by the user to run, in the project root.
function runBeforeCommands(template: Template, projectDir: string): void {
  for (const command of template.before) {
    const result = runProgram('/bin/sh', ['-c', command], { cwd: projectDir, stdout: 'inherit', stderr: 'inherit' });
    if (result.status !== 0) {
      throw new UserError(`template ${template.name}: before command failed (exit ${result.status ?? result.signal}): ${command}`);
    }
  }
}
