// Help text generated from the command definitions.
import { GLOBAL_OPTIONS, type CommandDefinition, type OptionSpec } from './define.ts';

export interface ProgramInfo {
  readonly name: string;
  readonly version: string;
  readonly description: string;
}

// `claude-sessions --help`: usage, global options, the visible commands.
export function renderProgramHelp(program: ProgramInfo, commands: readonly CommandDefinition[]): string {
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
    ...columns(visible.map((command) => [commandLabel(command), command.description])),
    '',
    `Run '${program.name} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

// `claude-sessions COMMAND --help`.
export function renderCommandHelp(program: ProgramInfo, command: CommandDefinition): string {
  const options = Object.entries(command.options ?? {});
  const positionals = command.positionals ?? [];
  return [
    `Usage: ${program.name} ${commandLabel(command)}`,
    '',
    command.description,
    ...(command.aliases?.length ? ['', `Aliases: ${command.aliases.join(', ')}`] : []),
    ...(positionals.length ? ['', 'Arguments:', ...columns(positionals.map((p) => [p.name, p.description]))] : []),
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

function commandLabel(command: CommandDefinition): string {
  const positionals = (command.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const hasOptions = Object.keys(command.options ?? {}).length > 0;
  return [command.name, ...(hasOptions ? ['[options]'] : []), ...positionals].join(' ');
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
