// Commands as declarative objects (options, positionals, run), parsed by Node's own
// util.parseArgs. commander was measured at ~8 ms of start-up (load plus building the
// program), a quarter of what `ls` may cost on top of bare node; parseArgs costs nothing.
// The values a command's run receives are typed from its definition: no casts in commands.
import type { TmuxClient } from '../tmux/index.ts';

// What shell completion offers for a value (see src/completion/spec.ts): running sessions,
// projects, files, folders, or these words. Without it, completion guesses from the name.
export type CompletionKind = 'session' | 'project' | 'file' | 'dir' | readonly string[];

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  /** May be given more than once (values arrive as a string array, empty when not given). */
  readonly multiple?: boolean;
  readonly description: string;
  readonly complete?: CompletionKind;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface PositionalSpec {
  readonly name: string;
  readonly required?: boolean;
  readonly description: string;
  readonly complete?: CompletionKind;
}

// What an option's value is in run: a string option's string, a flag's boolean, a repeated option's strings.
type ValueOf<Spec> = Spec extends { readonly multiple: true }
  ? string[]
  : Spec extends { readonly type: 'string' }
    ? string | undefined
    : boolean | undefined;

// The values of a command's options, keyed by option name.
export type ValuesOf<Options> = { readonly [Name in keyof Options]: ValueOf<Options[Name]> };

// The positionals of a command: a required one is always there, an optional one may be missing.
export type PositionalsOf<Specs> = { readonly [Index in keyof Specs]: Specs[Index] extends { readonly required: true } ? string : string | undefined };

export interface CommandContext<Options = OptionSpecs, Positionals = readonly PositionalSpec[]> {
  readonly values: ValuesOf<Options>;
  readonly positionals: PositionalsOf<Positionals>;
  /** The tmux client for the server picked by -L/-S. */
  readonly client: TmuxClient;
}

// What run returns: the exit code, or nothing for 0.
export type CommandResult = Promise<number | void> | number | void;

export interface CommandDefinition<Options extends OptionSpecs = OptionSpecs, Positionals extends readonly PositionalSpec[] = readonly PositionalSpec[]> {
  /** A sub-command's line in its group's help (a top-level command's is in the manifest). */
  readonly description?: string;
  /**
   * Options besides the global -L/-S/--help. A command with DISPLAY_OPTION as `display`
   * reports the errors it explains in the tmux message line when run with --display.
   */
  readonly options?: Options;
  readonly positionals?: Positionals;
  run(context: CommandContext<Options, Positionals>): CommandResult;
}

// Any command, whatever its options: what the dispatcher handles.
export type AnyCommand = CommandDefinition<any, readonly PositionalSpec[]>;

// A command made of sub-commands (`worktree add|ls|rm`), each with its own options and help.
export interface CommandGroup {
  /** Each with its description: the line of the group's help that names it. */
  readonly subcommands: Readonly<Record<string, AnyCommand>>;
}

// One line of the command manifest (src/commands/manifest.ts): what the program's help shows
// without loading the command, and how to load it when it runs or its help is asked for.
export interface CommandEntry {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** What follows the name in the help's list, e.g. `[options] <session>` (a test checks it against the definition). */
  readonly usage: string;
  readonly description: string;
  /** Left out of the help listing (internal commands such as `event`). */
  readonly hidden?: boolean;
  load(): Promise<AnyCommand | CommandGroup>;
}

// A command definition, its values and positionals typed from its options and positionals.
export function defineCommand<const Options extends OptionSpecs = {}, const Positionals extends readonly PositionalSpec[] = []>(
  definition: CommandDefinition<Options, Positionals>,
): CommandDefinition<Options, Positionals> {
  return definition;
}

// A command of sub-commands, dispatched by the first positional.
export function defineGroup(group: CommandGroup): CommandGroup {
  return group;
}

// True when a loaded command is a group of sub-commands.
export function isGroup(command: AnyCommand | CommandGroup): command is CommandGroup {
  return 'subcommands' in command;
}

// --json, shared by every list command.
export const JSON_OPTION = { type: 'boolean', description: 'print JSON' } as const satisfies OptionSpec;

// --display: the command runs from a key binding and reports in the tmux message line;
// the errors it explains go there too (the dispatcher shows their first line).
export const DISPLAY_OPTION = { type: 'boolean', description: 'report in the tmux message line (for key bindings)' } as const satisfies OptionSpec;

// --client NAME: the tmux client a key binding ran the command for (#{client_name}).
export function clientOption(description: string, valueName = 'name') {
  return { type: 'string', valueName, description } as const satisfies OptionSpec;
}

// Flags every command accepts, before or after the command name.
export const GLOBAL_OPTIONS = {
  L: { type: 'string', valueName: 'socket-name', description: 'use the tmux server on this socket name (like tmux -L)' },
  S: { type: 'string', valueName: 'socket-path', description: 'use the tmux server on this socket path (like tmux -S)' },
  version: { type: 'boolean', short: 'V', description: 'print the version' },
  help: { type: 'boolean', short: 'h', description: 'show help (also: COMMAND --help)' },
} as const satisfies OptionSpecs;
