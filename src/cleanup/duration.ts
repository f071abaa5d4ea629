// Durations as cleanup takes them: a number with a unit, or several in a row (`1d12h`).
import { UserError } from '../util/errors.ts';
import { durationSeconds, notADuration, UNIT_SECONDS } from '../util/duration.ts';

// A duration in seconds; a UserError (exit 2) naming the accepted forms for anything else.
export function parseDuration(text: string, what = 'duration'): number {
  const seconds = durationSeconds(text);
  if (seconds === undefined) throw new UserError(notADuration(what, text), 2);
  return seconds;
}

// Seconds as the largest units that say them: 90061 -> "1d1h1m1s", 0 -> "0s".
export function formatDuration(seconds: number): string {
  let left = Math.max(0, Math.floor(seconds));
  if (left === 0) return '0s';
  let text = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_SECONDS[unit] ?? 1;
    const count = Math.floor(left / size);
    if (count > 0) text += `${count}${unit}`;
    left -= count * size;
  }
  return text;
}

// An age as one rounded-down unit for messages: "3d", "5h", "12m", "40s".
export function roughAge(seconds: number): string {
  const value = Math.max(0, Math.floor(seconds));
  for (const unit of ['d', 'h', 'm']) {
    const size = UNIT_SECONDS[unit] ?? 1;
    if (value >= size) return `${Math.floor(value / size)}${unit}`;
  }
  return `${value}s`;
}
