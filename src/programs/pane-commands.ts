// What runs in each pane, as a full command line: one `ps` for the whole server.
//
// tmux-resurrect's default strategy (save_command_strategies/ps.sh) runs
// `ps -ao "ppid,args" | grep "^$PANE_PID" | cut -d' ' -f2-` once per pane: the child of
// the pane's shell, by a PID prefix match (pane 12 also takes the children of 123), and
// every child when there are several. Here one listing serves all panes, PIDs match
// exactly, and one child is chosen: the one in the terminal's foreground process group
// (what #{pane_current_command} names), else the first by PID.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { LISTING_OUTPUT_LIMIT, runProgram } from './run.ts';

// One process in the table.
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Its process group (absent when read 'among-siblings' for a pane's only child). */
  readonly pgid?: number;
  /** The foreground process group of its terminal (-1: none; absent as pgid). */
  readonly tpgid?: number;
  readonly args: string;
  /** The exact arguments (from /proc/PID/cmdline; ps gives only the joined text). */
  readonly argv?: readonly string[];
}

// The process table, or why it could not be read.
export type ProcessTable = { readonly processes: readonly ProcessEntry[] } | { readonly error: string };

// -a: processes with a terminal, which every pane's children have; -ww: never cut args short.
const PS_ARGS = ['-ww', '-ao', 'ppid=,pid=,pgid=,tpgid=,args='];
const PS_LINE = /^\s*(\d+)\s+(\d+)\s+(-?\d+)\s+(-?\d+) ?(.*)$/;

// How much of each process to read: its process group and its terminal's foreground group
// always, or only where a pane has several children (they choose between siblings, see
// paneProgramFinder; /proc/PID/stat is a third of the reads, and most panes have one child or none).
export type ProcessGroups = 'always' | 'among-siblings';

// The processes running under the given pane PIDs: on Linux read from /proc (the panes'
// children only, a few files each, no process started), else (or when the kernel lacks
// /proc/PID/task/PID/children) from one `ps`.
export function readPaneProcesses(panePids: readonly number[], ps = 'ps', groups: ProcessGroups = 'always'): ProcessTable {
  return readProcChildren(panePids, groups) ?? readProcessTable(ps);
}

// /proc/PID/task/PID/children lists a process's children (Linux >= 3.5 with
// CONFIG_PROC_CHILDREN); stat has ppid, pgrp and tpgid after the command's name in
// parentheses, which may itself hold spaces and parentheses; cmdline is NUL-separated.
function readProcChildren(panePids: readonly number[], groups: ProcessGroups): ProcessTable | undefined {
  if (process.platform !== 'linux') return undefined;
  const processes: ProcessEntry[] = [];
  for (const panePid of panePids) {
    let children: string;
    try {
      children = readProcFile(`/proc/${panePid}/task/${panePid}/children`);
    } catch (error) {
      // The pane's process is gone: it has no children. No such file anywhere: no support.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !procChildrenSupported()) return undefined;
      continue;
    }
    const pids = children.split(' ').filter(Boolean).map(Number);
    for (const pid of pids) {
      const entry = groups === 'always' || pids.length > 1 ? procEntry(pid) : procArgsEntry(pid, panePid);
      if (entry !== undefined) processes.push(entry);
    }
  }
  return { processes };
}

// The processes under a tmux server's children (its panes, and its run-shell jobs), read from
// its PID alone: a caller reads them while tmux lists the panes. Undefined where /proc cannot
// tell (not Linux, the server gone or not ours to read).
export interface ServerProcesses {
  readonly serverPid: number;
  /** The server's children read: a pane among them whose children are not in `processes` has none. */
  readonly read: ReadonlySet<number>;
  readonly processes: readonly ProcessEntry[];
}
export function readServerProcesses(serverPid: number, groups: ProcessGroups = 'always'): ServerProcesses | undefined {
  if (process.platform !== 'linux' || !Number.isSafeInteger(serverPid) || serverPid < 1) return undefined;
  let children: number[];
  try {
    children = readProcFile(`/proc/${serverPid}/task/${serverPid}/children`).split(' ').filter(Boolean).map(Number);
  } catch {
    return undefined;
  }
  const table = readProcChildren(children, groups);
  return table && 'processes' in table ? { serverPid, read: new Set(children), processes: table.processes } : undefined;
}

