// The status token's format, rendered by a real tmux.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statusFormat, statusFormatBefore33, windowMarkerFormat } from '../../src/status/format.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

// Each test starts from a server with no sessions and no plugin options, so any one runs alone.
function resetServer(server: TestServer): void {
  for (const id of server.tmux('list-sessions', '-F', '#{session_id}').trim().split('\n').filter(Boolean)) server.tmux('kill-session', '-t', id);
  for (const line of server.tmux('show-options', '-g').split('\n')) {
    const name = line.split(' ')[0] ?? '';
    if (name.startsWith('@')) server.tmux('set-option', '-gu', name);
  }
}

// The one-pass format (tmux >= 3.3) and the one tmux 3.2 gets must show the same in every case.
describe.each([
  ['status format', statusFormat],
  ['status format for tmux 3.2', statusFormatBefore33],
])('%s', (_, statusFormat) => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  beforeEach(() => resetServer(server));
  afterAll(() => server.stop());

  const render = () => server.tmux('display-message', '-p', `[${statusFormat()}]`).trimEnd();
  const newSessions = (...names: string[]) => names.forEach((name) => server.newSession(name));
  // Two workspace sessions, one of them with three agent panes: a and b waiting, c working.
  const agentSessions = () => {
    newSessions('claude-dev-b', 'claude-devx', 'claude-dev-agents');
    server.tmux('split-window', '-t', '=claude-dev-agents:');
    server.tmux('split-window', '-t', '=claude-dev-agents:');
    const [a = '', b = '', c = ''] = server.tmux('list-panes', '-t', '=claude-dev-agents:', '-F', '#{pane_id}').trim().split('\n');
    return { a, b, c };
  };

  it('starts no process per redraw', () => {
    expect(statusFormat()).not.toContain('#(');
  });

  it('shows nothing when there are no workspace sessions', () => {
    expect(render()).toBe('[]');
  });

  it('counts workspace sessions, and only those', () => {
    newSessions('claude-dev-a', 'claude-dev-b', 'claude-devx');
    expect(render()).toBe('[✻ 2]');
  });

  it('follows a changed prefix without a reload', () => {
    newSessions('claude-dev-a', 'claude-dev-b', 'claude-devx');
    server.tmux('set-option', '-g', '@claude-sessions-prefix', 'claude-devx');
    expect(render()).toBe('[✻ 1]');
    server.tmux('set-option', '-gu', '@claude-sessions-prefix');
    expect(render()).toBe('[✻ 2]');
  });

  it('drops a killed session from the count', () => {
    newSessions('claude-dev-a', 'claude-dev-b');
    expect(render()).toBe('[✻ 2]');
    server.tmux('kill-session', '-t', '=claude-dev-a:');
    expect(render()).toBe('[✻ 1]');
  });

  it('counts agents waiting (in the waiting style) and working, from the panes the hook marked', () => {
    const { a, b, c } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting');
    expect(render()).toBe('[✻ 2 #[fg=yellow,bold]●1#[default]]');
    server.tmux('set-option', '-p', '-t', b, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', c, '@claude-state', 'working');
    expect(render()).toBe('[✻ 2 #[fg=yellow,bold]●2#[default] #[fg=cyan]◐1#[default]]');
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'idle');
    expect(render()).toBe('[✻ 2 #[fg=yellow,bold]●1#[default] #[fg=cyan]◐1#[default]]');
  });

  it('counts an agent once when its window is linked into other sessions or its session is grouped', () => {
    const { a, b } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', b, '@claude-state', 'working');
    server.tmux('link-window', '-s', '=claude-dev-agents:0', '-t', '=claude-dev-b:7');
    // A comma in a session name is the list's own separator.
    server.newSession('x,y');
    server.tmux('link-window', '-s', '=claude-dev-agents:0', '-t', '=x,y:3');
    server.tmux('new-session', '-d', '-t', '=claude-dev-agents', '-s', 'grouped');
    expect(render()).toBe('[✻ 2 #[fg=yellow,bold]●1#[default] #[fg=cyan]◐1#[default]]');
    // The first session it was linked into gone, the next one counts it.
    server.tmux('kill-session', '-t', '=claude-dev-agents:');
    expect(render()).toBe('[✻ 1 #[fg=yellow,bold]●1#[default] #[fg=cyan]◐1#[default]]');
    server.tmux('kill-session', '-t', '=claude-dev-b:');
    expect(render()).toBe('[ #[fg=yellow,bold]●1#[default] #[fg=cyan]◐1#[default]]');
  });

  it('takes glyphs and styles from their options, live', () => {
    const { a, c } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', c, '@claude-state', 'working');
    server.tmux('set-option', '-g', '@claude-sessions-glyph-waiting', 'W:');
    server.tmux('set-option', '-g', '@claude-sessions-style-waiting', 'fg=red,blink');
    server.tmux('set-option', '-g', '@claude-sessions-glyph-working', 'K:');
    expect(render()).toBe('[✻ 2 #[fg=red,blink]W:1#[default] #[fg=cyan]K:1#[default]]');
  });

  // N panes more in a new window of SESSION (plain shells), their ids.
  const morePanes = (session: string, count: number) => {
    const panes: string[] = [];
    while (panes.length < count) {
      const window = server.tmux('new-window', '-d', '-P', '-F', '#{window_id}', '-t', `=${session}:`).trim();
      panes.push(server.tmux('display-message', '-p', '-t', window, '#{pane_id}').trim());
      for (let more = 0; more < 9 && panes.length < count; more++) {
        panes.push(server.tmux('split-window', '-d', '-P', '-F', '#{pane_id}', '-t', window).trim());
        server.tmux('select-layout', '-t', window, 'tiled');
      }
    }
    return panes;
  };
  const mark = (panes: string[], state: string) =>
    server.tmux(...panes.flatMap((pane, index) => [...(index ? [';'] : []), 'set-option', '-p', '-t', pane, '@claude-state', state]));

  it('counts past 9 and past 99 agents', () => {
    newSessions('claude-dev-many');
    const panes = morePanes('claude-dev-many', 112);
    mark(panes.slice(0, 12), 'waiting');
    mark(panes.slice(12), 'working');
    expect(render()).toBe('[✻ 1 #[fg=yellow,bold]●12#[default] #[fg=cyan]◐100#[default]]');
  });

  it('shows the working count alone when none waits, and the waiting count alone when none works', () => {
    const { a, b, c } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'working');
    server.tmux('set-option', '-p', '-t', b, '@claude-state', 'working');
    server.tmux('set-option', '-p', '-t', c, '@claude-state', 'idle');
    expect(render()).toBe('[✻ 2 #[fg=cyan]◐2#[default]]');
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', b, '@claude-state', 'exited');
    expect(render()).toBe('[✻ 2 #[fg=yellow,bold]●1#[default]]');
  });

  it('counts only the states waiting and working, as they are', () => {
    const { a, b, c } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting ');
    server.tmux('set-option', '-p', '-t', b, '@claude-state', 'Working');
    server.tmux('set-option', '-p', '-t', c, '@claude-state', 'wk');
    expect(render()).toBe('[✻ 2]');
  });

  it('counts workspace sessions and their agents whatever their names hold: regex and glob characters, commas, backquotes, non-ASCII', () => {
    const names = ['claude-dev-a.b*[x]', 'claude-dev-(x|y)$', 'claude-dev-ü✻', 'claude-dev-x,y', 'claude-dev-`w`', 'claude-dev-\\1&'];
    newSessions(...names, 'plain');
    const first = (name: string) => server.tmux('list-panes', '-t', `=${name}:`, '-F', '#{pane_id}').trim();
    server.tmux('set-option', '-p', '-t', first('claude-dev-x,y'), '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', first('claude-dev-`w`'), '@claude-state', 'working');
    server.tmux('set-option', '-p', '-t', first('claude-dev-ü✻'), '@claude-state', 'working');
    // a window linked across sessions whose names hold a comma and a backquote counts once
    server.tmux('link-window', '-s', '=claude-dev-x,y:0', '-t', '=claude-dev-`w`:5');
    server.tmux('link-window', '-s', '=claude-dev-`w`:0', '-t', '=claude-dev-x,y:6');
    expect(render()).toBe(`[✻ ${names.length} #[fg=yellow,bold]●1#[default] #[fg=cyan]◐2#[default]]`);
  });

  it('shows glyphs and styles as they are set, whatever they hold: commas, #, backslashes, &, backquotes, slashes', () => {
    const { a, c } = agentSessions();
    server.tmux('set-option', '-p', '-t', a, '@claude-state', 'waiting');
    server.tmux('set-option', '-p', '-t', c, '@claude-state', 'working');
    server.tmux('set-option', '-g', '@claude-sessions-style-waiting', 'fg=#ff0000,bg=colour1,bold');
    server.tmux('set-option', '-g', '@claude-sessions-glyph-waiting', '\\1&`/\\');
    server.tmux('set-option', '-g', '@claude-sessions-style-working', 'fg=cyan`');
    server.tmux('set-option', '-g', '@claude-sessions-glyph-working', '#,}');
    expect(render()).toBe('[✻ 2 #[fg=#ff0000,bg=colour1,bold]\\1&`/\\1#[default] #[fg=cyan`]#,}1#[default]]');
  });
});

