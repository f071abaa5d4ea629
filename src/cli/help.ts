// Help text generated from the command manifest and definitions.
import { GLOBAL_OPTIONS, type AnyCommand, type CommandEntry, type CommandGroup, type OptionSpec } from './define.ts';

export interface ProgramInfo {
  readonly name: string;
  readonly version: string;
  readonly description: string;
}

// `claude-sessions --help`: usage, global options, the visible commands (none of them loaded).
export function renderProgramHelp(program: ProgramInfo, commands: readonly CommandEntry[]): string {
  const visible = commands.filter((command) => !command.hidden);
  return [
    `Usage: ${program.name} [-L socket-name | -S socket-path] <command> [options]`,
    '',
    program.description,
    '',
    'Options:',
    ...columns(Object.entries(GLOBAL_OPTIONS).map(([name, spec]) => [optionLabel(name, spec), spec.description])),
    '',
    'Commands:',
    ...columns(visible.map((command) => [[command.name, command.usage].filter(Boolean).join(' '), command.description])),
    '',
    `Run '${program.name} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

// `claude-sessions COMMAND --help`, and `claude-sessions GROUP SUB --help` (path: the words after the program's name).
export function renderCommandHelp(program: ProgramInfo, path: string, command: AnyCommand, about: { description: string; aliases?: readonly string[] }): string {
  const options = Object.entries<OptionSpec>(command.options ?? {});
  const positionals = command.positionals ?? [];
  return [
    `Usage: ${program.name} ${path} ${commandUsage(command)}`.trimEnd(),
    '',
    about.description,
    ...(about.aliases?.length ? ['', `Aliases: ${about.aliases.join(', ')}`] : []),
    ...(positionals.length ? ['', 'Arguments:', ...columns(positionals.map((p: { name: string; description: string }) => [p.name, p.description]))] : []),
    '',
    'Options:',
    ...columns([
      ...options.map(([name, spec]) => [optionLabel(name, spec), spec.description] as [string, string]),
      ['-L <socket-name>, -S <socket-path>', 'pick the tmux server (like tmux)'],
      ['-h, --help', 'show this help'],
    ]),
    '',
  ].join('\n');
}

// `claude-sessions GROUP --help`: its sub-commands, each with what it takes.
export function renderGroupHelp(program: ProgramInfo, entry: CommandEntry, group: CommandGroup): string {
  const subcommands = Object.entries(group.subcommands);
  return [
    `Usage: ${program.name} ${entry.name} ${groupUsage(group)}`,
    '',
    entry.description,
    ...(entry.aliases?.length ? ['', `Aliases: ${entry.aliases.join(', ')}`] : []),
    '',
    'Commands:',
    ...columns(subcommands.map(([name, command]) => [`${name} ${commandUsage(command)}`.trimEnd(), command.description ?? ''])),
    '',
    `Run '${program.name} ${entry.name} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

// What follows a command's name in its usage: `[options]`, then its positionals.
export function commandUsage(command: AnyCommand): string {
  const positionals = (command.positionals ?? []).map((p: { name: string; required?: boolean }) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const hasOptions = Object.keys(command.options ?? {}).length > 0;
  return [...(hasOptions ? ['[options]'] : []), ...positionals].join(' ');
}

// What the program's help shows after a group's name: its sub-commands.
export function groupUsage(group: CommandGroup): string {
  return `<${Object.keys(group.subcommands).join('|')}> [options]`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = name.length === 1 ? `-${name}` : `--${name}`;
  const flag = spec.short ? `-${spec.short}, ${long}` : long;
  return spec.type === 'string' ? `${flag} <${spec.valueName ?? 'value'}>` : flag;
}

function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
