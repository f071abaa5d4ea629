// `claude-sessions export`: one session to a portable .tar.gz bundle.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

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