describe('window marker format', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  beforeEach(() => resetServer(server));
  afterAll(() => server.stop());

  const render = (window: string) => server.tmux('display-message', '-p', '-t', window, `[${windowMarkerFormat()}]`).trimEnd();
  const firstPane = (window: string) => server.tmux('list-panes', '-t', window, '-F', '#{pane_id}').trim().split('\n')[0] ?? '';

  it('starts no process per redraw', () => {
    expect(windowMarkerFormat()).not.toContain('#(');
  });

  // A session whose window `agent` has two panes, the second one waiting.
  const waitingWindow = () => {
    server.newSession('claude-dev-m');
    server.tmux('new-window', '-d', '-t', '=claude-dev-m:', '-n', 'agent');
    server.tmux('split-window', '-d', '-t', '=claude-dev-m:agent');
    const agentPanes = server.tmux('list-panes', '-t', '=claude-dev-m:agent', '-F', '#{pane_id}').trim().split('\n');
    server.tmux('set-option', '-p', '-t', agentPanes[1] ?? '', '@claude-state', 'waiting');
  };

  it('marks only the window whose pane waits, with the waiting glyph in the waiting style', () => {
    waitingWindow();
    expect(render('=claude-dev-m:agent')).toBe('[ #[fg=yellow,bold]●#[default]]');
    expect(render('=claude-dev-m:0')).toBe('[]');
  });

  it('shows the working glyph in the working style for a window whose agents only work', () => {
    waitingWindow();
    server.tmux('set-option', '-p', '-t', firstPane('=claude-dev-m:0'), '@claude-state', 'working');
    expect(render('=claude-dev-m:0')).toBe('[ #[fg=cyan]◐#[default]]');
    // a window with one agent waiting and one working shows only the waiting glyph
    server.tmux('set-option', '-p', '-t', firstPane('=claude-dev-m:agent'), '@claude-state', 'working');
    expect(render('=claude-dev-m:agent')).toBe('[ #[fg=yellow,bold]●#[default]]');
  });

  it('takes glyphs and styles from their options, live', () => {
    waitingWindow();
    server.tmux('set-option', '-g', '@claude-sessions-glyph-waiting', 'W:');
    server.tmux('set-option', '-g', '@claude-sessions-style-waiting', 'fg=red,blink');
    expect(render('=claude-dev-m:agent')).toBe('[ #[fg=red,blink]W:#[default]]');
  });
});
