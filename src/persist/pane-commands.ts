// What runs in each pane, as a full command line: one `ps` for the whole server.
//
// tmux-resurrect's default strategy (save_command_strategies/ps.sh) runs
// `ps -ao "ppid,args" | grep "^$PANE_PID" | cut -d' ' -f2-` once per pane: the child of
// the pane's shell, by a PID prefix match (pane 12 also takes the children of 123), and
// every child when there are several. Here one listing serves all panes, PIDs match
// exactly, and one child is chosen: the one in the terminal's foreground process group
// (what #{pane_current_command} names), else the first by PID.
import { spawnSync } from 'node:child_process';

// One process in the table.
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** The foreground process group of its terminal (-1: none). */
  readonly tpgid: number;
  readonly args: string;
}

// The process table, or why it could not be read.
export type ProcessTable = { readonly processes: readonly ProcessEntry[] } | { readonly error: string };

// -a: processes with a terminal, which every pane's children have; -ww: never cut args short.
const PS_ARGS = ['-ww', '-ao', 'ppid=,pid=,pgid=,tpgid=,args='];
const PS_LINE = /^\s*(\d+)\s+(\d+)\s+(-?\d+)\s+(-?\d+) ?(.*)$/;

// Read the process table once (never throws: a missing ps only costs the full commands).
export function readProcessTable(ps = 'ps'): ProcessTable {
  const result = spawnSync(ps, PS_ARGS, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { error: `cannot run ${ps}: ${result.error.message}` };
  // procps exits 1, silently, when nothing matched: every pane is a shell at its prompt.
  const nothingMatched = result.status === 1 && result.stdout === '' && result.stderr === '';
  if (result.status !== 0 && !nothingMatched) {
    return { error: `${ps} ${PS_ARGS.join(' ')} failed: ${result.stderr.trim() || `exit status ${result.status}`}` };
  }
  return { processes: parseProcessTable(result.stdout) };
}

// The lines of `ps -o ppid=,pid=,pgid=,tpgid=,args=`, as entries.
export function parseProcessTable(text: string): ProcessEntry[] {
  const processes: ProcessEntry[] = [];
  for (const line of text.split('\n')) {
    const match = PS_LINE.exec(line);
    if (!match) continue;
    const [ppid, pid, pgid, tpgid] = match.slice(1, 5).map(Number) as [number, number, number, number];
    processes.push({ pid, ppid, pgid, tpgid, args: match[5] ?? '' });
  }
  return processes;
}

// A lookup from a pane's PID to the full command line running in it ('' for a bare shell).
export function fullCommandFinder(processes: readonly ProcessEntry[]): (panePid: number) => string {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of processes) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.pid - b.pid);
  return (panePid) => {
    const siblings = children.get(panePid) ?? [];
    const foreground = siblings.find((entry) => entry.pgid === entry.tpgid);
    return (foreground ?? siblings[0])?.args ?? '';
  };
}
