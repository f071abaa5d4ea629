// Building workspaces on a real tmux server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';


describe('claude-sessions new', () => {
  let server: TestServer;
  let projects: string;
  const saved = { state: process.env['XDG_STATE_HOME'], config: process.env['XDG_CONFIG_HOME'] };
  beforeAll(() => {
    server = startTestServer();
    projects = join(server.dir, 'projects');
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
    process.env['XDG_CONFIG_HOME'] = join(server.dir, 'config');
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    // Claude and the editor are stand-ins that say what they were asked to run.
    server.tmux('set-option', '-g', '@claude-sessions-claude-command', 'echo claude-started-in-$PWD');
  });
  afterAll(() => {
    process.env['XDG_STATE_HOME'] = saved.state;
    process.env['XDG_CONFIG_HOME'] = saved.config;
    server.stop();
  });

  const panes = (session: string) =>
    server
      .tmux('list-panes', '-s', '-t', `=${session}:`, '-F', '#{window_name}|#{pane_index}|#{@claude-sessions-role}|#{pane_current_path}|#{pane_active}')
      .trim()
      .split('\n');

  const makeProject = (name: string, files: Record<string, string>, dirs: string[] = []) => {
    const dir = join(projects, name);
    mkdirSync(dir, { recursive: true });
    for (const sub of dirs) mkdirSync(join(dir, sub), { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };

  it("gives a react project the seed's panes in components/, api/, src/, the root and a git shell", async () => {
    const dir = makeProject('webapp', { 'package.json': '{"devDependencies":{"react":"^19"}}' }, ['components', 'api', 'src']);
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    expect(result).toMatchObject({ code: 0, stdout: 'created claude-dev-webapp from template react\n' });
    expect(panes('claude-dev-webapp')).toEqual([
      `agents|0|claude|${dir}/components|1`,
      `agents|1|claude|${dir}/api|0`,
      `agents|2|editor|${dir}/src|0`,
      `agents|3|dev|${dir}|0`,
      `agents|4|git|${dir}|0`,
    ]);
    const first = await waitFor(() => server.tmux('capture-pane', '-pJ', '-t', '=claude-dev-webapp:0.0'), (text) => /claude-started-in-/.test(text));
    expect(first).toContain(`claude-started-in-${dir}/components`);
    const dev = await waitFor(() => server.tmux('capture-pane', '-pJ', '-t', '=claude-dev-webapp:0.3'), (text) => /npm run dev/.test(text));
    expect(dev).toContain('npm run dev');
  });

  it('goes to an existing workspace instead of building another', async () => {
    const dir = makeProject('revisited', {});
    expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).stdout).toBe('created claude-dev-revisited from template generic\n');
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(panes('claude-dev-revisited')).toHaveLength(2);
  });

  it('says a template given for an existing workspace was not applied, and the command it prints rebuilds it', async () => {
    const dir = makeProject('rebuilt', {});
    expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).stdout).toBe('created claude-dev-rebuilt from template generic\n');
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--template', 'python', '--detach']);
    expect(result.code).toBe(0);
    expect(panes('claude-dev-rebuilt')).toHaveLength(2);
    const rebuild = /; to rebuild it from that template: (.*)\n$/.exec(result.stderr)?.[1] ?? '';
    expect(result.stderr).toBe(`claude-sessions: claude-dev-rebuilt already exists, so --template python was not applied (it is opened as it is); to rebuild it from that template: ${rebuild}\n`);
    expect(rebuild).toBe(`claude-sessions -S '${server.socket}' kill claude-dev-rebuilt && claude-sessions -S '${server.socket}' new '${dir}' --template python --detach`);
    // Typed into a shell, as a user would (the CLI on PATH), it rebuilds the workspace from python.
    const ran = spawnSync('sh', ['-c', rebuild], { encoding: 'utf8', env: testEnv({ PATH: `${join(REPO_ROOT, 'scripts')}:${process.env['PATH'] ?? ''}` }) });
    expect(ran.status, ran.stderr).toBe(0);
    expect(panes('claude-dev-rebuilt').map((pane) => pane.split('|')[2])).toEqual(['claude', 'editor', 'git']);
  });

  it('gives every pane, the first included, the workspace environment and .env.claude, executing nothing', async () => {
    const dir = makeProject('envy', {
      '.env.claude': 'export API_URL="http://localhost:3000"\nDANGER=$(touch PWNED)\nTICKS=`touch PWNED2`\nnot a line\n',
      '.claude-sessions.yaml': 'windows:\n  - name: main\n    panes:\n      - printenv CLAUDE_PROJECT PROJECT_ROOT CLAUDE_CODE_TMUX_SESSION API_URL DANGER TICKS\n',
    });
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(".env.claude:4: skipped: 'not a line' is not NAME=value");
    const screen = await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-envy:0.0'), (text) => /`touch PWNED2`/.test(text));
    expect(screen).toContain(`envy\n${dir}\n1\nhttp://localhost:3000\n$(touch PWNED)\n\`touch PWNED2\``);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    expect(existsSync(join(dir, 'PWNED2'))).toBe(false);
  });

  it('loses no keystroke to a shell whose rc file takes a second', async () => {
    const rc = join(server.dir, 'slow-rc');
    writeFileSync(rc, "sleep 1\nPS1='slow$ '\n");
    server.tmux('set-option', '-g', 'default-command', `bash --noprofile --rcfile ${rc} -i`);
    try {
      const dir = makeProject('slowpoke', {
        '.claude-sessions.yaml':
          'windows:\n  - name: w\n    panes:\n      - commands: ["echo first-$((6*7))", "echo second-$((7*7))"]\n      - echo other-$((8*8))\n',
      });
      expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(0);
      const first = await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-slowpoke:0.0'), (text) => /second-49/.test(text));
      expect(first).toMatch(/first-42[\s\S]*second-49/);
      const other = await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-slowpoke:0.1'), (text) => /other-64/.test(text));
      expect(other).toContain('other-64');
    } finally {
      server.tmux('set-option', '-g', 'default-command', 'sh');
    }
  });

  it.each([
    ['is empty', "PS1=''"],
    ['clears the screen', "PS1='\\[\\e[H\\e[2J\\]'"],
  ])('types into a shell whose prompt %s (the cursor stays top left) once it is ready, not after the wait for a prompt runs out', async (_, ps1) => {
    const rc = join(server.dir, 'top-left-rc');
    writeFileSync(rc, `${ps1}\n`);
    server.tmux('set-option', '-g', 'default-command', `bash --noprofile --rcfile ${rc} -i`);
    try {
      // The command writes a file: a prompt that clears the screen would wipe what it prints.
      const dir = makeProject(`top-left-${ps1.length}`, { '.claude-sessions.yaml': 'windows:\n  - name: w\n    panes:\n      - echo typed-$((6*7)) > typed\n' });
      const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('no shell prompt in time');
      const typed = join(dir, 'typed');
      expect(await waitFor(() => (existsSync(typed) ? readFileSync(typed, 'utf8') : ''), (text) => text !== '')).toBe('typed-42\n');
    } finally {
      server.tmux('set-option', '-g', 'default-command', 'sh');
    }
  }, 30_000); // before: 10 s of waiting for a prompt

  it.each([
    // After a second of rc work, anything already typed is waiting to be read: the rc says so.
    ['works a second', (early: string) => `sleep 1\nread -t 0 && : > '${early}'\n`],
    // A program that reads the terminal for a second would eat what is typed meanwhile.
    ['runs a program that reads the terminal', () => 'timeout --foreground 1 cat > /dev/null\n'],
  ])('types into a shell with an empty prompt only once its rc file is done, when that rc file %s', async (what, rcWork) => {
    const early = join(server.dir, `typed-early-${what.length}`);
    const rc = join(server.dir, `slow-top-left-rc-${what.length}`);
    writeFileSync(rc, `${rcWork(early)}PS1=''\n`);
    server.tmux('set-option', '-g', 'default-command', `bash --noprofile --rcfile ${rc} -i`);
    try {
      const dir = makeProject(`slow-top-left-${what.length}`, { '.claude-sessions.yaml': 'windows:\n  - name: w\n    panes:\n      - echo typed-$((6*7)) > typed\n' });
      expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(0);
      const typed = join(dir, 'typed');
      expect(await waitFor(() => (existsSync(typed) ? readFileSync(typed, 'utf8') : ''), (text) => text !== '')).toBe('typed-42\n');
      expect(existsSync(early)).toBe(false);
    } finally {
      server.tmux('set-option', '-g', 'default-command', 'sh');
    }
  }, 30_000);

  it.each([
    ["quotes and a semicolon", "it's; \"here\""],
    ['command substitution', '$(touch PWNED)'],
    ['unicode and spaces', 'café 🎉 app'],
    ['a leading dash', '-rf'],
    ['dots and colons', 'v1.2:beta'],
  ])('builds a workspace for a folder with %s in its name', async (_, name) => {
    const dir = makeProject(name, {});
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);
    const session = `claude-dev-${name.replace(/[.:]/g, '_')}`;
    expect(result.stdout).toBe(`created ${session} from template generic\n`);
    expect(panes(session)).toEqual([`main|0|claude|${dir}|1`, `main|1|git|${dir}|0`]);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it("keeps '#' in window names and pane titles literal", async () => {
    const dir = makeProject('hashes', {
      '.claude-sessions.yaml': 'windows:\n  - name: "w#{pid}"\n    panes:\n      - { title: "t#{pid} #x" }\n',
    });
    expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(0);
    expect(server.tmux('list-panes', '-t', '=claude-dev-hashes:', '-F', '#{window_name}|#{pane_title}').trim()).toBe('w#{pid}|t#{pid} #x');
  });

  it('keeps history-limit and honours base-index from the user config', async () => {
    server.tmux('set-option', '-g', 'base-index', '1');
    server.tmux('set-option', '-g', 'pane-base-index', '1');
    try {
      const dir = makeProject('historian', {
        '.claude-sessions.yaml':
          'history-limit: 12345\nwindows:\n  - name: one\n    panes: [echo a, echo b]\n  - name: two\n    focus: true\n    panes: [echo c]\n',
      });
      expect((await runCliCaptured(['-S', server.socket, 'new', dir, '--detach'])).code).toBe(0);
      const windows = server.tmux('list-windows', '-t', '=claude-dev-historian:', '-F', '#{window_index}:#{window_name}:#{window_active}');
      expect(windows.trim().split('\n')).toEqual(['1:one:0', '2:two:1']);
      const limits = server.tmux('list-panes', '-s', '-t', '=claude-dev-historian:', '-F', '#{pane_index}:#{history_limit}');
      expect(limits.trim().split('\n')).toEqual(['1:12345', '2:12345', '1:12345']);
    } finally {
      server.tmux('set-option', '-g', 'base-index', '0');
      server.tmux('set-option', '-g', 'pane-base-index', '0');
    }
  });

  it('says which line of a broken template file is wrong, and builds nothing', async () => {
    const dir = makeProject('broken', { 'bad.yaml': 'windows:\n  - name: w\n    panes:\n   - oops: [\n' });
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--template-file', join(dir, 'bad.yaml'), '--detach']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^claude-sessions: \S*bad\.yaml:4:\d+: /);
    expect(server.tryTmux('has-session', '-t', '=claude-dev-broken:').status).not.toBe(0);
  });

  it('refuses a template name that does not exist', async () => {
    const dir = makeProject('nameless', {});
    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--template', 'nope', '--detach']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no template named 'nope'");
  });
});

