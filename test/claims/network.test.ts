/**
 * README: “数据不出本机 … 命令行不联网”. The scanner finds every way to open a connection (it is
 * tested on a snippet of each); the source and the CLI's compiled `lib/` contain none; and running
 * the CLI (init, check, export) loads no Node network module, its dependencies included.
 * The built task pane (`dist/`) is scanned by test/e2e/network-scan.e2e.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ALLOWED, CONNECTION_APIS, filesUnder, scanFiles, scanText } from './network-scan';
import { SAMPLE_JSON } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

describe('the connection scanner', () => {
  const snippets: [string, string][] = [
    ['fetch()', 'fetch("https://x.example/api", { method: "POST" })'],
    ['fetch()', 'window.fetch (u)'],
    ['XMLHttpRequest', 'const x = new XMLHttpRequest(); x.open("GET", u)'],
    ['WebSocket', 'new WebSocket("wss://x.example")'],
    ['navigator.sendBeacon', 'navigator.sendBeacon(u, data)'],
    ['EventSource', 'new EventSource(u)'],
    ['importScripts', 'self.importScripts(u)'],
    ['navigator.connection', 'navigator.connection.effectiveType'],
    ['RTCPeerConnection', 'new RTCPeerConnection(cfg)'],
    ['Worker', 'new Worker(u)'],
    ['Worker', 'navigator.serviceWorker.register(u)'],
    ['a <script> element', 's = document.createElement("script"); s.src = u'],
    ['a <link>/<iframe>/<img> element', "document.createElement('img')"],
    ['a <link>/<iframe>/<img> element', 'new Image().src = u'],
    ['window.open', 'window.open(u)'],
    ['http.request/get', 'https.get(u, cb)'],
    ['http.request/get', 'http.request(options)'],
    ['a Node network module', 'const h = require("node:https")'],
    ['a Node network module', "const n = require('net')"],
    ['a Node network module', 'import * as tls from "tls"'],
    ['a Node network module', 'await import("node:dgram")'],
    ['a Node network module', 'require("http2")'],
    ['a Node network module', "import 'node:https';"],
    ['a child process (could run curl and the like)', 'require("child_process").exec("curl " + u)'],
  ];

  it.each(snippets)('finds %s in `%s`', (api, code) => {
    expect(scanText('snippet.js', code).map((f) => f.api)).toEqual([api]);
  });

  it('knows every API it scans for (each has a snippet above)', () => {
    expect([...new Set(snippets.map(([api]) => api))].sort()).toEqual(CONNECTION_APIS.map((a) => a.name).sort());
  });

  it('allows an exception only in its own context', () => {
    const loader = 'i=document.createElement("script"),i.charset="utf-8",i.setAttribute("data-webpack",t+a),i.src=n';
    expect(scanText('chunk.js', loader)).toEqual([]);
    expect(scanText('chunk.js', 'i=document.createElement("script"),i.src="https://x.example/t.js"').map((f) => f.api)).toEqual(['a <script> element']);
    // An allowed context never hides another API next to it.
    expect(scanText('chunk.js', `${loader};fetch(u)`).map((f) => f.api)).toEqual(['fetch()']);
    for (const a of ALLOWED) expect([a.api, a.why.length > 20]).toEqual([a.api, true]);
  });

  it('ignores ordinary words', () => {
    expect(scanText('x.js', 'const fetched = 1; // prefetch, the net result; https://www.w3.org/2000/svg; http.STATUS_CODES')).toEqual([]);
  });
});

describe('nothing in the code opens a connection', () => {
  it('the source: task pane, core and CLI (src/)', () => {
    const files = filesUnder(path.join(ROOT, 'src'), /\.tsx?$/);
    expect(files.length).toBeGreaterThan(30);
    expect(scanFiles(files, ROOT)).toEqual([]);
  });

  it("the CLI's compiled code (lib/)", () => {
    if (!existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
    const files = filesUnder(path.join(ROOT, 'lib'), /\.js$/);
    expect(files.map((f) => path.relative(ROOT, f))).toContain(path.join('lib', 'cli', 'main.js'));
    expect(scanFiles(files, ROOT)).toEqual([]);
  });
});

describe('running the CLI loads no network module', () => {
  /** Module loads that open connections: Node's network modules, by any importer. */
  const NETWORK = /^(?:node:)?(?:http|https|http2|net|tls|dgram|dns|undici|inspector)(?:\/|$)/;
  /** child_process is loaded by commander (for executable subcommands, which nianbao has none of); nianbao never spawns. */
  const CHILD = /^(?:node:)?child_process$/;

  it('init, check, to-json and export: every module the run loads is listed, none is a network module', () => {
    if (!existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-net-'));
    const hook = path.join(dir, 'hook.js');
    writeFileSync(
      hook,
      `const Module = require('module'); const fs = require('fs'); const seen = [];
       const load = Module._load;
       Module._load = function (request, parent) { seen.push(request + ' <- ' + (parent && parent.filename || '')); return load.apply(this, arguments); };
       process.on('exit', () => fs.appendFileSync(process.env.NIANBAO_LOADS, seen.join('\\n') + '\\n'));`,
    );
    const loads = path.join(dir, 'loads.txt');
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['-r', hook, path.join(ROOT, 'bin', 'nianbao.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NIANBAO_LOADS: loads },
      });
      expect([args[0], result.status, result.stderr]).toEqual([args[0], 0, '']);
    };
    run('init', '--data', SAMPLE_JSON, '-o', 'x.xlsx');
    run('check', 'x.xlsx', SAMPLE_JSON);
    run('to-json', 'x.xlsx', '-o', 'x.json');
    run('export', 'x.xlsx', '--docx', 'x.docx', '--html', 'x.html', '--text', 'x.txt');
    const lines = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
    const requests = new Set(lines.map((l) => l.split(' <- ')[0]));
    // The hook saw the real work: the workbook and Word libraries were loaded.
    expect(['exceljs', 'docx', 'commander'].filter((m) => requests.has(m))).toEqual(['exceljs', 'docx', 'commander']);
    expect(lines.filter((l) => NETWORK.test(l.split(' <- ')[0]))).toEqual([]);
    expect(lines.filter((l) => CHILD.test(l.split(' <- ')[0]) && !/[/\\]node_modules[/\\]commander[/\\]/.test(l.split(' <- ')[1]))).toEqual([]);
  });
});
