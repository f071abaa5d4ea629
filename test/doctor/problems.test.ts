import { describe, expect, it } from 'vitest';
import type { DoctorFacts } from '../../src/doctor/facts.ts';
import { findProblems } from '../../src/doctor/problems.ts';
import { effectiveOptions } from '../../src/options/read.ts';
import { parseTmuxVersion } from '../../src/tmux/version.ts';

const OURS = '#{q:@claude-sessions-bin} event';

// Facts of a healthy setup; each test breaks one thing.
function healthy(overrides: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    nodeVersion: '20.20.2',
    tmuxBinary: 'tmux',
    clientVersion: parseTmuxVersion('3.3a'),
    clientVersionError: undefined,
    serverLabel: 'socket /tmp/x',
    serverRunning: true,
    serverVersion: parseTmuxVersion('3.3a'),
    features: {},
    options: effectiveOptions(undefined),
    pluginBin: process.execPath,
    boundKeys: 'new=N sync=S git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e',
    statusLeft: '',
    statusRight: '%H:%M',
    hooks: [
      { hook: 'session-created', index: 0, command: `run-shell -b "${OURS} session-created"`, ours: true },
      { hook: 'client-detached', index: 2, command: `run-shell -b "${OURS} client-detached"`, ours: true },
    ],
    prefixKeys: new Map(),
    programs: [
      { program: 'git', found: true, version: 'git version 2.39.5', error: undefined },
      { program: 'claude', found: true, version: '2.0.1 (Claude Code)', error: undefined },
    ],
    saves: { dir: '/tmp/saves', last: undefined, lastTime: undefined, timer: `1-2-3 15 ${Math.floor(Date.now() / 1000) + 600}` },
    unhookedAgents: [],
    peers: { continuumLastSave: '', startRestore: '' },
    reconcile: { folders: [{ dir: '/home/u/.claude/sessions', found: true, sessions: [] }], unmatched: [] },
    ...overrides,
  };
}

const messages = (facts: DoctorFacts) => findProblems(facts).map((p) => `${p.level}: ${p.message}`);

describe('doctor', () => {
  it('finds nothing wrong with a healthy setup', () => {
    expect(findProblems(healthy())).toEqual([]);
  });

  it('says tmux older than 3.2 is an error, with the fix', () => {
    const problems = findProblems(healthy({ clientVersion: parseTmuxVersion('3.1c'), serverVersion: parseTmuxVersion('3.1c') }));
    expect(problems[0]).toMatchObject({ level: 'error', message: 'tmux binary is 3.1c, older than 3.2', fix: 'install tmux >= 3.2' });
  });

  it('warns when the running server is another tmux than the binary', () => {
    expect(messages(healthy({ serverVersion: parseTmuxVersion('3.2a') }))).toContain(
      'warning: the running server is tmux 3.2a but the tmux binary is 3.3a',
    );
  });

  it('says when the plugin never loaded on this server', () => {
    expect(messages(healthy({ pluginBin: '', hooks: [] }))).toEqual([
      'warning: claude-sessions.tmux has not run on socket /tmp/x',
    ]);
  });

  it('counts our hook entries', () => {
    const hooks = [...healthy().hooks, { hook: 'client-detached', index: 5, command: OURS, ours: true }];
    expect(messages(healthy({ hooks }))).toEqual(['warning: 2 claude-sessions entries in the client-detached hook (expected 1)']);
  });

  it('notices a status token set after the plugin loaded', () => {
    expect(messages(healthy({ statusRight: '#{claude_sessions_status} %H' }))[0]).toMatch(/status-right still holds/);
  });

  it('explains a default key left alone because someone else holds it', () => {
    const problems = findProblems(healthy({ boundKeys: 'new=N git-status=g save=C-s restore=C-r next-waiting=W worktree=T switch=C-e', prefixKeys: new Map([['S', 'display-message mine']]) }));
    expect(problems).toEqual([
      {
        level: 'warning',
        message: 'prefix S is already bound (display-message mine), so sync was left unbound',
        fix: 'set -g @claude-sessions-key-sync to a free key (or none) and reload tmux.conf',
      },
    ]);
  });

  it('warns when the autosave timer chain is missing or overdue, not when the interval is 0', () => {
    const overdue = `1-2-3 15 ${Math.floor(Date.now() / 1000) - 3600}`;
    expect(messages(healthy({ saves: { dir: '/s', last: undefined, lastTime: undefined, timer: '' } }))).toEqual(['warning: the autosave timer is not running']);
    expect(messages(healthy({ saves: { dir: '/s', last: undefined, lastTime: undefined, timer: overdue } }))[0]).toMatch(/^warning: the autosave timer was due .* and did not run$/);
    const off = effectiveOptions({ '@claude-sessions-save-interval': '0' } as Parameters<typeof effectiveOptions>[0]);
    expect(messages(healthy({ options: off, saves: { dir: '/s', last: undefined, lastTime: undefined, timer: '' } }))).toEqual([]);
  });

  it("leaves tmux-resurrect's own C-s and C-r alone without a warning, but names another holder", () => {
    const resurrect = new Map([
      ['C-s', 'run-shell /home/u/.tmux/plugins/tmux-resurrect/scripts/save.sh'],
      ['C-r', 'run-shell /home/u/.tmux/plugins/tmux-resurrect/scripts/restore.sh'],
    ]);
    expect(messages(healthy({ boundKeys: 'new=N sync=S git-status=g next-waiting=W worktree=T switch=C-e', prefixKeys: resurrect }))).toEqual([]);
    const other = new Map([['C-s', 'display-message other']]);
    expect(messages(healthy({ boundKeys: 'new=N sync=S git-status=g restore=C-r next-waiting=W worktree=T switch=C-e', prefixKeys: other }))).toEqual([
      'warning: prefix C-s is already bound (display-message other), so save was left unbound',
    ]);
  });

  it('names the Claude agents that run without our hooks', () => {
    const unhookedAgents = [{ pane: 'work:0.1', source: 'none' }, { pane: 'api:1.0', source: 'claude agents' }];
    expect(findProblems(healthy({ unhookedAgents }))).toEqual([
      {
        level: 'warning',
        message: '2 Claude agent(s) run without claude-sessions hooks (work:0.1, api:1.0)',
        fix: 'start agents from a workspace (claude-sessions new), or run claude-sessions hooks install and restart them',
      },
    ]);
  });

  it("says which agents' Esc and denied permissions go unseen because Claude Code keeps no session file for them", () => {
    const reconcile = { folders: [{ dir: '/old/.claude/sessions', found: false, sessions: [] }], unmatched: [{ pane: 'work:0.1', dir: '/old/.claude/sessions' }] };
    expect(messages(healthy({ reconcile }))).toEqual([
      "warning: Claude Code's session file is missing for 1 agent(s) (work:0.1 in /old/.claude/sessions): after an Esc or a denied permission they show working/waiting until their next event",
    ]);
  });

  it('warns when git or claude cannot be run', () => {
    const programs = [{ program: 'claude', found: false, version: undefined, error: 'claude is not on PATH' }];
    expect(messages(healthy({ programs }))).toEqual(['warning: claude is not on PATH: needed for the agents in Claude panes']);
  });

  it('puts errors before warnings', () => {
    const levels = findProblems(healthy({ nodeVersion: '18.19.0', pluginBin: '' })).map((p) => p.level);
    expect(levels).toEqual(['error', 'warning']);
  });
});
