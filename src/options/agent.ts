// The pane options of the agent contract: what scripts/claude-hook records for each Claude
// event, and what scripts/claude-reconcile uses to keep the pane in step with Claude's own view.
import { namesOf, type NameDefinition } from './names.ts';

// Pane options the hook shim sets on $TMUX_PANE, read by the status line, the switcher, saves.
export const AGENT_DEFINITIONS = {
  state: {
    name: '@claude-state',
    scope: 'pane',
    description: "The agent's state: working, waiting, idle, error or exited. The entrypoint also sets it to '' in the global window options, where a pane with no agent finds it sooner than unset.",
  },
  sessionId: { name: '@claude-session-id', scope: 'pane', description: "Claude's session id, so a save can resume the conversation." },
  waitingReason: { name: '@claude-waiting-reason', scope: 'pane', description: 'Why the agent waits (permission: TOOL, question, input, elicitation); unset otherwise.' },
  since: { name: '@claude-state-since', scope: 'pane', description: 'When the pane entered its state, in seconds since the epoch.' },
  transcript: { name: '@claude-transcript-path', scope: 'pane', description: "Path of the conversation's transcript: a save resumes it only while the file exists." },
} as const satisfies Readonly<Record<string, NameDefinition>>;

// Options the reconcile relies on (the pane ones set by scripts/claude-hook on every event).
export const RECONCILE_DEFINITIONS = {
  configDir: { name: '@claude-config-dir', scope: 'pane', description: "The Claude config folder the pane's agent uses, whose sessions/ the reconciler reads." },
  eventSeq: { name: '@claude-event-seq', scope: 'pane', description: 'Bumped inside tmux on every hook event: a reconcile applies only if no event came meanwhile.' },
  eventAt: { name: '@claude-event-at', scope: 'pane', description: 'When the last hook event came, in ms since the epoch (whole seconds × 1000 where date cannot say ms).' },
  beat: { name: '@claude-reconcile-beat', scope: 'server', description: "The reconciler's heartbeat (seconds since the epoch): a fresh one means one runs." },
  owner: { name: '@claude-reconcile-owner', scope: 'server', description: 'The process id of the reconciler that owns the job; an older one leaves.' },
  script: { name: '@claude-reconcile-script', scope: 'server', description: 'Absolute path of scripts/claude-reconcile, for the hook to start it.' },
  reason: { name: '@claude-reconcile-reason', scope: 'pane', description: 'The waiting reason a reconcile is about to apply, copied by format into the waiting reason, then unset.' },
} as const satisfies Readonly<Record<string, NameDefinition>>;

// The agent pane options' names: PANE_OPTIONS.state is '@claude-state'.
export const PANE_OPTIONS = namesOf(AGENT_DEFINITIONS);

// The reconcile options' names.
export const RECONCILE_OPTIONS = namesOf(RECONCILE_DEFINITIONS);
