#!/usr/bin/env zx
// npm run bench (fourth part): the Claude hook's cost per event. scripts/claude-hook (POSIX
// sh, one awk, one tmux call) against `true` (the cost of starting any program) and a Node
// one-liner doing the same work (parse the JSON, set the same pane options in one tmux call),
// on a real pane, for ordinary events, a PostToolUse of 1 MB and one of 20 MB. Interleaved
// runs, medians; nets are less the median of `true`. Reports, never asserts.
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

// A turn of an agent: the events Claude Code 2.1.332 sends, keys in its order.
const base = { session_id: '2f1c6a34-2a8e-4a59-9a51-6f1f0f7d9b10', transcript_path: '/home/u/.claude/projects/-w/2f1c.jsonl', cwd: '/w' };
const turn = { prompt_id: '666dbb3c-c7aa-4401-b701-32bde8f22fba', permission_mode: 'default' };
const event = (name, fields) => [name, JSON.stringify({ ...base, ...turn, hook_event_name: name, ...fields })];
const ordinary = [
  event('UserPromptSubmit', { prompt: 'make the tests pass' }),
  event('PreToolUse', { effort: { level: 'medium' }, tool_name: 'Bash', tool_input: { command: 'npm test', description: 'Run the tests' }, tool_use_id: 'toolu_1' }),
  event('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf build' }, permission_suggestions: [] }),
  event('Notification', { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }),
  event('PostToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: 'ok '.repeat(200) }, tool_use_id: 'toolu_1', duration_ms: 812 }),
  event('Stop', { stop_hook_active: false, last_assistant_message: 'Done.' }),
];
// A Write of a large source file (quotes on every line): its content in tool_input and again
// in tool_response.
const large = (bytes) => {
  const line = '  print("hello", name)  # a "quoted" word\n';
  const content = line.repeat(Math.ceil(bytes / (2 * JSON.stringify(line).length)));
  return [event('PostToolUse', { tool_name: 'Write', tool_input: { file_path: '/w/big.txt', content }, tool_response: { type: 'create', filePath: '/w/big.txt', content }, tool_use_id: 'toolu_2' })];
};

// The same work in Node, as small as it gets: the event from argv, the state map, one tmux call.
const nodeHook = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{let j;try{j=JSON.parse(s)}catch{return}
const e=process.argv[1],t=j.tool_name,n=j.notification_type,m={SessionStart:'idle',Stop:'idle',UserPromptSubmit:'working',PostToolUse:'working',PostToolUseFailure:'working',PostToolBatch:'working',SubagentStart:'working',PreCompact:'working',PreToolUse:t==='AskUserQuestion'?'waiting':'working',PermissionRequest:'waiting',Notification:n==='permission_prompt'?'waiting':n==='idle_prompt'?'idle':undefined,StopFailure:'error',SessionEnd:'exited'};
const st=m[e];if(!st)return;const p=process.env.TMUX_PANE,now=String(Math.floor(Date.now()/1000));
const a=['if-shell','-t',p,'-F','#{!=:#{@claude-state},'+st+'}','set-option -p -t '+p+' @claude-state-since '+now,';','set-option','-p','-t',p,'@claude-state',st];
if(st==='waiting')a.push(';','set-option','-p','-t',p,'@claude-waiting-reason',t?'permission: '+t:'permission');else a.push(';','set-option','-pu','-t',p,'@claude-waiting-reason');
if(j.session_id)a.push(';','set-option','-p','-t',p,'@claude-session-id',j.session_id);
require('child_process').spawnSync('tmux',a,{stdio:'ignore'})})`;

const programs = {
  true: () => ['true'],
  'scripts/claude-hook': (name) => [join(root, 'scripts', 'claude-hook'), name],
  'node one-liner': (name) => ['node', '-e', nodeHook, name],
};
const names = Object.keys(programs);

// Interleaved runs of every program over the inputs; the median of each, in ms.
function measure(inputs, count) {
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < count; round++) {
    const [name, input] = inputs[round % inputs.length];
    for (const program of names.map((_, i) => names[(i + round) % names.length])) {
      const [command, ...args] = programs[program](name);
      const start = process.hrtime.bigint();
      spawnSync(command, args, { input, env: hookEnv, stdio: ['pipe', 'ignore', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
      times[program].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])]));
}

const cases = [
  ['ordinary events', ordinary, runs, 20],
  ['1 MB PostToolUse', large(1 << 20), runs, 50],
  ['20 MB PostToolUse', large(20 << 20), Math.max(5, Math.round(runs / 4)), undefined],
];
console.log(`\nClaude hook per event: medians of interleaved runs; net = less the median of \`true\``);
for (const [label, inputs, count, goal] of cases) {
  const m = measure(inputs, count);
  const hook = m['scripts/claude-hook'];
  const node = m['node one-liner'];
  const net = (value) => (value - m.true).toFixed(1).padStart(6);
  console.log(`  ${label} (${count} runs each; true: ${m.true.toFixed(1)} ms)`);
  console.log(`    scripts/claude-hook ${hook.toFixed(1).padStart(7)} ms (net ${net(hook)} ms${goal ? `; goal: at most ${goal} ms` : ''})  ${(hook / m.true).toFixed(2)}x true`);
  console.log(`    node one-liner      ${node.toFixed(1).padStart(7)} ms (net ${net(node)} ms)  ${(node / m.true).toFixed(2)}x true`);
  console.log(`    claude-hook / node one-liner ${(hook / node).toFixed(3)}x (nets: ${((hook - m.true) / (node - m.true)).toFixed(3)}x)`);
}
console.log(`  final state of the pane: ${tmux('display-message', '-p', '-t', pane, '#{@claude-state}').trim()}`);
tmux('kill-server');
rmSync(dir, { recursive: true, force: true });
