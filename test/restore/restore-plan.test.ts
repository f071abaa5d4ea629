// Planning a restore: the tmux commands that rebuild a save's sessions in one batch, and
// what the plan reports (skipped sessions, notes). Pure: no tmux runs here.
import { describe, expect, it } from 'vitest';
import { layoutChecksum } from '../../src/resurrect/layout.ts';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { hasSessionsToBuild, PARKING_INDEX, planRestore, type RestoreRequest } from '../../src/restore/plan.ts';
import { NO_EXTRAS } from '../../src/resurrect/snapshot-extras.ts';
import type { TmuxCommand } from '../../src/tmux/index.ts';
import { groupedLine, layoutOf, paneLine, sessionLines, stateLine, windowLine } from '../helpers/resurrect-lines.ts';

// A request for the save made of `lines`, on a server with no sessions, every folder existing.
function request(lines: readonly string[], extra: Partial<RestoreRequest> = {}): RestoreRequest {
  const { server } = parseResurrectFile(lines.map((line) => `${line}\n`).join(''), 'save.txt');
  return { server, extras: NO_EXTRAS, existing: new Set(), folderFor: (path) => ({ dir: path }), tempPrefix: 'T-', restoringMark: '4242 1796000000', ...extra };
}

// Every command in the order a restore runs them (without grouped sessions, one batch).
const all = (plan: ReturnType<typeof planRestore>) => [...plan.commands, ...plan.after];
const named = (commands: readonly TmuxCommand[], name: string) => commands.filter((command) => command[0] === name);
const at = (commands: readonly TmuxCommand[], wanted: TmuxCommand) => commands.findIndex((command) => JSON.stringify(command) === JSON.stringify(wanted));
// Each rename-session as [target, new name] (whatever ends its flags in between).
const renames = (commands: readonly TmuxCommand[]) => named(commands, 'rename-session').map((command) => [command[2], command.at(-1)]);
const renameAt = (commands: readonly TmuxCommand[], target: string) => commands.findIndex((command) => command[0] === 'rename-session' && command[2] === target);

// Session `work`: window 1 (one pane) and window 3 (two panes, active, zoomed).
const WORK = [
  paneLine({ session: 'work', window: 1, path: '/one', active: true }),
  paneLine({ session: 'work', window: 3, pane: 0, path: '/three' }),
  paneLine({ session: 'work', window: 3, pane: 1, path: '/three/b', active: true, windowActive: true, windowFlags: '*Z' }),
  windowLine({ session: 'work', index: 1, name: 'one', flags: '-', layout: layoutOf(100, 30) }),
  windowLine({ session: 'work', index: 3, name: 'three', active: true, flags: '*Z', layout: layoutOf(100, 30, 2), automaticRename: 'off' }),
];

