// Runs before every test file (vitest setupFiles): a private HOME and XDG folders for the
// file, inside the run's TMPDIR (test/helpers/test-run.mjs), removed after its last test.
// tmux servers the file starts inherit them, and so do their panes and hooks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { privateHomeVariables } from './test-run.mjs';

const home = mkdtempSync(join(tmpdir(), 'cs-home-'));
Object.assign(process.env, privateHomeVariables(home));
// Registered first, so it runs after the file's own afterAll hooks (vitest runs them as a stack).
afterAll(() => rmSync(home, { recursive: true, force: true }));
