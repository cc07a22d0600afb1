/**
 * Getting files and text out of the task pane, in the ways each host allows: a download
 * (Excel on the web; desktop Excel may block it), and the clipboard (HTML and plain text).
 */
import type { Deliveries } from './controller';

export function browserDeliveries(doc: Document = document): Deliveries {
  return {
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
    async copy(html, text) {
      const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
      if (clipboard && typeof ClipboardItem !== 'undefined' && html !== null) {
        try {
          await clipboard.write([
            new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) }),
          ]);
          return;
        } catch {
          // Fall through to the selection-based copy that older WebViews allow.
        }
      }
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
      const ok = doc.execCommand('copy');
      selection?.removeAllRanges();
      holder.remove();
      if (!ok) throw new Error('浏览器不允许复制到剪贴板，请改用“写入‘报告’工作表”后手动复制');
    },
  };
}
