import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseResurrectFile } from '../../src/resurrect/parse.ts';
import { ResurrectFormatError } from '../../src/resurrect/format.ts';
import { PANE, savedText, STATE, T, WINDOW } from './resurrect-fixtures.ts';

// The error a text is refused with, for asserting on its message.
function refusal(text: string, file = 'save.txt'): ResurrectFormatError {
  try {
    parseResurrectFile(text, file);
  } catch (error) {
    if (error instanceof ResurrectFormatError) return error;
    throw error;
  }
  throw new Error('expected the text to be refused');
}

describe('a damaged save file', () => {
  it('skips unknown line types, naming the line, and reads the rest', () => {
    const text = [PANE, `pane_contents${T}x`, 'hello world', WINDOW, STATE, ''].join('\n');
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(warnings).toEqual([
      'save.txt:2: unknown line type "pane_contents" (skipped)',
      'save.txt:3: unknown line type "hello world" (skipped)',
    ]);
    expect(server.panes).toHaveLength(1);
    expect(server.windows).toHaveLength(1);
  });

  it('ignores blank lines without a warning', () => {
    const text = ['', PANE, '   ', '', WINDOW, `${T}${T}`, STATE, '', ''].join('\n');
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(warnings).toEqual([]);
    expect(server.panes).toHaveLength(1);
  });

  it('cut mid-field loses only its last line, with a warning, and the rest is read', () => {
    const text = savedText('basic');
    const cut = text.slice(0, text.indexOf('0b76,160x48') + 6);
    const { server, warnings } = parseResurrectFile(cut, 'basic');
    expect(warnings).toEqual([
      'basic:13: last line has no newline, the file was cut short (skipped)',
      'basic: has no state line; the file may have been cut short',
    ]);
    expect(server.panes).toHaveLength(10);
    expect(server.windows.map((w) => w.name)).toEqual(['bash', 'claude']);
  });

  it('cut inside a command never restores the shortened command', () => {
    const text = savedText('processes');
    const cut = text.slice(0, text.indexOf('tail -f /tmp') + 'tail -f /t'.length);
    const { server, warnings } = parseResurrectFile(cut, 'processes');
    expect(server.panes.map((p) => p.fullCommand)).toEqual(['less /tmp/claude-sessions-fixture/procs/notes.txt']);
    expect(warnings[0]).toBe('processes:2: last line has no newline, the file was cut short (skipped)');
  });

  it('ending in NUL bytes (a crash before the data reached the disk) is read up to them', () => {
    const text = `${PANE}\n${WINDOW}\nstate${T}wo${'\0'.repeat(300)}`;
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.panes).toHaveLength(1);
    expect(warnings).toEqual([
      'save.txt: ends in 300 NUL bytes, as a file cut short by a crash does (ignored)',
      'save.txt:3: last line has no newline, the file was cut short (skipped)',
      'save.txt: has no state line; the file may have been cut short',
    ]);
  });

  it('with a stray byte that is not UTF-8 keeps the line and says so', () => {
    const text = `${PANE.replace('/tmp', '/tmp/caf\uFFFD')}\n${STATE}\n`;
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.panes[0]?.path).toBe('/tmp/caf\uFFFD');
    expect(warnings).toEqual(['save.txt:1: line holds bytes that are not UTF-8 (read as U+FFFD)']);
  });

  it('with a NUL byte inside a line skips that line', () => {
    const text = `${PANE}\n${PANE.replace('bash', 'ba\0sh')}\n${STATE}\n`;
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.panes).toHaveLength(1);
    expect(warnings).toEqual(['save.txt:2: line holds a NUL byte (skipped)']);
  });

  it('with two state lines uses the last one', () => {
    const text = `${PANE}\nstate${T}a${T}\nstate${T}b${T}a\n`;
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.state).toEqual({ clientSession: 'b', clientLastSession: 'a' });
    expect(warnings).toEqual(['save.txt:3: a second state line; the last one is used']);
  });
});

