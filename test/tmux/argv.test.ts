import { describe, expect, it } from 'vitest';
import { batchArgv, formatLiteral, protectArgument, splitBatches } from '../../src/tmux/argv.ts';

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

  it("leaves '#[' (and a run of '#' before '['), which tmux copies through unexpanded", () => {
    expect(formatLiteral('#[bold]x#y')).toBe('#[bold]x##y');
    expect(formatLiteral('##[x]')).toBe('##[x]');
  });
});

describe('splitBatches', () => {
  it('keeps commands in order, each batch within the byte limit, none split in two', () => {
    const commands = Array.from({ length: 10 }, (_, n) => ['set-option', '-g', `@o${n}`, 'x'.repeat(30)]);
    const batches = splitBatches(commands, 120);
    expect(batches.flat()).toEqual(commands);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(batch.flat().reduce((sum, word) => sum + word.length + 1, 0)).toBeLessThanOrEqual(120);
  });

  it('counts bytes, not characters, and gives a command too long alone a batch of its own', () => {
    const long = ['display-message', 'é'.repeat(100)];
    expect(splitBatches([['a'], long, ['b']], 150)).toEqual([[['a']], [long], [['b']]]);
  });
});
