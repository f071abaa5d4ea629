// Fuzzy matching for the switcher: the query's characters must appear in order in a row's
// text; a match scores higher when its characters are consecutive, start words (after a
// separator such as - _ / . : or a space, or a lower-to-upper case change), start the text,
// and when the text is short. Smart case: a query with an upper-case letter matches case
// exactly, otherwise case is ignored. Pure and allocation-light: it runs on every keystroke
// over every row.

// A matched row: its score and the indexes (UTF-16) of the matched characters, to highlight.
export interface FuzzyMatch {
  readonly score: number;
  readonly positions: readonly number[];
}

const SEPARATOR = /[-_/.: \t@#]/;
const SCORE = {
  match: 16,
  consecutive: 24,
  wordStart: 20,
  textStart: 12,
  gapPenalty: 2,
  lengthPenalty: 0.05,
} as const;

// The best match of `query` in `text` (greedy from each start, the best kept), or undefined.
// Words separated by spaces must each match, in any order ("api gam" finds gamma-api).
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  if (/\s/.test(query)) return allTerms(query.split(/\s+/).filter(Boolean), text);
  return termMatch(query, text);
}

function allTerms(terms: readonly string[], text: string): FuzzyMatch | undefined {
  let score = 0;
  const positions = new Set<number>();
  for (const term of terms) {
    const found = termMatch(term, text);
    if (found === undefined) return undefined;
    score += found.score;
    for (const position of found.positions) positions.add(position);
  }
  return { score, positions: [...positions].sort((a, b) => a - b) };
}

function termMatch(query: string, text: string): FuzzyMatch | undefined {
  if (query === '') return { score: 0, positions: [] };
  const exactCase = query !== query.toLowerCase();
  const needle = exactCase ? query : query.toLowerCase();
  const haystack = exactCase ? text : text.toLowerCase();
  let best: FuzzyMatch | undefined;
  // Try each place the first character occurs: "api" in "a-pi-api" should find the word "api".
  for (let start = haystack.indexOf(needle[0] as string); start !== -1; start = haystack.indexOf(needle[0] as string, start + 1)) {
    const found = matchFrom(needle, haystack, text, start);
    if (found === undefined) break; // no later start can match either
    if (best === undefined || found.score > best.score) best = found;
  }
  return best;
}

// A row that matched, with its match, in rank order.
export interface Ranked<T> {
  readonly item: T;
  readonly match: FuzzyMatch;
}

// The items whose text matches, best first; ties keep the items' own order (stable).
export function rankByFuzzy<T>(items: readonly T[], query: string, textOf: (item: T) => string): Ranked<T>[] {
  const ranked: (Ranked<T> & { readonly index: number })[] = [];
  items.forEach((item, index) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match !== undefined) ranked.push({ item, match, index });
  });
  ranked.sort((a, b) => b.match.score - a.match.score || a.index - b.index);
  return ranked.map(({ item, match }) => ({ item, match }));
}

// Split text into runs for drawing: [text, matched?] pairs, matched characters grouped.
export function highlightRuns(text: string, positions: readonly number[]): [string, boolean][] {
  const marked = new Set(positions);
  const runs: [string, boolean][] = [];
  for (let i = 0; i < text.length; i++) {
    const on = marked.has(i);
    const last = runs.at(-1);
    if (last !== undefined && last[1] === on) last[0] += text[i];
    else runs.push([text[i] as string, on]);
  }
  return runs;
}

function matchFrom(needle: string, haystack: string, original: string, start: number): FuzzyMatch | undefined {
  const positions: number[] = [];
  let score = 0;
  let at = start;
  for (let q = 0; q < needle.length; q++) {
    const found = q === 0 ? at : haystack.indexOf(needle[q] as string, at);
    if (found === -1) return undefined;
    score += SCORE.match;
    const previous = positions.at(-1);
    if (previous !== undefined) {
      if (found === previous + 1) score += SCORE.consecutive;
      else score -= SCORE.gapPenalty * Math.min(found - previous - 1, 10);
    }
    if (found === 0) score += SCORE.textStart;
    if (isWordStart(original, found)) score += SCORE.wordStart;
    positions.push(found);
    at = found + 1;
  }
  return { score: score - SCORE.lengthPenalty * haystack.length, positions };
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text[index - 1] as string;
  const here = text[index] as string;
  if (SEPARATOR.test(before)) return true;
  return before === before.toLowerCase() && here !== here.toLowerCase();
}
