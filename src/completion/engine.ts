// The shell code bash and zsh completion share: tables generated from the CompletionSpec
// (which command takes which options, which value each completes to) and one function,
// __claude_sessions_candidates CWORD WORD..., that prints the candidates for the word at
// CWORD, one a line, unfiltered (each shell filters and quotes them its own way). Sessions
// and projects come from tmux itself (the -L/-S of the line, if any): no Node per TAB.
// A line `\tfiles` or `\tdirs` asks the shell for its own file or folder completion.
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { shellQuote } from '../util/shell-words.ts';
import type { CompletedCommand, CompletedOption, CompletionSpec, ValueKind } from './spec.ts';

// The shared functions, for a script that bash or zsh sources.
export function engineScript(spec: CompletionSpec): string {
  const commands = spec.commands;
  const subcommandsOf = (command: CompletedCommand) => (command.subcommands.length > 0 ? command.subcommands : [command]);
  // Keys are `COMMAND/SUB/OPTION` (SUB empty for a plain command) and `COMMAND/SUB/N` for the Nth positional.
  const optionKeys = commands.flatMap((command) =>
    subcommandsOf(command).flatMap((target) => {
      const sub = target === command ? '' : target.name;
      return target.options.flatMap((option) => option.spellings.map((spelling) => ({ pattern: shellQuote(`${command.name}/${sub}/${spelling}`), option })));
    }),
  );
  // Global options are taken before or after any command: their key matches any COMMAND/SUB.
  const globalKeys = spec.globalOptions.flatMap((option) => option.spellings.map((spelling) => ({ pattern: `*/*/${shellQuote(spelling)}`, option })));
  const valued = [...optionKeys, ...globalKeys].filter((entry) => entry.option.value !== undefined);
  const positionals = commands.flatMap((command) =>
    subcommandsOf(command).flatMap((target) => target.positionals.map((kind, index) => ({ key: `${command.name}/${target === command ? '' : target.name}/${index}`, kind }))),
  );
  const aliases = commands.flatMap((command) => command.aliases.map((alias) => `    ${shellQuote(alias)}) cmd=${shellQuote(command.name)} ;;`));
  const groups = commands.filter((command) => command.subcommands.length > 0);
  const optionsFor = commands.flatMap((command) =>
    subcommandsOf(command).map((target) => `    ${shellQuote(`${command.name}/${target === command ? '' : target.name}`)}) printf '%s\\n' ${target.options.flatMap(spellingsOf).map(shellQuote).join(' ')} ;;`),
  );
  return `# Shared by the bash and zsh completion of ${spec.program} (generated from its command definitions).

__claude_sessions_tmux() {
  if [ -n "\${__claude_sessions_socket_flag-}" ]; then
    tmux "$__claude_sessions_socket_flag" "$__claude_sessions_socket" "$@" 2>/dev/null
  else
    tmux "$@" 2>/dev/null
  fi
}

__claude_sessions_sessions() {
  __claude_sessions_tmux list-sessions -F '#{session_name}'
}

# Workspace sessions (without the prefix) and the folders in the projects folders.
__claude_sessions_projects() {
  local prefix dirs dir name
  {
    IFS= read -r prefix
    IFS= read -r dirs
  } <<__CLAUDE_SESSIONS_EOF__
$(__claude_sessions_tmux display-message -p ${shellQuote(`#{${USER_OPTIONS.prefix}}`)} ';' display-message -p ${shellQuote(`#{${USER_OPTIONS.projectsDir}}`)})
__CLAUDE_SESSIONS_EOF__
  [ -n "$prefix" ] || prefix=${shellQuote(optionDefault(USER_OPTIONS.prefix))}
  [ -n "$dirs" ] || dirs=${shellQuote(optionDefault(USER_OPTIONS.projectsDir))}
  __claude_sessions_sessions | while IFS= read -r name; do
    case $name in "$prefix"?*) printf '%s\\n' "\${name#"$prefix"}" ;; esac
  done
  while [ -n "$dirs" ]; do
    dir=\${dirs%%:*}
    if [ "$dir" = "$dirs" ]; then dirs=; else dirs=\${dirs#*:}; fi
    case $dir in '~') dir=$HOME ;; '~/'*) dir=$HOME/\${dir#'~/'} ;; esac
    for name in "$dir"/*/; do
      [ -d "$name" ] || continue
      name=\${name%/}
      printf '%s\\n' "\${name##*/}"
    done
  done
}

