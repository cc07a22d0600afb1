/**
 * Loose matching of official labels: the same label typed with spaces or line breaks,
 * half-width brackets and quotes, `1、` for `1.`, still matches; different words do not.
 */

const CACHE = new Map<string, string>();

/** A label folded to a canonical form for comparison (half-width, no spaces, straight quotes). */
export function normalizeLabel(text: string): string {
  let folded = CACHE.get(text);
  if (folded === undefined) {
    folded = fold(text);
    // Labels repeat across the workbooks of a batch; long texts (paragraphs) are not kept.
    if (text.length <= 80 && CACHE.size < 5000) CACHE.set(text, folded);
  }
  return folded;
}

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[“”〝〞]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/^(\d+)[、.]/, '$1.');
}

export function labelsMatch(found: string, official: string): boolean {
  return normalizeLabel(found) === normalizeLabel(official);
}

/** Length of the longest common subsequence of two strings (by code point). */
function lcs(a: string[], b: string[]): number {
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(prev[j], prev[j - 1]);
      diagonal = above;
    }
  }
  return prev[b.length];
}

/**
 * How much of an official label a found text keeps, 0–1: the longest common subsequence of the
 * two (folded), over the longer one. Typos seen in published tables ("其他法律行政止公开") keep ≥ 0.75.
 */
export function labelSimilarity(found: string, official: string): number {
  const a = Array.from(normalizeLabel(found));
  const b = Array.from(normalizeLabel(official));
  if (a.length === 0 || b.length === 0) return 0;
  return lcs(a, b) / Math.max(a.length, b.length);
}
