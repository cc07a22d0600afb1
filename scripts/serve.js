#!/usr/bin/env node
/**
 * A static file server for dist/ on 127.0.0.1 (the browser preview and the end-to-end test).
 * Usage: node scripts/serve.js DIR [PORT] [PAGE]
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function serve(dir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const file = path.join(root, decodeURIComponent(url.pathname === '/' ? '/preview.html' : url.pathname));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (error, data) => {
      if (error) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到');
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(data);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

module.exports = { serve };

if (require.main === module) {
  const [dir = 'dist', port = '3001', page = 'preview.html'] = process.argv.slice(2);
  serve(dir, Number(port)).then((server) => {
    const { port: actual } = server.address();
    console.log(`预览已启动：http://127.0.0.1:${actual}/${page}（按 Ctrl+C 结束）`);
    if (fs.existsSync(path.join(dir, 'check.html'))) console.log(`校验页：http://127.0.0.1:${actual}/check.html`);
  });
}
