// Every command explains itself; the program knows its version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const program = buildProgram();
const visibleCommands = program
  .createHelp()
  .visibleCommands(program)
  .map((command) => command.name())
  .filter((name) => name !== 'help');

describe('claude-sessions --help', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await runCliCaptured(['--help']);
    expect(code).toBe(0);
    for (const name of ['ls', 'doctor', 'options', 'git-status']) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(stdout).toContain('-L <socket-name>');
    expect(stdout).toContain('-S <socket-path>');
  });

  it.each(visibleCommands)('explains %s', async (name) => {
    const { code, stdout } = await runCliCaptured([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: claude-sessions ${name}`, 'm'));
  });

  it('prints the package version', async () => {
    const { stdout } = await runCliCaptured(['--version']);
    // From source the version is "dev"; the bundle carries package.json's.
    expect(stdout.trim()).toBe('dev');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(readFileSync(join(REPO_ROOT, 'dist', 'claude-sessions.cjs'), 'utf8')).toContain(JSON.stringify(pkg.version));
  });

  it('rejects an unknown command with exit status 2', async () => {
    const { code, stderr } = await runCliCaptured(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});
