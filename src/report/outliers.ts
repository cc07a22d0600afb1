/**
 * Figures a human should look at twice, never errors: a count that grew or fell more than
 * tenfold since last year (`YEAR_OUTLIER`), a unit reporting 0 where its peers in a county's
 * summary report hundreds (`PEER_OUTLIER`). Both are `info`. Pure.
 */
import { judgeCell } from './cell-value';
import { cellWhere } from './checks';
import { TABLES, cellId, rowColumns } from './format';
import { cellValue, type Issue, type ReportData } from './model';

/** A change beyond this factor (with 1 as the floor of the smaller figure) is shown. */
export const YEAR_FACTOR = 10;
/** A unit's 0 is shown when the median of its peers is at least this. */
export const PEER_LEVEL = 100;
/** Peers needed before a 0 is compared with them. */
export const PEER_MIN = 3;

function number(report: ReportData, table: (typeof TABLES)[number], row: string, column: (typeof TABLES)[number]['columns'][number]): number | null {
  const verdict = judgeCell(cellValue(report, table.key, row, column.key), column.kind);
  return verdict.ok ? verdict.value : null;
}

const shown = (n: number) => String(Math.round(n * 1e6) / 1e6);

/**
 * Cells whose figure grew or fell more than tenfold against last year's report: every cell
 * both reports hold as valid numbers (a 上年数据 sheet holds only some), 0 counted as 1.
 */
export function yearOutliers(report: ReportData, previous: ReportData, addresses?: ReadonlyMap<string, string>): Issue[] {
  const issues: Issue[] = [];
  for (const table of TABLES) {
    for (const row of table.rows) {
      for (const column of rowColumns(table, row)) {
        const now = number(report, table, row.key, column);
        const before = number(previous, table, row.key, column);
        if (now === null || before === null) continue;
        const [small, big] = now < before ? [now, before] : [before, now];
        if (big <= YEAR_FACTOR * Math.max(small, 1)) continue;
        const address = addresses?.get(cellId(table.key, row.key, column.key));
        issues.push({
          rule: 'YEAR_OUTLIER',
          severity: 'info',
          table: table.key,
          row: row.key,
          column: column.key,
          cells: address ? [address] : [],
          expected: before,
          actual: now,
          message: `${cellWhere(table, row, column)}：本年 ${shown(now)}，上年 ${shown(before)}，${now > before ? '增加' : '减少'}超过 ${YEAR_FACTOR} 倍；请确认没有填错（如单位、行列）`,
        });
      }
    }
  }
  return issues;
}

export interface PeerOutlier {
  /** Index of the unit in the input. */
  unit: number;
  issue: Issue;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Units with 0 in a cell where the median of the other units (at least three with a valid
 * figure) is in the hundreds: maybe a blank taken as 0, a row or a column missed.
 */
export function peerOutliers(units: readonly { name: string; report: ReportData }[]): PeerOutlier[] {
  const out: PeerOutlier[] = [];
  for (const table of TABLES) {
    for (const row of table.rows) {
      for (const column of rowColumns(table, row)) {
        const values = units.map((u) => number(u.report, table, row.key, column));
        values.forEach((value, i) => {
          if (value !== 0) return;
          const peers = values.filter((v, k): v is number => k !== i && v !== null);
          if (peers.length < PEER_MIN) return;
          const level = median(peers);
          if (level < PEER_LEVEL) return;
          out.push({
            unit: i,
            issue: {
              rule: 'PEER_OUTLIER',
              severity: 'info',
              table: table.key,
              row: row.key,
              column: column.key,
              cells: [],
              expected: level,
              actual: 0,
              message: `${cellWhere(table, row, column)}：${units[i].name}为 0，而其他 ${peers.length} 个单位的中位数为 ${shown(level)}；请确认没有漏填`,
            },
          });
        });
      }
    }
  }
  return out;
}
