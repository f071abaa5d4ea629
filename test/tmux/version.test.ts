import { describe, expect, it } from 'vitest';
import { atLeast, featuresOf, parseTmuxVersion } from '../../src/tmux/version.ts';

describe('tmux versions', () => {
  it.each([
    ['tmux 3.3a', 3, 3],
    ['tmux 3.2', 3, 2],
    ['3.2-rc2', 3, 2],
    ['tmux next-3.5', 3, 5],
    ['tmux 2.9a', 2, 9],
  ])('reads %s', (text, major, minor) => {
    expect(parseTmuxVersion(text)).toMatchObject({ major, minor });
  });

  it('treats git and OpenBSD builds as new enough for everything', () => {
    expect(atLeast(parseTmuxVersion('tmux master'), '3.9')).toBe(true);
    expect(atLeast(parseTmuxVersion('tmux openbsd-7.6'), '3.3')).toBe(true);
  });

  it('compares minor versions numerically', () => {
    expect(atLeast(parseTmuxVersion('3.10'), '3.9')).toBe(true);
    expect(atLeast(parseTmuxVersion('3.1c'), '3.2')).toBe(false);
  });

  it('knows display-popup needs 3.2 and server-access 3.3', () => {
    expect(featuresOf(parseTmuxVersion('3.2a'))).toMatchObject({ 'display-popup': true, 'server-access': false });
    expect(featuresOf(parseTmuxVersion('3.3a'))['server-access']).toBe(true);
  });

  it('says what it could not read', () => {
    expect(() => parseTmuxVersion('garbage')).toThrow(/cannot read a tmux version from "garbage"/);
  });
});
