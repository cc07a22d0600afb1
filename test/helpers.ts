import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { CellValue, Issue, ReportData } from '../src/report';
import type { TableKey } from '../src/report/format';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const SAMPLE_JSON = path.join(FIXTURES, 'xian-2023.json');

/** A fresh deep copy of the sample report (海原县西安镇 2023). */
export function sample(): ReportData {
  return JSON.parse(readFileSync(SAMPLE_JSON, 'utf8')) as ReportData;
}

/** The sample with one cell set to `value`. */
export function mutate(table: TableKey, row: string, column: string, value: CellValue, report: ReportData = sample()): ReportData {
  report[table]![row]![column] = value;
  return report;
}

/** The issues reduced to what identifies them, for exact comparison. */
export function brief(issues: Issue[]): string[] {
  return issues.map((i) => `${i.rule} ${i.severity} ${i.table} ${i.row ?? '-'} ${i.column ?? '-'}`);
}

/** Deliveries that keep what the pane downloaded and copied (the browser's are in deliveries.ts). */
export function recordingDeliveries(options: { downloads?: boolean; copies?: boolean } = {}) {
  const downloads: { name: string; mime: string; data: Uint8Array | string }[] = [];
  const copies: { html: string | null; text: string }[] = [];
  return {
    downloads,
    copies,
    deliveries: {
      downloads: options.downloads ?? true,
      async download(name: string, mime: string, data: Uint8Array | string) {
        downloads.push({ name, mime, data });
      },
      copy(html: string | null, text: string) {
        if (options.copies === false) return false;
        copies.push({ html, text });
        return true;
      },
    },
  };
}

/** Every file under `dir` (recursively) whose name matches `pattern`. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, pattern) : pattern.test(entry.name) ? [full] : [];
  });
}
