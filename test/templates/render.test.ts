import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../src/templates/builtin/index.ts';
import { parseTemplate } from '../../src/templates/parse.ts';
import { renderTemplateYaml } from '../../src/templates/render.ts';

describe('renderTemplateYaml', () => {
  it.each(Object.keys(BUILTIN_TEMPLATES))('writes the %s built-in so that it parses back to the same template', (name) => {
    const { template } = parseTemplate(BUILTIN_TEMPLATES[name] ?? '', 'built-in', name);
    const again = parseTemplate(renderTemplateYaml(template), 'built-in', 'other');
    expect(again.template).toEqual(template);
    expect(again.warnings).toEqual([]);
  });

  it('spells out defaults, lists commands as lists and names the source in a comment', () => {
    const text = 'history-limit: 9000\nenv:\n  A: "1"\nwindows:\n  - name: w\n    panes:\n      - npm test\n';
    const yaml = renderTemplateYaml(parseTemplate(text, '/home/me/t.yaml', 't').template);
    expect(yaml).toBe(
      [
        '# source: /home/me/t.yaml',
        'name: t',
        'description: ""',
        'root: .',
        'history-limit: 9000',
        'env:',
        '  A: "1"',
        'windows:',
        '  - name: w',
        '    focus: true',
        '    panes:',
        '      - role: shell',
        '        dir: .',
        '        commands:',
        '          - npm test',
        '        focus: true',
        '',
      ].join('\n'),
    );
  });

  it('quotes commands that YAML would misread', () => {
    const text = 'windows:\n  - name: w\n    panes:\n      - commands: ["echo: hi # not a comment", "true"]\n';
    const { template } = parseTemplate(text, 'f.yaml', 'f');
    expect(parseTemplate(renderTemplateYaml(template), 'f.yaml', 'f').template).toEqual(template);
  });
});
