#!/usr/bin/env zx
// npm run bench (fourth part): the Claude hook's cost per event. scripts/claude-hook (POSIX
// sh, one awk, one tmux call) against a Node one-liner doing the same work (parse the JSON,
// set the same pane options in one tmux call), on a real pane. Interleaved runs, medians
// less the harness's cost of starting a program; quote the ratio. Reports, never asserts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'claude-sessions-hook-bench-'));
const socket = join(dir, 'sock');
const env = { ...process.env };
delete env.TMUX;
delete env.TMUX_PANE;
const tmux = (...args) => spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env }).stdout;
tmux('new-session', '-d', '-s', 'agent', '-x', '120', '-y', '40');
const pane = tmux('display-message', '-p', '-t', '=agent:', '#{pane_id}').trim();
const hookEnv = { ...env, TMUX: `${socket},${tmux('display-message', '-p', '#{pid}').trim()},0`, TMUX_PANE: pane };

// A turn of an agent: the events Claude Code sends, with the JSON it documents.
const base = { session_id: '2f1c6a34-2a8e-4a59-9a51-6f1f0f7d9b10', transcript_path: '/home/u/.claude/projects/-w/2f1c.jsonl', cwd: '/w', permission_mode: 'default' };
const events = [
  { ...base, hook_event_name: 'UserPromptSubmit', prompt: 'make the tests pass' },
  { ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test', description: 'Run the tests' } },
  { ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'rm -rf build' } },
  { ...base, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: 'ok '.repeat(200) } },
  { ...base, hook_event_name: 'Stop', stop_hook_active: false },
].map((event) => JSON.stringify(event));

// The same work in Node, as small as it gets: the state map, then one tmux call.
const nodeHook = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{let j;try{j=JSON.parse(s)}catch{return}
const e=j.hook_event_name,t=j.tool_name,m={SessionStart:'idle',Stop:'idle',UserPromptSubmit:'working',PostToolUse:'working',SubagentStart:'working',PreCompact:'working',PreToolUse:t==='AskUserQuestion'?'waiting':'working',PermissionRequest:'waiting',StopFailure:'error',SessionEnd:'exited'};
const st=m[e];if(!st)return;const p=process.env.TMUX_PANE,now=String(Math.floor(Date.now()/1000));
const a=['if-shell','-t',p,'-F','#{!=:#{@claude-state},'+st+'}','set-option -p -t '+p+' @claude-state-since '+now,';','set-option','-p','-t',p,'@claude-state',st];
if(st==='waiting')a.push(';','set-option','-p','-t',p,'@claude-waiting-reason',t?'permission: '+t:'permission');else a.push(';','set-option','-pu','-t',p,'@claude-waiting-reason');
if(j.session_id)a.push(';','set-option','-p','-t',p,'@claude-session-id',j.session_id);
require('child_process').spawnSync('tmux',a,{stdio:'ignore'})})`;

const cases = {
  'true (harness overhead)': ['true'],
  'scripts/claude-hook': [join(root, 'scripts', 'claude-hook'), 'Event'],
  'node one-liner': ['node', '-e', nodeHook],
};
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
const names = Object.keys(cases);
for (let round = 0; round < runs; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const input = events[round % events.length];
    const [command, ...args] = cases[name];
    const start = process.hrtime.bigint();
    spawnSync(command, args, { input, env: hookEnv, stdio: ['pipe', 'ignore', 'ignore'] });
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
const overhead = median(times['true (harness overhead)']);
const hook = median(times['scripts/claude-hook']) - overhead;
const node = median(times['node one-liner']) - overhead;
console.log(`\nClaude hook per event, ${runs} interleaved runs each: medians less the harness's cost of starting a program (${overhead.toFixed(1)} ms for true)`);
console.log(`  scripts/claude-hook          ${hook.toFixed(1).padStart(7)} ms   (goal: under 15 ms)`);
console.log(`  node one-liner               ${node.toFixed(1).padStart(7)} ms`);
console.log(`  node one-liner / claude-hook ${(node / hook).toFixed(2).padStart(7)}x`);
console.log(`  final state of the pane: ${tmux('display-message', '-p', '-t', pane, '#{@claude-state}').trim()}`);
tmux('kill-server');
rmSync(dir, { recursive: true, force: true });
