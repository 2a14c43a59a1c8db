#!/usr/bin/env node
// Avatars (issue 13): PUT /api/v1/me/avatar — decode, crop, resize to 256×256, encode JPEG, store —
// for photos of three sizes (PNG gradients made here), 20 uploads each, one at a time (p50, p99);
// then GET /api/v1/people/{id}/avatar one at a time (p50, p99) and its size. Loopback, client and
// server on the same cores.
// Usage: node bench/avatars.mjs DATA_DIR
import { png as makePng } from '../tests/support/png.mjs';
import { ms, percentile, request, signIn, startServer } from './lib.mjs';

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/avatars.mjs DATA_DIR');
  process.exit(2);
}
// A gradient: compresses well, like a photo's smooth areas.
const png = (width, height) => makePng(width, height, (x, y) => [(x * 255) / width, (y * 255) / height, 128]);

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
