// `claude-sessions cleanup`: kill workspaces left idle, each saved first so it can come back.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { cleanupWorkspaces } from '../cleanup/run.ts';
import { cleanupLines } from '../cleanup/report.ts';
import { parseDuration } from '../cleanup/duration.ts';
import { refreshHealthStatus } from '../health/status-option.ts';
import { UserError } from '../util/errors.ts';
import { writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// How old a workspace must be when --older-than is not given.
export const DEFAULT_OLDER_THAN = '7d';

// cleanup [--older-than DURATION] [--by activity|created] [--dry-run] [--force] [--json]
export const cleanupCommand = defineCommand({
  options: {
    'older-than': { type: 'string', valueName: 'duration', description: `age from which a workspace goes: 30m, 24h, 7d, 0s, 1d12h (default: ${DEFAULT_OLDER_THAN})` },
    by: { type: 'string', valueName: 'activity|created', description: 'count the age from the last activity (default) or from creation' },
    'dry-run': { type: 'boolean', short: 'n', description: 'change nothing; say what would be killed and kept' },
    force: { type: 'boolean', description: 'kill attached workspaces, working or waiting agents and dirty worktrees too' },
    json: { ...JSON_OPTION, description: 'print JSON: olderThan (seconds), by, dryRun, force, killed, kept' },
  },
  async run({ values, client }) {
    const olderThan = parseDuration(values['older-than'] ?? DEFAULT_OLDER_THAN, '--older-than');
    const by = values.by ?? 'activity';
    if (by !== 'activity' && by !== 'created') throw new UserError(`--by ${JSON.stringify(by)}: use activity or created`, 2);
    const result = await cleanupWorkspaces(client, { olderThan, by, dryRun: Boolean(values['dry-run']), force: Boolean(values.force) });
    if (result.killed.length > 0) await refreshHealthStatus(client);
    if (values.json) printJson(result);
    else writeOut(`${cleanupLines(result).join('\n')}\n`);
    // A workspace whose save or kill failed was kept: the run did not do its job.
    return result.kept.some((entry) => entry.reasons.includes('failed')) ? 1 : 0;
  },
});
