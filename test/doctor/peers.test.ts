// doctor beside tmux-continuum: which options apply (ours, else continuum's) and who autosaves
// and restores at server start, read from a real server carrying continuum's marks.
import { afterEach, describe, expect, it } from 'vitest';
import { effectiveOptions } from '../../src/options/read.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const servers: TestServer[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop();
});

// doctor --json's rows on the arrangement, from a server set up by `setup`.
async function peersRows(setup: (server: TestServer) => void): Promise<Record<string, string>> {
  const server = startTestServer();
  servers.push(server);
  server.tmux('set-option', '-g', '@claude-sessions-bin', process.execPath);
  setup(server);
  const { stdout } = await runCliCaptured(['-S', server.socket, 'doctor', '--json']);
  return (JSON.parse(stdout) as { peers: Record<string, string> }).peers;
}

describe("tmux-continuum's options", () => {
  it('apply while ours are unset, and say where the value came from', () => {
    const options = effectiveOptions({ '@continuum-save-interval': '5', '@continuum-restore': 'on' } as never);
    expect(options.get('@claude-sessions-save-interval')).toMatchObject({ value: '5', set: false, from: '@continuum-save-interval' });
    expect(options.get('@claude-sessions-restore')).toMatchObject({ value: 'on', set: false, from: '@continuum-restore' });
  });

  it('lose to ours when ours are set', () => {
    const options = effectiveOptions({ '@claude-sessions-save-interval': '2', '@continuum-save-interval': '5', '@claude-sessions-restore': 'off', '@continuum-restore': 'on' } as never);
    expect(options.get('@claude-sessions-save-interval')).toMatchObject({ value: '2', set: true });
    expect(options.get('@claude-sessions-save-interval')?.from).toBeUndefined();
    expect(options.get('@claude-sessions-restore')).toMatchObject({ value: 'off', set: true });
  });
});

describe('doctor on a server shared with tmux-continuum', () => {
  it("says claude-sessions autosaves at continuum's interval and continuum's own autosave is held off", async () => {
    const rows = await peersRows((server) => {
      server.tmux('set-option', '-g', 'status-right', '#(/plugins/tmux-continuum/scripts/continuum_save.sh)%H:%M');
      server.tmux('set-option', '-g', '@continuum-save-interval', '5');
    });
    expect(rows['autosave']).toBe("claude-sessions, every 5 min (@continuum-save-interval); tmux-continuum's own autosave held off (@continuum-save-last-timestamp kept at our next save)");
  });

  it('says continuum saves on its own when our interval is 0', async () => {
    const rows = await peersRows((server) => {
      server.tmux('set-option', '-g', '@continuum-save-last-timestamp', '1');
      server.tmux('set-option', '-g', '@claude-sessions-save-interval', '0');
    });
    expect(rows['autosave']).toBe("claude-sessions: off (@claude-sessions-save-interval is 0); tmux-continuum saves on its own schedule with tmux-resurrect's save.sh");
  });

  it('says who restored at server start, and that continuum restored when it had to', async () => {
    const ours = await peersRows((server) => {
      server.tmux('set-option', '-g', '@continuum-save-last-timestamp', '1');
      server.tmux('set-option', '-g', '@claude-sessions-start-restore', 'claude-sessions');
    });
    expect(ours['start restore']).toMatch(/^claude-sessions, once; tmux-continuum's restore skipped/);
    const theirs = await peersRows((server) => server.tmux('set-option', '-g', '@claude-sessions-start-restore', 'tmux-continuum'));
    expect(theirs['start restore']).toMatch(/^tmux-continuum, with tmux-resurrect's restore.sh: .*list tmux-continuum last/);
  });

  it('without continuum, names only our own settings', async () => {
    const rows = await peersRows(() => undefined);
    expect(rows).toEqual({ autosave: 'claude-sessions, every 15 min (default)', 'start restore': 'off (default)' });
  });
});
