// Restoring the saves tmux-resurrect itself wrote (test/resurrect/fixtures/resurrect) gives
// back exactly the server tmux reported before each save.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutWithoutChecksumAndIds } from '../../src/resurrect/layout.ts';
import { restoreServer } from '../../src/restore/restore.ts';
import {
  listed,
  PANE_FORMAT,
  restoreServersPerTest,
  SESSION_FORMAT,
  WINDOW_FORMAT,
  type RestoreServer,
} from '../helpers/restore-server.ts';
import { waitFor } from '../helpers/wait.ts';
import type { FixtureName } from '../resurrect/resurrect-fixtures.ts';

const ROOT = fileURLToPath(new URL('../resurrect/fixtures/resurrect/', import.meta.url));
const saveOf = (name: FixtureName) => `${ROOT}${name}/resurrect-save.txt`;

// The folders and files setup.sh makes (its lines that are not tmux commands).
function createFixtureFolders(name: FixtureName): void {
  const script = readFileSync(`${ROOT}${name}/setup.sh`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('$T '))
    .join('\n');
  const result = spawnSync('bash', ['-c', `set -e\n${script}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`setup of ${name} failed: ${result.stderr}`);
}

// Window layouts compared without their checksum and pane ids.
const comparableWindow = (line: string) => {
  const cells = line.split('\t');
  cells[5] = layoutWithoutChecksumAndIds(cells[5] ?? '');
  return cells.join('\t');
};

function expectedState(name: FixtureName) {
  const lines = (what: string) => readFileSync(`${ROOT}${name}/expected-${what}.tsv`, 'utf8').split('\n').filter((line) => line !== '');
  return { sessions: lines('sessions'), windows: lines('windows').map(comparableWindow), panes: lines('panes') };
}

function serverState(server: RestoreServer) {
  return {
    sessions: listed(server, 'list-sessions', SESSION_FORMAT),
    windows: listed(server, 'list-windows', WINDOW_FORMAT, '-a').map(comparableWindow),
    panes: listed(server, 'list-panes', PANE_FORMAT, '-a'),
  };
}

type State = ReturnType<typeof serverState>;

// Programs start and windows rename themselves after the restore returns: poll, then compare.
async function expectServerToBe(server: RestoreServer, expected: State): Promise<void> {
  const same = (state: State) => JSON.stringify(state) === JSON.stringify(expected);
  expect(await waitFor(() => serverState(server), same)).toEqual(expected);
  expect(server.tmux('show-options', '-gqv', '@claude-sessions-restoring')).toBe('');
}

const setup = restoreServersPerTest();
// The saves hold absolute paths under /tmp (where tmux-resurrect ran), outside the run's
// TMPDIR: removed afterwards unless they were there before.
const FIXTURE_FOLDER = '/tmp/claude-sessions-fixture';
let madeFixtureFolder = false;
afterAll(() => {
  if (madeFixtureFolder) rmSync(FIXTURE_FOLDER, { recursive: true, force: true });
});

beforeAll(() => {
  madeFixtureFolder = !existsSync(FIXTURE_FOLDER);
  createFixtureFolders('basic');
  createFixtureFolders('processes');
});

describe('the basic fixture (layouts, zoom, names, active and alternate windows)', () => {
  it('comes back exactly as tmux reported it, into a server the restore starts itself', async () => {
    const server = setup();
    expect(server.running()).toBe(false);
    const result = await restoreServer(server.client, { file: saveOf('basic') });
    expect(result).toMatchObject({ restored: ['claude-dev-api-service', 'claude-dev-webapp', 'scratch'], skipped: [], warnings: [], panes: 10 });
    await expectServerToBe(server, expectedState('basic'));
  });

  it('comes back exactly as tmux reported it, replacing the untouched shell session of a fresh server at its start', async () => {
    const server = setup();
    await server.start();
    expect(listed(server, 'list-sessions', '#{session_name}')).toEqual(['0']);
    const result = await restoreServer(server.client, { file: saveOf('basic'), auto: true });
    expect(result.skipped).toEqual([]);
    await expectServerToBe(server, expectedState('basic'));
  });
});

describe('the processes fixture (less, tail, sleep and a bare shell)', () => {
  it('starts every saved program when sleep is on @resurrect-processes', async () => {
    const server = setup(['set -g @resurrect-processes "sleep"']);
    const result = await restoreServer(server.client, { file: saveOf('processes') });
    expect(result).toMatchObject({ restored: ['claude-dev-procs'], panes: 4, programs: 3 });
    await expectServerToBe(server, expectedState('processes'));
  });

  it('starts every saved program in a fresh server whose shell session it replaces at its start', async () => {
    const server = setup(['set -g @resurrect-processes "sleep"']);
    await server.start();
    await restoreServer(server.client, { file: saveOf('processes'), auto: true });
    await expectServerToBe(server, expectedState('processes'));
  });

  it('with the default list starts less and tail but not sleep, whose pane is left at its shell', async () => {
    const server = setup();
    const result = await restoreServer(server.client, { file: saveOf('processes') });
    expect(result.programs).toBe(2);
    const expected = expectedState('processes');
    const panes = expected.panes.map((line) => line.replace('\tsleep\t', '\tbash\t'));
    expect(panes).not.toEqual(expected.panes);
    await expectServerToBe(server, { ...expected, panes });
  });
});
