// Threads and reactions (docs/design/social.md "Post", "Reactions", "Feeds" → replies): nested
// replies, the thread oldest first with cursor pagination, reply_count on the root, replies that
// inherit the root's audience, refusals that write nothing; reactions PUT/DELETE idempotent with
// counts and my_reactions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk } from './expect.mjs';
import {
  allPages, createPost, createUnit, expectPostShape, expectSummaryOf, follow, getPost, idsOf, member, reply,
  sorted,
} from './social.mjs';

let server;
let admin;
let unitA;
let author;    // unit A
let alice;     // unit A
let bob;       // no unit, follows author
let carol;     // no unit
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitA = await createUnit(server, 'Threads Unit');
  author = await member(server, { name: 'Tara Thread', unit_id: unitA.id });
  alice = await member(server, { name: 'Alice Reply', unit_id: unitA.id });
  bob = await member(server, { name: 'Bob Reply' });
  carol = await member(server, { name: 'Carol Reply' });
  guest = await member(server, { name: 'Gil Guest', role: 'guest' });
  await follow(bob, author);
});
after(async () => {
  await server?.stop();
});

const thread = (viewer, id, limit) => allPages(viewer.client, `/api/v1/posts/${id}/replies`, { limit });

test('replies (201) nest: reply_to is the parent, root_id the thread root; the thread is oldest first', async () => {
  const root = await createPost(author, { body: 'Root of a thread' });
  const r1 = await reply(alice, root.id, 'First reply');
  expectPostShape(r1);
  expectSummaryOf(r1.author, alice);
  assert.equal(r1.reply_to, root.id);
  assert.equal(r1.root_id, root.id);
  assert.equal(r1.reshare_of, null);
  assert.equal(r1.body, 'First reply');
  assert.equal(r1.audience, 'public', 'a reply inherits the root audience');
  const r2 = await reply(bob, r1.id, 'Reply to the first reply');
  assert.equal(r2.reply_to, r1.id);
  assert.equal(r2.root_id, root.id);
  const r3 = await reply(carol, r2.id, 'Three levels deep');
  assert.equal(r3.reply_to, r2.id);
  assert.equal(r3.root_id, root.id);
  const r4 = await reply(author, root.id, 'The author answers the root');
  assert.equal(r4.reply_to, root.id);

  const all = await thread(carol, root.id);
  assert.deepEqual(idsOf(all), [r1.id, r2.id, r3.id, r4.id], 'every reply in the thread, oldest first');
  assert.deepEqual(all.map((p) => p.reply_to), [root.id, r1.id, r2.id, root.id], 'reply_to tells the tree');
  for (const post of all) {
    expectPostShape(post);
    assert.equal(post.root_id, root.id);
  }
  assert.equal((await getPost(carol, root.id)).reply_count, 4, 'reply_count on the root counts the thread');
  assert.equal((await getPost(carol, r3.id)).reply_count, 0);

  // Under a reply: every reply below it, oldest first.
  assert.deepEqual(idsOf(await thread(carol, r1.id)), [r2.id, r3.id]);
  assert.deepEqual(idsOf(await thread(carol, r3.id)), []);
});

test('the thread paginates oldest first without duplicates or gaps, while replies keep arriving', async () => {
  const root = await createPost(author, { body: 'A long thread' });
  const written = [];
  for (let i = 0; i < 7; i += 1) written.push((await reply(i % 2 ? alice : bob, root.id, `reply ${i}`)).id);

  const first = expectList(await carol.client.get(`/api/v1/posts/${root.id}/replies?limit=3`));
  assert.deepEqual(idsOf(first.items), written.slice(0, 3));
  assert.equal(typeof first.next_cursor, 'string');
  written.push((await reply(carol, root.id, 'a late reply')).id);
  const second = expectList(await carol.client.get(
    `/api/v1/posts/${root.id}/replies?limit=3&cursor=${encodeURIComponent(first.next_cursor)}`));
  assert.deepEqual(idsOf(second.items), written.slice(3, 6));
  const third = expectList(await carol.client.get(
    `/api/v1/posts/${root.id}/replies?limit=3&cursor=${encodeURIComponent(second.next_cursor)}`));
  assert.deepEqual(idsOf(third.items), written.slice(6, 8), 'the late reply comes last, once');
  assert.equal(third.next_cursor, null);
  assert.deepEqual(idsOf(await thread(carol, root.id, 1)), written, 'page size 1 walks the same thread');
  assert.equal((await getPost(carol, root.id)).reply_count, 8);
});

