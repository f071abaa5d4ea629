// Where saves live and what they are called: tmux-resurrect's folder and file names.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { companionSaveName, lastSavePath, listSaves, nextSaveName, ownSaveFileName, resolveSaveDir, saveFileName, saveFileTime } from '../../src/resurrect/save-dir.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'claude-sessions-save-dir-'));
  folders.push(folder);
  return folder;
}

describe('the save folder', () => {
  it('is @resurrect-dir when set, with ~, $HOME and $HOSTNAME expanded', () => {
    expect(resolveSaveDir('~/saves', {}, '/home/me')).toBe('/home/me/saves');
    expect(resolveSaveDir('$HOME/saves', {}, '/home/me')).toBe('/home/me/saves');
    expect(resolveSaveDir('${HOME}/saves/$HOSTNAME', {}, '/home/me')).toBe(`/home/me/saves/${hostname()}`);
    expect(resolveSaveDir('/srv/saves', {}, '/home/me')).toBe('/srv/saves');
  });

  it('is ~/.tmux/resurrect when that exists, as tmux-resurrect decides', () => {
    const home = tempFolder();
    mkdirSync(join(home, '.tmux', 'resurrect'), { recursive: true });
    expect(resolveSaveDir('', { XDG_DATA_HOME: '/data' }, home)).toBe(join(home, '.tmux', 'resurrect'));
  });

  it('is otherwise under $XDG_DATA_HOME, or ~/.local/share', () => {
    const home = tempFolder();
    expect(resolveSaveDir('', { XDG_DATA_HOME: '/data' }, home)).toBe('/data/tmux/resurrect');
    expect(resolveSaveDir('', {}, home)).toBe(join(home, '.local', 'share', 'tmux', 'resurrect'));
    expect(resolveSaveDir('', {})).toContain(homedir());
  });
});

describe('save file names', () => {
  it("are tmux-resurrect's: the local time as `date +%Y%m%dT%H%M%S` prints it", () => {
    const time = new Date(2024, 0, 2, 3, 4, 5);
    expect(saveFileName(time)).toBe('tmux_resurrect_20240102T030405.txt');
    expect(saveFileTime('tmux_resurrect_20240102T030405.txt')).toEqual(time);
  });

  it('are ours with _cs after the time (and -N for a second save in that second), still matching tmux_resurrect_*.txt', () => {
    const time = new Date(2024, 0, 2, 3, 4, 5);
    expect(ownSaveFileName(time)).toBe('tmux_resurrect_20240102T030405_cs.txt');
    expect(ownSaveFileName(time, 3)).toBe('tmux_resurrect_20240102T030405_cs-3.txt');
    expect(saveFileTime('tmux_resurrect_20240102T030405_cs.txt')).toEqual(time);
    expect(saveFileTime('tmux_resurrect_20240102T030405_cs-12.txt')).toEqual(time);
    for (const name of ['tmux_resurrect_20240102T030405_cs-0.txt', 'tmux_resurrect_20240102T030405_x.txt', 'tmux_resurrect_20240102T030405_cs.json']) {
      expect(saveFileTime(name)).toBeUndefined();
    }
  });

  it('come from the clock, whatever names the folder already holds, and never repeat one', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'tmux_resurrect_20990101T000000.txt'), 'x');
    const now = new Date(2024, 0, 2, 3, 4, 5, 500);
    expect(nextSaveName(now, folder)).toBe('tmux_resurrect_20240102T030405_cs.txt');
    writeFileSync(join(folder, 'tmux_resurrect_20240102T030405_cs.txt'), 'x');
    expect(nextSaveName(now, folder)).toBe('tmux_resurrect_20240102T030405_cs-2.txt');
    writeFileSync(join(folder, 'tmux_resurrect_20240102T030405_cs-2.txt'), 'x');
    expect(nextSaveName(now, folder)).toBe('tmux_resurrect_20240102T030405_cs-3.txt');
  });
});

describe('the saves in a folder', () => {
  it('are listed oldest first, leaving out sidecars, temporary files and `last`', () => {
    const folder = tempFolder();
    const names = ['tmux_resurrect_20240103T000000.txt', 'tmux_resurrect_20240101T000000.txt', 'tmux_resurrect_20240102T000000.txt'];
    for (const name of names) writeFileSync(join(folder, name), 'x');
    writeFileSync(join(folder, 'tmux_resurrect_20240104T000000.json'), '{}');
    writeFileSync(join(folder, 'tmux_resurrect_20240105T000000.txt.tmp.123'), 'half');
    symlinkSync('tmux_resurrect_20240103T000000.txt', join(folder, 'last'));
    expect(listSaves(folder).map((save) => save.name)).toEqual([...names].sort());
    expect(listSaves(join(folder, 'missing'))).toEqual([]);
  });

  it("are listed by time with both tools' names, resurrect's first within a second, then ours in turn", () => {
    const folder = tempFolder();
    const names = [
      'tmux_resurrect_20240102T000000_cs.txt',
      'tmux_resurrect_20240101T000000_cs-10.txt',
      'tmux_resurrect_20240101T000000_cs-2.txt',
      'tmux_resurrect_20240101T000000_cs.txt',
      'tmux_resurrect_20240101T000000.txt',
    ];
    for (const name of names) writeFileSync(join(folder, name), 'x');
    expect(listSaves(folder).map((save) => save.name)).toEqual([...names].reverse());
  });

  it('have their sidecars and contents told apart from other files, in both forms', () => {
    expect(companionSaveName('tmux_resurrect_20240101T000000.json')).toBe('tmux_resurrect_20240101T000000.txt');
    expect(companionSaveName('tmux_resurrect_20240101T000000_cs-2.contents.gz')).toBe('tmux_resurrect_20240101T000000_cs-2.txt');
    expect(companionSaveName('tmux_resurrect_20240101T000000_cs.json')).toBe('tmux_resurrect_20240101T000000_cs.txt');
    expect(companionSaveName('pane_contents.tar.gz')).toBeUndefined();
    expect(companionSaveName('tmux_resurrect_20240101T000000.txt')).toBeUndefined();
  });

  it('have `last` resolved relative to the folder, or as an absolute path from old versions', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'tmux_resurrect_20240101T000000.txt'), 'x');
    expect(lastSavePath(folder)).toBeUndefined();
    symlinkSync('tmux_resurrect_20240101T000000.txt', join(folder, 'last'));
    expect(lastSavePath(folder)).toBe(join(folder, 'tmux_resurrect_20240101T000000.txt'));
    rmSync(join(folder, 'last'));
    symlinkSync(join(folder, 'tmux_resurrect_20240101T000000.txt'), join(folder, 'last'));
    expect(lastSavePath(folder)).toBe(join(folder, 'tmux_resurrect_20240101T000000.txt'));
    rmSync(join(folder, 'last'));
    symlinkSync('gone.txt', join(folder, 'last'));
    expect(lastSavePath(folder)).toBeUndefined();
  });
});
