// Local users and groups, read with id(1) and getent(1) so NSS (LDAP, sssd) is honoured.
import { userInfo } from 'node:os';
import { UserError } from '../util/errors.ts';
import { LISTING_OUTPUT_LIMIT, runProgram } from '../programs/run.ts';

// A local account: its uid, primary group and every group it is in.
export interface LocalUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

// A group and the names of everyone in it (supplementary members and primary-group users).
export interface LocalGroup {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

// getent passwd lists every account: on a large directory, well over spawnSync's 1 MiB.
function output(command: string, args: readonly string[]): string | undefined {
  const result = runProgram(command, args, { outputLimit: LISTING_OUTPUT_LIMIT });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

// The account named NAME; a UserError when there is none.
export function lookupUser(name: string): LocalUser {
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/.test(name)) throw new UserError(`${JSON.stringify(name)} is not a user name`, 2);
  const uid = output('id', ['-u', '--', name]);
  const gid = output('id', ['-g', '--', name]);
  const groups = output('id', ['-G', '--', name]);
  if (uid === undefined || gid === undefined || groups === undefined) throw new UserError(`no user named ${name} on this machine (id -u ${name} found none)`);
  return { name, uid: Number(uid), gid: Number(gid), groups: groups.split(/\s+/).map(Number) };
}

// The user running this command (the tmux server's owner when sharing works at all).
export function currentUser(): LocalUser {
  const info = userInfo();
  const groups = new Set([info.gid, ...(process.getgroups?.() ?? [])]);
  return { name: info.username, uid: info.uid, gid: info.gid, groups: [...groups] };
}

// The group with this gid, or undefined when NSS knows no such group.
export function lookupGroup(gid: number): LocalGroup | undefined {
  const line = output('getent', ['group', String(gid)]);
  if (!line) return undefined;
  const [name = String(gid), , , listed = ''] = line.split(':');
  const members = new Set(listed.split(',').filter(Boolean));
  for (const entry of (output('getent', ['passwd']) ?? '').split('\n')) {
    const fields = entry.split(':');
    if (fields[3] === String(gid) && fields[0]) members.add(fields[0]);
  }
  return { name, gid, members: [...members] };
}

// The name of a uid, for messages (the number when NSS has none).
export function userName(uid: number): string {
  return output('id', ['-nu', String(uid)]) ?? String(uid);
}
