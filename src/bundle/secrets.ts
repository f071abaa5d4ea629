// Which environment variables an export leaves out as secrets: judged by name (a word of the
// name such as TOKEN, PASS, PAT) and by value (a URL with a password, a known token shape, a
// JWT, a PEM private key). Pure, so one corpus test pins the rule the README states.

// Words that mark a secret anywhere in a name: long enough never to be part of an ordinary word.
const SECRET_SUBSTRINGS = ['SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'PRIVATE', 'COOKIE', 'APIKEY'];

// Words that mark a secret only as a whole part of the name (split at `_` and camelCase), so
// `_PAT` is not PATH, `_PASS` not PASSENGER, `_KEY` not KEYBOARD, `_AUTH` not AUTHOR.
const SECRET_PARTS = new Set([
  'KEY', 'KEYS', 'PASS', 'PW', 'PWD', 'PAT', 'AUTH', 'OAUTH', 'DSN', 'SESSION', 'PIN', 'OTP', 'TOTP',
  'JWT', 'BEARER', 'CSRF', 'XSRF', 'SALT', 'HMAC', 'PSK',
]);

// A part ending in TOKEN (GHTOKEN, AUTHTOKEN) is one; TOKENIZERS_PARALLELISM is not.
const TOKEN_PART = /TOKENS?$/;

// Ordinary names that would match a word above: the shell's folders, the marker every workspace
// sets (workspace/environment.ts) and the desktop session's descriptors. SSH_AUTH_SOCK is not
// one: the agent's socket signs with your keys (and import refuses it).
const ORDINARY_NAMES = new Set(['PWD', 'OLDPWD', 'CLAUDE_CODE_TMUX_SESSION', 'DESKTOP_SESSION', 'DBUS_SESSION_BUS_ADDRESS']);
const ORDINARY_PREFIX = /^XDG_SESSION_(?!COOKIE)/;

// Values that are secrets whatever their name: a password in a URL, a provider's token shape,
// a JWT, a PEM private key. Prefixes must start a word (`disk-` is not `sk-`).
const SECRET_VALUES: readonly RegExp[] = [
  /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/?#@]+@/, // scheme://user:password@host
  /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,}/, // GitHub classic tokens
  /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{30,}/, // GitHub fine-grained tokens
  /(?<![A-Za-z0-9])sk-(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{20,}/, // OpenAI sk-…, Anthropic sk-ant-…
  /(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/, // Stripe
  /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /(?<![A-Za-z0-9])xapp-[A-Za-z0-9-]{10,}/, // Slack app-level
  /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/, // Slack webhook URL
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/, // AWS access key id
  /(?<![A-Za-z0-9])AIza[A-Za-z0-9_-]{35}/, // Google API key
  /(?<![A-Za-z0-9])ya29\.[A-Za-z0-9_-]{20,}/, // Google OAuth access token
  /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}/, // npm
  /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/, // Hugging Face
  /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, // SendGrid
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, // JWT
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, // PEM / PGP private key
  /(?<![A-Za-z0-9])Bearer\s+[A-Za-z0-9._~+/-]{20,}/, // an Authorization header's token
];

// The name's parts, upper-cased: `github_pat` -> GITHUB, PAT; `githubToken` -> GITHUB, TOKEN.
function nameParts(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((part) => part !== '');
}

// Whether a variable's name says it holds a secret.
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (ORDINARY_NAMES.has(upper) || ORDINARY_PREFIX.test(upper)) return false;
  if (SECRET_SUBSTRINGS.some((word) => upper.includes(word))) return true;
  return nameParts(name).some((part) => SECRET_PARTS.has(part) || TOKEN_PART.test(part));
}

// Whether a value is or holds a secret, whatever the variable is called.
export function isSecretValue(value: string): boolean {
  return SECRET_VALUES.some((shape) => shape.test(value));
}

// Whether export leaves the variable out (unless --include-secrets).
export function isSecretVariable(name: string, value: string): boolean {
  return isSecretName(name) || isSecretValue(value);
}

// Split an environment into what a bundle keeps and the names (sorted, never values) it leaves out.
export function splitSecrets(environment: Readonly<Record<string, string>>, includeSecrets: boolean): { kept: Record<string, string>; omitted: string[] } {
  const kept: Record<string, string> = {};
  const omitted: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (!includeSecrets && isSecretVariable(name, value)) omitted.push(name);
    else kept[name] = value;
  }
  return { kept, omitted: omitted.sort() };
}
