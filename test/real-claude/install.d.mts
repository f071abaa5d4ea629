// Types of install.mjs (plain JavaScript: a vitest globalSetup and a command).
export declare const CLAUDE_CODE_VERSION: string;
export declare function claudeCodeCacheDir(env?: NodeJS.ProcessEnv): string;
export declare function nativePackages(platform?: string, arch?: string): string[];
export declare function installedBinary(dir: string): string | undefined;
export declare function ensureClaudeCode(env?: NodeJS.ProcessEnv): string;
export default function setup(): void;
