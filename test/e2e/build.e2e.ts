/**
 * The builds: the default one loads office.js from Microsoft's CDN; the intranet one serves the
 * copy from @microsoft/office-js from its own origin; `--env url=` rewrites the manifest for the
 * server it is hosted on. The Word writer is not in the pane's first bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'node-html-parser';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const built = existsSync(path.join(DIST, 'taskpane.html'));
if (!built && process.env.CI) throw new Error('run npm run build before the e2e tests');

(built ? describe : describe.skip)('the task pane builds', () => {
  it('loads office.js from the CDN by default, under a Content-Security-Policy', () => {
    const page = parse(readFileSync(path.join(DIST, 'taskpane.html'), 'utf8'));
    expect(page.querySelectorAll('script').map((s) => s.getAttribute('src')).slice(0, 2)).toEqual(['guard.js', 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
    const csp = page.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("connect-src 'self'");
  });

  it('keeps the Word writer out of the first bundle (loaded on export)', () => {
    const page = parse(readFileSync(path.join(DIST, 'taskpane.html'), 'utf8'));
    const initial = page.querySelectorAll('script').map((s) => s.getAttribute('src')!).filter((src) => !src.startsWith('http'));
    expect(initial.length).toBeGreaterThan(0);
    for (const file of initial) expect(readFileSync(path.join(DIST, file), 'utf8')).not.toMatch(/wordprocessingml\.document\.main\+xml/);
    const all = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    expect(all.some((f) => /wordprocessingml\.document\.main\+xml/.test(readFileSync(path.join(DIST, f), 'utf8')))).toBe(true);
  });

  it('carries no telemetry endpoint in any built script', () => {
    for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(path.join(DIST, file), 'utf8');
      expect([file, /applicationinsights|visualstudio\.com|vortex\.data|browser\.events\.data|office-addin-usage-data/i.test(text)]).toEqual([file, false]);
    }
  });

  it('builds for an intranet server: office.js from its own origin, the manifest pointing there', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'nianbao-intranet-'));
    execFileSync('npx', ['webpack', '--mode', 'production', '--env', 'intranet', '--env', 'url=https://oa.example.gov.cn/nianbao/', '--output-path', out], { cwd: ROOT, stdio: 'ignore' });
    const html = readFileSync(path.join(out, 'taskpane.html'), 'utf8');
    expect(parse(html).querySelectorAll('script').map((s) => s.getAttribute('src')).slice(0, 2)).toEqual(['guard.js', 'office-js/office.js']);
    expect(html).not.toContain('appsforoffice.microsoft.com');
    for (const file of ['office.js', 'o15apptofilemappingtable.js', 'excel-web-16.00.js', 'excel-win32-16.01.js', 'zh-cn/office_strings.js']) {
      expect([file, existsSync(path.join(out, 'office-js', file))]).toEqual([file, true]);
    }
    expect(existsSync(path.join(out, 'office-js', 'telemetry'))).toBe(false);
    const manifest = readFileSync(path.join(out, 'manifest.xml'), 'utf8');
    expect(manifest).not.toContain('localhost');
    expect(manifest).toContain('<SourceLocation DefaultValue="https://oa.example.gov.cn/nianbao/taskpane.html"/>');
    const check = spawnSync('node', [path.join(ROOT, 'scripts', 'validate-manifest.js'), path.join(out, 'manifest.xml')], { encoding: 'utf8' });
    expect(check.status).toBe(0);
  });
});
