// Shell completion, driven for real: bash sources the script and its function fills COMPREPLY
// for COMP_WORDS/COMP_CWORD, against a real tmux server whose session names are hostile;
// zsh and fish where installed. Everything comes from the command definitions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, type CommandEntry } from '../../src/cli/define.ts';
import { COMMANDS } from '../../src/commands/manifest.ts';
import { completionScript } from '../../src/completion/scripts.ts';
import { completionSpec } from '../../src/completion/spec.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';

// Names a shell would misread if completion inserted them as they are.
const HOSTILE = ['claude-dev-my proj', "it's", '$(touch pwned)', '-dash', 'star*', 'semi;colon', 'hash#1', 'back\\slash', 'claude-dev-"q"'];

let server: TestServer;
// The names as tmux reports them (it shows a backslash doubled), which the CLI takes.
let reported: string[];
let scripts: Record<'bash' | 'zsh' | 'fish', string>;
let projects: string;

beforeAll(async () => {
  server = startTestServer();
  for (const name of HOSTILE) server.tmux('new-session', '-d', '-s', name.replaceAll('#', '##'), '-c', server.dir);
  server.tmux('kill-session', '-t', '=placeholder:');
  reported = server.tmux('list-sessions', '-F', '#{session_name}').split('\n').filter(Boolean).sort();
  expect(reported).toHaveLength(HOSTILE.length);
  projects = join(server.dir, 'projects');
  mkdirSync(join(projects, 'alpha'), { recursive: true });
  mkdirSync(join(projects, 'b e t a'));
  server.tmux('set-option', '-g', '@claude-sessions-projects-dir', `${projects}:${join(server.dir, 'none')}`);
  scripts = { bash: '', zsh: '', fish: '' };
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const result = await runCliCaptured(['completion', shell]);
    expect(result.code).toBe(0);
    scripts[shell] = join(server.dir, `completion.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});

afterAll(() => server.stop());

// What bash's completion function offers for WORDS (the last one being completed), each
// reply decoded back into the word the shell would see.
function bashComplete(script: string, words: readonly string[]): { replies: string[]; decoded: string[][] } {
  const driver = `source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
_claude_sessions
for reply in "\${COMPREPLY[@]}"; do
  eval "decoded=($reply)"
  printf '%s\\0%s\\0' "$reply" "\${#decoded[@]}"
  printf '%s\\0' "\${decoded[@]}"
done`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', driver, 'bash', script, ...words], { encoding: 'utf8', cwd: server.dir, env: testEnv() });
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr}`);
  const fields = result.stdout.split('\0');
  const replies: string[] = [];
  const decoded: string[][] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const count = Number(fields[i + 1]);
    replies.push(fields[i] ?? '');
    decoded.push(fields.slice(i + 2, i + 2 + count));
    i += 2 + count;
  }
  return { replies, decoded };
}

const bash = (...words: string[]) => bashComplete(scripts.bash, ['claude-sessions', '-S', server.socket, ...words]);
const words = (...typed: string[]) => bash(...typed).decoded.map((word) => word.join('\u241f'));

