// PostgreSQL killed (immediate shutdown, crash recovery at the next start) and started again
// under a write load, on a cluster of this test's own (the shared one serves other suites
// meanwhile): while it is down, requests answer 503 with a JSON error at once, never hang;
// afterwards Weft recovers without a restart; every post it acknowledged is there, and the views
// (feed, search, notifications) catch up.
// Runs in the API suite's PostgreSQL pass (scripts/test.sh starts a throwaway cluster).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServer } from './server.mjs';
import { eventually, follow, notificationsOf } from './social.mjs';

// Once per `make test`: in the API suite's PostgreSQL pass.
const skip = process.env.WEFT_TEST_POSTGRES_URL && process.env.WEFT_API_ON_POSTGRES === '1' ? false : 'runs in the PostgreSQL pass of the API suite (WEFT_API_ON_POSTGRES=1, WEFT_TEST_POSTGRES_URL)';
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'postgres.sh');
let cluster;  // {url, dir}
let server;

function pg(...args) {
  return execFileSync('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

before(async () => {
  if (skip) return;
  const out = pg('start');
  cluster = {
    url: /WEFT_TEST_POSTGRES_URL='([^']*)'/.exec(out)[1],
    dir: /WEFT_TEST_POSTGRES_DIR='([^']*)'/.exec(out)[1],
  };
  execFileSync('psql', [`${cluster.url} dbname=postgres`, '-qc', 'CREATE DATABASE weft_outage'], { stdio: 'pipe' });
  server = await startServer({ env: { WEFT_DATABASE_URL: `${cluster.url} dbname=weft_outage` } });
});

after(async () => {
  if (skip) return;
  try {
    if (server) await server.stop();
  } finally {
    if (cluster) pg('stop', cluster.dir);
  }
});

test('PostgreSQL killed and restarted under a write load: fast 503s while down, recovery without a restart, nothing acknowledged lost', { skip }, async (t) => {
  const writer = await server.signedInPerson({ name: 'Olive Outage' });
  const reader = await server.signedInPerson({ name: 'Rudy Recovery' });
  await follow(reader, writer);
  const acknowledged = [];
  const refused = [];
  let writing = true;
  const load = async (worker) => {
    for (let n = 0; writing; n += 1) {
      const started = Date.now();
      let res;
      try {
        res = await writer.client.post('/api/v1/posts', { body: `outage load ${worker}-${n} #outagetopic` });
      } catch (error) {
        refused.push({ status: 'network', ms: Date.now() - started, error: String(error) });
        await sleep(20);
        continue;
      }
      if (res.status === 201) acknowledged.push(res.body.id);
      else refused.push({ status: res.status, ms: Date.now() - started, body: res.body });
      if (res.status !== 201) await sleep(20);
    }
  };
  const workers = [load(1), load(2), load(3), load(4)];
  try {
    await eventually(() => acknowledged.length, (n) => n >= 20, { what: 'posts before the outage' });
    pg('halt', cluster.dir);
    const during = acknowledged.length;
    await eventually(() => refused.length, (n) => n >= 10, { what: 'refusals while PostgreSQL is down' });
    // A read while it is down: 503 with a JSON error, quickly.
    const started = Date.now();
    const down = await reader.client.get('/api/v1/feed');
    assert.equal(down.status, 503, down.text);
    assert.equal(down.body.error.code, 'unavailable');
    assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
    pg('resume', cluster.dir);
    await eventually(() => acknowledged.length, (n) => n >= during + 20,
      { timeoutMs: 20_000, what: 'posts after PostgreSQL is back' });
  } finally {
    writing = false;
    await Promise.all(workers);
  }

  t.diagnostic(`${acknowledged.length} posts acknowledged, ${refused.length} refused while PostgreSQL was down ` +
    `(slowest refusal ${Math.max(...refused.map((f) => f.ms))} ms)`);
  for (const failure of refused) {
    assert.ok([503, 'network'].includes(failure.status), `a refusal while down: ${JSON.stringify(failure)}`);
    if (failure.status === 503) {
      assert.equal(failure.body.error.code, 'unavailable');
      assert.ok(failure.ms < 6000, `a refusal took ${failure.ms} ms`);
    }
  }
  // Every acknowledged post is stored.
  const stored = execFileSync('psql', [`${cluster.url} dbname=weft_outage`, '-qtAc',
    `SELECT COUNT(*) FROM posts WHERE id IN (${acknowledged.join(',')})`], { stdio: 'pipe' }).toString().trim();
  assert.equal(Number(stored), acknowledged.length, `${acknowledged.length} acknowledged posts`);
  // The views caught up: the last post is in the reader's feed and found by search.
  const last = acknowledged[acknowledged.length - 1];
  await eventually(() => reader.client.get('/api/v1/feed?limit=50'), (res) => res.status === 200 && res.body.items.some((p) => p.id === last),
    { timeoutMs: 15_000, what: 'the last post in the feed' });
  const after = await writer.client.post('/api/v1/posts', { body: 'Written after the outage: quokkafjord' });
  assert.equal(after.status, 201);
  await eventually(() => reader.client.get('/api/v1/search?q=quokkafjord&type=post'),
    (res) => res.status === 200 && res.body.items?.some((hit) => hit.id === after.body.id),
    { timeoutMs: 15_000, what: 'search to index what is written after the outage' });
  const follows = await notificationsOf(writer);
  assert.equal(follows.filter((n) => n.kind === 'follow').length, 1);
});
