// `claude-sessions export`: one session to a portable .tar.gz bundle.
// This module is loaded only for export: bundles bring the tar library, which other commands must not pay for.
import { exportSession } from '../bundle/export.ts';
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// export SESSION [-o FILE] [--include-secrets] [--with-transcripts] [--json]
export const exportCommand = defineCommand({
  positionals: [{ name: 'session', description: 'a session name, or a project name (the prefix is added)', required: true }],
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'the bundle to write (default: ./SESSION-YYYYMMDD-HHMMSS.claude-bundle.tar.gz)' },
    'include-secrets': { type: 'boolean', description: 'keep the environment variables export leaves out as secrets (by name: TOKEN, KEY, PASS, PAT, AUTH, ...; by value: URLs with a password, API tokens, JWTs, private keys)' },
    'with-transcripts': { type: 'boolean', description: "add the Claude conversations' transcript files, so they resume on import" },
    json: { ...JSON_OPTION, description: 'print JSON: file, manifest, notes' },
  },
  async run({ values, positionals, client }) {
    const result = await exportSession(client, {
      session: positionals[0],
      output: values.output,
      includeSecrets: Boolean(values['include-secrets']),
      withTranscripts: Boolean(values['with-transcripts']),
    });
    const omitted = result.manifest.omittedSecrets;
    if (omitted.length > 0) {
      // Names only: a value never reaches the terminal or a log.
      const count = omitted.length === 1 ? '1 secret-looking variable' : `${omitted.length} secret-looking variables`;
      writeErr(`claude-sessions: left out ${count} (--include-secrets keeps them): ${omitted.join(', ')}\n`);
    }
    for (const note of result.notes) writeErr(`claude-sessions: ${note}\n`);
    if (values.json) return printJson(result);
    const panes = result.manifest.windows.reduce((sum, window) => sum + window.panes.length, 0);
    writeOut(`exported ${result.manifest.session} (${result.manifest.windows.length} windows, ${panes} panes) to ${result.file}\n`);
  },
});
