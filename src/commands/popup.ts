// `claude-sessions popup`: the switcher, as the @claude-sessions-key-switch popup runs it, or in any pane.
import { clientOption, defineCommand } from '../cli/define.ts';
import { STATE_OPTIONS } from '../options/definitions.ts';
import { goTo, runSwitcher } from '../switcher/tui.ts';
import { messageCommand, type TmuxClient } from '../tmux/index.ts';
import { writeErr } from '../util/output.ts';

// --client of popup and pick.
export const CLIENT = clientOption('the tmux client to switch (default: the one the key was pressed in, or this pane\'s)');

export const popupCommand = defineCommand({
  options: {
    client: CLIENT,
    'from-key': { type: 'boolean', description: `run by the switcher key inside display-popup (the client comes from ${STATE_OPTIONS.popupClient})` },
    'close-key': { type: 'string', valueName: 'key', description: 'a tmux key name (C-e) that closes the switcher besides Esc' },
  },
  async run({ values, client }) {
    const fromKey = Boolean(values['from-key']);
    const clientName = values.client ?? (fromKey ? await keyClient(client) : undefined);
    try {
      await pickAndGo(client, clientName, closeInputOf(values['close-key']));
    } catch (error) {
      // The popup is gone by now: say it where the user looks.
      if (!fromKey || !(error instanceof Error)) throw error;
      await client.run(messageCommand(error.message, { client: clientName || undefined, durationMs: 8000 })).catch(() => undefined);
      throw error;
    }
  },
});

// Run the switcher and go where the user chose.
export async function pickAndGo(client: TmuxClient, clientName: string | undefined, closeInput: string | undefined): Promise<void> {
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
