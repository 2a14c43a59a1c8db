// Feeds (docs/design/social.md "Feeds"): the home feed's sources (own posts, followed people, my
// unit, followed topics) and exclusions (replies, posts I may not see), keyset pagination without
// duplicates or gaps while new posts arrive, the person feed, the topic feed, topic follow and
// topic info, and the 400/401/404 answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk } from './expect.mjs';
import {
  allPages, createPost, createUnit, eventually, expectPostShape, follow, idsOf, member, reply, reshare,
} from './social.mjs';

let server;
let admin;
let unitOne;
let unitTwo;
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitOne = await createUnit(server, 'Feeds One');
  unitTwo = await createUnit(server, 'Feeds Two');
  guest = await member(server, { name: 'Gwen Guest', role: 'guest' });
});
after(async () => {
  await server?.stop();
});

const newestFirst = (posts) => idsOf(posts).reverse();
const feedIds = async (viewer) => idsOf(await allPages(viewer.client, '/api/v1/feed'));
const topicName = () => unique('topic').replace(/[^a-z0-9]/g, '');

test('home feed: own posts, followed people, my unit, followed topics — newest first, nothing else', async () => {
  const me = await member(server, { name: 'Mia Me', unit_id: unitOne.id });
  const followed = await member(server, { name: 'Finn Followed' });
  const colleague = await member(server, { name: 'Kai Colleague', unit_id: unitOne.id });
  const stranger = await member(server, { name: 'Sol Stranger', unit_id: unitTwo.id });
  const topic = topicName();
  await follow(me, followed);
  expectNoContent(await me.client.put(`/api/v1/topics/${topic}/follow`));

  const expected = [];
  const excluded = [];
  const strangerPublic = await createPost(stranger, { body: 'Stranger, no followed topic' });
  excluded.push(strangerPublic);
  expected.push(await createPost(followed, { body: 'Followed, public' }));
  expected.push(await createPost(followed, { body: 'Followed, followers only', audience: 'followers' }));
  expected.push(await reshare(followed, strangerPublic.id, { body: 'Followed reshares a stranger' }));
  excluded.push(await reply(followed, strangerPublic.id, 'Followed replies to a stranger'));
  expected.push(await createPost(colleague, { body: 'Colleague, to our unit', audience: 'unit' }));
  expected.push(await createPost(colleague, { body: 'Colleague, public' }));
  excluded.push(await createPost(colleague, { body: 'Colleague, followers only', audience: 'followers' }));
  expected.push(await createPost(stranger, { body: `Stranger on #${topic}` }));
  excluded.push(await createPost(stranger, { body: `Stranger on #${topic}, followers only`, audience: 'followers' }));
  excluded.push(await createPost(stranger, { body: `Stranger on #${topic}, other unit`, audience: 'unit' }));
  const mine = await createPost(me, { body: 'My own post' });
  expected.push(mine);
  expected.push(await createPost(me, { body: 'My own followers post', audience: 'followers' }));
  excluded.push(await reply(colleague, mine.id, `A reply to me on #${topic}`));
  excluded.push(await reply(me, mine.id, 'My own reply'));
  const deleted = await createPost(followed, { body: 'Followed, then deleted' });
  expectNoContent(await followed.client.delete(`/api/v1/posts/${deleted.id}`));
  excluded.push(deleted);

  const feed = await allPages(me.client, '/api/v1/feed');
  assert.deepEqual(idsOf(feed), newestFirst(expected),
    `home feed\n got: ${feed.map((p) => p.body).join(' | ')}\nwant: ${expected.map((p) => p.body).reverse().join(' | ')}`);
  for (const post of feed) expectPostShape(post);
  const shared = feed.find((post) => post.reshare_of === strangerPublic.id);
  assert.equal(shared?.reshared?.id, strangerPublic.id, 'a reshare in the feed embeds its original');
  for (const post of excluded) assert.ok(!idsOf(feed).includes(post.id), `not in the feed: ${post.body}`);

  // Unfollowing the person and the topic removes their posts from the feed.
  expectNoContent(await me.client.delete(`/api/v1/people/${followed.person.id}/follow`));
  expectNoContent(await me.client.delete(`/api/v1/topics/${topic}/follow`));
  // The home timeline is a view the timelines subscriber rebuilds after an unfollow: a moment later.
  const stillExpected = expected.filter((post) => post.author.id !== followed.person.id && !post.body.includes(`#${topic}`));
  const after = await eventually(() => feedIds(me), (ids) => ids.length === stillExpected.length,
    { what: 'the feed without the unfollowed person and topic' });
  assert.deepEqual(after, newestFirst(stillExpected));
});

