#!/usr/bin/env zx
// npm run bench (seventh part): what the reconcile with Claude Code's session files costs
// (scripts/claude-reconcile). A private server holds N agent panes working (N = 0, 1, 10),
// each with a live process and a session file that agrees with it, so the reconciler only
// reads. For a fixed time it counts the processes started under the tmux server (strace -f:
// every execve and fork, of the reconciler and of anything else), then, without strace, the
// CPU time the reconciler used. Reports per minute; never asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const seconds = Number(process.env.BENCH_RECONCILE_SECONDS ?? 15);
const hook = join(root, 'scripts', 'claude-hook');
const env = { ...process.env };
delete env.TMUX;
delete env.TMUX_PANE;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const hasStrace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;

// A server with AGENTS working panes; returns what is needed to measure and to stop it.
function startServer(agents) {
  const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-reconcile-bench-'));
  const socket = join(dir, 'sock');
  const config = join(dir, 'claude');
  mkdirSync(join(config, 'sessions'), { recursive: true });
  const tmux = (...args) => spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env }).stdout;
  tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40');
  const serverPid = Number(tmux('display-message', '-p', '#{pid}').trim());
  const tmuxEnv = `${socket},${serverPid},0`;
  const panes = [];
  for (let i = 0; i < agents; i++) {
    const [pane, pid] = tmux('new-window', '-d', '-P', '-F', '#{pane_id} #{pane_pid}', 'exec sleep 3600').trim().split(' ');
    const sessionId = `bench-${i}`;
    const now = Date.now();
    // A file like Claude Code 2.1.332's, agreeing with the pane (busy while working).
    const record = { pid: Number(pid), sessionId, cwd: dir, startedAt: now, procStart: '1', version: '2.1.332', peerProtocol: 1, peerFeatures: ['notify_idle'], kind: 'interactive', entrypoint: 'cli', tmux: `bench:@1.${pane}`, name: `agent-${i}`, status: 'busy', updatedAt: now, statusUpdatedAt: now };
    writeFileSync(join(config, 'sessions', `${pid}.json`), JSON.stringify(record));
    panes.push({ pane, sessionId });
  }
  const event = (pane, sessionId, name) =>
    spawnSync(hook, [name], {
      input: JSON.stringify({ session_id: sessionId, transcript_path: '/t', cwd: dir, hook_event_name: name, prompt: 'go' }),
      env: { ...env, TMUX: tmuxEnv, TMUX_PANE: pane, CLAUDE_CONFIG_DIR: config },
    });
  return {
    serverPid,
    start: () => panes.forEach(({ pane, sessionId }) => event(pane, sessionId, 'UserPromptSubmit')),
    stopAgents: () => panes.forEach(({ pane, sessionId }) => event(pane, sessionId, 'Stop')),
    reconcilers: () => reconcilersUnder(serverPid),
    stop: () => {
      tmux('kill-server');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Processes started under the server (execve, and forks that exec nothing) in SECONDS.
async function countProcesses(agents) {
  const server = startServer(agents);
  const log = join(tmpdir(), `reconcile-bench-strace-${process.pid}-${agents}`);
  const strace = spawn('strace', ['-f', '-qq', '-e', 'trace=execve,fork,vfork,clone,clone3', '-o', log, '-p', String(server.serverPid)], { stdio: 'ignore' });
  await sleep(500); // attached
  server.start();
  await sleep(seconds * 1000);
  server.stopAgents();
  strace.kill('SIGINT');
  await new Promise((done) => strace.on('exit', done));
  const lines = readFileSync(log, 'utf8').split('\n');
  rmSync(log, { force: true });
  server.stop();
  const execs = lines.filter((line) => /execve\(/.test(line) && !/= -1/.test(line)).length;
  const forks = lines.filter((line) => /\b(?:fork|vfork|clone3?)\(/.test(line) && !/CLONE_THREAD/.test(line) && !/= -1/.test(line)).length;
  return { execs, forks };
}

// How many reconcilers run under the server (its run-shell jobs running scripts/claude-reconcile).
function reconcilersUnder(pid) {
  let count = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    let children = [];
    try {
      children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      continue;
    }
    for (const child of children) {
      queue.push(child);
      try {
        const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
        if (args[0] !== 'sh' && args.some((arg) => arg.endsWith('/claude-reconcile'))) count++;
      } catch {
        // gone meanwhile
      }
    }
  }
  return count;
}

// CPU seconds the server's children used (the reconciler, once it has exited and been reaped).
function childCpu(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in ticks of 1/100 s
}

async function cpuSeconds(agents) {
  const server = startServer(agents);
  const before = childCpu(server.serverPid);
  server.start();
  await sleep(seconds * 1000);
  const running = server.reconcilers();
  server.stopAgents();
  for (let i = 0; i < 100 && server.reconcilers() > 0; i++) await sleep(100);
  const left = server.reconcilers();
  const used = left > 0 ? Number.NaN : childCpu(server.serverPid) - before;
  server.stop();
  return { used, running };
}

console.log(`\nReconcile cost: ${seconds} s per case, per minute below (N agent panes held working, their session files agreeing)`);
for (const agents of [0, 1, 10]) {
  const perMinute = (count) => ((count * 60) / seconds).toFixed(0).padStart(5);
  const cpu = await cpuSeconds(agents);
  let counts = 'strace not found: process counts skipped';
  if (hasStrace) {
    const { execs, forks } = await countProcesses(agents);
    counts = `${perMinute(execs)} programs started/min, ${perMinute(forks)} forks/min`;
  }
  const cpuText = Number.isNaN(cpu.used) ? 'reconciler CPU unknown (it had not exited 10 s after the last agent stopped)' : `reconciler CPU ${((cpu.used * 60) / seconds).toFixed(2)} s/min`;
  console.log(`  ${String(agents).padStart(2)} working: ${counts}; ${cpuText} (${cpu.running} reconciler running)`);
}
