// Option values as the CLI and the entrypoint read them: one parser per option, and the shell
// checks with the pattern generated from it, so both sides take the same values.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOption } from '../../src/options/definitions.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

// The values among SAMPLES that bash's [[ =~ $CS_PATTERN_<KEY> ]] accepts, per dist/options.sh.
function shellAccepts(key: string, samples: readonly string[]): string[] {
  const script = `. "${join(REPO_ROOT, 'dist', 'options.sh')}"; for v in "$@"; do [[ $v =~ $CS_PATTERN_${key} ]] && printf '%s\\n' "$v"; done; true`;
  return spawnSync('bash', ['-c', script, 'bash', ...samples], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

const INTERVALS = ['15', '0', '0.5', '.5', '1.', '2.25', '123456789', '1234567890', '-1', '1e3', 'abc', ' 5', '5m'];
const SIZES = ['80%', '100', '9999', '10000', '50%%', '-5', 'x', '12.5%', '0'];

describe('option values', () => {
  it('save-interval: the entrypoint and the CLI take the same minutes, anything else is the default 15', () => {
    const taken = INTERVALS.filter((value) => parseOption('@claude-sessions-save-interval', value) === value);
    expect(taken).toEqual(['15', '0', '0.5', '.5', '1.', '2.25', '123456789']);
    expect(shellAccepts('SAVE_INTERVAL', INTERVALS)).toEqual(taken);
    expect(parseOption('@claude-sessions-save-interval', 'abc')).toBe('15');
  });

  it('popup width and height: columns or a percentage, up to four digits, else the default', () => {
    const taken = SIZES.filter((value) => parseOption('@claude-sessions-popup-width', value) === value);
    expect(taken).toEqual(['80%', '100', '9999', '0']);
    expect(shellAccepts('POPUP_WIDTH', SIZES)).toEqual(taken);
    expect(shellAccepts('POPUP_HEIGHT', SIZES)).toEqual(taken);
    expect(parseOption('@claude-sessions-popup-height', '12.5%')).toBe('70%');
  });

  it('keep-days: a number of days (spaces around it allowed), else 30 with a warning naming the setting', () => {
    expect(parseOption('@claude-sessions-keep-days', '')).toEqual({ days: 30 });
    expect(parseOption('@claude-sessions-keep-days', ' 7 ')).toEqual({ days: 7 });
    expect(parseOption('@claude-sessions-keep-days', 'week')).toEqual({
      days: 30,
      warning: '@claude-sessions-keep-days "week" is not a number of days; using 30',
    });
  });

  it('max-sessions: a whole number of up to six digits, else 10', () => {
    expect(['3', '0', '999999', '1000000', ' 3', 'ten'].map((value) => parseOption('@claude-sessions-max-sessions', value))).toEqual([3, 0, 999999, 10, 10, 10]);
  });

  it('cleanup-after and import-max-size: a duration and a size, undefined when not one', () => {
    expect(['1d12h', ' 30m ', '0s', '24x', ''].map((value) => parseOption('@claude-sessions-cleanup-after', value))).toEqual([129600, 1800, 0, undefined, undefined]);
    expect(['1G', '512M', '1.5G', '0', 'big'].map((value) => parseOption('@claude-sessions-import-max-size', value))).toEqual([1024 ** 3, 512 * 1024 ** 2, 1.5 * 1024 ** 3, undefined, undefined]);
  });

  it('on/off: an option on by default is off only for "off", one off by default is on only for "on"', () => {
    expect(['on', 'off', '', 'no'].map((value) => parseOption('@claude-sessions-alert-bell', value))).toEqual([true, false, true, true]);
    expect(['on', 'off', '', 'yes'].map((value) => parseOption('@claude-sessions-restore', value))).toEqual([true, false, false, false]);
  });
});
