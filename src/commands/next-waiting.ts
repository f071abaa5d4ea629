// `claude-sessions next-waiting`: go to the next agent waiting for the user (the
// @claude-sessions-key-next-waiting key runs it with --display --client #{client_name}).
import { chooseNextWaiting, goToPane, pickClient, readWaiting } from '../agents/next-waiting.ts';
import { clientOption, DISPLAY_OPTION, defineCommand, JSON_OPTION } from '../cli/define.ts';
import { NO_WAITING_MESSAGE } from '../options/key-paths.ts';
import { UserError } from '../util/errors.ts';
import { messageCommand, type TmuxClient } from '../tmux/index.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// next-waiting [--client NAME] [--display] [--json]
export const nextWaitingCommand = defineCommand({
  options: {
    client: clientOption('the tmux client to move (default: the most recently active)'),
    display: DISPLAY_OPTION,
    json: { ...JSON_OPTION, description: 'print JSON: pane, session, window, since, reason (pane null when none waits)' },
  },
  async run({ values, client }) {
    const display = Boolean(values.display);
    const { panes, clients } = await readWaiting(client);
    const name = values.client;
    const viewer = pickClient(clients, name);
    const say = (message: string) => tell(client, viewer?.name, message, display);
    const next = chooseNextWaiting(panes, viewer?.pane);
    if (!next) {
      if (values.json) return printJson({ pane: null, waiting: 0 });
      return say(NO_WAITING_MESSAGE);
    }
    if (!viewer) {
      const message = name === undefined ? 'no tmux client is attached to go to a waiting agent' : `no tmux client named ${JSON.stringify(name)}`;
      if (display) return say(message);
      throw new UserError(message);
    }
    await goToPane(client, viewer.name, next);
    const where = { pane: next.id, session: next.session, window: next.window, since: Number(next.since) || null, reason: next.reason, waiting: panes.length };
    if (values.json) return printJson(where);
    if (!display) writeOut(`${next.session} ${next.window} (${next.id}) is waiting${next.reason ? ` (${next.reason})` : ''}\n`);
  },
});

// A message in the client's message line (--display), else on stderr.
async function tell(client: TmuxClient, clientName: string | undefined, message: string, display: boolean): Promise<void> {
  if (!display) return writeErr(`claude-sessions: ${message}\n`);
  await client.run(messageCommand(message, { client: clientName || undefined })).catch(() => undefined);
}
