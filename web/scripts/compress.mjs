#!/usr/bin/env node
// Compresses the built web UI once, at build time: for each text file in dist/ over 1 KiB, a
// brotli (.br, quality 11) and a gzip (.gz, level 9) copy next to it, kept only when smaller. The
// server sends them to clients that accept them (src/http/static_files.cc).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const kinds = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.map', '.webmanifest']);
let files = 0;
let before = 0;
let afterBrotli = 0;
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full);
      continue;
    }
    if (!kinds.has(path.extname(entry.name))) continue;
    const body = fs.readFileSync(full);
    for (const suffix of ['.br', '.gz']) fs.rmSync(full + suffix, { force: true });
    if (body.length < 1024) continue;
    const brotli = zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    const gzip = zlib.gzipSync(body, { level: 9 });
    if (brotli.length < body.length) fs.writeFileSync(`${full}.br`, brotli);
    if (gzip.length < body.length) fs.writeFileSync(`${full}.gz`, gzip);
    files += 1;
    before += body.length;
    afterBrotli += Math.min(brotli.length, body.length);
  }
}
walk(dist);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`compress: ${files} files, ${kib(before)} → ${kib(afterBrotli)} with brotli`);
