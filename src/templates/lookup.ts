// Finding a template by name: --template-file, then the project file, the user's folder, the built-ins.
// Synchronous fs on purpose: node:fs is loaded at start-up, node:fs/promises costs ~3 ms.
import { readdirSync as readdir, readFileSync as readFile } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { BUILTIN_TEMPLATES } from './builtin/index.ts';
import { builtinTemplate } from './builtin/parsed.ts';
import { TemplateError, type Template, type TemplateWarning } from './types.ts';


// Where templates may come from; each is optional.
export interface TemplateSources {
  /** An explicit file (--template-file): used whatever the name. */
  templateFile?: string;
  /** The project folder, which may hold `.claude-sessions.yaml`. */
  projectDir?: string;
  /** The user's template folder; default userTemplateDir(). */
  userDir?: string;
}

// One line of `templates list`.
export interface TemplateListing {
  readonly name: string;
  /** A file path, or 'built-in'. */
  readonly source: string;
  readonly description: string;
  /** The source of the template that wins for this name, when it is not this one. */
  readonly shadowedBy?: string;
  /** Why this file cannot be used (it is listed rather than thrown). */
  readonly error?: string;
}

// A parsed template and what was questionable about it.
export interface LoadedTemplate {
  readonly template: Template;
  readonly warnings: TemplateWarning[];
}

// The file names a project's own template may have, in order of preference.
export const PROJECT_TEMPLATE_FILES = ['.claude-sessions.yaml', '.claude-sessions.yml'] as const;

// The template used when no name is given and the project has no file of its own.
export const DEFAULT_TEMPLATE_NAME = 'generic';

// The name of a project file that has no `name:` key.
export const PROJECT_TEMPLATE_FALLBACK_NAME = 'project';

const BUILTIN_SOURCE = 'built-in';
const EXTENSIONS = ['.yaml', '.yml'] as const;

// The user's template folder: ${XDG_CONFIG_HOME:-~/.config}/claude-sessions/templates.
export function userTemplateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec says relative values are invalid and must be ignored.
  const configHome = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(configHome, 'claude-sessions', 'templates');
}

// Load the template called `name` (or the project's own, or the default) from the first source that has it.
export async function loadTemplate(name: string | undefined, sources: TemplateSources): Promise<LoadedTemplate> {
  if (sources.templateFile !== undefined) {
    const text = await readTemplateFile(sources.templateFile);
    return (await yamlParser())(text, sources.templateFile, stemOf(sources.templateFile));
  }
  const looked: string[] = [];
  if (sources.projectDir !== undefined) {
    const project = await readProjectFile(sources.projectDir);
    if (project !== undefined) {
      const loaded = (await yamlParser())(project.text, project.path, PROJECT_TEMPLATE_FALLBACK_NAME);
      if (name === undefined || loaded.template.name === name) return loaded;
      looked.push(`${project.path} (named '${loaded.template.name}')`);
    } else {
      looked.push(join(sources.projectDir, PROJECT_TEMPLATE_FILES[0]));
    }
  }
  const wanted = name ?? DEFAULT_TEMPLATE_NAME;
  assertTemplateName(wanted);
  const userDir = sources.userDir ?? userTemplateDir();
  for (const extension of EXTENSIONS) {
    const path = join(userDir, `${wanted}${extension}`);
    const text = await readTemplateFile(path, { missingOk: true });
    if (text !== undefined) return (await yamlParser())(text, path, wanted);
    looked.push(path);
  }
  const builtin = builtinTemplate(wanted);
  if (builtin !== undefined) return { template: builtin, warnings: [] };
  looked.push(`the built-in templates (${Object.keys(BUILTIN_TEMPLATES).join(', ')})`);
  throw new TemplateError(wanted, 0, 0, `no template named '${wanted}' (looked in ${looked.join(', ')})`);
}

