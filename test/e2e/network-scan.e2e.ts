/**
 * “数据不出本机”, over what is shipped: every script webpack built into dist/ (the pane's first
 * bundle and every chunk loaded on demand: docx, exceljs, html-import, the preview) is scanned for
 * every way to open a connection (test/claims/network-scan.ts); each exception is named there with
 * why. The pages load nothing from outside but office.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'node-html-parser';
import { ALLOWED, CONNECTION_APIS, filesUnder, scanFiles, scanText } from '../claims/network-scan';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const built = existsSync(path.join(DIST, 'taskpane.html'));
if (!built && process.env.CI === 'true') throw new Error('run npm run build before the e2e tests');

(built ? describe : describe.skip)('the built task pane opens no connection', () => {
  const scripts = built ? filesUnder(DIST, /\.m?js$/) : [];

  it('scans every built script, chunks loaded on demand included', () => {
    const names = scripts.map((f) => path.basename(f));
    for (const chunk of ['taskpane', 'docx', 'exceljs', 'html-import']) {
      expect([chunk, names.some((n) => n.startsWith(`${chunk}.`))]).toEqual([chunk, true]);
    }
  });

  it('no script contains a way to open a connection, beyond the named exceptions', () => {
    expect(scanFiles(scripts, ROOT)).toEqual([]);
  });

  it('each exception is still needed (the allow-list does not outlive the code it excuses)', () => {
    const text = scripts.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const allowed of ALLOWED) {
      const api = CONNECTION_APIS.find((a) => a.name === allowed.api)!;
      const used = [...text.matchAll(api.pattern)].some((m) => allowed.near.test(text.slice(Math.max(0, m.index! - 160), m.index! + m[0].length + 160)));
      expect([allowed.why, used]).toEqual([allowed.why, true]);
    }
  });

  it('the pages load scripts, styles and images only from their own origin, and office.js from Microsoft', () => {
    for (const page of ['taskpane.html', 'preview.html', 'help.html'].filter((p) => existsSync(path.join(DIST, p)))) {
      const html = parse(readFileSync(path.join(DIST, page), 'utf8'));
      const refs = [
        ...html.querySelectorAll('script[src]').map((e) => e.getAttribute('src')!),
        ...html.querySelectorAll('link[href]').map((e) => e.getAttribute('href')!),
        ...html.querySelectorAll('img[src], iframe[src], source[src]').map((e) => e.getAttribute('src')!),
      ];
      const outside = refs.filter((r) => /^(?:[a-z]+:)?\/\//i.test(r) && r !== 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
      expect([page, outside]).toEqual([page, []]);
      const inline = html.querySelectorAll('script:not([src])').flatMap((e) => scanText(page, e.text));
      expect(inline).toEqual([]);
    }
  });
});
