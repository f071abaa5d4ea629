// How tmux spells session names, checked against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protectArgument, reportedSessionName, sessionNameToGive } from '../../src/tmux/index.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const GIVEN = [
  'plain',
  'back\\slash',
  'tab\there',
  'new\nline',
  'cr\rbell\u0007bs\bff\fvt\v',
  'esc\u001b del\u007f c1\u0085',
  'dots.and:colons',
  'literal \\n \\t \\033 \\\\',
  'ünïcødé 🎉 日本',
  `quotes ' " $(x) \`y\` ;`,
  '-leading',
];

describe('session names', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  it('are reported by tmux as reportedSessionName says', () => {
    for (const name of GIVEN) {
      const id = server.tmux('new-session', '-d', '-P', '-F', '#{session_id}', '-s', protectArgument(name)).trim();
      const reported = server.tmux('display-message', '-p', '-t', id, '#{session_name}').slice(0, -1);
      expect({ name, reported }).toEqual({ name, reported: reportedSessionName(name) });
      server.tmux('kill-session', '-t', id);
    }
  });

  it('given back decoded, are reported exactly as before', () => {
    for (const name of GIVEN) {
      const reported = reportedSessionName(name);
      const given = sessionNameToGive(reported);
      expect(given.exact).toBe(true);
      server.tmux('new-session', '-d', '-s', protectArgument(given.name));
      expect(server.tmux('list-sessions', '-F', '#{session_name}').split('\n')).toContain(reported);
      server.tmux('kill-session', '-t', `=${reported}:`);
    }
  });

  it('that tmux cannot have reported are given as they are, and say so', () => {
    expect(sessionNameToGive('stray \\q backslash')).toEqual({ name: 'stray \\q backslash', exact: false });
    expect(sessionNameToGive('not utf-8 \\377')).toEqual({ name: 'not utf-8 \\377', exact: false });
    expect(sessionNameToGive('a:b')).toEqual({ name: 'a:b', exact: false });
  });
});
