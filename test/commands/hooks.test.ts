// `claude-sessions hooks install | uninstall | status` against settings files in a private HOME.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_EVENTS, hookCommand } from '../../src/agents/claude-contract.ts';
import { runCliCaptured } from '../helpers/cli.ts';

let home: string;
let plugin: string;
let shim: string;
const saved = { HOME: process.env['HOME'], root: process.env['CLAUDE_SESSIONS_ROOT'], config: process.env['CLAUDE_CONFIG_DIR'] };
// Temp folders of the current test, removed after it.
const made: string[] = [];
const tempFolder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

beforeEach(() => {
  home = tempFolder('cs-hooks-home-');
  plugin = tempFolder('cs-hooks-plugin-');
  shim = join(plugin, 'scripts', 'claude-hook');
  process.env['HOME'] = home;
  process.env['CLAUDE_SESSIONS_ROOT'] = plugin;
  delete process.env['CLAUDE_CONFIG_DIR'];
});

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [['HOME', saved.HOME], ['CLAUDE_SESSIONS_ROOT', saved.root], ['CLAUDE_CONFIG_DIR', saved.config]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

// A user's settings file: their own PreToolUse hook on Bash and another top-level key.
const USER_TEXT = `{
  "permissions": { "allow": ["Bash(npm test)"] },
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "~/bin/check-bash.sh" }] }
    ]
  }
}
`;

function writeUserSettings(text = USER_TEXT): string {
  mkdirSync(join(home, '.claude'));
  const path = join(home, '.claude', 'settings.json');
  writeFileSync(path, text);
  return path;
}

function backups(path: string): string[] {
  const dir = join(path, '..');
  return readdirSync(dir).filter((name) => name.startsWith('settings.json.bak-'));
}

describe('claude-sessions hooks', () => {
  it("installs once however often it runs, keeping the user's own hook and keys, with a backup", async () => {
    const path = writeUserSettings();
    const first = await runCliCaptured(['hooks', 'install']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^installed claude-sessions hooks for ${HOOK_EVENTS.length} events in ${path} \\(backup: ${path}\\.bak-\\d{8}T\\d{6}\\)\\n$`));
    expect(first.stderr).toBe(`claude-sessions: note: the hook shim ${shim} does not exist yet\n`);
    const afterFirst = readFileSync(path, 'utf8');
    const second = await runCliCaptured(['hooks', 'install']);
    expect({ code: second.code, stdout: second.stdout }).toEqual({ code: 0, stdout: `claude-sessions hooks already installed in ${path}\n` });
    expect(readFileSync(path, 'utf8')).toBe(afterFirst);
    expect(backups(path)).toHaveLength(1);
    expect(readFileSync(join(home, '.claude', backups(path)[0] ?? ''), 'utf8')).toBe(USER_TEXT);

    expect(afterFirst.endsWith('}\n')).toBe(true);
    expect(afterFirst).toContain('\n  "permissions": {\n    "allow": [\n');
    const settings = JSON.parse(afterFirst) as { permissions: unknown; hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]> };
    expect(settings.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(settings.hooks['PreToolUse']).toEqual([
      { matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/check-bash.sh' }] },
      { matcher: '*', hooks: [{ type: 'command', command: hookCommand(shim, 'PreToolUse') }] },
    ]);
    for (const event of HOOK_EVENTS) {
      const commands = settings.hooks[event]?.flatMap((entry) => entry.hooks.map((hook) => hook.command)) ?? [];
      expect(commands.filter((command) => command === hookCommand(shim, event)), event).toHaveLength(1);
    }
  });

  it("uninstalls only ours, giving back the user's own content, and says so when there is nothing", async () => {
    const path = writeUserSettings();
    await runCliCaptured(['hooks', 'install']);
    const removed = await runCliCaptured(['hooks', 'uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(new RegExp(`^removed ${HOOK_EVENTS.length} claude-sessions hooks from ${path} \\(backup: .*\\)\\n$`));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(USER_TEXT));
    expect(backups(path)).toHaveLength(2);
    const before = readFileSync(path, 'utf8');
    const again = await runCliCaptured(['hooks', 'uninstall']);
    expect(again).toEqual({ code: 0, stdout: `no claude-sessions hooks in ${path}: nothing to remove\n`, stderr: '' });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(backups(path)).toHaveLength(2);
  });

  it('reports broken JSON with its position and leaves the file as it was', async () => {
    const broken = '{\n  "model": "opus",\n  "hooks": {\n    "Stop": []\n  },\n}\n';
    const path = writeUserSettings(broken);
    const result = await runCliCaptured(['hooks', 'install']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`claude-sessions: ${path}:6:1: not valid JSON: expected a double-quoted property name, found "}"\n`);
    expect(readFileSync(path, 'utf8')).toBe(broken);
    expect(backups(path)).toEqual([]);
    writeFileSync(path, '{ "hooks": [] }\n');
    expect((await runCliCaptured(['hooks', 'uninstall'])).stderr).toBe(`claude-sessions: ${path}: "hooks" is an array, not an object\n`);
    expect(readFileSync(path, 'utf8')).toBe('{ "hooks": [] }\n');
  });

  it('creates a missing ~/.claude private, and honours CLAUDE_CONFIG_DIR', async () => {
    expect((await runCliCaptured(['hooks', 'install'])).code).toBe(0);
    expect(statSync(join(home, '.claude')).mode & 0o777).toBe(0o700);
    expect(backups(join(home, '.claude', 'settings.json'))).toEqual([]);
    process.env['CLAUDE_CONFIG_DIR'] = join(home, 'config');
    expect((await runCliCaptured(['hooks', 'install'])).stdout).toContain(`in ${join(home, 'config', 'settings.json')}`);
  });

  it('installs in a project, shared or local, and replaces our hooks from an old plugin folder', async () => {
    const project = tempFolder('cs-hooks-project-');
    expect((await runCliCaptured(['hooks', 'install', '--project', project, '--local'])).code).toBe(0);
    expect(existsSync(join(project, '.claude', 'settings.local.json'))).toBe(true);
    expect(existsSync(join(project, '.claude', 'settings.json'))).toBe(false);
    process.env['CLAUDE_SESSIONS_ROOT'] = join(plugin, 'moved');
    const moved = await runCliCaptured(['hooks', 'install', '--project', project, '--local']);
    expect(moved.stdout).toContain(`replacing ${HOOK_EVENTS.length} old hooks of ours`);
    const text = readFileSync(join(project, '.claude', 'settings.local.json'), 'utf8');
    expect(text).toContain(hookCommand(join(plugin, 'moved', 'scripts', 'claude-hook'), 'Stop'));
    expect(text).not.toContain(`'${shim}'`);
    expect((await runCliCaptured(['hooks', 'install', '--local'])).code).toBe(2);
    expect((await runCliCaptured(['hooks', 'install', '--project', join(project, 'nope')])).code).toBe(1);
  });

  it('status: each file Claude reads, the events missing, and whether the shim can run', async () => {
    const project = tempFolder('cs-hooks-project-');
    writeUserSettings(JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: hookCommand(shim, 'Stop') }] }] } }));
    mkdirSync(join(project, '.claude'));
    writeFileSync(join(project, '.claude', 'settings.local.json'), '{ oops');
    await runCliCaptured(['hooks', 'install', '--project', project]);
    const text = await runCliCaptured(['hooks', 'status', '--project', project]);
    expect(text.code).toBe(1);
    const missing = HOOK_EVENTS.filter((event) => event !== 'Stop').join(', ');
    expect(text.stdout.split('\n')).toEqual([
      `hook shim  ${shim}: MISSING`,
      `user       ${join(home, '.claude', 'settings.json')}: partly installed, missing: ${missing}`,
      `project    ${join(project, '.claude', 'settings.json')}: installed (${HOOK_EVENTS.length} events)`,
      `local      ${join(project, '.claude', 'settings.local.json')}: error: ${join(project, '.claude', 'settings.local.json')}:1:3: not valid JSON: expected a double-quoted property name, found "o"`,
      '',
    ]);

    mkdirSync(join(plugin, 'scripts'));
    writeFileSync(shim, '#!/bin/sh\n');
    const json = await runCliCaptured(['hooks', 'status', '--project', project, '--json']);
    const status = JSON.parse(json.stdout) as { shim: unknown; files: Record<string, unknown>[] };
    expect(status.shim).toEqual({ path: shim, exists: true, executable: false });
    expect(status.files.map((file) => Object.keys(file))).toEqual(Array(3).fill(['scope', 'path', 'exists', 'installed', 'events', 'missing', 'otherShims', 'error']));
    expect(status.files[1]).toMatchObject({ scope: 'project', exists: true, installed: true, events: [...HOOK_EVENTS], missing: [], otherShims: [], error: null });
    expect(status.files[2]).toMatchObject({ scope: 'local', installed: false, events: null, error: expect.stringContaining(':1:3: not valid JSON') });
    chmodSync(shim, 0o755);
    const ok = JSON.parse((await runCliCaptured(['hooks', 'status', '--project', project, '--json'])).stdout) as { shim: unknown };
    expect(ok.shim).toEqual({ path: shim, exists: true, executable: true });
  });
});
