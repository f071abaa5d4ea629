#!/usr/bin/env bats
# scripts/claude-sessions, the POSIX sh shim: finding node >= 20, saying so when there is
# none, caching the version check, and passing arguments through untouched.

load helpers

SHIM=$REPO/scripts/claude-sessions

# Run the shim with a PATH holding only $TMP/bin (the shim's tools, no node), an empty
# HOME and cache, and no version-manager variables. $1: the exit status run expects
# (-0, -127, !), then the shim's arguments.
run_shim_without_node() {
  local expect=$1
  shift
  run "$expect" --separate-stderr env -u NVM_DIR -u FNM_DIR -u VOLTA_HOME -u CLAUDE_SESSIONS_NODE \
    PATH="$TMP/bin" HOME="$TMP/home" XDG_CACHE_HOME="$TMP/empty-cache" "$SHIM" "$@"
}

skip_if_system_node_outside_path() {
  local node
  for node in /usr/local/bin/node /opt/homebrew/bin/node /home/linuxbrew/.linuxbrew/bin/node; do
    if [[ -e $node ]]; then skip "$node exists: the shim would find it even without PATH"; fi
  done
}

# A fake node: --version prints $2; any other call prints "fake node ran: ARGS".
write_fake_node() {
  write_script "$1" "if [ \"\$1\" = --version ]; then echo $2; exit 0; fi
echo \"fake node ran: \$*\""
}

setup_tool_bin() {
  make_tool_bin "$TMP/bin"
  mkdir -p "$TMP/home" "$TMP/empty-cache"
}

# ---------------------------------------------------------------- no usable node

@test "without node the shim exits 127 and says Node.js >= 20 was not found" {
  skip_if_system_node_outside_path
  setup_tool_bin

  run_shim_without_node -127 ls

  [[ $stderr == *'Node.js >= 20 was not found'* ]]
  [[ $stderr == *'@claude-sessions-node'* ]]
  [ "$output" = '' ]
}

@test "a node older than 20 is refused, naming its version and path" {
  skip_if_system_node_outside_path
  setup_tool_bin
  write_fake_node "$TMP/bin/node" v18.19.0

  run_shim_without_node ! ls

  [[ $stderr == *'Node.js >= 20 is needed'* ]]
  [[ $stderr == *"$TMP/bin/node is v18.19.0"* ]]
  [[ $stderr != *'fake node ran'* && $output != *'fake node ran'* ]]
}

@test "inside tmux the missing-node message is also shown with display-message" {
  skip_if_system_node_outside_path
  setup_tool_bin
  mkdir -p "$TMP/wrap"
  write_script "$TMP/wrap/tmux" "printf '%s\\n' \"\$*\" >>'$TMP/tmux.log'
exec '$REAL_TMUX' \"\$@\""

  run -127 --separate-stderr env -u NVM_DIR -u FNM_DIR -u VOLTA_HOME -u CLAUDE_SESSIONS_NODE \
    PATH="$TMP/wrap:$TMP/bin" HOME="$TMP/home" XDG_CACHE_HOME="$TMP/empty-cache" \
    TMUX="$(tmux_env_value)" "$SHIM" ls

  [[ $stderr == *'Node.js >= 20 was not found'* ]]
  grep -E '^display-message .*claude-sessions: Node\.js >= 20 was not found' "$TMP/tmux.log"
}

@test "the message shown in tmux keeps % and # in a node's path as written" {
  skip_if_system_node_outside_path
  setup_tool_bin
  mkdir -p "$TMP/wrap" "$TMP/bin/100%d #{pid}"
  write_fake_node "$TMP/bin/100%d #{pid}/node" v18.19.0
  write_script "$TMP/wrap/tmux" "printf '%s\\n' \"\$*\" >>'$TMP/tmux.log'
exec '$REAL_TMUX' \"\$@\""

  run ! --separate-stderr env -u NVM_DIR -u FNM_DIR -u VOLTA_HOME \
    CLAUDE_SESSIONS_NODE="$TMP/bin/100%d #{pid}/node" \
    PATH="$TMP/wrap:$TMP/bin" HOME="$TMP/home" XDG_CACHE_HOME="$TMP/empty-cache" \
    TMUX="$(tmux_env_value)" "$SHIM" ls

  [[ $stderr == *"$TMP/bin/100%d #{pid}/node is v18.19.0"* ]]
  # display-message runs strftime, then formats: '%' and '#' are doubled to arrive as written.
  grep -F "$TMP/bin/100%%d ##{pid}/node is v18.19.0" "$TMP/tmux.log"
}

