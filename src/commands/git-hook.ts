// `claude-sessions git-hook install|uninstall [REPO]`: a pre-commit hook that warns about
// uncommitted changes in worktrees where live claude-dev sessions work.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../cli/errors.ts';
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { writeOut } from '../util/output.ts';

const ACTIONS = ['install', 'uninstall'] as const;

// git-hook install [REPO] [--strict] [--prefix P] | git-hook uninstall [REPO]
export const gitHookCommand = defineCommand({
  name: 'git-hook',
  description: "git-hook install | uninstall [REPO]: a pre-commit hook warning about claude-dev sessions' uncommitted changes",
  positionals: [
    { name: 'action', required: true, description: `one of: ${ACTIONS.join(', ')}` },
    { name: 'repo', description: 'a folder in the repository (default: the current folder)' },
  ],
  options: {
    strict: { type: 'boolean', description: 'install: block the commit (exit 1) when there are such changes' },
    prefix: { type: 'string', valueName: 'prefix', description: `install: session name prefix (default ${optionDefault(USER_OPTIONS.prefix)})` },
  },
  async run({ values, positionals }) {
    const [action, repo = '.'] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) throw new UserError(`unknown git-hook action '${action}' (one of: ${ACTIONS.join(', ')})`, 2);
    if (action === 'uninstall' && (values['strict'] || values['prefix'] !== undefined)) throw new UserError('--strict and --prefix are for git-hook install', 2);
    const hooks = await import('../git-hook/install.ts');
    const dir = hooks.hooksDir(resolve(repo));
    if (action === 'uninstall') {
      const result = hooks.uninstallHook(dir);
      if (!result.removed) return void writeOut(`no claude-sessions pre-commit hook in ${dir}: nothing to remove\n`);
      return void writeOut(`removed the claude-sessions pre-commit hook from ${dir}${result.restored ? `; restored the previous ${result.restored}` : ''}\n`);
    }
    const { pluginRoot } = await import('../agents/plugin-paths.ts');
    const source = join(pluginRoot(), 'scripts', 'pre-commit-hook.sh');
    const prefix = (values['prefix'] as string | undefined) ?? optionDefault(USER_OPTIONS.prefix);
    const text = hooks.hookText(readFileSync(source, 'utf8'), { prefix, strict: values['strict'] === true, source });
    mkdirSync(dir, { recursive: true });
    const result = hooks.installHook(dir, text);
    const chained = result.chained ? `; runs the previous hook first (${result.chained})` : '';
    writeOut(`${result.updated ? 'updated' : 'installed'} the claude-sessions pre-commit hook in ${result.hook}${values['strict'] ? ' (strict)' : ''}${chained}\n`);
  },
});
