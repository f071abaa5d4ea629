// Splitting text into words the way sh does, without expanding anything: blanks separate
// words, single quotes keep everything, double quotes keep all but a backslash before " \ $ ` or
// a newline, and a backslash outside quotes keeps the next character. Used for option values
// that hold lists (@resurrect-processes) and for command lines the plugin recorded.

const BLANK = /[ \t\n]/;
// Characters a backslash escapes inside double quotes, as in sh.
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`', '\n']);

// The words, and the quote left open (its rest is then taken literally as the last word).
export function splitShellWords(value: string): { words: string[]; unterminated?: { quote: string; rest: string } } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < value.length) {
    const char = value[i] ?? '';
    if (BLANK.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
      continue;
    }
    inWord = true;
    if (char === '\\') {
      word += value[i + 1] ?? '\\';
      i += 2;
    } else if (char === "'" || char === '"') {
      const close = findClosingQuote(value, i);
      if (close === -1) {
        words.push(word + unquote(value.slice(i + 1), char));
        return { words, unterminated: { quote: char, rest: value.slice(i) } };
      }
      word += unquote(value.slice(i + 1, close), char);
      i = close + 1;
    } else {
      word += char;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return { words };
}

function findClosingQuote(value: string, open: number): number {
  const quote = value[open];
  for (let i = open + 1; i < value.length; i += 1) {
    if (value[i] === quote) return i;
    if (quote === '"' && value[i] === '\\') i += 1;
  }
  return -1;
}

// The text between quotes: literal in single quotes, sh's few escapes in double quotes.
function unquote(text: string, quote: string): string {
  if (quote === "'") return text;
  return text.replace(/\\([\s\S])/g, (escape, char: string) => (DOUBLE_QUOTE_ESCAPES.has(char) ? char : escape));
}

// POSIX single quotes (a ' inside written as '\'').
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

// The text as one shell word: as it is when nothing in it is special, else quoted.
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : shellQuote(text);
}
