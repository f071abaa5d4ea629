// The option names and defaults users write in their tmux.conf, as the README documents them.
// A rename or a new default in src/options/definitions.ts must fail here: otherwise the
// generated table changes with it, every test stays green, and a user's setting is silently
// ignored. Changing this list is changing what users must write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PANE_OPTIONS, RECONCILE_OPTIONS } from '../../src/options/agent.ts';
import { OPTIONS } from '../../src/options/definitions.ts';
import { STATE_OPTIONS } from '../../src/options/state.ts';
import { WORKSPACE_OPTIONS } from '../../src/options/workspace.ts';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const DOCUMENTED_OPTIONS: readonly (readonly [string, string])[] = [
  ['@claude-sessions-prefix', 'claude-dev-'],
  ['@claude-sessions-node', ''],
  ['@claude-sessions-projects-dir', '~/projects'],
  ['@claude-sessions-claude-command', 'claude'],
  ['@claude-sessions-key-new', 'N'],
  ['@claude-sessions-key-sync', 'S'],
  ['@claude-sessions-key-git-status', 'g'],
  ['@claude-sessions-key-save', 'C-s'],
  ['@claude-sessions-key-restore', 'C-r'],
  ['@claude-sessions-key-next-waiting', 'W'],
  ['@claude-sessions-key-worktree', 'T'],
  ['@claude-sessions-key-switch', 'C-e'],
  ['@claude-sessions-popup-width', '80%'],
  ['@claude-sessions-popup-height', '70%'],
  ['@claude-sessions-alert-message', 'on'],
  ['@claude-sessions-alert-bell', 'on'],
  ['@claude-sessions-save-interval', '15'],
  ['@claude-sessions-restore', 'off'],
  ['@claude-sessions-verify-after-save', 'off'],
  ['@claude-sessions-capture-pane-contents', 'off'],
  ['@claude-sessions-pane-history', 'on'],
  ['@claude-sessions-glyph-waiting', '●'],
  ['@claude-sessions-glyph-working', '◐'],
  ['@claude-sessions-style-waiting', 'fg=yellow,bold'],
  ['@claude-sessions-style-working', 'fg=cyan'],
  ['@claude-sessions-window-marker', 'off'],
  ['@claude-sessions-keep-days', '30'],
  ['@claude-sessions-cleanup-after', ''],
  ['@claude-sessions-max-sessions', '10'],
  ['@claude-sessions-style-health', 'fg=yellow'],
  ['@claude-sessions-import-max-size', '1G'],
];

// Options the plugin sets that the README tells users about (to read in their own formats,
// or to set by hand, like a pane's role).
const DOCUMENTED_PLUGIN_OPTIONS = [
  '@claude-state',
  '@claude-state-since',
  '@claude-waiting-reason',
  '@claude-session-id',
  '@claude-transcript-path',
  '@claude-sessions-role',
  '@claude-sessions-bin',
  '@claude-sessions-bound-keys',
];

const PLUGIN_NAMES: readonly string[] = [PANE_OPTIONS, RECONCILE_OPTIONS, STATE_OPTIONS, WORKSPACE_OPTIONS].flatMap((group) => Object.values(group));

describe('the documented option names', () => {
  it('are the user options, with their defaults, in their order', () => {
    expect(OPTIONS.map((option) => [option.name, option.default])).toEqual(DOCUMENTED_OPTIONS);
  });

  it('include the plugin-set options users read or set', () => {
    expect(DOCUMENTED_PLUGIN_OPTIONS.filter((name) => !PLUGIN_NAMES.includes(name)), 'documented but no longer defined').toEqual([]);
  });

  it('are all defined: every @claude-* name in the README is a name src/options/ knows', () => {
    const known = new Set([...OPTIONS.map((option) => option.name), ...PLUGIN_NAMES]);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const unknown = [...new Set(readme.match(/@claude-[a-z0-9-]+/g) ?? [])].filter((name) => !known.has(name));
    expect(unknown, 'README names options src/options/ does not define').toEqual([]);
  });
});
