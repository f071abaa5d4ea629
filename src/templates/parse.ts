// Template files: YAML text in, a validated Template out (or a TemplateError with file:line:column).
import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';
import { PANE_ROLES, TemplateError, type PaneRole, type PaneTemplate, type Template, type TemplateWarning, type WindowTemplate } from './types.ts';
import { firstSyntaxError } from './yaml-errors.ts';
import { YamlReader, describe, type Field } from './yaml-reader.ts';

// The keys a template file may use at its top level.
export const TEMPLATE_KEYS = ['name', 'description', 'root', 'history-limit', 'before', 'env', 'windows'] as const;
// The keys of one window.
export const WINDOW_KEYS = ['name', 'layout', 'focus', 'panes'] as const;
// The keys of one pane.
export const PANE_KEYS = ['role', 'dir', 'commands', 'focus', 'title'] as const;

// A variable name a shell accepts.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Parse and validate a template file; `file` names it in messages and becomes its `source`.
export function parseTemplate(text: string, file: string, fallbackName: string): { template: Template; warnings: TemplateWarning[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines, uniqueKeys: true });
  const syntaxError = firstSyntaxError(doc, text, file, lines);
  if (syntaxError) throw syntaxError;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new TemplateError(file, 0, 0, 'the file is empty');
  }
  const reader = new YamlReader(file, doc, lines);
  for (const warning of doc.warnings) reader.warn(warning.pos[0], warning.message);
  const template = readTemplate(reader, doc.contents, file, fallbackName);
  return { template, warnings: reader.warnings };
}

function readTemplate(r: YamlReader, node: Node, source: string, fallbackName: string): Template {
  const fields = r.fields(r.map(node, 'the top level'), '', TEMPLATE_KEYS);
  const windowsField = fields.get('windows');
  const windowsNode = r.present(windowsField);
  if (windowsNode === undefined) r.fail(windowsField?.key ?? node, 'windows is required: a list of windows, each with panes');
  const name = optional(r, fields.get('name'), (v) => r.string(v, 'name', true)) ?? fallbackName;
  const historyLimit = optional(r, fields.get('history-limit'), (v) => positiveInteger(r, v, 'history-limit'));
  return {
    name,
    description: optional(r, fields.get('description'), (v) => r.string(v, 'description')) ?? '',
    root: optional(r, fields.get('root'), (v) => relativePath(r, v, 'root')) ?? '.',
    env: optional(r, fields.get('env'), (v) => readEnv(r, v)) ?? {},
    ...(historyLimit === undefined ? {} : { historyLimit }),
    before: optional(r, fields.get('before'), (v) => r.stringList(v, 'before')) ?? [],
    windows: readWindows(r, windowsNode),
    source,
  };
}

function readWindows(r: YamlReader, node: Node): WindowTemplate[] {
  const windows: WindowTemplate[] = [];
  let focused: number | undefined;
  r.items(r.list(node, 'windows')).forEach((item, i) => {
    const path = `windows[${i}]`;
    const fields = r.fields(r.map(item, path), path, WINDOW_KEYS);
    const name = required(r, fields.get('name'), item, `${path}.name`, (v) => r.string(v, `${path}.name`, true));
    const layout = optional(r, fields.get('layout'), (v) => r.string(v, `${path}.layout`, true));
    const focus = optional(r, fields.get('focus'), (v) => r.boolean(v, `${path}.focus`)) ?? false;
    if (focus && focused !== undefined) {
      r.fail(focusNodeOf(item), `${path}.focus: only one window can have focus: true (windows[${focused}] already has it)`);
    }
    if (focus) focused = i;
    const panesNode = required(r, fields.get('panes'), item, `${path}.panes`, (v) => v);
    const panes = readPanes(r, panesNode, `${path}.panes`);
    windows.push({ name, ...(layout === undefined ? {} : { layout }), focus, panes });
  });
  // Exactly one window ends up selected: the first one unless another asked for focus.
  if (focused === undefined && windows[0]) windows[0] = { ...windows[0], focus: true };
  return windows;
}

