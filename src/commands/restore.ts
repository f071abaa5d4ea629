// `claude-sessions restore`: a save (tmux-resurrect's or ours) back into the server.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { notify, printJson } from './context.ts';
import { count } from './persist.ts';

// restore [--file FILE] [--session NAME] [--client NAME] [--auto] [--display] [--json]
export const restoreCommand = defineCommand({
  name: 'restore',
  description: 'restore the sessions of a save that are not running; existing sessions are never touched',
  options: {
    file: { type: 'string', valueName: 'file', description: 'a save file: a path, a name in the save folder, or `last` (default: last)' },
    session: { type: 'string', valueName: 'name', description: 'restore only this session' },
    client: { type: 'string', valueName: 'name', description: 'the client to put back on its saved sessions (default: the most recently active)' },
    auto: { type: 'boolean', description: 'server start: restore only into a fresh server, replacing its first session only if it is provably untouched' },
    display: { type: 'boolean', description: 'report in the tmux message line (for key bindings)' },
    json: { ...JSON_OPTION, description: 'print JSON: file, restored, skipped, notes, warnings, panes, programs' },
  },
  async run({ values, client }) {
    // Loaded on demand, like save: only restores pay for the persistence modules.
    const restore = await import('../restore/restore.ts');
    (await import('../restore/claude-resume.ts')).registerClaudeRestorer();
    const { resolveSaveFile } = await import('../save/summaries.ts');
    const display = Boolean(values['display']);
    let result;
    try {
      result = await restore.restoreServer(client, {
        file: values['file'] as string | undefined,
        sessionFilter: values['session'] as string | undefined,
        clientName: values['client'] as string | undefined,
        auto: Boolean(values['auto']),
        resolveFile: (dir, argument) => resolveSaveFile(dir, argument, process.cwd()),
      });
    } catch (error) {
      const known = await import('../restore/errors.ts');
      if (!known.isRestoreError(error) && !(error instanceof UserError)) throw error;
      const message = (error as Error).message;
      if (!display) throw error instanceof UserError ? error : new UserError(message);
      if (values['auto'] && error instanceof restore.NothingToRestoreError) return;
      return notify(client, message, true).catch(() => undefined);
    }
    if (values['json']) return printJson(result);
    const summary = result.restored.length === 0
      ? `nothing restored from ${result.file}`
      : `restored ${count(result.restored.length, 'session')}, ${count(result.panes, 'pane')} from ${result.file}`;
    const skipped = result.skipped.map((entry) => `skipped ${entry.name}: ${entry.reason}`);
    if (display) {
      const extra = [...skipped, ...result.notes].length;
      return notify(client, `${summary}${extra > 0 ? ` (${extra} notes: claude-sessions restore --json shows them)` : ''}`, true).catch(() => undefined);
    }
    writeOut(`${summary}\n`);
    for (const line of [...skipped, ...result.notes, ...result.warnings]) writeErr(`claude-sessions: ${line}\n`);
  },
});
