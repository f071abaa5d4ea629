// `claude-sessions pick --print`: the switcher for scripts; prints the choice.
import { defineCommand } from '../cli/define.ts';
import { runSwitcher } from '../switcher/tui.ts';
import { UserError } from '../util/errors.ts';
import { writeOut } from '../util/output.ts';
import { CLIENT, pickAndGo } from './popup.ts';

export const pickCommand = defineCommand({
  options: {
    print: { type: 'boolean', description: 'print the choice on stdout instead of switching; exit 1 when closed without one' },
    client: CLIENT,
  },
  async run({ values, client }) {
    if (!values.print) return pickAndGo(client, values.client, undefined);
    const { chosen } = await runSwitcher({ client });
    if (chosen === undefined) throw new UserError('nothing chosen', 1);
    writeOut(`${chosen.kind === 'project' ? chosen.projectDir : chosen.name}\n`);
  },
});
