// Messages in a client's message line show user text as written: display-message runs its
// text through strftime and then formats, so `%d` and `#{pid}` must not turn into a date or a PID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageCommand } from '../../src/tmux/index.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

describe('a message shown to an attached client', () => {
  let inner: TestServer; // the server the "user" is attached to
  let outer: TestServer; // the user's terminal: a pane running `tmux attach`
  const clientName = () => inner.tmux('list-clients', '-F', '#{client_name}').trim();

  beforeAll(async () => {
    inner = startTestServer();
    outer = startTestServer();
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
    await waitFor(clientName, (name) => name !== '');
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  it('shows %, # and a style-looking text literally, the session name 100%d included', async () => {
    const text = 'killed 100%d-%Y #{pid} ##{x} #[bold]; to bring it back: claude-sessions restore --session 100%d';
    await inner.client.run(messageCommand(text, { client: clientName() }));
    const logged = await waitFor(() => inner.tmux('show-messages'), (log) => log.includes('claude-sessions: killed'));
    expect(logged.split('\n').find((line) => line.includes('claude-sessions: killed'))).toMatch(/message: claude-sessions: killed 100%d-%Y #\{pid\} ##\{x\} #\[bold\]; to bring it back: claude-sessions restore --session 100%d$/);
  });
});
