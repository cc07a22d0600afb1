/**
 * What a unit sent, told by its content (the extension only names which of two look-alikes it
 * is): a Word document, a workbook, a report file, a web page — or a format nianbao does not
 * read (old .doc/.xls, WPS's own .wps/.et, PDF, RTF, a web archive), named with what to do
 * instead. Pure: looks at the first bytes and, for zip packages, at the part names.
 */

export type ReportFileKind = 'docx' | 'xlsx' | 'json' | 'html' | 'unsupported' | 'unknown';

export interface SniffedReportFile {
  kind: ReportFileKind;
  /** For `unsupported` (and `unknown`): what the file is and what to do, in Chinese. */
  message?: string;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Enough of a file to see an OLE directory or a zip's first part names. */
const HEAD = 64 * 1024;

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

function latin1(bytes: Uint8Array, length = HEAD): string {
  let out = '';
  const end = Math.min(bytes.length, length);
  for (let i = 0; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** A UTF-16LE name as it is stored in an OLE directory entry. */
function utf16(name: string): string {
  return Array.from(name, (c) => c + '\0').join('');
}

function extension(name: string | undefined): string {
  return /\.([A-Za-z0-9]+)$/.exec(name ?? '')?.[1]?.toLowerCase() ?? '';
}

/** The part names of a zip, from its local file headers and its central directory. */
function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  const scan = (signature: number[], nameLengthAt: number, headerLength: number, from: number) => {
    for (let i = from; i + headerLength <= bytes.length && names.length < 5000; i++) {
      if (!startsWith(bytes, signature, i)) continue;
      const nameLength = bytes[i + nameLengthAt] | (bytes[i + nameLengthAt + 1] << 8);
      const name = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i + headerLength, i + headerLength + nameLength));
      names.push(name);
    }
  };
  // Central directory entries (at the end of the file), else the local headers.
  scan([0x50, 0x4b, 0x01, 0x02], 28, 46, Math.max(0, bytes.length - 4 * 1024 * 1024));
  if (names.length === 0) scan(ZIP, 26, 30, 0);
  return names;
}

function oleKind(bytes: Uint8Array, name: string | undefined): SniffedReportFile {
  const head = latin1(bytes, Math.min(bytes.length, 4 * 1024 * 1024));
  const ext = extension(name);
  const wps = /W\0P\0S\0|K\0i\0n\0g\0s\0o\0f\0t\0|WPS|Kingsoft/i.test(head);
  if (head.includes(utf16('WordDocument')) || head.includes(utf16('WpsDocument'))) {
    if (ext === 'wps' || (wps && ext !== 'doc')) {
      return { kind: 'unsupported', message: '这是 WPS 文字的旧格式文件（.wps），nianbao 不能直接读取：请在 WPS 中“另存为” Word 文档（.docx）后再读取' };
    }
    return { kind: 'unsupported', message: '这是旧版 Word 文档（.doc，Word 97–2003 格式），nianbao 不能直接读取：请在 Word 或 WPS 中“另存为” Word 文档（.docx）后再读取' };
  }
  if (head.includes(utf16('Workbook')) || head.includes(utf16('Book')) || head.includes(utf16('ETDocument'))) {
    if (ext === 'et' || (wps && ext !== 'xls')) {
      return { kind: 'unsupported', message: '这是 WPS 表格的旧格式文件（.et），nianbao 不能直接读取：请在 WPS 中“另存为” Excel 工作簿（.xlsx）后再读取' };
    }
    return { kind: 'unsupported', message: '这是旧版 Excel 工作簿（.xls，Excel 97–2003 格式），nianbao 不能直接读取：请在 Excel 或 WPS 中“另存为” .xlsx 后再读取' };
  }
  return {
    kind: 'unsupported',
    message: '这是旧版 Office 格式的文件（OLE 复合文档，如 .doc、.xls、.wps、.et），nianbao 不能直接读取：请另存为 Word 文档（.docx）或 Excel 工作簿（.xlsx）后再读取',
  };
}

/** Tell what a file is by its bytes; `name` only tells .doc from .wps and .xls from .et. */
export function sniffReportFile(bytes: Uint8Array, name?: string): SniffedReportFile {
  if (bytes.length === 0) return { kind: 'unknown', message: '文件是空的（0 字节）' };
  if (startsWith(bytes, OLE)) return oleKind(bytes, name);
  const head = latin1(bytes, 1024);
  if (head.includes('%PDF-')) {
    return { kind: 'unsupported', message: '这是 PDF 文件，nianbao 不读取 PDF（其中的表格无法可靠还原）：请使用该单位报告的 Word 文件（.docx）、工作簿（.xlsx）或发布的网页（.html）' };
  }
  if (startsWith(bytes, ZIP)) {
    const names = zipNames(bytes);
    if (names.includes('word/document.xml') || names.some((n) => /^word\/document\d*\.xml$/i.test(n))) return { kind: 'docx' };
    if (names.includes('xl/workbook.xml') || names.some((n) => /^xl\/workbook\d*\.xml$/i.test(n))) return { kind: 'xlsx' };
    if (names.includes('mimetype') && /opendocument\.text/.test(latin1(bytes, 200))) {
      return { kind: 'unsupported', message: '这是 OpenDocument 文本（.odt）：请另存为 Word 文档（.docx）后再读取' };
    }
    if (names.includes('mimetype') && /opendocument\.spreadsheet/.test(latin1(bytes, 200))) {
      return { kind: 'unsupported', message: '这是 OpenDocument 表格（.ods）：请另存为 Excel 工作簿（.xlsx）后再读取' };
    }
    return { kind: 'unsupported', message: '这是一个压缩包（zip），其中没有 Word 文档或 Excel 工作簿的正文：请直接提供 .docx、.xlsx、.json 或 .html 文件' };
  }
  const text = head.replace(/^\xef\xbb\xbf/, '').replace(/^\xff\xfe|^\xfe\xff/, '').trimStart();
  if (text.startsWith('{\\rtf')) return { kind: 'unsupported', message: '这是 RTF 文档：请在 Word 或 WPS 中另存为 Word 文档（.docx）后再读取' };
  if (/^MIME-Version:/i.test(text) || /^From:.*\r?\n.*MIME-Version:/i.test(text)) {
    return { kind: 'unsupported', message: '这是网页存档（.mht/.mhtml）：请在浏览器中把网页另存为“网页，仅 HTML”（.html）后再读取' };
  }
  if (text.startsWith('{') || text.startsWith('[')) return { kind: 'json' };
  if (/^<(!doctype\s+html|html|head|body|meta|table|div|p|!--)/i.test(text) || /<html[\s>]/i.test(head)) return { kind: 'html' };
  if (text.startsWith('<?xml') && /<w:document|<pkg:package/.test(latin1(bytes, 8192))) {
    return { kind: 'unsupported', message: '这是 Word 的“XML 文档”（.xml）格式：请另存为 Word 文档（.docx）后再读取' };
  }
  return { kind: 'unknown', message: '无法识别的文件格式：请提供 Word 文档（.docx）、Excel 工作簿（.xlsx）、年报数据文件（.json）或年报网页（.html）' };
}
