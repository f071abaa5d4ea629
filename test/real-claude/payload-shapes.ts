// The shape of Claude Code's hook payloads: per event, its top-level keys and the JSON type
// of each value. The real-Claude lane records them (recorded-hook-payloads.json); the fake
// claude's payloads are checked against that record, so the fake cannot drift from the real one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Top-level key -> JSON type ('string', 'number', 'boolean', 'object', 'array', 'null';
// 'a|b' when the same key came with several types).
export type PayloadShape = Record<string, string>;

// What recorded-hook-payloads.json holds.
export interface RecordedPayloads {
  readonly claudeCodeVersion: string;
  readonly howToRefresh: string;
  readonly events: Record<string, PayloadShape>;
}

// The committed record of what the real Claude Code sent in the lane.
export const RECORDED_PAYLOADS_FILE = join(import.meta.dirname, 'recorded-hook-payloads.json');

// How to bring the record up to date (after a deliberate Claude Code version bump).
export const HOW_TO_REFRESH = 'RECORD_HOOK_PAYLOADS=1 npm run test:claude (rewrites this file from what the real Claude Code sent; review the diff)';

// A value's JSON type.
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// Events whose payload keys depend on a field: SessionStart of a resumed conversation carries
// its cache and context figures, a fresh one does not. Their shapes are kept apart as EVENT:VALUE.
const VARIANT_FIELDS: Readonly<Record<string, string>> = { SessionStart: 'source' };

// The name a payload's shape is kept under: its hook_event_name, and its variant if any.
export function shapeName(payload: Readonly<Record<string, unknown>>): string | undefined {
  const event = payload['hook_event_name'];
  if (typeof event !== 'string') return undefined;
  const field = VARIANT_FIELDS[event];
  return field === undefined ? event : `${event}:${String(payload[field])}`;
}

// Per shape name, every top-level key any of its payloads had (first-seen order).
export function shapesOf(payloads: readonly Record<string, unknown>[]): Record<string, PayloadShape> {
  const shapes: Record<string, PayloadShape> = {};
  for (const payload of payloads) {
    const event = shapeName(payload);
    if (event === undefined) continue;
    const shape = (shapes[event] ??= {});
    for (const [key, value] of Object.entries(payload)) {
      const types = new Set((shape[key] ?? '').split('|').filter(Boolean));
      types.add(jsonType(value));
      shape[key] = [...types].sort().join('|');
    }
  }
  return Object.fromEntries(Object.keys(shapes).sort().map((event) => [event, shapes[event] ?? {}]));
}

// One line per difference between the recorded shape of each event in `events` and the one
// seen now: keys only one side has, keys whose type changed, events only one side has.
export function shapeDifferences(recorded: Record<string, PayloadShape>, seen: Record<string, PayloadShape>, events: readonly string[]): string[] {
  const lines: string[] = [];
  for (const event of events) {
    const want = recorded[event];
    const got = seen[event];
    if (want === undefined) {
      lines.push(`${event}: not in the record`);
      continue;
    }
    if (got === undefined) {
      lines.push(`${event}: not seen`);
      continue;
    }
    for (const key of Object.keys(got)) if (!(key in want)) lines.push(`${event}: has ${key} (${got[key]}), which the record lacks`);
    for (const key of Object.keys(want)) if (!(key in got)) lines.push(`${event}: lacks ${key} (${want[key]})`);
    for (const key of Object.keys(want)) {
      if (key in got && got[key] !== want[key]) lines.push(`${event}: ${key} is ${got[key]}, the record says ${want[key]}`);
    }
  }
  return lines;
}

// The committed record.
export function readRecordedPayloads(): RecordedPayloads {
  return JSON.parse(readFileSync(RECORDED_PAYLOADS_FILE, 'utf8')) as RecordedPayloads;
}

// Rewrite the record from shapes seen by the lane.
export function writeRecordedPayloads(version: string, events: Record<string, PayloadShape>): void {
  const record: RecordedPayloads = { claudeCodeVersion: version, howToRefresh: HOW_TO_REFRESH, events };
  writeFileSync(RECORDED_PAYLOADS_FILE, `${JSON.stringify(record, null, 2)}\n`);
}
