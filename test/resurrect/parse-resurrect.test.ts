import { describe, expect, it } from 'vitest';
import { parseResurrectFile, parseResurrectLine } from '../../src/resurrect/parse.ts';
import { expectedRows, FIXTURE_NAMES, PANE, savedText, T, WINDOW } from './resurrect-fixtures.ts';

describe.each(FIXTURE_NAMES)('the %s save tmux-resurrect wrote', (name) => {
  const { server, warnings } = parseResurrectFile(savedText(name), `${name}/resurrect-save.txt`);

  it('reads without a single warning', () => {
    expect(warnings).toEqual([]);
  });

  it('has every session the server had, each with its number of windows', () => {
    const expected = expectedRows(name, 'sessions', ['name', 'group', 'windows']);
    const sessions = [...new Set(server.windows.map((w) => w.sessionName))];
    expect(sessions).toEqual(expected.map((s) => s.name));
    for (const session of expected) {
      expect(server.windows.filter((w) => w.sessionName === session.name), session.name).toHaveLength(Number(session.windows));
    }
    expect(expected.every((s) => s.group === '')).toBe(true);
    expect(server.groupedSessions).toEqual([]);
  });

  it('has every window with the name, active bit, flags, layout and zoom tmux reported', () => {
    const columns = ['session', 'index', 'name', 'active', 'flags', 'layout', 'zoomed'] as const;
    const expected = expectedRows(name, 'windows', columns);
    expect(server.windows).toHaveLength(expected.length);
    expected.forEach((row, at) => {
      const window = server.windows[at];
      expect(window?.sessionName).toBe(row.session);
      expect(window?.index).toBe(Number(row.index));
      expect(window?.name).toBe(row.name);
      expect(window?.active).toBe(row.active === '1');
      expect(window?.flags).toBe(row.flags);
      expect(window?.layout).toBe(row.layout);
      expect(window?.zoomed).toBe(row.zoomed === '1');
    });
  });

  it('has every pane with the path, active bit, command and title tmux reported', () => {
    const columns = ['session', 'window', 'pane', 'path', 'active', 'command', 'title'] as const;
    const expected = expectedRows(name, 'panes', columns);
    expect(server.panes).toHaveLength(expected.length);
    expected.forEach((row, at) => {
      const pane = server.panes[at];
      expect(pane?.sessionName).toBe(row.session);
      expect(pane?.windowIndex).toBe(Number(row.window));
      expect(pane?.paneIndex).toBe(Number(row.pane));
      expect(pane?.path).toBe(row.path);
      expect(pane?.active).toBe(row.active === '1');
      expect(pane?.command).toBe(row.command);
      expect(pane?.title).toBe(row.title);
    });
  });

  it('has no client state, as no client was attached', () => {
    expect(server.state).toEqual({ clientSession: undefined, clientLastSession: undefined });
  });
});

describe('what the basic save says about its windows', () => {
  const { server } = parseResurrectFile(savedText('basic'), 'basic');
  const window = (session: string, index: number) => server.windows.find((w) => w.sessionName === session && w.index === index);

  it('restores a zoomed window zoomed: editor is zoomed and active', () => {
    expect(window('claude-dev-webapp', 1)).toMatchObject({ name: 'editor', zoomed: true, active: true, alternate: false });
  });

  it('marks the window left last as the alternate one', () => {
    expect(window('claude-dev-webapp', 2)).toMatchObject({ name: 'git', flags: '-', alternate: true, zoomed: false });
  });

  it('keeps automatic-rename off for named windows and unset where tmux names the window', () => {
    expect(server.windows.map((w) => [w.sessionName, w.index, w.automaticRename])).toEqual([
      ['claude-dev-api-service', 0, undefined],
      ['claude-dev-webapp', 0, 'off'],
      ['claude-dev-webapp', 1, 'off'],
      ['claude-dev-webapp', 2, 'off'],
      ['scratch', 0, undefined],
    ]);
  });

  it('gives each pane its window flags, which tmux-resurrect zooms from', () => {
    const zoomedPanes = server.panes.filter((p) => p.windowFlags.includes('Z'));
    expect(zoomedPanes.map((p) => [p.windowIndex, p.paneIndex, p.active])).toEqual([
      [1, 0, true],
      [1, 1, false],
    ]);
  });
});

describe('what the processes save says each pane was running', () => {
  it('keeps the full command lines, and none for the bare shell', () => {
    const { server } = parseResurrectFile(savedText('processes'), 'processes');
    expect(server.panes.map((p) => [p.command, p.fullCommand])).toEqual([
      ['less', 'less /tmp/claude-sessions-fixture/procs/notes.txt'],
      ['tail', 'tail -f /tmp/claude-sessions-fixture/procs/notes.txt'],
      ['sleep', 'sleep 100000'],
      ['bash', ''],
    ]);
  });
});

