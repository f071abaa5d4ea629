// A worktree test's world: a private home with git configured only there, a real repository
// with one commit under ~/projects, a tmux server (with the fake claude on its PATH) and,
// when asked, the project's workspace session.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured, type CliResult } from '../helpers/cli.ts';
import { processStamp, REPO_ROOT, startTestServer, waitForProcessesToEnd, type TestServer } from '../helpers/tmux-server.ts';

export interface WorktreeWorld {
  readonly home: string;
  readonly project: string;
  readonly server: TestServer;
  /** Run git in a folder; stdout, throws on failure. */
  git(dir: string, ...args: string[]): string;
  /** Run the CLI against the test server with --project set to the project. */
  cli(...args: string[]): Promise<CliResult>;
  /** Open the project's workspace session (a plain session marked with its folder). */
  openWorkspace(): void;
  /** Make another project (a repository with one commit) under ~/projects and open its workspace; returns its folder. */
  addProject(name: string): string;
  /** Run the CLI against the test server with --project set to this project folder. */
  cliIn(project: string, ...args: string[]): Promise<CliResult>;
  stop(): void;
}

// Set up the world; the environment changes are undone by stop().
export function worktreeWorld(projectName = 'shop'): WorktreeWorld {
  const saved: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string) => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };
  const home = mkdtempSync(join(tmpdir(), 'cs-worktree-'));
  setEnv('HOME', home);
  setEnv('GIT_CONFIG_NOSYSTEM', '1');
  setEnv('PATH', `${join(REPO_ROOT, 'test', 'fake-claude')}:${process.env['PATH'] ?? ''}`);
  setEnv('CLAUDE_CONFIG_DIR', join(home, '.claude'));
  setEnv('CLAUDE_SESSIONS_ROOT', REPO_ROOT);
  setEnv('FAKE_CLAUDE_SCRIPT', 'SessionStart hold');
  setEnv('FAKE_CLAUDE_LOG', join(home, 'claude.log'));
  const git = (dir: string, ...args: string[]) => {
    const result = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  // A repository with one commit on main at ~/projects/NAME.
  const makeRepo = (name: string) => {
    const dir = join(home, 'projects', name);
    mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Test');
    git(dir, 'config', 'user.email', 'test@example.com');
    writeFileSync(join(dir, 'README'), 'hello\n');
    git(dir, 'add', 'README');
    git(dir, 'commit', '-q', '-m', 'initial');
    return dir;
  };
  const project = makeRepo(projectName);
  const server = startTestServer();
  server.tmux('set-option', '-g', '@claude-sessions-projects-dir', join(home, 'projects'));
  const openWorkspaceOf = (name: string, dir: string) => {
    server.newSession(`claude-dev-${name}`, dir);
    server.tmux('set-option', '-t', `=claude-dev-${name}:`, '@claude-sessions-project-dir', dir);
  };
  const cliIn = (dir: string, ...args: string[]) => runCliCaptured(['-S', server.socket, 'worktree', ...args, '--project', dir]);
  return {
    home,
    project,
    server,
    git,
    cli: (...args) => cliIn(project, ...args),
    openWorkspace: () => openWorkspaceOf(projectName, project),
    addProject: (name) => {
      const dir = makeRepo(name);
      openWorkspaceOf(name, dir);
      return dir;
    },
    cliIn,
    stop: () => {
      // A fake claude writes its SessionEnd into ~/.claude when kill-server hangs it up: wait
      // for each to end before removing the home, or the removal races that write.
      const agents = claudeStarts(home).flatMap((start) => processStamp(start.pid) ?? []);
      server.stop();
      waitForProcessesToEnd(agents);
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// The lines of the fake claude's start log.
export function claudeStarts(home: string): { argv: string[]; cwd: string; sessionId: string; tmuxPane: string | null; pid: number }[] {
  try {
    return readFileSync(join(home, 'claude.log'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}
