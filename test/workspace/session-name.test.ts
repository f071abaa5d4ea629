import { describe, expect, it } from 'vitest';
import { projectOfSession, sessionNameFor, tmuxSafeName } from '../../src/workspace/session-name.ts';

describe('session names', () => {
  it('are the prefix and the project', () => {
    expect(sessionNameFor('webapp', 'claude-dev-')).toBe('claude-dev-webapp');
  });

  it("turn '.' and ':' into '_' as tmux would (and must)", () => {
    expect(sessionNameFor('my.app:v2', 'claude-dev-')).toBe('claude-dev-my_app_v2');
  });

  it('turn a backslash into _: tmux stores it doubled, so the exact name would never match again', () => {
    expect(sessionNameFor('a\\b', 'claude-dev-')).toBe('claude-dev-a_b');
  });

  it('turn tabs, newlines and other control characters into _', () => {
    expect(tmuxSafeName('a\tb\nc\u0007d\u009be')).toBe('a_b_c_d_e');
  });

  it.each([
    ['spaces', 'my project'],
    ['quotes', `it's "quoted"`],
    ['a semicolon', 'a;b'],
    ['command substitution', '$(rm -rf ~)'],
    ['backticks', '`id`'],
    ['unicode', 'café-🎉-日本'],
    ['a leading dash', '-rf'],
    ['a hash', 'issue#12'],
  ])('keep %s as they are (they travel as argv, never through a shell)', (_, project) => {
    expect(sessionNameFor(project, 'claude-dev-')).toBe(`claude-dev-${project}`);
  });

  it('normalise unicode so the same name typed two ways is one session', () => {
    expect(tmuxSafeName('cafe\u0301')).toBe(tmuxSafeName('caf\u00e9'));
  });

  it('trim surrounding whitespace', () => {
    expect(sessionNameFor('  web  ', 'claude-dev-')).toBe('claude-dev-web');
  });

  it('refuse a project that is empty once made safe', () => {
    expect(() => sessionNameFor('   ', 'claude-dev-')).toThrow(/empty/);
  });

  it('give back the project of a workspace session, and nothing for other sessions', () => {
    expect(projectOfSession('claude-dev-web', 'claude-dev-')).toBe('web');
    expect(projectOfSession('scratch', 'claude-dev-')).toBeUndefined();
    expect(projectOfSession('claude-dev-', 'claude-dev-')).toBeUndefined();
  });

  it('apply the same rules to a custom prefix', () => {
    expect(sessionNameFor('web', 'ai.')).toBe('ai_web');
    expect(projectOfSession('ai_web', 'ai.')).toBe('web');
  });
});
