/**
 * Word (.docx) following GB/T 9704-2012 《党政机关公文格式》: A4, margins 37/35/28/26 mm,
 * 22 lines × 28 characters, title 2号小标宋, body 3号仿宋 with a 2-character first-line
 * indent, headings 黑体 / 楷体 / 仿宋 bold, page numbers "— N —" in 4号宋体 alternating
 * right/left, the three tables with the official merged cells and repeated header rows.
 *
 * Fonts are named as on Chinese government PCs; the font table gives each the face that
 * Windows and WPS ship as its fallback (仿宋_GB2312 → 仿宋 …).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { TableKey } from '../format';
import type { ReportData } from '../model';
import type { Inline, ReportDocument } from '../narrative';
import { draftNotice, printedRows } from './common';
import { xmlSafe } from '../xml-text';

/** Twentieths of a point per millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

/** GB/T 9704-2012 page geometry (mm). */
export const PAGE = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26, lines: 22, chars: 28 };

/** Font sizes in points: 2号 22, 3号 16, 4号 14, table 10.5 (五号). */
const SIZE = { title: 22, body: 16, pageNumber: 14, table: 10.5 };

/** Official face → the face Windows and WPS ship, written as the font table's altName. */
export const FONT_FALLBACKS: Record<string, string> = {
  方正小标宋简体: '宋体',
  仿宋_GB2312: '仿宋',
  楷体_GB2312: '楷体',
  黑体: 'SimHei',
  宋体: 'SimSun',
};

const FACE = { title: '方正小标宋简体', body: '仿宋_GB2312', heading1: '黑体', heading2: '楷体_GB2312', number: '宋体', table: '宋体' };

function font(face: string) {
  return { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: face, cs: 'Times New Roman' };
}

const halfPoints = (pt: number) => Math.round(pt * 2);

/** Exact line pitch so that 22 lines fill the 225 mm text block. */
const LINE_PITCH = Math.round(mm(PAGE.height - PAGE.top - PAGE.bottom) / PAGE.lines);
/**
 * Character spacing (twentieths of a point) that fits 28 body characters on the 156 mm line:
 * 156 mm / 28 = 15.79 pt a character against 16 pt glyphs. Set on the runs rather than through a
 * character grid, which Word, WPS and LibreOffice each lay out differently.
 */
const CHAR_PITCH_PT = ((PAGE.width - PAGE.left - PAGE.right) / PAGE.chars / 25.4) * 72;
export const BODY_CHARACTER_SPACING = Math.floor((CHAR_PITCH_PT - SIZE.body) * 20) - 1;

function textRuns(inlines: Inline[], face: string, bold = false): TextRun[] {
  return inlines.map(
    (run) =>
      new TextRun({
        text: xmlSafe(run.text),
        font: font(run.lead ? FACE.heading2 : face),
        size: halfPoints(SIZE.body),
        bold: bold || run.bold === true,
        characterSpacing: BODY_CHARACTER_SPACING,
      }),
  );
}

function bodyParagraph(children: TextRun[], options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    children,
    // A heading stays on the page of what it heads (and is never split itself).
    ...(options.keepNext ? { keepNext: true, keepLines: true } : {}),
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent === false ? undefined : { firstLineChars: 200, firstLine: mm(11.2) },
    spacing: { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
  });
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };

/** Column widths (mm) of each table across the 156 mm text block. */
const TABLE_COLUMNS_MM: Record<TableKey, number[]> = {
  table2: [54, 34, 34, 34],
  table3: [12, 20, 47, 11, 11, 11, 11, 11, 11, 11],
  table4: Array.from({ length: 15 }, () => 10.4),
};

/** Table line height: 10.5 pt text on 15 pt lines. */
const TABLE_LINE = 300;

function tableBlock(table: TableKey, report: ReportData): Table {
  const { grid, rows } = printedRows(table, report);
  const widths = TABLE_COLUMNS_MM[table].map(mm);
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: BORDERS,
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r < grid.headerRows,
          cantSplit: true,
          children: cells.map(
            (cell) =>
              new TableCell({
                rowSpan: cell.rowSpan,
                columnSpan: cell.colSpan,
                verticalAlign: VerticalAlign.CENTER,
                width: { size: widths.slice(cell.col, cell.col + cell.colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
                margins: { left: 60, right: 60, top: 30, bottom: 30 },
                children: [
                  new Paragraph({
                    alignment: cell.role === 'label' ? AlignmentType.LEFT : AlignmentType.CENTER,
                    // Exact, so that table lines do not snap to the 22-line body grid.
                    spacing: { line: TABLE_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
                    children: [new TextRun({ text: xmlSafe(cell.printed), font: font(FACE.table), size: halfPoints(SIZE.table), bold: cell.role === 'header' })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

function pageNumberFooter(side: 'right' | 'left'): Footer {
  const oneChar = Math.round(SIZE.pageNumber * 20);
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: oneChar } : { left: oneChar },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FACE.number), size: halfPoints(SIZE.pageNumber) })],
      }),
    ],
  });
}

function draftHeader(reason: string): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: `【${draftNotice(reason)}】`, font: font(FACE.heading1), size: halfPoints(12), color: 'C00000', bold: true })],
      }),
    ],
  });
}

/** The font table: every face used, each with the fallback Windows and WPS ship. */
export function fontTableXml(): string {
  const fonts = Object.entries(FONT_FALLBACKS)
    .map(([name, alt]) => `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts +
    '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
    '</w:fonts>'
  );
}

export function buildDocx(doc: ReportDocument, report: ReportData): Document {
  const children: (Paragraph | Table)[] = [];
  if (doc.draft) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: draftNotice(doc.draft), font: font(FACE.heading1), size: halfPoints(SIZE.body), color: 'C00000', bold: true })],
      }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 720, lineRule: LineRuleType.EXACT, after: LINE_PITCH },
      children: [new TextRun({ text: xmlSafe(doc.title), font: font(FACE.title), size: halfPoints(SIZE.title) })],
    }),
  );
  for (const block of doc.blocks) {
    if (block.kind === 'table') {
      children.push(tableBlock(block.table, report), bodyParagraph([], { indent: false }));
    } else if (block.kind === 'heading') {
      const face = block.level === 1 ? FACE.heading1 : block.level === 2 ? FACE.heading2 : FACE.body;
      children.push(bodyParagraph(textRuns(block.runs, face, block.level === 3), { align: AlignmentType.LEFT, keepNext: true }));
    } else {
      children.push(bodyParagraph(textRuns(block.runs, FACE.body)));
    }
  }
  return new Document({
    creator: 'nianbao',
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FACE.body), size: halfPoints(SIZE.body), language: { value: 'en-US', eastAsia: 'zh-CN' } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(PAGE.width), height: mm(PAGE.height) },
            margin: { top: mm(PAGE.top), bottom: mm(PAGE.bottom), left: mm(PAGE.left), right: mm(PAGE.right), header: mm(15), footer: mm(PAGE.bottom - 7 - 6), gutter: 0 },
          },
          // No document grid: exact line spacing gives the 22 lines, and a grid would snap table lines to it.
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        ...(doc.draft ? { headers: { default: draftHeader(doc.draft), even: draftHeader(doc.draft) } } : {}),
        children,
      },
    ],
  });
}

/** The .docx bytes (works in Node and in the browser). */
export async function renderDocx(doc: ReportDocument, report: ReportData): Promise<Uint8Array> {
  const overrides = [{ path: 'word/fontTable.xml', data: fontTableXml() }];
  const buffer = await Packer.toArrayBuffer(buildDocx(doc, report), false, overrides);
  return new Uint8Array(buffer);
}