test('replies inherit the root audience; replying takes only the body', async () => {
  const unitRoot = await createPost(author, { body: 'Unit thread', audience: 'unit' });
  const unitReply = await reply(alice, unitRoot.id, 'Unit answer');
  assert.equal(unitReply.audience, 'unit');
  const nested = await reply(author, unitReply.id, 'Unit answer to the answer');
  assert.equal(nested.audience, 'unit');
  for (const id of [unitReply.id, nested.id]) {
    expectError(await carol.client.get(`/api/v1/posts/${id}`), 404, 'not_found');
    expectError(await bob.client.get(`/api/v1/posts/${id}`), 404, 'not_found');
  }
  assert.equal((await getPost(alice, nested.id)).id, nested.id);

  const followersRoot = await createPost(author, { body: 'Followers thread', audience: 'followers' });
  const followersReply = await reply(bob, followersRoot.id, 'Follower answer');
  assert.equal(followersReply.audience, 'followers');
  expectError(await alice.client.get(`/api/v1/posts/${followersReply.id}`), 404, 'not_found');

  // A reply sent with another audience still lives in the root's thread and audience.
  const res = await alice.client.post(`/api/v1/posts/${unitRoot.id}/replies`, { body: 'Trying public', audience: 'public' });
  if (res.status === 201) {
    assert.equal(res.body.audience, 'unit', 'a reply cannot widen its thread audience');
    expectError(await carol.client.get(`/api/v1/posts/${res.body.id}`), 404, 'not_found');
  } else {
    expectError(res, 400, 'invalid_argument');
  }
});

test('a reply to an invisible or unknown post is 404 and nothing is written', async () => {
  const hidden = await createPost(author, { body: 'For followers', audience: 'followers' });
  const unitOnly = await createPost(author, { body: 'For the unit', audience: 'unit' });
  expectError(await carol.client.post(`/api/v1/posts/${hidden.id}/replies`, { body: 'Sneaky reply' }), 404, 'not_found');
  expectError(await alice.client.post(`/api/v1/posts/${hidden.id}/replies`, { body: 'Sneaky reply' }), 404, 'not_found');
  expectError(await bob.client.post(`/api/v1/posts/${unitOnly.id}/replies`, { body: 'Sneaky reply' }), 404, 'not_found');
  expectError(await guest.client.post(`/api/v1/posts/${unitOnly.id}/replies`, { body: 'Guest reply' }), 404, 'not_found');
  const visibleReply = await reply(bob, hidden.id, 'A follower replies');
  expectError(await carol.client.post(`/api/v1/posts/${visibleReply.id}/replies`, { body: 'Sneaky nested reply' }),
    404, 'not_found');
  expectError(await carol.client.get(`/api/v1/posts/${hidden.id}/replies`), 404, 'not_found');
  expectError(await carol.client.get(`/api/v1/posts/${visibleReply.id}/replies`), 404, 'not_found');
  expectError(await carol.client.post('/api/v1/posts/99999999/replies', { body: 'To nothing' }), 404, 'not_found');
  expectError(await carol.client.get('/api/v1/posts/99999999/replies'), 404, 'not_found');

  assert.deepEqual(idsOf(await thread(author, hidden.id)), [visibleReply.id], 'only the permitted reply was written');
  assert.equal((await getPost(author, hidden.id)).reply_count, 1);
  assert.deepEqual(idsOf(await thread(author, unitOnly.id)), []);
  assert.equal((await getPost(author, unitOnly.id)).reply_count, 0);
  assert.ok(!idsOf(await allPages(admin.client, `/api/v1/people/${carol.person.id}/posts`)).length);
});

