// `claude-sessions vscode [DIR]`: an "Attach to Claude Session" task in DIR/.vscode/tasks.json.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { writeOut } from '../util/output.ts';

// vscode [DIR] [--prefix P]
export const vscodeCommand = defineCommand({
  name: 'vscode',
  description: 'add an "Attach to Claude Session" task to DIR/.vscode/tasks.json (comments and other tasks kept)',
  positionals: [{ name: 'dir', description: 'the project folder (default: the current folder)' }],
  options: {
    prefix: { type: 'string', valueName: 'prefix', description: `session name prefix (default ${optionDefault(USER_OPTIONS.prefix)})` },
  },
  async run({ values, positionals }) {
    const dir = resolve(positionals[0] ?? '.');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`vscode: ${dir}: no such folder`);
    const prefix = (values['prefix'] as string | undefined) ?? optionDefault(USER_OPTIONS.prefix);
    const { attachTask } = await import('../vscode/attach-task.ts');
    const { addTask, tasksFilePath } = await import('../vscode/tasks-file.ts');
    const file = tasksFilePath(dir);
    const task = attachTask(dir, prefix);
    const outcome = addTask(file, task);
    const said = { created: `created ${file} with`, added: `added to ${file}:`, present: `already in ${file}:` }[outcome];
    writeOut(`${said} task "${task.label}" (${String(task['command'])})\n`);
  },
});
