// Capturing pane contents for a save: every pane's text, with history, in as few tmux calls
// as the 16 KiB of one call allow (a save of a big server runs a few, not one per pane).
import { afterEach, describe, expect, it } from 'vitest';
import { capturePaneContents } from '../../src/resurrect/pane-contents.ts';
import { TmuxClient } from '../../src/tmux/index.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer | undefined;
afterEach(() => {
  server?.stop();
  server = undefined;
});

describe('capturing the contents of many panes', () => {
  it('takes one tmux call for 240 panes, each text under its own pane', async () => {
    server = startTestServer();
    server.newSession('big');
    server.tmux('split-window', '-t', '=big:0');
    const [first = '', second = ''] = server.tmux('list-panes', '-t', '=big:0', '-F', '#{pane_id}').trim().split('\n');
    server.tmux('send-keys', '-t', first, 'printf "first-%s\\n" pane', 'Enter');
    server.tmux('send-keys', '-t', second, 'printf "second-%s\\n" pane', 'Enter');
    for (const [id, text] of [[first, 'first-pane'], [second, 'second-pane']] as const) {
      await waitFor(() => server?.tmux('capture-pane', '-p', '-t', id) ?? '', (shown) => shown.includes(`${text}\n`));
    }
    // 240 saved panes: the two real ones, each asked for 120 times under other addresses.
    const panes = Array.from({ length: 240 }, (_, index) => ({ id: index % 2 === 0 ? first : second, session: `s${index}`, window: 0, pane: index }));
    let calls = 0;
    const client = new TmuxClient({ server: { socketPath: server.socket }, onRun: () => calls++ });

    const { panes: captured } = await capturePaneContents(client, panes);
    expect(calls).toBe(1);
    expect(captured).toHaveLength(240);
    captured.forEach((content, index) => {
      expect(content.session).toBe(`s${index}`);
      expect(content.text).toContain(index % 2 === 0 ? 'first-pane' : 'second-pane');
      expect(content.text).not.toContain(index % 2 === 0 ? 'second-pane' : 'first-pane');
    });
  });
});
