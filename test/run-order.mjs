#!/usr/bin/env node
// npm run test:order: the vitest suite under a few random orders of the tests within each
// file (vitest.config.ts shuffles them with a fixed seed; here with other seeds), to find a
// test that depends on another having run first. Prints each seed and, for a failing one,
// the command that repeats its order. Arguments go to vitest (e.g. a file or folder);
// CLAUDE_SESSIONS_ORDER_RUNS sets how many orders (default 3).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';

const VITEST = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const runs = Number(process.env['CLAUDE_SESSIONS_ORDER_RUNS'] ?? '3');
const args = process.argv.slice(2);
const failed = [];
for (let run = 1; run <= runs; run++) {
  const seed = randomInt(1, 2 ** 31);
  process.stdout.write(`\n== order ${run} of ${runs}: --sequence.seed ${seed}\n`);
  const result = spawnSync(process.execPath, [VITEST, 'run', '--sequence.seed', String(seed), ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(seed);
}
for (const seed of failed) process.stderr.write(`\nfailed in the order of seed ${seed}; repeat it with: npx vitest run --sequence.seed ${seed}${args.map((arg) => ` ${arg}`).join('')}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
