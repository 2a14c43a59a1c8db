// A person reshares a post once (409 the second time; reshared_by_me says so), and a post names
// the handles of the people it mentions who exist (mention_handles), so that other @words stay
// plain text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createPost, member, reshare } from './social.mjs';

let server;
let ana;
let ben;

before(async () => {
  server = await startServer();
  ana = await member(server, { name: 'Ana Author' });
  ben = await member(server, { name: 'Ben Sharer' });
});

after(async () => {
  await server?.stop();
});

test('a post is reshared once per person', async () => {
  const post = await createPost(ana, { body: 'The new kiln schedule is out' });
  assert.equal(expectOk(await ben.client.get(`/api/v1/posts/${post.id}`)).reshared_by_me, false);
  const first = await reshare(ben, post.id);
  assert.equal(expectOk(await ben.client.get(`/api/v1/posts/${post.id}`)).reshared_by_me, true);
  assert.equal(expectOk(await ana.client.get(`/api/v1/posts/${post.id}`)).reshared_by_me, false, 'not Ana');
  const again = await ben.client.post('/api/v1/posts', { reshare_of: post.id, audience: 'public' });
  expectError(again, 409, 'conflict');
  assert.equal(again.body.error.field, 'reshare_of');
  assert.equal(expectOk(await ana.client.get(`/api/v1/posts/${post.id}`)).reshare_count, 1);
  // Once the reshare is deleted, resharing again is allowed.
  assert.equal((await ben.client.delete(`/api/v1/posts/${first.id}`)).status, 204);
  await reshare(ben, post.id);
});

test('only the handles of people who exist are mentions', async () => {
  const post = await createPost(ana, { body: `Thanks @${ben.person.handle} and @nobody-by-that-name` });
  const read = expectOk(await ben.client.get(`/api/v1/posts/${post.id}`));
  assert.deepEqual(read.mention_handles, [ben.person.handle]);
  assert.deepEqual(read.mentions, [ben.person.id]);
});
