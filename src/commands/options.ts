// `claude-sessions options`: every option, its default, and its value on the server.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { OPTION_PREFIX, OPTIONS } from '../options/definitions.ts';
import { readOptions } from '../options/read.ts';
import { renderTable } from '../util/table.ts';
import { printJson } from './context.ts';
import { writeOut } from '../util/output.ts';

export const optionsCommand = defineCommand({
  options: { json: JSON_OPTION },
  async run({ values, client }) {
    const current = await readOptions(client);
    const rows = OPTIONS.map((option) => ({
      name: option.name,
      default: option.default,
      value: current.get(option.name)?.value ?? option.default,
      set: current.get(option.name)?.set ?? false,
      description: option.description,
    }));
    if (values.json) return printJson(rows);
    writeOut(
      renderTable(
        ['OPTION', 'DEFAULT', 'VALUE', 'DESCRIPTION'],
        rows.map((row) => [row.name, show(row.default), row.set ? show(row.value) : '(default)', row.description]),
      ),
    );
  },
});

function show(value: string): string {
  return value === '' ? "''" : value;
}
