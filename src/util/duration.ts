// Durations as users write them: a number with a unit, or several in a row (`1d12h`).

// Seconds in each unit.
export const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const WHOLE = /^(?:\d{1,9}[smhdw])+$/;
const PART = /(\d{1,9})([smhdw])/g;

// What a bad duration's error names as the accepted forms.
export const DURATION_FORMS = 'a number with a unit s, m, h, d or w, or several in a row: 0s, 30m, 24h, 7d, 2w, 1d12h';

// A duration in seconds, or undefined when `text` is not one.
export function durationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, count = '0', unit = 's'] of trimmed.matchAll(PART)) seconds += Number(count) * (UNIT_SECONDS[unit] ?? 1);
  return seconds;
}

// The message for a TEXT that is not a duration, naming WHAT it was given as.
export function notADuration(what: string, text: string): string {
  return `${what} ${JSON.stringify(text)} is not a duration: use ${DURATION_FORMS}`;
}