describe('bash completion', () => {
  it('offers every session, however hostile its name, as exactly that one word', () => {
    const offered = words('export', '');
    expect(offered.sort()).toEqual(reported);
    expect(existsSync(join(server.dir, 'pwned'))).toBe(false);
  });

  it('filters by what was typed, quoted or escaped', () => {
    expect(bash('export', 'claude-dev-my\\ p').replies).toEqual(['claude-dev-my\\ proj']);
    expect(words('export', "'it")).toEqual(["it's"]);
    expect(words('share', '$(')).toEqual(['$(touch pwned)']);
  });

  it('offers commands, sub-commands, options and their values from the definitions', () => {
    expect(words('ver')).toEqual(['verify']);
    expect(words('hooks', '')).toEqual(['install', 'uninstall', 'status']);
    expect(words('worktree', 'add', '--b')).toEqual(['--base']);
    expect(words('cleanup', '--by', '')).toEqual(['activity', 'created']);
    expect(words('verify', '--')).toEqual(expect.arrayContaining(['--json', '--quiet', '--help']));
    expect(words('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    // an alias, and a value-taking option skipped over before the positional
    expect(words('list', '--')).toContain('--json');
    expect(words('git-status', '-t', '')).toEqual(expect.arrayContaining(reported));
  });

  it('offers project names: workspaces without the prefix, and folders in the projects folders', () => {
    const offered = words('kill', '');
    expect(offered).toEqual(expect.arrayContaining(['my proj', '"q"', 'alpha', 'b e t a']));
    expect(offered).not.toContain('-dash');
    expect(bash('switch', 'b').replies).toEqual(['b\\ e\\ t\\ a']);
  });

  it('completes files for a file argument', () => {
    writeFileSync(join(server.dir, 'save one.txt'), '');
    expect(bash('verify', 'save').replies).toEqual(['save\\ one.txt']);
  });
});

describe('completion from the definitions', () => {
  it('completes a command and option added to the definitions without a change to the completion code', async () => {
    const zap: CommandEntry = {
      name: 'zap',
      usage: '[options] [session]',
      description: 'a command only this test has',
      load: async () =>
        defineCommand({
          options: { frobnicate: { type: 'string', valueName: 'session', description: 'a session to frobnicate' }, loud: { type: 'boolean', description: 'say it' } },
          positionals: [{ name: 'project', description: 'a project' }],
          run: () => undefined,
        }),
    };
    const script = join(server.dir, 'with-zap.bash');
    writeFileSync(script, completionScript('bash', await completionSpec('claude-sessions', [...COMMANDS, zap])));
    const complete = (...typed: string[]) => bashComplete(script, ['claude-sessions', '-S', server.socket, ...typed]).decoded.map((word) => word.join(''));

    expect(complete('za')).toEqual(['zap']);
    expect(complete('zap', '--')).toEqual(expect.arrayContaining(['--frobnicate', '--loud']));
    expect(complete('zap', '--frobnicate', '').sort()).toEqual(reported);
    expect(complete('zap', '--loud', 'alp')).toEqual(['alpha']);
  });
});

const hasZsh = spawnSync('zsh', ['--version']).status === 0;
const hasFish = spawnSync('fish', ['--version']).status === 0;
if (!hasZsh) console.warn('zsh is not installed: its completion tests are skipped');
if (!hasFish) console.warn('fish is not installed: its completion tests are skipped');

describe.skipIf(!hasZsh)('zsh completion', () => {
  const zsh = (code: string) => {
    const result = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D && source "$1" && ${code}`, 'zsh', scripts.zsh], { encoding: 'utf8', cwd: server.dir, env: testEnv() });
    if (result.status !== 0) throw new Error(`zsh failed: ${result.stderr}`);
    return result.stdout;
  };

  it('registers its function for claude-sessions and offers what bash offers, sessions included', () => {
    expect(zsh('print -r -- $_comps[claude-sessions]')).toBe('_claude_sessions\n');
    const candidates = (...typed: string[]) =>
      zsh(`__claude_sessions_candidates ${typed.length + 2} claude-sessions -S ${JSON.stringify(server.socket)} ${typed.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')}`)
        .split('\n')
        .filter(Boolean);
    expect(candidates('export', '').sort()).toEqual(reported);
    expect(candidates('hooks', '')).toEqual(['install', 'uninstall', 'status']);
    expect(candidates('kill', '')).toEqual(expect.arrayContaining(['my proj', 'alpha', 'b e t a']));
    expect(existsSync(join(server.dir, 'pwned'))).toBe(false);
  });
});

describe.skipIf(!hasFish)('fish completion', () => {
  const fish = (line: string) => {
    const result = spawnSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C $argv[2]`, scripts.fish, line], { encoding: 'utf8', cwd: server.dir, env: testEnv() });
    if (result.status !== 0) throw new Error(`fish failed: ${result.stderr}`);
    return result.stdout.split('\n').filter(Boolean).map((entry) => entry.split('\t')[0] ?? '');
  };

  it('offers sessions, commands, sub-commands, options and projects', () => {
    expect(fish(`claude-sessions -S ${server.socket} export `).sort()).toEqual(reported);
    expect(fish('claude-sessions ver')).toEqual(['verify']);
    expect(fish('claude-sessions hooks ').sort()).toEqual(['install', 'status', 'uninstall']);
    expect(fish('claude-sessions cleanup --by ')).toEqual(['activity', 'created']);
    expect(fish(`claude-sessions -S ${server.socket} kill `)).toEqual(expect.arrayContaining(['my proj', 'alpha', 'b e t a']));
    expect(existsSync(join(server.dir, 'pwned'))).toBe(false);
  });
});
