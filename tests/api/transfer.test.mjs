// Export and import of what people actually do (OPERATIONS.md "Export and import"), on the store
// the suite runs on (SQLite, or PostgreSQL in its pass): an organization exported, imported into
// an empty store and exported again gives the same rows — replies written after their post was
// updated, a unit moved under a newer unit, the organization's mail settings — and a space export
// imports even when the space's creator has left it and a reshare from outside has replies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, unique, WEFT_BIN } from './server.mjs';
import { expectOk, expectNoContent } from './expect.mjs';
import { createPost, member, reply, reshare } from './social.mjs';
import { addMember, createSpace } from './collab.mjs';

let server;
let scratch;
let space;

before(async () => {
  server = await startServer();
  scratch = await mkdtemp(path.join(tmpdir(), 'weft-transfer-test-'));
  const admin = await server.admin();
  const ana = await member(server, { name: 'Ana Founder' });
  const ben = await member(server, { name: 'Ben Keeper' });
  const cleo = await member(server, { name: 'Cleo Outside' });
  // A unit moved under a unit made after it.
  const older = expectOk(await admin.client.post('/api/v1/units', { name: unique('Older unit ') }), 201);
  const newer = expectOk(await admin.client.post('/api/v1/units', { name: unique('Newer unit ') }), 201);
  expectOk(await admin.client.patch(`/api/v1/units/${older.id}`, { parent_id: newer.id }));
  // Replies: each updates its parent's row after the reply's own was written.
  const post = await createPost(ana, { body: 'Who has the pallet count?' });
  for (const body of ['I do: 42.', 'Counted again: 41.']) await reply(ben, post.id, body);
  // A space its creator has left, with a reshare of a public post and replies to the reshare.
  space = await createSpace(ana, { name: unique('Left behind ') });
  await addMember(ana, space, ben, 'owner');
  const inSpace = expectOk(await ben.client.post('/api/v1/posts', { audience: 'space', space_id: space.id, body: 'Stock take on Friday.' }), 201);
  await reply(ben, inSpace.id, 'Bring the scanner.');
  const outside = await createPost(cleo, { body: 'The new scanners arrived.' });
  const shared = await reshare(ben, outside.id, { audience: 'space', space_id: space.id, body: 'For Friday' });
  await reply(ben, shared.id, 'Two of them are ours.');
  expectNoContent(await ana.client.delete(`/api/v1/spaces/${space.id}/members/${ana.person.id}`));
  // The organization sends no mail by default.
  expectOk(await admin.client.put('/api/v1/admin/mail', { default_mode: 'off' }));
});

after(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function run(args, { database, input } = {}) {
  const env = { ...process.env };
  for (const name of ['WEFT_DATABASE_URL', 'WEFT_DATA_DIR', 'WEFT_LISTEN']) delete env[name];
  if (database) env.WEFT_DATABASE_URL = database;
  return spawnSync(WEFT_BIN, args, { env, input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
}

// `weft export [--space ID]` of the test server's store, taken while it is stopped.
async function exportOf(extra = []) {
  let result;
  await server.restart({
    whileStopped: async () => {
      result = run(['export', ...extra, '--data-dir', path.join(server.root, 'data')], { database: server.env.WEFT_DATABASE_URL });
    },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

// The rows of an export, one string each, without what an import makes afresh.
function rowsOf(text) {
  return text.trim().split('\n').slice(1, -1).map((line) => JSON.parse(line))
    .filter((l) => l.table !== 'event_checkpoints')
    .map((l) => JSON.stringify([l.table, Object.entries(l.row).sort(([a], [b]) => (a < b ? -1 : 1))]))
    .sort();
}

test('an organization exported, imported into an empty store and exported again gives the same rows', async () => {
  const first = await exportOf();
  const lines = first.trim().split('\n').map((line) => JSON.parse(line));
  const posts = lines.filter((l) => l.table === 'posts').map((l) => l.row.id);
  assert.deepEqual(posts, [...posts].sort((a, b) => a - b), 'rows in id order');
  const settings = lines.filter((l) => l.table === 'mail_settings');
  assert.equal(settings.length, 1);
  assert.equal(settings[0].row.default_mode, 'off');

  const target = path.join(scratch, 'organization');
  const imported = run(['import', '--data-dir', target], { input: first });
  assert.equal(imported.status, 0, imported.stderr);
  const second = run(['export', '--data-dir', target]);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(rowsOf(second.stdout), rowsOf(first));
});

test('a space export imports when its creator has left and a reshare from outside has replies', async () => {
  const text = await exportOf(['--space', String(space.id)]);
  const lines = text.trim().split('\n').slice(1, -1).map((line) => JSON.parse(line));
  const posts = lines.filter((l) => l.table === 'posts').map((l) => l.row);
  assert.deepEqual(posts.map((p) => p.body).sort(), ['Bring the scanner.', 'Stock take on Friday.']);
  assert.ok(!lines.some((l) => l.table === 'mail_settings'), 'the organization\'s mail settings stay behind');
  const target = path.join(scratch, 'space');
  const imported = run(['import', '--data-dir', target], { input: text });
  assert.equal(imported.status, 0, imported.stderr);
  const again = run(['export', '--data-dir', target]);
  assert.equal(again.status, 0, again.stderr);
  const creator = lines.find((l) => l.table === 'spaces').row.created_by;
  assert.ok(again.stdout.split('\n').some((line) => line.includes('"table":"people"') && JSON.parse(line).row.id === creator),
    'the space\'s creator comes along');
});
