// `claude-sessions kill`: kill a workspace (or --all), each saved first.
import { askYesNo, canAsk } from '../cli/confirm.ts';
import { defineCommand } from '../cli/define.ts';
import { killWorkspace } from '../save/kill-workspace.ts';
import { refreshHealthStatus } from '../health/status-option.ts';
import { UserError } from '../util/errors.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions } from '../workspace/sessions.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

export const killCommand = defineCommand({
  positionals: [{ name: 'project', description: 'project name or session name' }],
  options: {
    all: { type: 'boolean', description: 'kill every claude-dev workspace (asks first)' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask (for --all)' },
  },
  async run({ values, positionals, client }) {
    const { options, sessions } = await listWorkspaceSessions(client);
    const prefix = optionValue(options, USER_OPTIONS.prefix);
    let targets: string[];
    if (values.all) {
      if (positionals.length > 0) throw new UserError('give a project or --all, not both', 2);
      targets = sessions.map((session) => session.name);
      if (targets.length === 0) return void writeOut('no workspaces to kill\n');
      if (!values.yes && !(await confirm(`Kill all ${targets.length} Claude Code sessions? (y/N) `))) {
        return void writeOut('nothing killed\n');
      }
    } else {
      const wanted = positionals[0];
      if (wanted === undefined) throw new UserError('kill needs a project (or --all)', 2);
      const name = sessions.find((session) => session.name === wanted)?.name ?? sessionNameFor(wanted, prefix);
      if (!sessions.some((session) => session.name === name)) throw new UserError(`Session ${name} not found`);
      targets = [name];
    }
    // Each one saved first (its own save file, `last` untouched); a failed save keeps it.
    const failed: string[] = [];
    try {
      for (const name of targets) {
        try {
          const result = await killWorkspace(client, name);
          writeOut(`Session ${name} terminated, saved first; to bring it back: ${result.restoreCommand}\n`);
        } catch (error) {
          if (!(error instanceof UserError) || targets.length === 1) throw error;
          writeErr(`claude-sessions: ${error.message}\n`);
          failed.push(name);
        }
      }
    } finally {
      await refreshHealthStatus(client);
    }
    if (failed.length > 0) throw new UserError(`${failed.length} of ${targets.length} workspaces were not killed: ${failed.join(', ')}`);
  },
});

// y/N on a terminal; without one, refuse rather than guess.
async function confirm(question: string): Promise<boolean> {
  if (!canAsk()) throw new UserError('not asking without a terminal: pass --yes to kill them all');
  return askYesNo(question);
}
