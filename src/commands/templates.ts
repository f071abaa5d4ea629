// `claude-sessions templates ls|show|import`: the workspace templates, and tmuxinator/tmuxp configs made into ones.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { defineCommand, defineGroup, JSON_OPTION } from '../cli/define.ts';
import { convertPeerConfig } from '../templates/import-peers.ts';
import { listTemplates, loadTemplate, userTemplateDir } from '../templates/lookup.ts';
import { parseTemplate } from '../templates/parse.ts';
import { renderTemplateYaml } from '../templates/render.ts';
import { UserError } from '../util/errors.ts';
import { renderTable } from '../util/table.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// templates ls [--json]
const lsCommand = defineCommand({
  description: 'list the templates: built-in, your own, and the project\'s (.claude-sessions.yaml), and which hides which',
  options: { json: JSON_OPTION },
  async run({ values }) {
    const templates = await listTemplates({ projectDir: process.cwd() });
    if (values.json) return printJson(templates);
    const rows = templates.map((t) => [
      t.name,
      t.source,
      t.error ? `broken: ${t.error}` : t.shadowedBy ? `(hidden by ${t.shadowedBy}) ${t.description}` : t.description,
    ]);
    writeOut(renderTable(['NAME', 'SOURCE', 'DESCRIPTION'], rows));
  },
});

// templates show NAME [--json]
const showCommand = defineCommand({
  description: 'print a template as the YAML it is read as (or JSON)',
  positionals: [{ name: 'name', required: true, description: 'template name' }],
  options: { json: JSON_OPTION },
  async run({ values, positionals: [name] }) {
    const { template, warnings } = await loadTemplate(name, { projectDir: process.cwd() });
    for (const warning of warnings) writeErr(`claude-sessions: ${warning.file}:${warning.line}:${warning.column}: ${warning.message}\n`);
    if (values.json) return printJson(template);
    writeOut(renderTemplateYaml(template));
  },
});

// templates import FILE [--name NAME] [--force]
const importCommand = defineCommand({
  description: 'convert a tmuxinator or tmuxp YAML into a template of your own',
  positionals: [{ name: 'file', required: true, description: 'the tmuxinator or tmuxp YAML to convert' }],
  options: {
    name: { type: 'string', valueName: 'name', description: 'the new template\'s name (default: the file\'s name)' },
    force: { type: 'boolean', description: 'replace a user template of the same name' },
  },
  run({ values, positionals: [file] }) {
    importTemplate(resolve(file), values.name, values.force === true, userTemplateDir());
  },
});

// templates ls | show | import
export const templatesCommand = defineGroup({ subcommands: { ls: lsCommand, show: showCommand, import: importCommand } });

// Convert a peer's config and write it into the user's template folder, atomically.
function importTemplate(file: string, name: string | undefined, force: boolean, userDir: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const templateName = name ?? basename(file).replace(/\.(ya?ml)$/i, '');
  // The name becomes a file name in the template folder: nothing that leaves it.
  if (templateName === '' || templateName.startsWith('.') || /[/\\\0]/.test(templateName)) {
    throw new UserError(`'${templateName}' is not a template name (no '/', '\\', or leading '.')`, 2);
  }
  let converted;
  try {
    converted = convertPeerConfig(text, file, templateName);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  parseTemplate(converted.yaml, `${templateName}.yaml`, templateName); // refuse to write what would not load
  const target = join(userDir, `${templateName}.yaml`);
  if (existsSync(target) && !force) throw new UserError(`${target} exists (use --force to replace it)`);
  mkdirSync(userDir, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, converted.yaml);
  renameSync(temporary, target);
  writeOut(`imported ${converted.format} config ${file} as template ${templateName}: ${target}\n`);
  for (const item of converted.dropped) writeErr(`claude-sessions: not converted: ${item}\n`);
}
