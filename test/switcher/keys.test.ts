// Terminal input as the switcher's keys: control characters, escape sequences (also cut
// across chunks), printable runs coalesced into one text key, and garbage dropped.
import { describe, expect, it } from 'vitest';
import { decodeKeys, flushPending, type Key, type KeyName } from '../../src/switcher/keys.ts';

const keys = (input: string) => decodeKeys(input).keys;
const named = (...names: KeyName[]): Key[] => names.map((name) => ({ name }));
const text = (value: string): Key => ({ name: 'text', text: value });

// Feed chunks one after the other as tui.ts would, then flush what is left.
function feed(chunks: readonly string[]): Key[] {
  const out: Key[] = [];
  let rest = '';
  for (const chunk of chunks) {
    const decoded = decodeKeys(rest + chunk);
    out.push(...decoded.keys);
    rest = decoded.rest;
  }
  return [...out, ...flushPending(rest)];
}

describe('decodeKeys: control characters', () => {
  it.each([
    ['\r', 'enter'],
    ['\n', 'enter'],
    ['\t', 'tab'],
    ['\u007f', 'backspace'],
    ['\b', 'backspace'],
    ['\u000e', 'ctrl-n'],
    ['\u0010', 'ctrl-p'],
    ['\u0018', 'ctrl-x'],
    ['\u0012', 'ctrl-r'],
    ['\u0017', 'ctrl-w'],
    ['\u0015', 'ctrl-u'],
    ['\u0003', 'ctrl-c'],
    ['\u0004', 'ctrl-d'],
  ] as const)('%j is %s', (input, name) => {
    expect(decodeKeys(input)).toEqual({ keys: named(name), rest: '' });
  });

  it('drops other C0 controls and C1 controls', () => {
    expect(keys('\u0000\u0001\u0002\u0005\u0007\u001c\u001f\u0085\u009b')).toEqual([]);
    expect(keys('a\u0001b')).toEqual([text('ab')]);
  });
});

describe('decodeKeys: escape sequences', () => {
  it.each([
    ['\u001b[A', 'up'],
    ['\u001b[B', 'down'],
    ['\u001b[C', 'right'],
    ['\u001b[D', 'left'],
    ['\u001b[1;5A', 'up'],
    ['\u001b[1;2D', 'left'],
    ['\u001b[H', 'home'],
    ['\u001b[F', 'end'],
    ['\u001b[1~', 'home'],
    ['\u001b[7~', 'home'],
    ['\u001b[4~', 'end'],
    ['\u001b[8~', 'end'],
    ['\u001b[5~', 'pageup'],
    ['\u001b[6~', 'pagedown'],
    ['\u001b[5;5~', 'pageup'],
    ['\u001bOA', 'up'],
    ['\u001bOB', 'down'],
    ['\u001bOC', 'right'],
    ['\u001bOD', 'left'],
    ['\u001bOH', 'home'],
    ['\u001bOF', 'end'],
  ] as const)('%j is %s', (input, name) => {
    expect(decodeKeys(input)).toEqual({ keys: named(name), rest: '' });
  });

  it('drops delete (ESC [ 3 ~) and unknown complete CSI sequences whole', () => {
    expect(decodeKeys('\u001b[3~')).toEqual({ keys: [], rest: '' });
    expect(keys('a\u001b[3~b')).toEqual([text('ab')]);
    expect(keys('\u001b[Z\u001b[I\u001b[O\u001b[15~\u001b[200~x\u001b[201~')).toEqual([text('x')]);
    expect(keys('\u001b[<0;12;5M\u001b[?1;2c\u001b[1 q')).toEqual([]);
    expect(keys('\u001b[<0;3;4Aok')).toEqual([text('ok')]);
  });

  it('drops an unknown SS3 key and alt+character (both characters)', () => {
    expect(keys('\u001bOP\u001bx\u001bé\u001b😀z')).toEqual([text('z')]);
    expect(keys('\u001b\u007f')).toEqual([]);
  });

  it('reads ESC ESC as Escape, then the second ESC starts over', () => {
    expect(decodeKeys('\u001b\u001b[A')).toEqual({ keys: named('escape', 'up'), rest: '' });
    expect(decodeKeys('\u001b\u001b')).toEqual({ keys: named('escape'), rest: '\u001b' });
  });

  it('reads ESC before a control character as Escape, then that key', () => {
    expect(keys('\u001b\r')).toEqual(named('escape', 'enter'));
    expect(keys('\u001bO\r')).toEqual(named('enter'));
  });

  it('drops a malformed CSI up to the character that broke it, which is read on its own', () => {
    expect(keys('\u001b[12\u0003')).toEqual(named('ctrl-c'));
    expect(keys('\u001b[\u007fa')).toEqual([...named('backspace'), text('a')]);
  });
});

describe('decodeKeys: sequences cut across chunks', () => {
  it.each(['\u001b', '\u001b[', '\u001b[1', '\u001b[1;', '\u001b[1;5', '\u001bO', '\u001b[5'])('keeps %j as rest', (partial) => {
    expect(decodeKeys(partial)).toEqual({ keys: [], rest: partial });
    expect(decodeKeys(`ab\r${partial}`)).toEqual({ keys: [text('ab'), ...named('enter')], rest: partial });
  });

  it('completes a sequence with the next chunk', () => {
    expect(feed(['\u001b', '[A'])).toEqual(named('up'));
    expect(feed(['\u001b[', 'B'])).toEqual(named('down'));
    expect(feed(['x\u001b[1;', '5C', 'y'])).toEqual([text('x'), ...named('right'), text('y')]);
    expect(feed(['\u001b[6', '~'])).toEqual(named('pagedown'));
    expect(feed(['\u001bO', 'H'])).toEqual(named('home'));
  });

  it('flushPending: a lone ESC left over is Escape; other partial sequences are dropped', () => {
    expect(flushPending('\u001b')).toEqual(named('escape'));
    expect(flushPending('\u001b[')).toEqual([]);
    expect(flushPending('\u001b[1;')).toEqual([]);
    expect(flushPending('\u001bO')).toEqual([]);
    expect(flushPending('')).toEqual([]);
    expect(feed(['abc', '\u001b'])).toEqual([text('abc'), ...named('escape')]);
  });
});

describe('decodeKeys: text', () => {
  it('coalesces a run of printable characters into one text key', () => {
    expect(decodeKeys('hello world')).toEqual({ keys: [text('hello world')], rest: '' });
    expect(keys('ab\rcd\u001b[Aef')).toEqual([text('ab'), ...named('enter'), text('cd'), ...named('up'), text('ef')]);
  });

  it('keeps unicode whole: accents, CJK, emoji (astral and joined)', () => {
    expect(keys('café 日本語 😀👩‍💻')).toEqual([text('café 日本語 😀👩‍💻')]);
    expect(keys('e\u0301')).toEqual([text('e\u0301')]);
  });

  it('gives nothing for empty input', () => {
    expect(decodeKeys('')).toEqual({ keys: [], rest: '' });
  });

  it('never leaks escape-sequence bytes into text for garbage input', () => {
    // Terminal replies and stray output sequences (no OSC: the switcher queries nothing, and
    // ESC ] is read as alt+] so a typed key is never swallowed waiting for a terminator).
    const garbage = '\u001b[?25l\u001b[38;5;1m\u001bP\u001b[999;999R\u001b[>0;95;0c\u001b\u001b[1;';
    for (const key of keys(garbage)) {
      if (key.name === 'text') expect(key.text).not.toMatch(/\[|;|\u001b/);
    }
  });
});
