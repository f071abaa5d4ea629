// `import`: a bundle checked whole as a stream (only its manifest kept in memory), then its session rebuilt in one tmux batch by
// the restore planner (same windows, layouts, names, focus), folders under a new root,
// the workspace environment set, programs typed into their shells, Claude panes resumed.
// Variables that change what runs are refused unless allowed (env-policy.ts), and the
// commands and environment are shown to the caller's confirm before anything is made.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { claudeProgramFor } from '../restore/claude-resume.ts';
import { ensureHookSettingsFile, newSessionId } from '../agents/claude-launch.ts';
import type { LoadedSave } from '../restore/read-save.ts';
import { planRestore, tmuxSessionName } from '../restore/plan.ts';
import { END_OF_RESTORING, restoringMark } from '../options/restoring.ts';
import type { SavedPane, SavedServer, SavedWindow } from '../resurrect/format.ts';
import type { PaneExtras, ServerExtras } from '../resurrect/snapshot-extras.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { optionValue, readOptions } from '../options/read.ts';
import { TmuxError, type TmuxClient } from '../tmux/index.ts';
import { shellWord } from '../util/shell-words.ts';
import { workspaceEnvironment } from '../workspace/environment.ts';
import { typeIntoPanes, type PaneTyping } from '../workspace/type-when-ready.ts';
import { bundleLimits, copyFiles, MAX_SIZE_OPTION, readBundle, type CheckedBundle } from './archive.ts';
import { refusedEnv } from './env-policy.ts';
import type { ImportPreview, PanePreview } from './import-preview.ts';
import { BundleError, MANIFEST_FILE, parseManifest, TRANSCRIPTS_FOLDER, type Manifest } from './manifest.ts';
import { resolveSessionNames } from './session-names.ts';
import { recreateWorktrees, worktreesToRecreate } from './import-worktrees.ts';

// What to import and where.
export interface ImportOptions {
  readonly file: string;
  /** The new session's name (a session name, or a project name that gets the prefix). */
  readonly as?: string | undefined;
  /** The folder pane folders are relative to; default the current folder. */
  readonly root?: string | undefined;
  readonly readyTimeoutMs?: number;
  /** Variables the user allows although env-policy.ts refuses them (--allow-env). */
  readonly allowEnv?: readonly string[] | undefined;
  /** Build the layout only: nothing typed into panes, Claude not started (--no-commands). */
  readonly noCommands?: boolean | undefined;
  /** Shown what would be made once everything is checked; false makes nothing. */
  readonly confirm?: ((preview: ImportPreview) => Promise<boolean>) | undefined;
  /** --max-size: how far the bundle may expand (default: the import-max-size option). */
  readonly maxSize?: string | undefined;
}

// What an import made.
export interface ImportResult {
  readonly session: string;
  readonly root: string;
  readonly windows: number;
  readonly panes: number;
  readonly programs: number;
  /** --no-commands: the layout was built, nothing typed. */
  readonly layoutOnly: boolean;
  readonly notes: readonly string[];
}

const TRANSCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Import a bundle; throws BundleError (nothing made) when the bundle or the name is refused.
export async function importBundle(client: TmuxClient, options: ImportOptions): Promise<ImportResult> {
  const bundle = await readBundle(options.file, bundleLimits(options.maxSize, optionValue(await readOptions(client), MAX_SIZE_OPTION)));
  const text = bundle.manifest;
  if (text === undefined) throw new BundleError(`refusing ${options.file}: it has no ${MANIFEST_FILE}`);
  const manifest = parseManifest(text.toString('utf8'));
  refuseRiskyEnvironment(manifest, options.allowEnv ?? []);
  const transcripts = checkedTranscripts(manifest, bundle.files);
  const root = resolve(options.root ?? process.cwd());
  if (!isFolder(root)) throw new BundleError(`--root ${root} is not a folder`);
  const names = await resolveSessionNames(client);
  const session = options.as === undefined ? tmuxSessionName(manifest.session) : names.forNew(options.as);
  if (names.taken.has(session)) {
    throw new BundleError(`a session named ${JSON.stringify(session)} exists; ${options.as === undefined ? 'give --as NAME to import under another name' : 'choose another --as NAME'}`);
  }
  const notes: string[] = [];
  const layoutOnly = options.noCommands === true;
  // Worktrees that will be made are treated as there; they are made only once the import is confirmed.
  const worktrees = worktreesToRecreate(manifest, root);
  const comingFolders = new Set(worktrees.flatMap((worktree) => (worktree.blocked === undefined ? [worktree.path] : [])));
  const server = savedServerOf(manifest, session, root, notes, comingFolders);
  const environment = environmentOf(manifest, root, names.projectOf(session) ?? manifest.project);
  const extras = extrasOf(manifest, session, root, server, environment, layoutOnly);
  const claudeCommand = optionValue(await readOptions(client), USER_OPTIONS.claudeCommand);
  const tempPrefix = `claude-sessions-import-${randomBytes(4).toString('hex')}-`;
  const plan = planRestore({ server, extras, existing: names.taken, sessionFilter: session, folderFor: (dir) => ({ dir }), tempPrefix, restoringMark: restoringMark() });
  if (plan.sessions.length === 0) throw new BundleError(plan.skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ') || 'nothing to build');
  notes.push(...plan.notes);
  const preview = previewOf(session, root, server, extras, environment, transcripts, claudeCommand, layoutOnly);
  if (options.confirm && !(await options.confirm(preview))) throw new BundleError('import cancelled; nothing was made');
  recreateWorktrees(worktrees, root, notes);
  try {
    await client.batch([...plan.commands, ...plan.after]);
  } catch (error) {
    if (!(error instanceof TmuxError)) throw error;
    await removeTemporarySessions(client, tempPrefix);
    throw new BundleError(`tmux refused the session, nothing was created: ${error.message}`);
  }
  await client.batch(END_OF_RESTORING).catch(() => undefined);
  if (layoutOnly) {
    await installBundledTranscripts(bundle, manifest, transcripts, server, notes);
    notes.push('--no-commands: the layout only; no command was typed and Claude was not started');
    return { session, root, windows: manifest.windows.length, panes: server.panes.length, programs: 0, layoutOnly, notes };
  }
  await installTranscripts(bundle, extras, transcripts, notes);
  const programs = await startPrograms(client, session, server, extras, notes, claudeCommand, options.readyTimeoutMs);
  return { session, root, windows: manifest.windows.length, panes: server.panes.length, programs, layoutOnly, notes };
}

// Refuse (BundleError, nothing made) variables that change what runs, unless allowed by name.
function refuseRiskyEnvironment(manifest: Manifest, allowed: readonly string[]): void {
  const own = Object.keys(workspaceEnvironment({ project: '', projectDir: '', editor: undefined, templateEnv: {}, projectEnv: {} }));
  const refused = refusedEnv(Object.keys(manifest.environment).filter((name) => !own.includes(name)), allowed);
  if (refused.length === 0) return;
  const list = refused.map((entry) => `${entry.name} (${entry.why})`).join(', ');
  const flags = refused.map((entry) => `--allow-env ${entry.name}`).join(' ');
  throw new BundleError(`refusing the bundle's environment: ${list} would change what runs in the new panes; nothing was made. Import it only if you trust the bundle, allowing each by name: ${flags}`);
}

// The session's environment: the bundle's variables, with the ones every workspace gets
// (EDITOR, CLAUDE_PROJECT, PROJECT_ROOT, CLAUDE_CODE_TMUX_SESSION) given this machine's
// values as `open` would, never the bundle's; a variable the bundle lacks stays unset.
function environmentOf(manifest: Manifest, root: string, project: string): Record<string, string> {
  const own: Record<string, string> = workspaceEnvironment({ project, projectDir: root, editor: process.env['EDITOR'], templateEnv: {}, projectEnv: {} });
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(manifest.environment)) environment[name] = own[name] ?? value;
  return environment;
}

// What would be made, for the caller's confirm: each pane's folder and command, the environment.
function previewOf(session: string, root: string, server: SavedServer, extras: ServerExtras, environment: Readonly<Record<string, string>>, transcripts: ReadonlySet<string>, claudeCommand: string, layoutOnly: boolean): ImportPreview {
  const panes: PanePreview[] = server.panes.map((pane) => {
    const claude = extras.panes.find((extra) => extra.window === pane.windowIndex && extra.pane === pane.paneIndex)?.claude;
    let command = pane.fullCommand;
    if (claude) {
      const start = [claudeCommand, ...claude.args.map(shellWord)].join(' ');
      const resumable = transcripts.has(`${claude.sessionId}.jsonl`) || existsSync(claude.transcriptPath ?? '');
      command = resumable ? `${start} --resume ${shellWord(claude.sessionId)}` : `${start}   (a new conversation: ${claude.sessionId} has no transcript here)`;
    }
    return { pane: `${pane.windowIndex}.${pane.paneIndex}`, folder: pane.path, command };
  });
  return { session, root, panes, environment: Object.entries(environment), layoutOnly };
}