describe('a pane line', () => {
  it('has its fields in tmux-resurrect order, with the `:` prefixes removed', () => {
    const line = ['pane', 's', '3', '0', ':*Z', '2', 'my title', ':/srv/app', '1', 'vim', ':vim -O a b'].join(T);
    expect(parseResurrectLine(line, 'f', 1)).toEqual({
      kind: 'pane',
      pane: {
        sessionName: 's',
        windowIndex: 3,
        windowActive: false,
        windowFlags: '*Z',
        paneIndex: 2,
        title: 'my title',
        path: '/srv/app',
        active: true,
        command: 'vim',
        fullCommand: 'vim -O a b',
      },
    });
  });

  it('unescapes the path: tmux-resurrect escapes its first space, and every backslash-space is read as a space', () => {
    const path = (field: string) => {
      const parsed = parseResurrectLine(PANE.replace(':/tmp', field), 'f', 1);
      return parsed.kind === 'pane' ? parsed.pane.path : parsed;
    };
    expect(path(':/tmp/my\\ project/sub dir')).toBe('/tmp/my project/sub dir');
    expect(path(':/tmp/a\\ b\\ c')).toBe('/tmp/a b c');
    expect(path(':/tmp/back\\slash')).toBe('/tmp/back\\slash');
  });

  it('is read even when a `:` prefix is missing (hand-edited files)', () => {
    const parsed = parseResurrectLine(PANE.replace(':/tmp', '/tmp'), 'f', 1);
    expect(parsed.kind === 'pane' && parsed.pane.path).toBe('/tmp');
  });

  it('with too few fields is skipped, and the warning says how many', () => {
    const nine = PANE.split(T).slice(0, 9).join(T);
    expect(parseResurrectLine(nine, 'save.txt', 3)).toEqual({
      kind: 'skipped',
      warning: 'save.txt:3: pane line has 9 fields, expected 11 (skipped)',
    });
  });

  it('with more fields than any reading of its TABs fits is skipped, and the warning says how many', () => {
    expect(parseResurrectLine(PANE.replace(`${T}0${T}`, `${T}x${T}y${T}`), 'save.txt', 4)).toMatchObject({
      kind: 'skipped',
      warning: 'save.txt:4: pane line has 12 fields, expected 11 (skipped)',
    });
  });

  it('with an index that is not a number is skipped', () => {
    const line = PANE.replace(`work${T}0`, `work${T}zero`);
    expect(parseResurrectLine(line, 'save.txt', 7)).toEqual({
      kind: 'skipped',
      warning: 'save.txt:7: pane line has window_index "zero", expected a number (skipped)',
    });
    expect(parseResurrectLine(PANE.replace(`:*${T}0`, `:*${T}-1`), 'save.txt', 8)).toMatchObject({
      warning: 'save.txt:8: pane line has pane_index "-1", expected a number (skipped)',
    });
  });

  it('with an active bit that is not 0 or 1 is skipped', () => {
    const line = PANE.replace(`${T}1${T}bash`, `${T}yes${T}bash`);
    expect(parseResurrectLine(line, 'f', 2)).toMatchObject({
      kind: 'skipped',
      warning: 'f:2: pane line has pane_active "yes", expected 0 or 1 (skipped)',
    });
  });
});

describe('a window line', () => {
  it('has name, active bit, flags, layout and automatic-rename in tmux-resurrect order', () => {
    const line = ['window', 's', '4', ':my editor', '1', ':*Z', 'abcd,80x24,0,0,1', 'on'].join(T);
    expect(parseResurrectLine(line, 'f', 1)).toEqual({
      kind: 'window',
      window: {
        sessionName: 's',
        index: 4,
        name: 'my editor',
        active: true,
        flags: '*Z',
        zoomed: true,
        alternate: false,
        layout: 'abcd,80x24,0,0,1',
        automaticRename: 'on',
      },
    });
  });

  it('with an odd automatic-rename value keeps its layout and drops only that value, with a warning', () => {
    const parsed = parseResurrectLine(WINDOW.replace(/:$/, 'maybe'), 'f', 5);
    expect(parsed).toMatchObject({
      kind: 'window',
      window: { layout: '662f,160x48,0,0,10', automaticRename: undefined },
      warning: 'f:5: automatic_rename "maybe" is not on, off or \':\' (ignored)',
    });
  });
});

describe('grouped session and state lines', () => {
  it('name the grouped session, its original, then its alternate and active windows', () => {
    const line = ['grouped_session', 'webapp-2', 'webapp', ':2', ':1'].join(T);
    expect(parseResurrectLine(line, 'f', 1)).toEqual({
      kind: 'grouped_session',
      groupedSession: { sessionName: 'webapp-2', originalSession: 'webapp', alternateWindowIndex: 2, activeWindowIndex: 1 },
    });
  });

  it('leave a grouped session with no alternate window without one', () => {
    const parsed = parseResurrectLine(['grouped_session', 'b', 'a', ':', ':0'].join(T), 'f', 1);
    expect(parsed).toMatchObject({ groupedSession: { alternateWindowIndex: undefined, activeWindowIndex: 0 } });
  });

  it('give the attached client its session and the one before', () => {
    expect(parseResurrectLine(`state${T}webapp${T}scratch`, 'f', 1)).toEqual({
      kind: 'state',
      state: { clientSession: 'webapp', clientLastSession: 'scratch' },
    });
  });
});
