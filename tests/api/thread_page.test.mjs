// GET /api/v1/posts/{id}/thread: a conversation page in one request — the root, the first page of
// replies oldest first, focus_id for a reply — with the same visibility and cursor rules as the
// two requests it replaces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectOk, expectError, expectConforms } from './expect.mjs';
import { member, createPost, reply, follow, idsOf } from './social.mjs';

let server;
let author;
let replier;
before(async () => {
  server = await startServer();
  author = await member(server, { name: 'Thea Thread' });
  replier = await member(server, { name: 'Rory Replier' });
});
after(async () => { await server?.stop(); });

test('the root, its replies oldest first and no focus; a reply gives its root and itself as focus', async () => {
  const root = await createPost(author, { body: 'A thread to read in one go' });
  const first = await reply(replier, root.id, 'First');
  const nested = await reply(author, first.id, 'Nested under the first');
  const second = await reply(replier, root.id, 'Second');
  const res = await replier.client.get(`/api/v1/posts/${root.id}/thread`);
  expectConforms(res);
  const page = expectOk(res);
  assert.equal(page.root.id, root.id);
  assert.equal(page.root.reply_count, 3);
  assert.equal(page.focus_id, null);
  assert.deepEqual(idsOf(page.items), [first.id, nested.id, second.id]);
  assert.equal(page.next_cursor, null);

  const focused = expectOk(await replier.client.get(`/api/v1/posts/${nested.id}/thread`));
  assert.equal(focused.root.id, root.id);
  assert.equal(focused.focus_id, nested.id);
  assert.deepEqual(idsOf(focused.items), [first.id, nested.id, second.id]);
});

test('pages: limit, then the rest from the root\'s replies with next_cursor — none lost, none twice', async () => {
  const root = await createPost(author, { body: 'A long thread' });
  const replies = [];
  for (let i = 0; i < 5; i += 1) replies.push(await reply(replier, root.id, `Reply ${i}`));
  const page = expectOk(await author.client.get(`/api/v1/posts/${root.id}/thread?limit=2`));
  assert.deepEqual(idsOf(page.items), idsOf(replies.slice(0, 2)));
  assert.ok(page.next_cursor);
  const rest = expectOk(await author.client.get(
    `/api/v1/posts/${root.id}/replies?limit=10&cursor=${encodeURIComponent(page.next_cursor)}`));
  assert.deepEqual(idsOf(rest.items), idsOf(replies.slice(2)));
  const again = expectOk(await author.client.get(
    `/api/v1/posts/${root.id}/thread?limit=10&cursor=${encodeURIComponent(page.next_cursor)}`));
  assert.deepEqual(idsOf(again.items), idsOf(replies.slice(2)));
});

test('invisible, absent or deleted threads are 404; bad paging is 400', async () => {
  const stranger = await member(server, { name: 'Stan Stranger' });
  const fan = await member(server, { name: 'Fern Fan' });
  await follow(fan, author);
  const hidden = await createPost(author, { body: 'Followers only', audience: 'followers' });
  const hiddenReply = await reply(fan, hidden.id, 'A follower answers');
  expectOk(await fan.client.get(`/api/v1/posts/${hiddenReply.id}/thread`));
  expectError(await stranger.client.get(`/api/v1/posts/${hidden.id}/thread`), 404, 'not_found');
  expectError(await stranger.client.get(`/api/v1/posts/${hiddenReply.id}/thread`), 404, 'not_found');
  expectError(await stranger.client.get('/api/v1/posts/999999999/thread'), 404, 'not_found');
  const gone = await createPost(author, { body: 'Soon gone' });
  assert.equal((await author.client.delete(`/api/v1/posts/${gone.id}`)).status, 204);
  expectError(await author.client.get(`/api/v1/posts/${gone.id}/thread`), 404, 'not_found');
  expectError(await author.client.get(`/api/v1/posts/${hidden.id}/thread?limit=0`), 400, 'invalid_argument', 'limit');
  expectError(await author.client.get(`/api/v1/posts/${hidden.id}/thread?cursor=zz%20z`), 400, 'invalid_argument', 'cursor');
  expectError(await server.anonymous().get(`/api/v1/posts/${hidden.id}/thread`), 401, 'unauthenticated');
});
