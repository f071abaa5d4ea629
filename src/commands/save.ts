// `claude-sessions save`: the server (or one session) to a tmux-resurrect save file.
// This module is loaded only for save: saving brings node:crypto, which other commands must not pay for.
import { DISPLAY_OPTION, defineCommand, JSON_OPTION } from '../cli/define.ts';
import { saveServer } from '../save/save.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { count, notify, printJson } from './context.ts';

// save [--session NAME] [--quiet] [--display] [--json]
export const saveCommand = defineCommand({
  options: {
    session: { type: 'string', valueName: 'name', description: "save only this session's lines (exact name); `last` is left as it is" },
    quiet: { type: 'boolean', short: 'q', description: 'print nothing on success' },
    display: DISPLAY_OPTION,
    json: { ...JSON_OPTION, description: 'print JSON: unchanged, file, sessions, panes, pruned, warnings' },
  },
  async run({ values, client }) {
    const result = await saveServer(client, { sessionFilter: values.session });
    if (values.json) return printJson(result);
    if (values.display) {
      const what = result.unchanged ? 'nothing changed since the last save' : `saved ${count(result.sessions, 'session')}, ${count(result.panes, 'pane')}`;
      return notify(client, [what, ...result.warnings].join('; '), true);
    }
    if (values.quiet) return;
    for (const warning of result.warnings) writeErr(`claude-sessions: ${warning}\n`);
    if (result.unchanged) return void writeOut(`unchanged since ${result.file}\n`);
    writeOut(`saved ${count(result.sessions, 'session')}, ${count(result.panes, 'pane')} to ${result.file}\n`);
  },
});
