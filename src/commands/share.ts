// `claude-sessions share`: another local user attaches to a session through tmux's access list
// (tmux 3.3+), never through a world-writable socket.
import { defineCommand } from '../cli/define.ts';
import { share } from '../share/share.ts';
import { UserError } from '../util/errors.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { resolveSession } from './context.ts';

// The value of --user, required by share and unshare.
export function requiredUser(value: string | undefined): string {
  if (value === undefined || value === '') throw new UserError('--user NAME is required', 2);
  return value;
}

// --user NAME of share and unshare.
export const USER_OPTION = { type: 'string', valueName: 'name', description: 'the local user' } as const;

// share SESSION --user NAME [--read-only]
export const shareCommand = defineCommand({
  options: {
    user: USER_OPTION,
    'read-only': { type: 'boolean', short: 'r', description: 'their clients are read-only (no typing into panes)' },
  },
  positionals: [{ name: 'SESSION', required: true, description: 'the session to share' }],
  async run({ values, positionals, client }) {
    const user = requiredUser(values.user);
    const session = positionals[0];
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
