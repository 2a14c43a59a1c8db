// GET /api/v1/admin/system: for admins, the store, how many nodes serve from it, and each view
// derived from the activity log — durable or live, worked by this node, its checkpoint and lag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createPost, eventually, member } from './social.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('admins see the store, one node, and every view caught up with the log after a write', async () => {
  const { client } = await server.admin();
  const author = await member(server, { name: 'Sys Writer' });
  await createPost(author, { body: 'A post for the views to follow' });
  const status = await eventually(async () => expectOk(await client.get('/api/v1/admin/system')),
    (s) => s.views.filter((v) => v.durable).every((v) => v.lag === 0), { what: 'the durable views to catch up' });
  assert.equal(status.store, process.env.WEFT_API_ON_POSTGRES === '1' ? 'postgres' : 'sqlite');
  assert.equal(status.nodes, 1);
  assert.ok(status.last_event_id > 0);
  const byName = Object.fromEntries(status.views.map((v) => [v.name, v]));
  for (const name of ['notifications', 'timelines', 'search']) {
    assert.equal(byName[name]?.durable, true, `${name}: ${JSON.stringify(status.views)}`);
    assert.equal(byName[name].worked_here, true);
    assert.equal(byName[name].checkpoint, status.last_event_id, `${name} is at the log's end`);
    assert.equal(byName[name].failures, 0);
  }
  assert.equal(byName.realtime?.durable, false);
});

test('members get 403 and strangers 401', async () => {
  const person = await member(server, { name: 'Sys Member' });
  expectError(await person.client.get('/api/v1/admin/system'), 403, 'permission_denied');
  expectError(await server.anonymous().get('/api/v1/admin/system'), 401, 'unauthenticated');
});
