/**
 * “数据不出本机”: every way a script can open a connection, and the few places where built code
 * mentions one without ever opening it (each named, with why). Used by the unit test over the
 * CLI's compiled `lib/` and by the e2e test over every chunk in `dist/`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** A way to reach the network from JavaScript, in the browser or in Node. */
export const CONNECTION_APIS: { name: string; pattern: RegExp }[] = [
  { name: 'fetch()', pattern: /\bfetch\s*\(/g },
  { name: 'XMLHttpRequest', pattern: /XMLHttpRequest/g },
  { name: 'WebSocket', pattern: /WebSocket/g },
  { name: 'navigator.sendBeacon', pattern: /sendBeacon/g },
  { name: 'EventSource', pattern: /EventSource/g },
  { name: 'importScripts', pattern: /importScripts/g },
  { name: 'navigator.connection', pattern: /navigator\.connection/g },
  { name: 'RTCPeerConnection', pattern: /RTCPeerConnection|RTCDataChannel/g },
  { name: 'Worker', pattern: /new\s+(?:Shared)?Worker\s*\(|serviceWorker/g },
  { name: 'a <script> element', pattern: /createElement\(\s*["'`]script["'`]\s*\)/g },
  { name: 'a <link>/<iframe>/<img> element', pattern: /createElement\(\s*["'`](?:link|iframe|img)["'`]\s*\)|new\s+Image\s*\(/g },
  { name: 'window.open', pattern: /window\.open\s*\(/g },
  { name: 'http.request/get', pattern: /\bhttps?\d?\.(?:request|get)\s*\(/g },
  {
    name: 'a Node network module',
    pattern: /(?:require\s*\(|import\s*\(|import\s+|from\s+)\s*["'`](?:node:)?(?:http|https|http2|net|tls|dgram|dns|undici|inspector)["'`]/g,
  },
  { name: 'a child process (could run curl and the like)', pattern: /(?:require\s*\(|import\s*\(|import\s+|from\s+)\s*["'`](?:node:)?(?:child_process|cluster|worker_threads)["'`]/g },
];

/**
 * Code that names one of the APIs above but opens no connection. Each is recognised by the text
 * around the match (`near`, within 160 characters either side), so the same API elsewhere is still found.
 */
export const ALLOWED: { api: string; near: RegExp; why: string }[] = [
  {
    api: 'a <script> element',
    near: /data-webpack/,
    why: "webpack's chunk loader: loads the pane's own chunks (docx, exceljs, html-import) from the same origin; the CSP allows only 'self' scripts",
  },
  {
    api: 'importScripts',
    near: /Automatic publicPath/,
    why: "webpack's publicPath detection: `typeof importScripts` tells a web worker apart from a page; it is never called",
  },
  {
    api: 'importScripts',
    near: /postMessage/,
    why: 'the setImmediate polyfill bundled with ExcelJS/JSZip: `!global.importScripts` checks it is not in a worker before using postMessage; never called',
  },
  {
    api: 'a <script> element',
    near: /onreadystatechange/,
    why: 'the setImmediate polyfill bundled with ExcelJS/JSZip (old IE): a <script> element without src, used only for its onreadystatechange callback; nothing is loaded',
  },
];

export interface Finding {
  file: string;
  api: string;
  context: string;
}

/** The connection APIs in one script, less the allowed ones. */
export function scanText(file: string, text: string): Finding[] {
  const found: Finding[] = [];
  for (const { name, pattern } of CONNECTION_APIS) {
    for (const match of text.matchAll(pattern)) {
      const at = match.index ?? 0;
      const around = text.slice(Math.max(0, at - 160), at + match[0].length + 160);
      if (ALLOWED.some((a) => a.api === name && a.near.test(around))) continue;
      found.push({ file, api: name, context: text.slice(Math.max(0, at - 60), at + match[0].length + 60) });
    }
  }
  return found;
}

/** Every file under `dir` whose name matches `ext`, recursively. */
export function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p, ext));
    else if (ext.test(entry.name)) out.push(p);
  }
  return out.sort();
}

export function scanFiles(files: readonly string[], root: string): Finding[] {
  return files.flatMap((file) => scanText(path.relative(root, file), readFileSync(file, 'utf8')));
}
