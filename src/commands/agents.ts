// `claude-sessions agents`: every pane running a Claude agent, with its state and where
// that state comes from (our hook, `claude agents --json`, or nothing: unknown).
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { listAgentPanes, type AgentPane } from '../agents/agent-panes.ts';
import { formatAge, renderTable } from '../util/table.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// agents [--json]
export const agentsCommand = defineCommand({
  options: { json: { ...JSON_OPTION, description: 'print JSON: pane, session, window, state, since, reason, sessionId, source, pid' } },
  async run({ values, client }) {
    const agents = await listAgentPanes(client);
    if (values.json) return printJson(agents.map(toJson));
    if (agents.length === 0) return void writeOut(`no Claude agents on ${client.serverLabel()}\n`);
    const now = new Date();
    const rows = agents.map((agent) => [
      `${agent.session}:${agent.window}.${agent.pane}`,
      agent.windowName,
      agent.state,
      agent.since === undefined ? '' : formatAge(new Date(agent.since * 1000), now),
      agent.reason ?? '',
      agent.source,
    ]);
    writeOut(renderTable(['PANE', 'WINDOW', 'STATE', 'SINCE', 'WAITING FOR', 'FROM'], rows));
    const unhooked = agents.filter((agent) => agent.source !== 'hook').length;
    if (unhooked > 0) {
      writeErr(`claude-sessions: ${unhooked} agent(s) without our hooks: start them from a workspace, or run \`claude-sessions hooks install\`\n`);
    }
  },
});

function toJson(agent: AgentPane) {
  return {
    pane: agent.paneId,
    session: agent.session,
    window: agent.window,
    windowName: agent.windowName,
    paneIndex: agent.pane,
    state: agent.state,
    since: agent.since === undefined ? null : new Date(agent.since * 1000).toISOString(),
    reason: agent.reason ?? null,
    sessionId: agent.sessionId ?? null,
    source: agent.source,
    pid: agent.pid ?? null,
  };
}
