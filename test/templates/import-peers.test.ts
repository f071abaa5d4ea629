import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { convertPeerConfig } from '../../src/templates/import-peers.ts';

// A Rails project as tmuxinator's `new` command would scaffold it, then filled in.
const TMUXINATOR = `
# ~/.config/tmuxinator/blog.yml
name: blog
root: ~/code/blog
socket_name: blog
on_project_start: docker compose up -d
pre: bundle install
pre_window: rbenv shell 3.2.2
tmux_options: -f ~/.tmux.mac.conf
startup_window: server
attach: false
windows:
  - editor:
      layout: main-vertical
      root: app
      panes:
        - vim
        - guard
  - server: bundle exec rails s
  - logs:
      - cd log
      - tail -f development.log
  - shell:
  - db:
      pre: cd db
      synchronize: after
      panes:
        - psql:
            - psql -d blog
        -
`;

// A Django project in tmuxp's format.
const TMUXP = `
session_name: api
start_directory: ./
before_script: ./scripts/bootstrap.sh
shell_command_before:
  - source .venv/bin/activate
environment:
  DJANGO_SETTINGS_MODULE: api.settings.dev
  PORT: 8000
global_options:
  default-shell: /bin/zsh
options:
  automatic-rename: on
suppress_history: false
windows:
  - window_name: code
    layout: main-horizontal
    focus: true
    options:
      main-pane-height: 30
    panes:
      - shell_command: vim
        focus: true
      - shell_command:
          - cmd: git push
            enter: false
          - git status
      - blank
  - window_name: services
    start_directory: services
    environment:
      DEBUG: "1"
    panes:
      - shell_command:
          - python manage.py runserver
        start_directory: web
      - shell_command: celery -A api worker
        start_directory: /var/log
        sleep_before: 2
      - null
`;

describe('importing a tmuxinator project', () => {
  const result = convertPeerConfig(TMUXINATOR, 'blog.yml');

  it('recognises the format', () => {
    expect(result.format).toBe('tmuxinator');
  });

  it('writes a template with the same windows and panes', () => {
    expect(parse(result.yaml)).toEqual({
      name: 'blog',
      description: 'imported from tmuxinator blog.yml',
      root: '.',
      before: ['docker compose up -d', 'bundle install'],
      windows: [
        {
          name: 'editor',
          layout: 'main-vertical',
          panes: [
            { dir: 'app', commands: ['vim'] },
            { dir: 'app', commands: ['guard'] },
          ],
        },
        { name: 'server', focus: true, panes: [{ commands: ['bundle exec rails s'] }] },
        { name: 'logs', panes: [{ commands: ['cd log', 'tail -f development.log'] }] },
        { name: 'shell', panes: [{ commands: [] }] },
        {
          name: 'db',
          panes: [
            { title: 'psql', commands: ['cd db', 'psql -d blog'] },
            { commands: ['cd db'] },
          ],
        },
      ],
    });
  });

  it('lists every setting it left out, with the reason', () => {
    expect(result.dropped).toEqual([
      'tmuxinator root ~/code/blog (templates are relative to the project; start claude-sessions new in that folder)',
      'tmuxinator window "db" synchronize (panes are not synchronized)',
      'tmuxinator socket_name (sessions live on the default tmux server)',
      'tmuxinator pre_window (runs in every pane; add it to the panes’ commands if it is still needed)',
      'tmuxinator tmux_options (claude-sessions runs tmux itself)',
      'tmuxinator attach (claude-sessions decides when to attach)',
    ]);
  });

  it('writes commands on one line', () => {
    expect(result.yaml).toContain('commands: [cd log, tail -f development.log]');
    expect(result.yaml).not.toContain('null');
  });

  it('keeps a relative root and accepts project_name / project_root', () => {
    const yaml = convertPeerConfig('project_name: web\nproject_root: ./web\nwindows:\n  - main: npm start\n', 'web.yml').yaml;
    expect(parse(yaml)).toMatchObject({ name: 'web', root: './web' });
  });

  it('takes the name it is given over the one in the file', () => {
    expect(parse(convertPeerConfig(TMUXINATOR, 'blog.yml', 'rails-blog').yaml).name).toBe('rails-blog');
  });

  it('falls back to the file name when the file has no name', () => {
    const yaml = convertPeerConfig('windows:\n  - main: make\n', '/home/me/.tmuxinator/notes.yml').yaml;
    expect(parse(yaml)).toMatchObject({ name: 'notes', root: '.', windows: [{ name: 'main' }] });
  });

  it('reports a startup_window that names no window', () => {
    const { dropped } = convertPeerConfig('name: x\nstartup_window: 2\nwindows:\n  - a: ls\n', 'x.yml');
    expect(dropped).toEqual(['tmuxinator startup_window 2 (no window has that name; set focus: true on the window instead)']);
  });

  it('keeps commands exactly as written, including shell syntax', () => {
    const text = `name: x\nwindows:\n  - w:\n      panes:\n        - 'echo "$(date), \`id\` # now" && ls -la | grep x'\n`;
    expect(parse(convertPeerConfig(text, 'x.yml').yaml).windows[0].panes[0].commands).toEqual([
      'echo "$(date), `id` # now" && ls -la | grep x',
    ]);
  });

  it('notes ERB tags, which it cannot evaluate', () => {
    const { dropped } = convertPeerConfig('name: x\nroot: <%= ENV["P"] %>\nwindows:\n  - a: ls\n', 'x.yml');
    expect(dropped).toContain('tmuxinator ERB tags <% %> (they are not evaluated; the text was kept as written)');
  });
});