# Glob order puts v18 before v22; the shim must compare majors (".../versions/node/v22..."
# has an earlier "/v" in "/versions" that must not be taken for the version).
@test "with several nvm versions and none on PATH, the newest nvm node is used" {
  skip_if_system_node_outside_path
  setup_tool_bin
  mkdir -p "$TMP/home/.nvm/versions/node/v18.19.0/bin" "$TMP/home/.nvm/versions/node/v22.1.0/bin"
  write_fake_node "$TMP/home/.nvm/versions/node/v18.19.0/bin/node" v18.19.0
  write_fake_node "$TMP/home/.nvm/versions/node/v22.1.0/bin/node" v22.1.0

  run_shim_without_node -0 ls

  [[ $output == 'fake node ran: '*'/dist/claude-sessions.cjs ls' ]]
}

@test "with no node on PATH, a single nvm node under HOME is found" {
  skip_if_system_node_outside_path
  setup_tool_bin
  mkdir -p "$TMP/home/.nvm/versions/node/v22.1.0/bin"
  write_fake_node "$TMP/home/.nvm/versions/node/v22.1.0/bin/node" v22.1.0

  run_shim_without_node -0 ls

  [[ $output == 'fake node ran: '*'/dist/claude-sessions.cjs ls' ]]
}

# ---------------------------------------------------------------- choosing node

@test "the tmux option @claude-sessions-node is honoured" {
  write_fake_node "$TMP/fake-node" v22.1.0
  t set -g @claude-sessions-node "$TMP/fake-node"

  run -0 --separate-stderr env TMUX="$(tmux_env_value)" "$SHIM" ls --json

  [[ $output == 'fake node ran: '*'/dist/claude-sessions.cjs ls --json' ]]
}

@test "CLAUDE_SESSIONS_NODE overrides everything else" {
  write_fake_node "$TMP/fake-node" v22.1.0

  run -0 --separate-stderr env CLAUDE_SESSIONS_NODE="$TMP/fake-node" "$SHIM" ls --json

  [[ $output == 'fake node ran: '*'/dist/claude-sessions.cjs ls --json' ]]
}

@test "CLAUDE_SESSIONS_NODE wins over @claude-sessions-node" {
  write_fake_node "$TMP/fake-node" v22.1.0
  write_script "$TMP/option-node" 'if [ "$1" = --version ]; then echo v22.1.0; exit 0; fi
echo "option node ran"'
  t set -g @claude-sessions-node "$TMP/option-node"

  run -0 --separate-stderr env TMUX="$(tmux_env_value)" CLAUDE_SESSIONS_NODE="$TMP/fake-node" "$SHIM" ls

  [[ $output == 'fake node ran: '*'/dist/claude-sessions.cjs ls' ]]
}

@test "the node version check is cached until the node binary changes" {
  write_script "$TMP/fake-node" "if [ \"\$1\" = --version ]; then echo called >>'$TMP/version.log'; echo v22.1.0; exit 0; fi
echo ran"
  export CLAUDE_SESSIONS_NODE=$TMP/fake-node XDG_CACHE_HOME=$TMP/node-cache

  run -0 "$SHIM" ls
  [ "$output" = ran ]
  run -0 "$SHIM" ls
  [ "$output" = ran ]
  [ "$(wc -l <"$TMP/version.log")" -eq 1 ]

  touch -d '+1 minute' "$TMP/fake-node"
  run -0 "$SHIM" ls

  [ "$output" = ran ]
  [ "$(wc -l <"$TMP/version.log")" -eq 2 ]
}

# ---------------------------------------------------------------- with the real node

