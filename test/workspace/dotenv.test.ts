import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/workspace/dotenv.ts';

const FILE = '.env.claude';

// The variables as a plain NAME -> value map, for short assertions.
function valuesOf(text: string): Record<string, string> {
  return Object.fromEntries(parseDotenv(text, FILE).vars.map((v) => [v.name, v.value]));
}

function warningsOf(text: string): string[] {
  return parseDotenv(text, FILE).warnings.map((w) => w.message);
}

describe('.env.claude', () => {
  it('sets NAME=value variables with the line each starts on', () => {
    expect(parseDotenv('A=1\nB=two\n', FILE)).toEqual({
      vars: [
        { name: 'A', value: '1', line: 1 },
        { name: 'B', value: 'two', line: 2 },
      ],
      warnings: [],
    });
  });

  it('skips blank lines and # comments', () => {
    const parsed = parseDotenv('# settings\n\n   \n  # indented comment\nA=1\n', FILE);
    expect(parsed.vars).toEqual([{ name: 'A', value: '1', line: 5 }]);
    expect(parsed.warnings).toEqual([]);
  });

  it('accepts an export prefix', () => {
    expect(valuesOf('export A=1\nexport   B="two"\n')).toEqual({ A: '1', B: 'two' });
  });

  it('allows spaces around = and trims unquoted values', () => {
    expect(valuesOf('A = 1\nB=   spaced out   \n  C\t=\tx')).toEqual({ A: '1', B: 'spaced out', C: 'x' });
  });

  it('keeps = inside values', () => {
    expect(valuesOf('URL=postgres://u:p@h/db?sslmode=require&x=1\nQ="a=b"')).toEqual({
      URL: 'postgres://u:p@h/db?sslmode=require&x=1',
      Q: 'a=b',
    });
  });

  it('accepts an empty value', () => {
    expect(valuesOf('EMPTY=\nQUOTED=""\nSINGLE=\'\'')).toEqual({ EMPTY: '', QUOTED: '', SINGLE: '' });
  });

  it('ends an unquoted value at an inline " #" comment, but keeps a # inside a word', () => {
    expect(valuesOf('A=value # a comment\nB= # only a comment\nCOLOR=#ff0000\nTAG=issue#12\n')).toEqual({
      A: 'value',
      B: '',
      COLOR: '#ff0000',
      TAG: 'issue#12',
    });
  });

  it('keeps " #" inside quoted values and allows a comment after the closing quote', () => {
    expect(valuesOf(`A="x # not a comment" # comment\nB='y # z'   # comment`)).toEqual({
      A: 'x # not a comment',
      B: 'y # z',
    });
  });

  it('takes single-quoted values literally, with no escapes', () => {
    expect(valuesOf(String.raw`A='a\nb\\c "d"'`)).toEqual({ A: String.raw`a\nb\\c "d"` });
  });

  it('understands \\n \\t \\r \\" \\\\ in double-quoted values and keeps other backslashes', () => {
    expect(valuesOf(String.raw`A="l1\nl2\tt\rr \"q\" back\\slash \d \$HOME"`)).toEqual({
      A: 'l1\nl2\tt\rr "q" back\\slash \\d \\$HOME',
    });
  });

  it('keeps whitespace inside quotes', () => {
    expect(valuesOf(`A="  padded  "\nB='  padded  '`)).toEqual({ A: '  padded  ', B: '  padded  ' });
  });

  it('lets quoted values span lines', () => {
    const parsed = parseDotenv(`KEY="-----BEGIN-----\nabc  \n-----END-----"\nS='one\ntwo'\nNEXT=1\n`, FILE);
    expect(parsed.vars).toEqual([
      { name: 'KEY', value: '-----BEGIN-----\nabc  \n-----END-----', line: 1 },
      { name: 'S', value: 'one\ntwo', line: 4 },
      { name: 'NEXT', value: '1', line: 6 },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('handles CRLF line endings, including inside quoted values', () => {
    const parsed = parseDotenv('A=1\r\nB="x\r\ny"\r\n# c\r\nC=3 # c\r\n', FILE);
    expect(parsed.vars).toEqual([
      { name: 'A', value: '1', line: 1 },
      { name: 'B', value: 'x\ny', line: 2 },
      { name: 'C', value: '3', line: 5 },
    ]);
  });

  it('ignores a byte-order mark', () => {
    expect(valuesOf('\uFEFFA=1')).toEqual({ A: '1' });
  });

  it('lets a later NAME override an earlier one, keeping one entry', () => {
    const parsed = parseDotenv('A=1\nB=2\nA=3\n', FILE);
    expect(parsed.vars).toEqual([
      { name: 'B', value: '2', line: 2 },
      { name: 'A', value: '3', line: 3 },
    ]);
    expect(parsed.warnings).toEqual([{ line: 3, message: '.env.claude:3: A is also set on line 1; this later value wins' }]);
  });

  describe('never expands or executes anything', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps $(...), backticks and ${VAR} as literal text', () => {
      const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
      dirs.push(dir);
      const pwned = join(dir, 'PWNED');
      const text = [
        'A=$(touch PWNED)',
        `B="$(touch ${pwned})"`,
        'C=`touch PWNED`',
        `D='\`touch ${pwned}\`'`,
        'E=${HOME}/x',
        'F="$HOME and ${USER}"',
        'G=$(rm -rf ~)',
      ].join('\n');
      expect(valuesOf(text)).toEqual({
        A: '$(touch PWNED)',
        B: `$(touch ${pwned})`,
        C: '`touch PWNED`',
        D: `\`touch ${pwned}\``,
        E: '${HOME}/x',
        F: '$HOME and ${USER}',
        G: '$(rm -rf ~)',
      });
      expect(readdirSync(dir)).toEqual([]);
      expect(readdirSync(process.cwd())).not.toContain('PWNED');
    });
  });

  describe('skips invalid lines with a warning naming the file and line', () => {
    it('a line without =', () => {
      const parsed = parseDotenv('A=1\n\nfoo bar\nB=2', FILE);
      expect(parsed.vars.map((v) => v.name)).toEqual(['A', 'B']);
      expect(parsed.warnings).toEqual([{ line: 3, message: ".env.claude:3: skipped: 'foo bar' is not NAME=value" }]);
    });

    it('a bad variable name', () => {
      expect(warningsOf('1A=x\nfoo bar=1\nA-B=2\n=3\nOK=1')).toEqual([
        ".env.claude:1: skipped: '1A=x' is not NAME=value ('1A' is not a valid variable name)",
        ".env.claude:2: skipped: 'foo bar=1' is not NAME=value ('foo bar' is not a valid variable name)",
        ".env.claude:3: skipped: 'A-B=2' is not NAME=value ('A-B' is not a valid variable name)",
        ".env.claude:4: skipped: '=3' is not NAME=value ('' is not a valid variable name)",
      ]);
    });

    it('an export with no value', () => {
      expect(warningsOf('export A')).toEqual([".env.claude:1: skipped: 'export A' is not NAME=value"]);
    });

    it('an unterminated quote, reported where it opened, without swallowing the lines after it', () => {
      const parsed = parseDotenv('A=1\nB="never closed\nC=3\nD=4', FILE);
      expect(parsed.vars.map((v) => [v.name, v.value])).toEqual([
        ['A', '1'],
        ['C', '3'],
        ['D', '4'],
      ]);
      expect(parsed.warnings).toEqual([{ line: 2, message: '.env.claude:2: skipped: B has an unterminated " quote' }]);
    });

    it("an unterminated ' quote", () => {
      expect(warningsOf("A='open")).toEqual([".env.claude:1: skipped: A has an unterminated ' quote"]);
    });

    it('text after a closing quote', () => {
      expect(warningsOf('A="x" y\nB=1')).toEqual(['.env.claude:1: skipped: A has text after its closing " quote']);
    });

    it('a NUL byte, which no environment variable can hold', () => {
      expect(warningsOf('A=x\0y\nB=1')).toEqual(['.env.claude:1: skipped: A contains a NUL byte']);
    });

    it('using the file name it is given', () => {
      expect(parseDotenv('nope', '/p/.env.claude').warnings[0]?.message).toBe(
        "/p/.env.claude:1: skipped: 'nope' is not NAME=value",
      );
    });
  });
});
