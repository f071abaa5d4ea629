// Every command explains itself; bad usage is refused with exit status 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const visible = COMMANDS.filter((command) => !command.hidden).map((command) => command.name);

describe('claude-sessions --help', () => {
  it('lists the commands and the global flags', async () => {
    const { code, stdout } = await runCliCaptured(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: claude-sessions \[-L socket-name \| -S socket-path\] <command>/);
    for (const name of visible) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(stdout).not.toMatch(/^ {2}event\b/m);
    expect(stdout).toContain('-L <socket-name>');
    expect(stdout).toContain('-S <socket-path>');
  });

  it.each(visible)('explains %s', async (name) => {
    for (const argv of [[name, '--help'], ['help', name]]) {
      const { code, stdout } = await runCliCaptured(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: claude-sessions ${name}\\b`));
    }
  });

  it('shows a command its options', async () => {
    const { stdout } = await runCliCaptured(['git-status', '-h']);
    expect(stdout).toMatch(/-t, --target <session>\s+session name or \$id/);
    expect(stdout).toMatch(/--display\s+report in the tmux message line/);
  });

  it("shows import's consent flags", async () => {
    const { stdout } = await runCliCaptured(['import', '--help']);
    expect(stdout).toMatch(/--allow-env <name>\s+let the bundle set this variable/);
    expect(stdout).toMatch(/--no-commands\s+build the layout only/);
    expect(stdout).toMatch(/-y, --yes\s+do not ask before making the session/);
  });

  it('prints the package version', async () => {
    const { stdout } = await runCliCaptured(['--version']);
    // From source the version is "dev"; the bundle carries package.json's.
    expect(stdout).toBe('dev\n');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(readFileSync(join(REPO_ROOT, 'dist', 'claude-sessions.cjs'), 'utf8')).toContain(JSON.stringify(pkg.version));
  });

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['ls', '--nope'], "Unknown option '--nope' (see claude-sessions ls --help)"],
    [['git-status', '-t'], "Option '-t, --target <value>' argument missing"],
    [['ls', 'extra'], "ls: unexpected argument 'extra'"],
    [['event'], 'event: missing <hook>'],
    [[], 'no command given'],
  ])('refuses %j with exit status 2', async (argv, message) => {
    const { code, stderr } = await runCliCaptured(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('takes global flags after the command too', async () => {
    const { code, stdout } = await runCliCaptured(['ls', '--json', '-S', '/nonexistent/sock']);
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });
});
