#!/usr/bin/env node
// The front door (issue 13): what home and the bell ask for on every visit — GET /api/v1/me/agenda,
// /api/v1/notifications/groups and the first page of /api/v1/feed — as the demo member, over HTTP
// on loopback (client and server on the same cores): one request at a time (p50, p99), then four
// at a time for `seconds` each (requests/s, p99) next to GET /healthz for the ratio.
// Usage: node bench/front_door.mjs DATA_DIR [seconds=5]
// Prints a Markdown section for bench/RESULTS.md.
import { concurrentRate, ms, percentile, request, sequentialTimes, signIn, startServer } from './lib.mjs';

const [dataDir, secondsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/front_door.mjs DATA_DIR [seconds]');
  process.exit(2);
}
const seconds = Number(secondsText || 5);
const { child, base, startedMs } = await startServer(dataDir);
const member = await signIn(base, 'member@weft.demo');
const headers = { cookie: member.cookie };
const read = async (p) => JSON.parse((await request(`${base}${p}`, { headers })).text);

const agenda = await read('/api/v1/me/agenda');
const groups = await read('/api/v1/notifications/groups');
const rows = [];
const rates = [];
for (const [name, path] of [['agenda', '/api/v1/me/agenda'], ['notification groups', '/api/v1/notifications/groups'],
  ['home feed, first page', '/api/v1/feed']]) {
  const times = await sequentialTimes(`${base}${path}`, headers);
  rows.push(`| ${name} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} |`);
  rates.push([name, await concurrentRate(`${base}${path}`, headers, seconds)]);
}
const health = await concurrentRate(`${base}/healthz`, {}, seconds);
console.log(`- Server ready in ${(startedMs / 1000).toFixed(1)} s. The demo member's agenda: ${agenda.awaiting_stance.total} proposals
  awaiting a stance, ${agenda.open_problems.total} open problems in their spaces; ${groups.items.length} notification groups.

| request | p50 | p99 |
|---|---|---|
${rows.join('\n')}

| four at a time for ${seconds} s | requests/s | p99 | share of /healthz |
|---|---|---|---|
${rates.map(([name, r]) => `| ${name} | ${r.rps.toFixed(0)} | ${ms(r.p99)} | ${(100 * r.rps / health.rps).toFixed(1)}% |`).join('\n')}
| /healthz | ${health.rps.toFixed(0)} | ${ms(health.p99)} | 100% |`);
child.kill('SIGTERM');
process.exit(0);