describe('windows', () => {
  it('are created at their saved indexes: the first waits at the parking index while the others are made', () => {
    const { commands } = planRestore(request([...WORK, stateLine()]));
    expect(commands.slice(0, 6)).toEqual([
      ['set-option', '-g', '@claude-sessions-restoring', '4242 1796000000'],
      ['new-session', '-d', '-s', 'T-0', '-n', 'one', '-c', '/one', '-x', '100', '-y', '30'],
      ['set-option', '-t', '=T-0:', 'renumber-windows', 'off'],
      ['move-window', '-s', '=T-0:', '-t', `=T-0:${PARKING_INDEX}`],
      ['new-window', '-d', '-t', '=T-0:3', '-n', 'three', '-c', '/three'],
      ['move-window', '-s', `=T-0:${PARKING_INDEX}`, '-t', '=T-0:1'],
    ]);
  });

  it('wait nowhere when the first is already at its saved index (base-index): no move, no renumber-windows', () => {
    const { commands } = planRestore(request([...WORK, stateLine()], { baseIndex: 1 }));
    expect(named(commands, 'move-window')).toEqual([]);
    expect(commands.filter((command) => command.includes('renumber-windows'))).toEqual([]);
    expect(named(commands, 'new-window')).toEqual([['new-window', '-d', '-t', '=T-0:3', '-n', 'three', '-c', '/three']]);
    expect(named(planRestore(request([...WORK, stateLine()], { baseIndex: 0 })).commands, 'move-window')).toHaveLength(2);
  });

  it('leave the first window current without selecting it, when it is the saved active one and nothing moved', () => {
    const lines = [...sessionLines('plain', '/p'), stateLine()];
    expect(named(planRestore(request(lines, { baseIndex: 0 })).commands, 'select-window')).toEqual([]);
    expect(named(planRestore(request(lines)).commands, 'select-window')).toEqual([['select-window', '-t', '=T-0:0']]);
    expect(named(planRestore(request([...WORK, stateLine()], { baseIndex: 1 })).commands, 'select-window')).toEqual([
      ['select-window', '-t', '=T-0:1'],
      ['select-window', '-t', '=T-0:3'],
    ]);
  });

  it('are built with renumber-windows held off, which is unset (not set on) once they are in place', () => {
    const { commands } = planRestore(request([...WORK, stateLine()]));
    const off = at(commands, ['set-option', '-t', '=T-0:', 'renumber-windows', 'off']);
    const unset = at(commands, ['set-option', '-u', '-t', '=T-0:', 'renumber-windows']);
    const lastMove = commands.findLastIndex((command) => command[0] === 'move-window' || command[0] === 'new-window' || command[0] === 'split-window');
    expect(off).toBeGreaterThan(0);
    expect(off).toBeLessThan(at(commands, ['move-window', '-s', '=T-0:', '-t', `=T-0:${PARKING_INDEX}`]));
    expect(unset).toBeGreaterThan(lastMove);
    expect(named(commands, 'set-option').filter((command) => command.includes('renumber-windows'))).toHaveLength(2);
  });

  it('get their panes split in order, the saved layout (checksum fixed), active pane, zoom and automatic-rename', () => {
    const { commands } = planRestore(request([...WORK, stateLine()]));
    const body = layoutOf(100, 30, 2).slice(5);
    const window3 = commands.filter((command) => command.includes('=T-0:3') && command[0] !== 'new-window' && command[0] !== 'select-window');
    // automatic-rename off needs no command: new-window -n already set it off for the window.
    expect(window3).toEqual([
      ['select-pane', '-t', '=T-0:3', '-T', 'vm'],
      ['split-window', '-t', '=T-0:3', '-c', '/three/b', '-h'],
      ['select-pane', '-t', '=T-0:3', '-T', 'vm'],
      ['select-layout', '-t', '=T-0:3', `${layoutChecksum(body)},${body}`],
      ['resize-pane', '-Z', '-t', '=T-0:3'],
    ]);
    expect(commands).toContainEqual(['set-option', '-uw', '-t', '=T-0:1', 'automatic-rename']);
  });

  it('set no title that a new pane already has (the host name), and lay out no lone pane that fills its window', () => {
    const { commands } = planRestore(request([...WORK, stateLine()], { newPaneTitle: 'vm' }));
    expect(named(commands, 'select-pane').filter((command) => command.includes('-T'))).toEqual([]);
    expect(named(commands, 'select-layout').map((command) => command[2])).toEqual(['=T-0:3']);
    const titled = planRestore(request([...WORK, stateLine()], { newPaneTitle: 'other-host' }));
    expect(named(titled.commands, 'select-pane').filter((command) => command.includes('-T'))).toHaveLength(3);
  });

  it('are tiled only before a split that would find no room, and once at the end when no saved layout applies', () => {
    const many = (count: number, layout: string) => [
      ...Array.from({ length: count }, (_, pane) => paneLine({ session: 's', pane, path: '/p', active: pane === 0, windowActive: true, windowFlags: '*' })),
      windowLine({ session: 's', name: 'w', active: true, flags: '*', layout }),
    ];
    const layouts = (lines: readonly string[]) => named(planRestore(request(lines)).commands, 'select-layout').map((command) => command[3]);
    expect(layouts(many(6, layoutOf(160, 48, 6)))).toEqual([expect.stringMatching(/^[0-9a-f]{4},160x48/)]);
    // 16 panes in 80x24: the newest pane runs out of room a few times along the way.
    const crowded = layouts(many(16, layoutOf(80, 24, 16)));
    expect(crowded.filter((layout) => layout === 'tiled').length).toBeGreaterThan(0);
    expect(crowded.filter((layout) => layout === 'tiled').length).toBeLessThan(15);
    expect(crowded.at(-1)).toMatch(/^[0-9a-f]{4},80x24/);
    // No saved size to go by: tiled before every split after the first, as always, and at the end.
    expect(layouts(many(3, 'not a layout'))).toEqual(['tiled', 'tiled']);
  });

  it('select the saved alternate window, then the active one', () => {
    const { commands } = planRestore(request([...WORK, stateLine()]));
    expect(named(commands, 'select-window')).toEqual([
      ['select-window', '-t', '=T-0:1'],
      ['select-window', '-t', '=T-0:3'],
    ]);
  });

  it('make the active pane the saved one when it is not the last split', () => {
    const lines = [
      ...[0, 1, 2].map((pane) => paneLine({ session: 's', pane, path: '/p', active: pane === 0, windowActive: true, windowFlags: '*' })),
      windowLine({ session: 's', name: 'w', active: true, flags: '*', layout: layoutOf(160, 48, 3) }),
    ];
    expect(planRestore(request(lines)).commands).toContainEqual(['select-pane', '-t', '=T-0:0.-2']);
  });
});

