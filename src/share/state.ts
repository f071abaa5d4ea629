// What sharing records in server options: the shares themselves and the socket permissions
// they replaced, so unshare can put back exactly what share changed.
import type { TmuxClient } from '../tmux/index.ts';

export const SHARES_OPTION = '@claude-sessions-shares';
export const SAVED_OPTION = '@claude-sessions-share-saved';

export type ShareMode = 'ro' | 'rw';

// One user given one session.
export interface Share {
  readonly user: string;
  readonly mode: ShareMode;
  readonly session: string;
}

// Permissions of one path before sharing changed them (mode is the 0o777 part).
export interface SavedPath {
  readonly path: string;
  readonly mode: number;
  readonly gid: number;
}

// What share changed: the socket always, its folder only when it had to.
export interface SavedPermissions {
  readonly socket: SavedPath;
  readonly dir?: SavedPath | undefined;
  /** The group given to the socket (and folder). */
  readonly gid: number;
}

// "user:ro|rw:session …", session names percent-encoded so spaces and colons survive.
export function formatShares(shares: readonly Share[]): string {
  return shares.map((share) => `${share.user}:${share.mode}:${encodeURIComponent(share.session)}`).join(' ');
}

// The shares an option value holds; unreadable words are skipped.
export function parseShares(text: string): Share[] {
  const shares: Share[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const match = /^([^:]+):(ro|rw):(.*)$/.exec(word);
    if (!match) continue;
    try {
      shares.push({ user: match[1] as string, mode: match[2] as ShareMode, session: decodeURIComponent(match[3] as string) });
    } catch {
      continue;
    }
  }
  return shares;
}

async function readOption(client: TmuxClient, name: string): Promise<string> {
  return (await client.run(['show-options', '-sqv', name])).replace(/\n$/, '');
}

async function writeOption(client: TmuxClient, name: string, value: string | undefined): Promise<void> {
  await client.run(value === undefined ? ['set-option', '-su', name] : ['set-option', '-s', name, value]);
}

// The shares recorded on this server.
export async function readShares(client: TmuxClient): Promise<Share[]> {
  return parseShares(await readOption(client, SHARES_OPTION));
}

// Record the shares (none: the option is removed).
export async function writeShares(client: TmuxClient, shares: readonly Share[]): Promise<void> {
  await writeOption(client, SHARES_OPTION, shares.length ? formatShares(shares) : undefined);
}

// The permissions saved by the first share, if any.
export async function readSaved(client: TmuxClient): Promise<SavedPermissions | undefined> {
  const text = await readOption(client, SAVED_OPTION);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as SavedPermissions;
  } catch {
    return undefined;
  }
}

// Save (or with undefined forget) the permissions to restore once nothing is shared.
export async function writeSaved(client: TmuxClient, saved: SavedPermissions | undefined): Promise<void> {
  await writeOption(client, SAVED_OPTION, saved === undefined ? undefined : JSON.stringify(saved));
}
