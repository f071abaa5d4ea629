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
    boundKeys: 'new=N sync=S git-status=g save=C-s restore=C-r',
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
    const problems = findProblems(healthy({ boundKeys: 'new=N git-status=g save=C-s restore=C-r', prefixKeys: new Map([['S', 'display-message mine']]) }));
    expect(problems).toEqual([
      {
        level: 'warning',
        message: 'prefix S is already bound (display-message mine), so sync was left unbound',
        fix: 'set -g @claude-sessions-key-sync to a free key (or none) and reload tmux.conf',
      },
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