test('replies: 400 for bad bodies and list parameters, 401 anonymous, nothing written', async () => {
  const root = await createPost(author, { body: 'Validate my replies' });
  const at = `/api/v1/posts/${root.id}/replies`;
  for (const body of [{ body: '' }, { body: '  \n ' }, {}, { body: 3 }, { body: 'r'.repeat(20_001) }]) {
    expectError(await alice.client.post(at, body), 400, 'invalid_argument', 'body');
  }
  expectError(await alice.client.post(at, '{"body":"x"', { raw: true }), 400, 'malformed_json');
  expectError(await alice.client.post(at, '["x"]', { raw: true }), 400, 'malformed_json');
  expectError(await server.anonymous().post(at, { body: 'anonymous' }), 401, 'unauthenticated');
  expectError(await server.anonymous().get(at), 401, 'unauthenticated');
  expectError(await alice.client.get(`${at}?limit=0`), 400, 'invalid_argument', 'limit');
  expectError(await alice.client.get(`${at}?limit=101`), 400, 'invalid_argument', 'limit');
  expectError(await alice.client.get(`${at}?cursor=bogus`), 400, 'invalid_argument', 'cursor');
  const longest = await reply(alice, root.id, 'r'.repeat(20_000));
  assert.equal(longest.body.length, 20_000);
  assert.deepEqual(idsOf(await thread(author, root.id)), [longest.id]);
  assert.equal((await getPost(author, root.id)).reply_count, 1);
});

test('replies are not in feeds: not in the person feed, the topic feed or the home feed', async () => {
  const root = await createPost(author, { body: 'Root about #threadtopic' });
  const answer = await reply(bob, root.id, 'Reply about #threadtopic');
  assert.deepEqual(answer.topics, ['threadtopic']);
  assert.ok(!idsOf(await allPages(alice.client, `/api/v1/people/${bob.person.id}/posts`)).includes(answer.id));
  const topic = idsOf(await allPages(alice.client, '/api/v1/topics/threadtopic/feed'));
  assert.ok(topic.includes(root.id));
  assert.ok(!topic.includes(answer.id));
  assert.ok(!idsOf(await allPages(bob.client, '/api/v1/feed')).includes(answer.id), 'not even in my own feed');
});

test('reactions: PUT is idempotent (204), counts and my_reactions follow', async () => {
  const post = await createPost(author, { body: 'React to me' });
  const at = (kind) => `/api/v1/posts/${post.id}/reactions/${kind}`;
  expectNoContent(await alice.client.put(at('like')));
  expectNoContent(await alice.client.put(at('like')));
  let seen = await getPost(alice, post.id);
  assert.deepEqual(seen.reactions, { like: 1, celebrate: 0, insightful: 0, support: 0 }, 'a repeated PUT counts once');
  assert.deepEqual(seen.my_reactions, ['like']);
  assert.deepEqual((await getPost(bob, post.id)).my_reactions, [], 'my_reactions are the caller\'s own');

  expectNoContent(await bob.client.put(at('like')));
  expectNoContent(await bob.client.put(at('insightful')));
  expectNoContent(await alice.client.put(at('celebrate')));
  expectNoContent(await alice.client.put(at('support')));
  expectNoContent(await author.client.put(at('support')));
  seen = await getPost(alice, post.id);
  assert.deepEqual(seen.reactions, { like: 2, celebrate: 1, insightful: 1, support: 2 });
  assert.deepEqual(sorted(seen.my_reactions), ['celebrate', 'like', 'support']);
  assert.deepEqual(sorted((await getPost(bob, post.id)).my_reactions), ['insightful', 'like']);
  assert.deepEqual((await getPost(author, post.id)).my_reactions, ['support']);
  assert.deepEqual((await getPost(carol, post.id)).my_reactions, []);
  assert.deepEqual((await getPost(carol, post.id)).reactions, seen.reactions, 'counts are the same for everyone');
});

