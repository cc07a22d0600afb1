/**
 * The task pane (320–350 px): 创建模板 / 校验 / 清除标记 / 导出报告, the issues grouped by table
 * and severity, a click selects an issue's cells. All text the user reads is Chinese; all
 * workbook text is rendered as React text (escaped), never as HTML.
 */
import * as React from 'react';
import { Button, FluentProvider, MessageBar, MessageBarBody, Spinner, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { SEVERITY_BADGE_STYLES } from './severity-styles';
import type { Issue } from '../report/model';
import { SEVERITY_LABEL } from '../report/model';
import { describeCells } from '../workbook/address';
import { describeError, TaskpaneController, type Deliveries, type Notice, type PickedFile, type PreparedCopy, type Question, type ValidationView } from './controller';
import type { OfficeJsWorkbook } from '../workbook/officejs';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '10px', padding: '12px', minWidth: '300px', maxWidth: '350px', boxSizing: 'border-box' },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  subtitle: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, margin: 0 },
  buttons: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '8px' },
  summary: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  passed: { padding: '12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  group: { display: 'flex', flexDirection: 'column', gap: '4px' },
  groupTitle: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2, margin: '6px 0 0' },
  issue: {
    display: 'block',
    width: '100%',
    textAlign: 'left',
    padding: '6px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: 'pointer',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  cell: { color: tokens.colorNeutralForeground3, marginLeft: '6px' },
  details: { margin: '8px 0 0', paddingLeft: '18px', fontSize: tokens.fontSizeBase200 },
  exports: { display: 'flex', flexDirection: 'column', gap: '4px', padding: '6px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  question: {
    padding: '10px',
    border: `2px solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontSize: tokens.fontSizeBase300,
  },
  questionTitle: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '0 0 6px' },
  questionActions: { display: 'flex', gap: '8px', marginTop: '10px' },
  ...SEVERITY_BADGE_STYLES,
});

/** The view without one issue (after its correction was made). */
function withoutIssue(view: ValidationView, issue: Issue): ValidationView {
  const issues = view.issues.filter((i) => i !== issue);
  const groups = view.groups.map((g) => ({ ...g, issues: g.issues.filter((i) => i !== issue) })).filter((g) => g.issues.length > 0);
  return { ...view, issues, groups, counts: { ...view.counts, [issue.severity]: view.counts[issue.severity] - 1 } };
}

/** The files the user picked, read into memory. */
async function picked(files: FileList): Promise<PickedFile[]> {
  return Promise.all(Array.from(files).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

interface Pending {
  question: Question;
  resolve: (answer: boolean) => void;
}

export interface AppProps {
  port: OfficeJsWorkbook;
  deliveries: Deliveries;
}

export function App({ port, deliveries }: AppProps): React.JSX.Element {
  const styles = useStyles();
  const [busy, setBusy] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<Notice | null>(null);
  const [view, setView] = React.useState<ValidationView | null>(null);
  const [pending, setPending] = React.useState<Pending | null>(null);
  const [exportsOpen, setExportsOpen] = React.useState(false);
  const [copyReady, setCopyReady] = React.useState<PreparedCopy | null>(null);
  /** After 校验: true when edits re-check by themselves, false when Excel cannot tell the pane (results may go stale). */
  const [live, setLive] = React.useState<boolean | null>(null);
  /** The issue whose repeated passages (NARRATIVE_REPEAT) are shown. */
  const [passagesOf, setPassagesOf] = React.useState<Issue | null>(null);
  const previousInput = React.useRef<HTMLInputElement>(null);
  const unitsInput = React.useRef<HTMLInputElement>(null);

  const controller = React.useMemo(
    () => new TaskpaneController(port, (question) => new Promise<boolean>((resolve) => setPending({ question, resolve })), deliveries),
    [port, deliveries],
  );
  const notes = React.useMemo(() => [...controller.capabilityNotes(), ...controller.deliveryNotes()], [controller]);
  const usable = port.capabilities.core;

  // When the pane opens: what kind of workbook this is, and what to do first.
  React.useEffect(() => {
    if (!usable) return;
    let live = true;
    controller
      .start()
      .then((first) => live && setNotice((current) => current ?? first))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [controller, usable]);

  const act = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setNotice({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(null);
    }
  };

  const answer = (value: boolean) => {
    pending?.resolve(value);
    setPending(null);
  };

  const exportWith = (run: () => Promise<Notice | null>) => () =>
    act('导出', async () => {
      setExportsOpen(false);
      const result = await run();
      if (result) setNotice(result);
    });
  // The clipboard needs a click of its own: prepare first, then “复制到剪贴板” copies at once.
  const prepareCopy = () =>
    act('准备复制', async () => {
      setExportsOpen(false);
      setCopyReady(await controller.prepareCopy());
    });
  const copyNow = () => {
    if (!copyReady) return;
    setNotice(controller.copyPrepared(copyReady));
    setCopyReady(null);
  };
  const idle = usable && busy === null && pending === null;

  const select = (issue: Issue) =>
    act('定位', async () => {
      if (issue.passages && issue.passages.length > 0) setPassagesOf((shown) => (shown === issue ? null : issue));
      if (issue.cells.length === 0) {
        setNotice({ kind: 'info', text: '这个问题没有对应的单元格（例如名称或工作表已被删除）。' });
        return;
      }
      await controller.select(issue);
    });

  return (
    <FluentProvider theme={webLightTheme}>
      <main className={styles.root} aria-busy={busy !== null}>
        <header>
          <h1 className={styles.title}>政府信息公开工作年度报告</h1>
          <p className={styles.subtitle}>国办公开办函〔2021〕30号格式</p>
        </header>

        {notes.map((note) => (
          <MessageBar key={note} intent={usable ? 'warning' : 'error'}>
            <MessageBarBody>{note}</MessageBarBody>
          </MessageBar>
        ))}

        <div className={styles.buttons}>
          <Button appearance="secondary" disabled={!idle} onClick={() => act('创建模板', async () => setNotice(await controller.createTemplate()))}>
            创建模板
          </Button>
          <Button
            appearance="primary"
            disabled={!idle}
            onClick={() =>
              act('校验', async () => {
                setView(await controller.validate());
                setLive(await controller.watch(setView, (error) => setNotice({ kind: 'error', text: describeError(error) })));
              })
            }
          >
            校验
          </Button>
          <Button appearance="secondary" disabled={!idle} onClick={() => act('清除标记', async () => setNotice(await controller.clearMarks()))}>
            清除标记
          </Button>
          <Button appearance="secondary" disabled={!idle} aria-expanded={exportsOpen} onClick={() => setExportsOpen(!exportsOpen)}>
            导出报告
          </Button>
          <Button appearance="secondary" disabled={!idle} onClick={() => previousInput.current?.click()} title="选择上年的工作簿、数据文件或保存的年报网页">
            导入上年数据
          </Button>
          <Button appearance="secondary" disabled={!idle} onClick={() => unitsInput.current?.click()} title="选择多个单位的工作簿或数据文件，逐格相加">
            汇总各单位
          </Button>
        </div>
        <input
          ref={previousInput}
          type="file"
          accept=".xlsx,.json,.html,.htm,.docx"
          hidden
          data-testid="previous-file"
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length > 0) act('导入上年数据', async () => setNotice(await controller.importPrevious((await picked(files))[0])));
            e.target.value = '';
          }}
        />
        <input
          ref={unitsInput}
          type="file"
          accept=".xlsx,.json,.docx"
          multiple
          hidden
          data-testid="units-files"
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length > 0) act('汇总', async () => setNotice(await controller.mergeUnits(await picked(files))));
            e.target.value = '';
          }}
        />

        {exportsOpen && (
          <div className={styles.exports} role="group" aria-label="导出方式">
            {deliveries.downloads && (
              <Button appearance="subtle" disabled={!idle} onClick={exportWith(() => controller.exportWord())}>
                下载 Word（公文格式）
              </Button>
            )}
            <Button appearance="subtle" disabled={!idle} onClick={prepareCopy}>
              复制报告（网页格式和纯文本）
            </Button>
            {deliveries.downloads && (
              <Button appearance="subtle" disabled={!idle} onClick={exportWith(() => controller.exportHtmlFile())}>
                下载网页文件（.html）
              </Button>
            )}
            <Button appearance="subtle" disabled={!idle} onClick={exportWith(() => controller.writeReportSheet())}>
              写入“报告”工作表
            </Button>
          </div>
        )}

        {pending && (
          <section className={styles.question} role="alertdialog" aria-labelledby="question-title" aria-describedby="question-body">
            <h2 id="question-title" className={styles.questionTitle}>
              {pending.question.title}
            </h2>
            <div id="question-body">{pending.question.body}</div>
            {pending.question.details && pending.question.details.length > 0 && (
              <ul className={styles.details}>
                {pending.question.details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <div className={styles.questionActions}>
              <Button appearance="primary" onClick={() => answer(true)}>
                {pending.question.confirm}
              </Button>
              <Button appearance="secondary" onClick={() => answer(false)}>
                {pending.question.cancel}
              </Button>
            </div>
          </section>
        )}

        {copyReady && (
          <section className={styles.question} aria-label="复制报告">
            <div>报告已准备好{copyReady.draft ? '（草稿）' : ''}。点下面的按钮复制到剪贴板：</div>
            <div className={styles.questionActions}>
              <Button appearance="primary" onClick={copyNow}>
                复制到剪贴板
              </Button>
              <Button appearance="secondary" onClick={() => setCopyReady(null)}>
                取消
              </Button>
            </div>
          </section>
        )}

        {busy && !pending && <Spinner size="tiny" label={`正在${busy}…`} />}

        {notice && (
          <MessageBar intent={notice.kind} role="status">
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}

        {view?.recognized && (
          <section className={styles.question} aria-label="识别现有表格">
            <div>工作簿中没有年报模板的名称，已按表格标签识别出：</div>
            <ul className={styles.details}>
              {view.recognized.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <div className={styles.questionActions}>
              <Button
                appearance="primary"
                disabled={!idle}
                onClick={() =>
                  act('识别', async () => {
                    const result = await controller.adopt();
                    if (result) {
                      setNotice(result);
                      setView(await controller.validate());
                    }
                  })
                }
              >
                识别现有表格
              </Button>
            </div>
          </section>
        )}

        {view && view.issues.length === 0 && (
          <div className={styles.passed} role="status" data-testid="all-passed">
            ✓ 全部通过：各表数字、勾稽关系和正文都没有发现问题。
          </div>
        )}
        {view && view.issues.length === 0 && live === true && (
          <p className={styles.subtitle}>修改表格后会自动重新校验。</p>
        )}

        {view && view.issues.length > 0 && (
          <section aria-label="校验结果">
            <div className={styles.summary} role="status">
              {view.counts.error} 个错误，{view.counts.warning} 个警告，{view.counts.info} 条提示
            </div>
            {live === true && <p className={styles.subtitle}>修改表格后会自动重新校验。</p>}
            {live === false && <p className={styles.subtitle}>此版本的 Excel 不能告诉任务窗格表格改了：修改后请再点“校验”，否则下面的结果可能已过时。</p>}
            {view.notMarked.length > 0 && <p className={styles.subtitle}>有 {view.notMarked.length} 个单元格所在的工作表已不存在，未标记。</p>}
            {view.groups.map((group) => (
              <div key={group.key} className={styles.group}>
                <h2 className={styles.groupTitle}>
                  {group.title}（{group.issues.length}）
                </h2>
                {group.issues.map((issue, i) => (
                  <React.Fragment key={`${group.key}-${i}`}>
                  <button type="button" className={styles.issue} onClick={() => select(issue)} data-rule={issue.rule} title="点击选中相关单元格">
                    <span className={`${styles.badge} ${styles[issue.severity]}`}>{SEVERITY_LABEL[issue.severity]}</span>
                    {issue.cells.length > 0 && <span className={styles.cell}>{describeCells(issue.cells)}</span>}
                    <div>{issue.message}</div>
                  </button>
                  {passagesOf === issue && issue.passages && (
                    <ul className={styles.details} aria-label="与上年重复的段落" data-testid="repeated-passages">
                      {issue.passages.map((passage, p) => (
                        <li key={p}>
                          第 {passage.paragraph} 段：“{passage.text}”
                        </li>
                      ))}
                    </ul>
                  )}
                  {issue.fix && (
                    <Button
                      size="small"
                      appearance="subtle"
                      disabled={!idle}
                      onClick={() =>
                        act('修改', async () => {
                          const result = await controller.applyFix(issue);
                          setNotice(result);
                          // Fixed: the warning and its button go (a re-check follows the edit where Excel tells the pane).
                          if (result?.kind === 'success') setView((current) => (current ? withoutIssue(current, issue) : current));
                        })
                      }
                    >
                      {issue.rule === 'NARRATIVE_NUMBER' ? '改用占位符' : '更正'}
                    </Button>
                  )}
                  {issue.rule === 'OLD_TEMPLATE' && (
                    <Button size="small" appearance="subtle" disabled={!idle} onClick={() => act('转换', async () => setNotice(await controller.convertOld()))}>
                      转换为 2021 年格式
                    </Button>
                  )}
                  </React.Fragment>
                ))}
              </div>
            ))}
          </section>
        )}

      </main>
    </FluentProvider>
  );
}
