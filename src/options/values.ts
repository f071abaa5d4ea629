// How user option values are read: each parser is named in its option's definition, so users
// of an option call one parser (parseOption) and the shell checks with the same pattern.
import { parseByteSize } from '../util/byte-size.ts';
import { durationSeconds } from '../util/duration.ts';

// What a parser knows of the option it reads.
export interface ParsedOption {
  readonly name: string;
  readonly default: string;
}

// A value's shape as a pattern both sides understand: a JS RegExp here, and a POSIX ERE for
// bash's [[ =~ ]] in dist/options.sh (so [0-9], never \d).
export interface ValuePattern {
  /** The ERE; scripts/build.mjs writes it into dist/options.sh as CS_PATTERN_<KEY>. */
  readonly pattern: string;
  /** The value when it matches, else the option's default. */
  readonly parse: (value: string, option: ParsedOption) => string;
}

// A value that must match PATTERN (else the default applies).
export function matching(pattern: string): ValuePattern {
  const regex = new RegExp(pattern);
  return { pattern, parse: (value, option) => (regex.test(value) ? value : option.default) };
}

// Minutes as the entrypoint and the CLI accept them: digits with an optional fraction. Both
// sides must agree, or every load would restart the autosave chain.
export const MINUTES = matching('^([0-9]{1,9}(\\.[0-9]*)?|\\.[0-9]+)$');

// A popup width or height as display-popup takes it: columns or lines, or a percentage.
export const POPUP_SIZE = matching('^[0-9]{1,4}%?$');

// An on/off switch: one that is on by default is off only when set to `off`, one that is off
// by default is on only when set to `on` (scripts/claude-hook and the entrypoint test the same).
export function flag(value: string, option: ParsedOption): boolean {
  return option.default === 'on' ? value !== 'off' : value === 'on';
}

// A whole number of at most six digits; anything else means the default.
export function wholeNumber(value: string, option: ParsedOption): number {
  return /^\d{1,6}$/.test(value) ? Number(value) : Number(option.default);
}

// A number of days: empty means the default; anything else that is not a number means the
// default too, with a warning naming the setting.
export function days(value: string, option: ParsedOption): { days: number; warning?: string } {
  const fallback = Number(option.default);
  if (value === '') return { days: fallback };
  if (/^\d+$/.test(value.trim())) return { days: Number(value.trim()) };
  return { days: fallback, warning: `${option.name} ${JSON.stringify(value)} is not a number of days; using ${fallback}` };
}

// A duration in seconds (`30m`, `24h`, `1d12h`), or undefined when the text is not one.
export function duration(value: string): number | undefined {
  return durationSeconds(value);
}

// A size in bytes (`512M`, `2G`), or undefined when the text is not one.
export function byteSize(value: string): number | undefined {
  return parseByteSize(value);
}
