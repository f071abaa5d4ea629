// Making a tmux socket reachable by one more user with the least permission: a group the
// user is in gets rw on the socket and search (x) on its folder; "other" never gets anything.
import { chmodSync, chownSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import type { SavedPath, SavedPermissions } from './state.ts';
import { lookupGroup, type LocalGroup, type LocalUser } from './users.ts';

const GROUP_RW = 0o060;
const GROUP_X = 0o010;
const OTHER = 0o007;

// The group share uses: one both users are in (root may use any of the target's groups),
// preferring claude-share-OWNER, then the group with the fewest members.
export function chooseGroup(owner: LocalUser, target: LocalUser): LocalGroup | undefined {
  const usable = target.groups.filter((gid) => gid !== 0 && (owner.uid === 0 || owner.groups.includes(gid)));
  const groups = [...new Set(usable)].map(lookupGroup).filter((group): group is LocalGroup => group !== undefined);
  const dedicated = groups.find((group) => group.name === dedicatedGroup(owner));
  if (dedicated) return dedicated;
  return groups.sort((a, b) => a.members.length - b.members.length)[0];
}

// The group an administrator creates for sharing OWNER's sessions.
export function dedicatedGroup(owner: LocalUser): string {
  return `claude-share-${owner.name}`;
}

// What an administrator runs so that owner and target share a group.
export function adminCommands(owner: LocalUser, target: LocalUser): string[] {
  const group = dedicatedGroup(owner);
  return [`groupadd ${group}`, `usermod -aG ${group} ${owner.name}`, `usermod -aG ${group} ${target.name}`];
}

// The first folder above the socket's own that the target cannot search (x), if any.
function searchableBy(path: string, target: LocalUser): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const mode = stat.mode;
    const ok = stat.uid === target.uid ? mode & 0o100 : target.groups.includes(stat.gid) ? mode & 0o010 : mode & 0o001;
    if (!ok && target.uid !== 0) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

function saved(path: string): SavedPath {
  const stat = statSync(path);
  return { path, mode: stat.mode & 0o777, gid: stat.gid };
}

// What opening the socket to a group changes, worked out before anything is changed.
export interface SocketPlan {
  readonly socket: string;
  /** The folder, when the target cannot enter it as it is. */
  readonly dir: string | undefined;
  readonly gid: number;
  /** What to put back once nothing is shared: the permissions as they were before the first share. */
  readonly saved: SavedPermissions;
}

// Check that the socket can be opened to TARGET through GROUP and plan it; changes nothing.
// PREVIOUS: the permissions an earlier share saved (then only checks they still hold).
export function planSocket(socketPath: string, owner: LocalUser, target: LocalUser, group: LocalGroup, previous?: SavedPermissions): SocketPlan {
  const socket = resolve(socketPath);
  const dir = dirname(socket);
  const dirStat = statSync(dir);
  const dirReachable = dirStat.uid === target.uid || (target.groups.includes(dirStat.gid) && dirStat.mode & GROUP_X) || dirStat.mode & 0o001;
  const changeDir = !dirReachable;
  if (changeDir && (dirStat.uid !== owner.uid || dir === homedir())) {
    throw new UserError(`${target.name} cannot enter ${dir}, the socket's folder, and it is not a folder claude-sessions may change: put the server's socket in a folder of its own (tmux -S)`);
  }
  const blocked = searchableBy(dir, target);
  if (blocked) throw new UserError(`${target.name} cannot reach the socket: ${blocked} is not searchable by them (claude-sessions changes only the socket and its own folder)`);
  if (previous && previous.gid !== group.gid) {
    throw new UserError(`the socket is already shared through group ${lookupGroup(previous.gid)?.name ?? previous.gid}, which ${target.name} is not in; unshare everyone first, or have an admin add ${target.name} to it`);
  }
  const dirBefore = changeDir ? saved(dir) : undefined;
  const kept: SavedPermissions = previous ? { ...previous, dir: previous.dir ?? dirBefore } : { socket: saved(socket), dir: dirBefore, gid: group.gid };
  return { socket, dir: changeDir ? dir : undefined, gid: group.gid, saved: kept };
}

// Open the socket (and if planned its folder) to the plan's group, one change at a time;
// BEFORE runs ahead of each (share's pause points for tests).
export function applySocket(plan: SocketPlan, before: (step: string) => void = () => {}): void {
  before('chgrp socket');
  chownSync(plan.socket, -1, plan.gid);
  before('chmod socket');
  chmodSync(plan.socket, (statSync(plan.socket).mode & 0o777 & ~OTHER) | GROUP_RW);
  if (plan.dir) {
    before('chgrp folder');
    chownSync(plan.dir, -1, plan.gid);
    before('chmod folder');
    chmodSync(plan.dir, (statSync(plan.dir).mode & 0o777 & ~0o002) | GROUP_X);
  }
}

// Put back the socket's and folder's group and mode; the x bits of the socket stay as tmux
// set them (it marks attached servers that way), and o+w is never put back. A socket that
// is gone (its server ended) is skipped: the folder still comes back.
export function restoreSocket(saved: SavedPermissions, before: (step: string) => void = () => {}): void {
  const socketMode = existing(saved.socket.path)?.mode;
  if (socketMode !== undefined) {
    before('chgrp socket back');
    chownSync(saved.socket.path, -1, saved.socket.gid);
    before('chmod socket back');
    chmodSync(saved.socket.path, (saved.socket.mode & 0o666 & ~0o002) | (socketMode & 0o111 & ~0o001));
  }
  if (saved.dir && existing(saved.dir.path)) {
    before('chgrp folder back');
    chownSync(saved.dir.path, -1, saved.dir.gid);
    before('chmod folder back');
    chmodSync(saved.dir.path, saved.dir.mode & ~0o002);
  }
}

function existing(path: string): { mode: number } | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
