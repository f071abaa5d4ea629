// `claude-sessions detect [DIR]`: which template a project folder gets.
import { resolve } from 'node:path';
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { detectProjectType } from '../templates/detect.ts';
import { UserError } from '../util/errors.ts';
import { writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

export const detectCommand = defineCommand({
  positionals: [{ name: 'dir', description: 'project folder (default: the current folder)' }],
  options: { json: JSON_OPTION },
  async run({ values, positionals }) {
    const dir = resolve(positionals[0] ?? '.');
    let detected;
    try {
      detected = await detectProjectType(dir);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    if (values.json) return printJson({ dir, ...detected });
    writeOut(`${detected.template}\n`);
  },
});
