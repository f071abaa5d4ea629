// The switcher's loop: read rows, draw, turn keys into state and actions, refresh every
// second (agent states change, sessions come and go), redraw on resize.
import type { TmuxClient } from '../tmux/index.ts';
import { goToSession } from '../workspace/go-to.ts';
import { capturePreview, destinationOf, killRow, renameRow, type Destination } from './actions.ts';
import { cellsOf, lineUpdate } from './cells.ts';
import { decodeKeys, flushPending } from './keys.ts';
import { loadRows, refreshBranches } from './rows.ts';
import { listRows, renderFrame } from './screen.ts';
import { applyKey, frameViewOf, initialState, resized, selectedRow, withRows, type Action, type SwitcherState } from './state.ts';
import { openTerminal, type Terminal } from './terminal.ts';
import { traceFromEnv } from './trace.ts';
import type { SwitcherRow } from './types.ts';

export interface SwitcherOptions {
  readonly client: TmuxClient;
  /** Raw input that closes the switcher besides Esc (the key that opened it, e.g. "\x05" for C-e). */
  readonly closeInput?: string;
  readonly refreshMs?: number;
}

// How the switcher ended: a row chosen with Enter, or nothing.
export type SwitcherResult = { readonly chosen: SwitcherRow } | { readonly chosen: undefined };

const ESCAPE_WAIT_MS = 25;
const QUIET_AFTER_KEY_MS = 400;

