// share / unshare / shares: tmux's own access list (server-access, tmux 3.3) decides who
// may use the server; the socket's group decides who can reach it at all.
import { resolve } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { exactSession, featuresOf, FEATURES, type TmuxClient, type TmuxVersion } from '../tmux/index.ts';
import { shellWord } from '../util/shell-words.ts';
import { adminCommands, chooseGroup, openSocket, restoreSocket } from './socket.ts';
import { readSaved, readShares, writeSaved, writeShares, type Share, type ShareMode } from './state.ts';
import { currentUser, lookupGroup, lookupUser, type LocalGroup } from './users.ts';

// What share did, for the command to print.
export interface ShareResult {
  readonly share: Share;
  readonly socket: string;
  readonly group: string;
  readonly attach: string;
}

// Refuse on a server without server-access (tmux < 3.3); version injectable for tests.
export async function requireServerAccess(client: TmuxClient, version?: TmuxVersion): Promise<void> {
  const server = version ?? (await client.serverVersion());
  if (!featuresOf(server)['server-access']) {
    throw new UserError(
      `sharing needs tmux ${FEATURES['server-access'].since} or later (its server-access command); this server runs tmux ${server.raw}. Without it the only way is a world-writable socket, which lets every local user run commands as you`,
    );
  }
}

// The command the other user runs to attach.
export function attachCommand(socket: string, share: Share): string {
  return `tmux -S ${shellWord(socket)} attach${share.mode === 'ro' ? ' -r' : ''} -t ${shellWord(exactSession(share.session))}`;
}

// The socket path of the server the client talks to.
export async function socketPathOf(client: TmuxClient): Promise<string> {
  return resolve((await client.run(['display-message', '-p', '#{socket_path}'])).trim());
}

// The users in tmux's access list and whether each is read-only.
export async function accessList(client: TmuxClient): Promise<Map<string, ShareMode>> {
  const list = new Map<string, ShareMode>();
  for (const line of (await client.run(['server-access', '-l'])).split('\n')) {
    const match = /^(\S+) \((R|W)\)$/.exec(line.trim());
    if (match) list.set(match[1] as string, match[2] === 'R' ? 'ro' : 'rw');
  }
  return list;
}

// Give USER the session SESSION: access list, socket group, record.
export async function share(client: TmuxClient, request: Share, version?: TmuxVersion): Promise<ShareResult> {
  await requireServerAccess(client, version);
  const owner = currentUser();
  const target = lookupUser(request.user);
  if (target.uid === owner.uid) throw new UserError(`${target.name} is you: the server's owner always has access`);
  if (target.uid === 0) throw new UserError('root can always use every tmux server; there is nothing to share');
  const shares = await readShares(client);
  const other = shares.find((known) => known.user === target.name && known.mode !== request.mode);
  if (other) {
    throw new UserError(`${target.name} already has ${other.session} ${other.mode === 'ro' ? 'read-only' : 'read-write'}, and tmux's access is per user, not per session: unshare it first`);
  }
  const socket = await socketPathOf(client);
  const previous = await readSaved(client);
  let group: LocalGroup | undefined;
  if (previous) {
    group = target.groups.includes(previous.gid) ? lookupGroup(previous.gid) : undefined;
    if (!group) throw new UserError(`the socket is already shared through group ${lookupGroup(previous.gid)?.name ?? previous.gid}, which ${target.name} is not in; an admin can run: usermod -aG ${lookupGroup(previous.gid)?.name ?? previous.gid} ${target.name}`);
  } else {
    group = chooseGroup(owner, target);
    if (!group) {
      const commands = adminCommands(owner, target).map((line) => `  ${line}\n`).join('');
      throw new UserError(`${owner.name} and ${target.name} share no group, so the socket cannot be opened to ${target.name} alone (claude-sessions never makes it world-accessible). An admin can run:\n${commands}then log in again and rerun this command`);
    }
  }
  const acl = await accessList(client);
  const added = !acl.has(target.name);
  if (added) await client.run(['server-access', '-a', target.name]);
  await client.run(['server-access', request.mode === 'ro' ? '-r' : '-w', target.name]);
  try {
    await writeSaved(client, openSocket(socket, owner, target, group, previous));
  } catch (error) {
    if (added) await client.run(['server-access', '-d', target.name]);
    throw error;
  }
  if (!shares.some((known) => known.user === target.name && known.session === request.session)) shares.push(request);
  await writeShares(client, shares);
  return { share: request, socket, group: group.name, attach: attachCommand(socket, request) };
}

// Take back USER's shares (of SESSION only, when given); returns the shares removed.
export async function unshare(client: TmuxClient, user: string, session?: string, version?: TmuxVersion): Promise<Share[]> {
  await requireServerAccess(client, version);
  const shares = await readShares(client);
  const removed = shares.filter((known) => known.user === user && (session === undefined || known.session === session));
  if (removed.length === 0) throw new UserError(`${user} has no share${session === undefined ? '' : ` of ${session}`} on this server (see: claude-sessions shares)`);
  const left = shares.filter((known) => !removed.includes(known));
  if (!left.some((known) => known.user === user) && (await accessList(client)).has(user)) {
    await client.run(['server-access', '-d', user]);
  }
  if (left.length === 0) {
    const saved = await readSaved(client);
    if (saved) restoreSocket(saved);
    await writeSaved(client, undefined);
  }
  await writeShares(client, left);
  return removed;
}

// The recorded shares, each with whether tmux's access list still has the user.
export async function listShares(client: TmuxClient): Promise<{ socket: string; shares: (Share & { attach: string; inAccessList: boolean })[] }> {
  const socket = await socketPathOf(client);
  const shares = await readShares(client);
  const acl = shares.length ? await accessList(client) : new Map<string, ShareMode>();
  return { socket, shares: shares.map((known) => ({ ...known, attach: attachCommand(socket, known), inAccessList: acl.get(known.user) === known.mode })) };
}
