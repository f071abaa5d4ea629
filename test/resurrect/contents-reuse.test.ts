// When a save may take a pane's text from the previous save (pure rules; the real-tmux proof
// is test/save/save-contents-reuse.test.ts).
import { describe, expect, it } from 'vitest';
import { previousCaptureOf, reusableText, type CaptureBasis } from '../../src/resurrect/contents-reuse.ts';

const SCREEN = '1000 @1 67 5000 80x24 2:15 0 0 4242 ab05,80x24,0,0,1';
const file = (capture: unknown) => ({ format: 'x', saveFile: 'save.txt', sha256: 'abc', panes: [{ session: 's', window: 0, pane: 0, text: 'kept\n' }], capture });
const record = (listedAt: number, panes: unknown[] = [{ id: '%1', screen: SCREEN, text: 0 }, { id: '%2', screen: SCREEN, text: -1 }]) => ({ server: '99 500', listedAt, panes });

function basis(listedAt: number, previousListedAt: number, server = '99 500'): CaptureBasis {
  return { server, listedAt, previous: previousCaptureOf(file(record(previousListedAt)), 'save.txt', 'abc') };
}

describe('a pane whose text the previous save holds', () => {
  it('is reused when its screen state is the same and its window was last active before that save listed it', () => {
    expect(reusableText(basis(1200, 1001), { id: '%1', screen: SCREEN })).toBe('kept\n');
    expect(reusableText(basis(1200, 1001), { id: '%2', screen: SCREEN })).toBe('');
  });

  it('is captured again when its window was active in the very second that save listed it', () => {
    expect(reusableText(basis(1200, 1000), { id: '%1', screen: SCREEN })).toBeUndefined();
  });

  it('is captured again when anything in its screen state changed, on another server, or when the clock went back', () => {
    expect(reusableText(basis(1200, 1001), { id: '%1', screen: SCREEN.replace('80x24 ', '80x23 ') })).toBeUndefined();
    expect(reusableText(basis(1200, 1001), { id: '%3', screen: SCREEN })).toBeUndefined();
    expect(reusableText(basis(1200, 1001), { id: '%1' })).toBeUndefined();
    expect(reusableText(basis(1200, 1001, '98 500'), { id: '%1', screen: SCREEN })).toBeUndefined();
    expect(reusableText(basis(1000, 1001), { id: '%1', screen: SCREEN })).toBeUndefined();
  });

  it('is never taken from a file of another save, or from a record with a damaged entry', () => {
    expect(previousCaptureOf(file(record(1001)), 'other.txt', 'abc')).toBeUndefined();
    expect(previousCaptureOf(file(record(1001)), 'save.txt', 'other')).toBeUndefined();
    expect(previousCaptureOf(file(record(1001, [{ id: '%1', screen: SCREEN, text: 1 }])), 'save.txt', 'abc')).toBeUndefined();
    expect(previousCaptureOf(file(record(1001, [{ id: '%1', screen: SCREEN, text: 0 }, { id: '%1', screen: SCREEN, text: -1 }])), 'save.txt', 'abc')).toBeUndefined();
    expect(previousCaptureOf(file({ ...record(1001), server: '' }), 'save.txt', 'abc')).toBeUndefined();
    expect(previousCaptureOf(file(undefined), 'save.txt', 'abc')).toBeUndefined();
  });
});
