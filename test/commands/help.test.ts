// Every command explains itself; bad usage is refused with exit status 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAM } from '../../src/cli.ts';
import { isGroup, type AnyCommand, type OptionSpec } from '../../src/cli/define.ts';
import { commandUsage, groupUsage } from '../../src/cli/help.ts';
import { runCommandLine } from '../../src/cli/run.ts';
import { COMMANDS } from '../../src/commands/manifest.ts';
import { redirectOutput } from '../../src/util/output.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const visible = COMMANDS.filter((command) => !command.hidden).map((command) => command.name);
// Every command that runs on its own, as typed: `ls`, `worktree add`, …
const loaded = await Promise.all(COMMANDS.map(async (entry) => ({ entry, command: await entry.load() })));
const runnable: [string, AnyCommand][] = loaded.flatMap(({ entry, command }) =>
  isGroup(command) ? Object.entries(command.subcommands).map(([name, sub]): [string, AnyCommand] => [`${entry.name} ${name}`, sub]) : [[entry.name, command]],
);

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
  const valued = runnable.flatMap(([path, command]) =>
    Object.entries<OptionSpec>(command.options ?? {})
      .filter(([, spec]) => spec.type === 'string')
      .flatMap(([name, spec]) => [
        ...(spec.short ? [[path, `-${spec.short}`, spec.valueName ?? 'value']] : []),
        [path, name.length === 1 ? `-${name}` : `--${name}`, spec.valueName ?? 'value'],
      ]),
  );
  it.each(valued)('%s %s with no value says what it needs', async (command, flag, valueName) => {
    const { code, stderr } = await runCliCaptured([...command.split(' '), flag]);
    expect(code).toBe(2);
    expect(stderr).toBe(`claude-sessions: ${flag} needs a value: ${flag} <${valueName}> (see claude-sessions ${command} --help)\n`);
  });

  it('takes global flags after the command too', async () => {
    const { code, stdout } = await runCliCaptured(['ls', '--json', '-S', '/nonexistent/sock']);
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });
});

describe('sub-commands', () => {
  it.each(runnable.filter(([path]) => path.includes(' ')))('explains %s', async (path) => {
    for (const argv of [[...path.split(' '), '--help'], ['help', ...path.split(' ')]]) {
      const { code, stdout } = await runCliCaptured(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: claude-sessions ${path}\\b`));
    }
  });

  it('lists a group\'s sub-commands in its help', async () => {
    const { code, stdout } = await runCliCaptured(['worktree', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: claude-sessions worktree <add\|ls\|rm> \[options\]/);
    for (const name of ['add', 'ls', 'rm']) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it.each([
    [['worktree'], "worktree: missing <action> (one of: add, ls, rm; see claude-sessions worktree --help)"],
    [['worktree', 'frob'], "unknown worktree action 'frob' (one of: add, ls, rm; see claude-sessions worktree --help)"],
    [['worktree', 'add'], 'worktree add: missing <name> (see claude-sessions worktree add --help)'],
    [['worktree', 'ls', '--base', 'main'], "Unknown option '--base' (see claude-sessions worktree ls --help)"],
    [['hooks', 'status', '--local'], "Unknown option '--local' (see claude-sessions hooks status --help)"],
    [['git-hook', 'uninstall', '--strict'], "Unknown option '--strict' (see claude-sessions git-hook uninstall --help)"],
    [['templates', 'show'], 'templates show: missing <name> (see claude-sessions templates show --help)'],
  ])('refuses %j with exit status 2, naming the help to read', async (argv, message) => {
    const { code, stderr } = await runCliCaptured(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(`claude-sessions: ${message}\n`);
  });
});

describe('the command manifest', () => {
  it("shows each command's usage as its definition has it", () => {
    for (const { entry, command } of loaded) {
      expect(entry.usage, entry.name).toBe(isGroup(command) ? groupUsage(command) : commandUsage(command));
    }
  });

  it('gives every sub-command a description for its group\'s help', () => {
    const missing = runnable.filter(([path, command]) => path.includes(' ') && !command.description).map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('lists the commands without loading any of them', async () => {
    const unloadable = COMMANDS.map((entry) => ({ ...entry, load: () => Promise.reject(new Error(`${entry.name} was loaded`)) }));
    let stdout = '';
    redirectOutput({ out: (text) => (stdout += text), err: () => undefined });
    try {
      expect(await runCommandLine(PROGRAM, unloadable, ['--help'])).toBe(0);
    } finally {
      redirectOutput();
    }
    expect(stdout).toMatch(/^ {2}ls \[options\]/m);
  });
});
