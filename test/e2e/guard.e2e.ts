/**
 * Webviews that cannot run the pane get a message, not a blank pane: guard.js (ES5) recognises
 * Internet Explorer 11 / EdgeHTML, and any webview where the bundle fails to parse. And the
 * built scripts parse at the syntax level the README claims (ES2022), with no lookbehind regex
 * (Safari before 16.4 rejects a whole script that holds one).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as acorn from 'acorn';
import { DIST, OFFICE_JS, ROOT, browserAvailable, openHarness, type Harness } from './harness';
import { filesUnder } from '../helpers';

const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16; rv:11.0) like Gecko';
const EDGE_HTML = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';
const SHOTS = path.join(ROOT, 'test-output', 'guard');

/**
 * Every lookbehind in a script's regex literals (what makes an old Safari reject the whole
 * script at parse time); with `strings`, also in strings a `new RegExp` could compile (a
 * run-time error only when that code runs: src/ is held to that, libraries' unused paths are not).
 */
export function lookbehinds(source: string, ecmaVersion: acorn.ecmaVersion = 2022, strings = false): string[] {
  const found: string[] = [];
  acorn.parse(source, {
    ecmaVersion,
    sourceType: 'script',
    allowHashBang: true,
    onToken: (token) => {
      const value = (token as unknown as { value: unknown }).value;
      const text = strings && (token.type.label === 'string' || token.type.label === 'template') ? String(value) : '';
      const pattern = token.type.label === 'regexp' ? (value as { pattern: string }).pattern : text;
      if (/\(\?<[=!]/.test(pattern)) found.push(pattern.slice(0, 80));
    },
  });
  return found;
}

function builtScripts(): string[] {
  return readdirSync(DIST).filter((f) => f.endsWith('.js'));
}

(browserAvailable() ? describe : describe.skip)('scripts at the syntax level claimed', () => {
  it('every built chunk parses as ES2022 and holds no lookbehind regex', () => {
    const scripts = builtScripts().filter((f) => f !== 'guard.js');
    expect(scripts.length).toBeGreaterThan(3);
    for (const file of scripts) expect([file, lookbehinds(readFileSync(path.join(DIST, file), 'utf8'))]).toEqual([file, []]);
  });

  it('the check catches a lookbehind literal and a lookbehind string', () => {
    expect(lookbehinds('var a = /(?<=x)y/;')).toHaveLength(1);
    expect(lookbehinds('var b = new RegExp("(?<!x)y");', 2022, true)).toHaveLength(1);
    expect(lookbehinds('var b = new RegExp("(?<!x)y");')).toEqual([]);
    expect(lookbehinds('var c = /(?:x)y/;')).toEqual([]);
    expect(() => lookbehinds('class A { static { } #x = 1 }', 2020)).toThrow();
  });

  it('guard.js is ES5 and is the first script of taskpane.html', () => {
    expect(() => acorn.parse(readFileSync(path.join(DIST, 'guard.js'), 'utf8'), { ecmaVersion: 5 })).not.toThrow();
    const html = readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*\bsrc="?([^" >]+)/g)].map((m) => m[1]);
    expect(scripts[0]).toBe('guard.js');
    expect(scripts[1]).toMatch(/office\.js$/);
  });

  it('no lookbehind anywhere in src/', () => {
    const files = filesUnder(path.join(ROOT, 'src'), /\.(ts|tsx|js)$/);
    expect(files.filter((f) => /\(\?<[=!]/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

(browserAvailable() ? describe : describe.skip)('the pane in webviews that cannot run it', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function open(userAgent: string | undefined, breakBundle = false) {
    const context = await harness.browser.newContext({ viewport: { width: 350, height: 700 }, ...(userAgent ? { userAgent } : {}) });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && cspErrors.push(m.text()));
    const fakeOffice = readdirSync(DIST).find((f) => /^fake-office\..*\.js$/.test(f))!;
    await page.route(OFFICE_JS, (route) => route.fulfill({ path: path.join(DIST, fakeOffice), contentType: 'text/javascript' }));
    if (breakBundle) {
      // What an old Safari does with a chunk it cannot parse: a SyntaxError, nothing runs.
      await page.route(/\/taskpane\.[0-9a-f]+\.js$/, (route) => route.fulfill({ body: 'var x = 1; class { }', contentType: 'text/javascript' }));
    }
    await page.goto(`${harness.base}/taskpane.html`);
    return { page, context, cspErrors };
  }

  it('Internet Explorer 11 (Office 2016/2019 volume-licensed): the Chinese message, kept as a screenshot', async () => {
    const { page, context, cspErrors } = await open(IE11);
    const guard = page.locator('#nianbao-guard');
    await guard.waitFor();
    const text = await guard.textContent();
    expect(text).toContain('此版本的 Office 无法运行本加载项');
    expect(text).toContain('WebView2');
    expect(text).toContain('Office 2021');
    expect(text).toContain('check.html');
    await page.waitForTimeout(300);
    expect(await page.locator('button:has-text("校验")').count()).toBe(0); // the pane did not draw over it
    expect(cspErrors).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'ie11.png') });
    expect(existsSync(path.join(SHOTS, 'ie11.png'))).toBe(true);
    await context.close();
  });

  it('EdgeHTML (Office 2016/2019 retail) too', async () => {
    const { page, context } = await open(EDGE_HTML);
    await page.locator('#nianbao-guard').waitFor();
    expect(await page.locator('#nianbao-guard').textContent()).toContain('旧版 Edge');
    await context.close();
  });

  it('a webview that cannot parse the bundle gets the message instead of 正在加载 forever', async () => {
    const { page, context } = await open(undefined, true);
    await page.locator('#nianbao-guard').waitFor();
    expect(await page.locator('#root').textContent()).not.toContain('正在加载');
    await page.screenshot({ path: path.join(SHOTS, 'syntax-error.png') });
    await context.close();
  });

  it('a webview that runs the bundle shows the pane, and no guard', async () => {
    const { page, context } = await open(undefined);
    await page.waitForSelector('button:has-text("校验"):not([disabled])');
    expect(await page.locator('#nianbao-guard').count()).toBe(0);
    await context.close();
  });
});
