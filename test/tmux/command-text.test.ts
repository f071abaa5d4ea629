// Commands handed to if-shell as text (commandText): tmux's own parser must read back every
// word exactly as written, whatever it holds, so user text typed this way is never tmux syntax.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandText, protectArgument } from '../../src/tmux/argv.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const HOSTILE = [
  '', "'", "''", "it's", "a'\\''b", '"', '\\', '\\;', ';', 'ends;', ' ; ', 'a;b', '{', '}', '{ display-message -p pwned }',
  '#{pane_id}', '##', '#[fg=red]', '# comment', '$HOME', '${HOME}', '~', '~/x', '%if 1', '%%', '%1', '-l', '--',
  'tab\there', 'new\nline', 'cr\rhere', '\x01\x1b[A\x7f', 'café 日本 🎉', '  spaces  ',
  ...Array.from({ length: 127 }, (_, i) => `a${String.fromCharCode(i + 1)}b`),
];

describe('commands given to if-shell as text', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  it('arrive with every word exactly as written', () => {
    const wrong = HOSTILE.filter((word) => {
      server.tmux('set-option', '-gu', '@cs-text');
      server.tmux('set-option', '-g', '@cs-direct', protectArgument(word));
      server.tmux('if-shell', '-F', '1', commandText([['set-option', '-g', '@cs-text', word], ['display-message', '-p', 'ran']]));
      return server.tmux('show-option', '-gv', '@cs-text') !== server.tmux('show-option', '-gv', '@cs-direct');
    });
    expect(wrong).toEqual([]);
  });

  it('run as separate commands, in order, and run nothing else', () => {
    const out = server.tmux('if-shell', '-F', '1', commandText([['display-message', '-p', 'one ; display-message -p injected'], ['display-message', '-p', 'two']]));
    expect(out).toBe('one ; display-message -p injected\ntwo\n');
  });
});