// Run the switcher until a row is chosen or it is closed; the terminal is restored first.
export async function runSwitcher(options: SwitcherOptions): Promise<SwitcherResult> {
  const { client } = options;
  const trace = traceFromEnv();
  trace('start');
  const listing = await loadRows(client);
  trace('rows');
  const terminal = openTerminal();
  let state: SwitcherState = initialState(listing.rows);
  let preview: string[] | undefined;
  let pending = '';
  let escapeTimer: NodeJS.Timeout | undefined;
  let busy: Promise<unknown> = Promise.resolve();
  const refreshMs = options.refreshMs ?? 1000;
  let finish: (result: SwitcherResult) => void = () => undefined;
  const done = new Promise<SwitcherResult>((resolve) => (finish = resolve));
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  let lastKeyAt = 0;

  const visible = () => listHeight(terminal, state.previewOn);
  const draw = () => {
    const lines = renderFrame(frameViewOf(state, terminal.width, terminal.height, preview));
    trace('rendered');
    terminal.draw(lines);
    trace('drawn');
  };
  // Keys read in one go (tmux held them while busy, or a paste) are drawn as one frame.
  let drawQueued = false;
  const drawSoon = () => {
    if (drawQueued) return;
    drawQueued = true;
    setImmediate(() => {
      drawQueued = false;
      if (!ended) draw();
    });
  };
  const end = (result: SwitcherResult) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    clearTimeout(escapeTimer);
    terminal.close();
    finish(result);
  };
  // Read the rows again (tmux answers while keys go on being handled); true when the
  // screen needs drawing: the rows or the preview changed.
  const reload = async (): Promise<boolean> => {
    trace('reload-start');
    const next = await loadRows(client, { concurrently: true });
    trace('reload-end');
    const before = state;
    state = withRows(state, next.rows, visible());
    if (!state.previewOn) return state !== before;
    const lines = await capturePreview(client, selectedRow(state), previewHeight(terminal));
    const same = preview !== undefined && lines.length === preview.length && lines.every((line, index) => line === preview?.[index]);
    preview = lines;
    return state !== before || !same;
  };
  const perform = async (action: Action) => {
    switch (action.kind) {
      case 'quit':
        return end({ chosen: undefined });
      case 'go':
        return end({ chosen: action.row });
      case 'kill':
        state = { ...state, message: await killRow(client, action.row) };
        await reload();
        return;
      case 'rename':
        state = { ...state, message: await renameRow(client, action.row, action.name) };
        await reload();
        return;
      case 'preview':
        preview = await capturePreview(client, selectedRow(state), previewHeight(terminal));
        return;
    }
  };
  const press = (keys: ReturnType<typeof decodeKeys>['keys']) => {
    for (const key of keys) {
      if (ended) return;
      const before = selectedRow(state);
      const step = applyKey(state, key, visible());
      state = step.state;
      const action = step.action ?? (state.previewOn && selectedRow(state) !== before ? ({ kind: 'preview' } as const) : undefined);
      if (action) busy = busy.then(() => perform(action)).then(() => !ended && draw());
    }
    trace('applied');
    if (!ended) drawSoon();
  };

  terminal.onKeys((chunk) => {
    trace(`key ${JSON.stringify(chunk)}`);
    lastKeyAt = Date.now();
    clearTimeout(escapeTimer);
    if (options.closeInput && chunk.includes(options.closeInput)) return end({ chosen: undefined });
    const decoded = decodeKeys(pending + chunk);
    pending = decoded.rest;
    press(decoded.keys);
    // A lone ESC may begin a sequence whose rest is still on its way: wait a moment.
    if (pending !== '') {
      escapeTimer = setTimeout(() => {
        const rest = pending;
        pending = '';
        press(flushPending(rest));
      }, ESCAPE_WAIT_MS);
    }
  });
  terminal.onGone(() => end({ chosen: undefined }));
  terminal.onResize(() => {
    terminal.invalidate();
    state = resized(state, visible());
    draw();
  });
  // Refresh every second, or ten times as long as reading the rows took (tmux answers no
  // key while it lists the sessions; raw fields keep that short), and never within a moment
  // of a key press: typing goes first. Node handles keys while tmux answers.
  const scheduleRefresh = (delay: number) => {
    timer = setTimeout(() => {
      if (ended) return;
      const sinceKey = Date.now() - lastKeyAt;
      if (sinceKey < QUIET_AFTER_KEY_MS) return scheduleRefresh(QUIET_AFTER_KEY_MS - sinceKey);
      const started = Date.now();
      busy = busy
        .then(reload)
        .then((changed) => changed && !ended && draw())
        .catch(() => undefined)
        .finally(() => !ended && scheduleRefresh(Math.max(refreshMs, (Date.now() - started) * 10)));
    }, delay);
  };
  scheduleRefresh(refreshMs);

  draw();
  // A popup lives for a few keys, so its key path would run unoptimized (V8 optimizes code
  // only once it is hot): the first keys cost several times the CPU of later ones. Run the
  // path (filter, ranking, frame, cell diff) unseen a few times while the user reads the
  // list, one pass per turn of the event loop so that a key never waits for more than one.
  const rehearse = (passes: number): Promise<void> =>
    new Promise((resolve) => {
      const pass = (left: number) => {
        const text = state.rows[left % Math.max(1, state.rows.length)]?.name.slice(0, 2);
        if (ended || left <= 0 || text === undefined) return resolve();
        const frame = (view: SwitcherState) => renderFrame(frameViewOf(view, terminal.width, terminal.height, preview));
        const shown = frame(state);
        let view = state;
        for (const char of text) {
          view = applyKey(view, { name: 'text', text: char }, visible()).state;
          frame(view).forEach((line, index) => lineUpdate(index + 1, cellsOf(shown[index] ?? ''), cellsOf(line), line));
        }
        applyKey(view, { name: 'backspace' }, visible());
        setImmediate(() => pass(left - 1));
      };
      setImmediate(() => pass(passes));
    });
  // Branches come from .git/HEAD files: read them once the list is up, then redraw.
  busy = busy
    .then(() => rehearse(6))
    .then(() => trace('rehearsed'))
    .then(async () => {
      if (await refreshBranches(client, listing.folders)) {
        await reload();
        if (!ended) draw();
      }
    })
    .catch(() => undefined);
  return done;
}

// Rows the list shows, never fewer than one (paging and scrolling need a page).
function listHeight(terminal: Pick<Terminal, 'width' | 'height'>, previewOn: boolean): number {
  return Math.max(1, listRows(terminal.width, terminal.height, previewOn));
}

// Lines the preview gets: beside the list from 80 columns, else below it, under a rule.
function previewHeight(terminal: Pick<Terminal, 'width' | 'height'>): number {
  const area = listRows(terminal.width, terminal.height, false);
  return Math.max(1, terminal.width < 80 ? area - listRows(terminal.width, terminal.height, true) - 1 : area);
}

// Where a chosen row leads (built first when it is a project); the client goes there (or,
// outside tmux, this terminal attaches).
export async function goTo(client: TmuxClient, row: SwitcherRow, clientName: string | undefined): Promise<Destination> {
  const destination = await destinationOf(client, row);
  await goToSession(client, destination.session, { clientName });
  return destination;
}
