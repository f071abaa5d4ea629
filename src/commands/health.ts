// `claude-sessions health [SESSION]`: per workspace, the panes its template expects, its
// worktrees, its agents and their hooks, CPU and memory, scrollback; and the session limit.
// Warnings never change the exit status; only errors (no such session, tmux failing) do.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { gatherHealthAndStatus } from '../health/gather.ts';
import { renderHealth } from '../health/render.ts';
import { refreshHealthStatus, updateHealthStatus } from '../health/status-option.ts';
import { TmuxError } from '../tmux/index.ts';
import { writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// health [SESSION] [--json] [--update-status].
export const healthCommand = defineCommand({
  positionals: [{ name: 'session', description: 'only this workspace (session or project name)' }],
  options: {
    json: JSON_OPTION,
    'update-status': { type: 'boolean', description: 'only refresh the summary #{claude_sessions_health} shows, quietly' },
  },
  async run({ values, positionals, client }) {
    if (values['update-status']) {
      try {
        await updateHealthStatus(client);
      } catch (error) {
        if (!(error instanceof TmuxError && error.kind === 'no-server')) throw error;
      }
      return;
    }
    const gathered = await gatherHealthAndStatus(client, { session: positionals[0] });
    const { report } = gathered;
    // A report of every workspace is what the summary counts; one of a single workspace is not.
    await refreshHealthStatus(client, positionals[0] === undefined ? gathered : undefined);
    if (values.json) printJson(report);
    else writeOut(renderHealth(report));
  },
});
