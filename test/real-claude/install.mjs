// The pinned real Claude Code for the lane (npm run test:claude), kept in a cache outside
// the repository and installed there when missing, never into the project's dependencies:
//   ${XDG_CACHE_HOME:-$HOME/.cache}/claude-sessions/claude-code-VERSION/
//     node_modules/@anthropic-ai/claude-code-PLATFORM/claude   the native binary
//     bin/claude                                              a link to it
// As the lane's first vitest globalSetup it runs before the test frame (test-run.mjs) swaps
// HOME for a private one, so the cache is the runner's; it puts bin/ first on PATH, which the
// frame keeps as $CLAUDE_SESSIONS_TEST_REAL_PATH (and hides from every other test).
// `node test/real-claude/install.mjs` installs and prints the binary's path.
//
// Plain JavaScript: a globalSetup file and a command, no TypeScript loader needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

// The Claude Code version the lane and its recorded payloads are for.
export const CLAUDE_CODE_VERSION = '2.1.332';
const PACKAGE = '@anthropic-ai/claude-code';

// The cache folder of the pinned version, from the runner's own HOME and XDG_CACHE_HOME.
export function claudeCodeCacheDir(env = process.env) {
  const cache = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(cache, 'claude-sessions', `claude-code-${CLAUDE_CODE_VERSION}`);
}

// The native packages that can hold this machine's binary, most likely first (npm installs
// only the one whose os, cpu and libc match).
export function nativePackages(platform = process.platform, arch = process.arch) {
  if (platform === 'darwin') return [`${PACKAGE}-darwin-${arch}`];
  if (platform === 'linux') return [`${PACKAGE}-linux-${arch}`, `${PACKAGE}-linux-${arch}-musl`];
  throw new Error(`the real-Claude lane runs on Linux and macOS, not ${platform}`);
}

// The pinned native binary under dir, or undefined when it is not (fully) there.
export function installedBinary(dir) {
  for (const name of nativePackages()) {
    const binary = join(dir, 'node_modules', name, 'claude');
    try {
      const version = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
      if (version === CLAUDE_CODE_VERSION && existsSync(binary)) return binary;
    } catch {
      // not this package
    }
  }
  return undefined;
}

// The binary's path, installing the pinned package first when the cache lacks it. npm works
// in a fresh folder beside the cache, renamed into place only when complete, so an install cut
// short is never taken for one; its scripts are skipped (the binary is in the native package).
export function ensureClaudeCode(env = process.env) {
  const dir = claudeCodeCacheDir(env);
  let binary = installedBinary(dir);
  if (binary === undefined) {
    const work = `${dir}.installing-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    process.stderr.write(`test:claude: installing ${PACKAGE}@${CLAUDE_CODE_VERSION} into ${dir}\n`);
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', work, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--engine-strict=false', '--loglevel=error', `${PACKAGE}@${CLAUDE_CODE_VERSION}`],
      { cwd: work, env: { ...env, DISABLE_AUTOUPDATER: '1' }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (npm.status !== 0 || installedBinary(work) === undefined) {
      rmSync(work, { recursive: true, force: true });
      throw new Error(`npm could not install ${PACKAGE}@${CLAUDE_CODE_VERSION} (for ${process.platform}-${process.arch}) into ${work}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    binary = installedBinary(dir);
    if (binary === undefined) throw new Error(`${dir} holds no Claude Code ${CLAUDE_CODE_VERSION} binary after the install`);
  }
  const link = join(dir, 'bin', 'claude');
  if (!existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    rmSync(link, { force: true });
    symlinkSync(relative(dirname(link), binary), link);
  }
  return binary;
}

// vitest globalSetup (before test-run.mjs): the pinned binary first on PATH as `claude`.
export default function setup() {
  const binary = ensureClaudeCode();
  const bin = join(claudeCodeCacheDir(), 'bin');
  process.env['PATH'] = [bin, process.env['PATH'] ?? ''].filter(Boolean).join(delimiter);
  process.stderr.write(`test:claude: Claude Code ${CLAUDE_CODE_VERSION} at ${binary}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`${ensureClaudeCode()}\n`);
  } catch (error) {
    process.stderr.write(`test:claude: ${error.message}\n`);
    process.exitCode = 1;
  }
}
