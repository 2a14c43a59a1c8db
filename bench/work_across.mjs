#!/usr/bin/env node
// Work across spaces (issue 13): GET /api/v1/problems, /ideas and /proposals as the demo member,
// over HTTP on loopback (client and server on the same cores): one request at a time (p50, p99)
// for the first page, a state filter, a unit filter and the second page; then four at a time for
// `seconds` each (requests/s, p99) next to GET /healthz at the same concurrency for the ratio.
// Usage: node bench/work_across.mjs DATA_DIR [seconds=5]
// Prints a Markdown section for bench/RESULTS.md.
import { concurrentRate, ms, percentile, request, sequentialTimes, signIn, startServer } from './lib.mjs';

const [dataDir, secondsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/work_across.mjs DATA_DIR [seconds]');
  process.exit(2);
}
const seconds = Number(secondsText || 5);
const { child, base } = await startServer(dataDir);
const member = await signIn(base, 'member@weft.demo');
const get = async (p) => {
  const t = performance.now();
  const res = await request(`${base}${p}`, { headers: { cookie: member.cookie } });
  if (res.status !== 200) throw new Error(`${p}: ${res.status} ${res.text.slice(0, 200)}`);
  return { ms: performance.now() - t, body: JSON.parse(res.text) };
};
const me = (await get('/api/v1/me')).body;
const unit = me.unit_id ?? (await get('/api/v1/units')).body.items[0].id;

const sequential = (p) => sequentialTimes(`${base}${p}`, { cookie: member.cookie });
const concurrent = (p, headers) => concurrentRate(`${base}${p}`, headers, seconds);

const rows = [];
const counts = {};
for (const [name, path, state] of [['problems', '/api/v1/problems', 'status=open'], ['ideas', '/api/v1/ideas', 'stage=accepted'],
  ['proposals', '/api/v1/proposals', 'status=closed&decision=adopted']]) {
  const first = await get(path);
  counts[name] = first.body.counts;
  const second = first.body.next_cursor ? `${path}?cursor=${encodeURIComponent(first.body.next_cursor)}` : path;
  for (const [label, p] of [['first page', path], [state, `${path}?${state}`], ['one unit', `${path}?unit_id=${unit}`],
    ['second page', second]]) {
    const times = await sequential(p);
    rows.push(`| ${name}, ${label} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} |`);
  }
}
const health = await concurrent('/healthz', {});
const lists = await concurrent('/api/v1/problems', { cookie: member.cookie });
const total = (c) => Object.values(c).reduce((n, v) => n + v, 0);
console.log(`- What the demo member sees: ${total(counts.problems)} problems (${JSON.stringify(counts.problems)}),
  ${total(counts.ideas)} ideas, ${total(counts.proposals)} proposals (${JSON.stringify(counts.proposals)}).

| request (20 items a page) | p50 | p99 |
|---|---|---|
${rows.join('\n')}

- Four at a time for ${seconds} s: GET /api/v1/problems ${lists.rps.toFixed(0)} requests/s (p99 ${ms(lists.p99)}),
  GET /healthz ${health.rps.toFixed(0)} requests/s (p99 ${ms(health.p99)}): ${(100 * lists.rps / health.rps).toFixed(1)}% of /healthz.`);
child.kill('SIGTERM');
process.exit(0);
