// weft migrate-store: an organization written on SQLite moves into an empty PostgreSQL database
// and is served from there as it was: the same people, passwords, sessions, posts, private spaces
// (still private), search (indexed afresh), and new ids after the copied ones. A non-empty target
// and bad arguments are refused with a reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

import { startServer, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';
import { createPost, eventually, follow, member } from './social.mjs';
import { createSpace } from './collab.mjs';

const base = process.env.WEFT_TEST_POSTGRES_URL;
// Once per `make test`: in the API suite's PostgreSQL pass.
const skip = base && process.env.WEFT_API_ON_POSTGRES === '1' ? false : 'runs in the PostgreSQL pass of the API suite (WEFT_API_ON_POSTGRES=1, WEFT_TEST_POSTGRES_URL)';
const database = `weft_migrate_${process.pid}_${Date.now() % 100000}`;
const url = `${base} dbname=${database}`;
let source;  // the SQLite server, stopped before the move
let target;  // the same organization served from PostgreSQL
const before_ = {};

function psql(sql, db = 'postgres') {
  return execFileSync('psql', [`${base} dbname=${db}`, '-qtAc', sql], { stdio: 'pipe' }).toString().trim();
}
function migrate(...args) {
  return spawnSync(WEFT_BIN, ['migrate-store', ...args], { encoding: 'utf8', timeout: 60_000 });
}

before(async () => {
  if (skip) return;
  psql(`CREATE DATABASE ${database}`);
  source = await startServer({ env: { WEFT_DATABASE_URL: '' } });
  const alice = await member(source, { name: 'Alice Mover' });
  const bob = await member(source, { name: 'Bob Outsider' });
  await follow(bob, alice);
  const secret = await createSpace(alice, { visibility: 'private', name: 'Quiet Room' });
  before_.post = await createPost(alice, { body: 'Before the move: xylophonic planning' });
  before_.hidden = await createPost(alice, { body: 'Private xylophonic notes', audience: 'space', space_id: secret.id });
  before_.alice = alice;
  before_.bob = bob;
  before_.space = secret;
  // Stopped (keeping its data directory) before moving its store.
  source.child.kill('SIGTERM');
  await source.exited;
});

after(async () => {
  if (skip) return;
  if (target) await target.stop();
  if (source) await source.stop();
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test('the organization moves with a per-table count check and is served from PostgreSQL as it was', { skip }, async () => {
  const dataDir = path.join(source.root, 'data');
  const run = migrate('--from', `sqlite:${dataDir}`, '--to', url);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^posts +\d+ +same on both sides$/m);
  assert.match(run.stdout, /^people +\d+ +same on both sides$/m);
  assert.match(run.stdout, /weft migrate-store: \d+ rows in [\d.]+ s \(\d+ rows\/s\)/);
  assert.match(run.stderr, /copy posts/, 'progress is shown');
  assert.match(run.stderr, /copy statistics/, 'the planner\'s statistics are gathered, with progress');
  // The planner has statistics for the copied tables at once, not after autovacuum's next round.
  for (const table of ['events', 'posts', 'people']) {
    assert.notEqual(psql(`SELECT COALESCE(last_analyze::text, '') FROM pg_stat_user_tables WHERE relname = '${table}'`, database), '',
      `${table} analyzed`);
  }
  const people = Number(/^people +(\d+)/m.exec(run.stdout)[1]);
  assert.equal(Number(psql('SELECT COUNT(*) FROM people', database)), people);

  target = await startServer({ env: { WEFT_DATABASE_URL: url } });
  // The same session cookie still works; so does the password.
  const sessionCheck = await target.anonymous().get('/api/v1/session', { headers: { Cookie: before_.alice.cookie } });
  assert.equal(sessionCheck.status, 200, sessionCheck.text);
  const alice = await target.signIn(before_.alice.email, before_.alice.password);
  const bob = await target.signIn(before_.bob.email, before_.bob.password);
  expectOk(await bob.client.get(`/api/v1/posts/${before_.post.id}`));
  assert.equal((await bob.client.get(`/api/v1/posts/${before_.hidden.id}`)).status, 404, 'a private space stays private');
  expectOk(await alice.client.get(`/api/v1/posts/${before_.hidden.id}`));
  // Search was indexed afresh, with the same visibility.
  const found = expectOk(await bob.client.get('/api/v1/search?q=xylophonic&type=post'));
  assert.deepEqual(found.items.map((hit) => hit.id), [before_.post.id]);
  const foundByAlice = expectOk(await alice.client.get('/api/v1/search?q=xylophonic&type=post'));
  assert.equal(foundByAlice.items.length, 2);
  // New rows take ids after the copied ones, and reach a follower's feed.
  const fresh = expectOk(await alice.client.post('/api/v1/posts', { body: 'After the move' }), 201);
  assert.ok(BigInt(fresh.id) > BigInt(before_.hidden.id), `${fresh.id} after ${before_.hidden.id}`);
  await eventually(() => bob.client.get('/api/v1/feed'), (res) => res.body.items?.some((p) => p.id === fresh.id),
    { what: 'the new post in the follower\'s feed' });
});

test('a target that already holds an organization is refused, and nothing is changed', { skip }, async () => {
  const dataDir = path.join(source.root, 'data');
  const postsBefore = psql('SELECT COUNT(*) FROM posts', database);
  const run = migrate('--from', `sqlite:${dataDir}`, '--to', url);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /already holds data \(table \w+\): migrate-store fills an empty database only/);
  assert.equal(psql('SELECT COUNT(*) FROM posts', database), postsBefore);
});

test('bad arguments: exit 2 with the usage; a missing source: exit 1 with a reason', { skip }, () => {
  for (const args of [[], ['--from', 'mysql:/x', '--to', url], ['--from', 'sqlite:/tmp', '--to', 'sqlite:/y'], ['--colour', 'blue']]) {
    const run = migrate(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /usage: weft migrate-store --from sqlite:PATH --to URL/);
  }
  const missing = migrate('--from', 'sqlite:/nonexistent/weft.db', '--to', url);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no SQLite store at \/nonexistent\/weft.db/);
});