describe('session names', () => {
  it('are temporary while the batch builds, and the saved names are given at the end', () => {
    const plan = planRestore(request([...WORK, ...sessionLines('other', '/o'), stateLine()]));
    expect(plan.sessions.map((session) => [session.name, session.temp])).toEqual([['work', 'T-0'], ['other', 'T-1']]);
    const lastBuild = plan.commands.findLastIndex((command) => ['new-session', 'new-window', 'split-window', 'select-layout'].includes(command[0] ?? ''));
    expect(renames(plan.commands)).toEqual([
      ['=T-0:', 'work'],
      ['=T-1:', 'other'],
    ]);
    expect(renameAt(plan.commands, '=T-0:')).toBeGreaterThan(lastBuild);
    // The restoring flag is left set: the runner clears it in a call of its own, after every hook of the plan's.
    expect(all(plan).filter((command) => command.includes('@claude-sessions-restoring'))).toEqual([['set-option', '-g', '@claude-sessions-restoring', '4242 1796000000']]);
    expect(plan.commands.flatMap((command) => command).filter((word) => word === 'work')).toEqual(['work']);
  });

  it("that exist are skipped with a reason, and nothing is built for them", () => {
    const plan = planRestore(request([...WORK, ...sessionLines('other', '/o'), stateLine()], { existing: new Set(['work']) }));
    expect(plan.skipped).toEqual([{ name: 'work', reason: 'a session by that name exists (left as it is)' }]);
    expect(plan.sessions.map((session) => session.name)).toEqual(['other']);
    expect(plan.commands.flat()).not.toContain('/one');
  });

  it('that all exist leave nothing to run, not even the restoring flag', () => {
    const plan = planRestore(request([...WORK, stateLine()], { existing: new Set(['work']) }));
    expect(plan).toMatchObject({ commands: [], after: [], groups: [], sessions: [] });
  });

  it("holding ':' or '.' are given tmux's spelling ('_'), with a note; one that then exists is skipped", () => {
    const plan = planRestore(request([...sessionLines('my.proj:x', '/a'), ...sessionLines('v1.2', '/b'), stateLine()], { existing: new Set(['v1_2']) }));
    expect(plan.sessions.map((session) => [session.name, session.original])).toEqual([['my_proj_x', 'my.proj:x']]);
    expect(renames(plan.commands)).toEqual([['=T-0:', 'my_proj_x']]);
    expect(plan.notes).toEqual([
      `session "my.proj:x" is restored as "my_proj_x" (tmux does not allow ':' or '.' in session names)`,
      `session "v1.2" is restored as "v1_2" (tmux does not allow ':' or '.' in session names)`,
    ]);
    expect(plan.skipped).toEqual([{ name: 'v1_2', reason: 'a session by that name exists (left as it is)' }]);
  });

  it("holding '#' are doubled where tmux expands formats", () => {
    const lines = [paneLine({ session: 'a#b', path: '/x#y', active: true }), windowLine({ session: 'a#b', name: 'w#1', layout: layoutOf(80, 24) })];
    const { commands } = planRestore(request(lines));
    expect(commands).toContainEqual(['new-session', '-d', '-s', 'T-0', '-n', 'w##1', '-c', '/x##y', '-x', '80', '-y', '24']);
    expect(renames(commands)).toEqual([['=T-0:', 'a##b']]);
  });

  it('holding escapes as tmux reports them are given decoded, so that tmux spells them as saved', () => {
    const saved = ['back\\\\slash', 'tab\\there', 'octal\\033'];
    const plan = planRestore(request([...saved.flatMap((name) => sessionLines(name, '/a')), stateLine()], { existing: new Set(['back\\\\slash']) }));
    expect(plan.skipped).toEqual([{ name: 'back\\\\slash', reason: 'a session by that name exists (left as it is)' }]);
    expect(renames(plan.commands)).toEqual([['=T-1:', 'tab\there'], ['=T-2:', 'octal\u001b']]);
    expect(plan.sessions.map((session) => session.name)).toEqual(['tab\\there', 'octal\\033']);
    expect(plan.notes).toEqual([]);
  });

  it('holding a raw control character (older tmux, hand-written files) get tmux\'s spelling, with a note', () => {
    const plan = planRestore(request([...sessionLines('raw\u0007bell', '/a'), stateLine()]));
    expect(plan.sessions.map((session) => session.name)).toEqual(['raw\\abell']);
    expect(plan.notes).toEqual(['session "raw\\u0007bell" is restored as "raw\\\\abell" (tmux escapes control characters and stray backslashes in session names)']);
  });

  it("starting with '-' are not read as flags by rename-session", () => {
    const { commands } = planRestore(request([...sessionLines('-leading', '/a'), stateLine()]));
    const rename = named(commands, 'rename-session')[0] ?? [];
    const name = rename.indexOf('-leading');
    expect(name).toBeGreaterThan(0);
    expect(rename[name - 1]).toBe('--');
  });
});