describe('claude-sessions switch and kill', () => {
  // switch lists, and kill --all kills, every workspace on the server: a server per test.
  let server: TestServer;
  let projects: string;
  const savedState = process.env['XDG_STATE_HOME'];
  beforeEach(() => {
    server = startTestServer();
    projects = join(server.dir, 'projects');
    mkdirSync(join(projects, 'api-service'), { recursive: true });
    writeFileSync(join(projects, 'api-service', 'go.mod'), 'module x\n');
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
    server.tmux('set-option', '-g', '@resurrect-dir', join(server.dir, 'saves'));
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', `${join(server.dir, 'nothing-here')}:${projects}`);
  });
  afterEach(() => {
    process.env['XDG_STATE_HOME'] = savedState;
    server.stop();
  });
  const switchTo = async (project: string) => expect((await runCliCaptured(['-S', server.socket, 'switch', project, '--detach'])).code).toBe(0);

  it('creates a project found in the projects folders with its detected template', async () => {
    const result = await runCliCaptured(['-S', server.socket, 'switch', 'api-service', '--detach']);
    expect(result).toMatchObject({ code: 0, stdout: 'created claude-dev-api-service from template go\n' });
  });

  it('lists the workspaces when given no project', async () => {
    await switchTo('api-service');
    expect((await runCliCaptured(['-S', server.socket, 'switch'])).stdout).toBe('claude-dev-api-service\n');
  });

  it('says where it looked for a project that is not there', async () => {
    const result = await runCliCaptured(['-S', server.socket, 'switch', 'ghost', '--detach']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Project directory not found: ${join(server.dir, 'nothing-here', 'ghost')}, ${join(projects, 'ghost')}`);
  });

  it("kill saves the session and every pane's text before killing it", async () => {
    await switchTo('api-service');
    server.tmux('send-keys', '-t', '=claude-dev-api-service:0.2', 'echo keep-this-line', 'Enter');
    await waitFor(() => server.tmux('capture-pane', '-p', '-t', '=claude-dev-api-service:0.2'), (text) => /keep-this-line\n/.test(text));
    const result = await runCliCaptured(['-S', server.socket, 'kill', 'api-service']);
    expect(result.code).toBe(0);
    const file = /--file '(.*)'\n$/.exec(result.stdout)?.[1] ?? '';
    expect(result.stdout).toBe(`Session claude-dev-api-service terminated, saved first; to bring it back: claude-sessions -S '${server.socket}' restore --session claude-dev-api-service --file '${file}'\n`);
    expect(readFileSync(file, 'utf8')).toContain('claude-dev-api-service');
    const killed = join(server.dir, 'state', 'claude-sessions', 'killed');
    const [savedTo = ''] = readdirSync(killed).filter((entry) => entry.startsWith('claude-dev-api-service-'));
    expect(readdirSync(join(killed, savedTo)).sort()).toEqual(['0.0.txt', '0.1.txt', '0.2.txt', '0.3.txt']);
    expect(readFileSync(join(killed, savedTo, '0.2.txt'), 'utf8')).toContain('keep-this-line');
    expect(server.tryTmux('has-session', '-t', '=claude-dev-api-service:').status).not.toBe(0);
  });

  it('kill --all asks first and refuses to guess without a terminal', async () => {
    await switchTo('api-service');
    const refused = await runCliCaptured(['-S', server.socket, 'kill', '--all']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --yes');
    expect(server.tryTmux('has-session', '-t', '=claude-dev-api-service:').status).toBe(0);
    const done = await runCliCaptured(['-S', server.socket, 'kill', '--all', '--yes']);
    expect(done.stdout).toContain('Session claude-dev-api-service terminated');
  });
});
