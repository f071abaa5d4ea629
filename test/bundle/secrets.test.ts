// The rule export uses to leave secrets out, on a corpus of secret-looking and ordinary
// variables: every secret is judged one, no ordinary variable is.
import { describe, expect, it } from 'vitest';
import { isSecretName, isSecretValue, isSecretVariable, splitSecrets } from '../../src/bundle/secrets.ts';
import { alnum, ORDINARY_CORPUS, SECRET_CORPUS } from './secret-corpus.ts';


describe('export leaves secrets out', () => {
  it('judges every secret-looking variable a secret', () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(SECRET_CORPUS.filter(([name, value]) => !isSecretVariable(name, value)).map(([name]) => name)).toEqual([]);
  });

  it('keeps every ordinary variable', () => {
    expect(ORDINARY_CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(ORDINARY_CORPUS.filter(([name, value]) => isSecretVariable(name, value)).map(([name]) => name)).toEqual([]);
  });

  it('judges names by whole parts: _PAT is not PATH, _KEY is not KEYBOARD', () => {
    expect(isSecretName('GITHUB_PAT')).toBe(true);
    expect(isSecretName('PATH')).toBe(false);
    expect(isSecretName('MY_KEY')).toBe(true);
    expect(isSecretName('KEYBOARD')).toBe(false);
    expect(isSecretName('PWD')).toBe(false);
    expect(isSecretName('MYSQL_PWD')).toBe(true);
  });

  it('judges values whatever the name: a password in a URL, a token shape', () => {
    expect(isSecretValue('postgres://admin:S3cretPw@db:5432/app')).toBe(true);
    expect(isSecretValue('postgres://admin@db:5432/app')).toBe(false);
    expect(isSecretValue(`token=ghp_${alnum(36)}`)).toBe(true);
  });

  it('lists the names it left out, sorted, and keeps everything with --include-secrets', () => {
    const env = { FOO: '1', DB_PASS: 'x', API_KEY: 'y', URL: 'https://a:b@c' };
    expect(splitSecrets(env, false)).toEqual({ kept: { FOO: '1' }, omitted: ['API_KEY', 'DB_PASS', 'URL'] });
    expect(splitSecrets(env, true)).toEqual({ kept: env, omitted: [] });
  });
});
