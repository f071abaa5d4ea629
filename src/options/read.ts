// Effective values of claude-sessions' options on a tmux server.
import { TmuxError, type ListQuery, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { OPTIONS, type OptionName } from './definitions.ts';

export interface OptionValue {
  readonly name: OptionName;
  readonly value: string;
  readonly default: string;
  /** False when the server has no value for it (or no server runs): the fallback's value or the default applies. */
  readonly set: boolean;
  /** The other plugin's option the value came from (tmux-continuum's), when this one is unset and that one is set. */
  readonly from?: string | undefined;
}

export type EffectiveOptions = ReadonlyMap<OptionName, OptionValue>;

const OPTION_FIELDS = Object.fromEntries(
  OPTIONS.flatMap((option) => [option.name, ...fallbackOf(option)].map((name) => [name, `#{${name}}`])),
);

// The option of another plugin that stands in for OPTION while it is unset ([] when none).
function fallbackOf(option: (typeof OPTIONS)[number]): string[] {
  return 'fallback' in option ? [option.fallback] : [];
}

// A query for every option's value, to batch with other queries in one tmux call.
export const OPTIONS_QUERY: ListQuery<typeof OPTION_FIELDS> = {
  command: ['display-message', '-p'],
  fields: OPTION_FIELDS,
  formatLast: true,
};

// Options from the OPTIONS_QUERY record (undefined: no server, all defaults).
// tmux cannot tell an option set to '' from an unset one, so '' means the default.
export function effectiveOptions(record: RecordOf<typeof OPTION_FIELDS> | undefined): EffectiveOptions {
  return new Map(
    OPTIONS.map((option) => {
      const raw = record?.[option.name] ?? '';
      const set = raw !== '';
      const [fallback] = fallbackOf(option);
      const borrowed = !set && fallback !== undefined ? (record?.[fallback] ?? '') : '';
      if (borrowed !== '') return [option.name, { name: option.name, value: borrowed, default: option.default, set, from: fallback }];
      return [option.name, { name: option.name, value: set ? raw : option.default, default: option.default, set }];
    }),
  );
}

// Read every option in one tmux call; with no server running, all are defaults.
export async function readOptions(client: TmuxClient): Promise<EffectiveOptions> {
  try {
    return effectiveOptions((await client.list(OPTIONS_QUERY))[0]);
  } catch (error) {
    if (error instanceof TmuxError && error.kind === 'no-server') return effectiveOptions(undefined);
    throw error;
  }
}

// One option's effective value.
export function optionValue(options: EffectiveOptions, name: OptionName): string {
  return options.get(name)?.value ?? '';
}
