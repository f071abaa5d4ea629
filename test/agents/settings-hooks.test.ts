// Our hooks merged into Claude Code settings and taken out again, leaving the user's own alone.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HOOK_EVENTS, hookCommand, hookSettings } from '../../src/agents/claude-contract.ts';
import { jsonProblem, lineColumn, parseSettings, readSettings, settingsLocations, writeSettings } from '../../src/agents/settings-file.ts';
import { inspectHooks, installHooks, ourShimPath, uninstallHooks, type Settings } from '../../src/agents/settings-hooks.ts';

const SHIM = '/opt/plugins/claude-sessions/scripts/claude-hook';
const MOVED = "/home/me/it's here/claude-sessions/scripts/claude-hook";

// A user's settings: their own PreToolUse hook on Bash, a Stop hook, and other keys.
function userSettings(): Settings {
  return {
    model: 'opus',
    permissions: { allow: ['Bash(git status)'] },
    hooks: {
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/audit-bash', timeout: 5 }] }],
      Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
    },
    env: { FOO: '1' },
  };
}

function ourCommands(settings: Settings): string[] {
  const hooks = (settings['hooks'] ?? {}) as Record<string, { hooks: { command: string }[] }[]>;
  return Object.values(hooks).flatMap((entries) => entries.flatMap((entry) => entry.hooks.map((hook) => hook.command))).filter((command) => ourShimPath(command) !== undefined);
}

describe('which hook commands are ours', () => {
  it('recognises the command hookCommand writes, wherever the plugin is', () => {
    expect(ourShimPath(hookCommand(SHIM, 'Stop'))).toBe(SHIM);
    expect(ourShimPath(hookCommand(MOVED, 'PreToolUse'))).toBe(MOVED);
    expect(ourShimPath(`"${SHIM}" Stop`)).toBe(SHIM);
    expect(ourShimPath(`${SHIM} Stop`)).toBe(SHIM);
  });

  it("does not take a user's command that merely mentions claude-hook for ours", () => {
    for (const command of [
      `echo ${SHIM} Stop`,
      `${SHIM} Stop; rm -rf ~/tmp`,
      `'${SHIM}' Stop && notify-send x`,
      `/opt/other/claude-hook Stop`,
      `scripts/claude-hook Stop`,
      `'/opt/scripts/claude-hook.bak' Stop`,
      `grep claude-hook /var/log/x`,
      `'${SHIM}'`,
      `'${SHIM}' Stop extra`,
    ]) {
      expect(ourShimPath(command), command).toBeUndefined();
    }
  });
});

describe('installHooks', () => {
  it('adds one entry per event in hookSettings shape and keeps everything else', () => {
    const { settings, changed, added } = installHooks(userSettings(), SHIM);
    expect(changed).toBe(true);
    expect(added).toEqual([...HOOK_EVENTS]);
    const wanted = hookSettings(SHIM);
    const hooks = settings['hooks'] as Record<string, unknown[]>;
    const userBash = { matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/audit-bash', timeout: 5 }] };
    expect(hooks['PreToolUse']).toEqual([userBash, wanted.PreToolUse[0]]);
    expect(hooks['Stop']).toEqual([{ hooks: [{ type: 'command', command: 'notify-send done' }] }, wanted.Stop[0]]);
    expect(hooks['SessionStart']).toEqual([{ hooks: [{ type: 'command', command: hookCommand(SHIM, 'SessionStart') }] }]);
    expect(hooks['Notification']).toEqual([{ matcher: '*', hooks: [{ type: 'command', command: hookCommand(SHIM, 'Notification') }] }]);
    const { hooks: _h, ...rest } = settings;
    const { hooks: _u, ...userRest } = userSettings();
    expect(rest).toEqual(userRest);
    expect(Object.keys(settings)).toEqual(['model', 'permissions', 'hooks', 'env']);
  });

  it('is idempotent: installing twice changes nothing the second time', () => {
    const once = installHooks(userSettings(), SHIM).settings;
    const twice = installHooks(once, SHIM);
    expect(twice.changed).toBe(false);
    expect(twice.settings).toBe(once);
    expect(ourCommands(once)).toHaveLength(HOOK_EVENTS.length);
  });

  it('replaces our hooks at an old plugin path instead of adding a second copy', () => {
    const old = installHooks(userSettings(), MOVED).settings;
    const { settings, removed } = installHooks(old, SHIM);
    expect(removed).toBe(HOOK_EVENTS.length);
    expect(ourCommands(settings).sort()).toEqual(HOOK_EVENTS.map((event) => hookCommand(SHIM, event)).sort());
    expect(inspectHooks(settings, SHIM)).toEqual({ installed: [...HOOK_EVENTS], missing: [], otherShims: [] });
  });

  it("takes ours out of an entry shared with a user's hook, keeping theirs", () => {
    const shared = { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }, { type: 'command', command: hookCommand(SHIM, 'Stop') }] }] } };
    const hooks = installHooks(shared, SHIM).settings['hooks'] as Record<string, unknown[]>;
    expect(hooks['Stop']).toEqual([{ hooks: [{ type: 'command', command: 'notify-send done' }] }, hookSettings(SHIM).Stop[0]]);
  });

  it('refuses a hooks value that is not an object, or an event that is not a list', () => {
    expect(() => installHooks({ hooks: [] }, SHIM)).toThrow('"hooks" is an array, not an object');
    expect(() => installHooks({ hooks: { Stop: {} } }, SHIM)).toThrow('hooks.Stop is not an array');
  });
});

