// share / unshare / shares: tmux's own access list (server-access, tmux 3.3) decides who
// may use the server; the socket's group decides who can reach it at all; the share record
// (record.ts) says what share began, so unshare can always take it back.
import { resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { exactSession, featuresOf, FEATURES, type TmuxClient, type TmuxVersion } from '../tmux/index.ts';
import { shellWord } from '../util/shell-words.ts';
import { readRecord, readRecordAndLegacy, withShareLock, writeRecord, type RecordedShare } from './record.ts';
import { adminCommands, applySocket, chooseGroup, planSocket, restoreSocket } from './socket.ts';
import type { SavedPermissions, Share, ShareMode } from './state.ts';
import { pausePoint } from './test-pause.ts';
import { currentUser, lookupGroup, lookupUser, type LocalGroup, type LocalUser } from './users.ts';

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

// Give USER the session SESSION. The record names the share (unfinished) and the permissions
// to put back before tmux's access list or the socket changes, and says finished after the last
// step: a share killed anywhere is listed by shares and taken back by unshare.
export async function share(client: TmuxClient, request: Share, version?: TmuxVersion): Promise<ShareResult> {
  await requireServerAccess(client, version);
  const owner = currentUser();
  const target = lookupUser(request.user);
  if (target.uid === owner.uid) throw new UserError(`${target.name} is you: the server's owner always has access`);
  if (target.uid === 0) throw new UserError('root can always use every tmux server; there is nothing to share');
  const socket = await socketPathOf(client);
  return withShareLock(client, socket, async () => {
    const record = readRecord(socket);
    const other = record.shares.find((known) => known.user === target.name && known.mode !== request.mode);
    if (other) {
      throw new UserError(`${target.name} already has ${other.session} ${other.mode === 'ro' ? 'read-only' : 'read-write'}, and tmux's access is per user, not per session: unshare it first`);
    }
    const group = shareGroup(owner, target, record.saved);
    const plan = planSocket(socket, owner, target, group, record.saved);
    const step = (name: string) => pausePoint('share', name);
    const mine = (known: Share) => known.user === target.name && known.session === request.session;
    const before = record.shares.find(mine);
    step('record');
    writeRecord({ socket, shares: before ? record.shares : [...record.shares, { ...request, finished: false }], saved: plan.saved });
    try {
      step('server-access -a');
      if (!(await accessList(client)).has(target.name)) await client.run(['server-access', '-a', target.name]);
      step(`server-access ${request.mode === 'ro' ? '-r' : '-w'}`);
      await client.run(['server-access', request.mode === 'ro' ? '-r' : '-w', target.name]);
      applySocket(plan, step);
    } catch (error) {
      if (!before?.finished) await revoke(client, socket, target.name, request.session, () => {});
      throw error;
    }
    step('record finished');
    const now = readRecord(socket);
    writeRecord({ ...now, shares: now.shares.map((known) => (mine(known) ? { ...known, finished: true } : known)) });
    return { share: request, socket, group: group.name, attach: attachCommand(socket, request) };
  });
}

// The group to open the socket to: the one already in use, or one both users are in.
function shareGroup(owner: LocalUser, target: LocalUser, previous: SavedPermissions | undefined): LocalGroup {
  if (previous) {
    const group = target.groups.includes(previous.gid) ? lookupGroup(previous.gid) : undefined;
    if (!group) throw new UserError(`the socket is already shared through group ${lookupGroup(previous.gid)?.name ?? previous.gid}, which ${target.name} is not in; an admin can run: usermod -aG ${lookupGroup(previous.gid)?.name ?? previous.gid} ${target.name}`);
    return group;
  }
  const group = chooseGroup(owner, target);
  if (!group) {
    const commands = adminCommands(owner, target).map((line) => `  ${line}\n`).join('');
    throw new UserError(`${owner.name} and ${target.name} share no group, so the socket cannot be opened to ${target.name} alone (claude-sessions never makes it world-accessible). An admin can run:\n${commands}then log in again and rerun this command`);
  }
  return group;
}

// What unshare took back: the recorded shares removed, and whether the user was in tmux's
// access list with no share recorded (put there by hand, or by a version without the record).
export interface UnshareResult {
  readonly removed: RecordedShare[];
  readonly unrecorded: boolean;
}

// Take back USER's shares (of SESSION only, when given), finished or not. Every step is
// idempotent and the record changes last, so an unshare killed midway is finished by the next.
export async function unshare(client: TmuxClient, user: string, session?: string, version?: TmuxVersion): Promise<UnshareResult> {
  await requireServerAccess(client, version);
  const socket = await socketPathOf(client);
  return withShareLock(client, socket, async () => {
    const removed = readRecord(socket).shares.filter((known) => known.user === user && (session === undefined || known.session === session));
    if (removed.length === 0) {
      if (session === undefined && (await accessList(client)).has(user)) {
        await client.run(['server-access', '-d', user]);
        return { removed, unrecorded: true };
      }
      throw new UserError(`${user} has no share${session === undefined ? '' : ` of ${session}`} on this server (see: claude-sessions shares)`);
    }
    await revoke(client, socket, user, session, (name) => pausePoint('unshare', name));
    return { removed, unrecorded: false };
  });
}

// Remove USER's shares (of SESSION, when given) from tmux's access list unless another remains,
// put the permissions back once nothing is shared, and only then drop them from the record.
async function revoke(client: TmuxClient, socket: string, user: string, session: string | undefined, step: (name: string) => void): Promise<void> {
  const record = readRecord(socket);
  const left = record.shares.filter((known) => !(known.user === user && (session === undefined || known.session === session)));
  step('server-access -d');
  if (!left.some((known) => known.user === user) && (await accessList(client)).has(user)) {
    await client.run(['server-access', '-d', user]);
  }
  if (left.length === 0 && record.saved) restoreSocket(record.saved, step);
  step('record');
  writeRecord({ socket, shares: left, saved: left.length === 0 ? undefined : record.saved });
}

// A recorded share as shares lists it.
export interface ListedShare extends RecordedShare {
  readonly attach: string;
  readonly inAccessList: boolean;
}

// The recorded shares, finished or not, each with whether tmux's access list has the user.
export async function listShares(client: TmuxClient): Promise<{ socket: string; shares: ListedShare[] }> {
  const socket = await socketPathOf(client);
  const { shares } = await readRecordAndLegacy(client, socket);
  const acl = shares.length ? await accessList(client) : new Map<string, ShareMode>();
  return { socket, shares: shares.map((known) => ({ ...known, attach: attachCommand(socket, known), inAccessList: acl.get(known.user) === known.mode })) };
}

// What doctor reports on sharing: whether tmux can list its access list (server-access,
// tmux 3.3+), the shares recorded, those that never finished, and the users in tmux's access
// list that no recorded share explains.
export interface SharingFacts {
  readonly available: boolean;
  readonly recorded: number;
  readonly unfinished: readonly Share[];
  readonly unexplained: readonly string[];
  /** Why the access list or the record could not be read. */
  readonly error?: string | undefined;
}

// Compare tmux's access list with the share record; never throws.
export async function checkSharing(client: TmuxClient, version: TmuxVersion): Promise<SharingFacts> {
  const empty = { recorded: 0, unfinished: [], unexplained: [] };
  if (!featuresOf(version)['server-access']) return { available: false, ...empty };
  try {
    const socket = await socketPathOf(client);
    const { shares } = await readRecordAndLegacy(client, socket);
    const acl = await accessList(client);
    return {
      available: true,
      recorded: shares.length,
      unfinished: shares.filter((known) => !known.finished).map(({ user, mode, session }) => ({ user, mode, session })),
      unexplained: [...acl.keys()].filter((user) => !shares.some((known) => known.user === user)),
    };
  } catch (error) {
    return { available: true, ...empty, error: error instanceof Error ? error.message : String(error) };
  }
}
