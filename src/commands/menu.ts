// `claude-sessions menu --client NAME`: the switcher key on tmux older than 3.2, which has no
// display-popup. One display-menu (tmux >= 3.0) of the switcher's rows in the same order:
// sessions (by id), then projects (created with `new`), then tmux's own session tree.
import { dirname, join } from 'node:path';
import { clientOption, defineCommand } from '../cli/define.ts';
import { loadRows } from '../switcher/rows.ts';
import { UserError } from '../util/errors.ts';
import { shellQuote } from '../util/shell-words.ts';
import { STATE_OPTIONS } from '../options/definitions.ts';
import { formatLiteral, TmuxError, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import type { SwitcherRow } from '../switcher/types.ts';

// tmux menus show this many items well; the rest are in "all sessions…".
export const MENU_ITEMS = 30;
const SHORTCUTS = '123456789abcdefghijklmnopqrstuvwxyz';

export const menuCommand = defineCommand({
  options: {
    client: clientOption('the tmux client to show the menu on and switch'),
  },
  async run({ values, client }) {
    const clientName = values.client;
    const [{ rows }, bin] = await Promise.all([loadRows(client), shimPath(client)]);
    try {
      await client.run(menuCommands(rows, clientName, bin));
    } catch (error) {
      if (error instanceof TmuxError && (error.kind === 'not-found' || /client/i.test(error.message))) {
        throw new UserError(`cannot show the menu: ${clientName ? `no client ${clientName}` : 'no attached client'} (${error.message})`);
      }
      throw error;
    }
  },
});

// The display-menu command for rows, shown on client (tmux's current client when undefined);
// bin is the shim's path, which project items run.
export function menuCommands(rows: readonly SwitcherRow[], client: string | undefined, bin: string): TmuxCommand {
  const items: string[] = [];
  const sessions = rows.filter((row) => row.kind !== 'project' && row.sessionId !== undefined);
  const projects = rows.filter((row) => row.kind === 'project' && row.projectDir !== undefined);
  const clientFlag = client === undefined ? '' : ` -c ${tmuxQuote(client)}`;
  [...sessions, ...projects].slice(0, MENU_ITEMS).forEach((row, index) => {
    const command =
      row.kind === 'project'
        ? `run-shell -b ${tmuxQuote(formatLiteral(newCommandLine(bin, client, row.projectDir as string)))}`
        : `switch-client${clientFlag} -t ${tmuxQuote(row.sessionId as string)}`;
    items.push(itemName(row), SHORTCUTS[index] ?? '', formatLiteral(command));
  });
  // A separator is one empty argument; choose-tree runs on the menu's client.
  items.push('', 'all sessions…', '', 'choose-tree -Zs');
  return ['display-menu', ...(client === undefined ? [] : ['-c', client]), '-T', '#[align=centre]claude-sessions', '--', ...items];
}

// What an item shows: the agent marks, then the name ("+" marks a project), taken literally
// by tmux (formats expanded, so # doubled). A name tmux would read as "disabled" (a leading
// "-") gets a space in front.
function itemName(row: SwitcherRow): string {
  const label = row.kind === 'project' ? `+ ${row.name}` : row.marks === '' ? row.name : `${row.marks} ${row.name}`;
  return formatLiteral(label.startsWith('-') ? ` ${label}` : label);
}

// The shell command that creates a project's workspace on client.
function newCommandLine(bin: string, client: string | undefined, dir: string): string {
  return [shellQuote(bin), 'new', '--display', ...(client === undefined ? [] : ['--client', shellQuote(client)]), '--', shellQuote(dir)].join(' ');
}

// One argument for tmux's command parser: single quotes (nothing is special inside), else
// double quotes with \, " and $ escaped.
export function tmuxQuote(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  return `"${text.replace(/[\\"$]/g, '\\$&')}"`;
}

// The shim the key bindings run (set by the entrypoint), else the one next to this bundle.
async function shimPath(client: TmuxClient): Promise<string> {
  const bin = (await client.run(['show-option', '-gqv', STATE_OPTIONS.bin]).catch(() => '')).trim();
  return bin !== '' ? bin : join(dirname(process.argv[1] ?? '.'), '..', 'scripts', 'claude-sessions');
}
