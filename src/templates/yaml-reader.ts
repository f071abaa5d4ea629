// Typed reads from a parsed YAML document; every complaint carries the node's line and column.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { closestWord } from './suggest.ts';
import { TemplateError, type TemplateWarning } from './types.ts';

// One `key: value` of a map; `value` is null when the key has no value at all.
export interface Field {
  readonly key: Node;
  readonly value: Node | null;
}

// Reads values out of one document, collecting warnings and throwing TemplateErrors.
export class YamlReader {
  readonly warnings: TemplateWarning[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  // Throw a TemplateError located at `node`.
  fail(node: Node | null, reason: string): never {
    const { line, column } = this.positionOf(node);
    throw new TemplateError(this.file, line, column, reason);
  }

  // Record a warning located at `node`, or at the given offset.
  warn(at: Node | number, message: string): void {
    const { line, column } = typeof at === 'number' ? this.positionAt(at) : this.positionOf(at);
    this.warnings.push({ file: this.file, line, column, message });
  }

  // The fields of a map by key; unknown keys become warnings naming the closest known key.
  fields(map: YAMLMap, path: string, known: readonly string[]): Map<string, Field> {
    const result = new Map<string, Field>();
    for (const { key, value } of this.entries(map)) {
      const name = isScalar(key) ? String(key.value) : String(key);
      if (!known.includes(name)) {
        const where = path === '' ? 'at the top level' : `in ${path}`;
        const guess = closestWord(name, known);
        this.warn(key, `unknown key '${name}' ${where} (ignored)${guess ? `; did you mean '${guess}'?` : ''}`);
        continue;
      }
      result.set(name, { key, value });
    }
    return result;
  }

  // The key/value pairs of a map in order, aliases resolved.
  entries(map: YAMLMap): Field[] {
    return map.items.map((pair) => ({ key: pair.key as Node, value: this.resolve(pair.value as Node | null) }));
  }

  // The value node, or undefined when the field is missing or has a null value.
  present(field: Field | undefined): Node | undefined {
    if (field === undefined || field.value === null) return undefined;
    if (isScalar(field.value) && field.value.value === null) return undefined;
    return field.value;
  }

  // A map, or an error saying what was found instead.
  map(node: Node | null, path: string): YAMLMap {
    if (isMap(node)) return node;
    return this.fail(node, `${path} must be a map of keys, got ${describe(node)}`);
  }

  // A non-empty list, or an error.
  list(node: Node | null, path: string): YAMLSeq {
    if (isSeq(node) && node.items.length > 0) return node;
    if (isSeq(node)) return this.fail(node, `${path} must not be empty`);
    return this.fail(node, `${path} must be a non-empty list, got ${describe(node)}`);
  }

  // The items of a list, aliases resolved.
  items(seq: YAMLSeq): (Node | null)[] {
    return seq.items.map((item) => this.resolve(item as Node | null));
  }

  // A string value; optionally refusing ''.
  string(node: Node | null, path: string, nonEmpty = false): string {
    if (!isScalar(node) || typeof node.value !== 'string') {
      const hint = isScalar(node) && node.value !== null ? ` (quote it: '${node.source ?? String(node.value)}')` : '';
      return this.fail(node, `${path} must be a string, got ${describe(node)}${hint}`);
    }
    if (nonEmpty && node.value.trim() === '') return this.fail(node, `${path} must not be empty`);
    return node.value;
  }

  // A boolean value.
  boolean(node: Node | null, path: string): boolean {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return this.fail(node, `${path} must be true or false, got ${describe(node)}`);
  }

  // A string or a list of strings, as a list.
  stringList(node: Node | null, path: string): string[] {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) return this.fail(node, `${path} must be a string or a list of strings, got ${describe(node)}`);
    return this.items(node).map((item, i) => this.string(item, `${path}[${i}]`));
  }

  // A scalar's text as written (`1.10` stays '1.10'); null becomes ''.
  scalarText(node: Node | null, path: string): string {
    if (!isScalar(node) || typeof node.value === 'object' && node.value !== null) {
      return this.fail(node, `${path} must be a string, number or boolean, got ${describe(node)}`);
    }
    if (node.value === null) return '';
    return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
  }

  private resolve(node: Node | null): Node | null {
    if (!isAlias(node)) return node;
    return node.resolve(this.doc) ?? null;
  }

  private positionOf(node: Node | null): { line: number; column: number } {
    return this.positionAt(node?.range?.[0] ?? 0);
  }

  private positionAt(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }
}

// What a node is, for messages: "a list", "a map", "nothing", "'text'", "42", "true".
export function describe(node: Node | null): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node) || node.value === null || node.value === undefined) return 'nothing';
  if (typeof node.value === 'string') return `'${node.value}'`;
  if (typeof node.value === 'number') return `number ${node.source ?? String(node.value)}`;
  return String(node.value);
}
