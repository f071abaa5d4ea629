// Runs before every test file (vitest setupFiles): a private HOME and XDG folders for the
// file, inside the run's TMPDIR (test/helpers/test-run.mjs), removed after its last test.
// tmux servers the file starts inherit them, and so do their panes and hooks.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { privateHomeVariables } from './test-run.mjs';

const home = join(tmpdir(), `cs-home-${process.pid}-${randomUUID().slice(0, 8)}`);
Object.assign(process.env, privateHomeVariables(home));
// Made before the file's first test and not at import: a file whose tests a filter
// (`vitest -t NAME`) skips runs no hooks, and would leave the folder behind.
beforeAll(() => mkdirSync(home, { mode: 0o700 }));
// Registered first, so it runs after the file's own afterAll hooks (vitest runs them as a
// stack). Retried: a pane's program killed with its server (vim writing .viminfo) may still
// be writing into the home as it goes.
afterAll(() => rmSync(home, { recursive: true, force: true, maxRetries: 5 }));
