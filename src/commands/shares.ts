// `claude-sessions shares`: the sessions shared with other users.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { listShares } from '../share/share.ts';
import { renderTable } from '../util/table.ts';
import { writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// shares [--json]
export const sharesCommand = defineCommand({
  options: { json: { ...JSON_OPTION, description: 'print JSON: socket, shares [{user, mode, session, finished, attach, inAccessList}]' } },
  async run({ values, client }) {
    const listed = await listShares(client);
    if (values.json) return printJson(listed);
    if (listed.shares.length === 0) return void writeOut('nothing shared\n');
    const rows = listed.shares.map((share) => [
      share.user,
      share.mode,
      share.session,
      !share.finished ? '(unfinished: share was stopped midway; unshare takes it back)' : share.inAccessList ? share.attach : '(not in tmux access list)',
    ]);
    writeOut(renderTable(['USER', 'MODE', 'SESSION', 'ATTACH'], rows));
  },
});
