// The yaml package's syntax errors, turned into TemplateErrors that point at the line to fix.
import type { Document, LineCounter, YAMLError } from 'yaml';
import { TemplateError } from './types.ts';

// An over-indented key is reported by yaml as a multi-line key starting on the line above.
const OVER_INDENTED = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

// The first syntax error of a parsed document as a TemplateError, or undefined when there is none.
export function firstSyntaxError(doc: Document, text: string, file: string, lines: LineCounter): TemplateError | undefined {
  const first = doc.errors[0];
  if (first === undefined) return undefined;
  const multiline = doc.errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && e.pos[0] === first.pos[0]);
  if (OVER_INDENTED.has(first.code)) {
    const offset = firstNonBlankOfLine(text, lines, (multiline ?? first).pos[1]);
    const { line, col } = lines.linePos(offset);
    return new TemplateError(file, line, col, 'bad indentation: this line is indented more than the keys above it');
  }
  const { line, col } = lines.linePos(nextNonBlank(text, first.pos[0]));
  return new TemplateError(file, line, col, reasonOf(first, text));
}

// A readable reason for a yaml error: keys named, codes that need context explained.
function reasonOf(error: YAMLError, text: string): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^("[^"\n]*"|'[^'\n]*'|[^:#\n]*?)\s*:(\s|$)/.exec(text.slice(error.pos[0]))?.[1];
    return `duplicate key '${key?.replace(/^["']|["']$/g, '') ?? '?'}' (a key may appear once per map)`;
  }
  const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
  if (error.code === 'BAD_INDENT' || error.code === 'TAB_AS_INDENT') return `bad indentation: ${message}`;
  return `invalid YAML: ${message}`;
}

// yaml often reports the whitespace before the culprit; skip to the culprit itself.
function nextNonBlank(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && /\s/.test(text.charAt(at))) at++;
  return at < text.length ? at : offset;
}

// The offset of the first non-blank character on the line that contains `offset`.
function firstNonBlankOfLine(text: string, lines: LineCounter, offset: number): number {
  const { line } = lines.linePos(offset);
  const start = lines.lineStarts[line - 1] ?? 0;
  let at = start;
  while (at < text.length && (text.charAt(at) === ' ' || text.charAt(at) === '\t')) at++;
  return at;
}
