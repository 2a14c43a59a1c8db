#!/usr/bin/env node
// Analytics benchmarks (issue 12) over HTTP on loopback, client and server on the same cores:
//   1. start-up: time until the organization's view of the last 30 days (network and engagement)
//      is kept, the server's resident memory before and after, and the graph's own timings;
//   2. the dashboard for the last 30 days (organization's view) as the page asks for it: outcomes,
//      network and engagement at once, N times (p50, p99 of the three together and of each);
//   3. one person's own view (view=mine): cold (first ask) and warm;
//   4. all time (from 2000): cold and warm, organization's view;
//   5. GET /healthz one at a time for reference (p50).
// Usage: node bench/analytics.mjs DATA_DIR [rounds=30]
// Prints a Markdown section for bench/RESULTS.md.
import { ms, percentile, request, rssMiB, signIn, startServer } from './lib.mjs';

const [dataDir, roundsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/analytics.mjs DATA_DIR [rounds]');
  process.exit(2);
}
const rounds = Number(roundsText || 30);
const { child, base, startedMs } = await startServer(dataDir);
const rssListening = rssMiB(child.pid);
const member = await signIn(base, 'member@weft.demo');
const admin = await signIn(base, 'admin@weft.demo');
const get = async (who, p) => {
  const t = performance.now();
  const res = await request(`${base}${p}`, { headers: { cookie: who.cookie } });
  if (res.status !== 200) throw new Error(`${p}: ${res.status} ${res.text.slice(0, 200)}`);
  return { ms: performance.now() - t, body: JSON.parse(res.text) };
};

// ---- 1. the organization's view, kept by the background thread (the first ask waits for it)
const first = await get(admin, '/api/v1/analytics/network?view=organization');
const keptMs = startedMs + first.ms;
await get(admin, '/api/v1/analytics/engagement?view=organization');
const rssKept = rssMiB(child.pid);
const graph = first.body;

// ---- 2. the dashboard, 30 days, organization's view
const dashboard = [];
const each = { outcomes: [], network: [], engagement: [] };
for (let k = 0; k < rounds; k++) {
  const t = performance.now();
  const parts = await Promise.all([
    get(admin, '/api/v1/analytics/outcomes'),
    get(admin, '/api/v1/analytics/network?view=organization'),
    get(admin, '/api/v1/analytics/engagement?view=organization'),
  ]);
  dashboard.push(performance.now() - t);
  each.outcomes.push(parts[0].ms);
  each.network.push(parts[1].ms);
  each.engagement.push(parts[2].ms);
}

// ---- 3. one person's own view
const mineNetworkCold = await get(member, '/api/v1/analytics/network');
const mineEngagementCold = await get(member, '/api/v1/analytics/engagement');
const mineWarm = [];
for (let k = 0; k < rounds; k++) mineWarm.push((await get(member, '/api/v1/analytics/network')).ms);

// ---- 4. all time
const allTime = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&view=organization';
const allNetworkCold = await get(admin, `/api/v1/analytics/network?${allTime}`);
const allEngagementCold = await get(admin, `/api/v1/analytics/engagement?${allTime}`);
const allOutcomes = await get(admin, `/api/v1/analytics/outcomes?from=2000-01-01T00:00:00Z`);
const allWarm = [];
for (let k = 0; k < rounds; k++) allWarm.push((await get(admin, `/api/v1/analytics/network?${allTime}`)).ms);
const rssEnd = rssMiB(child.pid);

// ---- 5. reference
const health = [];
for (let k = 0; k < 200; k++) {
  const t = performance.now();
  await request(`${base}/healthz`);
  health.push(performance.now() - t);
}

const all = allNetworkCold.body;
const line = (name, values) => `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} |`;
console.log(`- Started and listening in ${ms(startedMs)}; the organization's network of the last 30 days answered
  ${ms(keptMs)} after the start (${graph.people} people, ${graph.ties} pairs, ${graph.interactions} interactions;
  read ${graph.timings.collect_ms} ms, betweenness ${graph.timings.betweenness_ms} ms from ${graph.betweenness_sources}
  sources, communities ${graph.timings.communities_ms} ms). Resident memory: ${rssListening.toFixed(0)} MiB listening,
  ${rssKept.toFixed(0)} MiB with both kept, ${rssEnd.toFixed(0)} MiB at the end.
- The dashboard for the last 30 days (organization's view; outcomes, network and engagement asked at
  once), ${rounds} times:

| request | p50 | p99 |
|---|---|---|
${line('the three together', dashboard)}
${line('outcomes', each.outcomes)}
${line('network (kept)', each.network)}
${line('engagement (kept)', each.engagement)}
${line('network, one person\'s own view, warm', mineWarm)}
${line('network, all time, warm', allWarm)}
${line('/healthz', health)}

- One person's own view, cold: network ${ms(mineNetworkCold.ms)}, engagement ${ms(mineEngagementCold.ms)}.
- All time, cold: network ${ms(allNetworkCold.ms)} (${all.people} people, ${all.ties} pairs, ${all.interactions}
  interactions; read ${all.timings.collect_ms} ms, betweenness ${all.timings.betweenness_ms} ms, communities
  ${all.timings.communities_ms} ms), engagement ${ms(allEngagementCold.ms)}, outcomes ${ms(allOutcomes.ms)}.`);
child.kill('SIGTERM');
process.exit(0);
