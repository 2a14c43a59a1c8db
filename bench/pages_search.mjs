#!/usr/bin/env node
// Knowledge pages at scale (issue 14): search that includes pages, backlinks of a problem, and a
// space's export and import, on a large demo store (the 100,000-person demo keeps ~3,000 spaces'
// handbooks and write-ups), as the demo member, over HTTP on loopback (client and server on the
// same cores): one request at a time (p50, p99), then four at a time for `seconds` each
// (requests/s, p99) next to GET /healthz for the ratio.
// Usage: node bench/pages_search.mjs DATA_DIR [seconds=5]
// Prints a Markdown section for bench/RESULTS.md. Imports 50 pages into the member's own space.
import { concurrentRate, ms, percentile, request, sequentialTimes, signIn, startServer } from './lib.mjs';

const [dataDir, secondsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/pages_search.mjs DATA_DIR [seconds]');
  process.exit(2);
}
const seconds = Number(secondsText || 5);
const { child, base, startedMs } = await startServer(dataDir);
const member = await signIn(base, 'member@weft.demo');
const headers = { cookie: member.cookie };
const read = async (p) => JSON.parse((await request(`${base}${p}`, { headers })).text);
const timed = async (fn, n = 20) => {
  const times = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
};

const pageHits = await read('/api/v1/search?q=handbook&type=page&limit=20');
const anyHits = await read('/api/v1/search?q=supplier+contract&limit=20');
// A handbook that links to a problem it solved: its backlinks are measured below.
let handbook;
let problem;
const solvedHits = await read('/api/v1/search?q=problems+we+solved&type=page&limit=20');
for (const hit of solvedHits.items) {
  handbook = await read(`/api/v1/pages/${hit.id}`);
  problem = handbook.body.match(/\/problems\/(\d+)/)?.[1];
  if (problem) break;
}
const spaces = (await read('/api/v1/spaces?mine=true&limit=100')).items;
const own = spaces.find((s) => s.my_role === 'owner');
const tree = (await read(`/api/v1/spaces/${own.id}/pages`)).items;

const paths = [
  ['search pages: "handbook"', '/api/v1/search?q=handbook&type=page'],
  ['search pages: "supplier"', '/api/v1/search?q=supplier&type=page'],
  ['search everything: "supplier contract"', '/api/v1/search?q=supplier+contract'],
  ['a page', `/api/v1/pages/${handbook.id}`],
];
if (problem) paths.push(['backlinks of a problem', `/api/v1/problems/${problem}/backlinks`]);
paths.push(['export the member\'s space (zip)', `/api/v1/spaces/${own.id}/pages/export`]);

const rows = [];
const rates = [];
for (const [name, path] of paths) {
  const times = await sequentialTimes(`${base}${path}`, headers);
  rows.push(`| ${name} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} |`);
  if (!name.startsWith('export')) rates.push([name, await concurrentRate(`${base}${path}`, headers, seconds)]);
}

// Import 50 Markdown files (10 folders of 4 and their folder pages) into the member's space.
const files = [];
for (let f = 0; f < 10; f += 1) {
  for (let k = 0; k < 4; k += 1) {
    files.push({ path: `bench import/folder ${f}/note ${k}.md`,
      content: `# Note ${f}.${k}\n\n${'Pallets, labels and seals are checked on arrival. '.repeat(40)}\n` });
  }
}
const importTimes = await timed(async () => {
  const res = await request(`${base}/api/v1/spaces/${own.id}/pages/import`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'x-csrf-token': member.csrf },
    body: JSON.stringify({ files }),
  });
  if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text.slice(0, 200)}`);
}, 5);
const pagesMade = 5 * (files.length + 11);

const health = await concurrentRate(`${base}/healthz`, {}, seconds);
console.log(`- Server ready in ${(startedMs / 1000).toFixed(1)} s. "handbook" finds ${pageHits.items.length}+ pages${pageHits.next_cursor ? ' (more on later pages)' : ''};
  "supplier contract" finds ${anyHits.items.length} items of ${new Set(anyHits.items.map((h) => h.type)).size} kinds on its first page.
  The member's own space had ${tree.length} pages before the imports.

| request | p50 | p99 |
|---|---|---|
${rows.join('\n')}
| import 40 files in 10 folders (51 pages, ${(JSON.stringify({ files }).length / 1024).toFixed(0)} KB) | ${ms(percentile(importTimes, 50))} | ${ms(Math.max(...importTimes))} (max of 5) |

| four at a time for ${seconds} s | requests/s | p99 | share of /healthz |
|---|---|---|---|
${rates.map(([name, r]) => `| ${name} | ${r.rps.toFixed(0)} | ${ms(r.p99)} | ${(100 * r.rps / health.rps).toFixed(1)}% |`).join('\n')}
| /healthz | ${health.rps.toFixed(0)} | ${ms(health.p99)} | 100% |

(${pagesMade} pages were imported in all.)`);
child.kill('SIGTERM');
process.exit(0);
