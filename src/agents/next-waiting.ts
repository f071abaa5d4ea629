// The next agent waiting for the user, across sessions: longest-waiting first, cycling from
// the pane the client is on. One tmux query to read, one batch to go there.
import { PANE_OPTIONS } from './claude-contract.ts';
import { SINCE_PATTERN, WAITING_STATE } from '../options/key-paths.ts';
import { TmuxError, type RecordOf, type TmuxClient } from '../tmux/index.ts';

const PANE_FIELDS = {
  id: '#{pane_id}',
  sessionId: '#{session_id}',
  session: '#{session_name}',
  windowId: '#{window_id}',
  window: '#{window_index}:#{window_name}',
  state: `#{${PANE_OPTIONS.state}}`,
  since: `#{${PANE_OPTIONS.since}}`,
  reason: `#{${PANE_OPTIONS.waitingReason}}`,
} as const;
const CLIENT_FIELDS = { name: '#{client_name}', pane: '#{pane_id}', activity: '#{client_activity}' } as const;

// A pane whose agent waits, as list-panes -a shows it.
export type WaitingPane = Omit<RecordOf<typeof PANE_FIELDS>, 'state'>;

// A client and the pane it is looking at.
export type ClientView = RecordOf<typeof CLIENT_FIELDS>;

// A since that is a number; scripts/key-paths.sh gets the same rule through tmux's #{m/r:}.
const KNOWN_SINCE = new RegExp(SINCE_PATTERN);

// Waiting panes, each once, longest-waiting first (an unknown since last), ties by pane id.
export function orderWaiting(panes: readonly WaitingPane[]): WaitingPane[] {
  const since = (pane: WaitingPane) => (KNOWN_SINCE.test(pane.since) ? Number(pane.since) : Number.POSITIVE_INFINITY);
  const number = (pane: WaitingPane) => Number(pane.id.slice(1));
  return eachPaneOnce(panes).sort((a, b) => since(a) - since(b) || number(a) - number(b));
}

// The panes with each pane id once, at its first place: list-panes -a lists a window linked
// into several sessions (link-window, or a session group) once per session.
export function eachPaneOnce<Pane extends { readonly id: string }>(panes: readonly Pane[]): Pane[] {
  const seen = new Set<string>();
  return panes.filter((pane) => !seen.has(pane.id) && seen.add(pane.id));
}

// The pane to go to: the one after `current` in waiting order (cycling), or the first when
// `current` is not waiting; undefined when none waits.
export function chooseNextWaiting(panes: readonly WaitingPane[], current: string | undefined): WaitingPane | undefined {
  const ordered = orderWaiting(panes);
  const index = ordered.findIndex((pane) => pane.id === current);
  return ordered[(index + 1) % ordered.length];
}

// The named client (else the most recently active one), or undefined when there is none.
export function pickClient(clients: readonly ClientView[], name: string | undefined): ClientView | undefined {
  if (name !== undefined) return clients.find((client) => client.name === name);
  return [...clients].sort((a, b) => Number(b.activity) - Number(a.activity))[0];
}

// Every waiting pane (each once) and every client, in one tmux call.
export async function readWaiting(client: TmuxClient): Promise<{ panes: WaitingPane[]; clients: ClientView[] }> {
  const clientsQuery = { command: ['list-clients'], fields: CLIENT_FIELDS };
  let panes: RecordOf<typeof PANE_FIELDS>[];
  let clients: ClientView[];
  try {
    const [paneRecords = [], clientRecords = []] = await client.listMany([{ command: ['list-panes', '-a'], fields: PANE_FIELDS }, clientsQuery]);
    panes = paneRecords as RecordOf<typeof PANE_FIELDS>[];
    clients = clientRecords as ClientView[];
  } catch (error) {
    // With no sessions (exit-empty off), list-panes -a has no target and fails.
    if (!(error instanceof TmuxError) || error.kind === 'no-server') throw error;
    return { panes: [], clients: [] };
  }
  const waiting = panes.filter((pane) => pane.state === WAITING_STATE).map(({ state: _state, ...pane }) => pane);
  return { panes: eachPaneOnce(waiting), clients };
}

// Put the client on the pane: its session, its window, the pane itself, all by id.
export async function goToPane(client: TmuxClient, clientName: string, pane: WaitingPane): Promise<void> {
  await client.batch([
    ['switch-client', '-c', clientName, '-t', pane.sessionId],
    ['select-window', '-t', `${pane.sessionId}:${pane.windowId}`],
    ['select-pane', '-t', pane.id],
  ]);
}
