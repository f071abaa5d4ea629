// Commands as declarative objects (name, options, positionals, run), parsed by Node's own
// util.parseArgs. commander was measured at ~8 ms of start-up (load plus building the
// program), a quarter of what `ls` may cost on top of bare node; parseArgs costs nothing.
import type { TmuxClient } from '../tmux/index.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  /** May be given more than once (values arrive as a string array). */
  readonly multiple?: boolean;
  readonly description: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly required?: boolean;
  readonly description: string;
}

export type OptionValues = Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;

export interface CommandContext {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  /** The tmux client for the server picked by -L/-S. */
  readonly client: TmuxClient;
}

export interface CommandDefinition {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  /** Left out of the help listing (internal commands such as `event`). */
  readonly hidden?: boolean;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: readonly PositionalSpec[];
  run(context: CommandContext): Promise<void> | void;
}

// Identity helper that checks a command definition's shape.
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}

// --json, shared by every list command.
export const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'print JSON' };

// Flags every command accepts, before or after the command name.
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  L: { type: 'string', valueName: 'socket-name', description: 'use the tmux server on this socket name (like tmux -L)' },
  S: { type: 'string', valueName: 'socket-path', description: 'use the tmux server on this socket path (like tmux -S)' },
  version: { type: 'boolean', short: 'V', description: 'print the version' },
  help: { type: 'boolean', short: 'h', description: 'show help (also: COMMAND --help)' },
};
