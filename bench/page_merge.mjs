#!/usr/bin/env node
// Page saves that must be merged, against everyone else's writes, on loopback (client and server on
// the same cores): one member keeps saving a stale edit of the longest page a save allows (about
// 99,000 one-letter lines, 200 KB; each stale save is a three-way merge of three such texts),
// while another member posts; how long the posts take, against the same posts with no merges,
// and /healthz in the same runs.
// Usage: node bench/page_merge.mjs DATA_DIR [seconds=10] [lines=99000]
//   DATA_DIR: a store with the demo's people (e.g. `weft demo --people 200`); the run writes to it.
// Prints a Markdown table for bench/RESULTS.md.
import os from 'node:os';
import path from 'node:path';
import { bin, ms, percentile, request, signIn, startServer, timedPosts } from './lib.mjs';

const [dataDir, secondsText, linesText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/page_merge.mjs DATA_DIR [seconds] [lines]');
  process.exit(2);
}
const seconds = Number(secondsText || 10);
const lines = Number(linesText || 99000);

const { child, base } = await startServer(dataDir);
const as = (who) => (method, p, body, headers = {}) => request(`${base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const asAdmin = as(await signIn(base, 'admin@weft.demo'));
const asMember = as(await signIn(base, 'member@weft.demo'));

// A deterministic text of x and y lines (a pseudo-random walk: long diffs, many short matches).
function text(seed) {
  let state = seed;
  const out = [];
  for (let k = 0; k < lines; k += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(state & 0x10000 ? 'x' : 'y');
  }
  return out.join('\n');
}
const space = JSON.parse((await asAdmin('POST', '/api/v1/spaces', { name: `Merge bench ${Date.now()}`, purpose: 'bench', kind: 'project', visibility: 'public' })).text);
const made = await asAdmin('POST', `/api/v1/spaces/${space.id}/pages`, { title: 'Long page', body: text(1) });
if (made.status !== 201) throw new Error(`page ${made.status} ${made.text}`);
const page = JSON.parse(made.text);
const base0 = page.revision;
const theirs = await asAdmin('PUT', `/api/v1/pages/${page.id}`, { title: 'Long page', body: text(2) }, { 'if-match': `"${base0}"` });
if (theirs.status !== 200) throw new Error(`save ${theirs.status} ${theirs.text}`);

async function merges(until) {
  const took = [];
  const mine = text(3);
  while (Date.now() < until) {
    const started = process.hrtime.bigint();
    const res = await asAdmin('PUT', `/api/v1/pages/${page.id}`, { title: 'Long page', body: mine }, { 'if-match': `"${base0}"` });
    if (res.status !== 409 && res.status !== 200) throw new Error(`merge ${res.status} ${res.text.slice(0, 200)}`);
    took.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return took;
}
const posts = (until) => timedPosts(asMember, until);
async function health(until) {
  const took = [];
  while (Date.now() < until) {
    const started = process.hrtime.bigint();
    const res = await request(`${base}/healthz`);
    if (res.status !== 200) throw new Error(`healthz ${res.status}`);
    took.push(Number(process.hrtime.bigint() - started) / 1e6);
    await new Promise((r) => setTimeout(r, 50));
  }
  return took;
}

const rows = [];
for (const merging of [false, true, false, true]) {
  const until = Date.now() + seconds * 1000;
  const [took, healthz, merged] = await Promise.all([posts(until), health(until), merging ? merges(until) : Promise.resolve([])]);
  rows.push(`| ${merging ? 'stale saves of the long page' : 'no merges'} | ${merging ? `${merged.length}, p50 ${ms(percentile(merged, 50))}` : '—'} | ` +
    `${took.length} | ${ms(percentile(took, 50))} | ${ms(percentile(took, 99))} | ${ms(Math.max(...took))} | ` +
    `${ms(percentile(healthz, 50))} / ${ms(percentile(healthz, 99))} |`);
}
console.log(`Merges against writes: ${path.basename(bin)}, a page of ${lines} lines, ${seconds} s a run, ` +
  `${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`);
console.log('\n| run | merges (each one save) | posts | post p50 | post p99 | post max | /healthz p50 / p99 |\n|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
// The diff between the two revisions of that page (GET /pages/{id}/diff), five times.
const diffs = [];
for (let k = 0; k < 5; k += 1) {
  const started = process.hrtime.bigint();
  const res = await asAdmin('GET', `/api/v1/pages/${page.id}/diff?from=${base0}&to=${JSON.parse(theirs.text).revision}`);
  if (res.status !== 200) throw new Error(`diff ${res.status} ${res.text.slice(0, 200)}`);
  diffs.push(Number(process.hrtime.bigint() - started) / 1e6);
}
console.log(`\nThe diff of its two revisions (GET /pages/{id}/diff, 5 times): p50 ${ms(percentile(diffs, 50))}, max ${ms(Math.max(...diffs))}`);
child.kill('SIGTERM');
process.exit(0);
