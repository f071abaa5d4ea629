// CPU and memory of the processes under groups of panes (a workspace's panes): each pane's
// process and all its descendants. On Linux from /proc (the trees walked once, CPU time read
// twice around a short sample, no process started); elsewhere one `ps` for everything.
import { readProcFile } from '../programs/pane-commands.ts';
import { LISTING_OUTPUT_LIMIT, runProgram } from '../programs/run.ts';

// What a group of panes uses.
export interface Usage {
  /** CPU over the sample, in percent of one core (may pass 100 on several cores). */
  readonly cpuPercent: number;
  /** Resident memory, in KiB. */
  readonly memoryKb: number;
}

// Linux reports CPU time in clock ticks of USER_HZ, which is 100 on every architecture.
const TICKS_PER_SECOND = 100;

// The usage of each group of pane PIDs (keyed as given); a group whose processes cannot be
// read uses 0. `sampleMs`: how long CPU is measured for on Linux.
export async function measureUsage(groups: ReadonlyMap<string, readonly number[]>, sampleMs = 250): Promise<Map<string, Usage>> {
  if (process.platform === 'linux' && procReadable()) return measureFromProc(groups, sampleMs);
  return measureFromPs(groups);
}

async function measureFromProc(groups: ReadonlyMap<string, readonly number[]>, sampleMs: number): Promise<Map<string, Usage>> {
  const trees = new Map([...groups].map(([key, pids]) => [key, pids.flatMap((pid) => procTree(pid))]));
  const before = new Map<number, number>();
  for (const pids of trees.values()) for (const pid of pids) before.set(pid, cpuTicks(pid) ?? 0);
  const start = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const usage = new Map<string, Usage>();
  for (const [key, pids] of trees) {
    let ticks = 0;
    let memoryKb = 0;
    for (const pid of pids) {
      const now = cpuTicks(pid);
      if (now === undefined) continue; // exited during the sample
      ticks += Math.max(0, now - (before.get(pid) ?? now));
      memoryKb += residentKb(pid);
    }
    usage.set(key, { cpuPercent: round1((ticks / TICKS_PER_SECOND / seconds) * 100), memoryKb });
  }
  return usage;
}

// A process and its descendants, by /proc/PID/task/PID/children.
function procTree(root: number): number[] {
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0 && found.length < 10_000) {
    const pid = pending.pop() as number;
    found.push(pid);
    try {
      pending.push(...readProcFile(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number));
    } catch {
      // gone, or no children file: a leaf
    }
  }
  return found;
}

// utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the parenthesised name).
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readProcFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

// VmRSS from /proc/PID/status (kB whatever the page size); 0 for kernel threads and the gone.
function residentKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProcFile(`/proc/${pid}/status`));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function procReadable(): boolean {
  try {
    readProcFile(`/proc/${process.pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

// One `ps` for every process: its %cpu (ps's own average) and RSS (KiB), summed per tree.
function measureFromPs(groups: ReadonlyMap<string, readonly number[]>): Map<string, Usage> {
  const result = runProgram('ps', ['-A', '-o', 'pid=,ppid=,%cpu=,rss='], { outputLimit: LISTING_OUTPUT_LIMIT });
  const rows = result.status === 0 ? parsePsUsage(result.stdout) : [];
  return usageFromRows(groups, rows);
}

// One line of `ps -o pid=,ppid=,%cpu=,rss=`.
export interface PsUsageRow {
  readonly pid: number;
  readonly ppid: number;
  readonly cpu: number;
  readonly rss: number;
}

// Parse `ps -o pid=,ppid=,%cpu=,rss=` (decimal commas, as some locales print, are accepted).
export function parsePsUsage(text: string): PsUsageRow[] {
  const rows: PsUsageRow[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+([\d.,]+)\s+(\d+)\s*$/.exec(line);
    if (match) rows.push({ pid: Number(match[1]), ppid: Number(match[2]), cpu: Number(match[3]?.replace(',', '.')), rss: Number(match[4]) });
  }
  return rows;
}

// Sum each group's trees from a process listing.
export function usageFromRows(groups: ReadonlyMap<string, readonly number[]>, rows: readonly PsUsageRow[]): Map<string, Usage> {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const children = new Map<number, number[]>();
  for (const row of rows) {
    const siblings = children.get(row.ppid);
    if (siblings) siblings.push(row.pid);
    else children.set(row.ppid, [row.pid]);
  }
  const usage = new Map<string, Usage>();
  for (const [key, pids] of groups) {
    let cpu = 0;
    let memoryKb = 0;
    const seen = new Set<number>();
    const pending = [...pids];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      if (seen.has(pid)) continue;
      seen.add(pid);
      const row = byPid.get(pid);
      if (row) {
        cpu += Number.isFinite(row.cpu) ? row.cpu : 0;
        memoryKb += row.rss;
      }
      pending.push(...(children.get(pid) ?? []));
    }
    usage.set(key, { cpuPercent: round1(cpu), memoryKb });
  }
  return usage;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
