// `claude-sessions save`: the server (or one session) to a tmux-resurrect save file.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { notify, printJson } from './context.ts';

// save [--session NAME] [--quiet] [--display] [--json]
export const saveCommand = defineCommand({
  name: 'save',
  description: 'save every session, window and pane to a tmux-resurrect file (nothing is written when nothing changed)',
  options: {
    session: { type: 'string', valueName: 'name', description: "save only this session's lines (exact name); `last` is left as it is" },
    quiet: { type: 'boolean', short: 'q', description: 'print nothing on success' },
    display: { type: 'boolean', description: 'report in the tmux message line (for key bindings)' },
    json: { ...JSON_OPTION, description: 'print JSON: unchanged, file, sessions, panes, pruned, warnings' },
  },
  async run({ values, client }) {
    // Loaded on demand: saving brings node:crypto, which other commands must not pay for.
    const save = await import('../save/save.ts');
    const display = Boolean(values['display']);
    let result;
    try {
      result = await save.saveServer(client, { sessionFilter: values['session'] as string | undefined });
    } catch (error) {
      if (!(error instanceof save.NothingToSaveError || error instanceof save.SaveLockedError || error instanceof save.SaveFolderError)) throw error;
      if (!display) throw new UserError(error.message);
      return notify(client, error.message, true);
    }
    if (values['json']) return printJson(result);
    if (display) {
      const what = result.unchanged ? 'nothing changed since the last save' : `saved ${count(result.sessions, 'session')}, ${count(result.panes, 'pane')}`;
      return notify(client, [what, ...result.warnings].join('; '), true);
    }
    if (values['quiet']) return;
    for (const warning of result.warnings) writeErr(`claude-sessions: ${warning}\n`);
    if (result.unchanged) return void writeOut(`unchanged since ${result.file}\n`);
    writeOut(`saved ${count(result.sessions, 'session')}, ${count(result.panes, 'pane')} to ${result.file}\n`);
  },
});

// "3 panes", "1 session"
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
