/**
 * README: “没有 soffice 的机器上跳过；CI 中（CI=true）缺少 soffice 则失败”. A test that needs a tool
 * may skip on a developer's machine, never in CI: there a missing tool fails the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { filesUnder } from './network-scan';

const ROOT = path.join(__dirname, '..', '..');
const rel = (f: string) => path.relative(ROOT, f);

/** The test files that skip depending on the machine (a tool or a build missing). */
function skippingFiles(): string[] {
  return filesUnder(path.join(ROOT, 'test'), /\.(test|e2e)\.ts$/).filter((f) => /\b(?:describe|it|test)\.skip\b/.test(readFileSync(f, 'utf8')));
}

describe('tests that skip without a tool', () => {
  it('every one fails under CI instead of skipping', () => {
    const files = skippingFiles();
    expect(files.map(rel)).toEqual(expect.arrayContaining([path.join('test', 'libreoffice.test.ts'), path.join('test', 'export.test.ts')]));
    const throwsInCi = /if \(![\w.()]+ && process\.env\.CI(?: === 'true')?\) throw new Error\(/;
    // The browser tests skip on browserAvailable(), which throws in CI (test/e2e/harness.ts).
    const harness = readFileSync(path.join(ROOT, 'test', 'e2e', 'harness.ts'), 'utf8');
    expect(harness).toMatch(/export function browserAvailable\(\): boolean \{[^}]*if \(!ok && process\.env\.CI\) throw new Error\(/);
    const guarded = (text: string) => throwsInCi.test(text) || /\(browserAvailable\(\) \? describe : describe\.skip\)/.test(text);
    const silent = files.filter((f) => !guarded(readFileSync(f, 'utf8')));
    expect(silent.map(rel)).toEqual([]);
  });

  it('without soffice on the PATH: fail with CI=true, skip without CI', () => {
    // A PATH with a shell and nothing else: no soffice, no pdftotext.
    const bin = mkdtempSync(path.join(tmpdir(), 'nianbao-nosoffice-'));
    symlinkSync('/bin/sh', path.join(bin, 'sh'));
    const jest = (files: string[], ci: boolean) => {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
      delete env.CI;
      if (ci) env.CI = 'true';
      return spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runTestsByPath', ...files], { cwd: ROOT, env, encoding: 'utf8' });
    };
    // The two files that render with LibreOffice (the others that need soffice are held to the same rule above).
    const sofficeFiles = [path.join('test', 'libreoffice.test.ts'), path.join('test', 'export.test.ts')];

    const inCi = jest(sofficeFiles, true);
    expect(inCi.status).not.toBe(0);
    for (const file of sofficeFiles) expect([file, inCi.stderr.includes(`FAIL ${file}`)]).toEqual([file, true]);
    expect(inCi.stderr).toContain('CI needs LibreOffice');

    const local = jest([path.join('test', 'libreoffice.test.ts')], false);
    expect([local.status, local.stderr]).toEqual([0, expect.stringMatching(/Tests:\s+\d+ skipped, \d+ total/)]);
  }, 300_000);
});
