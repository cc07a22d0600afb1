/**
 * The checker page: choose or drop report files, see each file's issues grouped like the task
 * pane, download the exports, the summed workbook and the blank template. All workbook text is
 * rendered as React text (escaped), never as HTML.
 */
import * as React from 'react';
import { Button, FluentProvider, Input, MessageBar, MessageBarBody, Spinner, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { SEVERITY_BADGE_STYLES } from '../taskpane/severity-styles';
import { SEVERITY_LABEL, type ReportData } from '../report/model';
import type { Deliveries } from '../taskpane/controller';
import { describeCells } from '../workbook/address';
import { readReportFile } from '../workbook/read-file';
import { HELP } from './help';
import {
  blankTemplate,
  checkChosen,
  exportReport,
  flawedUnits,
  mergeWorkbook,
  overallLine,
  readChosen,
  summaryLine,
  type CheckedFile,
  type Download,
  type ExportKind,
  type PickedFile,
} from './session';

const useStyles = makeStyles({
  page: { maxWidth: '1240px', margin: '0 auto', padding: '16px 20px 40px', boxSizing: 'border-box' },
  header: { display: 'flex', alignItems: 'baseline', flexWrap: 'wrap', gap: '4px 16px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: '10px' },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  subtitle: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, margin: 0 },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) 320px',
    gap: '20px',
    marginTop: '14px',
    '@media (max-width: 900px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  main: { display: 'flex', flexDirection: 'column', gap: '12px', minWidth: 0 },
  drop: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: '8px 14px',
    padding: '14px 16px',
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    fontSize: tokens.fontSizeBase300,
  },
  dropCompact: { padding: '8px 12px' },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  row: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: '8px', fontSize: tokens.fontSizeBase300 },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  overall: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  fileList: { display: 'flex', flexDirection: 'column', gap: '6px' },
  file: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1 },
  fileHead: { display: 'flex', alignItems: 'center', gap: '4px 10px', padding: '3px 10px', flexWrap: 'wrap' },
  toggle: {
    flex: '1 1 300px',
    minWidth: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: '2px 12px',
    padding: '3px 0',
    border: 'none',
    background: 'none',
    cursor: 'pointer',
    textAlign: 'left',
    font: 'inherit',
    color: 'inherit',
  },
  fileName: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  summaryError: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  summaryOk: { color: tokens.colorPaletteGreenForeground1, fontSize: tokens.fontSizeBase200 },
  summaryWarn: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  body: { padding: '0 12px 10px', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  groupTitle: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2, margin: '10px 0 4px' },
  issues: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  issue: {
    padding: '5px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  cell: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold, marginLeft: '6px' },
  rule: { color: tokens.colorNeutralForeground4, marginLeft: '6px', fontSize: tokens.fontSizeBase100 },
  ...SEVERITY_BADGE_STYLES,
  note: { fontSize: tokens.fontSizeBase200, margin: '8px 0 0', color: tokens.colorNeutralForeground2 },
  passed: { margin: '8px 0 0', fontSize: tokens.fontSizeBase200, color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  aside: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase300, color: tokens.colorNeutralForeground2 },
  helpTitle: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: '12px 0 4px', color: tokens.colorNeutralForeground1 },
  helpP: { margin: '0 0 6px' },
  helpList: { margin: '0 0 6px', paddingLeft: '16px' },
  confirm: { padding: '10px', border: `2px solid ${tokens.colorBrandStroke1}`, borderRadius: tokens.borderRadiusMedium, fontSize: tokens.fontSizeBase300 },
});

