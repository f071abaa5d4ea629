// `claude-sessions menu`, the switcher key on tmux < 3.2: the display-menu it builds, and
// what tmux makes of each item's command (formats expanded when the menu is built, then
// parsed as a tmux command, then run-shell's own expansion and sh).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuCommands, MENU_ITEMS } from '../../src/commands/menu.ts';
import type { SwitcherRow } from '../../src/switcher/types.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const ODD = `it's "odd" $(echo pwned); #{session_name} ##1 \`x\` 🎉 ü`;

const session = (name: string, id: string, marks = ''): SwitcherRow => ({
  kind: name.startsWith('claude-dev-') ? 'workspace' : 'session',
  key: id,
  name,
  marks,
  info: '',
  waiting: 0,
  sessionId: id,
});
const project = (name: string, projectDir: string): SwitcherRow => ({ kind: 'project', key: `project:${projectDir}`, name, marks: '', info: 'new', waiting: 0, projectDir });

// display-menu's name/key/command triples (a lone '' is a separator).
function items(argv: readonly string[]): string[][] {
  const rest = argv.slice(argv.indexOf('--') + 1);
  const out: string[][] = [];
  for (let at = 0; at < rest.length; ) {
    if (rest[at] === '') {
      out.push(['']);
      at += 1;
    } else {
      out.push(rest.slice(at, at + 3));
      at += 3;
    }
  }
  return out;
}

describe('menuCommands', () => {
  it('lists sessions first (by id), then projects, then a separator and the session tree, on the client', () => {
    const argv = menuCommands(
      [session('claude-dev-beta', '$2', '●'), session('other', '$5'), project('web', '/p/web'), session('claude-dev-x', '$7', '◐○')],
      '/dev/pts/3',
      '/opt/cs/scripts/claude-sessions',
    );
    expect(argv.slice(0, 6)).toEqual(['display-menu', '-c', '/dev/pts/3', '-T', '#[align=centre]claude-sessions', '--']);
    expect(items(argv)).toEqual([
      ['● claude-dev-beta', '1', "switch-client -c '/dev/pts/3' -t '$2'"],
      ['other', '2', "switch-client -c '/dev/pts/3' -t '$5'"],
      ['◐○ claude-dev-x', '3', "switch-client -c '/dev/pts/3' -t '$7'"],
      ['+ web', '4', `run-shell -b "'/opt/cs/scripts/claude-sessions' new --display --client '/dev/pts/3' -- '/p/web'"`],
      [''],
      ['all sessions…', '', 'choose-tree -Zs'],
    ]);
  });

  it('keeps at most 30 items, with shortcut keys 1-9 then a-z', () => {
    const rows = Array.from({ length: 40 }, (_, index) => session(`s${index}`, `$${index}`));
    const shown = items(menuCommands(rows, 'c', '/bin/cs')).slice(0, -2);
    expect(shown).toHaveLength(MENU_ITEMS);
    expect(shown.map((item) => item[1]).join('')).toBe('123456789abcdefghijklmnopqrstu');
  });

  it('escapes # in names for tmux formats, and keeps a leading "-" from disabling the item', () => {
    const shown = items(menuCommands([session('a#b ##[x] ;$(y)', '$1'), session('-dash', '$2'), session('-', '$3', '●')], undefined, '/bin/cs'));
    expect(shown[0]).toEqual(['a##b ##[x] ;$(y)', '1', "switch-client -t '$1'"]);
    expect(shown[1]?.[0]).toBe(' -dash');
    expect(shown[2]?.[0]).toBe('● -');
  });
});

describe('menu items in tmux', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
    server.newSession('other');
  });
  afterAll(() => server.stop());

  // What tmux runs for an item: the command as the menu expands it, parsed from a file.
  function runItem(command: string): void {
    const expanded = server.tmux('display-message', '-p', command).replace(/\n$/, '');
    const file = join(server.dir, 'item.conf');
    writeFileSync(file, `${expanded}\n`);
    server.tmux('source-file', file);
  }

  it('a project item passes the shim path, client and folder to `new` exactly, whatever they hold', async () => {
    const binDir = join(server.dir, `bin ${ODD}`);
    mkdirSync(binDir, { recursive: true });
    const bin = join(binDir, 'claude-sessions');
    const out = join(server.dir, 'args.txt');
    writeFileSync(bin, `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done >'${out}.tmp' && mv '${out}.tmp' '${out}'\n`, { mode: 0o755 });
    const dir = `/projects/${ODD}`;
    const client = `/dev/pts/${ODD}`;

    const [, , command] = items(menuCommands([project('odd', dir)], client, bin))[0] as string[];
    runItem(command as string);

    const args = await waitFor(
      () => (existsSync(out) ? readFileSync(out, 'utf8') : ''),
      (text) => text !== '',
    );
    expect(args).toBe(`[new][--display][--client][${client}][--][${dir}]`);
  });

  it('a session item switches by session id', () => {
    const id = server.tmux('display-message', '-p', '-t', '=other:', '#{session_id}').trim();
    const [, , command] = items(menuCommands([session('other', id)], undefined, '/bin/cs'))[0] as string[];
    expect(server.tmux('display-message', '-p', command as string).trim()).toBe(`switch-client -t '${id}'`);
    // parsed as a tmux command: the target reaches switch-client (which wants a client here)
    const file = join(server.dir, 'switch.conf');
    writeFileSync(file, `${command}\n`);
    const result = server.tryTmux('source-file', file);
    expect(result.stderr).not.toMatch(/can't find session|syntax error/);
  });

  it('`claude-sessions menu` with no attached client fails with a clear message', async () => {
    const projects = join(server.dir, 'projects');
    mkdirSync(projects, { recursive: true });
    server.tmux('set-option', '-g', '@claude-sessions-projects-dir', projects);
    const { code, stderr } = await runCliCaptured(['-S', server.socket, 'menu', '--client', '/dev/pts/999']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/cannot show the menu: no client \/dev\/pts\/999/);
  });
});
