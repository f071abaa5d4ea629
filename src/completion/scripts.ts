// The completion scripts `claude-sessions completion bash|zsh|fish` prints. bash and zsh share
// the engine (engine.ts) and differ only in how candidates are filtered, quoted and offered;
// fish gets its own `complete` lines from the same spec.
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { engineScript } from './engine.ts';
import type { CompletedCommand, CompletedOption, CompletionSpec, ValueKind } from './spec.ts';

// Shells a script can be printed for.
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

// The script for `shell`.
export function completionScript(shell: CompletionShell, spec: CompletionSpec): string {
  if (shell === 'bash') return `${engineScript(spec)}\n${BASH_FRONTEND}complete -F _claude_sessions ${spec.program}\n`;
  if (shell === 'zsh') return `${engineScript(spec)}\n${ZSH_FRONTEND}compdef _claude_sessions ${spec.program}\n`;
  return fishScript(spec);
}

// bash: the word as typed is unquoted before comparing (a quote opened, backslashes), and each
// candidate is put back quoted (printf %q), so a session named `a b`, `$(x)` or `-x` arrives
// on the command line as one literal word.
const BASH_FRONTEND = `_claude_sessions() {
  local cur=\${COMP_WORDS[COMP_CWORD]} raw= line quoted file kind i
  case $cur in
    \\'*) raw=\${cur#\\'} ;;
    \\"*) raw=\${cur#\\"} ;;
    *)
      for ((i = 0; i < \${#cur}; i++)); do
        if [[ \${cur:i:1} == \\\\ ]]; then i=$((i + 1)); fi
        raw+=\${cur:i:1}
      done
      ;;
  esac
  COMPREPLY=()
  while IFS= read -r line; do
    case $line in
      $'\\t'files | $'\\t'dirs)
        kind=-f
        [[ $line == $'\\t'dirs ]] && kind=-d
        while IFS= read -r file; do
          [[ -d $file ]] && file+=/
          printf -v quoted '%q' "$file"
          COMPREPLY+=("$quoted")
        done < <(compgen "$kind" -- "$raw")
        ;;
      *)
        [[ -n $line && $line == "$raw"* ]] || continue
        printf -v quoted '%q' "$line"
        COMPREPLY+=("$quoted")
        ;;
    esac
  done < <(__claude_sessions_candidates "$COMP_CWORD" "\${COMP_WORDS[@]}")
  if [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == */ ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}
`;

// zsh: compadd filters against what was typed and quotes what it inserts.
const ZSH_FRONTEND = `_claude_sessions() {
  local line
  local -a plain
  for line in "\${(@f)$(__claude_sessions_candidates $((CURRENT - 1)) "\${words[@]}")}"; do
    case $line in
      $'\\t'files) _files ;;
      $'\\t'dirs) _files -/ ;;
      '') ;;
      *) plain+=("$line") ;;
    esac
  done
  (( \${#plain} )) && compadd -- "\${plain[@]}"
  return 0
}
`;

// fish: one \`complete\` line per command, sub-command and option, with descriptions.
function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  const lines = [
    `# fish completion for ${p} (generated from its command definitions)`,
    fishFunctions(),
    `complete -c ${p} -f`,
    ...spec.globalOptions.map((option) => optionLine(p, undefined, option)),
  ];
  for (const command of spec.commands) {
    const names = [command.name, ...command.aliases];
    lines.push(`complete -c ${p} -n __fish_use_subcommand -a ${fishQuote(names.join(' '))} -d ${fishQuote(short(command.description))}`);
    const seen = `__fish_seen_subcommand_from ${names.join(' ')}`;
    if (command.subcommands.length === 0) {
      lines.push(...command.options.map((option) => optionLine(p, seen, option)));
      lines.push(...positionalLines(p, seen, command));
      continue;
    }
    const subNames = command.subcommands.map((sub) => sub.name).join(' ');
    for (const sub of command.subcommands) {
      lines.push(`complete -c ${p} -n ${fishQuote(`${seen}; and not __fish_seen_subcommand_from ${subNames}`)} -a ${fishQuote(sub.name)} -d ${fishQuote(short(sub.description))}`);
      const inSub = `${seen}; and __fish_seen_subcommand_from ${sub.name}`;
      lines.push(...sub.options.map((option) => optionLine(p, inSub, option)));
      lines.push(...positionalLines(p, inSub, sub));
    }
  }
  return `${lines.join('\n')}\n`;
}

// Sessions and projects from tmux (the -L/-S of the line, if any), as engine.ts does for bash and zsh.
const fishFunctions = () => `function __claude_sessions_tmux
    set -l tokens (commandline -opc)
    set -l flags
    for i in (seq (count $tokens))
        if contains -- $tokens[$i] -L -S; and test $i -lt (count $tokens)
            set flags $tokens[$i] $tokens[(math $i + 1)]
        end
    end
    tmux $flags $argv 2>/dev/null
end

function __claude_sessions_sessions
    __claude_sessions_tmux list-sessions -F '#{session_name}'
end

function __claude_sessions_projects
    set -l settings (__claude_sessions_tmux display-message -p ${fishQuote(`#{${USER_OPTIONS.prefix}}`)} ';' display-message -p ${fishQuote(`#{${USER_OPTIONS.projectsDir}}`)})
    set -l prefix $settings[1]
    test -n "$prefix"; or set prefix ${fishQuote(optionDefault(USER_OPTIONS.prefix))}
    set -l dirs $settings[2]
    test -n "$dirs"; or set dirs ${fishQuote(optionDefault(USER_OPTIONS.projectsDir))}
    set -l length (string length -- $prefix)
    for name in (__claude_sessions_sessions)
        if test (string length -- $name) -gt $length; and test (string sub -l $length -- $name) = $prefix
            string sub -s (math $length + 1) -- $name
        end
    end
    for dir in (string split : -- $dirs)
        set dir (string replace -r '^~(?=/|$)' $HOME -- $dir)
        for folder in $dir/*/
            string replace -r '^.*/([^/]+)/$' '$1' -- $folder
        end
    end
    __fish_complete_directories
end
`;

function optionLine(program: string, condition: string | undefined, option: CompletedOption): string {
  const words = [`complete -c ${program}`];
  if (condition !== undefined) words.push(`-n ${fishQuote(condition)}`);
  for (const spelling of option.spellings) words.push(spelling.startsWith('--') ? `-l ${spelling.slice(2)}` : `-s ${spelling.slice(1)}`);
  if (option.value !== undefined) words.push(...fishValue(option.value));
  words.push(`-d ${fishQuote(short(option.description))}`);
  return words.join(' ');
}

function positionalLines(program: string, condition: string, command: CompletedCommand): string[] {
  return command.positionals.filter((kind) => kind !== 'none').map((kind) => `complete -c ${program} -n ${fishQuote(condition)} ${fishValue(kind).join(' ')}`);
}

// How fish offers a value of this kind.
function fishValue(kind: ValueKind): string[] {
  if (typeof kind === 'object') return ['-x', '-a', fishQuote(kind.words.join(' '))];
  if (kind === 'file') return ['-r', '-F'];
  if (kind === 'dir') return ['-x', '-a', "'(__fish_complete_directories)'"];
  if (kind === 'session') return ['-x', '-a', "'(__claude_sessions_sessions)'"];
  if (kind === 'project') return ['-x', '-a', "'(__claude_sessions_projects)'"];
  return ['-x'];
}

// A description's first clause, short enough for a completion menu.
function short(text: string): string {
  const first = text.split(/[:;(]/)[0]?.trim() ?? '';
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}

// fish single quotes: only \\ and \' are escapes.
function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