function readPanes(r: YamlReader, node: Node, path: string): PaneTemplate[] {
  const panes: PaneTemplate[] = [];
  let focused: number | undefined;
  r.items(r.list(node, path)).forEach((item, i) => {
    const pane = readPane(r, item, `${path}[${i}]`);
    if (pane.focus && focused !== undefined) {
      r.fail(focusNodeOf(item), `${path}[${i}].focus: only one pane per window can have focus: true (${path}[${focused}] already has it)`);
    }
    if (pane.focus) focused = i;
    panes.push(pane);
  });
  // Exactly one pane per window ends up active: the first one unless another asked for focus.
  if (focused === undefined && panes[0]) panes[0] = { ...panes[0], focus: true };
  return panes;
}

function readPane(r: YamlReader, item: Node | null, path: string): PaneTemplate {
  if (isScalar(item) && typeof item.value === 'string') {
    const command = r.string(item, path, true);
    return { role: 'shell', dir: '.', commands: [command], focus: false };
  }
  if (!isMap(item)) r.fail(item, `${path} must be a map of pane keys or a command string, got ${describe(item)}`);
  const fields = r.fields(r.map(item, path), path, PANE_KEYS);
  const title = optional(r, fields.get('title'), (v) => r.string(v, `${path}.title`));
  return {
    role: optional(r, fields.get('role'), (v) => paneRole(r, v, `${path}.role`)) ?? 'shell',
    dir: optional(r, fields.get('dir'), (v) => relativePath(r, v, `${path}.dir`)) ?? '.',
    commands: optional(r, fields.get('commands'), (v) => r.stringList(v, `${path}.commands`)) ?? [],
    focus: optional(r, fields.get('focus'), (v) => r.boolean(v, `${path}.focus`)) ?? false,
    ...(title === undefined ? {} : { title }),
  };
}

function paneRole(r: YamlReader, node: Node, path: string): PaneRole {
  const role = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  if (role !== undefined && (PANE_ROLES as readonly string[]).includes(role)) return role as PaneRole;
  return r.fail(node, `${path} must be one of ${PANE_ROLES.join(', ')}, got ${describe(node)}`);
}

// A folder inside the project: relative, no '..'; normalised ('./src/' -> 'src', '' -> '.').
function relativePath(r: YamlReader, node: Node, path: string): string {
  const text = r.string(node, path);
  if (text.startsWith('/') || text.startsWith('~')) {
    r.fail(node, `${path} must be relative to the project root, got '${text}'`);
  }
  const segments = text.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) r.fail(node, `${path} must stay inside the project root ('..' is not allowed), got '${text}'`);
  return segments.length === 0 ? '.' : segments.join('/');
}

function positiveInteger(r: YamlReader, node: Node, path: string): number {
  if (isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value) && node.value > 0) return node.value;
  return r.fail(node, `${path} must be a positive integer, got ${describe(node)}`);
}

function readEnv(r: YamlReader, node: Node): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { key, value } of r.entries(r.map(node, 'env'))) {
    const name = isScalar(key) ? String(key.value) : describe(key);
    if (!ENV_NAME.test(name)) {
      r.fail(key, `env name '${name}' is not a valid variable name (letters, digits and _, not starting with a digit)`);
    }
    env[name] = r.scalarText(value, `env.${name}`);
  }
  return env;
}

// Read a field's value when present (null counts as absent).
function optional<T>(r: YamlReader, field: Field | undefined, read: (value: Node) => T): T | undefined {
  const value = r.present(field);
  return value === undefined ? undefined : read(value);
}

// Read a field's value, or fail at the field (or its map) saying it is required.
function required<T>(r: YamlReader, field: Field | undefined, parent: Node | null, path: string, read: (value: Node) => T): T {
  const value = r.present(field);
  if (value === undefined) return r.fail(field?.key ?? parent, `${path} is required`);
  return read(value);
}

// The `focus` value of a window or pane map, to point at it in messages.
function focusNodeOf(item: Node | null): Node | null {
  return isMap(item) ? ((item.get('focus', true) as Node | undefined) ?? item) : item;
}
