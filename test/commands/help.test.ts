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
    [['git-status', '-t'], "-t needs a value: -t <session> (see claude-sessions git-status --help)"],
    [['git-status', '--target'], '--target needs a value: --target <session>'],
    [['-S'], '-S needs a value: -S <socket-path> (see claude-sessions --help)'],
    [['ls', '-S'], '-S needs a value: -S <socket-path> (see claude-sessions ls --help)'],
    [['-L'], '-L needs a value: -L <socket-name>'],
    [['export', 'proj', '-o'], '-o needs a value: -o <file>'],
    [['ls', '-S', '--json'], "-S needs a value: -S <socket-path>, not the option '--json'"],
    [['ls', '--json=yes'], "--json takes no value (got '--json=yes')"],
    [['ls', '-h=3'], "Unknown option '-=' in '-h=3'"],
    [['ls', '-Z'], "Unknown option '-Z' (see claude-sessions ls --help)"],
    [['ls', 'extra'], "ls: unexpected argument 'extra'"],
    [['event'], 'event: missing <hook>'],
    [[], 'no command given'],
  ])('refuses %j with exit status 2', async (argv, message) => {
    const { code, stderr } = await runCliCaptured(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('names -S as typed when its value is missing, not as --S', async () => {
    const { code, stderr } = await runCliCaptured(['-S']);
    expect(code).toBe(2);
    expect(stderr).toBe('claude-sessions: -S needs a value: -S <socket-path> (see claude-sessions --help)\n');
  });

  // Every option that takes a value, short and long, of every command.
  const valued = COMMANDS.flatMap((command) =>
    Object.entries(command.options ?? {})
      .filter(([, spec]) => spec.type === 'string')
      .flatMap(([name, spec]) => [
        ...(spec.short ? [[command.name, `-${spec.short}`, spec.valueName ?? 'value']] : []),
        [command.name, name.length === 1 ? `-${name}` : `--${name}`, spec.valueName ?? 'value'],
      ]),
  );
  it.each(valued)('%s %s with no value says what it needs', async (command, flag, valueName) => {
    const { code, stderr } = await runCliCaptured([command, flag]);
    expect(code).toBe(2);
    expect(stderr).toBe(`claude-sessions: ${flag} needs a value: ${flag} <${valueName}> (see claude-sessions ${command} --help)\n`);
  });

  it('takes global flags after the command too', async () => {
    const { code, stdout } = await runCliCaptured(['ls', '--json', '-S', '/nonexistent/sock']);
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });
});