describe('what the save cannot give exactly', () => {
  it('a layout tmux would refuse: the panes are tiled, and a note says why', () => {
    const lines = [
      ...[0, 1].map((pane) => paneLine({ session: 's', pane, path: '/p', active: pane === 0 })),
      windowLine({ session: 's', name: 'w', layout: 'not a layout' }),
      ...[0, 1, 2].map((pane) => paneLine({ session: 's', window: 1, pane, path: '/p', active: pane === 0 })),
      windowLine({ session: 's', index: 1, name: 'v', layout: layoutOf(160, 48, 2) }),
    ];
    const plan = planRestore(request(lines));
    expect(plan.notes).toEqual([
      "window s:0: saved layout not used (invalid layout: it does not start with a 4-digit hex checksum and a comma); panes are tiled",
      'window s:1: saved layout not used (the window has 3 panes but the layout only 2 cells); panes are tiled',
    ]);
    expect(named(plan.commands, 'select-layout').map((command) => command[3])).toEqual(['tiled', 'tiled', 'tiled']);
    expect(named(plan.commands, 'new-session')[0]).not.toContain('-x');
  });

  it('a pane saved twice: the first is restored, with a note; a window without panes is noted', () => {
    const lines = [
      paneLine({ session: 's', path: '/first', active: true }),
      paneLine({ session: 's', path: '/second' }),
      windowLine({ session: 's', name: 'w', layout: layoutOf(80, 24) }),
      windowLine({ session: 's', index: 5, name: 'empty', layout: layoutOf(80, 24) }),
    ];
    const plan = planRestore(request(lines));
    expect(plan.notes).toEqual(['s:0.0 is saved twice; the first is restored', 'window s:5 has no pane lines (skipped)']);
    expect(plan.sessions[0]?.windows.map((window) => [window.index, window.panes.map((pane) => pane.path)])).toEqual([[0, ['/first']]]);
    expect(plan.commands.flat()).not.toContain('/second');
    expect(named(plan.commands, 'new-window')).toEqual([]);
  });

  it('a missing folder: the one folderFor gives, and its note', () => {
    const plan = planRestore(request([...sessionLines('s', '/gone'), stateLine()], { folderFor: () => ({ dir: '/', note: 'gone' }) }));
    expect(named(plan.commands, 'new-session')[0]).toContain('/');
    expect(plan.notes).toEqual(['s:0.0: gone']);
  });
});

