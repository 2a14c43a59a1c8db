// Weft on PostgreSQL, as far as it goes today: a demo organization generated into a fresh
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
const skip = base ? false : 'PostgreSQL is not available here (WEFT_TEST_POSTGRES_URL)';
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
  const env = { ...process.env, WEFT_DATABASE_URL: `${base} dbname=${database}`, WEFT_POSTGRES_TRIAL: '1' };
  execFileSync(WEFT_BIN, ['demo', '--people', '40', '--seed', '3', '--data-dir', scratch], { env, stdio: 'pipe' });
  server = await startServer({ env: { WEFT_DATABASE_URL: `${base} dbname=${database}`, WEFT_POSTGRES_TRIAL: '1' } });
});

after(async () => {
  if (skip) return;
  if (server) await server.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test('without WEFT_POSTGRES_TRIAL=1 a PostgreSQL URL is refused with a reason', { skip }, () => {
  const env = { ...process.env, WEFT_DATABASE_URL: `${base} dbname=${database}` };
  delete env.WEFT_POSTGRES_TRIAL;
  let failure;
  try {
    execFileSync(WEFT_BIN, ['serve', '--listen', '127.0.0.1:0'], { env, stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    failure = error;
  }
  assert.ok(failure, 'serve refused to start');
  assert.match(String(failure.stderr), /WEFT_POSTGRES_TRIAL=1/);
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
