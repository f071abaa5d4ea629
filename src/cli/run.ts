// Dispatch argv to a command: global flags (-L, -S, --help, --version) like tmux's own, then
// the command (loaded from the manifest only now), its sub-command when it is a group, its
// options checked strictly; help generated from the definitions; the exit code returned.
import { parseArgs } from 'node:util';
import { TmuxClient } from '../tmux/index.ts';
import { DomainError, UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { GLOBAL_OPTIONS, isGroup, type AnyCommand, type CommandContext, type CommandEntry, type CommandGroup, type OptionSpec, type OptionSpecs, type PositionalSpec } from './define.ts';
import { optionProblem, toParseArgs } from './option-errors.ts';
import { renderCommandHelp, renderGroupHelp, renderProgramHelp, type ProgramInfo } from './help.ts';
import { displayError, reportError } from './report.ts';

// Run the command argv names; resolves with the exit code (errors reported on stderr, or in
// the tmux message line for a --display run).
export async function runCommandLine(program: ProgramInfo, commands: readonly CommandEntry[], argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(program, commands, argv);
  } catch (error) {
    return reportError(error);
  }
}

async function dispatch(program: ProgramInfo, commands: readonly CommandEntry[], argv: readonly string[]): Promise<number> {
  const { tokens } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional');
  const split = first ? first.index : argv.length;
  const global = parseStrict(argv.slice(0, split), GLOBAL_OPTIONS, false, undefined);
  if (global.values['version']) return done(`${program.version}\n`);
  const name = first?.kind === 'positional' ? first.value : undefined;
  if (global.values['help'] || name === 'help') return done(await helpFor(program, commands, name === 'help' ? argv.slice(split + 1) : []));
  if (name === undefined) {
    writeErr(renderProgramHelp(program, commands));
    throw new UserError('no command given', 2);
  }
  const entry = findCommand(commands, name);
  if (!entry) throw new UserError(`unknown command '${name}' (see claude-sessions --help)`, 2);
  const loaded = await entry.load();
  let args = argv.slice(split + 1);
  let path = entry.name;
  let command: AnyCommand;
  if (isGroup(loaded)) {
    const picked = pickSubcommand(entry.name, loaded, args);
    if (picked === undefined) return done(renderGroupHelp(program, entry, loaded));
    ({ command, args } = picked);
    path = `${entry.name} ${picked.name}`;
  } else {
    command = loaded;
  }
  const options: OptionSpecs = command.options ?? {};
  const parsed = parseStrict(args, { ...GLOBAL_OPTIONS, ...options }, true, path);
  if (parsed.values['help']) return done(renderCommandHelp(program, path, command, helpAbout(entry, command)));
  checkPositionals(path, command, parsed.positionals);
  const all = { ...global.values, ...parsed.values };
  if (all['L'] !== undefined && all['S'] !== undefined) throw new UserError('give -L or -S, not both', 2);
  const client = new TmuxClient({ server: { socketName: stringOf(all['L']), socketPath: stringOf(all['S']) } });
  const values = valuesOf(options, parsed.values);
  try {
    // The one place values meet their types: parsed by the very definitions they are typed from.
    const context: CommandContext<any, readonly PositionalSpec[]> = { values, positionals: parsed.positionals, client };
    return (await command.run(context)) ?? 0;
  } catch (error) {
    // A command run from a key binding with --display tells the user in the message line.
    if ('display' in options && values['display'] === true && error instanceof DomainError) return displayError(client, error);
    throw error;
  }
}

function done(text: string): number {
  writeOut(text);
  return 0;
}

// `help [COMMAND [SUB]]` and `--help`: the command's help when one is named, else the program's.
async function helpFor(program: ProgramInfo, commands: readonly CommandEntry[], topic: readonly string[]): Promise<string> {
  const entry = topic[0] === undefined ? undefined : findCommand(commands, topic[0]);
  if (!entry) return renderProgramHelp(program, commands);
  const loaded = await entry.load();
  if (!isGroup(loaded)) return renderCommandHelp(program, entry.name, loaded, helpAbout(entry, loaded));
  const name = topic[1];
  if (name === undefined || !Object.hasOwn(loaded.subcommands, name)) return renderGroupHelp(program, entry, loaded);
  const sub = loaded.subcommands[name] as AnyCommand;
  return renderCommandHelp(program, `${entry.name} ${name}`, sub, { description: sub.description ?? '' });
}

function helpAbout(entry: CommandEntry, command: AnyCommand): { description: string; aliases?: readonly string[] } {
  return { description: command.description ?? entry.description, ...(entry.aliases ? { aliases: entry.aliases } : {}) };
}

function findCommand(commands: readonly CommandEntry[], name: string): CommandEntry | undefined {
  return commands.find((command) => command.name === name || command.aliases?.includes(name));
}

// The sub-command a group's arguments name (their first positional, options of any
// sub-command may come before it) and the arguments left for it; undefined for the group's
// own --help. Anything else is a usage error naming the sub-commands.
function pickSubcommand(group: string, definition: CommandGroup, args: readonly string[]): { name: string; command: AnyCommand; args: string[] } | undefined {
  const names = Object.keys(definition.subcommands);
  const known = `one of: ${names.join(', ')}; see claude-sessions ${group} --help`;
  const anyOptions: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const command of Object.values(definition.subcommands)) Object.assign(anyOptions, command.options);
  const { tokens } = parseArgs({ args: [...args], options: toParseArgs(anyOptions), strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional');
  if (first?.kind !== 'positional') {
    if (tokens.some((token) => token.kind === 'option' && token.name === 'help')) return undefined;
    throw new UserError(`${group}: missing <action> (${known})`, 2);
  }
  if (!Object.hasOwn(definition.subcommands, first.value)) throw new UserError(`unknown ${group} action '${first.value}' (${known})`, 2);
  return { name: first.value, command: definition.subcommands[first.value] as AnyCommand, args: args.filter((_, index) => index !== first.index) };
}

function parseStrict(args: string[], options: OptionSpecs, allowPositionals: boolean, path: string | undefined) {
  const where = path ? `claude-sessions ${path} --help` : 'claude-sessions --help';
  const problem = optionProblem(args, options);
  if (problem !== undefined) throw new UserError(`${problem} (see ${where})`, 2);
  try {
    return parseArgs({ args, options: toParseArgs(options), strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw new UserError(`${message} (see ${where})`, 2);
  }
}

function checkPositionals(path: string, command: AnyCommand, positionals: readonly string[]): void {
  const specs: readonly { name: string; required?: boolean }[] = command.positionals ?? [];
  const required = specs.filter((spec) => spec.required).length;
  if (positionals.length < required) {
    throw new UserError(`${path}: missing <${specs[positionals.length]?.name}> (see claude-sessions ${path} --help)`, 2);
  }
  if (positionals.length > specs.length) {
    throw new UserError(`${path}: unexpected argument '${positionals[specs.length]}' (see claude-sessions ${path} --help)`, 2);
  }
}

// The command's own option values; a repeatable option not given is an empty list.
function valuesOf(options: OptionSpecs, parsed: Record<string, unknown>): Record<string, any> {
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, parsed[name] ?? (spec.multiple ? [] : undefined)]));
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
