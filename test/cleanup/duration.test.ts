// Durations for cleanup: a number with a unit, or several in a row; anything else is an
// error naming the accepted forms.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.ts';
import { formatDuration, parseDuration, roughAge } from '../../src/cleanup/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['0s', 0],
    ['45s', 45],
    ['30m', 1800],
    ['24h', 86_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['1d12h', 129_600],
    ['1h30m', 5400],
    [' 7d ', 604_800],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['24x', '', '7', 'd', '1.5h', '-1d', '7 d', '1d 12h', 'seven days'])('refuses %j, naming the accepted forms', (text) => {
    const error = (() => {
      try {
        parseDuration(text, '--older-than');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(
      `--older-than ${JSON.stringify(text)} is not a duration: use a number with a unit s, m, h, d or w, or several in a row: 0s, 30m, 24h, 7d, 2w, 1d12h`,
    );
  });
});

describe('formatDuration and roughAge', () => {
  it('say seconds in the largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(90_061)).toBe('1d1h1m1s');
    expect(formatDuration(604_800)).toBe('7d');
    expect(roughAge(40)).toBe('40s');
    expect(roughAge(3 * 3600 + 59)).toBe('3h');
    expect(roughAge(8 * 86_400 + 5)).toBe('8d');
  });
});
