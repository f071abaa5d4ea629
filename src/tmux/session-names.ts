// How tmux spells session names. tmux (3.2 and later, session_check_name) turns ':' and '.'
// into '_' and then vis-encodes the name (utf8_stravis, VIS_OCTAL | VIS_CSTYLE | VIS_TAB |
// VIS_NL): a backslash is stored as `\\`, TAB as `\t`, newline as `\n`, \a \b \f \r \v in C
// style, and the bytes of any other character it cannot print as three octal digits each
// (`\033`, `\302\205`). So #{session_name} already holds those escapes, and giving it back to
// new-session or rename-session encodes it again: a backslash doubled on every save and
// restore. A name read from tmux is given back decoded, and tmux encodes it to exactly the
// name it reported.

// C-style escapes, by the letter after the backslash.
const C_STYLE: ReadonlyMap<string, number> = new Map([['a', 0x07], ['b', 0x08], ['t', 0x09], ['n', 0x0a], ['v', 0x0b], ['f', 0x0c], ['r', 0x0d]]);
const LETTER_OF: ReadonlyMap<number, string> = new Map([...C_STYLE].map(([letter, code]) => [code, letter]));
// Characters tmux cannot print in a UTF-8 locale: C0 and C1 controls and DEL.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]/u;

// The name tmux reports for a session created or renamed with `given` (tmux's encoding in
// a UTF-8 locale; without one it also escapes every character beyond ASCII).
export function reportedSessionName(given: string): string {
  let out = '';
  for (const char of given.replace(/[:.]/g, '_')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (LETTER_OF.has(code)) out += `\\${LETTER_OF.get(code)}`;
    else if (UNPRINTABLE.test(char)) out += [...Buffer.from(char, 'utf8')].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
    else out += char;
  }
  return out;
}

// What to give tmux so that it reports `reported` again. `exact` is false for a name tmux
// cannot have reported (a backslash starting no escape, octal escapes of bytes that are not
// UTF-8): such a backslash is given as it is, and tmux spells the name its own way.
export function sessionNameToGive(reported: string): { readonly name: string; readonly exact: boolean } {
  const bytes: number[] = [];
  let plain = '';
  const flush = () => {
    bytes.push(...Buffer.from(plain, 'utf8'));
    plain = '';
  };
  let exact = true;
  for (let at = 0; at < reported.length; at++) {
    const char = reported[at] as string;
    if (char !== '\\') {
      plain += char;
      continue;
    }
    flush();
    const next = reported[at + 1] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(reported.slice(at + 1));
    if (next === '\\') bytes.push(0x5c);
    else if (C_STYLE.has(next)) bytes.push(C_STYLE.get(next) as number);
    else if (octal) bytes.push(parseInt(octal[0], 8));
    else {
      bytes.push(0x5c);
      exact = false;
      continue;
    }
    at += octal && next !== '\\' && !C_STYLE.has(next) ? 3 : 1;
  }
  flush();
  const decoded = Buffer.from(bytes);
  const name = decoded.toString('utf8');
  // Bytes that are not UTF-8 cannot travel in an argument: such a name is given as it is.
  if (!Buffer.from(name, 'utf8').equals(decoded)) return { name: reported, exact: false };
  return { name, exact: exact && reportedSessionName(name) === reported };
}
