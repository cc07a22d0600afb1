/**
 * The add-in manifest validates offline against the bundled schemas (npm run validate), and a
 * broken one does not; it asks for no more than ReadWriteDocument and loads only from its origin.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const xml = readFileSync(MANIFEST, 'utf8');
const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).status === 0;
if (!hasXmllint && process.env.CI) throw new Error('CI needs xmllint (libxml2-utils): .ci/run installs it');

function validate(file: string) {
  return spawnSync('node', [path.join(ROOT, 'scripts', 'validate-manifest.js'), file], { encoding: 'utf8' });
}

(hasXmllint ? describe : describe.skip)('npm run validate', () => {
  it('passes manifest.xml', () => {
    const result = validate(MANIFEST);
    expect(result.stdout).toContain('清单有效');
    expect(result.status).toBe(0);
  });

  it.each([
    ['a missing Permissions element', (x: string) => x.replace('<Permissions>ReadWriteDocument</Permissions>', '')],
    ['an unknown permission', (x: string) => x.replace('ReadWriteDocument', 'EverythingPlease')],
    ['elements out of order', (x: string) => x.replace(/(<DisplayName[^>]*\/>)\s*(<Description[^>]*\/>)/, '$2$1')],
    ['an unclosed element', (x: string) => x.replace('</OfficeApp>', '')],
  ])('fails a manifest with %s', (_name, breakIt) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-manifest-'));
    const broken = path.join(dir, 'manifest.xml');
    writeFileSync(broken, breakIt(xml));
    expect(breakIt(xml)).not.toBe(xml);
    const result = validate(broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('清单无效');
  });
});

describe('manifest.xml', () => {
  it('is an Excel task pane in Chinese with a Home-tab button, needing ExcelApi 1.7', () => {
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(xml).toContain('<Host Name="Workbook"/>');
    expect(xml).toContain('<Set Name="ExcelApi" MinVersion="1.7"/>');
    expect(xml).toContain('<OfficeTab id="TabHome">');
    expect(xml).toContain('<Action xsi:type="ShowTaskpane">');
  });

  it('asks for no more than ReadWriteDocument and loads everything from its own origin', () => {
    expect(xml.match(/<Permissions>([^<]+)<\/Permissions>/)![1]).toBe('ReadWriteDocument');
    const urls = [...xml.matchAll(/DefaultValue="(https?:\/\/[^"]+)"/g)].map((m) => new URL(m[1]).origin);
    expect(urls.length).toBeGreaterThan(5);
    expect(new Set(urls)).toEqual(new Set(['https://localhost:3000']));
    expect(xml).not.toContain('<AppDomains>');
  });

  it('names icons that exist in assets/', () => {
    for (const m of xml.matchAll(/\/assets\/(icon-\d+\.png)/g)) expect(existsSync(path.join(ROOT, 'assets', m[1]))).toBe(true);
  });
});
