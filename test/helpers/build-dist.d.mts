// Types of build-dist.mjs (plain JavaScript so that bats can run it with node).
export declare function runBuild(args?: string[]): void;
export default function setup(): void;
