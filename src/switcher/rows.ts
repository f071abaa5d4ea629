// The switcher's rows: every session in one tmux call (raw fields, from which Node works
// out the agent marks, order and details the shell frame has tmux draw, see row-format.ts),
// then the projects in the projects folders that have no session yet. Branches are read
// from .git/HEAD by refreshBranches, after the first paint.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { STATE_OPTIONS, USER_OPTIONS } from '../options/definitions.ts';
import { effectiveOptions, optionValue, OPTIONS_QUERY } from '../options/read.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { TmuxError, type RecordOf, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { detectProjectType } from '../templates/detect.ts';
import { projectsDirs } from '../workspace/project.ts';
import { GLYPH_FIELDS, GROUPS, groupOf, infoText, marksOf, SESSION_FIELDS, stateCounts, URGENCY } from './row-format.ts';
import type { SwitcherRow } from './types.ts';

type SessionRecord = RecordOf<typeof SESSION_FIELDS>;
type Glyphs = RecordOf<typeof GLYPH_FIELDS>;

// Sessions and projects as the switcher lists them, and the folders branches come from.
export interface RowListing {
  readonly rows: SwitcherRow[];
  /** Session id -> [folder, branch option as tmux has it], for refreshBranches. */
  readonly folders: ReadonlyMap<string, readonly [string, string]>;
  readonly prefix: string;
}

// How loadRows reads.
export interface LoadOptions {
  /** Leave the event loop free while tmux answers (the open switcher's refresh: keys go on meanwhile). */
  readonly concurrently?: boolean;
}

// Makes #{T:@claude-sessions-now} the current time for the age column. Set only when
// missing: tmux redraws every client after any set-option, even to the same value. ('%s'
// is quoted: a bare %word is a directive to tmux's command parser.)
export const SET_NOW: TmuxCommand = ['if-shell', '-F', `#{?${STATE_OPTIONS.now},0,1}`, `set-option -g ${STATE_OPTIONS.now} '%s'`];

// Read every row; no server means no sessions (the projects are still listed).
export async function loadRows(client: TmuxClient, load: LoadOptions = {}): Promise<RowListing> {
  let groups: RecordOf<Record<string, string>>[][];
  try {
    groups = await client.listMany(
      [
        OPTIONS_QUERY,
        { command: ['display-message', '-p'], fields: GLYPH_FIELDS, formatLast: true },
        { command: ['list-sessions'], fields: SESSION_FIELDS },
      ],
      { before: [SET_NOW], ...(load.concurrently ? { concurrently: true } : {}) },
    );
  } catch (error) {
    if (!(error instanceof TmuxError && error.kind === 'no-server')) throw error;
    groups = [];
  }
  const [optionRecords = [], glyphRecords = [], sessionRecords = []] = groups;
  const options = effectiveOptions(optionRecords[0] as Parameters<typeof effectiveOptions>[0]);
  const prefix = optionValue(options, USER_OPTIONS.prefix);
  const glyphs = (glyphRecords[0] ?? {}) as Partial<Glyphs>;
  const now = Math.floor(Date.now() / 1000);
  const byGroup = new Map<string, SwitcherRow[]>(GROUPS.map((group) => [group, []]));
  const folders = new Map<string, readonly [string, string]>();
  const names = new Set<string>();
  // tmux lists the sessions by name; each group keeps that order.
  for (const record of sessionRecords as SessionRecord[]) {
    const [group, row] = sessionRow(record, { waiting: glyphs.waiting ?? '', working: glyphs.working ?? '' }, now);
    byGroup.get(group)?.push(row);
    names.add(record.name);
    folders.set(record.id, [record.projectDir || record.path, record.branch]);
  }
  const rows = GROUPS.flatMap((group) => byGroup.get(group) ?? []);
  rows.push(...(await projectRows(projectsDirs(optionValue(options, USER_OPTIONS.projectsDir)), prefix, names)));
  return { rows, folders, prefix };
}

function sessionRow(record: SessionRecord, glyphs: Glyphs, now: number): [string, SwitcherRow] {
  const counts = stateCounts(record.states);
  const urgent = URGENCY.find((state) => counts[state] > 0);
  const workspace = record.workspace === '1';
  const row: SwitcherRow = {
    kind: workspace ? 'workspace' : 'session',
    key: record.id,
    name: record.name,
    marks: marksOf(counts, glyphs),
    ...(urgent === undefined ? {} : { urgent }),
    info: infoText(record, now),
    waiting: counts.waiting,
    sessionId: record.id,
  };
  return [groupOf(workspace, counts), row];
}

// Folders in the projects folders (not hidden) whose workspace session does not exist,
// by name, with the template Enter would build; the first projects folder wins a name.
export async function projectRows(dirs: readonly string[], prefix: string, sessionNames: ReadonlySet<string>): Promise<SwitcherRow[]> {
  const rows: SwitcherRow[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // a projects folder that does not exist (yet) lists nothing
    }
    const names = entries
      .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(dir, entry.name)))))
      .map((entry) => entry.name)
      .sort();
    for (const name of names) {
      let session: string;
      try {
        session = sessionNameFor(name, prefix);
      } catch {
        continue; // nothing left of the name once tmux-safe
      }
      if (sessionNames.has(session) || seen.has(session)) continue;
      seen.add(session);
      const projectDir = join(dir, name);
      const template = await detectProjectType(projectDir).then((found) => found.template, () => undefined);
      const info = template === undefined ? 'new' : `new · ${template}`;
      rows.push({ kind: 'project', key: `project:${projectDir}`, name, marks: '', info, waiting: 0, projectDir });
    }
  }
  return rows;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Read each session's branch from its folder's .git/HEAD and store the ones that changed
// in the session option the rows show; true when any changed (the caller reloads rows).
export async function refreshBranches(client: TmuxClient, folders: RowListing['folders']): Promise<boolean> {
  const commands: TmuxCommand[] = [];
  // Many sessions share a folder: each folder's files are read once (this runs in the key loop).
  const branches = new Map<string, string>();
  for (const [id, [folder, known]] of folders) {
    let branch = branches.get(folder);
    if (branch === undefined) branches.set(folder, (branch = gitBranch(folder) ?? ''));
    if (branch === known) continue;
    commands.push(branch === '' ? ['set-option', '-u', '-t', id, STATE_OPTIONS.branch] : ['set-option', '-t', id, STATE_OPTIONS.branch, branch]);
  }
  if (commands.length === 0) return false;
  // A session killed meanwhile makes its set-option fail; the others are still worth having.
  await client.batch(commands).catch(() => undefined);
  return true;
}

// The branch checked out in folder or the repository above it (a short commit when
// detached), read from the files git keeps, without running git; undefined outside git.
export function gitBranch(folder: string): string | undefined {
  for (let dir = folder; dir !== ''; ) {
    const head = headOf(join(dir, '.git'));
    if (head !== undefined) {
      const ref = /^ref: refs\/heads\/(.+)$/.exec(head);
      return ref ? (ref[1] as string) : head.slice(0, 7);
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

// The HEAD of a .git folder, or of the folder a .git file ("gitdir: …") points to (worktrees).
function headOf(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!pointer) return undefined;
      const gitDir = pointer[1]!.trim();
      return readFileSync(join(isAbsolute(gitDir) ? gitDir : resolve(dirname(dotGit), gitDir), 'HEAD'), 'utf8').trim();
    }
    return readFileSync(join(dotGit, 'HEAD'), 'utf8').trim();
  } catch {
    return undefined;
  }
}
