#!/usr/bin/env node
/**
 * Writes the add-in icons (assets/icon-*.png): a red square with a white table grid, the
 * annual report's tables. Plain PNG encoding with zlib, so no image tool is needed.
 */
'use strict';
const { writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size) {
  const red = [192, 0, 0, 255];
  const white = [255, 255, 255, 255];
  const clear = [0, 0, 0, 0];
  const radius = Math.max(2, Math.round(size / 8));
  const margin = Math.round(size * 0.2);
  const rows = 4;
  const cols = 3;
  const line = Math.max(1, Math.round(size / 20));
  const raw = [];
  for (let y = 0; y < size; y++) {
    raw.push(0);
    for (let x = 0; x < size; x++) {
      const dx = Math.max(radius - x, x - (size - 1 - radius), 0);
      const dy = Math.max(radius - y, y - (size - 1 - radius), 0);
      let px = dx * dx + dy * dy > radius * radius ? clear : red;
      const inside = x >= margin && x < size - margin && y >= margin && y < size - margin;
      if (inside) {
        const w = size - 2 * margin;
        const gx = ((x - margin) * cols) / w;
        const gy = ((y - margin) * rows) / w;
        const onV = Math.abs(gx - Math.round(gx)) * (w / cols) < line || x >= size - margin - line;
        const onH = Math.abs(gy - Math.round(gy)) * (w / rows) < line || y >= size - margin - line;
        const header = gy < 1;
        if (onV || onH || header) px = white;
      }
      raw.push(...px);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(raw), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = path.join(__dirname, '..', 'assets');
mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 64, 80, 128]) writeFileSync(path.join(dir, `icon-${size}.png`), icon(size));
console.log('icons written to assets/');
