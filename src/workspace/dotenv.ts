// A project's `.env.claude`, read the dotenv way; values are data only: nothing is ever
// expanded or executed, so `$(cmd)`, backticks and `${VAR}` stay exactly as written.

// One variable set by the file, with the line it starts on.
export interface DotenvVar {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

// A line that was skipped or overridden; the message names the file and line.
export interface DotenvWarning {
  readonly line: number;
  readonly message: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

// Where a quoted value ended: its text, the line index of the closing quote and what follows it there.
interface QuotedValue {
  readonly value: string;
  readonly endLine: number;
  readonly rest: string;
}

// Parse `.env.claude` text into variables (a later NAME overrides an earlier one) and warnings.
export function parseDotenv(text: string, file: string): { vars: DotenvVar[]; warnings: DotenvWarning[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const byName = new Map<string, DotenvVar>();
  const warnings: DotenvWarning[] = [];
  const warn = (index: number, message: string): void => {
    warnings.push({ line: index + 1, message: `${file}:${index + 1}: ${message}` });
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // From the untrimmed line: a quoted value keeps its trailing spaces.
    const assignment = raw.trimStart().replace(/^export\s+/, '');
    const eq = assignment.indexOf('=');
    if (eq < 0) {
      warn(i, `skipped: '${line}' is not NAME=value`);
      continue;
    }
    const name = assignment.slice(0, eq).trim();
    if (!NAME.test(name)) {
      warn(i, `skipped: '${line}' is not NAME=value ('${name}' is not a valid variable name)`);
      continue;
    }
    const start = i;
    const afterEq = assignment.slice(eq + 1);
    const opened = afterEq.trimStart();
    let value: string;
    const quote = opened[0];
    if (quote === "'" || quote === '"') {
      const quoted = readQuoted(lines, i, opened.slice(1), quote);
      if (quoted === undefined) {
        warn(start, `skipped: ${name} has an unterminated ${quote} quote`);
        continue;
      }
      i = quoted.endLine;
      if (!isBlankOrComment(quoted.rest)) {
        warn(start, `skipped: ${name} has text after its closing ${quote} quote`);
        continue;
      }
      value = quoted.value;
    } else {
      value = stripInlineComment(afterEq).trim();
    }
    if (value.includes('\0')) {
      warn(start, `skipped: ${name} contains a NUL byte`);
      continue;
    }
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      byName.delete(name);
      warn(start, `${name} is also set on line ${earlier.line}; this later value wins`);
    }
    byName.set(name, { name, value, line: start + 1 });
  }
  return { vars: [...byName.values()], warnings };
}

// Read a quoted value that opened on line `index`; `text` is what follows the opening quote.
function readQuoted(lines: readonly string[], index: number, text: string, quote: "'" | '"'): QuotedValue | undefined {
  let value = '';
  let current = text;
  for (let at = index; ; ) {
    const end = quote === "'" ? readSingleQuoted(current) : readDoubleQuoted(current);
    value += end.value;
    if (end.closedAt >= 0) return { value, endLine: at, rest: current.slice(end.closedAt + 1) };
    at++;
    if (at >= lines.length) return undefined;
    value += '\n';
    current = lines[at] ?? '';
  }
}

// Single quotes: everything up to the next ' is literal.
function readSingleQuoted(text: string): { value: string; closedAt: number } {
  const closedAt = text.indexOf("'");
  return { value: closedAt < 0 ? text : text.slice(0, closedAt), closedAt };
}

// Double quotes: \n \t \r \" \\ are escapes; any other backslash is kept as written.
function readDoubleQuoted(text: string): { value: string; closedAt: number } {
  let value = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] ?? '';
    if (ch === '"') return { value, closedAt: k };
    if (ch === '\\' && k + 1 < text.length) {
      const next = text[k + 1] ?? '';
      const escaped = DOUBLE_QUOTE_ESCAPES[next];
      value += escaped ?? `\\${next}`;
      k++;
      continue;
    }
    value += ch;
  }
  return { value, closedAt: -1 };
}

// An unquoted value ends where ` #` starts an inline comment (`COLOR=#fff` keeps its #).
function stripInlineComment(text: string): string {
  const match = /[ \t]#/.exec(text);
  return match === null ? text : text.slice(0, match.index);
}

function isBlankOrComment(text: string): boolean {
  const rest = text.trim();
  return rest === '' || rest.startsWith('#');
}
