/**
 * Getting files and text out of the task pane, in the ways each host allows
 * (`Office.context.diagnostics.platform`):
 *
 * - Downloads (`<a download>`): Excel on the web (the browser's download) and Windows (WebView2
 *   saves downloads); NOT Excel for Mac, where the link does nothing (office-js issues #2700,
 *   #3385), so the pane does not offer them there.
 * - The clipboard: the copy must happen inside the click that asked for it. Excel on the web does
 *   not let a task pane use `navigator.clipboard` (the frame's permissions policy), and
 *   `execCommand('copy')` after an `await` has lost the click. So the pane prepares the report
 *   first and then offers a button whose click copies at once (synchronously), and says whether
 *   the copy happened.
 */
import type { Deliveries } from './controller';

/** Platforms whose webview saves an `<a download>` link (Office.PlatformType values; '' is a plain browser). */
const DOWNLOADS: readonly string[] = ['OfficeOnline', 'PC', 'Universal', ''];

export function browserDeliveries(platform = '', doc: Document = document): Deliveries {
  return {
    downloads: DOWNLOADS.includes(platform),
    async download(fileName, mime, data) {
      const blob = new Blob([data as BlobPart], { type: mime });
      const url = URL.createObjectURL(blob);
      const link = doc.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      doc.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    copy(html, text) {
      const holder = doc.createElement('div');
      holder.contentEditable = 'true';
      holder.style.position = 'fixed';
      holder.style.left = '-10000px';
      if (html !== null) {
        // The HTML was produced by our renderer, which escapes all workbook text.
        holder.innerHTML = html;
      } else {
        holder.textContent = text;
      }
      doc.body.appendChild(holder);
      const range = doc.createRange();
      range.selectNodeContents(holder);
      const selection = doc.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      let ok = false;
      try {
        ok = doc.execCommand('copy');
      } catch {
        ok = false;
      }
      selection?.removeAllRanges();
      holder.remove();
      return ok;
    },
  };
}
