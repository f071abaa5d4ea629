// `claude-sessions save` against a real server; the folder comes from @resurrect-dir.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/util/errors.ts';
import { saveCommand } from '../../src/commands/save.ts';
import { redirectOutput } from '../../src/util/output.ts';
import { settled, startSaveServer } from '../helpers/settled.ts';
import type { TestServer } from '../helpers/tmux-server.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

// A server with one sh session whose saves go to SERVER_DIR/saves through @resurrect-dir.
async function setup(): Promise<{ server: TestServer; dir: string }> {
  const { server, dir } = await startSaveServer(stops);
  server.tmux('set-option', '-g', '@resurrect-dir', dir);
  return { server, dir };
}

async function save(server: TestServer, values: { session?: string; quiet?: boolean; json?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  redirectOutput({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  try {
    await saveCommand.run({ values: { session: undefined, quiet: undefined, display: undefined, json: undefined, ...values }, positionals: [], client: server.client });
    return { stdout, stderr };
  } finally {
    redirectOutput();
  }
}

describe('claude-sessions save', () => {
  it('says how many sessions and panes it saved, and where', async () => {
    const { server, dir } = await setup();
    server.tmux('split-window', '-t', '=main:0');
    await settled(server);
    const { stdout, stderr } = await save(server);
    expect(stderr).toBe('');
    const file = join(dir, readlinkSync(join(dir, 'last')));
    expect(stdout).toBe(`saved 1 session, 2 panes to ${file}\n`);
  });

  it('says the server is unchanged since the last save when it is', async () => {
    const { server, dir } = await setup();
    await save(server);
    const { stdout } = await save(server);
    expect(stdout).toBe(`unchanged since ${join(dir, readlinkSync(join(dir, 'last')))}\n`);
  });

  it('prints nothing with --quiet, and JSON with --json', async () => {
    const { server, dir } = await setup();
    expect(await save(server, { quiet: true })).toEqual({ stdout: '', stderr: '' });
    const { stdout } = await save(server, { json: true });
    expect(JSON.parse(stdout)).toEqual({
      unchanged: true,
      file: join(dir, readlinkSync(join(dir, 'last'))),
      sessions: 1,
      panes: 1,
      pruned: [],
      warnings: [],
    });
  });

  it('saves only the session given with --session', async () => {
    const { server } = await setup();
    server.newSession('other');
    await settled(server);
    const { stdout } = await save(server, { session: 'other' });
    expect(stdout).toMatch(/^saved 1 session, 1 pane to /);
  });

  it('fails with a clear message when there is nothing to save', async () => {
    const { server } = await setup();
    server.tmux('kill-session', '-t', '=main:');
    const error = await save(server).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/^nothing to save: socket .* has no sessions$/);
  });

  it('fails with a clear message for a --session no session is named exactly', async () => {
    const { server } = await setup();
    const error = await save(server, { session: 'mai' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/^nothing to save: no session named "mai" on socket /);
  });
});
