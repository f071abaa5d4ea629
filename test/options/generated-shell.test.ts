// dist/options.sh is the shell copy of the option definitions: it must say the same.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS, STATE_OPTIONS } from '../../src/options/definitions.ts';
import { statusFormat } from '../../src/status/format.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';
import { spawnSync } from 'node:child_process';

function shellValue(name: string): string {
  const script = `. "${join(REPO_ROOT, 'dist', 'options.sh')}"; printf %s "$${name}"`;
  return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout;
}

describe('dist/options.sh', () => {
  it.each(OPTIONS.map((option) => [option.name, option] as const))('defines %s and its default', (_, option) => {
    expect(shellValue(`CS_OPT_${option.key}`)).toBe(option.name);
    expect(shellValue(`CS_DEFAULT_${option.key}`)).toBe(option.default);
  });

  it('carries the state option names and the status format', () => {
    expect(shellValue('CS_STATE_BIN')).toBe(STATE_OPTIONS.bin);
    expect(shellValue('CS_STATE_BOUND_KEYS')).toBe(STATE_OPTIONS.boundKeys);
    expect(shellValue('CS_STATUS_FORMAT')).toBe(statusFormat());
  });
});
