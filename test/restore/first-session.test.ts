// The proof that a fresh server's first session is untouched (pure logic; the real-tmux cases
// are in restore-first-session.test.ts).
import { describe, expect, it } from 'vitest';
import { judgeFirstSession, type FirstSessionFacts } from '../../src/restore/first-session.ts';

const facts = (screen: string, cursorX: number, cursorY: number): FirstSessionFacts => ({
  serverStart: 1000,
  defaultShell: '/bin/bash',
  session: { created: 1000, windows: 1, path: '/home/u' },
  panes: [{ command: 'bash', path: '/home/u', history: 0, cursorX, cursorY, windowActivity: 1001 }],
  clients: [],
  screen,
  children: 0,
});

describe('the screen of a first session', () => {
  it('is untouched while it shows only a prompt, or nothing yet', () => {
    expect(judgeFirstSession(facts('bash-5.2# \n\n\n', 10, 0))).toEqual({ untouched: true });
    expect(judgeFirstSession(facts('\n\n\n', 0, 0))).toEqual({ untouched: true });
  });

  it('is used once a command ran, also between its output and the next prompt', () => {
    const used = { untouched: false, reason: 'shows commands typed at its prompt' };
    expect(judgeFirstSession(facts('bash-5.2# echo typed-here\ntyped-here\nbash-5.2# \n', 10, 2))).toEqual(used);
    // The output is there and the shell has not drawn its prompt again: the cursor is at the
    // start of an empty line, with text above it.
    expect(judgeFirstSession(facts('bash-5.2# echo typed-here\ntyped-here\n\n', 0, 2))).toEqual(used);
  });
});

describe('the folder of a first session', () => {
  const withPanePath = (path: string): FirstSessionFacts => {
    const base = facts('bash-5.2# \n\n\n', 10, 0);
    return { ...base, panes: base.panes.map((pane) => ({ ...pane, path })) };
  };

  it('is used when its shell has moved to another folder', () => {
    expect(judgeFirstSession(withPanePath('/tmp'))).toEqual({ untouched: false, reason: 'has changed folder' });
  });

  // tmux reports no folder while the shell is still starting (its process not readable yet),
  // as on a loaded machine right at server start: that is not a `cd`, which would have needed
  // keys or left a command on the screen, both judged on their own.
  it('is untouched while tmux cannot tell its folder yet', () => {
    expect(judgeFirstSession(withPanePath(''))).toEqual({ untouched: true });
  });
});
