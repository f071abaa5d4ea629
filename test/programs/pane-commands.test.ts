// Which command line a pane's save gets, from one process listing for all panes.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fullCommandFinder, parseProcessTable, readPaneProcesses, readPaneProcessesAfter, readProcessTable, readServerProcesses } from '../../src/programs/pane-commands.ts';
import { waitFor } from '../helpers/wait.ts';

// ppid pid pgid tpgid args, as `ps -o ppid=,pid=,pgid=,tpgid=,args=` pads them.
const LISTING = [
  '  100   101   101   105 sleep 1000',
  '  100   105   105   105 less /tmp/some file',
  '   12    13    13    13 vim notes.md',
  '  123   124   124   124 tail -f /var/log/syslog',
  '  200   201   201    -1 make build',
  '  200   202   202    -1 make watch',
  '',
].join('\n');

describe('a pane’s full command', () => {
  const fullCommandOf = fullCommandFinder(parseProcessTable(LISTING));

  it('is the child in the terminal’s foreground, not a job left in the background', () => {
    expect(fullCommandOf(100)).toBe('less /tmp/some file');
  });

  it('matches the pane’s PID exactly (tmux-resurrect’s grep also takes the children of 123 for pane 12)', () => {
    expect(fullCommandOf(12)).toBe('vim notes.md');
    expect(fullCommandOf(123)).toBe('tail -f /var/log/syslog');
  });

  it('is the first child when none is in the foreground', () => {
    expect(fullCommandOf(200)).toBe('make build');
  });

  it('is empty for a shell with no child', () => {
    expect(fullCommandOf(999)).toBe('');
  });
});

describe('the process listing', () => {
  it('is read with ps, or says why not without throwing', () => {
    const table = readProcessTable();
    expect('processes' in table).toBe(true);
    const missing = readProcessTable('/nonexistent/ps');
    expect('error' in missing && missing.error).toMatch(/^cannot run \/nonexistent\/ps/);
  });

  it.runIf(process.platform === 'linux')("reads a pane's children from /proc on Linux, without ps", async () => {
    // A stand-in for a pane: a shell whose child has spaces and quotes in its arguments.
    // (`; :` keeps the inner shell from exec'ing sleep, which would change its command line.)
    // Its own process group, so that killing the group also ends the inner shell and sleep.
    const pane = spawn('sh', ['-c', `sh -c 'sleep 1000; :' 'a b' "c'd" & wait`], { stdio: 'ignore', detached: true });
    try {
      const pid = pane.pid ?? 0;
      const table = await waitFor(
        () => readPaneProcesses([pid], '/nonexistent/ps'),
        // Between fork and exec the child still shows its parent's command line.
        (read) => 'processes' in read && read.processes.length === 1 && read.processes[0]?.args.startsWith('sh -c sleep') === true,
      );
      const children = 'processes' in table ? table.processes : [];
      expect(children.map((entry) => [entry.ppid, entry.args])).toEqual([[pid, "sh -c sleep 1000; : a b c'd"]]);
      expect(children[0]?.tpgid).toBe(-1);
      expect(fullCommandFinder(children)(pid)).toBe("sh -c sleep 1000; : a b c'd");
      expect(readPaneProcesses([999_999_999], '/nonexistent/ps')).toEqual({ processes: [] });
    } finally {
      if (pane.pid !== undefined) process.kill(-pane.pid, 'SIGKILL');
    }
  });

  it.runIf(process.platform === 'linux')('read for a save, a lone child comes from its command line alone, and several children still by foreground group', async () => {
    // One pane with one child, one with two (`; :` keeps each inner shell from exec'ing sleep).
    const lone = spawn('sh', ['-c', `sh -c 'sleep 1000; :' lone & wait`], { stdio: 'ignore', detached: true });
    const pair = spawn('sh', ['-c', `sh -c 'sleep 1000; :' first & sh -c 'sleep 1000; :' second & wait`], { stdio: 'ignore', detached: true });
    try {
      const [lonePid, pairPid] = [lone.pid ?? 0, pair.pid ?? 0];
      const table = await waitFor(
        () => readPaneProcesses([lonePid, pairPid], '/nonexistent/ps', 'among-siblings'),
        (read) => 'processes' in read && read.processes.length === 3 && read.processes.every((entry) => entry.args.startsWith('sh -c sleep')),
      );
      const processes = 'processes' in table ? table.processes : [];
      const loneChild = processes.find((entry) => entry.ppid === lonePid);
      expect(loneChild).toMatchObject({ ppid: lonePid, args: 'sh -c sleep 1000; : lone' });
      expect(loneChild?.tpgid).toBeUndefined();
      const children = processes.filter((entry) => entry.ppid === pairPid).sort((a, b) => a.pid - b.pid);
      expect(children.map((entry) => entry.tpgid)).toEqual([-1, -1]);
      // No terminal, so no foreground: the first child by PID, as ps would give.
      expect(fullCommandFinder(processes)(pairPid)).toBe(children[0]?.args);
      expect(fullCommandFinder(processes)(lonePid)).toBe('sh -c sleep 1000; : lone');
    } finally {
      for (const child of [lone, pair]) if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }
  });
});

