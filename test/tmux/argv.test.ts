import { describe, expect, it } from 'vitest';
import { batchArgv, formatLiteral, protectArgument } from '../../src/tmux/argv.ts';

describe('protectArgument', () => {
  it('leaves ordinary arguments alone', () => {
    expect(protectArgument('echo hi')).toBe('echo hi');
    expect(protectArgument(';x')).toBe(';x');
  });

  it("escapes a trailing ';' so tmux keeps it instead of ending the command", () => {
    expect(protectArgument('ls;')).toBe('ls\\;');
    expect(protectArgument(';')).toBe('\\;');
  });

  it("keeps a literal trailing '\\;' intact", () => {
    // tmux turns a trailing '\;' into ';', so '\;' must be sent as '\\;'
    expect(protectArgument('a\\;')).toBe('a\\\\;');
  });
});

describe('batchArgv', () => {
  it('joins commands with a lone ; and protects arguments', () => {
    expect(batchArgv([['new-session', '-d', '-s', 'x;'], ['kill-server']])).toEqual([
      'new-session',
      '-d',
      '-s',
      'x\\;',
      ';',
      'kill-server',
    ]);
  });

  it('refuses an empty command', () => {
    expect(() => batchArgv([[]])).toThrow(/empty tmux command/);
  });
});

describe('formatLiteral', () => {
  it("doubles '#' so tmux does not expand user text as a format", () => {
    expect(formatLiteral('a#{pid}#b')).toBe('a##{pid}##b');
  });
});
