// What a share is, and what older versions recorded in server options (the shares and the
// socket permissions they replaced); the share record (record.ts) holds both now.
import type { TmuxClient } from '../tmux/index.ts';
import { STATE_OPTIONS } from '../options/state.ts';

export const SHARES_OPTION = STATE_OPTIONS.shares;
export const SAVED_OPTION = STATE_OPTIONS.shareSaved;

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

// Shares an older claude-sessions recorded in server options, and a way to forget them once
// the share record holds them; undefined when there are none.
export async function readLegacyShares(client: TmuxClient): Promise<{ shares: Share[]; saved: SavedPermissions | undefined; forget(): Promise<void> } | undefined> {
  const shares = parseShares(await readOption(client, SHARES_OPTION));
  const savedText = await readOption(client, SAVED_OPTION);
  if (shares.length === 0 && savedText === '') return undefined;
  let saved: SavedPermissions | undefined;
  try {
    saved = savedText ? (JSON.parse(savedText) as SavedPermissions) : undefined;
  } catch {
    saved = undefined;
  }
  const forget = async () => {
    await client.batch([
      ['set-option', '-su', SHARES_OPTION],
      ['set-option', '-su', SAVED_OPTION],
    ]);
  };
  return { shares, saved, forget };
}
