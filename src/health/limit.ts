// The workspace session limit (@claude-sessions-max-sessions), read from effective options.
import { parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { optionValue, type EffectiveOptions } from '../options/read.ts';

// @claude-sessions-max-sessions as a number (a value that is not a whole number means the default).
export function maxSessionsOf(settings: EffectiveOptions): number {
  return parseOption(USER_OPTIONS.maxSessions, optionValue(settings, USER_OPTIONS.maxSessions));
}

// What `new` says on stderr when the workspace it just made passes the limit ('' when it does not).
export function sessionLimitNote(workspacesNow: number, max: number): string {
  if (workspacesNow <= max) return '';
  return `${workspacesNow} workspace sessions now, more than ${USER_OPTIONS.maxSessions} (${max}): kill the ones you are done with (claude-sessions kill PROJECT), or raise the option`;
}
