#!/usr/bin/env node
// Draws the toolbar icons (three lines of "text", two of them highlighted the way the
// extension marks unsourced and opinion sentences) as PNGs with Node alone, so the icons
// can be rebuilt without an image editor: `node scripts/icons.js`.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 48, 128];
const BG = [33, 37, 41];
const LINES = [
  { y: 0.22, w: 0.78, bar: [255, 176, 0] },
  { y: 0.47, w: 0.62, bar: null },
  { y: 0.72, w: 0.7, bar: [190, 110, 255] },
];

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function draw(size) {
  const r = size * 0.18; // corner radius
  const pad = size * 0.14;
  const lineH = Math.max(1, Math.round(size * 0.16));
  return png(size, (x, y) => {
    const cx = Math.min(x, size - 1 - x);
    const cy = Math.min(y, size - 1 - y);
    if (cx < r && cy < r && (r - cx) ** 2 + (r - cy) ** 2 > r * r) return [0, 0, 0, 0];
    for (const line of LINES) {
      const top = Math.round(size * line.y - lineH / 2);
      const inX = x >= pad && x < pad + (size - 2 * pad) * line.w / 0.78;
      if (!inX || y < top || y >= top + lineH) continue;
      if (!line.bar) return [200, 200, 200, 255];
      return [...line.bar, 255];
    }
    return [...BG, 255];
  });
}

const dir = path.join(__dirname, '..', 'icons');
fs.mkdirSync(dir, { recursive: true });
for (const size of SIZES) fs.writeFileSync(path.join(dir, `icon-${size}.png`), draw(size));
console.log(`wrote ${SIZES.length} icons to ${dir}`);
