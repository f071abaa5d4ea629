// `claude-sessions import`: recreate a session from an export bundle.
// This module is loaded only for import: bundles bring the tar library, which other commands must not pay for.
import { importBundle } from '../bundle/import.ts';
import { formatPreview, needsConsent, type ImportPreview } from '../bundle/import-preview.ts';
import { askYesNo, canAsk } from '../cli/confirm.ts';
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

// import FILE [--as NAME] [--root DIR] [--allow-env NAME]... [--no-commands] [--yes] [--max-size SIZE] [--json]
export const importCommand = defineCommand({
  positionals: [{ name: 'file', description: 'a .claude-bundle.tar.gz written by export', required: true }],
  options: {
    as: { type: 'string', valueName: 'name', description: 'the new session name, or a project name (the prefix is added); default: the exported name' },
    root: { type: 'string', valueName: 'dir', description: 'the project folder pane folders are relative to (default: the current folder)' },
    'allow-env': { type: 'string', multiple: true, valueName: 'name', description: 'let the bundle set this variable although it changes what runs (PATH, PROMPT_COMMAND, LD_*, ...; see the README); repeat for each' },
    'no-commands': { type: 'boolean', description: 'build the layout only: type no command into the panes, start no Claude' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask before making the session (for scripts; the preview is still printed)' },
    'max-size': { type: 'string', valueName: 'size', description: `the most the bundle may expand to, e.g. 2G (default: the ${USER_OPTIONS.importMaxSize} option)` },
    json: { ...JSON_OPTION, description: 'print JSON: session, root, windows, panes, programs, layoutOnly, notes' },
  },
  async run({ values, positionals, client }) {
    const result = await importBundle(client, {
      file: positionals[0],
      as: values.as,
      root: values.root,
      allowEnv: values['allow-env'],
      maxSize: values['max-size'],
      noCommands: Boolean(values['no-commands']),
      confirm: (preview) => confirmImport(preview, Boolean(values.yes)),
    });
    if (values.json) return printJson(result);
    const started = result.layoutOnly ? 'layout only (--no-commands: no command typed, Claude not started)' : `${result.programs} programs started`;
    writeOut(`imported ${result.session}: ${result.windows} windows, ${result.panes} panes, ${started}, under ${result.root}\n`);
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
  },
});

// Show what the import would type and set, then ask y/N on the terminal; --yes does not
// ask, and without a terminal the import is refused rather than made unseen.
async function confirmImport(preview: ImportPreview, yes: boolean): Promise<boolean> {
  if (!needsConsent(preview)) return true;
  writeErr(formatPreview(preview));
  if (yes) return true;
  if (!canAsk()) throw new UserError('not asking without a terminal: the import would type the commands or set the variables above; pass --yes to import anyway (nothing was made)');
  return askYesNo('Make this session? (y/N) ');
}
