// Turning doctor's facts into problems, each with what to do about it. Pure, for tests.
import { existsSync } from 'node:fs';
import { KEY_DISABLED, OPTIONS, PLUGIN_HOOKS, isKeyOption, OPTION_PREFIX, parseOption, USER_OPTIONS } from '../options/definitions.ts';
import { STATUS_TOKEN } from '../status/format.ts';
import { atLeast, MINIMUM_TMUX } from '../tmux/index.ts';
import { MINIMUM_NODE_MAJOR } from '../util/version.ts';
import { intervalSeconds, parseTimer } from '../save/autosave.ts';
import type { DoctorFacts } from './facts.ts';
import { SESSION_FILES } from '../agents/claude-contract.ts';

export interface Problem {
  readonly level: 'error' | 'warning';
  readonly message: string;
  readonly fix: string;
}

type Check = (facts: DoctorFacts) => Problem[];

const checkNode: Check = (facts) =>
  Number(facts.nodeVersion.split('.')[0]) >= MINIMUM_NODE_MAJOR
    ? []
    : [error(`node ${facts.nodeVersion} is older than ${MINIMUM_NODE_MAJOR}`, `install Node.js 20 or newer, or point ${USER_OPTIONS.node} at one`)];

const checkTmux: Check = (facts) => {
  if (!facts.clientVersion) return [error(facts.clientVersionError ?? 'tmux cannot be run', 'install tmux >= 3.2')];
  const problems: Problem[] = [];
  for (const [what, version] of [['tmux binary', facts.clientVersion], ['tmux server', facts.serverVersion]] as const) {
    if (version && !atLeast(version, MINIMUM_TMUX)) {
      problems.push(error(`${what} is ${version.raw}, older than ${MINIMUM_TMUX}`, `install tmux >= ${MINIMUM_TMUX}`));
    }
  }
  if (facts.serverVersion && facts.serverVersion.raw !== facts.clientVersion.raw) {
    problems.push(
      warning(
        `the running server is tmux ${facts.serverVersion.raw} but the tmux binary is ${facts.clientVersion.raw}`,
        'restart the tmux server when convenient so both agree (features are judged by the server)',
      ),
    );
  }
  return problems;
};

const checkPlugin: Check = (facts) => {
  if (!facts.serverRunning) return [];
  if (facts.pluginBin === '') {
    return [
      warning(
        `claude-sessions.tmux has not run on ${facts.serverLabel}`,
        "add set -g @plugin to tmux.conf and press prefix + I (TPM), or: tmux run-shell /path/to/claude-sessions/claude-sessions.tmux",
      ),
    ];
  }
  const problems: Problem[] = [];
  if (!existsSync(facts.pluginBin)) {
    problems.push(warning(`the plugin's CLI ${facts.pluginBin} no longer exists`, 'reload tmux.conf so hooks and keys point at the plugin where it is now'));
  }
  for (const hook of PLUGIN_HOOKS) {
    const ours = facts.hooks.filter((entry) => entry.hook === hook && entry.ours).length;
    if (ours !== 1) {
      problems.push(warning(`${ours} claude-sessions entries in the ${hook} hook (expected 1)`, 'reload tmux.conf: the entrypoint keeps exactly one'));
    }
  }
  for (const [option, value] of [['status-left', facts.statusLeft], ['status-right', facts.statusRight]] as const) {
    if (value.includes(STATUS_TOKEN)) {
      problems.push(
        warning(`${option} still holds ${STATUS_TOKEN}: it was set after the plugin loaded`, "keep TPM's run line at the very end of tmux.conf, then reload it"),
      );
    }
  }
  return [...problems, ...checkKeys(facts)];
};

function checkKeys(facts: DoctorFacts): Problem[] {
  const bound = new Set(facts.boundKeys.split(' ').filter(Boolean));
  const problems: Problem[] = [];
  for (const option of OPTIONS.filter((definition) => isKeyOption(definition.name))) {
    const key = facts.options.get(option.name)?.value ?? option.default;
    const action = option.name.slice(`${OPTION_PREFIX}key-`.length);
    if (key === KEY_DISABLED || bound.has(`${action}=${key}`)) continue;
    const holder = facts.prefixKeys.get(key);
    // tmux-resurrect keeping its own C-s/C-r is how the two plugins are meant to share.
    if (holder !== undefined && (action === 'save' || action === 'restore') && holder.includes('resurrect')) continue;
    problems.push(
      warning(
        holder ? `prefix ${key} is already bound (${holder}), so ${action} was left unbound` : `prefix ${key} is not bound to ${action}`,
        `set -g ${option.name} to a free key (or ${KEY_DISABLED}) and reload tmux.conf`,
      ),
    );
  }
  return problems;
}

