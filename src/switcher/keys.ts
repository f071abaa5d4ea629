// Terminal input (stdin in raw mode, decoded as utf8) as key events for the switcher. Pure:
// a chunk gives its keys and the start of an escape sequence the chunk cut short, to be put
// in front of the next chunk. Printable characters in a row (typed ahead, or a paste) come
// out as one text key; escape sequences the switcher has no use for are dropped whole.

// The keys the switcher acts on.
export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'enter'
  | 'escape'
  | 'tab'
  | 'backspace'
  | 'ctrl-n'
  | 'ctrl-p'
  | 'ctrl-x'
  | 'ctrl-r'
  | 'ctrl-w'
  | 'ctrl-u'
  | 'ctrl-c'
  | 'ctrl-d';

// One key press, or a run of printable text.
export type Key = { readonly name: 'text'; readonly text: string } | { readonly name: KeyName };

const ESC = '\u001b';

// Single control characters (C0 and DEL) that are keys; any other control character is dropped.
const CONTROL: Readonly<Record<string, KeyName>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\u007f': 'backspace',
  '\b': 'backspace',
  '\u000e': 'ctrl-n',
  '\u0010': 'ctrl-p',
  '\u0018': 'ctrl-x',
  '\u0012': 'ctrl-r',
  '\u0017': 'ctrl-w',
  '\u0015': 'ctrl-u',
  '\u0003': 'ctrl-c',
  '\u0004': 'ctrl-d',
};

// CSI and SS3 final characters that name a key whatever the parameters (ESC [ 1;5A is ctrl+up).
const FINAL: Readonly<Record<string, KeyName>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

// ESC [ n ~ keys by their first parameter (3~, delete, is not one of them).
const TILDE: Readonly<Record<string, KeyName>> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '5': 'pageup', '6': 'pagedown' };

// The keys in a chunk of input, and `rest`: an escape sequence the chunk ends inside of.
export function decodeKeys(input: string): { keys: Key[]; rest: string } {
  const keys: Key[] = [];
  let text = '';
  const push = (key: Key) => {
    if (text !== '') keys.push({ name: 'text', text });
    text = '';
    keys.push(key);
  };
  let at = 0;
  while (at < input.length) {
    const char = String.fromCodePoint(input.codePointAt(at) as number);
    if (char === ESC) {
      const sequence = escapeSequence(input, at);
      if (sequence === undefined) {
        if (text !== '') keys.push({ name: 'text', text });
        return { keys, rest: input.slice(at) };
      }
      if (sequence.key !== undefined) push({ name: sequence.key });
      at = sequence.end;
      continue;
    }
    at += char.length;
    const control = CONTROL[char];
    if (control !== undefined) push({ name: control });
    else if (isPrintable(char)) text += char;
  }
  if (text !== '') keys.push({ name: 'text', text });
  return { keys, rest: '' };
}

// What a leftover `rest` means once no more input came: a lone ESC was the Escape key; any
// other cut-short sequence is dropped.
export function flushPending(rest: string): Key[] {
  return rest === ESC ? [{ name: 'escape' }] : [];
}

// Printable: not a C0 control, DEL or a C1 control (U+0080..U+009F).
function isPrintable(char: string): boolean {
  const code = char.codePointAt(0) as number;
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

// The escape sequence starting at `at` (an ESC): the key it names (if any) and where it ends,
// or undefined when the input ends before the sequence does.
function escapeSequence(input: string, at: number): { key?: KeyName; end: number } | undefined {
  const next = input[at + 1];
  if (next === undefined) return undefined;
  if (next === '[') return csi(input, at + 2);
  if (next === 'O') {
    const final = input[at + 2];
    if (final === undefined) return undefined;
    if (final < ' ' || final > '~') return { end: at + 2 }; // not SS3 after all: drop ESC O, keep the control
    return { key: FINAL[final], end: at + 3 };
  }
  if (next === ESC) return { key: 'escape', end: at + 1 }; // the second ESC starts over
  const code = next.codePointAt(0) as number;
  if (code < 0x20) return { key: 'escape', end: at + 1 }; // Escape, then the control key on its own
  // Alt + a character (or alt + backspace): dropped, both of them.
  return { end: at + 1 + String.fromCodePoint(input.codePointAt(at + 1) as number).length };
}

// A CSI sequence whose parameters start at `from`: parameters and intermediates (0x20..0x3F),
// then a final character (0x40..0x7E). Anything else ends a malformed sequence, which is
// dropped up to that character.
function csi(input: string, from: number): { key?: KeyName; end: number } | undefined {
  let end = from;
  while (end < input.length && input.charCodeAt(end) >= 0x20 && input.charCodeAt(end) <= 0x3f) end++;
  if (end >= input.length) return undefined;
  const code = input.charCodeAt(end);
  if (code < 0x40 || code > 0x7e) return { end };
  const final = input[end] as string;
  const params = input.slice(from, end);
  if (final === '~') return { key: TILDE[params.split(';')[0] as string], end: end + 1 };
  if (/^[\d;]*$/.test(params)) return { key: FINAL[final], end: end + 1 };
  return { end: end + 1 }; // private parameters (ESC [ < ... M, a mouse report): not a key
}