test('reactions: DELETE is idempotent (204), also for a reaction never given', async () => {
  const post = await createPost(author, { body: 'Un-react' });
  const at = (kind) => `/api/v1/posts/${post.id}/reactions/${kind}`;
  expectNoContent(await alice.client.put(at('like')));
  expectNoContent(await bob.client.put(at('like')));
  expectNoContent(await alice.client.delete(at('like')));
  expectNoContent(await alice.client.delete(at('like')));
  expectNoContent(await alice.client.delete(at('celebrate')));
  const seen = await getPost(alice, post.id);
  assert.deepEqual(seen.reactions, { like: 1, celebrate: 0, insightful: 0, support: 0 });
  assert.deepEqual(seen.my_reactions, []);
  assert.deepEqual((await getPost(bob, post.id)).my_reactions, ['like']);
  expectNoContent(await alice.client.put(at('like')));
  assert.equal((await getPost(alice, post.id)).reactions.like, 2, 'reacting again after withdrawing counts again');
});

test('reactions on a reply are its own', async () => {
  const root = await createPost(author, { body: 'Root for reply reactions' });
  const answer = await reply(alice, root.id, 'React to the reply');
  expectNoContent(await bob.client.put(`/api/v1/posts/${answer.id}/reactions/celebrate`));
  assert.equal((await getPost(bob, answer.id)).reactions.celebrate, 1);
  assert.deepEqual((await getPost(bob, answer.id)).my_reactions, ['celebrate']);
  assert.equal((await getPost(bob, root.id)).reactions.celebrate, 0);
  const listed = await thread(carol, root.id);
  assert.equal(listed[0].reactions.celebrate, 1, 'the thread shows reply reactions');
});

test('reactions: unknown kind 400 field kind; invisible or unknown post 404; 401 anonymous; nothing written', async () => {
  const post = await createPost(author, { body: 'Careful reactions' });
  for (const kind of ['love', 'LIKE', 'likes', '%20']) {
    expectError(await alice.client.put(`/api/v1/posts/${post.id}/reactions/${kind}`), 400, 'invalid_argument', 'kind');
    expectError(await alice.client.delete(`/api/v1/posts/${post.id}/reactions/${kind}`), 400, 'invalid_argument', 'kind');
  }
  expectError(await server.anonymous().put(`/api/v1/posts/${post.id}/reactions/like`), 401, 'unauthenticated');
  expectError(await server.anonymous().delete(`/api/v1/posts/${post.id}/reactions/like`), 401, 'unauthenticated');
  expectError(await alice.client.put('/api/v1/posts/99999999/reactions/like'), 404, 'not_found');
  expectError(await alice.client.put(`/api/v1/posts/${post.id}/reactions/like`, undefined, { csrf: false }),
    403, 'csrf_mismatch');

  const hidden = await createPost(author, { body: 'Followers reactions', audience: 'followers' });
  expectError(await carol.client.put(`/api/v1/posts/${hidden.id}/reactions/like`), 404, 'not_found');
  expectError(await carol.client.delete(`/api/v1/posts/${hidden.id}/reactions/like`), 404, 'not_found');
  expectError(await guest.client.put(`/api/v1/posts/${post.id}/reactions/like`), 404, 'not_found');
  // Invisible comes first: an unknown kind on a post the caller may not see is still 404.
  expectError(await carol.client.put(`/api/v1/posts/${hidden.id}/reactions/love`), 404, 'not_found');

  assert.deepEqual((await getPost(author, post.id)).reactions, { like: 0, celebrate: 0, insightful: 0, support: 0 });
  assert.deepEqual((await getPost(author, hidden.id)).reactions, { like: 0, celebrate: 0, insightful: 0, support: 0 });
  expectNoContent(await bob.client.put(`/api/v1/posts/${hidden.id}/reactions/like`));
  assert.equal((await getPost(author, hidden.id)).reactions.like, 1, 'a follower may react');
});
