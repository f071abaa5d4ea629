// `claude-sessions export` / `import`: one session to a portable .tar.gz bundle and back.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';
import type { ImportPreview } from '../bundle/import-preview.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

// export SESSION [-o FILE] [--include-secrets] [--with-transcripts] [--json]
export const exportCommand = defineCommand({
  name: 'export',
  description: 'write a session (windows, panes, layouts, folders relative to its project, commands, environment, Claude ids) to a .tar.gz bundle',
  positionals: [{ name: 'session', description: 'a session name, or a project name (the prefix is added)', required: true }],
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'the bundle to write (default: ./SESSION-YYYYMMDD-HHMMSS.claude-bundle.tar.gz)' },
    'include-secrets': { type: 'boolean', description: 'keep the environment variables export leaves out as secrets (by name: TOKEN, KEY, PASS, PAT, AUTH, ...; by value: URLs with a password, API tokens, JWTs, private keys)' },
    'with-transcripts': { type: 'boolean', description: "add the Claude conversations' transcript files, so they resume on import" },
    json: { ...JSON_OPTION, description: 'print JSON: file, manifest, notes' },
  },
  async run({ values, positionals, client }) {
    // Loaded on demand: bundles bring the tar library, which other commands must not pay for.
    const bundle = await import('../bundle/export.ts');
    const { BundleError } = await import('../bundle/manifest.ts');
    let result;
    try {
      result = await bundle.exportSession(client, {
        session: positionals[0] as string,
        output: values['output'] as string | undefined,
        includeSecrets: Boolean(values['include-secrets']),
        withTranscripts: Boolean(values['with-transcripts']),
      });
    } catch (error) {
      if (error instanceof BundleError) throw new UserError(error.message);
      throw error;
    }
    const omitted = result.manifest.omittedSecrets;
    if (omitted.length > 0) {
      // Names only: a value never reaches the terminal or a log.
      const count = omitted.length === 1 ? '1 secret-looking variable' : `${omitted.length} secret-looking variables`;
      writeErr(`claude-sessions: left out ${count} (--include-secrets keeps them): ${omitted.join(', ')}\n`);
    }
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
    if (values['json']) return printJson(result);
    const panes = result.manifest.windows.reduce((sum, window) => sum + window.panes.length, 0);
    writeOut(`exported ${result.manifest.session} (${result.manifest.windows.length} windows, ${panes} panes) to ${result.file}\n`);
  },
});

// import FILE [--as NAME] [--root DIR] [--allow-env NAME]... [--no-commands] [--yes] [--max-size SIZE] [--json]
export const importCommand = defineCommand({
  name: 'import',
  description: 'recreate a session from an export bundle (checked whole first, then what it would type and set is shown and asked about: nothing is made when anything is wrong or the answer is no)',
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
    const bundle = await import('../bundle/import.ts');
    const { BundleError } = await import('../bundle/manifest.ts');
    const allowEnv = ((values['allow-env'] ?? []) as readonly string[]).slice();
    let result;
    try {
      result = await bundle.importBundle(client, {
        file: positionals[0] as string,
        as: values['as'] as string | undefined,
        root: values['root'] as string | undefined,
        allowEnv,
        maxSize: values['max-size'] as string | undefined,
        noCommands: Boolean(values['no-commands']),
        confirm: (preview) => confirmImport(preview, Boolean(values['yes'])),
      });
    } catch (error) {
      if (error instanceof BundleError) throw new UserError(error.message);
      throw error;
    }
    if (values['json']) return printJson(result);
    const started = result.layoutOnly ? 'layout only (--no-commands: no command typed, Claude not started)' : `${result.programs} programs started`;
    writeOut(`imported ${result.session}: ${result.windows} windows, ${result.panes} panes, ${started}, under ${result.root}\n`);
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
  },
});

// Show what the import would type and set, then ask y/N on the terminal; --yes does not
// ask, and without a terminal the import is refused rather than made unseen.
async function confirmImport(preview: ImportPreview, yes: boolean): Promise<boolean> {
  const { formatPreview, needsConsent } = await import('../bundle/import-preview.ts');
  if (!needsConsent(preview)) return true;
  writeErr(formatPreview(preview));
  if (yes) return true;
  const { askYesNo, canAsk } = await import('../cli/confirm.ts');
  if (!canAsk()) throw new UserError('not asking without a terminal: the import would type the commands or set the variables above; pass --yes to import anyway (nothing was made)');
  return askYesNo('Make this session? (y/N) ');
}