// The autosave timer chain should be alive whenever the interval is not 0.
const checkAutosave: Check = (facts) => {
  if (!facts.serverRunning || facts.pluginBin === '') return [];
  const seconds = intervalSeconds(facts.options.get(USER_OPTIONS.saveInterval)?.value ?? '');
  if (seconds === 0) return [];
  const chain = parseTimer(facts.saves.timer);
  if (chain !== undefined && chain.due + 60 >= Date.now() / 1000) return [];
  return [
    warning(
      chain === undefined ? 'the autosave timer is not running' : `the autosave timer was due ${new Date(chain.due * 1000).toLocaleTimeString()} and did not run`,
      'reload tmux.conf (tmux source-file ~/.tmux.conf): the plugin starts the timer; events.log in the state folder says why a tick failed',
    ),
  ];
};

// Agents whose state no hook of ours reports: the status line and the jump key miss them.
const checkAgents: Check = (facts) =>
  facts.unhookedAgents.length === 0
    ? []
    : [
        warning(
          `${facts.unhookedAgents.length} Claude agent(s) run without claude-sessions hooks (${facts.unhookedAgents.map((agent) => agent.pane).join(', ')})`,
          'start agents from a workspace (claude-sessions new), or run claude-sessions hooks install and restart them',
        ),
      ];

// Agents whose Claude Code keeps no session file: an Esc or a denied permission is not seen.
const checkReconcile: Check = (facts) =>
  facts.reconcile.unmatched.length === 0
    ? []
    : [
        warning(
          `Claude Code's session file is missing for ${facts.reconcile.unmatched.length} agent(s) (${facts.reconcile.unmatched.map((agent) => `${agent.pane} in ${agent.dir}`).join(', ')}): after an Esc or a denied permission they show working/waiting until their next event`,
          `update Claude Code (the session files were checked on ${SESSION_FILES.checkedOn}; older versions keep none), or restart the agent so its hooks report its current session`,
        ),
      ];

// tmux's access list holds only what a recorded share explains, and every share finished.
const checkShareAccess: Check = (facts) => {
  const sharing = facts.sharing;
  if (!sharing?.available) return [];
  if (sharing.error) return [warning(`tmux's access list could not be checked against the share record: ${sharing.error}`, 'compare tmux server-access -l with claude-sessions shares by hand')];
  return [
    ...sharing.unexplained.map((user) =>
      warning(
        `${user} is in tmux's access list (server-access -l) but no share explains it`,
        `claude-sessions unshare --user ${user} takes it out (keep it if you added it yourself)`,
      ),
    ),
    ...sharing.unfinished.map((share) =>
      warning(
        `sharing ${share.session} with ${share.user} did not finish (stopped midway)`,
        `claude-sessions unshare --user ${share.user} takes back whatever it did; or share it again to finish it`,
      ),
    ),
  ];
};

// tmux-resurrect dropped @resurrect-save-shell-history (it typed into panes); say what replaces it.
const checkShellHistory: Check = (facts) => {
  if (facts.resurrectShellHistory !== 'on') return [];
  const ours = parseOption(USER_OPTIONS.paneHistory, facts.options.get(USER_OPTIONS.paneHistory)?.value ?? '');
  return [
    warning(
      `@resurrect-save-shell-history is on, but tmux-resurrect no longer saves shell history; claude-sessions' per-pane history replaces it (${USER_OPTIONS.paneHistory} ${ours ? 'on' : 'off'})`,
      ours
        ? 'nothing to do for workspace panes (each keeps its own history file, given back on restore); remove @resurrect-save-shell-history from tmux.conf'
        : `set -g ${USER_OPTIONS.paneHistory} on to give each workspace pane its own history back after a restore, and remove @resurrect-save-shell-history`,
    ),
  ];
};

const USES: Record<string, string> = { git: 'worktrees and branch names', claude: 'the agents in Claude panes' };

const checkPrograms: Check = (facts) =>
  facts.programs
    .filter((probe) => probe.version === undefined)
    .map((probe) =>
      warning(`${probe.error ?? `${probe.program} did not run`}: needed for ${USES[probe.program] ?? probe.program}`, `install ${probe.program} or put it on PATH`),
    );

// Every problem doctor finds, errors first.
export function findProblems(facts: DoctorFacts): Problem[] {
  const problems = [checkNode, checkTmux, checkPlugin, checkAutosave, checkAgents, checkReconcile, checkShareAccess, checkShellHistory, checkPrograms].flatMap((check) => check(facts));
  return [...problems.filter((p) => p.level === 'error'), ...problems.filter((p) => p.level === 'warning')];
}

function error(message: string, fix: string): Problem {
  return { level: 'error', message, fix };
}

function warning(message: string, fix: string): Problem {
  return { level: 'warning', message, fix };
}
