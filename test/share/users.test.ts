// The group share picks is judged by who is in it, primary-group users included, however
// many accounts the machine has (getent and id stand-ins on PATH play the directory).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseGroup } from '../../src/share/socket.ts';
import { lookupGroup, type LocalUser } from '../../src/share/users.ts';

const BIG = 4242;
const SMALL = 4243;
// Enough accounts that `getent passwd` prints well over a mebibyte.
const ACCOUNTS = 20_000;

let dir: string;
const originalPath = process.env['PATH'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-users-'));
  const passwd = join(dir, 'passwd');
  const lines = [];
  for (let i = 0; i < ACCOUNTS; i++) lines.push(`member${i}:x:${10_000 + i}:${BIG}:a user whose primary group is big:/home/member${i}:/bin/sh`);
  writeFileSync(passwd, `${lines.join('\n')}\n`);
  const getent = [
    '#!/bin/sh',
    `if [ "$1" = passwd ]; then exec cat '${passwd}'; fi`,
    `[ "$1 $2" = "group ${BIG}" ] && { echo 'big:x:${BIG}:'; exit 0; }`,
    `[ "$1 $2" = "group ${SMALL}" ] && { echo 'small:x:${SMALL}:owner,target'; exit 0; }`,
    'exit 2',
  ].join('\n');
  writeFileSync(join(dir, 'getent'), `${getent}\n`);
  chmodSync(join(dir, 'getent'), 0o755);
  process.env['PATH'] = `${dir}:${originalPath ?? ''}`;
});

afterAll(() => {
  process.env['PATH'] = originalPath;
  rmSync(dir, { recursive: true, force: true });
});

describe('the group a share goes through', () => {
  it('counts every user whose primary group it is, on a machine with many accounts', () => {
    expect(lookupGroup(BIG)?.members.length).toBe(ACCOUNTS);
  });

  it('is the small shared group, not one thousands of users have as their primary group', () => {
    const owner: LocalUser = { name: 'owner', uid: 1001, gid: 1001, groups: [1001, BIG, SMALL] };
    const target: LocalUser = { name: 'target', uid: 1002, gid: 1002, groups: [1002, BIG, SMALL] };
    expect(chooseGroup(owner, target)?.name).toBe('small');
  });
});
