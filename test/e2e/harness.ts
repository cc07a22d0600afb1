/**
 * Headless Chromium (Debian's, driven by playwright-core) over dist/ served on 127.0.0.1: what the
 * end-to-end tests and the benchmark share.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The project's folder, whether this runs from test/e2e (jest) or from build/bench (compiled). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'tsconfig.bench.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('nianbao project folder not found');
    dir = up;
  }
  return dir;
}

export const ROOT = projectRoot(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serve } = require(path.join(ROOT, 'scripts', 'serve.js')) as { serve(dir: string, port?: number): Promise<Server> };

export const DIST = path.join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Microsoft's office.js, which the tests answer with the fake host (src/preview/fake-office.ts). */
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Whether Chromium and a built dist/ are here; in CI their absence is a failure, not a skip. */
export function browserAvailable(): boolean {
  const ok = existsSync(CHROMIUM) && existsSync(path.join(DIST, 'taskpane.html'));
  if (!ok && process.env.CI) throw new Error(`CI needs ${CHROMIUM} (.ci/run installs it) and a built dist/ (npm run build)`);
  return ok;
}

export interface Harness {
  browser: Browser;
  /** `http://127.0.0.1:PORT` serving dist/. */
  base: string;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const server = await serve(DIST, 0);
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    browser,
    base,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
