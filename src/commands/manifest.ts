// Every command of the command line: what the program's help lists (none of them loaded),
// and how each is loaded when it runs or its help is asked for. Loading on demand keeps
// start-up to what the command needs: esbuild bundles one file, and a module reached only
// through import() is initialised (with node:crypto, the YAML parser, tar …) on first use.
import type { CommandEntry } from '../cli/define.ts';
import { OPTION_PREFIX } from '../options/definitions.ts';

// In the order the help lists them.
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'new',
    usage: '[options] [project]',
    description: 'open the workspace of a project (a folder, or a name in the projects folders), building it from a template first if needed',
    load: async () => (await import('./new.ts')).newCommand,
  },
  {
    name: 'switch',
    usage: '[options] [project]',
    description: 'go to a project\'s workspace; with no project, list the workspaces',
    load: async () => (await import('./switch.ts')).switchCommand,
  },
  {
    name: 'popup',
    usage: '[options]',
    description: 'the switcher: find a workspace, session or project as you type, then switch to it, kill or rename it',
    load: async () => (await import('./popup.ts')).popupCommand,
  },
  {
    name: 'pick',
    usage: '[options]',
    description: 'the switcher for scripts: with --print, print the chosen session name (a project\'s folder) instead of switching',
    load: async () => (await import('./pick.ts')).pickCommand,
  },
  {
    name: 'menu',
    usage: '[options]',
    description: 'the switcher as a tmux menu (the switcher key on tmux older than 3.2): sessions, then projects',
    load: async () => (await import('./menu.ts')).menuCommand,
  },
  {
    name: 'ls',
    aliases: ['list'],
    usage: '[options]',
    description: 'list claude-dev workspace sessions: project folder, windows, panes, clients, age, last activity',
    load: async () => (await import('./ls.ts')).lsCommand,
  },
  {
    name: 'kill',
    usage: '[options] [project]',
    description: 'kill a workspace, saved first with its pane contents (the command that restores it is printed); --all kills every one',
    load: async () => (await import('./kill.ts')).killCommand,
  },
  {
    name: 'cleanup',
    usage: '[options]',
    description: 'kill workspaces idle for a while, each saved first (restore --session NAME --file FILE brings it back); attached ones, busy agents and uncommitted work are kept unless --force',
    load: async () => (await import('./cleanup.ts')).cleanupCommand,
  },
  {
    name: 'save',
    usage: '[options]',
    description: 'save every session, window and pane to a tmux-resurrect file (nothing is written when nothing changed)',
    load: async () => (await import('./save.ts')).saveCommand,
  },
  {
    name: 'export',
    usage: '[options] <session>',
    description: 'write a session (windows, panes, layouts, folders relative to its project, commands, environment, Claude ids) to a .tar.gz bundle',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  {
    name: 'import',
    usage: '[options] <file>',
    description: 'recreate a session from an export bundle (checked whole first, then what it would type and set is shown and asked about: nothing is made when anything is wrong or the answer is no)',
    load: async () => (await import('./import.ts')).importCommand,
  },
  {
    name: 'saves',
    usage: '[options]',
    description: 'list the saves in the save folder (@resurrect-dir), newest first: time, sessions, panes, size, which one `last` is (or which a restore uses when `last` is broken)',
    load: async () => (await import('./saves.ts')).savesCommand,
  },
  {
    name: 'restore',
    usage: '[options]',
    description: 'restore the sessions of a save that are not running; existing sessions are never touched',
    load: async () => (await import('./restore.ts')).restoreCommand,
  },
  {
    name: 'verify',
    usage: '[options] [file]',
    description: 'recovery check: restore a save (default: last) into a scratch tmux server, compare what came back field by field, print a fidelity score and the differences; the scratch server is removed',
    load: async () => (await import('./verify.ts')).verifyCommand,
  },
  {
    name: 'agents',
    usage: '[options]',
    description: 'list the panes running Claude agents: state (working, waiting, idle, error), since when, why it waits',
    load: async () => (await import('./agents.ts')).agentsCommand,
  },
  {
    name: 'hooks',
    usage: '<install|uninstall|status> [options]',
    description: "hooks install | uninstall | status: claude-sessions' hooks in Claude Code's settings (~/.claude/settings.json by default)",
    load: async () => (await import('./hooks.ts')).hooksCommand,
  },
  {
    name: 'detect',
    usage: '[options] [dir]',
    description: 'say which template a project folder gets: react, node, python, go, rust or generic',
    load: async () => (await import('./detect.ts')).detectCommand,
  },
  {
    name: 'templates',
    usage: '<ls|show|import> [options]',
    description: 'templates ls | templates show NAME | templates import FILE (a tmuxinator or tmuxp YAML)',
    load: async () => (await import('./templates.ts')).templatesCommand,
  },
  {
    name: 'doctor',
    usage: '[options]',
    description: "check node, tmux, the plugin's hooks, keys and options; exits 1 when an error is found",
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    name: 'health',
    usage: '[options] [session]',
    description: "check each workspace: template panes, worktrees, agents' hooks, CPU, memory, scrollback, session limit",
    load: async () => (await import('./health.ts')).healthCommand,
  },
  {
    name: 'options',
    usage: '[options]',
    description: `list the ${OPTION_PREFIX}* options with their defaults and current values`,
    load: async () => (await import('./options.ts')).optionsCommand,
  },
  {
    name: 'git-status',
    usage: '[options]',
    description: "type `git status` into the session's git pane (role git) when it is idle at a shell prompt; without one, show it in a popup",
    load: async () => (await import('./git-status.ts')).gitStatusCommand,
  },
  {
    name: 'event',
    usage: '<hook> [subject] [count]',
    description: 'handle a tmux hook (called by the hooks claude-sessions.tmux registers)',
    hidden: true,
    load: async () => (await import('./event.ts')).eventCommand,
  },
  {
    name: 'next-waiting',
    usage: '[options]',
    description: 'go to the next agent waiting for you, in any session: longest-waiting first, cycling',
    load: async () => (await import('./next-waiting.ts')).nextWaitingCommand,
  },
  {
    name: 'worktree',
    usage: '<add|ls|rm> [options]',
    description: "worktree add | ls | rm: git worktrees of a project in .worktrees/NAME, each with a Claude window in the project's workspace",
    load: async () => (await import('./worktree.ts')).worktreeCommand,
  },
  {
    name: 'remote',
    usage: '[options] <host> [project]',
    description: "ssh -t HOST and attach to the remote's claude-dev-PROJECT session (no PROJECT: list its tmux sessions)",
    load: async () => (await import('./remote.ts')).remoteCommand,
  },
  {
    name: 'vscode',
    usage: '[dir]',
    description: 'add an "Attach to Claude Session" task (claude-sessions new ${workspaceFolder}) to DIR/.vscode/tasks.json (comments and other tasks kept)',
    load: async () => (await import('./vscode.ts')).vscodeCommand,
  },
  {
    name: 'git-hook',
    usage: '<install|uninstall> [options]',
    description: "git-hook install | uninstall [REPO]: a pre-commit hook warning about claude-dev sessions' uncommitted changes",
    load: async () => (await import('./git-hook.ts')).gitHookCommand,
  },
  {
    name: 'completion',
    usage: '<shell>',
    description: 'print the completion script for bash, zsh or fish (commands, options, session and project names); the README says how to install it',
    load: async () => (await import('./completion.ts')).completionCommand,
  },
  {
    name: 'share',
    usage: '[options] <SESSION>',
    description: "let another local user attach to SESSION (tmux 3.3+ server-access; the socket gets a group you both are in, never o+w)",
    load: async () => (await import('./share.ts')).shareCommand,
  },
  {
    name: 'unshare',
    usage: '[options] [SESSION]',
    description: "take back what share gave a user, finished or not (every session, or SESSION only); the socket's permissions come back when nothing is shared",
    load: async () => (await import('./unshare.ts')).unshareCommand,
  },
  {
    name: 'shares',
    usage: '[options]',
    description: 'list the sessions shared with other users: user, mode, session, the command they attach with',
    load: async () => (await import('./shares.ts')).sharesCommand,
  },
];
