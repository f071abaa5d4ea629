// Effective values of claude-sessions' options on a tmux server.
import { TmuxError, type ListQuery, type RecordOf, type TmuxClient } from '../tmux/index.ts';
import { OPTIONS, type OptionName } from './definitions.ts';

export interface OptionValue {
  readonly name: OptionName;
  readonly value: string;
  readonly default: string;
  /** False when the server has no value for it (or no server runs) and the default applies. */
  readonly set: boolean;
}

export type EffectiveOptions = ReadonlyMap<OptionName, OptionValue>;

const OPTION_FIELDS = Object.fromEntries(OPTIONS.map((option) => [option.name, `#{${option.name}}`]));

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