/** The files the user chose or dropped, read into memory. */
async function picked(files: FileList | File[]): Promise<PickedFile[]> {
  return Promise.all(Array.from(files).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

const ACCEPT = '.xlsx,.xlsm,.json,.html,.htm,.docx,.xls,.et';
/** Above this many files the cards start folded: the summary lines fit on one screen. */
const OPEN_UP_TO = 3;

interface Previous {
  name: string;
  report: ReportData;
}

function SummaryText({ file }: { file: CheckedFile }): React.JSX.Element {
  const styles = useStyles();
  const cls = file.error !== null || file.counts.error > 0 ? styles.summaryError : file.issues.length > 0 ? styles.summaryWarn : styles.summaryOk;
  return (
    <span className={cls} data-testid="file-summary">
      {summaryLine(file)}
    </span>
  );
}

function FileCard({ file, open, onToggle, onExport, busy }: { file: CheckedFile; open: boolean; onToggle(): void; onExport(kind: ExportKind): void; busy: boolean }): React.JSX.Element {
  const styles = useStyles();
  const draft = file.counts.error > 0 ? '草稿' : '';
  const bodyId = `file-${file.id}`;
  return (
    <section className={styles.file} aria-label={file.name} data-testid="file">
      <div className={styles.fileHead}>
        <button type="button" className={styles.toggle} aria-expanded={open} aria-controls={bodyId} onClick={onToggle} title={open ? '收起' : '展开'}>
          <span className={styles.fileName}>
            {open ? '▾' : '▸'} {file.name}
          </span>
          <SummaryText file={file} />
        </button>
        {file.read && (
          <div className={styles.actions} role="group" aria-label={`导出“${file.name}”`}>
            <Button size="small" disabled={busy} onClick={() => onExport('docx')} title={draft ? '有错误：导出的报告每页标明“草稿”' : 'GB/T 9704 公文格式'}>
              下载 Word{draft && `（${draft}）`}
            </Button>
            <Button size="small" appearance="subtle" disabled={busy} onClick={() => onExport('html')}>
              网页
            </Button>
            <Button size="small" appearance="subtle" disabled={busy} onClick={() => onExport('text')}>
              纯文本
            </Button>
          </div>
        )}
      </div>
      {open && file.error === null && (
        <div className={styles.body} id={bodyId}>
          {file.recognized && <p className={styles.note}>工作簿中没有年报模板的名称，已按表格标签识别：{file.recognized.join('；')}。</p>}
          {file.notes.map((note) => (
            <p key={note} className={styles.note}>
              {note}
            </p>
          ))}
          {file.issues.length === 0 && <p className={styles.passed}>✓ 全部通过：各表数字、勾稽关系和正文都没有发现问题。</p>}
          {file.groups.map((group) => (
            <div key={group.key}>
              <h3 className={styles.groupTitle}>
                {group.title}（{group.issues.length}）
              </h3>
              <ul className={styles.issues}>
                {group.issues.map((issue, i) => (
                  <li key={i} className={styles.issue} data-rule={issue.rule} data-severity={issue.severity}>
                    <span className={`${styles.badge} ${styles[issue.severity]}`}>{SEVERITY_LABEL[issue.severity]}</span>
                    {issue.cells.length > 0 && (
                      <span className={styles.cell} data-testid="issue-cells">
                        {describeCells(issue.cells)}
                      </span>
                    )}
                    <span className={styles.rule}>{issue.rule}</span>
                    <div>{issue.message}</div>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function Help(): React.JSX.Element {
  const styles = useStyles();
  return (
    <aside className={styles.aside} aria-label="使用说明">
      {HELP.map((section) => (
        <section key={section.title}>
          <h2 className={styles.helpTitle}>{section.title}</h2>
          {section.paragraphs.map((p) => (
            <p key={p} className={styles.helpP}>
              {p}
            </p>
          ))}
          {section.items && (
            <ul className={styles.helpList}>
              {section.items.map(([what, todo]) => (
                <li key={what}>
                  <strong>{what}</strong>：{todo}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </aside>
  );
}

export interface CheckerAppProps {
  deliveries: Pick<Deliveries, 'download'>;
}

export function CheckerApp({ deliveries }: CheckerAppProps): React.JSX.Element {
  const styles = useStyles();
  const [files, setFiles] = React.useState<CheckedFile[]>([]);
  const [previous, setPrevious] = React.useState<Previous | null>(null);
  const [reading, setReading] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<{ kind: 'success' | 'warning' | 'error'; text: string } | null>(null);
  const [opened, setOpened] = React.useState<Map<number, boolean>>(new Map());
  const [dragging, setDragging] = React.useState(false);
  const [agency, setAgency] = React.useState('');
  const [confirmMerge, setConfirmMerge] = React.useState(false);
  const filesInput = React.useRef<HTMLInputElement>(null);
  const previousInput = React.useRef<HTMLInputElement>(null);
  const previousRef = React.useRef<Previous | null>(null);
  previousRef.current = previous;

  const deliver = async (label: string, make: () => Promise<Download>) => {
    setBusy(label);
    setNotice(null);
    try {
      const download = await make();
      await deliveries.download(download.fileName, download.mime, download.data);
      setNotice({ kind: /草稿/.test(download.fileName) ? 'warning' : 'success', text: `已生成“${download.fileName}”，请在浏览器的下载中查看。` });
    } catch (error) {
      setNotice({ kind: 'error', text: `未能生成文件：${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(null);
    }
  };

  /** Read the chosen files one by one; each appears when it is checked. */
  const add = async (list: FileList | File[]) => {
    const chosen = await picked(list);
    setNotice(null);
    setConfirmMerge(false);
    for (const file of chosen) {
      setReading(file.name);
      const checked = checkChosen(await readChosen(file), previousRef.current?.report);
      setFiles((current) => [...current, checked]);
    }
    setReading(null);
  };

  const choosePrevious = async (list: FileList) => {
    const [file] = await picked(list);
    setReading(file.name);
    setNotice(null);
    try {
      const read = await readReportFile(file);
      const next = { name: file.name, report: read.report };
      setPrevious(next);
      setFiles((current) => current.map((f) => checkChosen(f, next.report)));
    } catch (error) {
      setNotice({ kind: 'error', text: `上年报告“${file.name}”无法读取：${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setReading(null);
    }
  };

  const clearPrevious = () => {
    setPrevious(null);
    setFiles((current) => current.map((f) => checkChosen(f)));
  };

  const isOpen = (file: CheckedFile) => opened.get(file.id) ?? files.length <= OPEN_UP_TO;
  const toggle = (file: CheckedFile) => setOpened(new Map(opened).set(file.id, !isOpen(file)));
  const setAll = (open: boolean) => setOpened(new Map(files.map((f) => [f.id, open])));

  const readable = files.filter((f) => f.read);
  const flawed = flawedUnits(files);
  const idle = busy === null && reading === null;
  const merge = () => deliver('汇总', () => mergeWorkbook(files, agency));

  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.page}>
        <header className={styles.header}>
          <h1 className={styles.title}>政府信息公开工作年度报告 · 校验</h1>
          <p className={styles.subtitle}>国办公开办函〔2021〕30号格式 · 在本机浏览器中检查，文件不会上传</p>
        </header>
        <div className={styles.layout}>
          <main className={styles.main} aria-busy={!idle}>
            <div
              className={`${styles.drop} ${files.length > 0 ? styles.dropCompact : ''} ${dragging ? styles.dropActive : ''}`}
              data-testid="drop"
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                if (e.dataTransfer.files.length > 0) void add(e.dataTransfer.files);
              }}
            >
              <Button appearance="primary" disabled={reading !== null} onClick={() => filesInput.current?.click()}>
                选择文件
              </Button>
              <span>
                {files.length > 0
                  ? '或把更多文件拖到这里。'
                  : '或把文件拖到这里：年报工作簿（.xlsx，Excel、WPS、LibreOffice 保存的均可）、数据文件（.json）、保存的年报网页（.html），可多选。'}
              </span>
            </div>
            <input
              ref={filesInput}
              type="file"
              accept={ACCEPT}
              multiple
              hidden
              data-testid="files"
              onChange={(e) => {
                const list = e.target.files;
                if (list && list.length > 0) void add(Array.from(list));
                e.target.value = '';
              }}
            />

            <div className={styles.row}>
              <span>上年报告（可选，用于跨年度核对）：</span>
              {previous ? (
                <>
                  <strong data-testid="previous-name">{previous.name}</strong>
                  <span className={styles.muted}>{previous.report.year ? `${previous.report.year} 年` : ''}</span>
                  <Button size="small" appearance="subtle" disabled={!idle} onClick={clearPrevious}>
                    移除
                  </Button>
                </>
              ) : (
                <Button size="small" disabled={!idle} onClick={() => previousInput.current?.click()}>
                  选择上年报告
                </Button>
              )}
              <input
                ref={previousInput}
                type="file"
                accept=".xlsx,.xlsm,.json,.html,.htm"
                hidden
                data-testid="previous-file"
                onChange={(e) => {
                  const list = e.target.files;
                  if (list && list.length > 0) void choosePrevious(list);
                  e.target.value = '';
                }}
              />
            </div>

            <div className={styles.row}>
              <Button size="small" disabled={!idle} onClick={() => deliver('下载模板', blankTemplate)}>
                下载空白模板（.xlsx）
              </Button>
              {readable.length >= 2 && (
                <>
                  <Input size="small" value={agency} onChange={(_, d) => setAgency(d.value)} placeholder="汇总单位名称（可选）" aria-label="汇总单位名称" />
                  <Button size="small" disabled={!idle} onClick={() => (flawed.length > 0 || files.length > readable.length ? setConfirmMerge(true) : void merge())}>
                    下载汇总工作簿（{readable.length} 个单位）
                  </Button>
                </>
              )}
              {files.length > 0 && (
                <>
                  <Button size="small" appearance="subtle" disabled={!idle} onClick={() => setAll(true)}>
                    全部展开
                  </Button>
                  <Button size="small" appearance="subtle" disabled={!idle} onClick={() => setAll(false)}>
                    全部收起
                  </Button>
                  <Button
                    size="small"
                    appearance="subtle"
                    disabled={!idle}
                    onClick={() => {
                      setFiles([]);
                      setOpened(new Map());
                      setNotice(null);
                      setConfirmMerge(false);
                    }}
                  >
                    清空
                  </Button>
                </>
              )}
            </div>

            {confirmMerge && (
              <section className={styles.confirm} role="alertdialog" aria-label="汇总前请确认">
                {flawed.length > 0 && <div>以下 {flawed.length} 个单位的报告有错误。仍要汇总吗？这些单位的无效单元格按 0 计，汇总工作簿的“汇总单位”表会列出它们的问题。</div>}
                <ul className={styles.helpList}>
                  {flawed.slice(0, 10).map((f) => (
                    <li key={f.id}>
                      {f.read?.report.agency || f.name}：{f.counts.error} 个错误
                    </li>
                  ))}
                </ul>
                {files.length > readable.length && <div className={styles.muted}>无法读取的 {files.length - readable.length} 个文件不计入汇总。</div>}
                <div className={styles.row}>
                  <Button
                    appearance="primary"
                    onClick={() => {
                      setConfirmMerge(false);
                      void merge();
                    }}
                  >
                    仍然汇总
                  </Button>
                  <Button onClick={() => setConfirmMerge(false)}>取消</Button>
                </div>
              </section>
            )}

            {(reading || busy) && <Spinner size="tiny" label={reading ? `正在读取“${reading}”…` : `正在${busy}…`} />}
            {notice && (
              <MessageBar intent={notice.kind} role="status">
                <MessageBarBody>{notice.text}</MessageBarBody>
              </MessageBar>
            )}

            {files.length > 0 && (
              <div className={styles.overall} role="status" data-testid="overall">
                {overallLine(files)}
              </div>
            )}
            {files.length === 0 && !reading && <p className={styles.muted}>还没有选择文件。没有模板时，先点“下载空白模板”，填写后再选择它。</p>}

            <div className={styles.fileList}>
            {files.map((file) => (
              <FileCard
                key={file.id}
                file={file}
                open={isOpen(file)}
                onToggle={() => toggle(file)}
                busy={!idle}
                onExport={(kind) => deliver('导出', () => exportReport(file, kind))}
              />
            ))}
            </div>
          </main>
          <Help />
        </div>
      </div>
    </FluentProvider>
  );
}
