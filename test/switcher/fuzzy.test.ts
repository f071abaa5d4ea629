// The switcher's fuzzy filter: which rows match a query, in what order, and what to highlight.
import { describe, expect, it } from 'vitest';
import { fuzzyMatch, highlightRuns, rankByFuzzy } from '../../src/switcher/fuzzy.ts';

const names = (items: readonly string[], query: string) => rankByFuzzy(items, query, (item) => item).map((ranked) => ranked.item);

describe('fuzzy filter', () => {
  it("keeps rows holding the query's characters in order, and drops the others ('gam' keeps gamma-api, hides beta)", () => {
    expect(names(['claude-dev-beta', 'claude-dev-gamma-api', 'claude-dev-alpha'], 'gam')).toEqual(['claude-dev-gamma-api']);
    expect(names(['abc'], 'acb')).toEqual([]);
    expect(names(['abc'], 'abcd')).toEqual([]);
  });

  it('matches everything, in the given order, for an empty query', () => {
    expect(names(['b', 'a', 'c'], '')).toEqual(['b', 'a', 'c']);
  });

  it('ranks consecutive characters and word starts above scattered ones', () => {
    expect(names(['claude-dev-xapxi', 'claude-dev-api', 'a-p-i-long-name'], 'api')).toEqual(['claude-dev-api', 'a-p-i-long-name', 'claude-dev-xapxi']);
    expect(names(['sxhxoxp', 'webshop', 'my-shop-web'], 'shop')).toEqual(['my-shop-web', 'webshop', 'sxhxoxp']);
  });

  it('finds the better of several places the first character occurs', () => {
    expect(fuzzyMatch('api', 'xaxpxi-api')?.positions).toEqual([7, 8, 9]);
  });

  it('ignores case unless the query has an upper-case letter (smart case)', () => {
    expect(names(['Gamma', 'gamma'], 'gam')).toEqual(['Gamma', 'gamma']);
    expect(names(['Gamma', 'gamma'], 'Gam')).toEqual(['Gamma']);
    expect(fuzzyMatch('ws', 'webShop')?.positions).toEqual([0, 3]);
  });

  it('works on unicode and emoji names, and keeps ties in their order', () => {
    expect(names(['café-🚀-api', 'cafe-api'], 'caf')).toEqual(['cafe-api', 'café-🚀-api']);
    // An emoji is two UTF-16 units: both are marked, so a highlight never splits it.
    expect(fuzzyMatch('🚀', 'café-🚀-api')?.positions).toEqual([5, 6]);
  });

  it('gives the runs to draw, matched characters grouped', () => {
    const match = fuzzyMatch('gam', 'claude-dev-gamma-api');
    expect(highlightRuns('claude-dev-gamma-api', match?.positions ?? [])).toEqual([
      ['claude-dev-', false],
      ['gam', true],
      ['ma-api', false],
    ]);
  });

  it('filters 1,000 rows, returning every match', () => {
    const rows = Array.from({ length: 1000 }, (_, n) => `claude-dev-project-${n}-${n % 3 === 0 ? 'api' : 'web'}`);
    const matched = names(rows, 'p9api');
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.every((row) => /9.*api/.test(row))).toBe(true);
  });
});

describe('fuzzyMatch with words', () => {
  it('needs every space-separated word to match, in any order, and highlights all of them', () => {
    expect(fuzzyMatch('api gam', 'claude-dev-gamma-api')?.positions).toEqual([11, 12, 13, 17, 18, 19]);
    expect(fuzzyMatch('claude api', 'claude-dev-gamma-api')).toBeDefined();
    expect(fuzzyMatch('api zeta', 'claude-dev-gamma-api')).toBeUndefined();
    expect(fuzzyMatch('  gam  ', 'claude-dev-gamma-api')?.positions).toEqual([11, 12, 13]);
  });
});
