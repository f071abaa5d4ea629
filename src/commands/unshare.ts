// `claude-sessions unshare`: take back what share gave a user.
import { defineCommand } from '../cli/define.ts';
import { unshare } from '../share/share.ts';
import { writeOut } from '../util/output.ts';
import { requiredUser, USER_OPTION } from './share.ts';

// unshare [SESSION] --user NAME
export const unshareCommand = defineCommand({
  options: { user: USER_OPTION },
  positionals: [{ name: 'SESSION', description: 'only this session' }],
  async run({ values, positionals, client }) {
    const user = requiredUser(values.user);
    const { removed, unrecorded } = await unshare(client, user, positionals[0]);
    for (const share of removed) writeOut(`unshared ${share.session} from ${user}${share.finished ? '' : ' (a share that had not finished)'}\n`);
    if (unrecorded) writeOut(`removed ${user} from tmux's access list (no share of theirs was recorded)\n`);
  },
});
