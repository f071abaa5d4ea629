// The rule import applies to a bundle's environment: what changes what runs is refused
// unless allowed by name; ordinary variables pass.
import { describe, expect, it } from 'vitest';
import { envRisk, refusedEnv } from '../../src/bundle/env-policy.ts';

const REFUSED = [
  'PROMPT_COMMAND', 'ENV', 'BASH_ENV', 'ZDOTDIR', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT', 'RPROMPT', 'IFS', 'BASH_FUNC_ls%%',
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'PATH', 'SHELL', 'HOME', 'ZSH_CUSTOM', 'XDG_CONFIG_HOME',
  'PAGER', 'EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_PAGER', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_CONFIG_GLOBAL',
  'MANPAGER', 'BROWSER', 'SUDO_ASKPASS', 'SSH_ASKPASS', 'LESSOPEN', 'FZF_DEFAULT_COMMAND', 'STARSHIP_CONFIG', 'npm_config_script_shell',
  'NODE_OPTIONS', 'NODE_PATH', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PERL5OPT', 'PERL5LIB', 'RUBYOPT', 'RUBYLIB',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'MAVEN_OPTS', 'RUSTC_WRAPPER', 'GOFLAGS', 'CC',
  'TMUX', 'TMUX_TMPDIR', 'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CONFIG_DIR', 'ANTHROPIC_BASE_URL', 'HTTPS_PROXY', 'http_proxy',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSH_AUTH_SOCK',
];
const ORDINARY = ['FOO', 'NODE_ENV', 'RUST_LOG', 'DATABASE_URL', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'COLORTERM', 'DEBUG', 'PORT', 'HOST', 'APP_ENV', 'LOG_LEVEL', 'PROJECT_ROOT', 'GOPATH', 'VIRTUAL_ENV'];

describe('the environment rule', () => {
  it.each(REFUSED)('refuses %s', (name) => expect(envRisk(name)).toBeDefined());
  it.each(ORDINARY)('lets %s through', (name) => expect(envRisk(name)).toBeUndefined());

  it('lets through exactly the names allowed, in their own case, and lists the rest sorted', () => {
    expect(refusedEnv(['PS1', 'PATH', 'FOO', 'LD_PRELOAD'], ['PATH', 'ld_preload']).map((entry) => entry.name)).toEqual(['LD_PRELOAD', 'PS1']);
  });
});
