// Our hooks in a Claude Code settings object, merged in and taken out without touching
// anything else: other keys, other events, and the user's own hook entries stay as they are.
//
// Which entries are ours: a command hook whose whole command is one word naming an absolute
// path ending in `/scripts/claude-hook` (single-quoted as hookCommand writes it, or
// double-quoted, or bare) followed by one space and one event name. A command that runs
// anything else, or mentions claude-hook among other words, is the user's and never touched.
import { HOOK_EVENTS, hookCommand, hookSettings, type HookEntry, type HookEvent } from './claude-contract.ts';
import { DomainError } from '../util/errors.ts';

// A parsed settings file: a JSON object.
export type Settings = Readonly<Record<string, unknown>>;

// The settings object does not have the shape Claude Code reads (the message says where).
export class SettingsShapeError extends DomainError {
  override name = 'SettingsShapeError';
}

// What installing or uninstalling made of a settings object; `settings` is the input itself when unchanged.
export interface HooksChange {
  readonly settings: Settings;
  readonly changed: boolean;
  // Events that got our entry (install).
  readonly added: readonly HookEvent[];
  // Hooks of ours taken out: stale copies (install), or all of them (uninstall).
  readonly removed: number;
}

// Where our hooks stand in one settings object, for a shim at a given path.
export interface HooksInspection {
  readonly installed: readonly HookEvent[];
  readonly missing: readonly HookEvent[];
  // Shim paths of ours other than the expected one (the plugin was moved).
  readonly otherShims: readonly string[];
}

const OUR_COMMAND = /^(?:'((?:[^']|'\\'')*)'|"([^"\\$`]*)"|([^\s'"\\$`;&|<>()]+)) ([A-Za-z]+)$/;

// The shim path when `command` is one of our hook commands, else undefined.
export function ourShimPath(command: string): string | undefined {
  const match = OUR_COMMAND.exec(command);
  if (!match) return undefined;
  const path = match[1] !== undefined ? match[1].replaceAll("'\\''", "'") : (match[2] ?? match[3] ?? '');
  return path.startsWith('/') && path.endsWith('/scripts/claude-hook') ? path : undefined;
}

// Merge our hooks in: one entry per event pointing at `shimPath`; copies of ours that differ
// (another shim path, another shape, duplicates) are replaced; unchanged when already right.
export function installHooks(settings: Settings, shimPath: string): HooksChange {
  const hooks = hooksOf(settings);
  const wanted = hookSettings(shimPath);
  const next: Record<string, unknown> = {};
  const added: HookEvent[] = [];
  let removed = 0;
  for (const [event, value] of Object.entries(hooks)) {
    const entry = isHookEvent(event) ? wanted[event][0] : undefined;
    if (entry !== undefined && !Array.isArray(value)) throw new SettingsShapeError(`hooks.${event} is not an array`);
    if (!Array.isArray(value) || (entry !== undefined && holdsExactly(value, entry))) {
      next[event] = value;
      continue;
    }
    const stripped = withoutOurs(value);
    removed += stripped.removed;
    if (entry !== undefined) {
      next[event] = [...stripped.entries, entry];
      added.push(event as HookEvent);
    } else if (stripped.removed === 0 || stripped.entries.length > 0) {
      next[event] = stripped.removed === 0 ? value : stripped.entries;
    }
  }
  for (const event of HOOK_EVENTS) {
    if (Object.hasOwn(hooks, event)) continue;
    next[event] = wanted[event];
    added.push(event);
  }
  if (added.length === 0 && removed === 0) return { settings, changed: false, added, removed };
  const inOrder = HOOK_EVENTS.filter((event) => added.includes(event));
  return { settings: { ...settings, hooks: next }, changed: true, added: inOrder, removed };
}

// Take every hook of ours out (whatever its shim path), and an event list or `hooks` object
// left empty by that; unchanged when there is nothing of ours.
export function uninstallHooks(settings: Settings): HooksChange {
  const hooks = hooksOf(settings);
  const next: Record<string, unknown> = {};
  let removed = 0;
  for (const [event, value] of Object.entries(hooks)) {
    const stripped = Array.isArray(value) ? withoutOurs(value) : { entries: [], removed: 0 };
    removed += stripped.removed;
    if (stripped.removed === 0) next[event] = value;
    else if (stripped.entries.length > 0) next[event] = stripped.entries;
  }
  if (removed === 0) return { settings, changed: false, added: [], removed };
  const { hooks: _old, ...rest } = settings;
  return { settings: Object.keys(next).length > 0 ? { ...settings, hooks: next } : rest, changed: true, added: [], removed };
}

// Which events run our hook at `shimPath`, which do not, and which other shim paths of ours appear.
export function inspectHooks(settings: Settings, shimPath: string): HooksInspection {
  const hooks = hooksOf(settings);
  const installed: HookEvent[] = [];
  const otherShims = new Set<string>();
  for (const [event, value] of Object.entries(hooks)) {
    const commands = Array.isArray(value) ? value.flatMap(commandsOf) : [];
    for (const command of commands) {
      const path = ourShimPath(command);
      if (path !== undefined && path !== shimPath) otherShims.add(path);
    }
    if (isHookEvent(event) && commands.includes(hookCommand(shimPath, event))) installed.push(event);
  }
  const missing = HOOK_EVENTS.filter((event) => !installed.includes(event));
  return { installed: HOOK_EVENTS.filter((event) => installed.includes(event)), missing, otherShims: [...otherShims] };
}

// The `hooks` object of a settings object (empty when absent); throws when it is something else.
function hooksOf(settings: Settings): Readonly<Record<string, unknown>> {
  const hooks = settings['hooks'];
  if (hooks === undefined) return {};
  if (!isObject(hooks)) throw new SettingsShapeError(`"hooks" is ${describe(hooks)}, not an object`);
  return hooks;
}

// The event's list holds exactly one hook of ours, and it is in `entry`'s shape.
function holdsExactly(entries: readonly unknown[], entry: HookEntry): boolean {
  const ours = entries.filter((candidate) => commandsOf(candidate).some((command) => ourShimPath(command) !== undefined));
  return ours.length === 1 && commandsOf(ours[0]).length === 1 && JSON.stringify(ours[0]) === JSON.stringify(entry);
}

// The entries without our hooks; an entry that held only ours goes, one that held others keeps them.
function withoutOurs(entries: readonly unknown[]): { entries: unknown[]; removed: number } {
  const kept: unknown[] = [];
  let removed = 0;
  for (const entry of entries) {
    const hooks = isObject(entry) && Array.isArray(entry['hooks']) ? (entry['hooks'] as unknown[]) : undefined;
    const others = hooks?.filter((hook) => !isOurHook(hook));
    if (!isObject(entry) || hooks === undefined || others === undefined || others.length === hooks.length) {
      kept.push(entry);
      continue;
    }
    removed += hooks.length - others.length;
    if (others.length > 0) kept.push({ ...entry, hooks: others });
  }
  return { entries: kept, removed };
}

function isOurHook(hook: unknown): boolean {
  return isObject(hook) && typeof hook['command'] === 'string' && ourShimPath(hook['command']) !== undefined;
}

// The command strings of one entry's hooks.
function commandsOf(entry: unknown): string[] {
  if (!isObject(entry) || !Array.isArray(entry['hooks'])) return [];
  return (entry['hooks'] as unknown[]).flatMap((hook) => (isObject(hook) && typeof hook['command'] === 'string' ? [hook['command']] : []));
}

function isHookEvent(name: string): name is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(name);
}

// A JSON object (not an array, not null).
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// "an array", "a string", "null": what a JSON value is, for messages.
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
