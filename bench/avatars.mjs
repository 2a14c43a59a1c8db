#!/usr/bin/env node
// Avatars (issue 13): PUT /api/v1/me/avatar — decode, crop, resize to 256×256, encode JPEG, store —
// for photos of three sizes (PNG gradients made here), 20 uploads each, one at a time (p50, p99);
// then GET /api/v1/people/{id}/avatar one at a time (p50, p99) and its size. Loopback, client and
// server on the same cores.
// Usage: node bench/avatars.mjs DATA_DIR
import zlib from 'node:zlib';
import { ms, percentile, request, signIn, startServer } from './lib.mjs';

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/avatars.mjs DATA_DIR');
  process.exit(2);
}
function png(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 255) / width;
      row[2 + x * 3] = (y * 255) / height;
      row[3 + x * 3] = 128;
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const { child, base } = await startServer(dataDir);
const member = await signIn(base, 'member@weft.demo');
const headers = { cookie: member.cookie, 'x-csrf-token': member.csrf, 'content-type': 'application/json' };
const lines = [];
let avatarUrl = null;
for (const [width, height] of [[640, 480], [1600, 1200], [3000, 2000]]) {
  const image = png(width, height);
  const body = JSON.stringify({ image: image.toString('base64') });
  const times = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    const res = await request(`${base}/api/v1/me/avatar`, { method: 'PUT', headers, body });
    if (res.status !== 200) throw new Error(`${width}x${height}: ${res.status} ${res.text.slice(0, 200)}`);
    times.push(performance.now() - t);
    avatarUrl = JSON.parse(res.text).avatar_url;
  }
  lines.push(`| ${width}×${height} PNG, ${(image.length / 1024).toFixed(0)} KiB | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} |`);
}
const reads = [];
let size = 0;
for (let k = 0; k < 200; k++) {
  const t = performance.now();
  const res = await request(`${base}${avatarUrl}`, { headers: { cookie: member.cookie } });
  reads.push(performance.now() - t);
  size = Number(res.headers['content-length']);
}
lines.push(`| GET the avatar (${size} bytes) | ${ms(percentile(reads, 50))} | ${ms(percentile(reads, 99))} |`);
console.log(`| upload | p50 | p99 |\n|---|---|---|\n${lines.join('\n')}`);
child.kill('SIGTERM');
process.exit(0);
