// `claude-sessions ls`: the workspace sessions on the server.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions, type WorkspaceSession } from '../workspace/sessions.ts';
import { formatAge, renderTable } from '../util/table.ts';
import { printJson } from './context.ts';
import { writeOut } from '../util/output.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

export const lsCommand = defineCommand({
  options: { json: { ...JSON_OPTION, description: 'print JSON (stable keys, ISO dates)' } },
  async run({ values, client }) {
    const { options, sessions } = await listWorkspaceSessions(client);
    if (values.json) return printJson(sessions.map(toJson));
    if (sessions.length === 0) {
      writeOut(`no ${optionValue(options, USER_OPTIONS.prefix)}* sessions on ${client.serverLabel()}\n`);
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
    writeOut(renderTable(['SESSION', 'PROJECT DIR', 'WINDOWS', 'PANES', 'ATTACHED', 'CREATED', 'ACTIVE'], rows));
  },
});

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
