// The "Attach to Claude Session" VS Code task: open the workspace of the folder VS Code has
// open, building it from its template first if needed, from VS Code's integrated terminal.
import type { VscodeTask } from './tasks-file.ts';

// The task's label, also how an existing copy is recognised.
export const ATTACH_TASK_LABEL = 'Attach to Claude Session';

// The task that runs `claude-sessions new ${workspaceFolder}` through the CLI at cliPath (the
// plugin's bin is rarely on PATH in VS Code). A process task: VS Code passes each argument
// as it is, no shell in between, and runs it in a terminal, so `new` attaches.
export function attachTask(cliPath: string): VscodeTask {
  return {
    label: ATTACH_TASK_LABEL,
    type: 'process',
    command: cliPath,
    args: ['new', '${workspaceFolder}'],
    presentation: { reveal: 'always', panel: 'dedicated' },
    problemMatcher: [],
  };
}