test('home feed: keyset pagination has no duplicates or gaps while new posts arrive', async () => {
  const reader = await member(server, { name: 'Paige Reader' });
  const writer = await member(server, { name: 'Walt Writer' });
  const other = await member(server, { name: 'Otis Other' });
  await follow(reader, writer);
  const written = [];
  for (let i = 1; i <= 7; i += 1) written.push((await createPost(writer, { body: `post ${i}` })).id);
  const want = [...written].reverse();

  const page1 = expectList(await reader.client.get('/api/v1/feed?limit=3'));
  assert.deepEqual(idsOf(page1.items), want.slice(0, 3));
  assert.equal(typeof page1.next_cursor, 'string');
  const late = [];
  for (let i = 8; i <= 9; i += 1) late.push((await createPost(writer, { body: `late post ${i}` })).id);
  await createPost(other, { body: 'Unrelated, never in the reader\'s feed' });
  const page2 = expectList(await reader.client.get(`/api/v1/feed?limit=3&cursor=${encodeURIComponent(page1.next_cursor)}`));
  assert.deepEqual(idsOf(page2.items), want.slice(3, 6), 'the next page continues where the first ended');
  const page3 = expectList(await reader.client.get(`/api/v1/feed?limit=3&cursor=${encodeURIComponent(page2.next_cursor)}`));
  assert.deepEqual(idsOf(page3.items), want.slice(6));
  assert.equal(page3.next_cursor, null);

  const fresh = expectList(await reader.client.get('/api/v1/feed?limit=3'));
  assert.deepEqual(idsOf(fresh.items), [late[1], late[0], want[0]], 'a fresh first page shows the new posts');
  assert.deepEqual(await feedIds(reader), [...late].reverse().concat(want));
  const walked = idsOf(await allPages(reader.client, '/api/v1/feed', { limit: 1 }));
  assert.deepEqual(walked, [...late].reverse().concat(want), 'page size 1 walks the same list');
});

test('person feed: that person\'s roots and reshares I may see, newest first, no replies', async () => {
  const author = await member(server, { name: 'Pat Person', unit_id: unitOne.id });
  const sameUnit = await member(server, { name: 'Sam Sameunit', unit_id: unitOne.id });
  const fan = await member(server, { name: 'Fan Follower', unit_id: unitTwo.id });
  const nobody = await member(server, { name: 'Ned Nobody', unit_id: unitTwo.id });
  await follow(fan, author);
  const elsewhere = await createPost(nobody, { body: 'Somebody else' });
  const pub = await createPost(author, { body: 'Public' });
  const unit = await createPost(author, { body: 'Unit', audience: 'unit' });
  const fol = await createPost(author, { body: 'Followers', audience: 'followers' });
  const shared = await reshare(author, elsewhere.id, { body: 'My reshare' });
  await reply(author, elsewhere.id, 'My reply is not in my feed');
  await reply(author, pub.id, 'Nor is my reply in my own thread');

  const path = `/api/v1/people/${author.person.id}/posts`;
  const cases = [
    [author, [shared, fol, unit, pub]],
    [sameUnit, [shared, unit, pub]],
    [fan, [shared, fol, pub]],
    [nobody, [shared, pub]],
    [admin, [shared, fol, unit, pub]],
  ];
  for (const [viewer, want] of cases) {
    assert.deepEqual(idsOf(await allPages(viewer.client, path)), idsOf(want), `${viewer.person.name} sees`);
    assert.deepEqual(idsOf(await allPages(viewer.client, path, { limit: 1 })), idsOf(want), 'paged by one');
  }
  expectError(await guest.client.get(path), 404, 'not_found');
  assert.deepEqual(await allPages(guest.client, `/api/v1/people/${guest.person.id}/posts`), []);
  expectError(await author.client.get('/api/v1/people/99999999/posts'), 404, 'not_found');
  expectError(await server.anonymous().get(path), 401, 'unauthenticated');
});

