import { describe, expect, it } from 'vitest';
import { planSessionBuild, plannedPaneIds, type BuildRequest } from '../../src/workspace/plan.ts';
import type { Template } from '../../src/templates/types.ts';

const template: Template = {
  name: 'demo',
  description: '',
  root: '.',
  env: {},
  before: [],
  source: 'test',
  windows: [
    {
      name: 'agents',
      layout: 'tiled',
      focus: false,
      panes: [
        { dir: 'components', commands: [], role: 'claude', focus: false },
        { dir: 'api', commands: [], role: 'claude', focus: true, title: 'agent #2' },
        { dir: 'src', commands: [], role: 'editor', focus: false },
        { dir: '.', commands: ['npm run dev'], role: 'dev', focus: false },
      ],
    },
    { name: 'logs', focus: true, panes: [{ dir: '', commands: ['tail -f log;'], role: 'shell', focus: false }] },
  ],
};

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  let ids = 0;
  return {
    sessionName: 'claude-dev-#web',
    projectDir: '/p/web',
    template,
    env: { CLAUDE_PROJECT: 'web', QUOTED: `it's "x";` },
    claudeCommand: 'claude',
    claudeSettingsFile: '/state/claude-hooks.json',
    newSessionId: () => `id-${++ids}`,
    editor: 'nvim',
    folderExists: (path) => path !== '/p/web/api',
    ...overrides,
  };
}

describe('planSessionBuild', () => {
  it('starts with new-session carrying the environment, so the first pane has it too', () => {
    const [first] = planSessionBuild(request()).commands;
    expect(first).toEqual([
      'new-session', '-d', '-s', 'claude-dev-##web', '-n', 'agents', '-c', '/p/web/components',
      '-e', 'CLAUDE_PROJECT=web', '-e', `QUOTED=it's "x";`, '-P', '-F', 'claude-sessions-pane #{pane_id}',
    ]);
  });

  it('has each pane it makes print its id, and reads them back in pane order only when there is one per pane', () => {
    const plan = planSessionBuild(request());
    expect(plan.commands.filter((command) => command.includes('-P')).map((command) => command[0])).toEqual([
      'new-session', 'split-window', 'split-window', 'split-window', 'new-window',
    ]);
    const printed = ['%3', '%4', '%5', '%6', '%9'].map((id) => `claude-sessions-pane ${id}\n`).join('');
    expect(plannedPaneIds(`something a hook said\n${printed}`, plan)).toEqual(['%3', '%4', '%5', '%6', '%9']);
    expect(plannedPaneIds(printed.split('\n').slice(1).join('\n'), plan)).toBeUndefined();
    expect(plannedPaneIds(printed.replace('%9', '9'), plan)).toBeUndefined();
  });

  it('targets only what the batch made, relative to the session, never by window number', () => {
    const targets = planSessionBuild(request())
      .commands.flatMap((command) => command.filter((_, i) => command[i - 1] === '-t'));
    for (const target of targets) expect(target.startsWith('=claude-dev-#web:')).toBe(true);
    expect(targets.some((target) => /:\d/.test(target))).toBe(false);
  });

  it('types the role defaults and template commands, in pane order', () => {
    expect(planSessionBuild(request()).panes.map((pane) => [pane.windowOrdinal, pane.paneOrdinal, pane.type])).toEqual([
      [0, 0, ["claude --session-id id-1 --settings '/state/claude-hooks.json'"]],
      [0, 1, ["claude --session-id id-2 --settings '/state/claude-hooks.json'"]],
      [0, 2, ['nvim .']],
      [0, 3, ['npm run dev']],
      [1, 0, ['tail -f log;']],
    ]);
  });

  it('starts a pane whose folder is missing in the project root, and says so', () => {
    const plan = planSessionBuild(request());
    expect(plan.panes[1]?.dir).toBe('/p/web');
    expect(plan.notes).toEqual(['pane agents.1 (claude): api/ does not exist in /p/web; it starts in the project root']);
  });

  it('marks each pane with its role and title, lays the window out, and focuses as told', () => {
    const commands = planSessionBuild(request()).commands.map((command) => command.join(' '));
    expect(commands.filter((c) => c.startsWith('set-option -p -t =claude-dev-#web: @claude-sessions-role')).map((c) => c.split(' ').pop())).toEqual([
      'claude', 'claude', 'editor', 'dev', 'shell',
    ]);
    expect(commands.filter((c) => c.includes('@claude-session-id'))).toEqual([
      'set-option -p -t =claude-dev-#web: @claude-session-id id-1',
      'set-option -p -t =claude-dev-#web: @claude-session-id id-2',
    ]);
    expect(commands).toContain('select-layout -t =claude-dev-#web: tiled');
    // four panes, focus on the second: two back from the last one made
    expect(commands).toContain('select-pane -t =claude-dev-#web:.-2');
    expect(commands.slice(-2)).toEqual(['select-window -t =claude-dev-#web:{start}', 'select-window -t =claude-dev-#web:+1']);
  });

  it("passes a title with '#' literally (select-pane -T expands formats)", () => {
    const commands = planSessionBuild(request()).commands.map((command) => command.join(' '));
    expect(commands).toContain('select-pane -t =claude-dev-#web: -T agent ##2');
  });

  it('builds on a placeholder window when history-limit is set, then removes it', () => {
    const commands = planSessionBuild(request({ template: { ...template, historyLimit: 50000 } })).commands.map((c) => c.join(' '));
    expect(commands[0]).toMatch(/^new-session .* -n claude-sessions-building .* sleep 2147483647$/);
    expect(commands[1]).toBe('set-option -t =claude-dev-#web: history-limit 50000');
    expect(commands[2]).toMatch(/^new-window -t =claude-dev-#web: -n agents/);
    expect(commands).toContain('kill-window -t =claude-dev-#web:{start}');
    expect(commands).toContain('move-window -r -t =claude-dev-#web:');
  });
});