describe('uninstallHooks', () => {
  it("restores the user's own settings exactly", () => {
    const installed = installHooks(userSettings(), SHIM).settings;
    const { settings, removed } = uninstallHooks(installed);
    expect(removed).toBe(HOOK_EVENTS.length);
    expect(JSON.stringify(settings)).toBe(JSON.stringify(userSettings()));
  });

  it('drops `hooks` when only ours were there, and changes nothing when none are', () => {
    const installed = installHooks({ model: 'x' }, SHIM).settings;
    expect(uninstallHooks(installed).settings).toEqual({ model: 'x' });
    const mine = userSettings();
    expect(uninstallHooks(mine)).toEqual({ settings: mine, changed: false, added: [], removed: 0 });
  });
});

describe('settings files', () => {
  it('reports broken JSON with its line and column', () => {
    const text = '{\n  "model": "opus",\n  "hooks": {},\n}\n';
    expect(() => parseSettings(text, '/x/settings.json')).toThrow("/x/settings.json:4:1: not valid JSON: expected a double-quoted property name, found \"}\"");
    expect(jsonProblem('{"a": tru}')).toEqual({ offset: 6, message: 'expected a value, found "t"' });
    expect(jsonProblem('{"a": 1')?.message).toBe("expected ',' or '}', found the end of the file");
    expect(jsonProblem('[1, 2] x')?.offset).toBe(7);
    expect(jsonProblem('{"a": "\\u00e9", "b": [true, null, -1.5e3]}')).toBeUndefined();
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(() => parseSettings('[]', '/x/s.json')).toThrow('/x/s.json: holds an array, not a JSON object');
    expect(parseSettings('  \n', '/x/s.json')).toEqual({});
  });

  it('writes 2-space JSON with a newline, a backup of the old text, and through a symlink', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-settings-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const real = join(dir, 'dotfiles-settings.json');
    const link = join(dir, 'settings.json');
    writeFileSync(real, '{"model":"opus"}', { mode: 0o644 });
    symlinkSync(real, link);
    const { text, settings } = readSettings(link);
    const now = new Date(2026, 0, 2, 3, 4, 5);
    const backup = writeSettings(link, { ...settings, env: {} }, text, now);
    expect(backup).toBe(`${link}.bak-20260102T030405`);
    expect(readFileSync(backup ?? '', 'utf8')).toBe('{"model":"opus"}');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('{\n  "model": "opus",\n  "env": {}\n}\n');
    expect(statSync(real).mode & 0o777).toBe(0o644);
    // A second change in the same second keeps the first backup.
    expect(writeSettings(link, {}, readFileSync(link, 'utf8'), now)).toBe(`${link}.bak-20260102T030405-2`);
    expect(readdirSync(dir).sort()).toEqual(['dotfiles-settings.json', 'settings.json', 'settings.json.bak-20260102T030405', 'settings.json.bak-20260102T030405-2']);
  });

  it('creates a missing file and folder, without a backup', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-settings-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'project', '.claude', 'settings.json');
    mkdirSync(join(dir, 'project'));
    expect(readSettings(path)).toEqual({ text: undefined, settings: {} });
    expect(writeSettings(path, { a: 1 }, undefined)).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('{\n  "a": 1\n}\n');
  });

  it("lists the user's, the project's and the local file, each path once", () => {
    const home = process.env['HOME'];
    const config = process.env['CLAUDE_CONFIG_DIR'];
    try {
      process.env['HOME'] = '/h';
      delete process.env['CLAUDE_CONFIG_DIR'];
      expect(settingsLocations('/p')).toEqual([
        { scope: 'user', path: '/h/.claude/settings.json' },
        { scope: 'project', path: '/p/.claude/settings.json' },
        { scope: 'local', path: '/p/.claude/settings.local.json' },
      ]);
      expect(settingsLocations('/h').map((location) => location.scope)).toEqual(['user', 'local']);
      process.env['CLAUDE_CONFIG_DIR'] = '/c';
      expect(settingsLocations('/p')[0]).toEqual({ scope: 'user', path: '/c/settings.json' });
    } finally {
      process.env['HOME'] = home;
      if (config === undefined) delete process.env['CLAUDE_CONFIG_DIR'];
      else process.env['CLAUDE_CONFIG_DIR'] = config;
    }
  });
});
