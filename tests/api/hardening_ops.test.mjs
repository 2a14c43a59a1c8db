// Operations rules of the hardening work (docs/design/hardening.md): every WEFT_* setting Weft
// cannot use stops the server with a message naming it; event subscribers show their checkpoint
// and failures in /metrics; durability is FULL unless asked otherwise.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';
import { createPost, member } from './social.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('settings Weft cannot use stop `weft` with exit code 2 and a message naming the variable', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-settings-test-'));
  try {
    const cases = [
      ['WEFT_DURABILITY', 'sometimes'],
      ['WEFT_MAX_CONNECTIONS', '0'],
      ['WEFT_MAX_CONNECTIONS', 'lots'],
      ['WEFT_MAX_STREAMS_PER_PERSON', '-1'],
      ['WEFT_THREADS', 'two'],
      ['WEFT_PUBLIC_URL', 'weft.example.org'],
      ['WEFT_WEBHOOK_ALLOW_PRIVATE', 'yes'],
      ['WEFT_WEBHOOK_RETRY_SCALE', '0'],
      ['WEFT_WEBHOOK_RETRY_SCALE', 'fast'],
    ];
    for (const [name, value] of cases) {
      const env = { ...process.env, [name]: value };
      for (const other of ['WEFT_DATABASE_URL', 'WEFT_DATA_DIR', 'WEFT_LISTEN', 'WEFT_WEB_DIR']) delete env[other];
      if (name !== 'WEFT_THREADS') delete env.WEFT_THREADS;
      const run = spawnSync(WEFT_BIN, ['serve', '--listen', '127.0.0.1:0', '--data-dir', path.join(dir, 'data')],
        { env, encoding: 'utf8', timeout: 10_000 });
      assert.equal(run.status, 2, `${name}=${value}: exit ${run.status}\n${run.stderr}`);
      assert.match(run.stderr, new RegExp(name), `${name}=${value}: the message names the variable: ${run.stderr}`);
      assert.doesNotMatch(run.stdout, /listening on/, `${name}=${value}: never listens`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('/metrics shows each event subscriber: checkpoint, failures, whether it is retrying', async () => {
  const author = await member(server, { name: 'Metra Metrics' });
  await createPost(author, { body: 'Something for the subscribers', audience: 'public' });
  const deadline = Date.now() + 8000;
  let text = '';
  for (;;) {
    const res = await fetch(server.url('/metrics'));
    text = await res.text();
    const checkpoint = /^weft_subscriber_checkpoint\{subscriber="notifications"\} (\d+)$/m.exec(text);
    const last = /^weft_events_last_id (\d+)$/m.exec(text);
    if (checkpoint && last && Number(checkpoint[1]) >= Number(last[1])) break;
    assert.ok(Date.now() < deadline, `the notifications subscriber catches up with the log:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const name of ['notifications', 'realtime', 'deadlines']) {
    assert.match(text, new RegExp(`^weft_subscriber_failures_total\\{subscriber="${name}"\\} 0$`, 'm'), name);
    assert.match(text, new RegExp(`^weft_subscriber_retrying\\{subscriber="${name}"\\} 0$`, 'm'), name);
  }
  expectOk(await (await server.admin()).client.get('/api/v1/me'));
});

test('/metrics times the store: reads and writes as histograms that grow with the requests (API.md "store timings")', async () => {
  const counts = async () => {
    const text = await (await fetch(server.url('/metrics'))).text();
    assert.match(text, /^# TYPE weft_store_seconds histogram$/m);
    const count = (kind) => Number(new RegExp(`^weft_store_seconds_count\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    const inf = (kind) => Number(new RegExp(`^weft_store_seconds_bucket\\{kind="${kind}",le="\\+Inf"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    assert.equal(inf('read'), count('read'));
    assert.equal(inf('write'), count('write'));
    return { read: count('read'), write: count('write') };
  };
  const before = await counts();
  const author = await member(server, { name: 'Tim Timings' });
  await createPost(author, { body: 'Timed', audience: 'public' });
  const after = await counts();
  assert.ok(after.read > before.read, `reads counted: ${before.read} → ${after.read}`);
  assert.ok(after.write > before.write, `writes counted: ${before.write} → ${after.write}`);
});

test('/metrics shows the heap the server holds and the allocator keeps resident, when it allocates with jemalloc', async () => {
  const s = await startServer();
  try {
    const author = await member(s, { name: 'Hepa Heap' });
    await createPost(author, { body: 'Something to hold', audience: 'public' });
    const text = await (await fetch(s.url('/metrics'))).text();
    const allocated = /^weft_heap_allocated_bytes (\d+)$/m.exec(text);
    const resident = /^weft_heap_resident_bytes (\d+)$/m.exec(text);
    if (/memory: jemalloc/.test(s.stderrTail())) {
      assert.ok(allocated && resident, `both figures are reported:\n${text}`);
      assert.ok(Number(allocated[1]) > 1_000_000, `a running server holds more than a megabyte: ${allocated[1]}`);
      assert.ok(Number(allocated[1]) <= Number(resident[1]), 'what is held is resident');
    } else {
      // A build without jemalloc (the sanitizer builds) has no such figures, rather than made-up ones.
      assert.equal(allocated, null);
      assert.equal(resident, null);
    }
  } finally {
    await s.stop();
  }
});

test('durability is FULL unless WEFT_DURABILITY=normal, and the server says which at start', async () => {
  // WEFT_DURABILITY is SQLite's; a server on PostgreSQL says so instead (its durability is the
  // database's own settings).
  const onPostgres = process.env.WEFT_API_ON_POSTGRES === '1' && Boolean(process.env.WEFT_TEST_POSTGRES_URL);
  for (const [durability, expected] of [[undefined, /durability: full \(synchronous=FULL/], ['full', /durability: full/],
    ['normal', /durability: normal \(synchronous=NORMAL/]].map(([d, e]) => [d, onPostgres ? /from PostgreSQL \(1 node\(s\) on it now\)/ : e])) {
    const s = await startServer({ env: durability ? { WEFT_DURABILITY: durability } : {} });
    try {
      const author = await member(s, { name: `Dura ${durability ?? 'default'}` });
      const post = await createPost(author, { body: `Durable ${durability}`, audience: 'public' });
      assert.equal(expectOk(await author.client.get(`/api/v1/posts/${post.id}`)).body, `Durable ${durability}`);
      assert.match(s.stderrTail(), expected, `WEFT_DURABILITY=${durability}`);
    } finally {
      await s.stop();
    }
  }
});