describe('importing a tmuxp workspace', () => {
  const result = convertPeerConfig(TMUXP, 'api.yaml');

  it('recognises the format', () => {
    expect(result.format).toBe('tmuxp');
  });

  it('writes a template with the same windows, panes, environment and focus', () => {
    const before = 'source .venv/bin/activate';
    expect(parse(result.yaml)).toEqual({
      name: 'api',
      description: 'imported from tmuxp api.yaml',
      root: './',
      env: { DJANGO_SETTINGS_MODULE: 'api.settings.dev', PORT: '8000' },
      before: ['./scripts/bootstrap.sh'],
      windows: [
        {
          name: 'code',
          layout: 'main-horizontal',
          focus: true,
          panes: [
            { focus: true, commands: [before, 'vim'] },
            { commands: [before, 'git status'] },
            { commands: [before] },
          ],
        },
        {
          name: 'services',
          panes: [
            { dir: 'services/web', commands: [before, 'python manage.py runserver'] },
            { dir: 'services', commands: [before, 'celery -A api worker'] },
            { dir: 'services', commands: [before] },
          ],
        },
      ],
    });
  });

  it('lists every setting it left out, with the reason', () => {
    expect(result.dropped).toEqual([
      'tmuxp global_options.default-shell (tmux options are not part of templates)',
      'tmuxp options.automatic-rename (tmux options are not part of templates)',
      'tmuxp suppress_history (commands are typed into an ordinary shell)',
      "tmuxp window \"code\" pane 2 command 'git push' (enter: false only types it; templates run every command)",
      'tmuxp window "code" options.main-pane-height (tmux options are not part of templates)',
      'tmuxp window "services" pane 2 start_directory /var/log (templates only hold folders inside the project)',
      'tmuxp window "services" pane 2 sleep_before (commands are sent without delays)',
      'tmuxp window "services" environment.DEBUG (template env applies to the whole session)',
    ]);
  });

  it('drops an absolute start_directory', () => {
    const { yaml, dropped } = convertPeerConfig('session_name: s\nstart_directory: /srv/app\nwindows:\n  - window_name: w\n    panes: [ls]\n', 's.yaml');
    expect(parse(yaml).root).toBe('.');
    expect(dropped).toEqual([
      'tmuxp start_directory /srv/app (templates are relative to the project; start claude-sessions new in that folder)',
    ]);
  });

  it('drops folders that climb out of the project and env names a shell would refuse', () => {
    const text = [
      'session_name: s',
      'start_directory: ../up',
      'environment: {BAD-NAME: 1, OK: x}',
      'windows:',
      '  - window_name: w',
      '    start_directory: a/../../b',
      '    panes: [ls]',
    ].join('\n');
    const { yaml, dropped } = convertPeerConfig(text, 's.yaml');
    expect(parse(yaml)).toMatchObject({ root: '.', env: { OK: 'x' }, windows: [{ panes: [{ commands: ['ls'] }] }] });
    expect(dropped).toEqual([
      'tmuxp environment.BAD-NAME (not a valid variable name)',
      'tmuxp start_directory ../up (templates are relative to the project; start claude-sessions new in that folder)',
      'tmuxp window "w" start_directory a/../../b (templates only hold folders inside the project)',
    ]);
  });

  it('names a window without window_name after its position', () => {
    const yaml = convertPeerConfig('session_name: s\nwindows:\n  - panes: [ls]\n', 's.yaml').yaml;
    expect(parse(yaml).windows).toEqual([{ name: 'window-1', panes: [{ commands: ['ls'] }] }]);
  });

  it('follows YAML merge keys', () => {
    const text = 'session_name: s\nx: &pane {shell_command: [make]}\nwindows:\n  - window_name: w\n    panes:\n      - <<: *pane\n';
    expect(parse(convertPeerConfig(text, 's.yaml').yaml).windows[0].panes).toEqual([{ commands: ['make'] }]);
  });
});

describe('refusing what is not a tmuxinator or tmuxp file', () => {
  it.each([
    ['not YAML', 'name: [unclosed', /^bad\.yml: not valid YAML: /],
    ['empty', '', /^bad\.yml: the file is empty$/],
    ['a list', '- a\n- b\n', /^bad\.yml: expected a map of settings at the top level, found a list$/],
    ['a plain string', 'hello', /^bad\.yml: expected a map of settings at the top level, found a string$/],
    ['without windows', 'name: x\nroot: .\n', /^bad\.yml: no windows/],
    ['with an empty window list', 'session_name: x\nwindows: []\n', /^bad\.yml: no windows/],
    ['with windows that are not a list', 'name: x\nwindows: {a: ls}\n', /^bad\.yml: no windows/],
    ['of neither shape', 'windows:\n  - {a: 1, b: 2}\n', /^bad\.yml: neither a tmuxinator file/],
    ['with a tmuxinator window that is not name: ...', 'name: x\nwindows:\n  - just a string\n', /^bad\.yml: window 1 should be/],
    ['with a tmuxp window that is not a map', 'session_name: x\nwindows:\n  - window_name: a\n  - b\n', /^bad\.yml: window 2 should be a map/],
  ])('a file that is %s', (_, text, message) => {
    expect(() => convertPeerConfig(text, 'bad.yml')).toThrow(message);
  });
});
