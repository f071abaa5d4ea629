// What shell completion knows, read from the command definitions themselves (the manifest and
// each command's options, positionals and sub-commands): a command or option added there is
// completed with no change here. What a value completes to comes from its `complete` field,
// else from its name: session/target → sessions, project → projects, file → files,
// dir/repo → folders, `a|b` → those words.
import { GLOBAL_OPTIONS, isGroup, type AnyCommand, type CommandEntry, type CompletionKind, type OptionSpec, type PositionalSpec } from '../cli/define.ts';

// What a value completes to; 'none' offers nothing.
export type ValueKind = 'session' | 'project' | 'file' | 'dir' | 'none' | { readonly words: readonly string[] };

// One option as typed: its spellings (`--name`, `-n`), whether a value follows, and what it is.
export interface CompletedOption {
  readonly spellings: readonly string[];
  readonly description: string;
  /** undefined: a flag, no value follows. */
  readonly value: ValueKind | undefined;
}

// A command (or a group's sub-command) with its options and positionals in order.
export interface CompletedCommand {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly options: readonly CompletedOption[];
  readonly positionals: readonly ValueKind[];
  /** A group's sub-commands; empty for a plain command. */
  readonly subcommands: readonly CompletedCommand[];
}

// Everything the generated scripts complete.
export interface CompletionSpec {
  readonly program: string;
  readonly globalOptions: readonly CompletedOption[];
  readonly commands: readonly CompletedCommand[];
}

// Load every visible command and describe it for completion.
export async function completionSpec(program: string, entries: readonly CommandEntry[]): Promise<CompletionSpec> {
  const commands: CompletedCommand[] = [];
  for (const entry of entries) {
    if (entry.hidden) continue;
    const loaded = await entry.load();
    const base = { name: entry.name, aliases: entry.aliases ?? [], description: entry.description };
    if (isGroup(loaded)) {
      const subcommands = Object.entries(loaded.subcommands).map(([name, command]) => describe(name, [], command.description ?? '', command));
      commands.push({ ...base, options: [], positionals: [], subcommands });
    } else {
      commands.push({ ...describe(entry.name, base.aliases, entry.description, loaded) });
    }
  }
  return { program, globalOptions: optionsOf(GLOBAL_OPTIONS), commands };
}

function describe(name: string, aliases: readonly string[], description: string, command: AnyCommand): CompletedCommand {
  const positionals: readonly PositionalSpec[] = command.positionals ?? [];
  return { name, aliases, description, options: optionsOf(command.options ?? {}), positionals: positionals.map((spec) => kindOf(spec.name, spec.name, spec.complete)), subcommands: [] };
}

function optionsOf(options: Readonly<Record<string, OptionSpec>>): CompletedOption[] {
  return Object.entries(options).map(([name, spec]) => ({
    spellings: [name.length === 1 ? `-${name}` : `--${name}`, ...(spec.short ? [`-${spec.short}`] : [])],
    description: spec.description,
    value: spec.type === 'boolean' ? undefined : kindOf(name, spec.valueName ?? '', spec.complete),
  }));
}

// The kind a value's definition asks for, else the one its names suggest.
function kindOf(name: string, valueName: string, complete: CompletionKind | undefined): ValueKind {
  if (typeof complete === 'string') return complete;
  if (complete !== undefined) return { words: complete };
  if (valueName.includes('|')) return { words: valueName.split('|') };
  const names = [name, valueName].map((text) => text.toLowerCase());
  if (names.some((text) => text === 'session' || text === 'target')) return 'session';
  if (names.includes('project')) return 'project';
  if (names.some((text) => text === 'file' || text === 'socket-path')) return 'file';
  if (names.some((text) => text === 'dir' || text === 'repo')) return 'dir';
  return 'none';
}
