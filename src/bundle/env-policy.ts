// Which environment variables a bundle may set without the user naming them: those that
// change what a shell, loader or program runs, or where the agent and its tools send
// their traffic, are refused unless allowed with `import --allow-env NAME`. Names are
// matched regardless of case (`http_proxy` as `HTTP_PROXY`). The README's bundle section
// lists the same rule; keep them together.

// One kind of variable the rule refuses: exact names and name patterns, and why.
interface RiskyKind {
  readonly why: string;
  readonly names: readonly string[];
  readonly patterns: readonly RegExp[];
}

// The rule, kind by kind.
export const RISKY_ENV: readonly RiskyKind[] = [
  {
    why: 'shell start-up, prompt or parsing',
    names: ['PROMPT_COMMAND', 'ENV', 'BASH_ENV', 'ZDOTDIR', 'IFS', 'HOME', 'SHELLOPTS', 'BASHOPTS', 'FPATH', 'INPUTRC', 'PROMPT', 'RPROMPT', 'SPROMPT'],
    patterns: [/^R?PS\d$/, /^R?PROMPT\d$/, /^BASH_/, /^ZSH(_|$)/, /^XDG_(CONFIG|DATA)_/],
  },
  { why: 'the loader', names: ['GCONV_PATH'], patterns: [/^LD_/, /^DYLD_/] },
  {
    why: 'which program runs',
    names: ['PATH', 'SHELL', 'PAGER', 'EDITOR', 'VISUAL', 'MANPAGER', 'MANOPT', 'BROWSER', 'LESS', 'LESSOPEN', 'LESSCLOSE', 'TERMINAL', 'CLASSPATH', 'KUBECONFIG'],
    patterns: [/_COMMAND$/, /_CMD$/, /_EDITOR$/, /_PAGER$/, /_ASKPASS$/, /_SHELL$/, /_CONFIG$/, /^GIT_/, /^NPM_CONFIG_/],
  },
  {
    why: 'which compiler or build tool runs, with what flags',
    names: ['CC', 'CXX', 'MAKEFLAGS', 'GOFLAGS', 'GOTOOLCHAIN', 'GOROOT', 'RUSTC', 'RUSTFLAGS', 'JAVA_HOME'],
    patterns: [/_WRAPPER$/],
  },
  {
    why: "an interpreter's start-up, options or libraries",
    names: ['NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE'],
    patterns: [/_OPTIONS$/, /_OPTS$/, /^PYTHON/, /^PERL/, /^RUBY/],
  },
  { why: 'tmux (which server commands reach)', names: [], patterns: [/^TMUX/] },
  {
    why: 'where Claude and other programs send traffic, whom they trust, which settings they read',
    names: ['NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'SSH_AUTH_SOCK'],
    patterns: [/^CLAUDE_/, /^ANTHROPIC_/, /_PROXY$/],
  },
];

// Why a variable is refused without --allow-env, or undefined when a bundle may set it.
export function envRisk(name: string): string | undefined {
  const upper = name.toUpperCase();
  return RISKY_ENV.find((kind) => kind.names.includes(upper) || kind.patterns.some((pattern) => pattern.test(upper)))?.why;
}

// The variables of `names` refused: risky and not named in `allowed` (exact, case as given).
export function refusedEnv(names: Iterable<string>, allowed: readonly string[]): { name: string; why: string }[] {
  const refused: { name: string; why: string }[] = [];
  for (const name of names) {
    const why = envRisk(name);
    if (why !== undefined && !allowed.includes(name)) refused.push({ name, why });
  }
  return refused.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