describe('text that cannot be a save file', () => {
  it('is refused when empty or only whitespace', () => {
    expect(refusal('', 'last').message).toBe('last: is empty, so it is not a tmux-resurrect save');
    expect(refusal(' \n\n\t\n').message).toBe('save.txt: is empty, so it is not a tmux-resurrect save');
  });

  it('is refused when binary: random bytes, a gzip archive, a file of NUL bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, at) => (at * 73 + 11) % 256));
    expect(refusal(bytes.toString('utf8'), 'noise.bin').message).toMatch(/^noise\.bin: looks binary \(\d+ NUL bytes, \d+ invalid UTF-8 sequences\)/);
    const archive = gzipSync(savedText('basic')).toString('utf8');
    expect(refusal(archive, 'pane_contents.tar.gz').message).toMatch(/^pane_contents\.tar\.gz: looks binary/);
    expect(refusal('\0'.repeat(4096)).message).toBe(
      'save.txt: looks binary (4096 NUL bytes, 0 invalid UTF-8 sequences), so it is not a tmux-resurrect save',
    );
  });

  it('is refused when it has only a state line', () => {
    expect(refusal(`${STATE}\n`).message).toBe('save.txt: has no pane lines, so it is not a tmux-resurrect save');
  });

  it('is refused when it is some other text', () => {
    expect(refusal('# my notes\nremember the milk\n', 'notes.md').message).toBe(
      'notes.md: has no pane lines, so it is not a tmux-resurrect save',
    );
  });

  it('is refused when none of its pane lines can be read, with the first reason', () => {
    const broken = PANE.split(T).slice(0, 9).join(T);
    expect(refusal(`${broken}\n${broken}\n${WINDOW}\n`).message).toBe(
      'save.txt: none of its 2 pane lines could be read (save.txt:1: pane line has 9 fields, expected 11 (skipped))',
    );
  });
});

describe('a line with TABs inside its names and paths (tmux-resurrect writes them as they are)', () => {
  const pane = (session: string, title: string, path: string, command: string, full: string) =>
    ['pane', session, '0', '1', ':*', '0', title, `:${path}`, '1', command, `:${full}`].join(T);
  const window = (session: string, name: string) => ['window', session, '0', `:${name}`, '1', ':*', '662f,160x48,0,0,10', ':'].join(T);

  it('is read whole: the fixed fields around the free text tell where each value ends, and a warning says what was read', () => {
    const text = [pane(`my${T}proj`, `ti${T}tle`, `/tmp/a${T}b`, 'bash', `less x${T}y`), window(`my${T}proj`, `na${T}me`), STATE, ''].join('\n');
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.panes).toEqual([
      { sessionName: `my${T}proj`, windowIndex: 0, windowActive: true, windowFlags: '*', paneIndex: 0, title: `ti${T}tle`, path: `/tmp/a${T}b`, active: true, command: 'bash', fullCommand: `less x${T}y` },
    ]);
    expect(server.windows.map((entry) => [entry.sessionName, entry.name, entry.layout])).toEqual([[`my${T}proj`, `na${T}me`, '662f,160x48,0,0,10']]);
    expect(warnings).toEqual([
      'save.txt:1: pane line has 15 fields, expected 11: tmux-resurrect writes TABs in names and paths as they are; read as session "my\\tproj", title "ti\\ttle", path "/tmp/a\\tb", full command "less x\\ty"',
      'save.txt:2: window line has 10 fields, expected 8: tmux-resurrect writes TABs in names and paths as they are; read as session "my\\tproj", name "na\\tme"',
    ]);
  });

  it('in a grouped session or the state line, is read by the session names the pane lines hold', () => {
    const text = [`grouped_session${T}g${T}x${T}my${T}proj${T}:${T}:0`, pane(`my${T}proj`, 't', '/tmp', 'bash', ''), `state${T}my${T}proj${T}other`, ''].join('\n');
    const { server, warnings } = parseResurrectFile(text, 'save.txt');
    expect(server.groupedSessions).toEqual([{ sessionName: `g${T}x`, originalSession: `my${T}proj`, alternateWindowIndex: undefined, activeWindowIndex: 0 }]);
    expect(server.state).toEqual({ clientSession: `my${T}proj`, clientLastSession: 'other' });
    expect(warnings).toEqual([
      'save.txt:1: grouped_session line has 7 fields, expected 5: tmux-resurrect writes TABs in names and paths as they are; read as session "g\\tx", original session "my\\tproj" (a guess: 3 readings fit)',
      'save.txt:2: pane line has 12 fields, expected 11: tmux-resurrect writes TABs in names and paths as they are; read as session "my\\tproj"',
      'save.txt:3: state line has 4 fields, expected 3: tmux-resurrect writes TABs in names and paths as they are; read as client session "my\\tproj" (a guess: 2 readings fit)',
    ]);
  });
});
