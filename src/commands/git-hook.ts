// `claude-sessions git-hook install|uninstall [REPO]`: a pre-commit hook that warns about
// uncommitted changes in worktrees where live claude-dev sessions work.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pluginRoot } from '../agents/plugin-paths.ts';
import { defineCommand, defineGroup } from '../cli/define.ts';
import { hooksDir, hookText, installHook, uninstallHook } from '../git-hook/install.ts';
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { writeOut } from '../util/output.ts';

const REPO = { name: 'repo', description: 'a folder in the repository (default: the current folder)' } as const;

// git-hook install [REPO] [--strict] [--prefix P]
const installCommand = defineCommand({
  description: "install a pre-commit hook warning about claude-dev sessions' uncommitted changes (an existing hook is kept and run first)",
  positionals: [REPO],
  options: {
    strict: { type: 'boolean', description: 'block the commit (exit 1) when there are such changes' },
    prefix: { type: 'string', valueName: 'prefix', description: `session name prefix (default ${optionDefault(USER_OPTIONS.prefix)})` },
  },
  run({ values, positionals: [repo = '.'] }) {
    const dir = hooksDir(resolve(repo));
    const source = join(pluginRoot(), 'scripts', 'pre-commit-hook.sh');
    const prefix = values.prefix ?? optionDefault(USER_OPTIONS.prefix);
    const text = hookText(readFileSync(source, 'utf8'), { prefix, strict: values.strict === true, source });
    mkdirSync(dir, { recursive: true });
    const result = installHook(dir, text);
    const chained = result.chained ? `; runs the previous hook first (${result.chained})` : '';
    writeOut(`${result.updated ? 'updated' : 'installed'} the claude-sessions pre-commit hook in ${result.hook}${values.strict ? ' (strict)' : ''}${chained}\n`);
  },
});

// git-hook uninstall [REPO]
const uninstallCommand = defineCommand({
  description: 'remove the claude-sessions pre-commit hook, putting back the hook it replaced',
  positionals: [REPO],
  run({ positionals: [repo = '.'] }) {
    const dir = hooksDir(resolve(repo));
    const result = uninstallHook(dir);
    if (!result.removed) return void writeOut(`no claude-sessions pre-commit hook in ${dir}: nothing to remove\n`);
    writeOut(`removed the claude-sessions pre-commit hook from ${dir}${result.restored ? `; restored the previous ${result.restored}` : ''}\n`);
  },
});

// git-hook install | uninstall
export const gitHookCommand = defineGroup({ subcommands: { install: installCommand, uninstall: uninstallCommand } });
