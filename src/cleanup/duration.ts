// Durations as cleanup takes them: a number with a unit, or several in a row (`1d12h`).
import { UserError } from '../util/errors.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const WHOLE = /^(?:\d{1,9}[smhdw])+$/;
const PART = /(\d{1,9})([smhdw])/g;

// What a bad duration's error names as the accepted forms.
export const DURATION_FORMS = 'a number with a unit s, m, h, d or w, or several in a row: 0s, 30m, 24h, 7d, 2w, 1d12h';

// A duration in seconds; a UserError (exit 2) naming the accepted forms for anything else.
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) throw new UserError(`${what} ${JSON.stringify(text)} is not a duration: use ${DURATION_FORMS}`, 2);
  let seconds = 0;
  for (const [, count = '0', unit = 's'] of trimmed.matchAll(PART)) seconds += Number(count) * (UNIT_SECONDS[unit] ?? 1);
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
