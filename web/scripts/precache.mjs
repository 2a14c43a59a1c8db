#!/usr/bin/env node
// Writes the app shell into the built service worker (dist/sw.js): the list of files to keep for
// offline use (the page, the built assets, icons and manifest) and a version made from their
// contents. A new build therefore has a new sw.js, which browsers install in place of the old one
// along with new cache names. Runs after `vite build`, before compress.mjs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const skip = new Set(['sw.js']);
const files = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (!/\.(br|gz)$/.test(entry.name) && !skip.has(entry.name)) files.push(path.relative(dist, full).split(path.sep).join('/'));
  }
}
walk(dist);
files.sort();
const hash = crypto.createHash('sha256');
for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(dist, file)));
const version = hash.digest('hex').slice(0, 12);
// index.html is kept as "/", the address every page load of the app asks for.
const urls = files.map((file) => (file === 'index.html' ? '/' : `/${file}`));

const swPath = path.join(dist, 'sw.js');
const source = fs.readFileSync(swPath, 'utf8');
const kList = "JSON.parse('__WEFT_PRECACHE__')";
if (!source.includes("'__WEFT_VERSION__'") || !source.includes(kList)) {
  throw new Error('precache: dist/sw.js has no placeholders to fill');
}
fs.writeFileSync(
  swPath,
  source.replace("'__WEFT_VERSION__'", `'${version}'`).replace(kList, JSON.stringify(urls)),
);
console.log(`precache: ${urls.length} files, version ${version}`);
