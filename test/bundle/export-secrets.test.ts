// export on a real tmux session whose environment holds the corpus: the bundle's manifest has
// every ordinary variable and no secret (by name or by value, multi-line PEM keys included),
// says how many it left out by name only; --include-secrets keeps everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/archive.ts';
import { parseManifest } from '../../src/bundle/manifest.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { ORDINARY_CORPUS, SECRET_CORPUS } from './secret-corpus.ts';

let server: TestServer;
let work: string;
const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);

// The bundle's manifest.json, as text and parsed.
async function manifestOf(file: string) {
  const text = (await readBundle(file)).manifest!.toString();
  return { text, manifest: parseManifest(text) };
}

beforeAll(() => {
  server = startTestServer();
  work = mkdtempSync(join(tmpdir(), 'cs-export-secrets-'));
  server.tmux('new-session', '-d', '-s', 'envy', '-c', work);
  server.tmux('set-option', '-t', '=envy:', '@claude-sessions-project-dir', work);
  for (const [name, value] of [...SECRET_CORPUS, ...ORDINARY_CORPUS]) server.tmux('set-environment', '-t', '=envy:', name, value);
});
afterAll(() => {
  server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('export leaves secrets out', () => {
  it('exports every ordinary variable and no secret, and says how many it left out by name', async () => {
    const file = join(work, 'envy.tar.gz');
    const exported = await cli('export', 'envy', '-o', file);
    expect(exported.code, exported.stderr).toBe(0);
    const { text, manifest } = await manifestOf(file);
    expect(manifest.environment).toEqual(Object.fromEntries(ORDINARY_CORPUS));
    expect(manifest.omittedSecrets).toEqual(SECRET_CORPUS.map(([name]) => name).sort());
    for (const [, value] of SECRET_CORPUS.filter(([, value]) => value.length > 6)) {
      for (const line of value.split('\n')) expect(text).not.toContain(line);
    }
    expect(exported.stderr).toContain(`left out ${SECRET_CORPUS.length} secret-looking variables`);
    expect(exported.stderr).toContain('DATABASE_URL, DB_PASS, DB_PW');
    for (const [, value] of SECRET_CORPUS.filter(([, value]) => value.length > 6)) expect(exported.stderr).not.toContain(value);
  });

  it('keeps every variable, multi-line values whole, with --include-secrets', async () => {
    const file = join(work, 'all.tar.gz');
    const exported = await cli('export', 'envy', '-o', file, '--include-secrets');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).not.toContain('left out');
    const { manifest } = await manifestOf(file);
    expect(manifest.environment).toEqual(Object.fromEntries([...SECRET_CORPUS, ...ORDINARY_CORPUS]));
    expect(manifest.omittedSecrets).toEqual([]);
  });
});
