// A session bundle's manifest.json: what `export` writes and `import` checks before it
// builds anything. Paths are relative to the project root so a bundle moves between machines.
import { isAbsolute } from 'node:path';
import { DomainError } from '../util/errors.ts';

// The only manifest version this build reads and writes. Fields added since (a window's
// worktree) are optional: older bundles read as before, and older builds ignore them.
export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const TRANSCRIPTS_FOLDER = 'transcripts';

// One pane: where it starts (relative to the root, or absolute with outsideRoot), what it runs.
export interface ManifestPane {
  readonly index: number;
  /** '.' for the root; an absolute path when outsideRoot. */
  readonly cwd: string;
  /** The folder was outside the project root at export: cwd is absolute. */
  readonly outsideRoot?: boolean;
  /** The program to type into the pane's shell ('' for a bare shell). */
  readonly command: string;
  readonly title: string;
  readonly active: boolean;
  /** @claude-sessions-role (claude, editor, git, ...). */
  readonly role?: string;
}

// One window with its exact tmux layout.
export interface ManifestWindow {
  readonly index: number;
  readonly name: string;
  readonly layout: string;
  readonly active: boolean;
  readonly panes: readonly ManifestPane[];
  /** The worktree (under the project's .worktrees/) a `worktree add` window works in. */
  readonly worktree?: string;
}

// A Claude conversation: the pane it ran in ("WINDOW.PANE"), its id and launch arguments.
export interface ManifestClaude {
  readonly pane: string;
  readonly sessionId: string;
  readonly args: readonly string[];
  /** The transcript's name under transcripts/, when it came along. */
  readonly transcript?: string;
}

// The whole manifest.
export interface Manifest {
  readonly version: number;
  readonly session: string;
  readonly project: string;
  readonly template: string;
  readonly windows: readonly ManifestWindow[];
  readonly environment: Readonly<Record<string, string>>;
  readonly omittedSecrets: readonly string[];
  readonly claude: readonly ManifestClaude[];
  readonly transcripts: readonly string[];
}

// A bundle that cannot be imported; the message names the problem.
export class BundleError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

// Parse and check manifest.json's text; throws BundleError naming the first problem.
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${MANIFEST_FILE} is not JSON: ${(error as Error).message}`);
  }
  const m = object(value, MANIFEST_FILE);
  if (m['version'] !== MANIFEST_VERSION) throw new BundleError(`unknown bundle version ${JSON.stringify(m['version'])} (this claude-sessions reads version ${MANIFEST_VERSION})`);
  const windows = array(m['windows'], 'windows').map((w, i) => checkWindow(object(w, `windows[${i}]`), `windows[${i}]`));
  if (windows.length === 0) throw new BundleError(`${MANIFEST_FILE} has no windows`);
  const environment = object(m['environment'] ?? {}, 'environment');
  for (const [name, v] of Object.entries(environment)) {
    if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new BundleError(`environment: ${JSON.stringify(name)} is not a NAME=string variable`);
  }
  return {
    version: MANIFEST_VERSION,
    session: string(m['session'], 'session'),
    project: string(m['project'] ?? '', 'project'),
    template: string(m['template'] ?? '', 'template'),
    windows,
    environment: environment as Record<string, string>,
    omittedSecrets: array(m['omittedSecrets'] ?? [], 'omittedSecrets').map((s, i) => string(s, `omittedSecrets[${i}]`)),
    claude: array(m['claude'] ?? [], 'claude').map((c, i) => checkClaude(object(c, `claude[${i}]`), `claude[${i}]`)),
    transcripts: array(m['transcripts'] ?? [], 'transcripts').map((s, i) => string(s, `transcripts[${i}]`)),
  };
}

function checkWindow(w: Record<string, unknown>, where: string): ManifestWindow {
  const panes = array(w['panes'], `${where}.panes`).map((p, i) => checkPane(object(p, `${where}.panes[${i}]`), `${where}.panes[${i}]`));
  if (panes.length === 0) throw new BundleError(`${where} has no panes`);
  const worktree = w['worktree'] === undefined ? undefined : string(w['worktree'], `${where}.worktree`);
  // eslint-disable-next-line no-control-regex
  if (worktree !== undefined && (worktree === '' || worktree === '.' || worktree === '..' || /[/\u0000-\u001f\u007f]/.test(worktree))) {
    throw new BundleError(`${where}.worktree ${JSON.stringify(worktree)} is not a worktree name`);
  }
  const window = { index: integer(w['index'], `${where}.index`), name: string(w['name'] ?? '', `${where}.name`), layout: string(w['layout'] ?? '', `${where}.layout`), active: w['active'] === true, panes };
  return worktree === undefined ? window : { ...window, worktree };
}

function checkPane(p: Record<string, unknown>, where: string): ManifestPane {
  const cwd = string(p['cwd'] ?? '.', `${where}.cwd`);
  const outsideRoot = p['outsideRoot'] === true;
  if (!outsideRoot && (isAbsolute(cwd) || cwd.split('/').includes('..'))) throw new BundleError(`${where}.cwd ${JSON.stringify(cwd)} leaves the project root`);
  if (outsideRoot && !isAbsolute(cwd)) throw new BundleError(`${where}.cwd is marked outsideRoot but is not absolute`);
  const role = p['role'] === undefined ? undefined : string(p['role'], `${where}.role`);
  return {
    index: integer(p['index'], `${where}.index`),
    cwd,
    ...(outsideRoot ? { outsideRoot } : {}),
    command: string(p['command'] ?? '', `${where}.command`),
    title: string(p['title'] ?? '', `${where}.title`),
    active: p['active'] === true,
    ...(role ? { role } : {}),
  };
}

function checkClaude(c: Record<string, unknown>, where: string): ManifestClaude {
  const pane = string(c['pane'], `${where}.pane`);
  if (!/^\d+\.\d+$/.test(pane)) throw new BundleError(`${where}.pane must be WINDOW.PANE, not ${JSON.stringify(pane)}`);
  const sessionId = string(c['sessionId'], `${where}.sessionId`);
  if (!/^[A-Za-z0-9-]+$/.test(sessionId)) throw new BundleError(`${where}.sessionId ${JSON.stringify(sessionId)} is not a Claude session id`);
  const transcript = c['transcript'] === undefined ? undefined : string(c['transcript'], `${where}.transcript`);
  return { pane, sessionId, args: array(c['args'] ?? [], `${where}.args`).map((a, i) => string(a, `${where}.args[${i}]`)), ...(transcript ? { transcript } : {}) };
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BundleError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new BundleError(`${where} must be a list`);
  return value;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new BundleError(`${where} must be a string`);
  return value;
}

function integer(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100000) throw new BundleError(`${where} must be a small whole number`);
  return value;
}
