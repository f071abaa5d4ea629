// A cleanup run in words: one line per workspace, for the terminal and for events.log.
import { formatDuration, roughAge } from './duration.ts';
import type { CleanupResult, KeptWorkspace } from './run.ts';

// Lines saying what was killed (and the command that restores it), and what was kept or spared and why.
export function cleanupLines(result: CleanupResult): string[] {
  const word = result.by === 'activity' ? 'idle' : 'created';
  const age = (seconds: number) => `${word} ${roughAge(seconds)}${result.by === 'created' ? ' ago' : ''}`;
  const lines: string[] = [];
  for (const entry of result.killed) {
    const forced = entry.forced.length > 0 ? `, despite: ${entry.forced.join(', ')}` : '';
    if (result.dryRun) {
      lines.push(`would kill ${entry.session} (${age(entry.age)}${forced}), saving it and its pane contents first`);
    } else {
      lines.push(`killed ${entry.session} (${age(entry.age)}${forced}), saved first; to bring it back: ${entry.restoreCommand}`);
    }
  }
  for (const entry of result.kept) {
    if (entry.spared) lines.push(`spared ${entry.session} at the last moment, changed since it was checked: ${keptWhy(entry, age, result.olderThan)}`);
    else lines.push(`${result.dryRun ? 'would keep' : 'kept'} ${entry.session}: ${keptWhy(entry, age, result.olderThan)}`);
  }
  if (lines.length === 0) lines.push('no workspaces to clean up');
  return lines;
}

function keptWhy(entry: KeptWorkspace, age: (seconds: number) => string, olderThan: number): string {
  return entry.reasons
    .map((reason) => {
      if (reason === 'too recent') return `too recent (${age(entry.age)}, under ${formatDuration(olderThan)})`;
      if (reason === 'dirty worktree') return `dirty worktree (${entry.dirtyWorktrees.join(', ')})`;
      if (reason === 'failed') return `failed: ${entry.error ?? 'unknown error'}`;
      if (reason === 'active') return 'used meanwhile';
      return reason;
    })
    .join(', ');
}
