// `claude-sessions vscode [DIR]`: an "Attach to Claude Session" task in DIR/.vscode/tasks.json.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { pluginRoot } from '../agents/plugin-paths.ts';
import { attachTask } from '../vscode/attach-task.ts';
import { addTask, tasksFilePath } from '../vscode/tasks-file.ts';
import { writeOut } from '../util/output.ts';

// vscode [DIR]
export const vscodeCommand = defineCommand({
  positionals: [{ name: 'dir', description: 'the project folder (default: the current folder)' }],
  async run({ positionals }) {
    const dir = resolve(positionals[0] ?? '.');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`vscode: ${dir}: no such folder`);
    const file = tasksFilePath(dir);
    const task = attachTask(join(pluginRoot(), 'scripts', 'claude-sessions'));
    const outcome = addTask(file, task);
    const said = { created: `created ${file} with`, added: `added to ${file}:`, present: `already in ${file}:` }[outcome];
    writeOut(`${said} task "${task.label}" (${String(task['command'])} new \${workspaceFolder})\n`);
  },
});
