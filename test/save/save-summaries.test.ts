// What `saves` tells about each save, and which file `restore --file` picks.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.ts';
import { paneContentsPath } from '../../src/resurrect/save-dir.ts';
import { resolveSaveFile, summarizeFolder, summarizeSaves, type SaveSummary } from '../../src/save/summaries.ts';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { saveFileName, sidecarPath } from '../../src/resurrect/save-dir.ts';
import { buildSidecar } from '../../src/resurrect/sidecar.ts';
import { chooseSaveToRestore } from '../../src/save/default-save.ts';
import { PANE, savedText, STATE, T, WINDOW } from '../resurrect/resurrect-fixtures.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix = 'claude-sessions-saves-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

const FIRST = saveFileName(new Date(2024, 4, 1, 9, 0, 0));
const SECOND = saveFileName(new Date(2024, 4, 1, 10, 30, 0));
const THIRD = saveFileName(new Date(2024, 4, 2, 8, 15, 5));

function counts(summary: SaveSummary | undefined) {
  if (summary === undefined || 'error' in summary) throw new Error(`not readable: ${JSON.stringify(summary)}`);
  return { sessions: summary.sessions, windows: summary.windows, panes: summary.panes };
}

describe('summaries of the saves in a folder', () => {
  it('count the sessions, windows and panes of files tmux-resurrect wrote, oldest first', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, SECOND), savedText('processes'));
    writeFileSync(join(dir, FIRST), savedText('basic'));
    const summaries = summarizeSaves(dir);
    expect(summaries.map((s) => s.name)).toEqual([FIRST, SECOND]);
    expect(counts(summaries[0])).toEqual({ sessions: ['claude-dev-api-service', 'claude-dev-webapp', 'scratch'], windows: 5, panes: 10 });
    expect(counts(summaries[1])).toEqual({ sessions: ['claude-dev-procs'], windows: 1, panes: 4 });
    expect(summaries[0]).toMatchObject({ path: join(dir, FIRST), time: new Date(2024, 4, 1, 9, 0, 0) });
  });

  it('count a grouped session as a session of its own', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), [`grouped_session${T}mirror${T}work${T}:${T}:0`, PANE, WINDOW, STATE, ''].join('\n'));
    expect(counts(summarizeSaves(dir)[0])).toEqual({ sessions: ['mirror', 'work'], windows: 1, panes: 1 });
  });

  it('report a file that is not a save with an error instead of counts, and go on', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), savedText('basic'));
    writeFileSync(join(dir, SECOND), 'this is not a save\n');
    writeFileSync(join(dir, THIRD), '');
    const [first, second, third] = summarizeSaves(dir);
    expect(counts(first).panes).toBe(10);
    expect(second).toMatchObject({ name: SECOND, error: 'has no pane lines, so it is not a tmux-resurrect save', bytes: 19 });
    expect(second).not.toHaveProperty('panes');
    expect(third).toMatchObject({ name: THIRD, error: 'is empty, so it is not a tmux-resurrect save' });
  });

  it.skipIf(process.getuid?.() === 0)('report a file that cannot be read with an error', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), savedText('basic'));
    chmodSync(join(dir, FIRST), 0o000);
    expect(summarizeSaves(dir)[0]).toMatchObject({ name: FIRST, error: expect.stringMatching(/^cannot be read: EACCES/) });
  });

  it('mark the save `last` points to, whether the link is relative or absolute', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), savedText('basic'));
    writeFileSync(join(dir, SECOND), savedText('processes'));
    symlinkSync(FIRST, join(dir, 'last'));
    expect(summarizeSaves(dir).map((s) => s.last)).toEqual([true, false]);
    rmSync(join(dir, 'last'));
    symlinkSync(join(dir, SECOND), join(dir, 'last'));
    expect(summarizeSaves(dir).map((s) => s.last)).toEqual([false, true]);
    rmSync(join(dir, 'last'));
    expect(summarizeSaves(dir).map((s) => s.last)).toEqual([false, false]);
  });

  it('count the bytes of the save, its sidecar and its pane contents', () => {
    const dir = tempFolder();
    const text = savedText('processes');
    const save = join(dir, FIRST);
    writeFileSync(save, text);
    expect(summarizeSaves(dir)[0]?.bytes).toBe(Buffer.byteLength(text));
    writeFileSync(sidecarPath(save), 'x'.repeat(100));
    writeFileSync(paneContentsPath(save), 'y'.repeat(1000));
    expect(paneContentsPath(save)).toBe(join(dir, FIRST.replace('.txt', '.contents.gz')));
    expect(summarizeSaves(dir)[0]?.bytes).toBe(Buffer.byteLength(text) + 1100);
  });

  it('say whether the sidecar next to a save was written for exactly that save', () => {
    const dir = tempFolder();
    const text = savedText('basic');
    const { server } = parseResurrectFile(text, 'basic');
    writeFileSync(join(dir, FIRST), text);
    writeFileSync(join(dir, SECOND), text);
    writeFileSync(join(dir, THIRD), text);
    writeFileSync(sidecarPath(join(dir, FIRST)), JSON.stringify(buildSidecar(server, FIRST, text)));
    // Written for another file name, and not JSON at all.
    writeFileSync(sidecarPath(join(dir, SECOND)), JSON.stringify(buildSidecar(server, FIRST, text)));
    writeFileSync(sidecarPath(join(dir, THIRD)), '{ cut sho');
    expect(summarizeSaves(dir).map((s) => s.sidecar)).toEqual([true, false, false]);
    writeFileSync(join(dir, FIRST), `${text}\n`);
    expect(summarizeSaves(dir)[0]?.sidecar).toBe(false);
  });

  it('are none for an empty or missing folder', () => {
    const dir = tempFolder();
    expect(summarizeSaves(dir)).toEqual([]);
    expect(summarizeSaves(join(dir, 'missing'))).toEqual([]);
  });
});

