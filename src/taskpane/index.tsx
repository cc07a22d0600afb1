/**
 * The task pane in Excel: wait for office.js, then show the pane over the open workbook.
 */
import { createRoot } from 'react-dom/client';
import { OfficeJsWorkbook, officeHost } from '../workbook/officejs';
import { App } from './App';
import { browserDeliveries } from './deliveries';

const flags = window as unknown as { nianbaoStarted?: boolean; nianbaoBlocked?: boolean; nianbaoGuardShown?: boolean; nianbaoReady?: boolean };
// For guard.js: the bundle parsed and runs in this webview.
flags.nianbaoStarted = true;
// guard.js has said (or is about to say) that this webview cannot run the pane: leave it alone.
if (!flags.nianbaoBlocked && !flags.nianbaoGuardShown) start();

function start(): void {
  const root = createRoot(document.getElementById('root')!);
  Office.onReady((info) => {
    flags.nianbaoReady = true;
    if (info.host !== Office.HostType.Excel) {
      root.render(<p style={{ padding: 12 }}>本加载项只能在 Excel 中使用。</p>);
      return;
    }
    root.render(<App port={new OfficeJsWorkbook(officeHost())} deliveries={browserDeliveries(platformOf())} />);
  });
}

/** Where the pane runs (Office.context.diagnostics.platform), for the deliveries it offers. */
function platformOf(): string {
  try {
    return String(Office.context.diagnostics?.platform ?? '');
  } catch {
    return '';
  }
}
