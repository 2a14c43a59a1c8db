#!/usr/bin/env node
// What idle keep-alive connections hold: N connections each send one request, get the answer,
// and stay open; the server's resident memory before, while they idle, and after they close.
//   post: a 1 MiB JSON body to POST /api/v1/session (answered 400: no sign-in needed);
//   get:  GET of the web UI's largest asset (a small request, a large answer).
// Usage: node bench/keepalive_memory.mjs DATA_DIR [connections=150] [post|get]
// Prints one Markdown table row per run for bench/RESULTS.md.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { bin, request, root, rssMiB, startServer } from './lib.mjs';

const [dataDir, countText, kind = 'post'] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/keepalive_memory.mjs DATA_DIR [connections] [post|get]');
  process.exit(2);
}
const count = Number(countText || 150);
const webDir = path.join(root, 'web', 'dist');
const { child, base } = await startServer(dataDir, { WEFT_WEB_DIR: webDir });
const port = Number(new URL(base).port);
let target = '/';
if (kind === 'get') {
  const html = (await request(`${base}/`)).text;
  const assets = [...html.matchAll(/\/assets\/[^"']+\.js/g)].map((m) => m[0]);
  let best = 0;
  for (const asset of assets) {
    const size = (await request(`${base}${asset}`)).text.length;
    if (size > best) [best, target] = [size, asset];
  }
}
const body = 'a'.repeat(1024 * 1024 - 100);
const message = kind === 'post'
  ? `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
  : `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`;
await new Promise((r) => setTimeout(r, 1000));
const before = rssMiB(child.pid);
const sockets = [];
for (let i = 0; i < count; i += 1) {
  await new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let got = '';
    socket.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) resolve(); });
    socket.on('error', () => resolve());
    socket.write(message);
  });
}
await new Promise((r) => setTimeout(r, 1000));
const idle = rssMiB(child.pid);
for (const socket of sockets) socket.destroy();
await new Promise((r) => setTimeout(r, 1500));
const after = rssMiB(child.pid);
console.log(`| ${path.basename(fs.realpathSync(bin))} | ${kind === 'post' ? '1 MiB POST' : `GET ${target}`} | ${count} | ` +
  `${before.toFixed(0)} | ${idle.toFixed(0)} | ${after.toFixed(0)} |`);
child.kill('SIGTERM');
process.exit(0);