// readPaneProcesses for panes listed by the server `serverPid`, taking what `early` (read
// while tmux listed them) holds, when it read that same server, and reading only the panes
// made since.
export function readPaneProcessesAfter(early: ServerProcesses | undefined, serverPid: number, panePids: readonly number[], groups: ProcessGroups = 'always'): ProcessTable {
  if (early === undefined || early.serverPid !== serverPid) return readPaneProcesses(panePids, 'ps', groups);
  const missing = panePids.filter((pid) => !early.read.has(pid));
  if (missing.length === 0) return { processes: early.processes };
  const rest = readPaneProcesses(missing, 'ps', groups);
  return 'processes' in rest ? { processes: [...early.processes, ...rest.processes] } : rest;
}

// A pane's only child, from its command line alone (its parent is the pane's process).
function procArgsEntry(pid: number, ppid: number): ProcessEntry | undefined {
  try {
    return { pid, ppid, ...argsOf(readProcFile(`/proc/${pid}/cmdline`)) };
  } catch {
    return undefined; // exited meanwhile
  }
}

// The joined and exact arguments in a /proc/PID/cmdline.
function argsOf(cmdline: string): { args: string; argv?: string[] } {
  // NUL ends each argument; a process that rewrote its title may leave no NUL at all.
  const argv = cmdline.endsWith('\0') ? cmdline.slice(0, -1).split('\0') : undefined;
  const args = argv ? argv.join(' ') : cmdline.replace(/\0+$/, '').replaceAll('\0', ' ');
  return argv ? { args, argv } : { args };
}

function procEntry(pid: number): ProcessEntry | undefined {
  try {
    const fields = procStatFields(pid);
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), tpgid: Number(fields[5]), ...argsOf(readProcFile(`/proc/${pid}/cmdline`)) };
  } catch {
    return undefined; // exited meanwhile
  }
}

// The fields of /proc/PID/stat after the command's name (state, ppid, pgrp, session, tty_nr,
// tpgid, …): the name, in parentheses, may itself hold spaces and parentheses.
export function procStatFields(pid: number): string[] {
  const stat = readProcFile(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

// /proc files report size 0, so readFileSync reads them into a fresh 64 KiB buffer each:
// for every pane that is megabytes of garbage. One small buffer is reused instead.
const PROC_BUFFER = Buffer.alloc(4096);
// The text of a /proc file (throws as openSync does when it is gone).
export function readProcFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let text = '';
    for (;;) {
      const read = readSync(fd, PROC_BUFFER, 0, PROC_BUFFER.length, null);
      if (read === 0) return text;
      text += PROC_BUFFER.toString('utf8', 0, read);
    }
  } finally {
    closeSync(fd);
  }
}

// One process's command line (from /proc on Linux, else ps); undefined when it is gone.
export function processArgs(pid: number): string | undefined {
  if (process.platform === 'linux') return procEntry(pid)?.args;
  const result = runProgram('ps', ['-ww', '-o', 'args=', '-p', String(pid)]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

let childrenSupported: boolean | undefined;
function procChildrenSupported(): boolean {
  childrenSupported ??= (() => {
    try {
      readFileSync(`/proc/${process.pid}/task/${process.pid}/children`);
      return true;
    } catch {
      return false;
    }
  })();
  return childrenSupported;
}

// Read the process table once (never throws: a missing ps only costs the full commands).
export function readProcessTable(ps = 'ps'): ProcessTable {
  const result = runProgram(ps, PS_ARGS, { outputLimit: LISTING_OUTPUT_LIMIT });
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
  const programOf = paneProgramFinder(processes);
  return (panePid) => programOf(panePid)?.args ?? '';
}

// A lookup from a pane's PID to the process running in it (undefined for a bare shell).
export function paneProgramFinder(processes: readonly ProcessEntry[]): (panePid: number) => ProcessEntry | undefined {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of processes) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.pid - b.pid);
  return (panePid) => {
    const siblings = children.get(panePid) ?? [];
    const foreground = siblings.find((entry) => entry.pgid !== undefined && entry.pgid === entry.tpgid);
    return foreground ?? siblings[0];
  };
}
