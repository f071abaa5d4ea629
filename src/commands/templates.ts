// `claude-sessions templates ls|show|import`.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { renderTable } from '../util/table.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

const ACTIONS = ['ls', 'show', 'import'] as const;

export const templatesCommand = defineCommand({
  name: 'templates',
  description: 'templates ls | templates show NAME | templates import FILE (a tmuxinator or tmuxp YAML)',
  positionals: [
    { name: 'action', required: true, description: `one of: ${ACTIONS.join(', ')}` },
    { name: 'name', description: 'template name (show) or file to convert (import)' },
  ],
  options: {
    json: JSON_OPTION,
    name: { type: 'string', valueName: 'name', description: 'import: the new template\'s name (default: the file\'s name)' },
    force: { type: 'boolean', description: 'import: replace a user template of the same name' },
  },
  async run({ values, positionals }) {
    const [action, argument] = positionals;
    const lookup = await import('../templates/lookup.ts');
    const projectDir = process.cwd();
    if (action === 'ls') {
      const templates = await lookup.listTemplates({ projectDir });
      if (values['json']) return printJson(templates);
      const rows = templates.map((t) => [
        t.name,
        t.source,
        t.error ? `broken: ${t.error}` : t.shadowedBy ? `(hidden by ${t.shadowedBy}) ${t.description}` : t.description,
      ]);
      writeOut(renderTable(['NAME', 'SOURCE', 'DESCRIPTION'], rows));
      return;
    }
    if (action === 'show') {
      if (!argument) throw new UserError('templates show needs a NAME', 2);
      const { template, warnings } = await lookup.loadTemplate(argument, { projectDir });
      for (const warning of warnings) writeErr(`claude-sessions: ${warning.file}:${warning.line}:${warning.column}: ${warning.message}\n`);
      if (values['json']) return printJson(template);
      const { renderTemplateYaml } = await import('../templates/render.ts');
      writeOut(renderTemplateYaml(template));
      return;
    }
    if (action === 'import') {
      if (!argument) throw new UserError('templates import needs a FILE (tmuxinator or tmuxp YAML)', 2);
      await importTemplate(resolve(argument), values['name'] as string | undefined, values['force'] === true, lookup.userTemplateDir());
      return;
    }
    throw new UserError(`unknown templates action '${action}' (one of: ${ACTIONS.join(', ')})`, 2);
  },
});

// Convert a peer's config and write it into the user's template folder, atomically.
async function importTemplate(file: string, name: string | undefined, force: boolean, userDir: string): Promise<void> {
  const { convertPeerConfig } = await import('../templates/import-peers.ts');
  const { parseTemplate } = await import('../templates/parse.ts');
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