// --no-commands: the bundled transcripts still go where Claude looks, so a conversation can
// be resumed by hand (said per pane); the panes themselves carry no Claude id.
async function installBundledTranscripts(bundle: CheckedBundle, manifest: Manifest, transcripts: ReadonlySet<string>, server: SavedServer, notes: string[]): Promise<void> {
  const panes: PaneExtras[] = [];
  for (const entry of manifest.claude) {
    const [window, index] = entry.pane.split('.').map(Number);
    const cwd = server.panes.find((pane) => pane.windowIndex === window && pane.paneIndex === index)?.path;
    if (cwd === undefined) continue;
    const claude = { sessionId: entry.sessionId, cwd, args: entry.args, transcriptPath: transcriptPathFor(cwd, entry.sessionId) };
    panes.push({ session: '', window: window as number, pane: index as number, claude });
    notes.push(`pane ${entry.pane}: Claude conversation ${entry.sessionId} not started (resume it by hand: claude --resume ${entry.sessionId})`);
  }
  // One pass over the bundle for all of them.
  await installTranscripts(bundle, { sessions: [], panes, windows: [] }, transcripts, notes);
}

// Transcript names listed in the manifest, each present under transcripts/ and a plain file name.
function checkedTranscripts(manifest: Manifest, files: ReadonlyMap<string, number>): Set<string> {
  const found = new Set<string>();
  for (const name of [...manifest.transcripts, ...manifest.claude.flatMap((c) => (c.transcript ? [c.transcript] : []))]) {
    if (!TRANSCRIPT_NAME.test(name)) throw new BundleError(`transcript name ${JSON.stringify(name)} is not a plain file name`);
    if (!files.has(`${TRANSCRIPTS_FOLDER}/${name}`)) throw new BundleError(`the manifest lists transcript ${JSON.stringify(name)} but the bundle does not hold it`);
    found.add(name);
  }
  return found;
}

// The manifest as save records under the new name; folders missing under the root fall back to it.
function savedServerOf(manifest: Manifest, session: string, root: string, notes: string[], comingFolders: ReadonlySet<string>): SavedServer {
  const panes: SavedPane[] = [];
  const windows: SavedWindow[] = manifest.windows.map((window) => {
    for (const pane of window.panes) {
      const wanted = pane.outsideRoot ? pane.cwd : join(root, pane.cwd);
      const path = isFolder(wanted) || [...comingFolders].some((folder) => wanted === folder || wanted.startsWith(`${folder}/`)) ? wanted : root;
      if (path !== wanted) notes.push(`pane ${window.index}.${pane.index}: ${wanted} does not exist; it starts in ${root}`);
      panes.push({ sessionName: session, windowIndex: window.index, windowActive: window.active, windowFlags: window.active ? '*' : '', paneIndex: pane.index, title: pane.title, path, active: pane.active, command: '', fullCommand: pane.command });
    }
    const flags = window.active ? '*' : '';
    return { sessionName: session, index: window.index, name: window.name, active: window.active, flags, zoomed: false, alternate: false, layout: window.layout, automaticRename: window.name === '' ? undefined : 'off' };
  });
  return { panes, windows, groupedSessions: [], state: { clientSession: undefined, clientLastSession: undefined } };
}

// Workspace settings (root, template, the environment), pane roles and Claude ids (none
// with --no-commands), and worktree windows' markers.
function extrasOf(manifest: Manifest, session: string, root: string, server: SavedServer, environment: Readonly<Record<string, string>>, layoutOnly: boolean): ServerExtras {
  const panes: PaneExtras[] = [];
  for (const window of manifest.windows) {
    for (const pane of window.panes) {
      // --no-commands: no pane carries a Claude id, so no later restore starts one either.
      const claude = layoutOnly ? undefined : manifest.claude.find((entry) => entry.pane === `${window.index}.${pane.index}`);
      const cwd = server.panes.find((saved) => saved.windowIndex === window.index && saved.paneIndex === pane.index)?.path ?? root;
      if (!pane.role && !claude) continue;
      panes.push({
        session,
        window: window.index,
        pane: pane.index,
        ...(pane.role ? { role: pane.role } : {}),
        ...(claude ? { claude: { sessionId: claude.sessionId, cwd, args: claude.args, transcriptPath: transcriptPathFor(cwd, claude.sessionId) } } : {}),
      });
    }
  }
  const windows = manifest.windows.flatMap((window) => (window.worktree ? [{ session, window: window.index, worktree: window.worktree }] : []));
  return { sessions: [{ name: session, projectDir: root, ...(manifest.template ? { template: manifest.template } : {}), environment }], panes, windows };
}

