// `claude-sessions switch`: go to a project's workspace; with no project, list the workspaces.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { optionValue } from '../options/read.ts';
import { listWorkspaceSessions } from '../workspace/sessions.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { goToSession } from '../workspace/go-to.ts';
import { existingFolder, findProject, looksLikePath } from '../workspace/project.ts';
import { writeOut } from '../util/output.ts';
import { printJson } from './context.ts';
import { CLIENT_OPTION, openAndGo } from './new.ts';
import { USER_OPTIONS } from '../options/definitions.ts';

export const switchCommand = defineCommand({
  positionals: [{ name: 'project', description: `project name (looked up in ${USER_OPTIONS.projectsDir}) or folder` }],
  options: { json: JSON_OPTION, detach: { type: 'boolean', short: 'd', description: 'create it if missing, but stay here' }, client: CLIENT_OPTION },
  async run({ values, positionals, client }) {
    const known = await listWorkspaceSessions(client);
    const { options, sessions } = known;
    const wanted = positionals[0];
    if (wanted === undefined) {
      if (values.json) return printJson(sessions.map((session) => session.name));
      writeOut(sessions.length ? `${sessions.map((session) => session.name).join('\n')}\n` : 'no Claude Code workspaces yet\n');
      return;
    }
    const prefix = optionValue(options, USER_OPTIONS.prefix);
    if (!looksLikePath(wanted)) {
      const existing = sessions.find((session) => session.name === sessionNameFor(wanted, prefix));
      if (existing) {
        if (!values.detach) await goToSession(client, existing.name, { clientName: values.client });
        return;
      }
    }
    const projectDir = looksLikePath(wanted) ? existingFolder(wanted) : findProject(wanted, optionValue(options, USER_OPTIONS.projectsDir));
    await openAndGo(client, projectDir, values, known);
  },
});
