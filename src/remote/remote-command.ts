// The ssh argv for `claude-sessions remote`: the remote command is ONE string the remote
// login shell parses, so every word in it is single-quoted (shellQuote), never interpolated.
import { UserError } from '../util/errors.ts';
import { sessionNameFor } from '../workspace/session-name.ts';
import { shellQuote } from '../util/shell-words.ts';

// What to do on the remote host.
export type RemoteAction = { readonly kind: 'attach'; readonly project: string; readonly prefix: string } | { readonly kind: 'ls' } | { readonly kind: 'list-names' };

// The tmux argv to run on the remote host for an action.
export function remoteTmuxArgs(action: RemoteAction): string[] {
  if (action.kind === 'ls') return ['tmux', 'list-sessions'];
  // -u: ssh passes no locale by default, and tmux prints non-ASCII names as `_` without one.
  if (action.kind === 'list-names') return ['tmux', '-u', 'list-sessions', '-F', '#{session_name}'];
  // '=' asks for the exact name, the ':' makes it a session (not a window) target.
  return ['tmux', 'attach-session', '-t', `=${sessionNameFor(action.project, action.prefix)}:`];
}

// The remote command line: each word single-quoted, joined by spaces.
export function remoteCommandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

// Refuse a host ssh (or a later ssh version without `--` handling) could read as an option.
export function checkHost(host: string): void {
  if (host === '') throw new UserError('remote: HOST is empty', 2);
  if (host.startsWith('-')) throw new UserError(`remote: host '${host}' starts with '-': ssh would read it as an option`, 2);
  if (/[\s\u0000-\u001f]/u.test(host)) throw new UserError(`remote: host ${JSON.stringify(host)} holds blanks or control characters`, 2);
}

// ssh's argv: -t for an interactive attach, -o for each --ssh-option, `--`, host, command.
export function sshArgs(host: string, sshOptions: readonly string[], action: RemoteAction): string[] {
  checkHost(host);
  const tty = action.kind === 'attach' ? ['-t'] : [];
  const options = sshOptions.flatMap((option) => ['-o', option]);
  return [...tty, ...options, '--', host, remoteCommandLine(remoteTmuxArgs(action))];
}

// The claude-dev session names in `tmux list-sessions -F '#{session_name}'` output.
export function workspaceNames(output: string, prefix: string): string[] {
  return output.split('\n').filter((name) => name.startsWith(prefix) && name.length > prefix.length);
}
