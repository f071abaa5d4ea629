// `claude-sessions completion bash|zsh|fish`: print the shell's completion script, generated
// from the command definitions (src/completion/); see the README for installing it.
import { defineCommand } from '../cli/define.ts';
import { completionSpec } from '../completion/spec.ts';
import { completionScript, COMPLETION_SHELLS, type CompletionShell } from '../completion/scripts.ts';
import { UserError } from '../util/errors.ts';
import { writeOut } from '../util/output.ts';
import { COMMANDS } from './manifest.ts';

// completion SHELL
export const completionCommand = defineCommand({
  positionals: [{ name: 'shell', required: true, description: `one of: ${COMPLETION_SHELLS.join(', ')}`, complete: COMPLETION_SHELLS }],
  async run({ positionals: [shell] }) {
    if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
      throw new UserError(`completion: unknown shell ${JSON.stringify(shell)} (one of: ${COMPLETION_SHELLS.join(', ')})`, 2);
    }
    writeOut(completionScript(shell as CompletionShell, await completionSpec('claude-sessions', COMMANDS)));
  },
});
