// Taking the user to a session: switch-client inside tmux, attach from a terminal.
import { exactSession, type TmuxClient } from '../tmux/index.ts';
import { UserError } from '../util/errors.ts';

export interface GoToOptions {
  /** The tmux client to switch (from a key binding: #{client_name}). */
  readonly clientName?: string | undefined;
}

// Switch the current tmux client to the session, or attach this terminal to it.
export async function goToSession(client: TmuxClient, session: string, options: GoToOptions = {}): Promise<'switched' | 'attached'> {
  const target = exactSession(session);
  if (options.clientName || insideThisServer(client)) {
    const which = options.clientName ? ['-c', options.clientName] : [];
    await client.run(['switch-client', ...which, '-t', target]);
    return 'switched';
  }
  if (!process.stdin.isTTY) {
    const attach = ['tmux', ...client.serverFlags(), 'attach', '-t', JSON.stringify(session)].join(' ');
    throw new UserError(`not in a terminal: attach with ${attach}`);
  }
  await client.attach(target);
  return 'attached';
}

// True when this process runs inside a pane of the server the client talks to.
function insideThisServer(client: TmuxClient): boolean {
  const tmux = process.env['TMUX'];
  if (!tmux) return false;
  if (client.server.socketPath) return tmux.split(',')[0] === client.server.socketPath;
  return client.server.socketName === undefined;
}
