// tmux window layout strings (`#{window_layout}`): reading them, and telling in advance whether
// `select-layout` will take one, because tmux aborts a whole command batch at the first failure.
// The rules mirror tmux 3.3a's layout-custom.c (layout_parse, layout_construct, layout_check).

// One cell of a layout: a pane (leaf) or a container whose children split it.
export interface LayoutCell {
  width: number;
  height: number;
  x: number;
  y: number;
  paneId?: number;
  kind: 'leaf' | 'left-right' | 'top-bottom';
  children: LayoutCell[];
}

export type ParsedLayout = { ok: true; root: LayoutCell; checksumMatches: boolean } | { ok: false; reason: string };
export type PaneLayout = { ok: true; layout: string; width: number; height: number } | { ok: false; reason: string };

// tmux's WINDOW_MAXIMUM: tmux does not check it here, but a bigger window is never what was saved.
const MAXIMUM_SIZE = 10000;
const CHECKSUM_PREFIX = /^[0-9a-f]{4},/i;
const CELL_HEAD = /^(\d+)x(\d+),(\d+),(\d+)/;

// tmux's 16-bit rotate-and-add checksum of a layout body (the text after `CHECKSUM,`), as %04x.
export function layoutChecksum(body: string): string {
  let sum = 0;
  // Layouts are ASCII; anything else fails to parse whatever its checksum.
  for (let i = 0; i < body.length; i++) {
    sum = (sum >> 1) + ((sum & 1) << 15);
    sum = (sum + body.charCodeAt(i)) & 0xffff;
  }
  return sum.toString(16).padStart(4, '0');
}

// Read a layout as tmux's parser does (grammar only: sizes are checked by layoutForPanes).
export function parseLayout(layout: string): ParsedLayout {
  if (!CHECKSUM_PREFIX.test(layout)) return { ok: false, reason: 'invalid layout: it does not start with a 4-digit hex checksum and a comma' };
  const body = layout.slice(5);
  const cursor = { text: body, at: 0 };
  const root = readCell(cursor);
  if (typeof root === 'string') return { ok: false, reason: `invalid layout: ${root}` };
  if (cursor.at !== body.length) return { ok: false, reason: `invalid layout: ${where(cursor)} after the top cell` };
  return { ok: true, root, checksumMatches: parseInt(layout.slice(0, 4), 16) === parseInt(layoutChecksum(body), 16) };
}

// The same layout with the checksum tmux would write (a bare body gets one prepended).
export function withCorrectChecksum(layout: string): string {
  const body = CHECKSUM_PREFIX.test(layout) ? layout.slice(5) : layout;
  return `${layoutChecksum(body)},${body}`;
}

// How many panes a layout holds.
export function leafCount(root: LayoutCell): number {
  return root.kind === 'leaf' ? 1 : root.children.reduce((sum, child) => sum + leafCount(child), 0);
}

// Whether `select-layout` takes this layout on a window of `panes` panes, and the layout to pass
// (checksum fixed) with the window size tmux will set; otherwise why not.
export function layoutForPanes(layout: string, panes: number): PaneLayout {
  const parsed = parseLayout(layout);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(panes) || panes < 1) return { ok: false, reason: `a window has at least one pane, not ${panes}` };
  const root = parsed.root;
  const unsafe = unsafeCell(root);
  if (unsafe !== undefined) return { ok: false, reason: unsafe };
  const cells = leafCount(root);
  if (panes > cells) return { ok: false, reason: `the window has ${panes} panes but the layout only ${cells} cells` };
  // Fewer panes than cells: tmux closes the bottom-right cell until the counts match.
  let top = root;
  while (leafCount(top) > panes) top = withoutBottomRight(top);
  fixTopCellSize(top);
  const mismatch = sizeMismatch(top);
  if (mismatch !== undefined) return { ok: false, reason: `size mismatch after applying layout: ${mismatch}` };
  return { ok: true, layout: withCorrectChecksum(layout), width: top.width, height: top.height };
}

// A layout without its checksum and pane ids (`160x48,0,0{80x48,0,0,79x48,81,0}`), to compare layouts.
export function layoutWithoutChecksumAndIds(layout: string): string {
  const parsed = parseLayout(layout);
  if (!parsed.ok) throw new Error(`${parsed.reason}: ${layout}`);
  return cellText(parsed.root);
}

interface Cursor {
  readonly text: string;
  at: number;
}

function where(cursor: Cursor): string {
  const char = cursor.text[cursor.at];
  return char === undefined ? 'the text ends too early' : `unexpected '${char}' at body character ${cursor.at}`;
}