// Where Claude Code keeps a folder's conversations: CONFIG/projects/<folder, non-alphanumerics as '-'>/ID.jsonl.
export function transcriptPathFor(cwd: string, sessionId: string): string {
  const config = process.env['CLAUDE_CONFIG_DIR'] || join(homedir(), '.claude');
  return join(config, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'), `${sessionId}.jsonl`);
}

// Put the bundled transcripts where Claude looks for them, streamed from the bundle (an
// existing file is left as it is; one that cannot be written is a note: the session exists).
async function installTranscripts(bundle: CheckedBundle, extras: ServerExtras, transcripts: ReadonlySet<string>, notes: string[]): Promise<void> {
  const wanted = new Map<string, string[]>();
  for (const pane of extras.panes) {
    const claude = pane.claude;
    const name = `${claude?.sessionId}.jsonl`;
    if (!claude?.transcriptPath || !transcripts.has(name)) continue;
    if (existsSync(claude.transcriptPath)) {
      notes.push(`transcript ${claude.transcriptPath} exists; left as it is`);
      continue;
    }
    mkdirSync(join(claude.transcriptPath, '..'), { recursive: true, mode: 0o700 });
    wanted.set(`${TRANSCRIPTS_FOLDER}/${name}`, [...(wanted.get(`${TRANSCRIPTS_FOLDER}/${name}`) ?? []), claude.transcriptPath]);
  }
  if (wanted.size === 0) return;
  try {
    await copyFiles(bundle, wanted);
  } catch (error) {
    notes.push(`the transcripts could not be installed: ${(error as Error).message}`);
  }
}

// Type each pane's program (Claude resumed, or started fresh with a note) once its shell is up.
async function startPrograms(client: TmuxClient, session: string, server: SavedServer, extras: ServerExtras, notes: string[], claudeCommand: string, timeoutMs: number | undefined): Promise<number> {
  const all = await client.list({ command: ['list-panes', '-a'], fields: { session: '#{session_name}', window: '#{window_index}', index: '#{pane_index}', id: '#{pane_id}' } });
  const live = all.filter((pane) => pane.session === session);
  const save: LoadedSave = { file: 'bundle', server, extras, sha256: '', exact: true, warnings: [] };
  const deps = { claudeCommand, settingsFile: ensureHookSettingsFile, newSessionId, transcriptExists: existsSync };
  const entries: PaneTyping[] = [];
  for (const window of [...new Set(server.panes.map((pane) => pane.windowIndex))]) {
    const saved = server.panes.filter((pane) => pane.windowIndex === window).sort((a, b) => a.paneIndex - b.paneIndex);
    const panes = live.filter((pane) => Number(pane.window) === window).sort((a, b) => Number(a.index) - Number(b.index));
    saved.forEach((pane, position) => {
      const target = panes[position];
      if (target === undefined) return;
      const claude = extras.panes.find((extra) => extra.window === window && extra.pane === pane.paneIndex)?.claude;
      if (claude && !existsSync(claude.transcriptPath ?? '')) notes.push(`pane ${window}.${pane.paneIndex}: conversation ${claude.sessionId} has no transcript here; Claude starts a new one`);
      const program = claude ? claudeProgramFor(pane, save, deps) : pane.fullCommand;
      if (program) entries.push({ paneId: target.id, type: [program] });
    });
  }
  if (entries.length === 0) return 0;
  const typed = await typeIntoPanes(client, entries, { timeoutMs });
  if (typed.late.length > 0) notes.push(`no shell prompt in time in pane(s) ${typed.late.join(', ')}; their programs were typed anyway`);
  return entries.length - typed.missing.length;
}

async function removeTemporarySessions(client: TmuxClient, tempPrefix: string): Promise<void> {
  const sessions = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}', name: '#{session_name}' } }).catch(() => []);
  for (const entry of sessions) if (entry.name.startsWith(tempPrefix)) await client.run(['kill-session', '-t', entry.id]).catch(() => undefined);
  for (const command of END_OF_RESTORING) await client.run(command).catch(() => undefined);
}

function isFolder(path: string): boolean {
  return isAbsolute(path) && statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
