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
