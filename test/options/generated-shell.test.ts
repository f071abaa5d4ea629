// dist/options.sh is the shell copy of the option definitions: it must say the same.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PANE_OPTIONS, RECONCILE_OPTIONS } from '../../src/options/agent.ts';
import { OPTIONS, STATE_OPTIONS } from '../../src/options/definitions.ts';
import { KEY_BINDINGS } from '../../src/options/keys.ts';
import { WORKSPACE_OPTIONS } from '../../src/options/workspace.ts';
import { statusFormat, statusFormatBefore33 } from '../../src/status/format.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';
import { spawnSync } from 'node:child_process';

function shellValue(name: string, file = 'options.sh', shell = 'bash'): string {
  const script = `. "${join(REPO_ROOT, 'dist', file)}"; printf %s "$${name}"`;
  return spawnSync(shell, ['-c', script], { encoding: 'utf8' }).stdout;
}

// boundKeys -> BOUND_KEYS
const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

describe('dist/options.sh', () => {
  it.each(OPTIONS.map((option) => [option.name, option] as const))('defines %s and its default', (_, option) => {
    expect(shellValue(`CS_OPT_${option.key}`)).toBe(option.name);
    expect(shellValue(`CS_DEFAULT_${option.key}`)).toBe(option.default);
  });

  it('carries the state option names and the status format', () => {
    expect(shellValue('CS_STATE_BIN')).toBe(STATE_OPTIONS.bin);
    expect(shellValue('CS_STATE_BOUND_KEYS')).toBe(STATE_OPTIONS.boundKeys);
    expect(shellValue('CS_STATUS_FORMAT')).toBe(statusFormat());
    expect(shellValue('CS_STATUS_FORMAT_BEFORE_33')).toBe(statusFormatBefore33());
  });

  it('carries the key table the entrypoint loops over, row by row as src/options/keys.ts has it', () => {
    const ids = shellValue('CS_BINDINGS').split(' ');
    expect(ids.map((id) => shellValue(`CS_BIND_${id}_ACTION`))).toEqual(KEY_BINDINGS.map((binding) => binding.action));
    KEY_BINDINGS.forEach((binding, index) => {
      expect(shellValue(`CS_BIND_${ids[index]}_OPTION`)).toBe(binding.option);
      expect(shellValue(`CS_BIND_${ids[index]}_DESCRIPTION`)).toBe(binding.description);
      expect(shellValue(`CS_BIND_${ids[index]}_COMMAND`).split('\x1f')).toEqual(binding.command);
    });
  });
});

describe('dist/names.sh', () => {
  it('gives POSIX sh every name src/options/ defines, as the hook and the shim read them', () => {
    const groups = { AGENT: PANE_OPTIONS, RECONCILE: RECONCILE_OPTIONS, STATE: STATE_OPTIONS, WORKSPACE: WORKSPACE_OPTIONS };
    const expected = [
      ...OPTIONS.map((option) => [`CS_OPT_${option.key}`, option.name]),
      ...Object.entries(groups).flatMap(([group, names]) => Object.entries(names).map(([key, name]) => [`CS_${group}_${snake(key)}`, name])),
    ];
    expect(expected.map(([variable]) => [variable, shellValue(variable!, 'names.sh', 'sh')])).toEqual(expected);
  });
});
