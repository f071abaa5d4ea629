// `claude-sessions share`, `unshare` and `shares`: another local user attaches to a session
// through tmux's access list (tmux 3.3+), never through a world-writable socket.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { renderTable } from '../util/table.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson, resolveSession } from './context.ts';

function requiredUser(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new UserError('--user NAME is required', 2);
  return value;
}

const USER_OPTION = { type: 'string', valueName: 'name', description: 'the local user' } as const;

// share SESSION --user NAME [--read-only]
export const shareCommand = defineCommand({
  name: 'share',
  description: "let another local user attach to SESSION (tmux 3.3+ server-access; the socket gets a group you both are in, never o+w)",
  options: {
    user: USER_OPTION,
    'read-only': { type: 'boolean', short: 'r', description: 'their clients are read-only (no typing into panes)' },
  },
  positionals: [{ name: 'SESSION', required: true, description: 'the session to share' }],
  async run({ values, positionals, client }) {
    const { share } = await import('../share/share.ts');
    const user = requiredUser(values['user']);
    const session = positionals[0] as string;
    await resolveSession(client, session);
    const result = await share(client, { user, mode: values['read-only'] ? 'ro' : 'rw', session });
    writeOut(`shared ${session} with ${user} (${result.share.mode === 'ro' ? 'read-only' : 'read-write'}); they run:\n  ${result.attach}\n`);
    writeErr(
      `claude-sessions: tmux's access list is per server: ${user} can reach every session on this server, not only ${session}. ` +
        `Members of group ${result.group} can reach the socket; tmux admits only the users in its access list.\n`,
    );
    if (result.share.mode === 'ro') {
      writeErr(`claude-sessions: read-only stops ${user} typing into panes, but tmux 3.3 still runs commands a read-only control-mode client (tmux -C) sends, as you: share read-only only with someone you would trust read-write.\n`);
    }
  },
});

// unshare [SESSION] --user NAME
export const unshareCommand = defineCommand({
  name: 'unshare',
  description: "take back what share gave a user, finished or not (every session, or SESSION only); the socket's permissions come back when nothing is shared",
  options: { user: USER_OPTION },
  positionals: [{ name: 'SESSION', description: 'only this session' }],
  async run({ values, positionals, client }) {
    const { unshare } = await import('../share/share.ts');
    const user = requiredUser(values['user']);
    const { removed, unrecorded } = await unshare(client, user, positionals[0]);
    for (const share of removed) writeOut(`unshared ${share.session} from ${user}${share.finished ? '' : ' (a share that had not finished)'}\n`);
    if (unrecorded) writeOut(`removed ${user} from tmux's access list (no share of theirs was recorded)\n`);
  },
});

// shares [--json]
export const sharesCommand = defineCommand({
  name: 'shares',
  description: 'list the sessions shared with other users: user, mode, session, the command they attach with',
  options: { json: { ...JSON_OPTION, description: 'print JSON: socket, shares [{user, mode, session, finished, attach, inAccessList}]' } },
  async run({ values, client }) {
    const { listShares } = await import('../share/share.ts');
    const listed = await listShares(client);
    if (values['json']) return printJson(listed);
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