test('topic feed: tagged roots I may see, newest first; names matched lowercase; replies left out', async () => {
  const topic = topicName();
  const author = await member(server, { name: 'Tom Topic', unit_id: unitOne.id });
  const reader = await member(server, { name: 'Rita Reader', unit_id: unitTwo.id });
  const first = await createPost(author, { body: `First on #${topic}` });
  const upper = await createPost(author, { body: `Shouting #${topic.toUpperCase()}` });
  const hiddenUnit = await createPost(author, { body: `Unit on #${topic}`, audience: 'unit' });
  const hiddenFollowers = await createPost(author, { body: `Followers on #${topic}`, audience: 'followers' });
  await reply(reader, first.id, `A reply on #${topic}`);
  await createPost(author, { body: `Near miss #${topic}x` });
  const shared = await reshare(reader, first.id, { body: `Resharing on #${topic}` });

  for (const name of [topic, topic.toUpperCase()]) {
    assert.deepEqual(idsOf(await allPages(reader.client, `/api/v1/topics/${name}/feed`)),
      [shared.id, upper.id, first.id], `topic feed ${name}`);
  }
  assert.deepEqual(idsOf(await allPages(reader.client, `/api/v1/topics/${topic}/feed`, { limit: 1 })),
    [shared.id, upper.id, first.id]);
  assert.deepEqual(idsOf(await allPages(author.client, `/api/v1/topics/${topic}/feed`)),
    [shared.id, hiddenFollowers.id, hiddenUnit.id, upper.id, first.id], 'the author sees their own');
  assert.deepEqual(await allPages(guest.client, `/api/v1/topics/${topic}/feed`), [], 'a guest sees none');
  assert.deepEqual(await allPages(reader.client, `/api/v1/topics/${topicName()}/feed`), [], 'an unused topic is empty');
  expectError(await server.anonymous().get(`/api/v1/topics/${topic}/feed`), 401, 'unauthenticated');
  for (const bad of ['123', 'x'.repeat(51), 'bad!name', 'dot.name', '%20']) {
    expectError(await reader.client.get(`/api/v1/topics/${bad}/feed`), 400, 'invalid_argument');
  }
});

