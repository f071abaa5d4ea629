// tmux versions and the features each one brings.

export interface TmuxVersion {
  /** What `tmux -V` or #{version} said, e.g. "3.3a" or "next-3.5". */
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  /** Builds from git ("master", "next-…") and OpenBSD's base tmux carry no release number. */
  readonly development: boolean;
}

export const MINIMUM_TMUX = '3.2';

// tmux releases that added what claude-sessions uses; checked by version so that
// nothing has to be tried and fail on a live server.
export const FEATURES = {
  'display-popup': { since: '3.2', use: 'popup switcher' },
  'display-menu': { since: '3.0', use: 'switcher fallback on older tmux' },
  'bind-key notes (-N)': { since: '3.1', use: 'keys explained by prefix ?' },
  'new-session -e': { since: '3.2', use: 'per-session environment at creation' },
  'new-window -e': { since: '3.0', use: "a worktree window's CLAUDE_WORKTREE" },
  'popup borders (-b)': { since: '3.3', use: 'popup border styles' },
  'popup titles (-T)': { since: '3.3', use: 'the git status popup names its repository' },
  'server-access': { since: '3.3', use: 'sharing a session with another user' },
} as const;

export type FeatureName = keyof typeof FEATURES;

const RELEASE = /(\d+)\.(\d+)/;

// Parse "tmux 3.3a", "3.2-rc2", "next-3.5", "master" or "openbsd-7.6".
export function parseTmuxVersion(text: string): TmuxVersion {
  const raw = text.trim().replace(/^tmux\s+/, '');
  if (/^(master|openbsd-)/.test(raw)) return { raw, major: Number.POSITIVE_INFINITY, minor: 0, development: true };
  const match = RELEASE.exec(raw);
  if (!match) throw new Error(`cannot read a tmux version from "${text.trim()}"`);
  return { raw, major: Number(match[1]), minor: Number(match[2]), development: raw.startsWith('next-') };
}

// True when the version is at least "X.Y".
export function atLeast(version: TmuxVersion, wanted: string): boolean {
  const [major = 0, minor = 0] = wanted.split('.').map(Number);
  return version.major > major || (version.major === major && version.minor >= minor);
}

// Which features this version has.
export function featuresOf(version: TmuxVersion): Record<FeatureName, boolean> {
  const entries = Object.entries(FEATURES).map(([name, feature]) => [name, atLeast(version, feature.since)]);
  return Object.fromEntries(entries) as Record<FeatureName, boolean>;
}
