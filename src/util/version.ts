// The package version, replaced at build time (esbuild define); "dev" when run from source.
declare const __CLAUDE_SESSIONS_VERSION__: string | undefined;

export const VERSION: string =
  typeof __CLAUDE_SESSIONS_VERSION__ === 'string' ? __CLAUDE_SESSIONS_VERSION__ : 'dev';

export const MINIMUM_NODE_MAJOR = 20;