describe("a fresh server's startup session", () => {
  const startup = { id: '$0', name: 'work' };

  it('is renamed aside first when a saved session needs its name, and killed at the end; its clients move, not detach', () => {
    const plan = planRestore(request([...WORK, stateLine()], { startup, existing: new Set(['work']) }));
    expect(plan.commands[1]).toEqual(['rename-session', '-t', '$0', 'T-startup']);
    expect(all(plan).slice(-2)).toEqual([
      ['set-option', '-t', '$0', 'detach-on-destroy', 'off'],
      ['kill-session', '-t', '$0'],
    ]);
  });

  it('with a kill condition is killed only if the condition still holds, in the same tmux call', () => {
    const killCondition = { pane: '%0', format: '#{==:#{history_size},0}' };
    const plan = planRestore(request([...sessionLines('other', '/o'), stateLine()], { startup: { id: '$0', name: '0', killCondition }, existing: new Set(['0']) }));
    expect(all(plan).at(-1)).toEqual(['if-shell', '-F', '-t', '%0', '#{==:#{history_size},0}', "set-option -t '$0' detach-on-destroy off ; kill-session -t '$0'"]);
  });

  it('is killed at the end without a rename when its name is not saved', () => {
    const plan = planRestore(request([...sessionLines('other', '/o'), stateLine()], { startup: { id: '$0', name: '0' }, existing: new Set(['0']) }));
    expect(renames(all(plan))).toEqual([['=T-0:', 'other']]);
    expect(all(plan).at(-1)).toEqual(['kill-session', '-t', '$0']);
    expect(named(all(plan), 'rename-session')).toHaveLength(1);
  });

  it('is left alone by a restore of one session, which skips a session of its name', () => {
    const plan = planRestore(request([...WORK, ...sessionLines('other', '/o'), stateLine()], { startup, existing: new Set(['work']), sessionFilter: 'work' }));
    expect(plan.skipped).toEqual([{ name: 'work', reason: 'a session by that name exists (left as it is)' }]);
    expect(plan.commands).toEqual([]);
  });

  it('with the client on it: the client moves to the first restored session when the save had none', () => {
    const plan = planRestore(request([...sessionLines('other', '/o'), stateLine()], { startup: { id: '$0', name: '0' }, existing: new Set(['0']), client: { name: '/dev/pts/3', session: '0' } }));
    expect(named(all(plan), 'switch-client')).toEqual([['switch-client', '-c', '/dev/pts/3', '-t', '=other:']]);
  });
});

describe('the client', () => {
  it('is switched to the saved last session, then the saved current one', () => {
    const lines = [...sessionLines('a', '/a'), ...sessionLines('b', '/b'), stateLine('b', 'a')];
    const commands = all(planRestore(request(lines, { client: { name: 'c', session: 'x' }, existing: new Set(['x']) })));
    expect(named(commands, 'switch-client')).toEqual([
      ['switch-client', '-c', 'c', '-t', '=a:'],
      ['switch-client', '-c', 'c', '-t', '=b:'],
    ]);
    expect(at(commands, ['switch-client', '-c', 'c', '-t', '=a:'])).toBeGreaterThan(renameAt(commands, '=T-1:'));
  });

  it('is switched only to saved sessions that are restored or running, never to a gone one', () => {
    const lines = [...sessionLines('a', '/a'), stateLine('gone', 'a')];
    const commands = all(planRestore(request(lines, { client: { name: 'c', session: 'x' }, existing: new Set(['x']) })));
    expect(named(commands, 'switch-client')).toEqual([['switch-client', '-c', 'c', '-t', '=a:']]);
  });

  it('is left where it is when the save had no client', () => {
    const { commands } = planRestore(request([...sessionLines('a', '/a'), stateLine()], { client: { name: 'c', session: 'x' }, existing: new Set(['x']) }));
    expect(named(commands, 'switch-client')).toEqual([]);
  });
});