// Every template that can be chosen, by name; later sources of a name say which one shadows them.
export async function listTemplates(sources: TemplateSources): Promise<TemplateListing[]> {
  const parseTemplate = await yamlParser();
  const listingOf = (text: string, source: string, name: string, byFileName: boolean) =>
    listingFor(parseTemplate, text, source, name, byFileName);
  const listings: TemplateListing[] = [];
  if (sources.projectDir !== undefined) {
    const project = await readProjectFile(sources.projectDir).catch((error: unknown) => error as TemplateError);
    if (project instanceof TemplateError) listings.push(brokenListing(PROJECT_TEMPLATE_FALLBACK_NAME, project.file, project));
    else if (project !== undefined) listings.push(listingOf(project.text, project.path, PROJECT_TEMPLATE_FALLBACK_NAME, false));
  }
  const userDir = sources.userDir ?? userTemplateDir();
  for (const file of await templateFilesIn(userDir)) {
    const path = join(userDir, file);
    const text = await readTemplateFile(path).catch((error: unknown) => error as TemplateError);
    listings.push(text instanceof TemplateError ? brokenListing(stemOf(file), path, text) : listingOf(text, path, stemOf(file), true));
  }
  for (const [name, text] of Object.entries(BUILTIN_TEMPLATES)) listings.push(listingOf(text, BUILTIN_SOURCE, name, true));
  return markShadowed(listings);
}

type ParseTemplate = (typeof import('./parse.ts'))['parseTemplate'];

// The YAML template parser, loaded on first use: built-in templates need no parsing, so
// `new` with a built-in never loads the YAML library.
async function yamlParser(): Promise<ParseTemplate> {
  return (await import('./parse.ts')).parseTemplate;
}

// Refuse names that would reach outside the template folder.
function assertTemplateName(name: string): void {
  if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) {
    throw new TemplateError(name, 0, 0, `'${name}' is not a template name (no '/', '\\', or leading '.')`);
  }
}

async function readProjectFile(projectDir: string): Promise<{ path: string; text: string } | undefined> {
  for (const file of PROJECT_TEMPLATE_FILES) {
    const path = join(projectDir, file);
    const text = await readTemplateFile(path, { missingOk: true });
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

// A file's text; a missing file is undefined when `missingOk`, any other failure a TemplateError.
async function readTemplateFile(path: string, options: { missingOk: true }): Promise<string | undefined>;
async function readTemplateFile(path: string): Promise<string>;
async function readTemplateFile(path: string, options?: { missingOk: true }): Promise<string | undefined> {
  try {
    return readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options?.missingOk && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new TemplateError(path, 0, 0, `cannot read the file (${osReason(error)})`);
  }
}

// The .yaml/.yml files of the user's folder, sorted, .yaml before .yml for the same name.
async function templateFilesIn(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new TemplateError(dir, 0, 0, `cannot read the template folder (${osReason(error)})`);
  }
  const files = entries.filter((file) => /\.ya?ml$/i.test(file) && !file.startsWith('.'));
  const rank = (file: string): string => `${stemOf(file)}\0${file.toLowerCase().endsWith('.yaml') ? 0 : 1}`;
  return files.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

// A listing for a template text; `byFileName` names it as lookup finds it (the file's stem).
function listingFor(
  parseTemplate: ParseTemplate,
  text: string,
  source: string,
  name: string,
  byFileName: boolean,
): TemplateListing {
  try {
    const { template } = parseTemplate(text, source, name);
    return { name: byFileName ? name : template.name, source, description: template.description };
  } catch (error) {
    return brokenListing(name, source, error);
  }
}

function brokenListing(name: string, source: string, error: unknown): TemplateListing {
  return { name, source, description: '', error: error instanceof Error ? error.message : String(error) };
}

// Sort by name (stable, so sources stay in lookup order) and mark all but the first of each name.
function markShadowed(listings: TemplateListing[]): TemplateListing[] {
  const sorted = [...listings].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const winners = new Map<string, string>();
  return sorted.map((listing) => {
    const winner = winners.get(listing.name);
    if (winner === undefined) {
      winners.set(listing.name, listing.source);
      return listing;
    }
    return { ...listing, shadowedBy: winner };
  });
}

function stemOf(path: string): string {
  return basename(path).replace(/\.ya?ml$/i, '');
}

// "EACCES: permission denied" from Node's "EACCES: permission denied, open '/x'".
function osReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+ '[^']*'$/, '');
}