__claude_sessions_emit() {
  case $1 in
    session) __claude_sessions_sessions ;;
    project) __claude_sessions_projects; printf '\\tdirs\\n' ;;
    file) printf '\\tfiles\\n' ;;
    dir) printf '\\tdirs\\n' ;;
  esac
}

__claude_sessions_takes_value() {
  case $1 in
${valued.map((entry) => `    ${entry.pattern}) return 0 ;;`).join('\n')}
  esac
  return 1
}

__claude_sessions_option_values() {
  case $1 in
${valued.map((entry) => `    ${entry.pattern}) ${emitCommand(entry.option.value as ValueKind)} ;;`).join('\n')}
  esac
}

__claude_sessions_positional() {
  case $1 in
${positionals.map((entry) => `    ${shellQuote(entry.key)}) ${emitCommand(entry.kind)} ;;`).join('\n')}
  esac
}

__claude_sessions_options() {
  case $1 in
${optionsFor.join('\n')}
  esac
  printf '%s\\n' ${spec.globalOptions.flatMap(spellingsOf).map(shellQuote).join(' ')}
}

__claude_sessions_is_group() {
  case $1 in
${groups.map((group) => `    ${shellQuote(group.name)}) return 0 ;;`).join('\n')}
  esac
  return 1
}

__claude_sessions_subcommands() {
  case $1 in
${groups.map((group) => `    ${shellQuote(group.name)}) printf '%s\\n' ${group.subcommands.map((sub) => shellQuote(sub.name)).join(' ')} ;;`).join('\n')}
  esac
}

# The candidates for word CWORD of the words that follow (the program's name first).
__claude_sessions_candidates() {
  [ -z "\${ZSH_VERSION-}" ] || emulate -L sh
  local cword=$1 i=0 w= cmd= sub= expect= npos=0 __claude_sessions_socket_flag= __claude_sessions_socket= ended=
  shift
  for w in "$@"; do
    [ "$i" -eq "$cword" ] && break
    if [ "$i" -gt 0 ]; then
      if [ -n "$expect" ]; then
        case $expect in -L|-S) __claude_sessions_socket_flag=$expect; __claude_sessions_socket=$w ;; esac
        expect=
      elif [ -z "$ended" ] && [ "$w" = -- ]; then
        ended=1
      elif [ -z "$ended" ] && [ "\${w#-}" != "$w" ]; then
        case $w in *=*) ;; *) if __claude_sessions_takes_value "$cmd/$sub/$w"; then expect=$w; fi ;; esac
      elif [ -z "$cmd" ]; then
        case $w in
${aliases.join('\n')}
          *) cmd=$w ;;
        esac
      elif [ -z "$sub" ] && __claude_sessions_is_group "$cmd"; then
        sub=$w
      else
        npos=$((npos + 1))
      fi
    fi
    i=$((i + 1))
  done
  if [ -n "$expect" ]; then __claude_sessions_option_values "$cmd/$sub/$expect"; return; fi
  if [ -z "$ended" ] && [ "\${w#-}" != "$w" ]; then __claude_sessions_options "$cmd/$sub"; return; fi
  if [ -z "$cmd" ]; then printf '%s\\n' ${commands.flatMap((command) => [command.name, ...command.aliases]).map(shellQuote).join(' ')}; return; fi
  if [ -z "$sub" ] && __claude_sessions_is_group "$cmd"; then __claude_sessions_subcommands "$cmd"; return; fi
  __claude_sessions_positional "$cmd/$sub/$npos"
}
`;
}

function spellingsOf(option: CompletedOption): readonly string[] {
  return option.spellings;
}

// The shell command that prints a value kind's candidates.
function emitCommand(kind: ValueKind): string {
  if (typeof kind === 'object') return `printf '%s\\n' ${kind.words.map(shellQuote).join(' ')}`;
  return kind === 'none' ? ':' : `__claude_sessions_emit ${kind}`;
}
