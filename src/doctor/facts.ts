// What doctor looks at, gathered with as few tmux calls as possible.
import { TmuxError, featuresOf, parseTmuxVersion, type TmuxClient, type TmuxVersion } from '../tmux/index.ts';
import { effectiveOptions, OPTIONS_QUERY, type EffectiveOptions } from '../options/read.ts';
import { PLUGIN_HOOKS, STATE_OPTIONS } from '../options/definitions.ts';
import { probeProgram, type ProgramProbe } from '../programs/probe.ts';
import { lastSavePath, resolveSaveDir } from '../resurrect/save-dir.ts';
import { listAgentPanes } from '../agents/agent-panes.ts';
import { statSync } from 'node:fs';
import { PANE_OPTIONS, RECONCILE_OPTIONS } from '../agents/claude-contract.ts';
import { defaultConfigDir, readSessionFolder, type SessionFolder } from '../agents/session-files.ts';
import { checkSharing, type SharingFacts } from '../share/share.ts';
import { readLastVerify, type VerifyRecord } from '../verify/last-result.ts';
import { PEER_OPTIONS } from '../options/peers.ts';

export interface HookEntry {
  readonly hook: string;
  readonly index: number;
  readonly command: string;
  readonly ours: boolean;
}

export interface DoctorFacts {
  readonly nodeVersion: string;
  readonly tmuxBinary: string;
  readonly clientVersion: TmuxVersion | undefined;
  readonly clientVersionError: string | undefined;
  readonly serverLabel: string;
  readonly serverRunning: boolean;
  readonly serverVersion: TmuxVersion | undefined;
  readonly features: Record<string, boolean>;
  readonly options: EffectiveOptions;
  readonly pluginBin: string;
  readonly boundKeys: string;
  readonly statusLeft: string;
  readonly statusRight: string;
  readonly hooks: readonly HookEntry[];
  /** key -> command currently bound in the prefix table */
  readonly prefixKeys: ReadonlyMap<string, string>;
  /** git (worktrees) and claude (agents), probed with --version. */
  readonly programs: readonly ProgramProbe[];
  /** Where saves go, the one `last` names, and the autosave timer chain ("ID MINUTES DUE" or ''). */
  /** Claude agents without our hooks' state (their pane, and where their state came from). */
  readonly unhookedAgents: readonly { readonly pane: string; readonly source: string }[];
  readonly saves: { readonly dir: string; readonly last: string | undefined; readonly lastTime: Date | undefined; readonly timer: string };
  /** Claude Code's session files, which the reconcile reads: the folders (this environment's
   * and every hooked agent's) and the hooked agents that have no live file there. */
  readonly reconcile: {
    readonly folders: readonly SessionFolder[];
    readonly unmatched: readonly { readonly pane: string; readonly dir: string }[];
  };
  /** What tmux-continuum and tmux-resurrect left on the server, and who restored at its start. */
  readonly peers: {
    readonly continuumLastSave: string;
    readonly startRestore: string;
  };
  /** tmux's access list against the share record (undefined: no server running). */
  readonly sharing?: SharingFacts | undefined;
  /** The last `verify` (run by hand or after an automatic save); undefined when none ran. */
  readonly lastVerify?: VerifyRecord | undefined;
  /** tmux-resurrect's @resurrect-save-shell-history, which per-pane history replaces ('' when unset). */
  readonly resurrectShellHistory?: string;
}

const SERVER_FIELDS = {
  ...OPTIONS_QUERY.fields,
  version: '#{version}',
  bin: `#{${STATE_OPTIONS.bin}}`,
  boundKeys: `#{${STATE_OPTIONS.boundKeys}}`,
  statusLeft: '#{status-left}',
  statusRight: '#{status-right}',
  resurrectDir: '#{@resurrect-dir}',
  timer: `#{${STATE_OPTIONS.autosaveTimer}}`,
  resurrectShellHistory: '#{@resurrect-save-shell-history}',
  continuumLastSave: `#{${PEER_OPTIONS.continuumLastSave}}`,
  startRestore: `#{${STATE_OPTIONS.startRestore}}`,
};

