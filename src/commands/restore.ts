// `claude-sessions restore`: a save (tmux-resurrect's or ours) back into the server.
// This module is loaded only for restore: only restores pay for the persistence modules.
import { clientOption, DISPLAY_OPTION, defineCommand, JSON_OPTION } from '../cli/define.ts';
import { registerClaudeRestorer } from '../restore/claude-resume.ts';
import { NothingToRestoreError, restoreServer } from '../restore/restore.ts';
import { resolveSaveFile } from '../save/summaries.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { appendLog } from '../util/state-dir.ts';
import { count, notify, printJson } from './context.ts';

// restore [--file FILE] [--session NAME] [--client NAME] [--auto] [--display] [--json]
export const restoreCommand = defineCommand({
  options: {
    file: { type: 'string', valueName: 'file', description: 'a save file: a path, a name in the save folder, or `last` (default: last)' },
    session: { type: 'string', valueName: 'name', description: 'restore only this session' },
    client: clientOption('the client to put back on its saved sessions (default: the most recently active)'),
    auto: { type: 'boolean', description: 'server start: restore only into a fresh server, replacing its first session only if it is provably untouched' },
    display: DISPLAY_OPTION,
    json: { ...JSON_OPTION, description: 'print JSON: file, restored, skipped, notes, warnings, panes, programs' },
  },
  async run({ values, client }) {
    registerClaudeRestorer();
    let result;
    try {
      result = await restoreServer(client, {
        file: values.file,
        sessionFilter: values.session,
        clientName: values.client,
        auto: Boolean(values.auto),
        resolveFile: (dir, argument) => resolveSaveFile(dir, argument, process.cwd()),
      });
    } catch (error) {
      if (values.auto) logServerStart(`skipped: ${error instanceof Error ? error.message : String(error)}`);
      // At server start (--auto from the entrypoint) an empty save is nothing to tell on screen.
      if (values.auto && values.display && error instanceof NothingToRestoreError) return;
      throw error;
    }
    if (values.json) return printJson(result);
    const summary = result.restored.length === 0
      ? `nothing restored from ${result.file}`
      : `restored ${count(result.restored.length, 'session')}, ${count(result.panes, 'pane')} from ${result.file}`;
    const skipped = result.skipped.map((entry) => `skipped ${entry.name}: ${entry.reason}`);
    if (values.auto) logServerStart([summary, ...skipped, ...result.notes].join('; '));
    if (values.display) {
      const extra = [...skipped, ...result.notes].length;
      return notify(client, `${summary}${extra > 0 ? ` (${extra} notes: claude-sessions restore --json shows them)` : ''}`, true).catch(() => undefined);
    }
    writeOut(`${summary}\n`);
    for (const line of [...skipped, ...result.notes, ...result.warnings]) writeErr(`claude-sessions: ${line}\n`);
  },
});

// The restore at server start runs in the background (from the entrypoint, or from
// tmux-continuum): what it did or why it did nothing goes to events.log.
function logServerStart(line: string): void {
  try {
    appendLog('events.log', `server-start restore: ${line}`);
  } catch {
    // nowhere to report to; the restore's own outcome stands
  }
}
