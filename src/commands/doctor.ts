// `claude-sessions doctor`: versions, tmux features, option values, and problems found.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { gatherFacts, type DoctorFacts } from '../doctor/facts.ts';
import { findProblems, type Problem } from '../doctor/problems.ts';
import { describePeers } from '../doctor/peers.ts';
import { FEATURES } from '../tmux/index.ts';
import { USER_OPTIONS } from '../options/definitions.ts';
import { renderTable } from '../util/table.ts';
import { VERSION } from '../util/version.ts';
import { printJson } from './context.ts';
import { writeOut } from '../util/output.ts';
import { basename } from 'node:path';

export const doctorCommand = defineCommand({
  options: { json: JSON_OPTION },
  async run({ values, client }) {
    const facts = await gatherFacts(client);
    const problems = findProblems(facts);
    if (values.json) printJson(toJson(facts, problems));
    else writeOut(renderReport(facts, problems));
    return problems.some((problem) => problem.level === 'error') ? 1 : 0;
  },
});

function renderReport(facts: DoctorFacts, problems: readonly Problem[]): string {
  const server = facts.serverRunning ? `running tmux ${facts.serverVersion?.raw ?? '?'}` : 'not running';
  const lines = [
    `claude-sessions ${VERSION}`,
    '',
    renderTable(
      ['', ''],
      [
        ['node', `v${facts.nodeVersion}`],
        ['tmux', `${facts.clientVersion?.raw ?? 'missing'} (${facts.tmuxBinary})`],
        ['server', `${facts.serverLabel}: ${server}`],
        ...facts.programs.map((probe) => [probe.program, probe.version ?? probe.error ?? 'not found']),
        ['saves', savesLine(facts)],
        ['verify', verifyLine(facts.lastVerify)],
        ...describePeers(facts),
        ...facts.reconcile.folders.map((folder) => ['reconcile', reconcileLine(folder)]),
        ...(facts.sharing ? [['sharing', sharingLine(facts.sharing, facts.serverVersion?.raw ?? '?')]] : []),
      ],
    ).replace(/^.*\n/, ''),
    'tmux features:',
    ...Object.entries(FEATURES).map(([name, feature]) => `  ${facts.features[name] ? '✓' : '✗'} ${name} (tmux ${feature.since}): ${feature.use}`),
    '',
    'options:',
    ...[...facts.options.values()].map((option) => `  ${option.name} ${JSON.stringify(option.value)}${option.from ? ` (from ${option.from})` : option.set ? '' : ' (default)'}`),
    '',
    problems.length === 0 ? '✓ no problems found' : `${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
    ...problems.map((problem) => `  ${problem.level === 'error' ? '✗' : '⚠'} ${problem.message}\n      fix: ${problem.fix}`),
  ];
  return `${lines.join('\n')}\n`;
}

// Claude Code's session files in one folder: what the reconcile reads, or why it cannot.
function reconcileLine(folder: DoctorFacts['reconcile']['folders'][number]): string {
  if (!folder.found) return `${folder.dir} missing: Claude Code's own state is not read (an Esc or a denied permission shows only at the next event)`;
  return `${folder.dir} (${folder.sessions.length} live session file${folder.sessions.length === 1 ? '' : 's'}: Claude Code's own state, read while an agent works or waits)`;
}

// What sharing has recorded, or why tmux's access list cannot be checked (tmux 3.2).
export function sharingLine(sharing: NonNullable<DoctorFacts['sharing']>, server: string): string {
  if (!sharing.available) return `not checked: tmux ${server} has no server-access (3.3+), so nothing can be shared or listed`;
  const unfinished = sharing.unfinished.length ? `, ${sharing.unfinished.length} unfinished` : '';
  const unexplained = sharing.unexplained.length ? `; ${sharing.unexplained.length} access-list entr${sharing.unexplained.length === 1 ? 'y' : 'ies'} no share explains` : '';
  return `${sharing.recorded} share${sharing.recorded === 1 ? '' : 's'} recorded${unfinished}${unexplained}`;
}

// The last recovery check: when, which save, its score, or that none ran yet.
function verifyLine(record: DoctorFacts['lastVerify']): string {
  if (record === undefined) return `never run (claude-sessions verify; ${USER_OPTIONS.verifyAfterSave} on runs it after automatic saves)`;
  const minutes = Math.round((Date.now() - Date.parse(record.time)) / 60_000);
  const result = record.error !== undefined ? `cannot be restored: ${record.error}` : `fidelity ${record.score}%, ${record.differences} difference${record.differences === 1 ? '' : 's'}`;
  return `${basename(record.file)}: ${result} (${minutes} min ago)`;
}

function savesLine(facts: DoctorFacts): string {
  const { dir, last, lastTime } = facts.saves;
  if (last === undefined) return `${dir} (no save yet)`;
  const minutes = lastTime === undefined ? undefined : Math.round((Date.now() - lastTime.getTime()) / 60_000);
  return `${dir} (last: ${basename(last)}${minutes === undefined ? '' : `, ${minutes} min ago`})`;
}

function toJson(facts: DoctorFacts, problems: readonly Problem[]) {
  return {
    version: VERSION,
    node: facts.nodeVersion,
    tmux: { binary: facts.tmuxBinary, client: facts.clientVersion?.raw ?? null, server: facts.serverVersion?.raw ?? null },
    server: { label: facts.serverLabel, running: facts.serverRunning },
    programs: Object.fromEntries(facts.programs.map((probe) => [probe.program, probe.version ?? null])),
    features: facts.features,
    options: Object.fromEntries([...facts.options.values()].map((option) => [option.name, { value: option.value, set: option.set }])),
    reconcile: {
      folders: facts.reconcile.folders.map((folder) => ({ dir: folder.dir, found: folder.found, sessions: folder.sessions.length })),
      missing: facts.reconcile.unmatched,
    },
    sharing: facts.sharing ?? null,
    verify: facts.lastVerify ?? null,
    peers: Object.fromEntries(describePeers(facts)),
    saves: { dir: facts.saves.dir, last: facts.saves.last ?? null, lastTime: facts.saves.lastTime?.toISOString() ?? null, autosaveTimer: facts.saves.timer || null },
    problems,
  };
}
