// The restoring flag's value: a live restore is told from one that ended without clearing it.
import { describe, expect, it } from 'vitest';
import { restoringMark, restoringState } from '../../src/options/restoring.ts';

const NOW = 1_796_000_000_000;
const alive = () => true;
const gone = () => false;

describe('the restoring flag', () => {
  it('holds the PID and the second a restore began', () => {
    expect(restoringMark(4242, NOW + 999)).toBe('4242 1796000000');
  });

  it('is none when unset', () => {
    expect(restoringState('', NOW, alive)).toBe('none');
  });

  it('is running while its process lives, up to half an hour', () => {
    expect(restoringState(restoringMark(7, NOW), NOW, alive)).toBe('running');
    expect(restoringState(restoringMark(7, NOW - 29 * 60_000), NOW, alive)).toBe('running');
    expect(restoringState(restoringMark(7, NOW - 30 * 60_000), NOW, alive)).toBe('stale');
  });

  it('is running for a minute after its process is gone (it may be another namespace’s), then stale', () => {
    expect(restoringState(restoringMark(7, NOW - 59_000), NOW, gone)).toBe('running');
    expect(restoringState(restoringMark(7, NOW - 60_000), NOW, gone)).toBe('stale');
  });

  it('asks about the PID it holds', () => {
    const asked: number[] = [];
    restoringState(restoringMark(31337, NOW - 120_000), NOW, (pid) => (asked.push(pid), true));
    expect(asked).toEqual([31337]);
  });

  it("is stale in any other shape: '1' from a version before marks, words, a PID alone", () => {
    for (const value of ['1', 'yes', '4242', '4242 1796000000 extra', ' 4242 1796000000', '-1 1796000000']) {
      expect(restoringState(value, NOW, alive)).toBe('stale');
    }
  });
});
