// DIR/.vscode/tasks.json edited as JSONC (comments and trailing commas kept, other tasks
// untouched) with jsonc-parser's modify/applyEdits; written atomically (temp + rename).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError } from '../util/errors.ts';

// A task as VS Code's tasks.json schema (version 2.0.0) has it.
export interface VscodeTask {
  readonly label: string;
  readonly [key: string]: unknown;
}

// What adding a task did.
export type AddTaskOutcome = 'created' | 'added' | 'present';

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

// The tasks.json path of a folder.
export function tasksFilePath(dir: string): string {
  return join(dir, '.vscode', 'tasks.json');
}

// Add task to the file unless a task with its label is there; the file is created if missing.
export function addTask(file: string, task: VscodeTask): AddTaskOutcome {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeAtomically(file, `${JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2)}\n`);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  const updated = withTask(text, task, file);
  if (updated === undefined) return 'present';
  writeAtomically(file, updated);
  return 'added';
}

// The text with task appended to "tasks", or undefined when a task has its label already.
export function withTask(text: string, task: VscodeTask, file = 'tasks.json'): string | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) throw new UserError(`${file}:${lineOf(text, first.offset)}: not valid JSON with comments (${printParseErrorCode(first.error)}); left as it is`);
  if (root === undefined || text.trim() === '') return `${JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2)}\n`;
  if (root.type !== 'object') throw new UserError(`${file}: the top level is not an object; left as it is`);
  const tasks = findNodeAtLocation(root, ['tasks']);
  if (tasks === undefined) return applyEdits(text, modify(text, ['tasks'], [task], FORMAT));
  if (tasks.type !== 'array') throw new UserError(`${file}:${lineOf(text, tasks.offset)}: "tasks" is not an array; left as it is`);
  const labels = (tasks.children ?? []).map((child) => findNodeAtLocation(child, ['label'])?.value);
  if (labels.includes(task.label)) return undefined;
  return applyEdits(text, modify(text, ['tasks', -1], task, { ...FORMAT, isArrayInsertion: true }));
}

// The 1-based line of an offset.
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

// Write through a temp file in the same folder, then rename over the target.
function writeAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.tasks.json.${process.pid}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}
