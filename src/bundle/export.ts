// `export`: one session (windows, panes, layouts, folders relative to the project root,
// start commands, workspace environment, Claude conversations) to a .tar.gz bundle.
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { shellWords } from '../agents/claude-launch.ts';
import { shellWord } from '../util/shell-words.ts';
import { snapshotServer } from '../save/snapshot.ts';
import type { SavedPane } from '../resurrect/format.ts';
import type { PaneExtras, ServerExtras } from '../resurrect/snapshot-extras.ts';
import { writeBundle } from './archive.ts';
import { MANIFEST_FILE, MANIFEST_VERSION, TRANSCRIPTS_FOLDER, type Manifest, type ManifestClaude, type ManifestWindow } from './manifest.ts';
import { splitSecrets } from './secrets.ts';
import { resolveSessionNames, type SessionNames } from './session-names.ts';
import type { TmuxClient } from '../tmux/index.ts';

// What to export and where to.
export interface ExportOptions {
  /** A session name, or a project name that gets the prefix. */
  readonly session: string;
  /** Output file; default ./SESSION-YYYYMMDD-HHMMSS.claude-bundle.tar.gz in cwd. */
  readonly output?: string | undefined;
  readonly includeSecrets?: boolean;
  readonly withTranscripts?: boolean;
  readonly cwd?: string;
  readonly now?: Date;
}

// What an export wrote.
export interface ExportResult {
  readonly file: string;
  readonly manifest: Manifest;
  /** Transcripts that could not be added, folders outside the root. */
  readonly notes: readonly string[];
}

// Export a session to a bundle; throws BundleError when there is no such session.
export async function exportSession(client: TmuxClient, options: ExportOptions): Promise<ExportResult> {
  const names = await resolveSessionNames(client);
  const session = names.existing(options.session);
  const snapshot = await snapshotServer(client, { sessionFilter: session });
  const panes = snapshot.server.panes;
  const saved = snapshot.extras.sessions.find((entry) => entry.name === session);
  const first = [...panes].sort((a, b) => a.windowIndex - b.windowIndex || a.paneIndex - b.paneIndex)[0];
  const root = saved?.projectDir || first?.path || options.cwd || process.cwd();
  const notes: string[] = [];
  const claude: ManifestClaude[] = [];
  const transcripts = new Map<string, Buffer>();
  const windows: ManifestWindow[] = [...snapshot.server.windows]
    .sort((a, b) => a.index - b.index)
    .map((window) => ({
      index: window.index,
      name: window.name,
      layout: window.layout,
      active: window.active,
      ...worktreeOf(snapshot.extras, window.sessionName, window.index),
      panes: panes
        .filter((pane) => pane.windowIndex === window.index)
        .sort((a, b) => a.paneIndex - b.paneIndex)
        .map((pane) => {
          const extra = snapshot.extras.panes.find((entry) => entry.window === pane.windowIndex && entry.pane === pane.paneIndex && entry.session === pane.sessionName);
          if (extra?.claude) claude.push(claudeEntry(pane, extra, options.withTranscripts === true, transcripts, notes));
          return {
            index: pane.paneIndex,
            ...folderOf(pane, root, notes),
            command: extra?.claude ? '' : commandOf(pane.fullCommand, extra?.startCommand),
            title: pane.title,
            active: pane.active,
            ...(extra?.role ? { role: extra.role } : {}),
          };
        }),
    }));
  const env = splitSecrets(saved?.environment ?? {}, options.includeSecrets === true);
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    session,
    project: projectOf(names, session, root),
    template: saved?.template ?? '',
    windows,
    environment: env.kept,
    omittedSecrets: env.omitted,
    claude,
    transcripts: [...transcripts.keys()],
  };
  const file = resolve(options.cwd ?? process.cwd(), options.output ?? defaultFileName(session, options.now ?? new Date()));
  const files = new Map<string, string | Uint8Array>([[MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`]]);
  for (const [name, text] of transcripts) files.set(`${TRANSCRIPTS_FOLDER}/${name}`, text);
  await writeBundle(file, files);
  return { file, manifest, notes };
}

// A worktree window's marker, so the imported window is still that worktree's.
function worktreeOf(extras: ServerExtras, session: string, index: number): { worktree?: string } {
  const worktree = extras.windows?.find((entry) => entry.session === session && entry.window === index)?.worktree;
  return worktree ? { worktree } : {};
}

// SESSION-YYYYMMDD-HHMMSS.claude-bundle.tar.gz (local time); '/' in a name becomes '_'.
export function defaultFileName(session: string, now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  const safe = session.replace(/[/\0]/g, '_').replace(/^-/, '_');
  return `${safe}-${stamp}.claude-bundle.tar.gz`;
}

// A folder under the root is kept relative; one outside it is kept absolute, flagged, with a note.
function folderOf(pane: SavedPane, root: string, notes: string[]): { cwd: string; outsideRoot?: true } {
  const rel = relative(root, pane.path);
  if (rel === '') return { cwd: '.' };
  if (!rel.startsWith('..') && !isAbsolute(rel)) return { cwd: rel };
  notes.push(`pane ${pane.windowIndex}.${pane.paneIndex}: ${pane.path} is outside the project root ${root}; kept as an absolute path`);
  return { cwd: pane.path, outsideRoot: true };
}

function claudeEntry(pane: SavedPane, extra: PaneExtras, withTranscripts: boolean, transcripts: Map<string, Buffer>, notes: string[]): ManifestClaude {
  const claude = extra.claude!;
  const entry = { pane: `${pane.windowIndex}.${pane.paneIndex}`, sessionId: claude.sessionId, args: claude.args };
  if (!withTranscripts) return entry;
  const path = claude.transcriptPath;
  if (path === undefined || !existsSync(path)) {
    notes.push(`pane ${entry.pane}: the transcript of conversation ${claude.sessionId} was not found; not included`);
    return entry;
  }
  const name = `${claude.sessionId}.jsonl`;
  transcripts.set(name, readFileSync(path));
  return { ...entry, transcript: name };
}

// The running program as a save records it, else the pane's start command unless that is a
// shell. tmux shows a start command as quoted argv (`"sleep 600"`): one word is a shell
// command line (tmux runs it with sh -c), several are an argv, quoted for typing.
function commandOf(fullCommand: string, startCommand: string | undefined): string {
  if (fullCommand !== '') return fullCommand;
  const words = shellWords(startCommand ?? '');
  if (words.length === 0 || SHELLS.test(basename(words[0] as string))) return '';
  return words.length === 1 ? (words[0] as string) : words.map(shellWord).join(' ');
}

const SHELLS = /^-?(?:sh|bash|zsh|dash|ksh|mksh|fish|tcsh|csh|ash)$|^$/;

function projectOf(names: SessionNames, session: string, root: string): string {
  return names.projectOf(session) ?? basename(root);
}