describe('grouped sessions', () => {
  it('are made after the batch, from their original by its final name, on their own saved windows', () => {
    const plan = planRestore(request([groupedLine('follower', 'work', 1, 3), ...WORK, stateLine()]));
    // tmux names a group after the session it is made from at that moment: never a temporary name.
    expect(plan.groups).toEqual([{ name: 'follower', temp: 'T-g0', original: 'work', selectWindows: [1, 3] }]);
    expect(plan.commands.flat()).not.toContain('follower');
    expect(plan.sessions.map((session) => [session.name, session.groupOf])).toEqual([['work', undefined], ['follower', 'work']]);
  });

  it('join an original that is already running', () => {
    const plan = planRestore(request([groupedLine('follower', 'work', 1, 3), ...WORK, stateLine()], { existing: new Set(['work']) }));
    expect(plan.groups).toEqual([{ name: 'follower', temp: 'T-g0', original: 'work', selectWindows: [] }]);
    expect(plan.sessions.map((session) => session.name)).toEqual(['follower']);
  });

  it('are skipped, with the reason, when their original is neither saved nor running', () => {
    const plan = planRestore(request([groupedLine('follower', 'gone'), ...sessionLines('other', '/o'), stateLine()]));
    expect(plan.skipped).toEqual([{ name: 'follower', reason: `its group's session "gone" is neither saved nor running` }]);
    expect(plan.sessions.map((session) => session.name)).toEqual(['other']);
  });
});

describe('Claude panes', () => {
  it("get their conversation id and launch words back on the pane, for the next save", () => {
    const extras = {
      sessions: [],
      panes: [{ session: 'work', window: 1, pane: 0, role: 'claude', claude: { sessionId: 'abc', cwd: '/one', args: ['--model', 'opus 4'] } }],
    };
    const { commands } = planRestore(request([...WORK, stateLine()], { extras }));
    expect(commands).toContainEqual(['set-option', '-p', '-t', '=T-0:1', '--', '@claude-session-id', 'abc']);
    expect(commands).toContainEqual(['set-option', '-p', '-t', '=T-0:1', '--', '@claude-sessions-claude-launch', "claude --model 'opus 4'"]);
  });
});

describe('--session', () => {
  it('builds only the named session', () => {
    const plan = planRestore(request([...WORK, ...sessionLines('other', '/o'), stateLine()], { sessionFilter: 'other' }));
    expect(plan.sessions.map((session) => session.name)).toEqual(['other']);
    expect(plan.commands.flat()).not.toContain('/one');
  });

  it('reports a name the save does not have', () => {
    const plan = planRestore(request([...WORK, stateLine()], { sessionFilter: 'wor' }));
    expect(plan).toEqual({ commands: [], groups: [], after: [], sessions: [], skipped: [{ name: 'wor', reason: 'the save has no session by that name' }], notes: [] });
  });
});

describe('whether a restore has anything to build', () => {
  const server = (lines: readonly string[]) => request(lines).server;
  const save = server([...sessionLines('a.b', '/a'), ...sessionLines('c', '/c'), groupedLine('g', 'c'), stateLine()]);

  it('is no once every saved session and grouped session exists, by the name tmux gives it', () => {
    expect(hasSessionsToBuild(save, new Set(['a_b', 'c', 'g']), undefined)).toBe(false);
    expect(hasSessionsToBuild(save, new Set(['a_b', 'c']), undefined)).toBe(true);
    expect(hasSessionsToBuild(save, new Set(['a.b', 'c', 'g']), undefined)).toBe(true);
  });

  it('looks only at the session asked for, and at the grouped sessions of it', () => {
    expect(hasSessionsToBuild(save, new Set(['c']), 'c')).toBe(true);
    expect(hasSessionsToBuild(save, new Set(['c', 'g']), 'c')).toBe(false);
    expect(hasSessionsToBuild(save, new Set(['c', 'g']), 'a.b')).toBe(true);
    expect(hasSessionsToBuild(save, new Set(['a_b']), 'a.b')).toBe(false);
    expect(hasSessionsToBuild(save, new Set(), 'missing')).toBe(false);
  });
});
