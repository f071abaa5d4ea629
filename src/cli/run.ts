// Dispatch argv to a command: global flags (-L, -S, --help, --version) like tmux's own,
// then the command's options, checked strictly; help generated from the definitions.
import { parseArgs } from 'node:util';
import { TmuxClient } from '../tmux/index.ts';
import { GLOBAL_OPTIONS, type CommandDefinition, type OptionSpec } from './define.ts';
import { UserError } from '../util/errors.ts';
import { optionProblem, toParseArgs } from './option-errors.ts';
import { renderCommandHelp, renderProgramHelp, type ProgramInfo } from './help.ts';
import { writeErr, writeOut } from '../util/output.ts';

// Parse argv and run the command it names; throws UserError (exit 2) for bad usage.
export async function dispatch(program: ProgramInfo, commands: readonly CommandDefinition[], argv: readonly string[]): Promise<void> {
  const { tokens } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional');
  const split = first ? first.index : argv.length;
  const global = parseStrict(argv.slice(0, split), GLOBAL_OPTIONS, false, undefined);
  if (global.values['version']) return void writeOut(`${program.version}\n`);
  const name = first?.kind === 'positional' ? first.value : undefined;
  if (global.values['help'] || name === 'help') {
    const topic = name === 'help' ? argv[split + 1] : undefined;
    const command = topic ? findCommand(commands, topic) : undefined;
    return void writeOut(command ? renderCommandHelp(program, command) : renderProgramHelp(program, commands));
  }
  if (name === undefined) {
    writeErr(renderProgramHelp(program, commands));
    throw new UserError('no command given', 2);
  }
  const command = findCommand(commands, name);
  if (!command) throw new UserError(`unknown command '${name}' (see claude-sessions --help)`, 2);
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  const parsed = parseStrict(argv.slice(split + 1), options, true, command);
  if (parsed.values['help']) return void writeOut(renderCommandHelp(program, command));
  checkPositionals(command, parsed.positionals);
  const values = { ...global.values, ...parsed.values };
  if (values['L'] !== undefined && values['S'] !== undefined) throw new UserError('give -L or -S, not both', 2);
  const client = new TmuxClient({ server: { socketName: values['L'] as string | undefined, socketPath: values['S'] as string | undefined } });
  await command.run({ values, positionals: parsed.positionals, client });
}

function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  return commands.find((command) => command.name === name || command.aliases?.includes(name));
}

function parseStrict(
  args: string[],
  options: Readonly<Record<string, OptionSpec>>,
  allowPositionals: boolean,
  command: CommandDefinition | undefined,
) {
  const where = command ? `claude-sessions ${command.name} --help` : 'claude-sessions --help';
  const problem = optionProblem(args, options);
  if (problem !== undefined) throw new UserError(`${problem} (see ${where})`, 2);
  try {
    return parseArgs({ args, options: toParseArgs(options), strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw new UserError(`${message} (see ${where})`, 2);
  }
}

function checkPositionals(command: CommandDefinition, positionals: readonly string[]): void {
  const specs = command.positionals ?? [];
  const required = specs.filter((spec) => spec.required).length;
  if (positionals.length < required) {
    throw new UserError(`${command.name}: missing <${specs[positionals.length]?.name}> (see claude-sessions ${command.name} --help)`, 2);
  }
  if (positionals.length > specs.length) {
    throw new UserError(`${command.name}: unexpected argument '${positionals[specs.length]}' (see claude-sessions ${command.name} --help)`, 2);
  }
}
