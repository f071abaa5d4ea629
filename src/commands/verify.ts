// `claude-sessions verify [FILE]`: a recovery check. The save is restored into a scratch
// server (removed afterwards), compared with what came back, and scored; exits 1 when
// anything differs or the save cannot be restored. Every run is recorded for doctor.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { resolveSaveFile } from '../save/summaries.ts';
import { registerClaudeRestorer } from '../restore/claude-resume.ts';
import { recordVerify } from '../verify/last-result.ts';
import { verifySave, type VerifyReport } from '../verify/verify.ts';
import { appendLog } from '../util/state-dir.ts';
import { writeOut } from '../util/output.ts';
import { count, printJson } from './context.ts';

// verify [FILE] [--json] [--quiet]
export const verifyCommand = defineCommand({
  options: {
    json: { ...JSON_OPTION, description: 'print JSON: file, score, checks, passed, differences, notes, error' },
    quiet: { type: 'boolean', short: 'q', description: 'print nothing: the result is only recorded (doctor shows it) and logged to events.log' },
  },
  positionals: [{ name: 'file', description: 'a save file: a path, a name in the save folder, or `last` (default: last)' }],
  async run({ values, positionals, client }) {
    registerClaudeRestorer();
    const [file] = positionals;
    const report = await verifySave(client, { file, resolveFile: (dir, argument) => resolveSaveFile(dir, argument, process.cwd()) });
    recordVerify({ time: new Date().toISOString(), file: report.file ?? file ?? 'last', score: report.score, differences: report.differences.length, error: report.error });
    if (values.quiet) appendLog('events.log', `verify: ${summaryOf(report)}`);
    else if (values.json) printJson(report);
    else writeOut(renderReport(report));
    return report.error !== undefined || report.differences.length > 0 ? 1 : 0;
  },
});

// One line: the score, or why there is none.
function summaryOf(report: VerifyReport): string {
  const file = report.file ?? 'the save';
  if (report.error !== undefined) return `${file} cannot be restored: ${report.error}`;
  const differences = report.differences.length === 0 ? '' : `, ${count(report.differences.length, 'difference')}`;
  return `${file}: fidelity ${report.score}% (${report.passed} of ${count(report.checks, 'check')} passed${differences})`;
}

function renderReport(report: VerifyReport): string {
  const lines = [summaryOf(report)];
  for (const difference of report.differences) {
    lines.push(`  ${difference.where} ${difference.field}: saved ${difference.saved}, restored ${difference.restored}`);
  }
  if (report.notes.length > 0) lines.push('notes from the restore:', ...report.notes.map((note) => `  ${note}`));
  return `${lines.join('\n')}\n`;
}