test('topic follow: PUT/DELETE idempotent 204; topic info and suggestions', async () => {
  const topic = topicName();
  const author = await member(server);
  const fan = await member(server);
  const second = await member(server);
  await createPost(author, { body: `One #${topic}` });
  await createPost(author, { body: `Two #${topic}` });

  expectNoContent(await fan.client.put(`/api/v1/topics/${topic}/follow`));
  expectNoContent(await fan.client.put(`/api/v1/topics/${topic.toUpperCase()}/follow`));
  expectNoContent(await second.client.put(`/api/v1/topics/${topic}/follow`));
  let info = expectOk(await fan.client.get(`/api/v1/topics/${topic.toUpperCase()}`));
  assert.deepEqual(info, { name: topic, post_count: 2, followers_count: 2, followed_by_me: true });
  assert.equal(expectOk(await author.client.get(`/api/v1/topics/${topic}`)).followed_by_me, false);

  expectNoContent(await fan.client.delete(`/api/v1/topics/${topic}/follow`));
  expectNoContent(await fan.client.delete(`/api/v1/topics/${topic}/follow`));
  info = expectOk(await fan.client.get(`/api/v1/topics/${topic}`));
  assert.deepEqual(info, { name: topic, post_count: 2, followers_count: 1, followed_by_me: false });
  expectNoContent(await fan.client.delete(`/api/v1/topics/${topicName()}/follow`));

  const suggestions = expectOk(await fan.client.get(`/api/v1/topics?q=${topic.slice(0, -2)}`));
  assert.ok(suggestions.items.some((item) => item.name === topic), `suggestions: ${JSON.stringify(suggestions)}`);

  // Suggestions and topic info reveal nothing to someone who may see none of the posts.
  const forGuest = expectOk(await guest.client.get(`/api/v1/topics?q=${topic.slice(0, -2)}`));
  assert.ok(!forGuest.items.some((item) => item.name === topic), `a guest is not offered the topic: ${JSON.stringify(forGuest)}`);
  assert.equal(expectOk(await guest.client.get(`/api/v1/topics/${topic}`)).post_count, 0, 'a guest counts no posts');
  expectError(await fan.client.get('/api/v1/topics?q=a&limit=0'), 400, 'invalid_argument', 'limit');
  expectError(await server.anonymous().get('/api/v1/topics?q=a'), 401, 'unauthenticated');

  for (const bad of ['123', 'y'.repeat(51), 'no!pe']) {
    expectError(await fan.client.put(`/api/v1/topics/${bad}/follow`), 400, 'invalid_argument');
    expectError(await fan.client.get(`/api/v1/topics/${bad}`), 400, 'invalid_argument');
  }
  expectError(await server.anonymous().put(`/api/v1/topics/${topic}/follow`), 401, 'unauthenticated');
  expectError(await server.anonymous().delete(`/api/v1/topics/${topic}/follow`), 401, 'unauthenticated');
  expectError(await server.anonymous().get(`/api/v1/topics/${topic}`), 401, 'unauthenticated');
  expectError(await fan.client.put(`/api/v1/topics/${topic}/follow`, undefined, { csrf: false }), 403, 'csrf_mismatch');
  assert.equal(expectOk(await fan.client.get(`/api/v1/topics/${topic}`)).followed_by_me, false);
});

test('feeds: malformed cursor or limit → 400; 401 anonymous; unknown space → 404', async () => {
  const viewer = await member(server);
  const topic = topicName();
  for (const path of ['/api/v1/feed', `/api/v1/people/${viewer.person.id}/posts`, `/api/v1/topics/${topic}/feed`]) {
    for (const cursor of ['bogus', '!!!', 'A', 'x'.repeat(3000)]) {
      expectError(await viewer.client.get(`${path}?cursor=${encodeURIComponent(cursor)}`), 400, 'invalid_argument', 'cursor');
    }
    for (const limit of ['0', '101', '-1', 'ten']) {
      expectError(await viewer.client.get(`${path}?limit=${limit}`), 400, 'invalid_argument', 'limit');
    }
    expectOk(await viewer.client.get(`${path}?limit=100`));
    expectOk(await viewer.client.get(`${path}?limit=1`));
  }
  expectError(await server.anonymous().get('/api/v1/feed'), 401, 'unauthenticated');
  expectError(await viewer.client.get('/api/v1/spaces/99999999/feed'), 404, 'not_found');
  expectError(await server.anonymous().get('/api/v1/spaces/99999999/feed'), 401, 'unauthenticated');
});

test('feeds: a well-formed cursor the server never issued (its key is not a post id) → 400', async () => {
  // Built the way the server builds cursors, but with a key no page could have produced.
  const viewer = await member(server);
  const forged = Buffer.from('w1\x1fnot-a-number').toString('base64url');
  for (const path of ['/api/v1/feed', `/api/v1/people/${viewer.person.id}/posts`, `/api/v1/topics/${topicName()}/feed`]) {
    expectError(await viewer.client.get(`${path}?cursor=${forged}`), 400, 'invalid_argument', 'cursor');
  }
});
