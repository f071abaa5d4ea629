// Restoring right after kill-server: the old server takes its time to go (freeing a thousand
// panes' scrollback, or waiting for a client slow to leave) and answers "server exited
// unexpectedly" meanwhile; the restore waits for it to be gone and succeeds the first time.
import { describe, expect, it } from 'vitest';
import { restoreServer } from '../../src/restore/restore.ts';
import { saveServer } from '../../src/save/save.ts';
import { listed, restoreServersPerTest } from '../helpers/restore-server.ts';

const setup = restoreServersPerTest();

describe('a restore right after kill-server', () => {
  it('waits while the old server is still going away, and restores into a new one', async () => {
    const server = setup();
    await server.start('main');
    server.tmux('new-session', '-d', '-s', 'second', '-c', server.dir);
    await saveServer(server.client, {});
    // A stopped client holds the dying server in its shutdown, as a slow one does, for longer
    // than the old wait of 3 s: it is let go 5 s later (the restore waits between its tries).
    await server.attachControlClient('main');
    const clientPid = Number(listed(server, 'list-clients', '#{client_pid}')[0]);
    process.kill(clientPid, 'SIGSTOP');
    const resume = () => {
      try {
        process.kill(clientPid, 'SIGCONT');
      } catch {
        // gone once resumed: it left with the server
      }
    };
    const timer = setTimeout(resume, 5000);
    try {
      server.tmux('kill-server');
      expect(server.tryTmux('list-sessions').stderr).toMatch(/server exited unexpectedly/);
      const result = await restoreServer(server.client, {});
      expect(result.restored).toEqual(['main', 'second']);
      expect(listed(server, 'list-sessions', '#{session_name}')).toEqual(['main', 'second']);
    } finally {
      clearTimeout(timer);
      resume();
    }
  });
});