describe('the save file `restore --file` names', () => {
  // A save folder and a working folder elsewhere, with spaces and non-ASCII in both paths.
  function setup() {
    const root = tempFolder('claude-sessions-saves é 🎉 ');
    const dir = join(root, 'save folder ü');
    const cwd = join(root, 'work dir 日本');
    mkdirSync(dir);
    mkdirSync(cwd);
    writeFileSync(join(dir, FIRST), savedText('basic'));
    writeFileSync(join(dir, SECOND), savedText('processes'));
    symlinkSync(SECOND, join(dir, 'last'));
    return { root, dir, cwd };
  }

  function failure(run: () => unknown): UserError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return error as UserError;
    }
    throw new Error('did not throw');
  }

  it('is an absolute path to an existing file', () => {
    const { dir, cwd } = setup();
    expect(resolveSaveFile(dir, join(dir, FIRST), cwd)).toBe(join(dir, FIRST));
  });

  it('is a path relative to the working folder', () => {
    const { root, dir, cwd } = setup();
    writeFileSync(join(cwd, 'my save ☃.txt'), savedText('basic'));
    expect(resolveSaveFile(dir, 'my save ☃.txt', cwd)).toBe(join(cwd, 'my save ☃.txt'));
    expect(resolveSaveFile(dir, relative(cwd, join(dir, FIRST)), cwd)).toBe(join(dir, FIRST));
    expect(resolveSaveFile(dir, `../${relative(root, join(dir, FIRST))}`, cwd)).toBe(join(dir, FIRST));
  });

  it('is otherwise a file of that name in the save folder, with or without .txt', () => {
    const { dir, cwd } = setup();
    expect(resolveSaveFile(dir, FIRST, cwd)).toBe(join(dir, FIRST));
    expect(resolveSaveFile(dir, FIRST.replace(/\.txt$/, ''), cwd)).toBe(join(dir, FIRST));
  });

  it('is the file `last` points to for `last`, or the link given as a path (its sidecar and contents are found by its name)', () => {
    const { dir, cwd } = setup();
    expect(chooseSaveToRestore(dir, resolveSaveFile(dir, 'last', cwd))).toEqual({ file: join(dir, SECOND) });
    expect(chooseSaveToRestore(dir, resolveSaveFile(dir, join(dir, 'last'), cwd))).toEqual({ file: join(dir, SECOND) });
    expect(chooseSaveToRestore('/elsewhere', resolveSaveFile('/elsewhere', join(dir, 'last'), cwd))).toEqual({ file: join(dir, SECOND) });
    // Any other link is followed to its file.
    symlinkSync(join(dir, FIRST), join(cwd, 'mine.txt'));
    expect(chooseSaveToRestore(dir, resolveSaveFile(dir, 'mine.txt', cwd))).toEqual({ file: join(dir, FIRST) });
  });

  it('prefers a file in the working folder over one of the same name in the save folder', () => {
    const { dir, cwd } = setup();
    writeFileSync(join(cwd, FIRST), savedText('processes'));
    expect(resolveSaveFile(dir, FIRST, cwd)).toBe(join(cwd, FIRST));
  });

  it('names every place tried when nothing matches', () => {
    const { dir, cwd } = setup();
    const error = failure(() => resolveSaveFile(dir, 'nope', cwd));
    expect(error.message).toBe(`no save file "nope": tried ${join(cwd, 'nope')}, ${join(dir, 'nope')}, ${join(dir, 'nope.txt')}`);
    // A path with a folder part is looked for only where it points.
    expect(failure(() => resolveSaveFile(dir, 'sub/nope.txt', cwd)).message).toBe(`no save file "sub/nope.txt": tried ${join(cwd, 'sub', 'nope.txt')}`);
  });

  it('is the newest complete save when `last` points to no save, with a note saying so', () => {
    const { dir, cwd } = setup();
    rmSync(join(dir, 'last'));
    symlinkSync('gone.txt', join(dir, 'last'));
    const note = `\`last\` points at gone.txt, which does not exist; using ${SECOND}, the newest complete save`;
    expect(chooseSaveToRestore(dir, resolveSaveFile(dir, 'last', cwd))).toEqual({ file: join(dir, SECOND), note });
    expect(chooseSaveToRestore(dir, resolveSaveFile(dir, join(dir, 'last'), cwd))).toEqual({ file: join(dir, SECOND), note });
    expect(chooseSaveToRestore(dir, undefined)).toEqual({ file: join(dir, SECOND), note });
  });

  it('refuses a folder', () => {
    const { dir, cwd } = setup();
    expect(failure(() => resolveSaveFile(dir, dir, cwd)).message).toBe(`${dir} is a folder, not a save file`);
    expect(failure(() => resolveSaveFile(dir, '.', cwd)).message).toBe(`${cwd} is a folder, not a save file`);
    expect(failure(() => resolveSaveFile(dir, '', cwd)).message).toMatch(/^no save file given/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it cannot read', () => {
    const { dir, cwd } = setup();
    chmodSync(join(dir, FIRST), 0o000);
    expect(failure(() => resolveSaveFile(dir, FIRST, cwd)).message).toBe(`cannot read save file ${join(dir, FIRST)}: permission denied`);
  });
});