describe("a server's panes' processes, read while it lists them", () => {
  const early = { serverPid: 50, read: new Set([100, 200]), processes: parseProcessTable('  100   101   101   101 vim a\n') };

  it('are taken for the panes that server listed, with none read again', () => {
    expect(readPaneProcessesAfter(early, 50, [100, 200], 'among-siblings')).toEqual({ processes: early.processes });
  });

  it('are not taken for another server, nor when none were read: the panes are read', () => {
    // PIDs no process has: nothing read, and no `ps` either on Linux.
    const gone = [999_999_997, 999_999_998];
    for (const [read, pid] of [[early, 51], [undefined, 50]] as const) {
      const table = readPaneProcessesAfter(read, pid, gone, 'among-siblings');
      if (process.platform === 'linux') expect(table).toEqual({ processes: [] });
      else expect('processes' in table || 'error' in table).toBe(true);
    }
  });

  it.runIf(process.platform === 'linux')("read for a pane made after them, theirs kept", async () => {
    const made = spawn('sh', ['-c', `sh -c 'sleep 1000; :' made & wait`], { stdio: 'ignore', detached: true });
    try {
      const pid = made.pid ?? 0;
      const table = await waitFor(
        () => readPaneProcessesAfter(early, 50, [100, 200, pid], 'among-siblings'),
        (read) => 'processes' in read && read.processes.some((entry) => entry.ppid === pid && entry.args.startsWith('sh -c sleep')),
      );
      const finder = fullCommandFinder('processes' in table ? table.processes : []);
      expect([finder(100), finder(200), finder(pid)]).toEqual(['vim a', '', 'sh -c sleep 1000; : made']);
    } finally {
      if (made.pid !== undefined) process.kill(-made.pid, 'SIGKILL');
    }
  });

  it.runIf(process.platform === 'linux')('are read from the server PID alone: its children and theirs', async () => {
    // A stand-in server: a shell with two children (panes), one of which runs a program.
    const server = spawn('sh', ['-c', `sh -c 'sleep 1000; :' pane-one & sleep 1000 & wait`], { stdio: 'ignore', detached: true });
    try {
      const pid = server.pid ?? 0;
      const read = await waitFor(
        () => readServerProcesses(pid, 'among-siblings'),
        (found) => found?.read.size === 2 && found.processes.length === 1 && found.processes[0]?.args.startsWith('sleep') === true,
      );
      expect(read?.serverPid).toBe(pid);
      expect(read?.processes.map((entry) => entry.args)).toEqual(['sleep 1000']);
      expect(readServerProcesses(999_999_999)).toBeUndefined();
      expect(readServerProcesses(0)).toBeUndefined();
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
    }
  });
});
