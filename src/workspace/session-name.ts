// Session names for projects: `{prefix}{project}`, made safe for tmux in one place.

// Characters tmuxSafeName turns into '_' besides control characters (scripts/key-paths.sh gets them from the build).
export const UNSAFE_NAME_CHARACTERS = '.:\\';
const UNSAFE = new RegExp(`[${UNSAFE_NAME_CHARACTERS.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

// C0/C1 control characters: tmux would store a tab as the two characters "\t".
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

// Make text usable in a tmux session name. tmux turns '.' into '_' and forbids ':', so
// both become '_' here too; so does a backslash, which tmux stores doubled (a name holding
// one could never be found by its exact name again); control characters become '_';
// everything else (spaces, quotes, ';', '$(...)', unicode, a leading '-') is kept and
// passed as argv.
export function tmuxSafeName(text: string): string {
  return text.normalize('NFC').replace(UNSAFE, '_').replace(CONTROL, '_').trim();
}

// The session name of a project, e.g. ("web.app", "claude-dev-") -> "claude-dev-web_app".
export function sessionNameFor(project: string, prefix: string): string {
  const safe = tmuxSafeName(project);
  if (safe === '') throw new Error(`project name ${JSON.stringify(project)} is empty once made tmux-safe`);
  return `${tmuxSafeName(prefix)}${safe}`;
}

// The project part of a workspace session name, or undefined for other sessions.
export function projectOfSession(sessionName: string, prefix: string): string | undefined {
  const safePrefix = tmuxSafeName(prefix);
  if (!sessionName.startsWith(safePrefix) || sessionName.length === safePrefix.length) return undefined;
  return sessionName.slice(safePrefix.length);
}
