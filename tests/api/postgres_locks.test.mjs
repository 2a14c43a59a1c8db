// PostgreSQL: a write that cannot take the writers' lock in time (lock_timeout, a cancel) is
// answered 503, and the connection it ran on is usable again at once: the next requests succeed.
// Runs in the API suite's PostgreSQL pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServer } from './server.mjs';
import { expectOk } from './expect.mjs';

const url = process.env.WEFT_TEST_POSTGRES_URL;
const skip = url && process.env.WEFT_API_ON_POSTGRES === '1' ? false : 'runs in the PostgreSQL pass of the API suite (WEFT_API_ON_POSTGRES=1, WEFT_TEST_POSTGRES_URL)';
const database = `weft_locks_${process.pid}`;
const kWriteLock = 2003136116;  // pg_store.cc's kWriteLock
let server;

before(async () => {
  if (skip) return;
  execFileSync('psql', [`${url} dbname=postgres`, '-qc', `CREATE DATABASE ${database}`], { stdio: 'pipe' });
  server = await startServer({ env: { WEFT_DATABASE_URL: `${url} dbname=${database} options='-c lock_timeout=300'` } });
});

after(async () => {
  if (skip) return;
  try {
    if (server) await server.stop();
  } finally {
    execFileSync('psql', [`${url} dbname=postgres`, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: 'pipe' });
  }
});

test('a write that times out on the writers\' lock is a 503, and the next writes succeed', { skip }, async () => {
  const writer = await server.signedInPerson({ name: 'Lena Lock' });
  // Another session holds the writers' lock for 3 s.
  const holder = spawn('psql', [`${url} dbname=${database}`, '-qc',
    `SELECT pg_advisory_lock(${kWriteLock}); SELECT pg_sleep(3); SELECT pg_advisory_unlock(${kWriteLock});`],
  { stdio: 'ignore' });
  const done = new Promise((resolve) => holder.on('exit', resolve));
  await sleep(500);
  const during = [];
  for (let n = 0; n < 4; n += 1) {
    during.push((await writer.client.post('/api/v1/posts', { body: `while locked ${n}` })).status);
  }
  assert.ok(during.every((status) => status === 503), `writes while the lock is held: ${during}`);
  await done;
  for (let n = 0; n < 12; n += 1) {
    expectOk(await writer.client.post('/api/v1/posts', { body: `after the lock ${n}` }), 201);
    expectOk(await writer.client.get('/api/v1/me'));
  }
});
