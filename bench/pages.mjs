#!/usr/bin/env node
// Knowledge pages (issue 14): page saves as a history grows to 1,000 revisions, saves merged over
// a newer revision, the diff of two revisions of a 100 KB page, and reading a page next to
// GET /healthz. Over HTTP on loopback (client and server on the same cores), as the demo member in
// the space they own, on a fresh small demo store.
// Usage: node bench/pages.mjs [revisions=1000]
// Prints a Markdown section for bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, concurrentRate, ms, percentile, request, sequentialTimes, signIn, startServer } from './lib.mjs';

const revisions = Number(process.argv[2] || 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-pages-'));
const demo = spawnSync(bin, ['demo', '--people', '200', '--seed', '1', '--data-dir', dir], { encoding: 'utf8' });
if (demo.status !== 0) throw new Error(demo.stderr);
const { child, base } = await startServer(dir);
const member = await signIn(base, 'member@weft.demo');
const json = { 'content-type': 'application/json', cookie: member.cookie, 'x-csrf-token': member.csrf };
const call = async (method, p, body, headers = {}) => {
  const res = await request(`${base}${p}`, { method, headers: { ...json, ...headers }, body: body && JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: res.text ? JSON.parse(res.text) : null };
};
const spaces = (await call('GET', '/api/v1/spaces?mine=true&limit=100')).body.items;
const space = spaces.find((s) => s.my_role === 'owner');

// 1. A page saved `revisions` times, each save starting from the current revision.
const lines = Array.from({ length: 60 }, (_, i) => `Step ${i + 1}: check the pallet, the label and the seal.`);
let page = (await call('POST', `/api/v1/spaces/${space.id}/pages`, { title: 'Warehouse handbook', body: lines.join('\n') })).body;
const saveTimes = [];
for (let k = 0; k < revisions; k++) {
  lines[k % lines.length] = `Step ${(k % lines.length) + 1}: revised ${k} times over.`;
  const t = performance.now();
  const res = await call('PUT', `/api/v1/pages/${page.id}`, { title: page.title, body: lines.join('\n'), summary: `edit ${k}` },
    { 'if-match': `"${page.revision}"` });
  saveTimes.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`save ${k}: ${res.status} ${JSON.stringify(res.body)}`);
  page = res.body;
}
const first = saveTimes.slice(0, 100);
const last = saveTimes.slice(-100);

// 2. Saves that start from an older revision and are merged (one line each, far apart).
const mergeTimes = [];
for (let k = 0; k < 100; k++) {
  const start = page.revision;
  const ahead = [...lines];
  ahead[0] = `Step 1: moved ahead ${k}.`;
  page = (await call('PUT', `/api/v1/pages/${page.id}`, { title: page.title, body: ahead.join('\n') }, { 'if-match': `"${start}"` })).body;
  const mine = [...lines];
  mine[40] = `Step 41: merged ${k}.`;
  const t = performance.now();
  const res = await call('PUT', `/api/v1/pages/${page.id}`, { title: page.title, body: mine.join('\n') }, { 'if-match': `"${start}"` });
  mergeTimes.push(performance.now() - t);
  if (res.status !== 200 || res.headers['weft-merged'] !== 'true') throw new Error(`merge ${k}: ${res.status}`);
  page = res.body;
  lines.splice(0, lines.length, ...page.body.split('\n'));
}

// 3. The diff of two revisions of a 100 KB page (2,000 lines; 40 lines changed, spread out).
const big = Array.from({ length: 2000 }, (_, i) => `Line ${i}: ${'the quick brown fox jumps over the lazy dog '.slice(0, 40)}`);
const bigPage = (await call('POST', `/api/v1/spaces/${space.id}/pages`, { title: 'Big page', body: big.join('\n') })).body;
for (let i = 0; i < 2000; i += 50) big[i] = `Line ${i}: changed.`;
const bigSaved = (await call('PUT', `/api/v1/pages/${bigPage.id}`, { title: 'Big page', body: big.join('\n') },
  { 'if-match': `"${bigPage.revision}"` })).body;
const diffTimes = await sequentialTimes(`${base}/api/v1/pages/${bigPage.id}/diff?from=${bigPage.revision}&to=${bigSaved.revision}`,
  { cookie: member.cookie }, 50);
const bytes = Buffer.byteLength(bigPage.body);

// 4. Reading a page, four at a time, next to /healthz.
const reads = await concurrentRate(`${base}/api/v1/pages/${page.id}`, { cookie: member.cookie }, 5);
const health = await concurrentRate(`${base}/healthz`, {}, 5);
child.kill('SIGTERM');
fs.rmSync(dir, { recursive: true, force: true });

console.log(`| measure | p50 | p99 |
|---|---|---|
| save, revisions 1–100 | ${ms(percentile(first, 50))} | ${ms(percentile(first, 99))} |
| save, revisions ${revisions - 99}–${revisions} | ${ms(percentile(last, 50))} | ${ms(percentile(last, 99))} |
| save merged over a newer revision (100) | ${ms(percentile(mergeTimes, 50))} | ${ms(percentile(mergeTimes, 99))} |
| diff of a ${(bytes / 1024).toFixed(0)} KB page, 40 lines changed (50) | ${ms(percentile(diffTimes, 50))} | ${ms(percentile(diffTimes, 99))} |

- GET /api/v1/pages/{id}, four at a time for 5 s: ${reads.rps.toFixed(0)} requests/s (p99 ${ms(reads.p99)});
  GET /healthz ${health.rps.toFixed(0)} requests/s (p99 ${ms(health.p99)}): ${(100 * reads.rps / health.rps).toFixed(1)}% of /healthz.`);
process.exit(0);
