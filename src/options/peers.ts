// Options of tmux-continuum and tmux-resurrect that claude-sessions reads or writes to share a
// server with them (generated into dist/options.sh as CS_PEER_<KEY> for the entrypoint).

// One option of another plugin, and why claude-sessions touches it.
export interface PeerOption {
  readonly name: `@${'continuum' | 'resurrect'}-${string}`;
  readonly description: string;
}

// Every peer option used outside the save folder (@resurrect-dir is read where saves are found).
export const PEER_DEFINITIONS = {
  continuumSaveInterval: { name: '@continuum-save-interval', description: "tmux-continuum's minutes between saves: ours when @claude-sessions-save-interval is unset." },
  continuumRestore: { name: '@continuum-restore', description: "tmux-continuum's restore at server start: ours when @claude-sessions-restore is unset." },
  continuumLastSave: {
    name: '@continuum-save-last-timestamp',
    description: "When tmux-continuum last saved (epoch seconds); kept at our next autosave so continuum's own never comes due.",
  },
  resurrectRestoreScript: {
    name: '@resurrect-restore-script-path',
    description: 'What tmux-continuum runs to restore at server start (tmux-resurrect sets it to its restore.sh).',
  },
  resurrectSaveScript: { name: '@resurrect-save-script-path', description: 'Set by tmux-resurrect as it loads: tmux-resurrect is loaded.' },
} as const satisfies Readonly<Record<string, PeerOption>>;

// The peer options' names: PEER_OPTIONS.continuumRestore is '@continuum-restore'.
export const PEER_OPTIONS = Object.fromEntries(Object.entries(PEER_DEFINITIONS).map(([key, definition]) => [key, definition.name])) as {
  readonly [K in keyof typeof PEER_DEFINITIONS]: (typeof PEER_DEFINITIONS)[K]['name'];
};

// What tmux-continuum puts at the front of status-right to run its save check on each redraw.
export const CONTINUUM_SAVE_MARK = 'continuum_save.sh)';

// The file whose presence stops tmux-continuum's restore at server start.
export const CONTINUUM_HALT_FILE = 'tmux_no_auto_restore';
