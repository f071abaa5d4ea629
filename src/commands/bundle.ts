// `claude-sessions export` / `import`: one session to a portable .tar.gz bundle and back.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// export SESSION [-o FILE] [--include-secrets] [--with-transcripts] [--json]
export const exportCommand = defineCommand({
  name: 'export',
  description: 'write a session (windows, panes, layouts, folders relative to its project, commands, environment, Claude ids) to a .tar.gz bundle',
  positionals: [{ name: 'session', description: 'a session name, or a project name (the prefix is added)', required: true }],
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'the bundle to write (default: ./SESSION-YYYYMMDD-HHMMSS.claude-bundle.tar.gz)' },
    'include-secrets': { type: 'boolean', description: 'keep environment variables whose names contain KEY, TOKEN, SECRET or PASSWORD' },
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
    if (result.manifest.omittedSecrets.length > 0) {
      writeErr(`claude-sessions: left out secret-looking variables (--include-secrets keeps them): ${result.manifest.omittedSecrets.join(', ')}\n`);
    }
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
    if (values['json']) return printJson(result);
    const panes = result.manifest.windows.reduce((sum, window) => sum + window.panes.length, 0);
    writeOut(`exported ${result.manifest.session} (${result.manifest.windows.length} windows, ${panes} panes) to ${result.file}\n`);
  },
});

// import FILE [--as NAME] [--root DIR] [--max-size SIZE] [--json]
export const importCommand = defineCommand({
  name: 'import',
  description: 'recreate a session from an export bundle (checked whole first: nothing is made when anything is wrong)',
  positionals: [{ name: 'file', description: 'a .claude-bundle.tar.gz written by export', required: true }],
  options: {
    as: { type: 'string', valueName: 'name', description: 'the new session name, or a project name (the prefix is added); default: the exported name' },
    root: { type: 'string', valueName: 'dir', description: 'the project folder pane folders are relative to (default: the current folder)' },
    'max-size': { type: 'string', valueName: 'size', description: 'the most the bundle may expand to, e.g. 2G (default: the @claude-sessions-import-max-size option)' },
    json: { ...JSON_OPTION, description: 'print JSON: session, root, windows, panes, programs, notes' },
  },
  async run({ values, positionals, client }) {
    const bundle = await import('../bundle/import.ts');
    const { BundleError } = await import('../bundle/manifest.ts');
    let result;
    try {
      result = await bundle.importBundle(client, { file: positionals[0] as string, as: values['as'] as string | undefined, root: values['root'] as string | undefined, maxSize: values['max-size'] as string | undefined });
    } catch (error) {
      if (error instanceof BundleError) throw new UserError(error.message);
      throw error;
    }
    if (values['json']) return printJson(result);
    writeOut(`imported ${result.session}: ${result.windows} windows, ${result.panes} panes, ${result.programs} programs started, under ${result.root}\n`);
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
  },
});
