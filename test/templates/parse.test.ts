import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../src/templates/builtin/index.ts';
import { parseTemplate } from '../../src/templates/parse.ts';
import { TemplateError } from '../../src/templates/types.ts';

// The error a template text throws, for asserting on its position and message.
function errorOf(text: string, file = 'web.yaml'): TemplateError {
  try {
    parseTemplate(text, file, 'fallback');
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected the template to be refused');
}

const ONE_PANE = 'windows:\n  - name: main\n    panes: [claude]\n';

describe('built-in templates', () => {
  it.each(Object.keys(BUILTIN_TEMPLATES))('%s parses with no warnings and has a description', (name) => {
    const { template, warnings } = parseTemplate(BUILTIN_TEMPLATES[name] ?? '', 'built-in', name);
    expect(warnings).toEqual([]);
    expect(template.name).toBe(name);
    expect(template.description).not.toBe('');
    expect(template.description).not.toContain('\n');
    expect(template.source).toBe('built-in');
  });

  it('give claude and editor panes no commands (options supply them when the session is built)', () => {
    for (const [name, text] of Object.entries(BUILTIN_TEMPLATES)) {
      const panes = parseTemplate(text, 'built-in', name).template.windows.flatMap((w) => w.panes);
      for (const pane of panes.filter((p) => p.role === 'claude' || p.role === 'editor')) {
        expect(pane.commands, name).toEqual([]);
      }
    }
  });

  it('react is one tiled agents window: claude in components, claude in api, editor in src, npm run dev at the root, a git shell', () => {
    const { template } = parseTemplate(BUILTIN_TEMPLATES['react'] ?? '', 'built-in', 'react');
    expect(template.windows).toHaveLength(1);
    const [window] = template.windows;
    expect(window?.name).toBe('agents');
    expect(window?.layout).toBe('tiled');
    expect(window?.panes.map((p) => [p.role, p.dir])).toEqual([
      ['claude', 'components'],
      ['claude', 'api'],
      ['editor', 'src'],
      ['dev', '.'],
      ['git', '.'],
    ]);
    expect(window?.panes[3]?.commands).toEqual(['npm run dev']);
    expect(window?.panes.map((p) => p.focus)).toEqual([true, false, false, false, false]);
  });

  it.each([
    ['go', 'go test ./...'],
    ['rust', 'cargo check'],
    ['node', 'npm run dev'],
  ])('%s runs %s in its dev pane', (name, command) => {
    const panes = parseTemplate(BUILTIN_TEMPLATES[name] ?? '', 'built-in', name).template.windows[0]?.panes ?? [];
    expect(panes.find((p) => p.role === 'dev')?.commands).toEqual([command]);
  });
});

describe('a template file', () => {
  it('fills in every default: name from the file, root ., shell panes in the root, first window and pane focused', () => {
    const { template } = parseTemplate(ONE_PANE, '/t/mine.yaml', 'mine');
    expect(template).toEqual({
      name: 'mine',
      description: '',
      root: '.',
      env: {},
      before: [],
      source: '/t/mine.yaml',
      windows: [{ name: 'main', focus: true, panes: [{ role: 'shell', dir: '.', commands: ['claude'], focus: true }] }],
    });
  });

  it('reads every key', () => {
    const text = [
      'name: api',
      'description: API server',
      'root: ./server/',
      'history-limit: 50000',
      'before: npm install',
      'env:',
      '  NODE_ENV: development',
      '  PORT: 3000',
      '  DEBUG: true',
      'windows:',
      '  - name: code',
      '    layout: main-vertical',
      '    panes:',
      '      - role: claude',
      '        dir: src/api',
      '        title: api agent',
      '      - role: git',
      '        focus: true',
      '  - name: run',
      '    focus: true',
      '    panes:',
      '      - role: dev',
      '        commands: [npm run build, npm start]',
    ].join('\n');
    const { template, warnings } = parseTemplate(text, 'api.yaml', 'x');
    expect(warnings).toEqual([]);
    expect(template.name).toBe('api');
    expect(template.root).toBe('server');
    expect(template.historyLimit).toBe(50000);
    expect(template.before).toEqual(['npm install']);
    expect(template.env).toEqual({ NODE_ENV: 'development', PORT: '3000', DEBUG: 'true' });
    expect(template.windows.map((w) => [w.name, w.focus])).toEqual([['code', false], ['run', true]]);
    expect(template.windows[0]?.panes).toEqual([
      { role: 'claude', dir: 'src/api', commands: [], focus: false, title: 'api agent' },
      { role: 'git', dir: '.', commands: [], focus: true },
    ]);
    expect(template.windows[1]?.panes[0]?.commands).toEqual(['npm run build', 'npm start']);
  });

  it('takes a bare string pane as a shell pane running that command', () => {
    const text = 'windows:\n  - name: w\n    panes:\n      - role: claude\n      - htop\n';
    const panes = parseTemplate(text, 'f.yaml', 'f').template.windows[0]?.panes;
    expect(panes?.[1]).toEqual({ role: 'shell', dir: '.', commands: ['htop'], focus: false });
  });

  it('keeps env values as written (1.10 stays 1.10) and an empty value as an empty string', () => {
    const text = `env:\n  VERSION: 1.10\n  EMPTY:\n${ONE_PANE}`;
    expect(parseTemplate(text, 'f.yaml', 'f').template.env).toEqual({ VERSION: '1.10', EMPTY: '' });
  });

  it('follows YAML anchors and aliases', () => {
    const text = 'x-panes: &agents [claude, claude]\nwindows:\n  - name: w\n    panes: *agents\n';
    expect(parseTemplate(text, 'f.yaml', 'f').template.windows[0]?.panes).toHaveLength(2);
  });
});

describe('unknown keys', () => {
  it('are warnings with a line, a column and the closest known key', () => {
    const text = 'name: x\nwindows:\n  - name: a\n    pannes: []\n    panes: [claude]\n';
    const { warnings } = parseTemplate(text, 'x.yaml', 'x');
    expect(warnings).toEqual([
      { file: 'x.yaml', line: 4, column: 5, message: "unknown key 'pannes' in windows[0] (ignored); did you mean 'panes'?" },
    ]);
  });

  it('are found at the top level and in panes too', () => {
    const text = 'historyLimit: 5\nwindows:\n  - name: a\n    panes:\n      - rol: claude\n        colour: red\n';
    const messages = parseTemplate(text, 'x.yaml', 'x').warnings.map((w) => `${w.line}:${w.column} ${w.message}`);
    expect(messages).toEqual([
      "1:1 unknown key 'historyLimit' at the top level (ignored); did you mean 'history-limit'?",
      "5:9 unknown key 'rol' in windows[0].panes[0] (ignored); did you mean 'role'?",
      "6:9 unknown key 'colour' in windows[0].panes[0] (ignored)",
    ]);
  });
});

describe('a broken template file', () => {
  it('reports bad indentation on the line that is badly indented', () => {
    const text = 'name: x\nwindows:\n  - name: a\n     panes: [claude]\n';
    const error = errorOf(text);
    expect(error.message).toContain('web.yaml:4:');
    expect(error.message).toContain('bad indentation');
  });

  it('reports a list item that breaks the indentation of its list', () => {
    const error = errorOf('windows:\n  - name: a\n    panes:\n      - claude\n     - shell\n');
    expect([error.line, error.column]).toEqual([5, 6]);
  });

  it('reports a key that appears twice, on the second one', () => {
    const error = errorOf(`name: a\ndescription: b\nname: c\n${ONE_PANE}`);
    expect(error.message).toBe("web.yaml:3:1: duplicate key 'name' (a key may appear once per map)");
  });

  it('is refused when empty, or only comments', () => {
    expect(errorOf('').message).toBe('web.yaml: the file is empty');
    expect(errorOf('# nothing yet\n\n').message).toBe('web.yaml: the file is empty');
  });

  it('is refused when the top level is not a map', () => {
    expect(errorOf('- claude\n- shell\n').message).toBe('web.yaml:1:1: the top level must be a map of keys, got a list');
  });

  it('names the path, the allowed values and the line of a wrong role', () => {
    const error = errorOf('windows:\n  - name: a\n    panes:\n      - claude\n      - role: bot\n');
    expect(error.message).toBe(
      "web.yaml:5:15: windows[0].panes[1].role must be one of claude, editor, git, dev, shell, got 'bot'",
    );
  });

  it.each([
    ['windows missing', 'name: x\n', '1:1: windows is required'],
    ['windows not a list', 'windows: 3\n', '1:10: windows must be a non-empty list, got number 3'],
    ['no windows', 'windows: []\n', '1:10: windows must not be empty'],
    ['a window without a name', 'windows:\n  - panes: [x]\n', '2:5: windows[0].name is required'],
    ['a window named by a number', 'windows:\n  - name: 12\n    panes: [x]\n', "2:11: windows[0].name must be a string, got number 12 (quote it: '12')"],
    ['a window without panes', 'windows:\n  - name: a\n', '2:5: windows[0].panes is required'],
    ['an empty pane list', 'windows:\n  - name: a\n    panes: []\n', '3:12: windows[0].panes must not be empty'],
    ['a pane that is a number', 'windows:\n  - name: a\n    panes: [5]\n', '3:13: windows[0].panes[0] must be a map of pane keys or a command string, got number 5'],
    ['focus not a boolean', 'windows:\n  - name: a\n    focus: yes\n    panes: [x]\n', "3:12: windows[0].focus must be true or false, got 'yes'"],
    ['a command that is not a string', 'windows:\n  - name: a\n    panes:\n      - commands: [ls, {a: 1}]\n', '4:24: windows[0].panes[0].commands[1] must be a string, got a map'],
    ['before as a map', `before: {a: 1}\n${ONE_PANE}`, '1:9: before must be a string or a list of strings, got a map'],
  ])('is refused for %s, with the line and column', (_, text, expected) => {
    expect(errorOf(text).message).toContain(`web.yaml:${expected}`);
  });

  it.each([
    ['-3', 'number -3'],
    ['0', 'number 0'],
    ['1.5', 'number 1.5'],
    ['lots', "'lots'"],
  ])('is refused for history-limit %s (it must be a positive integer)', (value, got) => {
    expect(errorOf(`history-limit: ${value}\n${ONE_PANE}`).message).toBe(
      `web.yaml:1:16: history-limit must be a positive integer, got ${got}`,
    );
  });

  it.each(['1BAD', 'MY-VAR', 'A B'])('is refused for the env name %s', (name) => {
    const error = errorOf(`env:\n  ${name}: x\n${ONE_PANE}`);
    expect(error.message).toBe(
      `web.yaml:2:3: env name '${name}' is not a valid variable name (letters, digits and _, not starting with a digit)`,
    );
  });

  it.each(['../elsewhere', 'src/../../etc', '..'])("is refused for a pane dir with '..' (%s)", (dir) => {
    const error = errorOf(`windows:\n  - name: a\n    panes:\n      - dir: ${dir}\n`);
    expect(error.message).toBe(
      `web.yaml:4:14: windows[0].panes[0].dir must stay inside the project root ('..' is not allowed), got '${dir}'`,
    );
  });

  it.each(['/etc', '~/src'])('is refused for an absolute pane dir (%s)', (dir) => {
    expect(errorOf(`windows:\n  - name: a\n    panes:\n      - dir: ${dir}\n`).message).toContain(
      'windows[0].panes[0].dir must be relative to the project root',
    );
  });

  it('is refused for a root outside the project', () => {
    expect(errorOf(`root: ../..\n${ONE_PANE}`).message).toContain("root must stay inside the project root ('..' is not allowed)");
  });

  it('is refused when two panes of a window ask for focus, at the second one', () => {
    const error = errorOf('windows:\n  - name: a\n    panes:\n      - focus: true\n      - focus: true\n');
    expect(error.message).toBe(
      'web.yaml:5:16: windows[0].panes[1].focus: only one pane per window can have focus: true (windows[0].panes[0] already has it)',
    );
  });

  it('is refused when two windows ask for focus, at the second one', () => {
    const text = 'windows:\n  - name: a\n    focus: true\n    panes: [x]\n  - name: b\n    focus: true\n    panes: [x]\n';
    expect(errorOf(text).message).toBe(
      'web.yaml:6:12: windows[1].focus: only one window can have focus: true (windows[0] already has it)',
    );
  });
});
