/**
 * HTML for the government website's editor: the same text and tables, the official
 * rowspan/colspan, inline styles only, no scripts, every piece of text escaped.
 */
import type { TableKey } from '../format';
import type { ReportData } from '../model';
import type { Inline, ReportDocument } from '../narrative';
import { draftNotice, printedRows } from './common';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const FONTS = {
  title: "'方正小标宋简体','方正小标宋_GBK','FZXiaoBiaoSong-B05S','宋体','SimSun',serif",
  body: "'仿宋_GB2312','仿宋','FangSong','STFangsong',serif",
  heading1: "'黑体','SimHei','Microsoft YaHei',sans-serif",
  heading2: "'楷体_GB2312','楷体','KaiTi','STKaiti',serif",
  table: "'宋体','SimSun','Songti SC',serif",
};

const BODY = `font-family:${FONTS.body};font-size:16pt;line-height:1.8;text-indent:2em;margin:0;text-align:justify`;

function runs(inlines: Inline[]): string {
  return inlines
    .map((run) => {
      const text = escapeHtml(run.text);
      if (run.lead) return `<span style="font-family:${FONTS.heading2}">${text}</span>`;
      return run.bold ? `<strong>${text}</strong>` : text;
    })
    .join('');
}

export function tableHtml(table: TableKey, report: ReportData): string {
  const { grid, rows } = printedRows(table, report);
  const border = 'border:1px solid #000;padding:4px 6px;vertical-align:middle';
  const body = rows
    .map((cells, r) => {
      const tds = cells
        .map((cell) => {
          const tag = cell.role === 'header' ? 'th' : 'td';
          const spans = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ''}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ''}`;
          const align = cell.role === 'label' ? 'left' : 'center';
          const weight = cell.role === 'header' ? 'font-weight:bold;' : '';
          return `<${tag}${spans} style="${border};text-align:${align};${weight}">${escapeHtml(cell.printed)}</${tag}>`;
        })
        .join('');
      return `<tr${r < grid.headerRows ? ' data-header="1"' : ''}>${tds}</tr>`;
    })
    .join('\n');
  return `<table style="border-collapse:collapse;width:100%;margin:12px 0;font-family:${FONTS.table};font-size:10.5pt" data-table="${table}">\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The report as an HTML fragment (for pasting) or a whole page (`standalone`). */
export function renderHtml(doc: ReportDocument, report: ReportData, options: { standalone?: boolean } = {}): string {
  const out: string[] = [];
  if (doc.draft) {
    out.push(`<p style="color:#c00000;border:2px solid #c00000;padding:6px 10px;font-size:14pt;font-weight:bold;text-align:center">${escapeHtml(draftNotice(doc.draft))}</p>`);
  }
  out.push(`<h1 style="font-family:${FONTS.title};font-size:22pt;font-weight:normal;text-align:center;line-height:1.5;margin:0 0 16px">${escapeHtml(doc.title)}</h1>`);
  for (const block of doc.blocks) {
    if (block.kind === 'table') out.push(tableHtml(block.table, report));
    else if (block.kind === 'heading' && block.level === 1) out.push(`<h2 style="font-family:${FONTS.heading1};font-size:16pt;font-weight:normal;text-indent:2em;margin:0;line-height:1.8">${runs(block.runs)}</h2>`);
    else if (block.kind === 'heading' && block.level === 2) out.push(`<h3 style="font-family:${FONTS.heading2};font-size:16pt;font-weight:normal;text-indent:2em;margin:0;line-height:1.8">${runs(block.runs)}</h3>`);
    else if (block.kind === 'heading') out.push(`<p style="${BODY};font-weight:bold">${runs(block.runs)}</p>`);
    else out.push(`<p style="${BODY}">${runs(block.runs)}</p>`);
  }
  const fragment = `<div style="max-width:900px;margin:0 auto">\n${out.join('\n')}\n</div>`;
  if (!options.standalone) return fragment;
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(doc.title)}</title>\n</head>\n<body>\n${fragment}\n</body>\n</html>\n`;
}
