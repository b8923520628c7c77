#!/usr/bin/env node
// npm run icons: the app's icons, made from one source image (resources/icon-source.png, 1024 x
// 1024 RGBA) with Node alone (no native tools, no downloads): resources/icon.ico (Windows),
// resources/icon.icns (macOS), resources/icon.png and resources/icons/NxN.png (Linux). Both
// containers hold PNG images, which Windows (Vista and later) and macOS (10.7 and later) read.
//   node scripts/make-icons.cjs [SOURCE.png] [OUT_DIR]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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

/** Decodes an 8-bit RGBA or RGB, non-interlaced PNG into { width, height, rgba }. */
function decodePng(data) {
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header = null;
  const idat = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], color: body[9], interlace: body[12] };
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header || header.depth !== 8 || (header.color !== 6 && header.color !== 2) || header.interlace !== 0) {
    throw new Error('the source must be an 8-bit RGBA (or RGB), non-interlaced PNG');
  }
  const channels = header.color === 6 ? 4 : 3;
  const stride = header.width * channels;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(header.width * header.height * 4);
  for (let i = 0; i < header.width * header.height; i++) {
    pixels.copy(rgba, i * 4, i * channels, i * channels + 3);
    rgba[i * 4 + 3] = channels === 4 ? pixels[i * channels + 3] : 255;
  }
  return { width: header.width, height: header.height, rgba };
}

function chunk(type, body) {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

function encodePng({ width, height, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** For each target index, the source indices it covers and how much of each (an area average). */
function weights(from, to) {
  const scale = from / to;
  return Array.from({ length: to }, (_, i) => {
    const start = i * scale;
    const end = start + scale;
    const w = [];
    for (let j = Math.floor(start); j < Math.min(Math.ceil(end), from); j++) w.push([j, Math.min(end, j + 1) - Math.max(start, j)]);
    return w;
  });
}

/** Scales down by averaging the area each target pixel covers, in premultiplied alpha (no dark fringes). */
function resize(image, size) {
  const { width, height, rgba } = image;
  const pre = new Float64Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[i * 4 + 3] / 255;
    pre[i * 4] = rgba[i * 4] * a;
    pre[i * 4 + 1] = rgba[i * 4 + 1] * a;
    pre[i * 4 + 2] = rgba[i * 4 + 2] * a;
    pre[i * 4 + 3] = rgba[i * 4 + 3];
  }
  const wx = weights(width, size);
  const wy = weights(height, size);
  const rows = new Float64Array(size * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < size; x++) {
      let total = 0;
      for (const [j, w] of wx[x]) {
        total += w;
        for (let c = 0; c < 4; c++) rows[(y * size + x) * 4 + c] += pre[(y * width + j) * 4 + c] * w;
      }
      for (let c = 0; c < 4; c++) rows[(y * size + x) * 4 + c] /= total;
    }
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const px = [0, 0, 0, 0];
      let total = 0;
      for (const [j, w] of wy[y]) {
        total += w;
        for (let c = 0; c < 4; c++) px[c] += rows[(j * size + x) * 4 + c] * w;
      }
      const alpha = px[3] / total;
      for (let c = 0; c < 3; c++) out[(y * size + x) * 4 + c] = alpha > 0 ? Math.min(255, Math.round(px[c] / total / (alpha / 255))) : 0;
      out[(y * size + x) * 4 + 3] = Math.round(alpha);
    }
  return { width: size, height: size, rgba: out };
}

/** Windows .ico: a directory of PNG images (256 is written as 0 in the one-byte size fields). */
function ico(pngs) {
  const head = Buffer.alloc(6 + 16 * pngs.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(pngs.length, 4);
  let offset = head.length;
  pngs.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...pngs.map((p) => p.data)]);
}

/** macOS .icns: typed entries, each a PNG (sizes in pixels; ic11–ic14 are the @2x ones). */
const ICNS_TYPES = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]];
function icns(pngBySize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const data = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

function makeIcons(sourceFile, outDir) {
  const source = decodePng(fs.readFileSync(sourceFile));
  if (source.width !== 1024 || source.height !== 1024) throw new Error(`the source must be 1024 x 1024, not ${source.width} x ${source.height}`);
  const sizes = [...new Set([...ICO_SIZES, ...LINUX_SIZES, ...ICNS_TYPES.map(([, s]) => s)])].sort((a, b) => a - b);
  const png = new Map(sizes.map((s) => [s, encodePng(s === 1024 ? source : resize(source, s))]));
  fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  const written = {
    'icon.ico': ico(ICO_SIZES.map((size) => ({ size, data: png.get(size) }))),
    'icon.icns': icns(png),
    'icon.png': png.get(512),
  };
  for (const size of LINUX_SIZES) written[`icons/${size}x${size}.png`] = png.get(size);
  for (const [name, data] of Object.entries(written)) fs.writeFileSync(path.join(outDir, name), data);
  return Object.keys(written);
}

module.exports = { makeIcons, decodePng, encodePng, resize, ICO_SIZES, ICNS_TYPES, LINUX_SIZES };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const source = process.argv[2] ?? path.join(root, 'resources', 'icon-source.png');
  const out = process.argv[3] ?? path.join(root, 'resources');
  const names = makeIcons(source, out);
  console.log(`Wrote ${names.length} files to ${out}: ${names.join(', ')}`);
}
