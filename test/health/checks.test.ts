// health's pure parts: which template panes are missing, the warnings, the status summary,
// the limit, and CPU/memory sums from a ps listing.
import { describe, expect, it } from 'vitest';
import { healthReport, healthSummary, missingPanes, nearlyFull, sessionHealth, type PaneFacts, type SessionFacts } from '../../src/health/checks.ts';
import { maxSessionsOf, sessionLimitNote } from '../../src/health/limit.ts';
import { parsePsUsage, usageFromRows } from '../../src/health/process-usage.ts';
import { effectiveOptions } from '../../src/options/read.ts';

const pane = (at: string, windowName: string, role: string, historySize = 0, historyLimit = 2000, inWorktreeWindow = false): PaneFacts => ({
  pane: at,
  windowName,
  role,
  inWorktreeWindow,
  historySize,
  historyLimit,
});

const facts = (extra: Partial<SessionFacts> = {}): SessionFacts => ({
  name: 'claude-dev-web',
  project: 'web',
  projectDir: '/p/web',
  projectExists: true,
  template: 'trio',
  expected: [{ name: 'main', roles: ['claude', 'git', 'editor'] }],
  panes: [pane('0.0', 'main', 'claude'), pane('0.1', 'main', 'git'), pane('0.2', 'main', 'editor')],
  worktrees: [],
  agents: [],
  cpuPercent: 0,
  memoryKb: 0,
  ...extra,
});

describe('missing panes', () => {
  it('matches windows by name and panes by role, naming what is missing', () => {
    const expected = [
      { name: 'main', roles: ['claude', 'claude', 'editor'] },
      { name: 'logs', roles: ['dev'] },
    ];
    expect(missingPanes(expected, [pane('0.0', 'main', 'editor'), pane('0.1', 'main', 'claude')])).toEqual(['main.1 (claude)', 'logs.0 (dev)']);
  });

  it('lets a pane without a role stand for any one, and ignores extra panes', () => {
    const expected = [{ name: 'main', roles: ['claude', 'git'] }];
    expect(missingPanes(expected, [pane('0.0', 'main', 'claude'), pane('0.1', 'main', ''), pane('0.2', 'main', 'shell')])).toEqual([]);
  });
});

describe('session health', () => {
  it('has no warnings when all is well', () => {
    const health = sessionHealth(facts());
    expect(health.warnings).toEqual([]);
    expect(health.panes).toEqual({ expected: 3, present: 3, missing: [] });
  });

  it('warns about missing panes, a gone project folder, hookless and failed agents, and full scrollback', () => {
    const health = sessionHealth(
      facts({
        projectExists: false,
        panes: [pane('0.0', 'main', 'claude', 1900), pane('0.1', 'main', 'git', 1800)],
        agents: [
          { pane: '0.0', state: 'error', since: '2024-01-01T00:00:00.000Z', hooks: true },
          { pane: '0.1', state: 'unknown', since: null, hooks: false },
        ],
      }),
    );
    expect(health.warnings.map((problem) => problem.message)).toEqual([
      'the project folder /p/web no longer exists',
      '1 pane of template trio missing: main.2 (editor)',
      '1 agent without claude-sessions hooks (0.1): the status line and the jump key miss them',
      'the agent in pane 0.0 stopped on an error (since 2024-01-01T00:00:00.000Z)',
      'scrollback over 90% of history-limit in pane 0.0 (1900/2000): older lines are being dropped',
    ]);
    expect(health.warnings.every((problem) => problem.level === 'warning' && problem.fix !== '')).toBe(true);
  });

  it('says when the recorded template cannot be loaded, and expects nothing of a session made by hand', () => {
    expect(sessionHealth(facts({ expected: undefined, templateError: 'no template named trio' })).warnings[0]?.message).toMatch(/template trio cannot be loaded.*no template named trio/);
    const byHand = sessionHealth(facts({ template: '', expected: undefined }));
    expect(byHand.warnings).toEqual([]);
    expect(byHand.template).toBeNull();
    expect(byHand.panes.expected).toBeNull();
  });

  it('warns above 90% of history-limit, not at it, and never for a limit of 0', () => {
    expect(nearlyFull({ used: 90, limit: 100 })).toBe(false);
    expect(nearlyFull({ used: 91, limit: 100 })).toBe(true);
    expect(nearlyFull({ used: 5, limit: 0 })).toBe(false);
  });
});

describe('report, limit and summary', () => {
  it('warns past the session limit, not at it', () => {
    expect(healthReport([], 10, 10).warnings).toEqual([]);
    const over = healthReport([], 11, 10);
    expect(over.limit).toEqual({ sessions: 11, max: 10 });
    expect(over.warnings[0]?.message).toMatch(/^11 workspace sessions, more than @claude-sessions-max-sessions \(10\)/);
  });

  it('summarises as nothing when all is well, else ⚠ and how many workspaces (and the limit) need a look', () => {
    expect(healthSummary(healthReport([facts()], 1, 10))).toBe('');
    const broken = facts({ projectExists: false });
    expect(healthSummary(healthReport([broken, facts(), broken], 3, 10))).toBe('⚠ 2');
    expect(healthSummary(healthReport([broken], 3, 2))).toBe('⚠ 2');
  });

  it('reads the limit option, falling back to 10 for a value that is not a number', () => {
    expect(maxSessionsOf(effectiveOptions(undefined))).toBe(10);
    expect(maxSessionsOf(effectiveOptions({ '@claude-sessions-max-sessions': '3' }))).toBe(3);
    expect(maxSessionsOf(effectiveOptions({ '@claude-sessions-max-sessions': 'lots' }))).toBe(10);
    expect(sessionLimitNote(10, 10)).toBe('');
    expect(sessionLimitNote(11, 10)).toMatch(/^11 workspace sessions now, more than @claude-sessions-max-sessions \(10\)/);
  });
});

describe('CPU and memory from ps', () => {
  it('sums each group of panes over their whole process trees', () => {
    const rows = parsePsUsage(['  10     1  0.0  1000', '  11    10 12.5  2000', '  12    11  1,5   300', '  20     1  3.0   400', 'junk'].join('\n'));
    expect(rows).toHaveLength(4);
    const usage = usageFromRows(new Map([['a', [10]], ['b', [20, 99]]]), rows);
    expect(usage.get('a')).toEqual({ cpuPercent: 14, memoryKb: 3300 });
    expect(usage.get('b')).toEqual({ cpuPercent: 3, memoryKb: 400 });
  });
});

describe('pane management (the seed: close unused panes)', () => {
  it('warns about panes beyond what the template makes, not counting worktree windows', () => {
    const three = facts().panes;
    expect(sessionHealth(facts()).warnings).toEqual([]);
    const withWorktree = [...three, pane('1.0', 'feat-x', 'claude', 0, 2000, true)];
    expect(sessionHealth(facts({ panes: withWorktree })).warnings).toEqual([]);
    const extra = sessionHealth(facts({ panes: [...withWorktree, pane('0.3', 'main', ''), pane('2.0', 'scratch', '')] })).warnings;
    expect(extra.map((problem) => problem.message)).toEqual(['2 panes more than template trio makes: each holds a shell (or more) in memory']);
  });
});