// layout_construct: `WxH,X,Y`, then an optional `,ID`, then `{children}`, `[children]` or nothing.
function readCell(cursor: Cursor): LayoutCell | string {
  const head = CELL_HEAD.exec(cursor.text.slice(cursor.at));
  if (head === null) return `${where(cursor)}: expected a cell WIDTHxHEIGHT,X,Y`;
  cursor.at += head[0].length;
  const cell: LayoutCell = { width: Number(head[1]), height: Number(head[2]), x: Number(head[3]), y: Number(head[4]), kind: 'leaf', children: [] };
  // `,DIGITS` is a pane id unless an `x` follows, when it is the next sibling's width; tmux
  // also takes an empty id (`,` then a bracket or the end) and ignores an id on a container.
  const id = /^,(\d*)/.exec(cursor.text.slice(cursor.at));
  if (id !== null && cursor.text[cursor.at + id[0].length] !== 'x') {
    cursor.at += id[0].length;
    if (id[1] !== '') cell.paneId = Number(id[1]);
  }
  const open = cursor.text[cursor.at];
  if (open === undefined || open === ',' || open === '}' || open === ']') return cell;
  if (open !== '{' && open !== '[') return `${where(cursor)}: expected ',', '{', '[' or the end after a cell`;
  cell.kind = open === '{' ? 'left-right' : 'top-bottom';
  delete cell.paneId;
  do {
    cursor.at++;
    const child = readCell(cursor);
    if (typeof child === 'string') return child;
    cell.children.push(child);
  } while (cursor.text[cursor.at] === ',');
  const close = open === '{' ? '}' : ']';
  if (cursor.text[cursor.at] !== close) return `${where(cursor)}: expected '${close}' to close the '${open}'`;
  cursor.at++;
  return cell;
}

// Cells tmux accepts but should not be given: zero or huge sizes, and one-child containers,
// which crash tmux 3.3a when their pane is closed (also by select-layout's own trimming).
function unsafeCell(cell: LayoutCell): string | undefined {
  const size = `${cell.width}x${cell.height}`;
  if (cell.width === 0 || cell.height === 0) return `a cell of size ${size} has no room for a pane`;
  if (cell.width > MAXIMUM_SIZE || cell.height > MAXIMUM_SIZE) return `a cell of size ${size} is larger than tmux's ${MAXIMUM_SIZE}`;
  if (cell.kind !== 'leaf' && cell.children.length < 2) return `the ${cell.kind} cell of size ${size} has a single child`;
  for (const child of cell.children) {
    const reason = unsafeCell(child);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

// layout_destroy_cell on the bottom-right leaf: its space and separator go to its previous
// sibling, and a container left with one child is replaced by that child. Returns the top cell.
function withoutBottomRight(root: LayoutCell): LayoutCell {
  const path = [root];
  for (let cell = root; cell.kind !== 'leaf'; path.push(cell)) cell = cell.children[cell.children.length - 1]!;
  const leaf = path.pop()!;
  const parent = path.pop();
  if (parent === undefined) return root;
  parent.children.pop();
  // unsafeCell refused one-child containers, so there is always a previous sibling.
  const other = parent.children[parent.children.length - 1]!;
  grow(other, parent.kind, (parent.kind === 'left-right' ? leaf.width : leaf.height) + 1);
  if (parent.children.length > 1) return root;
  const grandparent = path.pop();
  if (grandparent === undefined) return { ...other, x: 0, y: 0 };
  grandparent.children[grandparent.children.length - 1] = other;
  return root;
}

// layout_resize_adjust growing a cell: across its split, one cell at a time from the first child.
function grow(cell: LayoutCell, direction: LayoutCell['kind'], change: number): void {
  if (direction === 'left-right') cell.width += change;
  else cell.height += change;
  if (cell.kind !== direction) {
    for (const child of cell.children) grow(child, direction, change);
    return;
  }
  while (change > 0) {
    for (const child of cell.children) {
      if (change === 0) break;
      grow(child, direction, 1);
      change--;
    }
  }
}

// tmux resizes the top container to fit its children, because older tmux wrote wrong sizes;
// its test compares sizes plus one separator, so a cell exactly one larger keeps its size.
function fixTopCellSize(top: LayoutCell): void {
  const last = top.children[top.children.length - 1];
  if (last === undefined) return;
  const span = (size: (cell: LayoutCell) => number) => top.children.reduce((sum, child) => sum + size(child) + 1, 0);
  const across = top.kind === 'left-right';
  const width = across ? span((cell) => cell.width) : last.width + 1;
  const height = across ? last.height + 1 : span((cell) => cell.height);
  if (top.width === width && top.height === height) return;
  top.width = width - 1;
  top.height = height - 1;
}

// layout_check: children fill their container exactly, one separator between each pair.
function sizeMismatch(cell: LayoutCell): string | undefined {
  if (cell.kind === 'leaf') return undefined;
  const across = cell.kind === 'left-right';
  const size = (c: LayoutCell) => (across ? c.width : c.height);
  const side = (c: LayoutCell) => (across ? c.height : c.width);
  const name = `${cell.kind} cell ${cell.width}x${cell.height}`;
  let total = -1;
  for (const child of cell.children) {
    if (side(child) !== side(cell)) return `a child ${child.width}x${child.height} of the ${name} is not ${across ? 'as high' : 'as wide'} as it`;
    const inner = sizeMismatch(child);
    if (inner !== undefined) return inner;
    total += size(child) + 1;
  }
  if (total !== size(cell)) return `the children of the ${name} add up to ${total} ${across ? 'columns' : 'rows'} with separators`;
  return undefined;
}

function cellText(cell: LayoutCell): string {
  const head = `${cell.width}x${cell.height},${cell.x},${cell.y}`;
  if (cell.kind === 'leaf') return head;
  const [open, close] = cell.kind === 'left-right' ? ['{', '}'] : ['[', ']'];
  return `${head}${open}${cell.children.map(cellText).join(',')}${close}`;
}
