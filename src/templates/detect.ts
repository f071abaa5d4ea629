// Which built-in template fits a project folder, judged from its marker files.
// Synchronous fs on purpose: node:fs is loaded at start-up, node:fs/promises costs ~3 ms.
import { readFileSync as readFile, statSync as stat } from 'node:fs';
import { join } from 'node:path';

// The built-in templates a project can be detected as.
export type DetectedType = 'react' | 'node' | 'python' | 'go' | 'rust' | 'generic';

// A detected template and the sentence that explains why, for `new` to show the user.
export interface Detection {
  readonly template: DetectedType;
  readonly reason: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies'] as const;

// Markers checked after package.json, in order of precedence.
const MARKERS: ReadonlyArray<readonly [file: string, template: DetectedType]> = [
  ['requirements.txt', 'python'],
  ['pyproject.toml', 'python'],
  ['go.mod', 'go'],
  ['Cargo.toml', 'rust'],
];

// Detect the project type of `dir`: package.json first (react or node), then python, go, rust.
export async function detectProjectType(dir: string): Promise<Detection> {
  await requireFolder(dir);
  const packageJson = join(dir, 'package.json');
  if (await isFile(packageJson)) return detectFromPackageJson(packageJson);
  for (const [file, template] of MARKERS) {
    if (await isFile(join(dir, file))) return { template, reason: `found ${file}` };
  }
  return { template: 'generic', reason: 'no project markers found' };
}

async function requireFolder(dir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = stat(dir).isDirectory();
  } catch (error) {
    if (isMissing(error)) throw new Error(`project folder not found: ${dir}`);
    throw error;
  }
  if (!isDirectory) throw new Error(`not a folder: ${dir}`);
}

// react when any dependency list names react; a package.json we cannot read still means node.
async function detectFromPackageJson(path: string): Promise<Detection> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFile(path, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) {
      return { template: 'node', reason: 'package.json is not valid JSON (treated as node)' };
    }
    return { template: 'node', reason: `package.json could not be read (treated as node): ${errorCode(error)}` };
  }
  for (const field of DEPENDENCY_FIELDS) {
    if (hasDependency(manifest, field, 'react')) {
      const where = field === 'dependencies' ? '' : ` (in ${field})`;
      return { template: 'react', reason: `package.json depends on react${where}` };
    }
  }
  return { template: 'node', reason: 'found package.json (no react dependency)' };
}

function hasDependency(manifest: unknown, field: string, name: string): boolean {
  if (!isRecord(manifest)) return false;
  const deps = manifest[field];
  return isRecord(deps) && Object.hasOwn(deps, name);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return stat(path).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorCode(error: unknown): string {
  return isRecord(error) && typeof error['code'] === 'string' ? error['code'] : String(error);
}
