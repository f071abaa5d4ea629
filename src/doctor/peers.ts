// Who saves and who restores when tmux-continuum shares the server: doctor's lines on it. Pure.
import { optionValue } from '../options/read.ts';
import { parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { CONTINUUM_SAVE_MARK, PEER_OPTIONS } from '../options/peers.ts';
import { intervalMinutes, intervalSeconds } from '../save/autosave.ts';
import type { DoctorFacts } from './facts.ts';

// tmux-continuum is loaded: its save check in the status line, or its last-save time set.
export function continuumLoaded(facts: DoctorFacts): boolean {
  return facts.peers.continuumLastSave !== '' || `${facts.statusLeft}${facts.statusRight}`.includes(CONTINUUM_SAVE_MARK);
}

// [label, text] rows: the autosave and the server-start restore, and who does each.
export function describePeers(facts: DoctorFacts): [string, string][] {
  if (!facts.serverRunning) return [];
  const continuum = continuumLoaded(facts);
  return [
    ['autosave', autosaveLine(facts, continuum)],
    ['start restore', startRestoreLine(facts, continuum)],
  ];
}

function autosaveLine(facts: DoctorFacts, continuum: boolean): string {
  const option = facts.options.get(USER_OPTIONS.saveInterval);
  const minutes = intervalMinutes(option?.value ?? '');
  const from = option?.from ?? (option?.set ? USER_OPTIONS.saveInterval : 'default');
  if (intervalSeconds(minutes) === 0) {
    if (!continuum) return `off (${from} is 0)`;
    return `claude-sessions: off (${from} is 0); tmux-continuum saves on its own schedule with tmux-resurrect's save.sh`;
  }
  const ours = `claude-sessions, every ${minutes} min (${from})`;
  return continuum ? `${ours}; tmux-continuum's own autosave held off (${PEER_OPTIONS.continuumLastSave} kept at our next save)` : ours;
}

function startRestoreLine(facts: DoctorFacts, continuum: boolean): string {
  const option = facts.options.get(USER_OPTIONS.restore);
  const wanted = parseOption(USER_OPTIONS.restore, optionValue(facts.options, USER_OPTIONS.restore));
  const from = option?.from ?? (option?.set ? USER_OPTIONS.restore : 'default');
  switch (facts.peers.startRestore) {
    case 'tmux-continuum':
      return `tmux-continuum, with tmux-resurrect's restore.sh: tmux-continuum loaded before claude-sessions and tmux-resurrect after it (list tmux-continuum last, as its README asks, and claude-sessions restores)`;
    case 'claude-sessions':
      return continuum
        ? `claude-sessions, once; tmux-continuum's restore skipped (${PEER_OPTIONS.continuumRestore} set off for this server start, or its script pointed at ours)`
        : `claude-sessions (${from})`;
    default:
      if (wanted) return `on (${from}), from the next server start`;
      return continuum ? `claude-sessions: off (${from}); tmux-continuum restores by itself when ${PEER_OPTIONS.continuumRestore} is on` : `off (${from})`;
  }
}