describe('the save a restore uses when `last` is broken', () => {
  const whole = (session: string) => `${PANE.replace('\twork\t', `\t${session}\t`)}\n${STATE}\n`;

  it('skips saves cut short or not saves, and saves of one session, for the newest complete save of the server', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), whole('first'));
    writeFileSync(join(dir, SECOND), whole('second'));
    const oneSession = saveFileName(new Date(2024, 4, 2, 9, 0, 0));
    writeFileSync(join(dir, oneSession), whole('alone'));
    const { server } = parseResurrectFile(whole('alone'), oneSession);
    writeFileSync(sidecarPath(join(dir, oneSession)), JSON.stringify(buildSidecar(server, oneSession, whole('alone'), undefined, 'alone')));
    writeFileSync(join(dir, THIRD), `${PANE}\n`);
    // No link at all: no save of the server was ever made here.
    expect(chooseSaveToRestore(dir, undefined)).toEqual({ file: undefined });
    symlinkSync(THIRD, join(dir, 'last'));
    expect(chooseSaveToRestore(dir, undefined)).toEqual({ file: join(dir, SECOND), note: `\`last\` points at ${THIRD}, which was cut short; using ${SECOND}, the newest complete save` });
    // Without a complete save, `last` as it is: the restore says what is wrong with it.
    rmSync(join(dir, FIRST));
    rmSync(join(dir, SECOND));
    expect(chooseSaveToRestore(dir, undefined)).toEqual({ file: join(dir, THIRD) });
    // Nothing complete and `last` dangling: nothing to restore, and why.
    rmSync(join(dir, THIRD));
    expect(chooseSaveToRestore(dir, undefined)).toEqual({ file: undefined, note: `\`last\` points at ${THIRD}, which does not exist, and no other save here is complete` });
  });

  it('is marked in the listing, with a note naming it', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, FIRST), whole('first'));
    writeFileSync(join(dir, SECOND), 'not a save\n');
    symlinkSync(SECOND, join(dir, 'last'));
    const { saves, notes } = summarizeFolder(dir);
    expect(saves.map((save) => [save.name, save.last, save.fallback])).toEqual([
      [FIRST, false, true],
      [SECOND, true, false],
    ]);
    expect(notes).toEqual([
      `\`last\` points at ${SECOND}, which is not a save: has no pane lines, so it is not a tmux-resurrect save; using ${FIRST}, the newest complete save (restore uses it; the next save moves \`last\` on)`,
    ]);
  });
});
