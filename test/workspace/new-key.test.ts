// The new-workspace key, pressed by a real attached client: prefix N, a project name with
// quotes in it, Enter.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';


describe('prefix N', () => {
  let inner: TestServer; // the server with the plugin, which the "user" is attached to
  let outer: TestServer; // a terminal for that user: a pane running `tmux attach`
  const project = `quote's "here" $(x)`;
  let nodeRuns: string; // one line per time the CLI's node started (the node option points at a recorder)
  // The node runs for `new` (the session-created hook of a session a test makes starts one too).
  const nodeRanNew = () => (existsSync(nodeRuns) ? readFileSync(nodeRuns, 'utf8') : '').split('\n').filter((line) => / new /.test(line));

  beforeAll(() => {
    inner = startTestServer({ log: true }); // its log names every job (run-shell's shell) it starts
    outer = startTestServer();
    nodeRuns = join(inner.dir, 'node-runs');
    const recorder = join(inner.dir, 'node-recorder');
    writeFileSync(recorder, `#!/bin/sh\necho "$*" >> '${nodeRuns}'\nexec '${process.execPath}' "$@"\n`);
    chmodSync(recorder, 0o755);
    inner.tmux('set-option', '-g', '@claude-sessions-node', recorder);
    const projects = join(inner.dir, 'projects');
    mkdirSync(join(projects, project), { recursive: true });
    inner.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    inner.tmux('set-option', '-g', '@claude-sessions-claude-command', 'true');
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '120', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });

  it('opens the workspace of the project typed at the prompt and switches the client to it', async () => {
    const client = await terminalClient();
    rmSync(nodeRuns, { force: true });
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'N');
    await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes('claude-sessions project'));
    outer.tmux('send-keys', '-t', '=terminal:', 'C-u');
    outer.tmux('send-keys', '-t', '=terminal:', '-l', project);
    outer.tmux('send-keys', '-t', '=terminal:', 'Enter');
    const attachedTo = await waitFor(
      () => inner.tmux('display-message', '-p', '-c', client, '#{client_session}').trim(),
      (text) => text === `claude-dev-${project}`,
    );
    expect(attachedTo).toBe(`claude-dev-${project}`);
    // No such workspace yet: the key handed the typed text to Node's new unchanged.
    expect(nodeRanNew()).toEqual([expect.stringMatching(new RegExp(` new --display --client /dev/\\S+ -- ${project.replace(/[$()]/g, '\\$&')}$`))]);
    expect(inner.tmux('list-panes', '-t', `=claude-dev-${project}:`, '-F', '#{pane_current_path}').trim().split('\n')).toEqual([
      join(inner.dir, 'projects', project),
      join(inner.dir, 'projects', project),
    ]);
  });

  it('to a new project says what it made in the message line, and leaves no output over the pane the key was pressed in', async () => {
    const client = await terminalClient();
    const fresh = 'fresh-project';
    mkdirSync(join(inner.dir, 'projects', fresh), { recursive: true });
    const before = inner.tmux('display-message', '-p', '-t', '=placeholder:', '#{pane_id}').trim();
    expect(await pressNew(client, fresh, `claude-dev-${fresh}`)).toBe(`claude-dev-${fresh}`);
    const shown = await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (text) => text.includes(`created claude-dev-${fresh} from template`));
    expect(shown).toContain(`claude-sessions: created claude-dev-${fresh} from template generic`);
    // run-shell's output would put the pane in view mode: it never turns up there.
    await waitFor(() => inner.tmux('display-message', '-p', '-t', before, '#{pane_in_mode}').trim(), (mode) => mode === '1', 20);
    expect(inner.tmux('display-message', '-p', '-t', before, '#{pane_in_mode}').trim()).toBe('0');
  });

  // The client of the terminal, put on the placeholder session.
  async function terminalClient(): Promise<string> {
    const clients = await waitFor(() => inner.tmux('list-clients', '-F', '#{client_name}').trim(), (text) => text !== '');
    const client = clients.split('\n')[0]!;
    inner.tmux('switch-client', '-c', client, '-t', '=placeholder:');
    return client;
  }

  // prefix N, the text typed at the prompt, Enter; resolves to the session the client ends on.
  async function pressNew(client: string, text: string, expected: string): Promise<string> {
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'N');
    await waitFor(() => outer.tmux('capture-pane', '-p', '-t', '=terminal:'), (screen) => screen.includes('claude-sessions project'));
    outer.tmux('send-keys', '-t', '=terminal:', 'C-u');
    outer.tmux('send-keys', '-t', '=terminal:', '-l', '--', text);
    outer.tmux('send-keys', '-t', '=terminal:', 'Enter');
    return waitFor(() => inner.tmux('display-message', '-p', '-c', client, '#{client_session}').trim(), (session) => session === expected);
  }

  it('to a workspace that is open, goes there without starting Node, whatever the name holds', async () => {
    const name = `-dash; $(touch pwned) 'q' "d" \`id\` a.b`;
    mkdirSync(join(inner.dir, 'projects', name), { recursive: true });
    const session = `claude-dev-${name.replaceAll('.', '_')}`;
    inner.tmux('new-session', '-d', '-s', session, '-c', join(inner.dir, 'projects', name));
    const client = await terminalClient();
    rmSync(nodeRuns, { force: true });
    expect(await pressNew(client, name, session)).toBe(session);
    expect(nodeRanNew()).toEqual([]);
    expect(existsSync(join(inner.dir, 'pwned'))).toBe(false);
  });

  it('to an open workspace whose name holds a tmux #(command), goes there and never runs the command', async () => {
    const name = 'h#(tmux set-option -g @pwned yes)';
    mkdirSync(join(inner.dir, 'projects', name), { recursive: true });
    const session = `claude-dev-${name}`;
    // new-session expands -s and -c as formats: ## keeps the # (as the plugin's own formatLiteral does).
    inner.tmux('new-session', '-d', '-s', session.replaceAll('#', '##'), '-c', join(inner.dir, 'projects', name).replaceAll('#', '##'));
    const client = await terminalClient();
    expect(await pressNew(client, name, session)).toBe(session);
    // A #(…) job runs apart from the key: give one time to set the option before looking.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(inner.tmux('show-options', '-gqv', '@pwned').trim()).toBe('');
  });

  it('to an open workspace typed as a path through a symlink, goes to the real folder\'s session without starting Node', async () => {
    const real = join(inner.dir, 'elsewhere', 'real project');
    mkdirSync(real, { recursive: true });
    symlinkSync(real, join(inner.dir, 'shortcut'));
    inner.tmux('new-session', '-d', '-s', 'claude-dev-real project', '-c', real);
    const client = await terminalClient();
    rmSync(nodeRuns, { force: true });
    expect(await pressNew(client, `${join(inner.dir, 'shortcut')}/`, 'claude-dev-real project')).toBe('claude-dev-real project');
    expect(nodeRanNew()).toEqual([]);
  });

  // Every process the server starts for a key (run-shell's sh, which then runs tmux or Node) is a job in its log.
  const jobsStarted = () => inner.serverLog().split('\n').filter((line) => / job_run: /.test(line)).length;

  it('to an open workspace typed by its name, goes there starting no process at all: no shell, no tmux, no Node', async () => {
    const name = 'plain.name-1';
    const folder = join(realpathSync(join(inner.dir, 'projects')), name);
    mkdirSync(folder, { recursive: true });
    inner.tmux('new-session', '-d', '-s', 'claude-dev-plain_name-1', '-c', folder);
    const client = await terminalClient();
    rmSync(nodeRuns, { force: true });
    const before = jobsStarted();
    expect(await pressNew(client, name, 'claude-dev-plain_name-1')).toBe('claude-dev-plain_name-1');
    expect(jobsStarted() - before).toBe(0);
    expect(nodeRanNew()).toEqual([]);
  });

  it('to a name whose folder is a symlink, leaves the choice to the sh path, which goes where Node would: the real folder\'s workspace', async () => {
    const real = join(realpathSync(inner.dir), 'elsewhere', 'target');
    mkdirSync(real, { recursive: true });
    symlinkSync(real, join(inner.dir, 'projects', 'alias'));
    // A session named after the link, with a pane in the real folder: it is not the one Node picks.
    inner.tmux('new-session', '-d', '-s', 'claude-dev-alias', '-c', real);
    inner.tmux('new-session', '-d', '-s', 'claude-dev-target', '-c', real);
    const client = await terminalClient();
    const before = jobsStarted();
    expect(await pressNew(client, 'alias', 'claude-dev-target')).toBe('claude-dev-target');
    expect(jobsStarted() - before).toBeGreaterThan(0);
  });

  it('new from a terminal outside tmux attaches that terminal to the workspace', async () => {
    const dir = join(inner.dir, 'projects', 'attach-me');
    mkdirSync(dir, { recursive: true });
    const shim = join(REPO_ROOT, 'scripts', 'claude-sessions');
    outer.tmux('new-session', '-d', '-s', 'terminal2', '-x', '120', '-y', '40', `env -u TMUX ${shim} -S ${inner.socket} new ${dir}`);
    const clients = await waitFor(
      () => inner.tmux('list-clients', '-F', '#{client_session}'),
      (text) => text.includes('claude-dev-attach-me'),
    );
    expect(clients).toContain('claude-dev-attach-me');
  });
});
