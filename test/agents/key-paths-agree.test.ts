// prefix W and prefix N have a Node-free path (scripts/key-paths.sh): on the same inputs it
// must do what the TypeScript does (go to the same pane, the same session), or hand the key
// to Node with the very command the key ran before. Many generated cases, run on both sides.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseNextWaiting, orderWaiting, readWaiting } from '../../src/agents/next-waiting.ts';
import { PANE_OPTIONS } from '../../src/agents/claude-contract.ts';
import { EXACT_SINCE_DIGITS, KEY_PATH_COMMANDS, KEY_PATHS_SCRIPT, NO_WAITING_MESSAGE, waitingPanesFormat } from '../../src/options/key-paths.ts';
import { KNOCKOUT_TIERS, newWorkspaceInServer, nextWaitingKeyCommand } from '../../src/options/key-formats.ts';
import { NEW_WORKSPACE_IN_SERVER } from '../../src/options/keys.ts';
import { OPTIONS } from '../../src/options/definitions.ts';
import { findProject, projectName } from '../../src/workspace/project.ts';
import { sessionNameFor } from '../../src/workspace/session-name.ts';
import { STATE_OPTIONS } from '../../src/options/state.ts';
import { shellQuote } from '../../src/util/shell-words.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';

const SCRIPTS = join(REPO_ROOT, 'scripts');
const CLIENT = '/dev/pts/test client';

// What the shell path did: the one tmux call it made (argv), or the Node command it left.
interface Outcome {
  readonly tmux?: string[];
  readonly handover?: string[];
}

// A tiny deterministic generator, so a failing case can be run again.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
const pick = <T,>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