// Gather everything doctor reports on; never throws for a missing server.
export async function gatherFacts(client: TmuxClient): Promise<DoctorFacts> {
  const programs = Promise.all(['git', 'claude'].map((program) => probeProgram(program)));
  let clientVersion: TmuxVersion | undefined;
  let clientVersionError: string | undefined;
  try {
    clientVersion = await client.clientVersion();
  } catch (error) {
    clientVersionError = error instanceof Error ? error.message : String(error);
  }
  let server: Record<string, string> | undefined;
  let hookText = '';
  let keyText = '';
  if (clientVersion) {
    try {
      [server] = await client.list({ command: ['display-message', '-p'], fields: SERVER_FIELDS, formatLast: true });
      hookText = await client.batch(PLUGIN_HOOKS.map((hook) => ['show-hooks', '-g', hook]));
      keyText = await client.run(['list-keys', '-T', 'prefix']).catch(() => '');
    } catch (error) {
      if (!(error instanceof TmuxError && error.kind === 'no-server')) throw error;
    }
  }
  const serverVersion = server?.['version'] ? versionOrUndefined(server['version']) : undefined;
  const versionForFeatures = serverVersion ?? clientVersion;
  return {
    nodeVersion: process.versions.node,
    tmuxBinary: client.binary,
    clientVersion,
    clientVersionError,
    serverLabel: client.serverLabel(),
    serverRunning: server !== undefined,
    serverVersion,
    features: versionForFeatures ? featuresOf(versionForFeatures) : {},
    options: effectiveOptions(server as Parameters<typeof effectiveOptions>[0]),
    pluginBin: server?.['bin'] ?? '',
    boundKeys: server?.['boundKeys'] ?? '',
    statusLeft: server?.['statusLeft'] ?? '',
    statusRight: server?.['statusRight'] ?? '',
    hooks: parseHooks(hookText, STATE_OPTIONS.bin),
    prefixKeys: parsePrefixKeys(keyText),
    programs: await programs,
    saves: savesOf(server?.['resurrectDir'] ?? '', server?.['timer'] ?? ''),
    resurrectShellHistory: server?.['resurrectShellHistory'] ?? '',
    peers: {
      continuumLastSave: server?.['continuumLastSave'] ?? '',
      startRestore: server?.['startRestore'] ?? '',
    },
    unhookedAgents: server === undefined ? [] : await unhookedAgents(client),
    reconcile: await reconcileSource(client, server !== undefined),
    sharing: server === undefined || serverVersion === undefined ? undefined : await checkSharing(client, serverVersion),
    lastVerify: readLastVerify(),
  };
}

async function unhookedAgents(client: TmuxClient): Promise<DoctorFacts['unhookedAgents']> {
  const agents = await listAgentPanes(client).catch(() => []);
  return agents.filter((agent) => agent.source !== 'hook').map((agent) => ({ pane: `${agent.session}:${agent.window}.${agent.pane}`, source: agent.source }));
}

const RECONCILE_FIELDS = {
  pane: '#{session_name}:#{window_index}.#{pane_index}',
  state: `#{${PANE_OPTIONS.state}}`,
  sessionId: `#{${PANE_OPTIONS.sessionId}}`,
  configDir: `#{${RECONCILE_OPTIONS.configDir}}`,
};

// Where the reconcile would read each hooked agent's state, and who has no file there.
async function reconcileSource(client: TmuxClient, serverRunning: boolean): Promise<DoctorFacts['reconcile']> {
  const panes = serverRunning ? await client.list({ command: ['list-panes', '-a'], fields: RECONCILE_FIELDS }).catch(() => []) : [];
  const hooked = panes.filter((pane) => pane.sessionId !== '' && pane.state !== '' && pane.state !== 'exited');
  const dirs = [...new Set([defaultConfigDir(), ...hooked.map((pane) => pane.configDir).filter((dir) => dir !== '')])];
  const folders = dirs.map((dir) => readSessionFolder(dir));
  const byDir = new Map(dirs.map((dir, index) => [dir, folders[index]]));
  const unmatched = hooked
    .filter((pane) => pane.configDir !== '' && !byDir.get(pane.configDir)?.sessions.some((session) => session.sessionId === pane.sessionId))
    .map((pane) => ({ pane: pane.pane, dir: byDir.get(pane.configDir)?.dir ?? pane.configDir }));
  return { folders, unmatched };
}

function savesOf(resurrectDir: string, timer: string): DoctorFacts['saves'] {
  const dir = resolveSaveDir(resurrectDir);
  const last = lastSavePath(dir);
  let lastTime: Date | undefined;
  try {
    lastTime = last === undefined ? undefined : statSync(last).mtime;
  } catch {
    lastTime = undefined;
  }
  return { dir, last, lastTime, timer };
}

function versionOrUndefined(raw: string): TmuxVersion | undefined {
  try {
    return parseTmuxVersion(raw);
  } catch {
    return undefined;
  }
}

// Entries of `show-hooks -g HOOK` output; ours are those that run the plugin's CLI.
export function parseHooks(text: string, marker: string): HookEntry[] {
  const entries: HookEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-z-]+)\[(\d+)\] (.*)$/.exec(line);
    if (!match) continue;
    const command = match[3] ?? '';
    entries.push({ hook: match[1] ?? '', index: Number(match[2]), command, ours: command.includes(marker) });
  }
  return entries;
}

// key -> command from `list-keys -T prefix` output.
export function parsePrefixKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^bind-key\s+(?:-r\s+)?-T\s+prefix\s+(\S+)\s+(.*)$/.exec(line);
    if (match) keys.set(match[1] ?? '', match[2] ?? '');
  }
  return keys;
}
