// `claude-sessions ls`: the workspace sessions on the server.
import type { Command } from 'commander';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions, type WorkspaceSession } from '../sessions/list.ts';
import { formatAge, renderTable } from '../util/table.ts';
import { clientFor, printJson } from './context.ts';

export function registerLs(program: Command): void {
  program
    .command('ls')
    .alias('list')
    .description('list claude-dev workspace sessions: project folder, windows, panes, clients, age, last activity')
    .option('--json', 'print JSON (stable keys, ISO dates)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = clientFor(command);
      const { options: tmuxOptions, sessions } = await listWorkspaceSessions(client);
      const prefix = optionValue(tmuxOptions, '@claude-sessions-prefix');
      if (options.json) return printJson(sessions.map(toJson));
      if (sessions.length === 0) {
        process.stdout.write(`no ${prefix}* sessions on ${client.serverLabel()}\n`);
        return;
      }
      const now = new Date();
      const rows = sessions.map((s) => [
        s.name,
        s.projectDir,
        String(s.windows),
        String(s.panes),
        s.attached > 0 ? `yes (${s.attached})` : 'no',
        formatAge(s.created, now),
        formatAge(s.lastActivity, now),
      ]);
      process.stdout.write(renderTable(['SESSION', 'PROJECT DIR', 'WINDOWS', 'PANES', 'ATTACHED', 'CREATED', 'ACTIVE'], rows));
    });
}

function toJson(session: WorkspaceSession) {
  return {
    name: session.name,
    project: session.project,
    projectDir: session.projectDir,
    windows: session.windows,
    panes: session.panes,
    attached: session.attached,
    created: session.created.toISOString(),
    lastActivity: session.lastActivity.toISOString(),
  };
}
