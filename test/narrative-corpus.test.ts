/**
 * NARRATIVE_NUMBER on real report sentences (test/corpus/narrative-sentences.ts): no false alarm on
 * any of them with their tables, and exactly one warning for each number changed to disagree.
 */
import { checkTables } from '../src/report';
import { checkNarrativeNumbers } from '../src/report/narrative-numbers';
import { CORPUS, corpusReport } from './corpus/narrative-sentences';
import { sample } from './helpers';

function reportOf(entry: (typeof CORPUS)[number], text: string[]) {
  const report = corpusReport(entry, sample());
  report.narrative = ['一、总体情况', ...text].join('\n\n');
  return report;
}

describe('NARRATIVE_NUMBER on real report text', () => {
  it.each(CORPUS.map((e) => [e.source, e] as const))('no warning on %s', (_source, entry) => {
    expect(checkNarrativeNumbers(reportOf(entry, entry.text)).map((i) => i.message)).toEqual([]);
  });

  const changed = CORPUS.flatMap((entry) => (entry.changed ?? []).map(([find, replace, value]) => [`${find} → ${replace}`, entry, find, replace, value] as const));
  it.each(changed)('one warning when changed: %s', (_name, entry, find, replace, value) => {
    const text = entry.text.map((p) => p.replace(find, replace));
    expect(text.join('')).toContain(replace);
    const issues = checkNarrativeNumbers(reportOf(entry, text));
    expect(issues.map((i) => i.actual)).toEqual([value]);
  });

  it('the corpus tables are consistent (no table errors), so a warning is the narrative’s fault', () => {
    for (const entry of CORPUS) expect(checkTables(corpusReport(entry, sample()))).toEqual([]);
  });
});