// tmux commands giving every pane a state and a since drawn from `next` ('' and undefined unset them).
function drawnStates(next: () => number, panes: readonly string[], states: readonly string[], sinces: readonly string[]): string[] {
  const commands: string[] = [];
  for (const pane of panes) {
    const state = pick(next, states);
    const since = pick(next, [...sinces, undefined]);
    if (commands.length) commands.push(';');
    commands.push(...(state === '' ? ['set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.state] : ['set-option', '-p', '-t', pane, PANE_OPTIONS.state, state]));
    commands.push(';', ...(since === undefined ? ['set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.since] : ['set-option', '-p', '-t', pane, PANE_OPTIONS.since, since]));
  }
  return commands;
}

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cs-key-paths-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

// One run of a key path: its arguments, the folder and HOME it runs with, what tmux answers.
interface KeyPathCase {
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly home?: string;
  readonly tmuxStatus?: number;
}

// Run scripts/key-paths.sh as the keys do, each case in a subshell of one sh (cheap on a
// loaded machine), with tmux a function that records its arguments, from a copy of scripts/
// whose claude-sessions records the Node command it is handed.
function runKeyPaths(cases: readonly KeyPathCase[]): Outcome[] {
  const out = mkdtempSync(join(work, 'run-'));
  const scripts = join(out, 'scripts');
  mkdirSync(scripts);
  mkdirSync(join(out, 'dist'));
  copyFileSync(join(SCRIPTS, KEY_PATHS_SCRIPT), join(scripts, KEY_PATHS_SCRIPT));
  copyFileSync(join(REPO_ROOT, 'dist', KEY_PATHS_SCRIPT), join(out, 'dist', KEY_PATHS_SCRIPT));
  writeFileSync(join(scripts, 'claude-sessions'), '#!/bin/sh\nprintf "%s\\0" "$@" > "$handover"\n');
  chmodSync(join(scripts, 'claude-sessions'), 0o755);
  const lines = ['tmux() { printf "%s\\0" "$@" > "$record"; return "$status"; }'];
  cases.forEach((run, index) => {
    lines.push(
      `( record=${shellQuote(join(out, `${index}.tmux`))} status=${run.tmuxStatus ?? 0}; HOME=${shellQuote(run.home ?? process.env['HOME'] ?? '')}; ` +
        `export handover=${shellQuote(join(out, `${index}.handover`))}; ` +
        `cd ${shellQuote(run.cwd ?? work)} && set -- ${shellQuote(scripts)} ${run.args.map(shellQuote).join(' ')} && . ${shellQuote(join(scripts, KEY_PATHS_SCRIPT))} )`,
    );
  });
  writeFileSync(join(out, 'run.sh'), `${lines.join('\n')}\n`);
  const result = spawnSync('/bin/sh', [join(out, 'run.sh')], { env: testEnv(), encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8').split('\0').slice(0, -1);
    } catch {
      return undefined;
    }
  };
  const outcomes = cases.map((_, index) => {
    const handover = read(join(out, `${index}.handover`));
    const tmux = read(join(out, `${index}.tmux`));
    return { ...(tmux && { tmux }), ...(handover && { handover }) };
  });
  rmSync(out, { recursive: true, force: true });
  return outcomes;
}

function runKeyPath(args: readonly string[], options: Omit<KeyPathCase, 'args'> = {}): Outcome {
  return runKeyPaths([{ args, ...options }])[0]!;
}

describe('prefix W without Node agrees with next-waiting', () => {
  let server: TestServer;
  let panes: string[];

  beforeAll(() => {
    server = startTestServer();
    for (const name of ['alpha', 'beta', 'gamma']) server.newSession(name);
    server.tmux('split-window', '-d', '-t', '=alpha:');
    server.tmux('new-window', '-d', '-t', '=beta:');
    server.tmux('split-window', '-d', '-t', '=beta:1');
    server.tmux('split-window', '-d', '-t', '=gamma:');
    // Pane ids listed more than once: gamma's window linked into alpha, and a session grouped with beta.
    server.tmux('link-window', '-d', '-s', '=gamma:0', '-t', '=alpha:7');
    server.tmux('new-session', '-d', '-t', '=beta', '-s', 'beta-group');
    panes = [...new Set(server.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n'))];
  });
  afterAll(() => server.stop());

  const SINCES = [
    '100', '200', '100', '300', '', '0', '007', '00', '99999999999999', '999999999999999', '000000000000000000123',
    '1000000000000000', '1764900000', '1764900000', '1764899999', '9999999999', '999999999', '10000000000', '0764900000',
    '176490000a', '1764900000 ', '\uff11'.repeat(10), '12a', ' 12', '12 ', '-5', '1e3', '0x10', '\uff11\uff12', '\u0661\u0662', '1\ntouch\t/tmp/cs-pwned',
    '$(touch /tmp/cs-pwned)', '`id`', '#{pane_id}', "'; exit 3; '", '1 %9:1',
  ];
  const STATES = ['waiting', 'waiting', 'waiting', 'working', 'idle', '', 'waiting ', 'Waiting'];

  it('goes to the same pane on 100 generated servers (ties, unknown and hostile since values, panes listed twice, current pane not waiting, none waiting)', async () => {
    const next = random(17);
    const rounds: { words: string[]; expected: Outcome; kind: string; context: string; twice: boolean }[] = [];
    for (let round = 0; round < 100; round++) {
      const commands = drawnStates(next, panes, STATES, SINCES);
      const current = pick(next, panes);
      // What run-shell hands the shell: this expansion, split into words (no quoting needed).
      const expansion = server.tmux(...commands, ';', 'display-message', '-p', '-t', current, `#{pane_id} ${waitingPanesFormat()}`).replace(/\n$/, '');
      expect(expansion, 'only pane ids, digits, colons and spaces reach the shell').toMatch(/^[%0-9: ]*$/);
      const { panes: waiting } = await readWaiting(server.client);
      const chosen = chooseNextWaiting(waiting, current);
      const inexact = waiting.some((pane) => /^\d+$/.test(pane.since) && pane.since.replace(/^0+/, '').length > EXACT_SINCE_DIGITS);
      const words = expansion.split(' ').filter(Boolean);
      const context = `round ${round}: ${expansion}`;
      const twice = words.slice(1).filter((word) => word.startsWith(`${current}:`)).length > 1;
      if (!chosen) rounds.push({ words, context, twice, kind: 'none', expected: { tmux: ['display-message', '-c', CLIENT, '-d', '5000', `claude-sessions: ${NO_WAITING_MESSAGE}`] } });
      else if (inexact) rounds.push({ words, context, twice, kind: 'inexact', expected: { handover: ['next-waiting', '--display', '--client', CLIENT] } });
      else {
        const kind = waiting.some((pane) => pane.id === current) ? 'from a waiting pane' : 'from a pane not waiting';
        // Cycling never stays put while another pane waits, however often the current one is listed.
        if (waiting.some((pane) => pane.id !== current)) expect(chosen.id, context).not.toBe(current);
        rounds.push({ words, context, twice, kind, expected: { tmux: ['switch-client', '-c', CLIENT, '-t', chosen.id] } });
      }
    }
    const outcomes = runKeyPaths(rounds.map((round) => ({ args: [KEY_PATH_COMMANDS.nextWaiting, `c${CLIENT}`, ...round.words] })));
    rounds.forEach((round, index) => expect(outcomes[index], round.context).toEqual(round.expected));
    const kinds = new Set(rounds.map((round) => round.kind));
    expect([...kinds].sort()).toEqual(['from a pane not waiting', 'from a waiting pane', 'inexact', 'none']);
    expect(rounds.filter((round) => round.kind.startsWith('from')).length).toBeGreaterThan(40);
    expect(rounds.filter((round) => round.twice && round.kind === 'from a waiting pane').length).toBeGreaterThan(5);
  }, 60_000); // hundreds of tmux calls: slow on a loaded machine

  it('hands the key to Node when tmux refuses the switch (the pane went away)', () => {
    expect(runKeyPath([KEY_PATH_COMMANDS.nextWaiting, `c${CLIENT}`, '%1', '%7:5'], { tmuxStatus: 1 })).toEqual({
      tmux: ['switch-client', '-c', CLIENT, '-t', '%7'],
      handover: ['next-waiting', '--display', '--client', CLIENT],
    });
  });
});

// With @claude-state unset where no agent is, and with the entrypoint's '' in the global window options.
describe.each([
  ['unset', false],
  ["'' in the global window options", true],
])('prefix W decided in the server (tmux >= 3.3) agrees with next-waiting, @claude-state of other panes %s', (_, withDefault) => {
  let server: TestServer;
  let panes: string[];
  // The key's own format, with its three commands swapped for ones that record what it chose.
  const OUT = '@cs-test-chosen';
  const key = nextWaitingKeyCommand({ go: `set-option -g ${OUT}`, noneWaiting: `set-option -g ${OUT} none`, fallback: `set-option -g ${OUT} sh-path` });
  // The key's commands as bound, its run-shell -C run from `current` (-t: the pane its format reads).
  const runShell = key.lastIndexOf('run-shell');
  const decide = (current: string) => server.tmux(...key.slice(0, runShell), 'run-shell', '-t', current, ...key.slice(runShell + 1), ';', 'show-options', '-gv', OUT).trim();

  beforeAll(() => {
    server = startTestServer();
    for (const name of ['alpha', 'beta', 'gamma']) server.newSession(name);
    server.tmux('split-window', '-d', '-t', '=alpha:');
    server.tmux('new-window', '-d', '-t', '=beta:');
    server.tmux('split-window', '-d', '-t', '=beta:1');
    server.tmux('split-window', '-d', '-t', '=gamma:');
    panes = server.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    if (withDefault) server.tmux('set-option', '-gw', PANE_OPTIONS.state, '');
  });
  afterAll(() => server.stop());

  const SINCES = [
    '100', '200', '100', '300', '', '0', '007', '00', '99999999999999', '999999999999999', '000000000000000000123',
    '1000000000000000', '1764900000', '1764900000', '1764899999', '9999999999', '999999999', '10000000000', '0764900000',
    '176490000a', '1764900000 ', '\uff11'.repeat(10), '12a', ' 12', '12 ', '-5', '1e3', '0x10', '\uff11\uff12', '\u0661\u0662', '1\ntouch\t/tmp/cs-pwned',
    '$(touch /tmp/cs-pwned)', '`id`', '#{pane_id}', "'; exit 3; '", '1 %9:1', '~', '@', 'R%1', '%1', ',}#',
  ];
  const STATES = ['waiting', 'waiting', 'waiting', 'working', 'idle', '', 'waiting ', 'Waiting'];

  // One generated server: every pane's state and since drawn from `next`, a current pane, and
  // what the key must do from it (Node's pane, the sh path for an inexact since, or none).
  const generatedRound = async (next: () => number) => {
    server.tmux(...drawnStates(next, panes, STATES, SINCES), ';', 'set-option', '-g', OUT, 'unset');
    const current = pick(next, panes);
    const { panes: waiting } = await readWaiting(server.client);
    const chosen = chooseNextWaiting(waiting, current);
    const inexact = waiting.some((pane) => /^\d+$/.test(pane.since) && pane.since.replace(/^0+/, '').length > EXACT_SINCE_DIGITS);
    const expected = !chosen ? 'none' : inexact ? 'sh-path' : chosen.id;
    return { current, waiting, chosen, inexact, expected };
  };

  it('goes to the same pane on 150 generated servers, or leaves exactly the inexact ones to the sh path', async () => {
    const next = random(23);
    const kinds = new Set<string>();
    for (let round = 0; round < 150; round++) {
      const { current, waiting, chosen, inexact, expected } = await generatedRound(next);
      kinds.add(!chosen ? 'none' : inexact ? 'inexact' : waiting.some((pane) => pane.id === current) ? 'from a waiting pane' : 'from a pane not waiting');
      expect(decide(current), `round ${round}: current ${current}, waiting ${JSON.stringify(waiting.map(({ id, since }) => [id, since]))}`).toBe(expected);
    }
    expect([...kinds].sort()).toEqual(['from a pane not waiting', 'from a waiting pane', 'inexact', 'none']);
  }, 120_000); // hundreds of tmux calls: slow on a loaded machine

  it('goes to the same pane as Node on 100 generated servers where panes are listed twice (a linked window, a session group of two, then of one)', async () => {
    // gamma's window linked into alpha, and a session grouped with beta: list-panes -a, and the
    // key's loop, list their panes twice; the key writes such a pane's key twice.
    const beta = server.tmux('display-message', '-p', '-t', '=beta:', '#{session_id}').trim();
    server.tmux('link-window', '-d', '-s', '=gamma:0', '-t', '=alpha:7', ';', 'new-session', '-d', '-s', 'beta-group', '-t', beta);
    try {
      const listed = () => server.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
      expect(listed().length, 'some panes listed twice').toBeGreaterThan(new Set(listed()).size);
      const next = random(31);
      let twice = 0;
      for (let round = 0; round < 100; round++) {
        // The second half with beta's group down to one session (tmux keeps it): beta's panes once.
        if (round === 50) server.tmux('kill-session', '-t', '=beta-group');
        const { current, waiting, chosen, inexact, expected } = await generatedRound(next);
        const counts = listed().reduce((seen, id) => seen.set(id, (seen.get(id) ?? 0) + 1), new Map<string, number>());
        if (!inexact && chosen && (counts.get(chosen.id)! > 1 || counts.get(current)! > 1)) twice++;
        expect(decide(current), `round ${round}: current ${current}, waiting ${JSON.stringify(waiting.map(({ id, since }) => [id, since]))}`).toBe(expected);
      }
      expect(twice, 'rounds where the chosen or the current pane is listed twice').toBeGreaterThan(20);
    } finally {
      server.tmux('unlink-window', '-t', '=alpha:7');
      if (server.tmux('list-sessions', '-F', '#S').split('\n').includes('beta-group')) server.tmux('kill-session', '-t', '=beta-group');
    }
  }, 120_000); // hundreds of tmux calls: slow on a loaded machine

  it('writes its two format options again when either differs (an upgrade, a user who unset one), then decides', () => {
    const [first, second] = panes as [string, string];
    for (const pane of panes) server.tmux('set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.state);
    server.tmux('set-option', '-p', '-t', first, PANE_OPTIONS.state, 'waiting', ';', 'set-option', '-p', '-t', first, PANE_OPTIONS.since, '5');
    expect(decide(second)).toBe(first);
    const written = () => server.tmux('show-options', '-sv', STATE_OPTIONS.waitingKey, ';', 'show-options', '-sv', STATE_OPTIONS.agentKey);
    const right = written();
    for (const [name, value] of [[STATE_OPTIONS.agentKey, 'x'], [STATE_OPTIONS.waitingKey, '#{pane_id}']] as const) {
      server.tmux('set-option', '-s', name, value);
      expect(decide(second), `${name} was ${value}`).toBe(first);
      expect(written()).toBe(right);
      server.tmux('set-option', '-su', name);
      expect(decide(second), `${name} was unset`).toBe(first);
      expect(written()).toBe(right);
    }
  });

  it('goes to the same pane with dozens of agents waiting across many sessions (ties, unknown since values, odd counts)', async () => {
    const extra = ['delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota'];
    for (const name of extra) {
      server.newSession(name);
      for (let split = 0; split < 6; split++) server.tmux('split-window', '-d', '-t', `=${name}:`, ';', 'select-layout', '-t', `=${name}:`, 'tiled');
    }
    try {
      // Only these sessions' panes wait (the others may be left in a session group by the test above).
      for (const pane of panes) server.tmux('set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.state);
      const listed = server.tmux('list-panes', '-a', '-F', '#{session_name} #{pane_id}').trim().split('\n');
      const all = listed.filter((line) => extra.includes(line.split(' ')[0]!)).map((line) => line.split(' ')[1]!);
      const next = random(29);
      for (let round = 0; round < 12; round++) {
        const commands: string[] = [];
        for (const pane of all) {
          const waits = next() < 0.2 + round * 0.07;
          const since = pick(next, ['100', '200', '100', '7', '', '12a', undefined, String(Math.floor(next() * 1000))]);
          if (commands.length) commands.push(';');
          commands.push('set-option', '-p', '-t', pane, PANE_OPTIONS.state, waits ? 'waiting' : 'idle');
          commands.push(';', ...(since === undefined ? ['set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.since] : ['set-option', '-p', '-t', pane, PANE_OPTIONS.since, since]));
        }
        server.tmux(...commands, ';', 'set-option', '-g', OUT, 'unset');
        const current = pick(next, all);
        const { panes: waiting } = await readWaiting(server.client);
        expect(waiting.length, `round ${round}`).toBeGreaterThan(0);
        const chosen = chooseNextWaiting(waiting, current)!;
        expect(decide(current), `round ${round}: ${waiting.length} waiting, current ${current}, ${JSON.stringify(waiting.map(({ id, since }) => [id, since]))}`).toBe(chosen.id);
      }
    } finally {
      for (const name of extra) server.tmux('kill-session', '-t', `=${name}`);
      for (const pane of panes) server.tmux('set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.state);
    }
  }, 120_000); // hundreds of tmux calls: slow on a loaded machine
  it('goes to the same pane with as many agents waiting as each knock-out tier takes, and one more (its round count chosen from the number of keys)', async () => {
    const names = ['tier-a', 'tier-b', 'tier-c'];
    for (const name of names) {
      server.newSession(name);
      for (let split = 0; split < 5; split++) server.tmux('split-window', '-d', '-t', `=${name}:`, ';', 'select-layout', '-t', `=${name}:`, 'tiled');
    }
    try {
      for (const pane of server.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n')) server.tmux('set-option', '-p', '-u', '-t', pane, PANE_OPTIONS.state);
      const listed = server.tmux('list-panes', '-a', '-F', '#{session_name} #{pane_id}').trim().split('\n');
      const own = listed.filter((line) => names.includes(line.split(' ')[0]!)).map((line) => line.split(' ')[1]!);
      const counts = [...new Set([1, 2, ...KNOCKOUT_TIERS.slice(0, -1).flatMap((rounds) => [2 ** rounds, 2 ** rounds + 1])])].filter((count) => count < own.length);
      expect(counts, 'every tier boundary below the last fits in these panes').toEqual([1, 2, 3, 8, 9]);
      const next = random(31);
      for (const count of counts) {
        // Rounds 3 and 4 start from the first and the last waiting pane in order: every other key
        // comes after the first, none after the last (the order cycles to its start).
        for (let round = 0; round < 5; round++) {
          const waitingPanes = [...own].sort(() => next() - 0.5).slice(0, count);
          const commands: string[] = [];
          for (const pane of own) {
            if (commands.length) commands.push(';');
            const since = pick(next, ['100', '200', '7', '', 'x', String(Math.floor(next() * 1000))]);
            commands.push('set-option', '-p', '-t', pane, PANE_OPTIONS.state, waitingPanes.includes(pane) ? 'waiting' : 'idle', ';', 'set-option', '-p', '-t', pane, PANE_OPTIONS.since, since);
          }
          server.tmux(...commands);
          const { panes: waiting } = await readWaiting(server.client);
          expect(waiting.length).toBe(count);
          const ordered = orderWaiting(waiting).map((pane) => pane.id);
          const current = [waitingPanes[0]!, pick(next, own), pick(next, own), ordered[0]!, ordered.at(-1)!][round]!;
          const chosen = chooseNextWaiting(waiting, current)!;
          expect(decide(current), `${count} waiting, current ${current}, ${JSON.stringify(waiting.map(({ id, since }) => [id, since]))}`).toBe(chosen.id);
        }
      }
    } finally {
      for (const name of names) server.tmux('kill-session', '-t', `=${name}`);
    }
  }, 120_000); // dozens of tmux calls
});

describe('prefix N without Node agrees with new', () => {
  let root: string;
  let home: string;
  let cwd: string;
  const p1 = () => join(root, 'p1');
  const p2 = () => join(root, 'p2');
  const NAMES = [
    'web.app', 'my app', `quote's "x" $(touch y);z`, '-lead', 'tab\tname', 'trail ', ' lead space', 'café', 'cafe\u0301',
    'dup', 'link', 'file.txt', 'a:b', 'back\\slash', 'ctl\u0001x', '.hidden', '...', '~', 'nbsp\u00a0', '#{pane_id}', '%%',
  ];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cs-key-new-'));
    home = join(root, 'home');
    cwd = join(root, 'work');
    for (const name of NAMES.filter((name) => !['link', 'file.txt'].includes(name))) mkdirSync(join(p1(), name), { recursive: true });
    for (const name of ['dup', 'only2', 'target', 'my app']) mkdirSync(join(p2(), name), { recursive: true });
    symlinkSync(join(p2(), 'target'), join(p1(), 'link'));
    writeFileSync(join(p1(), 'file.txt'), '');
    mkdirSync(join(home, 'projects', 'homeproj'), { recursive: true });
    mkdirSync(join(home, 'projects', 'dup'), { recursive: true });
    mkdirSync(join(cwd, 'sub'), { recursive: true });
    mkdirSync(join(cwd, 'rel-projects', 'relproj'), { recursive: true });
    symlinkSync(join(p1(), 'web.app'), join(cwd, 'sublink'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // The session the TypeScript goes to for the typed words, or undefined where it fails.
  function typescriptSession(words: readonly string[], prefixOption: string, projectsOption: string): string | undefined {
    // The key's shell and Node's `new` both run in run-shell's folder: names in a relative projects folder resolve there.
    const saved = process.env['HOME'];
    const savedCwd = process.cwd();
    process.env['HOME'] = home;
    process.chdir(cwd);
    try {
      const defaultOf = (key: string) => OPTIONS.find((option) => option.key === key)!.default;
      const dir = findProject(words[0], projectsOption || defaultOf('PROJECTS_DIR'), cwd);
      return sessionNameFor(projectName(dir), prefixOption || defaultOf('PREFIX'));
    } catch {
      return undefined;
    } finally {
      process.chdir(savedCwd);
      process.env['HOME'] = saved;
    }
  }

  it('goes to the same session or hands over, for hostile and tricky names, paths, symlinks, ~ and several projects folders', () => {
    const texts = [
      ...NAMES, 'only2', 'homeproj', 'relproj', 'nowhere', '',
      'sub', 'sub/', 'sublink', 'sublink/', './sub', '../work', '.', '..', 'sub//', `${p1()}/web.app`, `${p1()}/web.app/`,
      `${p1()}/link`, `${p1()}/file.txt`, `${p1()}/./dup`, '/', `${cwd}/sub`, `${p1()}/my app`, `${p1()}/-lead`,
    ];
    const projectsOptions = [
      `${p1()}:${p2()}`, `  ${p1()} :\t${p2()}/ `, `${p2()}:${p1()}`, '~/projects', '~', `${p1()}/:${p2()}`, `:${p2()}::`,
      'rel-projects', `${root}/x/../p1`, '', `\u00a0${p1()}`, '/', `${p1()}//`, `~/projects:${p1()}`,
    ];
    const prefixes = ['', 'ws-', 'a.b:', ' sp ', 'é-', 'tab\t'];
    const next = random(5);
    const cases: { args: string[]; words: string[]; expected: string | undefined; context: string }[] = [];
    for (const text of texts) {
      for (const projects of projectsOptions) {
        const prefix = pick(next, prefixes);
        const words = text === '' && next() < 0.5 ? [] : [text];
        const expected = typescriptSession(words, prefix, projects);
        const args = [KEY_PATH_COMMANDS.newWorkspace, `c${CLIENT}`, `p${prefix}`, `d${projects}`, '--', ...words];
        cases.push({ args, words, expected, context: JSON.stringify({ text, projects, prefix, expected }) });
      }
    }
    const outcomes = runKeyPaths(cases.map(({ args }) => ({ args, cwd, home })));
    // The session missing: tmux refuses, and Node's new gets the key to build it.
    const refused = runKeyPaths(cases.map(({ args }) => ({ args, cwd, home, tmuxStatus: 1 })));
    let decided = 0;
    cases.forEach(({ words, expected, context }, index) => {
      const outcome = outcomes[index]!;
      const handover = ['new', '--display', '--client', CLIENT, '--', ...words];
      if (outcome.tmux) {
        expect(expected, context).toBeDefined();
        expect(outcome, context).toEqual({ tmux: ['switch-client', '-c', CLIENT, '-t', `=${expected}:`] });
        expect(refused[index], context).toEqual({ tmux: outcome.tmux, handover });
        decided++;
      } else expect(outcome, context).toEqual({ handover });
    });
    expect(cases.length).toBeGreaterThan(500);
    expect(decided).toBeGreaterThan(cases.length / 4);
  }, 60_000); // over a thousand runs of the shell path

  it('decides itself for plain names, spaces, quotes, $(…), a leading -, tabs, paths and symlinks', () => {
    const projects = `${p1()}:${p2()}`;
    for (const text of ['web.app', 'my app', `quote's "x" $(touch y);z`, '-lead', 'tab\tname', 'trail ', 'only2', 'link', 'sub/', 'sublink/', `${p1()}/link`, '']) {
      const expected = typescriptSession([text], 'ws-', projects);
      expect(runKeyPath([KEY_PATH_COMMANDS.newWorkspace, `c${CLIENT}`, 'pws-', `d${projects}`, '--', text], { cwd, home }), text).toEqual({
        tmux: ['switch-client', '-c', CLIENT, '-t', `=${expected}:`],
      });
    }
  });

  it('leaves to Node what NFC, unicode spaces or path normalizing could change', () => {
    const projects = `${p1()}:${p2()}`;
    for (const [text, option] of [['café', projects], ['cafe\u0301', projects], ['nbsp\u00a0', projects], ['./sub', projects], ['dup', `${root}/x/../p1`], ['dup', `\u00a0${p1()}`]] as const) {
      expect(runKeyPath([KEY_PATH_COMMANDS.newWorkspace, `c${CLIENT}`, 'p', `d${option}`, '--', text], { cwd, home }), text).toEqual({
        handover: ['new', '--display', '--client', CLIENT, '--', text],
      });
    }
  });

  it('decided in the server (tmux >= 3.3), goes to the session Node would name, or leaves the text to the sh path', () => {
    const server = startTestServer();
    try {
      const OUT = '@cs-test-chosen';
      const format = newWorkspaceInServer({ ...NEW_WORKSPACE_IN_SERVER, go: `set-option -g ${OUT}`, fallback: `set-option -g ${OUT} sh-path` });
      server.tmux('set-environment', '-g', 'HOME', home);
      const prefixes = ['', 'ws-', 'a.b', ' sp ', 'a:b'];
      // Every project folder's workspace is open, a pane in its real folder, under each plain prefix;
      // and a session named after the symlink 'link' (whose real folder is p2/target) is open too.
      const folders = [p1(), p2(), join(home, 'projects')].flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)));
      const opened = new Set<string>();
      for (const folder of folders) {
        let real: string;
        try {
          real = realpathSync(folder);
          if (!readdirSync(real)) continue;
        } catch {
          continue; // a file, not a folder
        }
        for (const prefix of ['', 'ws-', 'a.b']) {
          for (const name of new Set([sessionNameFor(projectName(real), prefix || 'claude-dev-'), sessionNameFor(projectName(folder), prefix || 'claude-dev-')])) {
            if (opened.has(name) || name.includes('\u0000')) continue;
            opened.add(name);
            server.tryTmux('new-session', '-d', '-s', name.replaceAll('#', '##'), '-c', real);
          }
        }
      }
      const texts = [...NAMES, 'only2', 'homeproj', 'nowhere', '', 'sub', 'link', '.', '..', `${p1()}/web.app`];
      const projectsOptions = [p1(), `${p1()}:${p2()}`, p2(), '~/projects', '~', `${p1()}/`, ` ${p1()}`, '', 'rel-projects', `${root}/x/../p1`];
      const set = (name: string, value: string) => (value === '' ? ['set-option', '-gu', name] : ['set-option', '-g', name, value]);
      const cases = texts.flatMap((text) => projectsOptions.flatMap((projects) => prefixes.map((prefix) => ({ text, projects, prefix }))));
      const outcomes: string[] = [];
      // Four cases a tmux call (its arguments fit in 16 KiB): each sets the options, runs the key's format, prints what it chose.
      for (let start = 0; start < cases.length; start += 4) {
        const commands = cases.slice(start, start + 4).flatMap(({ text, projects, prefix }) => [
          ...set(STATE_OPTIONS.prompt, text), ';', ...set(NEW_WORKSPACE_IN_SERVER.prefix, prefix), ';', ...set(NEW_WORKSPACE_IN_SERVER.projectsDir, projects), ';',
          'set-option', '-g', OUT, 'unset', ';', 'run-shell', '-C', format, ';', 'show-options', '-gv', OUT, ';',
        ]);
        outcomes.push(...server.tmux(...commands.slice(0, -1)).replace(/\n$/, '').split('\n'));
      }
      expect(outcomes).toHaveLength(cases.length);
      let decided = 0;
      cases.forEach(({ text, projects, prefix }, index) => {
        if (outcomes[index] === 'sh-path') return;
        expect(outcomes[index], JSON.stringify({ text, projects, prefix })).toBe(`=${typescriptSession([text], prefix, projects)}:`);
        decided++;
      });
      // Plain names in one absolute projects folder or ~/projects, under a plain prefix.
      expect(decided).toBeGreaterThan(20);
    } finally {
      server.stop();
    }
  }, 120_000); // hundreds of tmux calls
});
