// Types of test-run.mjs (plain JavaScript so that bats can run it with node).
export declare const RUN_VARIABLE: string;
export declare const REAL_PATH_VARIABLE: string;
export declare function privateHomeVariables(home: string): Record<string, string>;
export declare function startRun(env?: NodeJS.ProcessEnv): { root: string; changes: Record<string, string | undefined> };
export declare function finishRun(root: string): Promise<string[]>;
export default function setup(): () => Promise<void>;
