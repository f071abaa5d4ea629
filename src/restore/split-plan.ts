// How a restore splits a window into its panes. Each split divides the newest pane (the active
// one), so a window of several panes runs out of room unless the panes are evened out now and
// then; re-tiling after every split costs tmux a layout pass per pane at a thousand panes, so
// the window is tiled only before a split that would not have room. Pure: tmux's arithmetic,
// kept on the safe side (a split may be tiled first when tmux would have managed without).

// One split of a window: side by side (`-h`) or one above the other, and whether the panes
// are tiled first.
export interface SplitStep {
  readonly horizontal: boolean;
  readonly tileFirst: boolean;
}

// A pane narrower or lower than this is never split: tmux needs 3 cells (two panes of one
// and a border); the margin keeps the plan right on tmux versions with a larger minimum.
const ROOM = 5;

// The splits that make `panes` panes in a window of `size` (undefined: the size is not known,
// so every split after the first is tiled first, as a restore always did).
export function splitSteps(panes: number, size: { readonly width: number; readonly height: number } | undefined): SplitStep[] {
  const steps: SplitStep[] = [];
  let newest = size === undefined ? undefined : { width: size.width, height: size.height };
  for (let made = 1; made < panes; made++) {
    if (size === undefined || newest === undefined) {
      steps.push({ horizontal: false, tileFirst: made > 1 });
      continue;
    }
    let tileFirst = false;
    if (!hasRoom(newest)) {
      tileFirst = made > 1;
      newest = tiledCell(size, made);
    }
    const horizontal = splitsSideBySide(newest);
    newest = horizontal ? { width: half(newest.width), height: newest.height } : { width: newest.width, height: half(newest.height) };
    steps.push({ horizontal, tileFirst });
  }
  return steps;
}

function hasRoom(pane: { width: number; height: number }): boolean {
  return pane.width >= ROOM || pane.height >= ROOM;
}

// Split across the longer side (a cell is about twice as high as wide); with no room either
// way, one above the other, tmux's default, and tmux says whether it fits.
function splitsSideBySide(pane: { width: number; height: number }): boolean {
  if (pane.width < ROOM) return false;
  if (pane.height < ROOM) return true;
  return pane.width >= 2 * pane.height;
}

// The smaller of the two panes a split leaves (the new one, which becomes the newest).
function half(cells: number): number {
  return Math.max(0, Math.floor((cells - 1) / 2));
}

// The size of each pane after `select-layout tiled` of `panes` panes (layout_set_tiled: rows
// first, then columns, until the grid holds them; the last pane may be larger, never smaller).
function tiledCell(size: { width: number; height: number }, panes: number): { width: number; height: number } {
  let rows = 1;
  let columns = 1;
  while (rows * columns < panes) {
    rows++;
    if (rows * columns < panes) columns++;
  }
  return { width: Math.floor((size.width - (columns - 1)) / columns), height: Math.floor((size.height - (rows - 1)) / rows) };
}
