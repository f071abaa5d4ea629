// `claude-sessions options`: every option, its default, and its value on the server.
import type { Command } from 'commander';
import { OPTIONS } from '../options/definitions.ts';
import { readOptions } from '../options/read.ts';
import { renderTable } from '../util/table.ts';
import { clientFor, printJson } from './context.ts';

export function registerOptions(program: Command): void {
  program
    .command('options')
    .description('list the @claude-sessions-* options with their defaults and current values')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const values = await readOptions(clientFor(command));
      const rows = OPTIONS.map((option) => {
        const current = values.get(option.name);
        return {
          name: option.name,
          default: option.default,
          value: current?.value ?? option.default,
          set: current?.set ?? false,
          description: option.description,
        };
      });
      if (flags.json) return printJson(rows);
      process.stdout.write(
        renderTable(
          ['OPTION', 'DEFAULT', 'VALUE', 'DESCRIPTION'],
          rows.map((row) => [row.name, show(row.default), row.set ? show(row.value) : '(default)', row.description]),
        ),
      );
    });
}

function show(value: string): string {
  return value === '' ? "''" : value;
}
