// The fake claude's hook payloads have the shapes the real Claude Code's had in the lane
// (test/real-claude/recorded-hook-payloads.json, recorded by npm run test:claude): every event
// the record holds, played by the fake, carries exactly the same top-level keys and types.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/util/shell-words.ts';
import { readRecordedPayloads, shapeDifferences, shapesOf } from '../real-claude/payload-shapes.ts';

const FAKE = join(import.meta.dirname, 'claude');
const RECORDER = join(import.meta.dirname, '..', 'real-claude', 'record-hook.sh');
const SESSION_ID = '6d0f3c1a-7b2e-4c5d-8e9f-0a1b2c3d4e5f';

let dir: string;
let payloads: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-payloads-'));
  payloads = join(dir, 'payloads');
  for (const folder of [payloads, join(dir, 'home'), join(dir, 'project')]) mkdirSync(folder);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Run the fake with the recording hook on every event of `script`'s; returns what it recorded.
function play(args: string[], script: string): Record<string, unknown>[] {
  const events = [...new Set(script.split(' ').map((item) => item.split(':')[0] ?? ''))];
  const record = [{ hooks: [{ type: 'command', command: `${shellQuote(RECORDER)} ${shellQuote(payloads)}` }] }];
  const settings = join(dir, 'settings.json');
  writeFileSync(settings, JSON.stringify({ hooks: Object.fromEntries(events.map((event) => [event, record])) }));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: join(dir, 'home'), FAKE_CLAUDE_SCRIPT: script };
  delete env['CLAUDE_CONFIG_DIR'];
  const result = spawnSync(FAKE, [...args, '--settings', settings], { cwd: join(dir, 'project'), env, encoding: 'utf8', timeout: 15000 });
  expect(result.status, result.stderr).toBe(0);
  return readdirSync(payloads)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(payloads, name), 'utf8')) as Record<string, unknown>);
}

describe('the fake claude against the recorded real payloads', () => {
  const record = readRecordedPayloads();
  const names = Object.keys(record.events);
  // The script item that makes the fake send each recorded shape (EVENT, or EVENT:VALUE).
  const scriptItem = (name: string) => (name.startsWith('SessionStart:') ? 'SessionStart' : name);

  it('sends every recorded event of a fresh session with exactly the real top-level keys and types', () => {
    const fresh = names.filter((name) => name !== 'SessionStart:resume');
    const played = play(['--session-id', SESSION_ID], fresh.map(scriptItem).join(' '));
    expect(shapeDifferences(record.events, shapesOf(played), fresh)).toEqual([]);
  });

  it('sends the SessionStart of a resumed session with exactly the real keys', () => {
    play(['--session-id', SESSION_ID], 'SessionStart');
    rmSync(payloads, { recursive: true });
    mkdirSync(payloads);
    const played = play(['--resume', SESSION_ID], 'SessionStart');
    expect(shapeDifferences(record.events, shapesOf(played), ['SessionStart:resume'])).toEqual([]);
  });

  it('has a record of the Claude Code the lane pins, with its common fields', () => {
    expect(record.claudeCodeVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(names).toEqual(expect.arrayContaining(['SessionStart:startup', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'Stop', 'SessionEnd']));
    for (const name of names) expect(Object.keys(record.events[name] ?? {}).slice(0, 3)).toEqual(['session_id', 'transcript_path', 'cwd']);
  });
});
