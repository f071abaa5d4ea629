// `claude-sessions doctor`: versions, tmux features, option values, and problems found.
import type { Command } from 'commander';
import { gatherFacts, type DoctorFacts } from '../doctor/facts.ts';
import { findProblems, type Problem } from '../doctor/problems.ts';
import { FEATURES } from '../tmux/index.ts';
import { renderTable } from '../util/table.ts';
import { VERSION } from '../version.ts';
import { clientFor, printJson, setExitCode } from './context.ts';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check node, tmux, the plugin\'s hooks, keys and options; exits 1 when an error is found')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const facts = await gatherFacts(clientFor(command));
      const problems = findProblems(facts);
      if (flags.json) printJson(toJson(facts, problems));
      else process.stdout.write(renderReport(facts, problems));
      if (problems.some((problem) => problem.level === 'error')) setExitCode(1);
    });
}

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
      ],
    ).replace(/^.*\n/, ''),
    'tmux features:',
    ...Object.entries(FEATURES).map(([name, feature]) => `  ${facts.features[name] ? '✓' : '✗'} ${name} (tmux ${feature.since}): ${feature.use}`),
    '',
    'options:',
    ...[...facts.options.values()].map((option) => `  ${option.name} ${JSON.stringify(option.value)}${option.set ? '' : ' (default)'}`),
    '',
    problems.length === 0 ? '✓ no problems found' : `${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
    ...problems.map((problem) => `  ${problem.level === 'error' ? '✗' : '⚠'} ${problem.message}\n      fix: ${problem.fix}`),
  ];
  return `${lines.join('\n')}\n`;
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
    problems,
  };
}
