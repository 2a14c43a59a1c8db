// Weft on PostgreSQL: a bad WEFT_DATABASE_URL stops the start with one clear line; a demo organization generated into a fresh
// database, then served, with the main pages answering as on SQLite (every answer checked against
// the OpenAPI document) and what a person writes found by search and seen in a colleague's feed.
// Runs when WEFT_TEST_POSTGRES_URL names a server (scripts/test.sh starts a throwaway cluster).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';

const base = process.env.WEFT_TEST_POSTGRES_URL;
// Once per `make test`: in the API suite's PostgreSQL pass.
const skip = base && process.env.WEFT_API_ON_POSTGRES === '1' ? false : 'runs in the PostgreSQL pass of the API suite (WEFT_API_ON_POSTGRES=1, WEFT_TEST_POSTGRES_URL)';
const database = `weft_trial_${process.pid}_${Date.now() % 100000}`;
let server;
let scratch;

function psql(sql) {
  execFileSync('psql', [`${base} dbname=postgres`, '-qc', sql], { stdio: 'pipe' });
}

before(async () => {
  if (skip) return;
  psql(`CREATE DATABASE ${database}`);
  scratch = await mkdtemp(path.join(tmpdir(), 'weft-pg-trial-'));
  const env = { ...process.env, WEFT_DATABASE_URL: `${base} dbname=${database}` };
  execFileSync(WEFT_BIN, ['demo', '--people', '40', '--seed', '3', '--data-dir', scratch], { env, stdio: 'pipe' });
  server = await startServer({ env: { WEFT_DATABASE_URL: `${base} dbname=${database}` } });
});

after(async () => {
  if (skip) return;
  if (server) await server.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

/** Runs `weft serve` with `url`; answers {status, stderr, ms} once it exits (it must, quickly). */
function serveWith(url) {
  const env = { ...process.env, WEFT_DATABASE_URL: url };
  const started = Date.now();
  try {
    execFileSync(WEFT_BIN, ['serve', '--listen', '127.0.0.1:0'], { env, stdio: 'pipe', timeout: 15_000 });
    return { status: 0, stderr: '', ms: Date.now() - started };
  } catch (error) {
    return { status: error.status, signal: error.signal, stderr: String(error.stderr), ms: Date.now() - started };
  }
}

test('a bad WEFT_DATABASE_URL stops the start with one clear line and exit code 1, never a hang', { skip }, () => {
  const port = /port=(\d+)/.exec(base)[1];
  const cases = [
    ['postgres://weft@127.0.0.1:notaport/weft', /invalid integer value "notaport"/],
    ['host=127.0.0.1 port=1 user=postgres dbname=weft', /port 1 failed: Connection refused/],
    [`host=127.0.0.1 port=${port} user=nobody_here dbname=${database}`, /role "nobody_here" does not exist/],
    [`${base} dbname=no_such_database`, /database "no_such_database" does not exist/],
    ['colour=blue', /invalid connection option "colour"/],
  ];
  for (const [url, reason] of cases) {
    const run = serveWith(url);
    assert.equal(run.status, 1, `${url}: exit ${run.status} ${run.signal ?? ''}\n${run.stderr}`);
    assert.ok(run.ms < 10_000, `${url}: ${run.ms} ms`);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${url}: one line: ${run.stderr}`);
    assert.match(lines[0], /cannot connect to PostgreSQL: /);
    assert.match(lines[0], reason);
  }
});

test('a database a newer Weft has migrated is refused: one line naming both versions', { skip }, () => {
  const newer = `${database}_newer`;
  psql(`CREATE DATABASE ${newer}`);
  try {
    execFileSync('psql', [`${base} dbname=${newer}`, '-qc',
      'CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL); ' +
      "INSERT INTO schema_migrations VALUES (9999, 'from_the_future', 0)"], { stdio: 'pipe' });
    const run = serveWith(`${base} dbname=${newer}`);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /schema version 9999, newer than this Weft knows \(\d+\)/);
  } finally {
    psql(`DROP DATABASE IF EXISTS ${newer} WITH (FORCE)`);
  }
});

test('the demo organization is served from PostgreSQL: feed, people, spaces, work, topics, notifications', { skip }, async () => {
  const { client } = await server.signIn('member@weft.demo', 'weft-demo');
  const feed = expectOk(await client.get('/api/v1/feed?limit=20'));
  assert.ok(feed.items.length > 0, 'the home feed has posts');
  const people = expectOk(await client.get('/api/v1/people?limit=50'));
  assert.ok(people.items.length >= 40);
  const spaces = expectOk(await client.get('/api/v1/spaces'));
  assert.ok(spaces.items.length > 0);
  const space = spaces.items.find((s) => s.my_role !== null) ?? spaces.items[0];
  for (const kind of ['problems', 'ideas', 'proposals']) {
    expectOk(await client.get(`/api/v1/spaces/${space.id}/${kind}`));
  }
  expectOk(await client.get('/api/v1/topics'));
  expectOk(await client.get('/api/v1/skills'));
  expectOk(await client.get('/api/v1/units'));
  expectOk(await client.get('/api/v1/notifications'));
  const root = feed.items[0];
  const thread = expectOk(await client.get(`/api/v1/posts/${root.id}/thread`));
  assert.equal(thread.root.id, root.id);
});

test('a post written on PostgreSQL is found by search and enters a follower\'s feed', { skip }, async () => {
  const member = await server.signIn('member@weft.demo', 'weft-demo');
  const admin = await server.signIn('admin@weft.demo', 'weft-demo');
  await admin.client.put(`/api/v1/people/${member.person.id}/follow`);
  const word = `zephyrine${process.pid}`;
  const created = expectOk(await member.client.post('/api/v1/posts', { body: `Notes on ${word} for the team`, audience: 'public' }), 201);
  const found = expectOk(await admin.client.get(`/api/v1/search?type=post&q=${word}`));
  assert.deepEqual(found.items.map((item) => item.id), [created.id]);
  const feed = expectOk(await admin.client.get('/api/v1/feed?limit=20'));
  assert.ok(feed.items.some((post) => post.id === created.id), 'the follower sees the post');
  const people = expectOk(await admin.client.get('/api/v1/search?q=morgan'));
  assert.ok(people.items.some((item) => item.type === 'person' && item.id === member.person.id));
});