@test "--version prints the version from package.json" {
  expected=$(node -p 'require(process.argv[1]).version' "$REPO/package.json")

  run -0 --separate-stderr "$SHIM" --version

  [ "$output" = "$expected" ]
}

@test "ls --json prints [] when there are no claude-dev sessions" {
  new_session notes

  run -0 --separate-stderr "$SHIM" -S "$SOCK" ls --json

  [ "$output" = '[]' ]
}

@test "an unknown command exits non-zero with a message on stderr" {
  run --separate-stderr "$SHIM" frobnicate

  [ "$status" -ne 0 ]
  [[ $stderr == *frobnicate* ]]
  [ "$output" = '' ]
}

@test "the shim works through a symlink placed elsewhere" {
  mkdir -p "$TMP/bin"
  ln -s "$SHIM" "$TMP/bin/cs"

  run -0 --separate-stderr "$TMP/bin/cs" --version

  [ "$output" = "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
}

@test "arguments with spaces, quotes, ';' and \$(...) reach the CLI unchanged" {
  write_script "$TMP/echo-node" 'if [ "$1" = --version ]; then echo v22.1.0; exit 0; fi
printf "%s\n" "$@"'
  args=('two words' "it's" 'say "hi"' 'a;b' ';' "\$(touch $TMP/pwned)" '`id`' '*' '' '-S' 'back\slash' '#{session_name}')

  run -0 --separate-stderr env CLAUDE_SESSIONS_NODE="$TMP/echo-node" "$SHIM" "${args[@]}"

  expected=$(printf '%s\n' "$(cd "$REPO/scripts" && pwd)/run-bundle.cjs" "$(cd "$REPO/scripts" && pwd)/../dist/claude-sessions.cjs" "${args[@]}")
  [ "$output" = "$expected" ]
  [ ! -e "$TMP/pwned" ]
}

# ---------------------------------------------------------------- the bundle's code cache

# True when this node keeps compiled code itself (module.enableCompileCache, node 22.8+).
node_caches_itself() {
  node -e 'process.exit(typeof require("node:module").enableCompileCache === "function" ? 0 : 1)'
}

# The inode of $1 (a rewrite by rename gives a new one).
inode_of() {
  ls -i "$1" | awk '{print $1}'
}

# A copy of the plugin's shim, loader and bundle in $TMP/plugin, whose bundle a test may change.
copy_plugin() {
  mkdir -p "$TMP/plugin/scripts" "$TMP/plugin/dist"
  cp "$REPO/scripts/claude-sessions" "$REPO/scripts/run-bundle.cjs" "$TMP/plugin/scripts/"
  cp "$REPO"/dist/*.cjs "$REPO"/dist/*.sh "$TMP/plugin/dist/"
}

@test "the bundle's compiled code is kept in the cache folder, and the next run uses it as it is" {
  expected=$(node -p 'require(process.argv[1]).version' "$REPO/package.json")

  run -0 --separate-stderr "$SHIM" --version
  [ "$output" = "$expected" ]

  if node_caches_itself; then
    [ -n "$(ls -A "$XDG_CACHE_HOME/claude-sessions/compile-cache")" ]
  else
    cache=$(ls "$XDG_CACHE_HOME"/claude-sessions/code-cache-*.bin)
    [ -s "$cache" ]
    made=$(inode_of "$cache")
    run -0 --separate-stderr "$SHIM" --version
    [ "$output" = "$expected" ]
    # Accepted, so not written again.
    [ "$(inode_of "$cache")" = "$made" ]
  fi
}

@test "a bundle changed in place, even to the same length, runs as it now is, never from the old cache" {
  copy_plugin
  version=$(node -p 'require(process.argv[1]).version' "$REPO/package.json")
  run -0 --separate-stderr "$TMP/plugin/scripts/claude-sessions" --version
  [ "$output" = "$version" ]

  # Every digit of the version one up: a bundle of the very same length.
  changed=$(node -e 'const fs = require("fs"); const [file, v] = process.argv.slice(1); const w = v.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(JSON.stringify(v), JSON.stringify(w))); console.log(w)' "$TMP/plugin/dist/claude-sessions.cjs" "$version")
  run -0 --separate-stderr "$TMP/plugin/scripts/claude-sessions" --version

  [ "$output" = "$changed" ]
}

@test "a command that loads a node module on demand (zlib) runs from the cache too" {
  new_session notes
  t set -g @claude-sessions-capture-pane-contents on
  t set -g @resurrect-dir "$TMP/saves"
  run -0 --separate-stderr "$SHIM" -S "$SOCK" save
  # The second save runs from the code cache the first one left, and gzips the contents again.
  t send-keys -t '=notes:' 'echo second-save' Enter
  run -0 --separate-stderr "$SHIM" -S "$SOCK" save

  [ "$stderr" = '' ]
  ls "$TMP/saves" | grep -q contents
}

@test "a damaged code cache is ignored and made again" {
  if node_caches_itself; then skip 'this node keeps its compile cache itself'; fi
  run -0 --separate-stderr "$SHIM" --version
  cache=$(ls "$XDG_CACHE_HOME"/claude-sessions/code-cache-*.bin)
  { head -n 1 "$cache"; printf 'not V8 code'; } >"$TMP/damaged"
  mv "$TMP/damaged" "$cache"

  run -0 --separate-stderr "$SHIM" --version

  [ "$output" = "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
  [ "$stderr" = '' ]
  [ "$(wc -c <"$cache")" -gt 1000 ]
}

@test "with a cache folder it cannot write, the CLI still runs and says nothing of it" {
  mkdir -p "$XDG_CACHE_HOME"
  printf 'a file, not a folder' >"$XDG_CACHE_HOME/claude-sessions"

  run -0 --separate-stderr "$SHIM" --version

  [ "$output" = "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
  [ "$stderr" = '' ]
}

@test "a cache folder that others can write is never read from nor written to" {
  if node_caches_itself; then skip 'this node keeps its compile cache itself'; fi
  run -0 --separate-stderr "$SHIM" --version
  cache=$(ls "$XDG_CACHE_HOME"/claude-sessions/code-cache-*.bin)
  # Someone else could now replace the compiled code: plant a cache that would be rejected
  # (and so rewritten) if it were read.
  { head -n 1 "$cache"; printf 'planted'; } >"$TMP/planted"
  cp "$TMP/planted" "$cache"
  chmod 0777 "$XDG_CACHE_HOME/claude-sessions"

  run -0 --separate-stderr "$SHIM" --version

  [ "$output" = "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
  [ "$stderr" = '' ]
  cmp "$TMP/planted" "$cache"
}

@test "with no HOME and no XDG_CACHE_HOME, no code cache is kept (never under /tmp)" {
  run -0 --separate-stderr env -u HOME -u XDG_CACHE_HOME node "$REPO/scripts/run-bundle.cjs" "$REPO/dist/claude-sessions.cjs" --version

  [ "$output" = "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" ]
  [ ! -e /tmp/.cache/claude-sessions ] || [ -z "$(find /tmp/.cache/claude-sessions -newer "$TMP" -name 'code-cache-*' 2>/dev/null)" ]
}

@test "node starts without reading NODE_EXTRA_CA_CERTS, and the programs the CLI starts still see it as it was" {
  mkdir -p "$TMP/react-app"
  # A missing file: node warns on stderr if it reads it at start.
  certs="$TMP/no such certs.pem"
  # tmux copies these from the client that makes a session into the session's environment.
  t set -g update-environment 'NODE_EXTRA_CA_CERTS CLAUDE_SESSIONS_EXTRA_CA_CERTS'

  NODE_EXTRA_CA_CERTS=$certs run -0 --separate-stderr "$SHIM" -S "$SOCK" new "$TMP/react-app" --detach

  [[ $stderr != *'extra certs'* ]]
  [ "$(t show-environment -t '=claude-dev-react-app:' NODE_EXTRA_CA_CERTS)" = "NODE_EXTRA_CA_CERTS=$certs" ]
  [ "$(t show-environment -t '=claude-dev-react-app:' CLAUDE_SESSIONS_EXTRA_CA_CERTS 2>&1)" != "CLAUDE_SESSIONS_EXTRA_CA_CERTS=$certs" ]
}
