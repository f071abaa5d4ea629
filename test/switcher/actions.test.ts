import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameRow } from '../../src/switcher/actions.ts';
import type { SwitcherRow } from '../../src/switcher/types.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

describe('renameRow', () => {
  let server: TestServer;
  beforeAll(() => server = startTestServer());
  afterAll(() => server.stop());

  const rowOf = (name: string): SwitcherRow => {
    const id = server.tmux('display-message', '-p', '-t', `=${name}:`, '#{session_id}').trim();
    return { kind: 'session', key: id, name, marks: '', info: '', waiting: 0, sessionId: id };
  };
  const names = () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort();

  it('says the name tmux gives: dots and colons become _, like a workspace name', async () => {
    server.newSession('web');
    expect(await renameRow(server.client, rowOf('web'), 'web.app:v2')).toBe('renamed web to web_app_v2');
    expect(names()).toContain('web_app_v2');
  });

  it('keeps quotes, ;, $(…), unicode and a leading dash as they are', async () => {
    server.newSession('plain');
    const wanted = `-x 'q' "d"; $(rm) ✓`;
    expect(await renameRow(server.client, rowOf('plain'), wanted)).toBe(`renamed plain to ${wanted}`);
    expect(names()).toContain(wanted);
  });

  it('refuses an empty name, and says why tmux refused a taken one, changing nothing', async () => {
    server.newSession('one');
    server.newSession('two');
    expect(await renameRow(server.client, rowOf('one'), ' \t ')).toBe('a session name cannot be empty');
    expect(await renameRow(server.client, rowOf('one'), 'two')).toMatch(/^could not rename one: .*two/);
    expect(names()).toEqual(expect.arrayContaining(['one', 'two']));
  });
});
