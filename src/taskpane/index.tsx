/**
 * The task pane in Excel: wait for office.js, then show the pane over the open workbook.
 */
import { createRoot } from 'react-dom/client';
import { OfficeJsWorkbook, officeHost } from '../workbook/officejs';
import { App } from './App';
import { browserDeliveries } from './deliveries';

const root = createRoot(document.getElementById('root')!);

Office.onReady((info) => {
  if (info.host !== Office.HostType.Excel) {
    root.render(<p style={{ padding: 12 }}>本加载项只能在 Excel 中使用。</p>);
    return;
  }
  root.render(<App port={new OfficeJsWorkbook(officeHost())} deliveries={browserDeliveries()} />);
});
