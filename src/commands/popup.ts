// `claude-sessions popup` (the switcher, as the @claude-sessions-key-switch popup runs it,
// or in any pane) and `claude-sessions pick --print` (the same list; prints the choice).
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { STATE_OPTIONS } from '../options/definitions.ts';
import { messageCommand, type TmuxClient } from '../tmux/index.ts';
import { writeErr, writeOut } from '../util/output.ts';

const CLIENT = { type: 'string', valueName: 'name', description: 'the tmux client to switch (default: the one the key was pressed in, or this pane\'s)' } as const;

export const popupCommand = defineCommand({
  name: 'popup',
  description: 'the switcher: find a workspace, session or project as you type, then switch to it, kill or rename it',
  options: {
    client: CLIENT,
    'from-key': { type: 'boolean', description: `run by the switcher key inside display-popup (the client comes from ${STATE_OPTIONS.popupClient})` },
    'close-key': { type: 'string', valueName: 'key', description: 'a tmux key name (C-e) that closes the switcher besides Esc' },
  },
  async run({ values, client }) {
    const fromKey = Boolean(values['from-key']);
    const clientName = (values['client'] as string | undefined) ?? (fromKey ? await keyClient(client) : undefined);
    try {
      await pickAndGo(client, clientName, closeInputOf(values['close-key'] as string | undefined));
    } catch (error) {
      // The popup is gone by now: say it where the user looks.
      if (!fromKey || !(error instanceof Error)) throw error;
      await client.run(messageCommand(error.message, { client: clientName || undefined, durationMs: 8000 })).catch(() => undefined);
      throw error;
    }
  },
});

export const pickCommand = defineCommand({
  name: 'pick',
  description: 'the switcher for scripts: with --print, print the chosen session name (a project\'s folder) instead of switching',
  options: {
    print: { type: 'boolean', description: 'print the choice on stdout instead of switching; exit 1 when closed without one' },
    client: CLIENT,
  },
  async run({ values, client }) {
    if (!values['print']) return pickAndGo(client, values['client'] as string | undefined, undefined);
    const { runSwitcher } = await import('../switcher/tui.ts');
    const { chosen } = await runSwitcher({ client });
    if (chosen === undefined) throw new UserError('nothing chosen', 1);
    writeOut(`${chosen.kind === 'project' ? chosen.projectDir : chosen.name}\n`);
  },
});

async function pickAndGo(client: TmuxClient, clientName: string | undefined, closeInput: string | undefined): Promise<void> {
  const { runSwitcher, goTo } = await import('../switcher/tui.ts');
  const { chosen } = await runSwitcher({ client, ...(closeInput === undefined ? {} : { closeInput }) });
  if (chosen === undefined) return;
  const destination = await goTo(client, chosen, clientName);
  if (destination.created) {
    for (const note of destination.created.notes) writeErr(`claude-sessions: ${note}\n`);
  }
}

// The client that pressed the key: the binding stored its name just before opening the popup.
async function keyClient(client: TmuxClient): Promise<string | undefined> {
  const name = (await client.run(['show-option', '-gqv', STATE_OPTIONS.popupClient]).catch(() => '')).trim();
  return name === '' ? undefined : name;
}

// The byte a tmux key name sends inside the popup, for C-a … C-z, C-\ and C-], except the
// ones that already mean something there (Tab, Enter, Backspace, the switcher's own keys);
// other keys type text, so only Esc closes.
export function closeInputOf(key: string | undefined): string | undefined {
  const match = /^C-([a-z\\\]])$/i.exec(key ?? '');
  if (!match) return undefined;
  const letter = (match[1] as string).toLowerCase();
  if ('hijmnpxrwucd'.includes(letter)) return undefined;
  return String.fromCharCode(letter.charCodeAt(0) & 0x1f);
}
