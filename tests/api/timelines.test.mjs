// Home timelines are a derived view (fan-out on write to active readers, rebuilt on the next read
// after a change of what one follows, one's spaces or one's unit). Whatever the view holds, the
// home feed shows exactly the posts it should: these tests read the feed first (the reader is
// active, so posts reach them by fan-out), then change something, then check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectNoContent, expectOk } from './expect.mjs';
import { member, createPost, reply, reshare, follow, createUnit, idsOf, allPages, eventually } from './social.mjs';
import { createSpace, addMember } from './collab.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const feedIds = async (viewer) => idsOf(await allPages(viewer.client, '/api/v1/feed'));
const has = async (viewer, post) => (await feedIds(viewer)).includes(post.id);
async function shows(viewer, post, what) {
  await eventually(() => has(viewer, post), (yes) => yes, { what: `${what}: shown` });
}
async function hides(viewer, post, what) {
  // Hidden at once and still hidden once the fan-out has had time to run.
  assert.equal(await has(viewer, post), false, `${what}: hidden at once`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await has(viewer, post), false, `${what}: hidden after the fan-out`);
}

test('follow and unfollow: an active reader gets new posts by fan-out, and older ones on the next read', async () => {
  const reader = await member(server, { name: 'Rae Reader' });
  const author = await member(server, { name: 'Abe Author' });
  const older = await createPost(author, { body: 'Written before the follow' });
  assert.deepEqual(await feedIds(reader), [], 'an empty feed; the reader is now active');
  await follow(reader, author);
  await shows(reader, older, 'a post from before the follow');
  const fresh = await createPost(author, { body: 'Written after the follow' });
  await shows(reader, fresh, 'a new post');
  await reply(author, fresh.id, 'A reply stays out of home feeds');
  const shared = await reshare(author, fresh.id, { body: 'Resharing my own' });
  await shows(reader, shared, 'a reshare');
  assert.ok(!(await feedIds(reader)).some((id) => id !== older.id && id !== fresh.id && id !== shared.id));

  expectNoContent(await reader.client.delete(`/api/v1/people/${author.person.id}/follow`));
  await eventually(() => has(reader, fresh), (yes) => !yes, { what: 'unfollowed posts leave the feed' });
  const later = await createPost(author, { body: 'Written after the unfollow' });
  await hides(reader, later, 'a post after the unfollow');
});

test('followers-only posts reach followers only, and leave when the follow ends', async () => {
  const author = await member(server, { name: 'Flo Followers' });
  const fan = await member(server, { name: 'Fay Fan' });
  const other = await member(server, { name: 'Otto Other' });
  await follow(fan, author);
  await feedIds(fan);
  await feedIds(other);
  const post = await createPost(author, { body: 'For my followers', audience: 'followers' });
  await shows(fan, post, 'the follower');
  await hides(other, post, 'a non-follower');
  expectNoContent(await fan.client.delete(`/api/v1/people/${author.person.id}/follow`));
  await eventually(() => has(fan, post), (yes) => !yes, { what: 'the former follower loses it' });
});

test('joining, leaving and removal from a space move its posts in and out of the feed', async () => {
  const owner = await member(server, { name: 'Oona Owner' });
  const joiner = await member(server, { name: 'Jo Joiner' });
  const space = await createSpace(owner, { visibility: 'private' });
  const before = await createPost(owner, { body: 'Space post before joining', audience: 'space', space_id: space.id });
  await feedIds(joiner);
  await hides(joiner, before, 'not yet a member');
  await addMember(owner, space, joiner);
  await shows(joiner, before, 'after joining');
  const during = await createPost(owner, { body: 'Space post while a member', audience: 'space', space_id: space.id });
  await shows(joiner, during, 'a new space post');

  expectNoContent(await joiner.client.delete(`/api/v1/spaces/${space.id}/members/${joiner.person.id}`));
  assert.equal(await has(joiner, during), false, 'gone at once after leaving (visibility at read)');
  const after = await createPost(owner, { body: 'Space post after leaving', audience: 'space', space_id: space.id });
  await hides(joiner, after, 'after leaving');

  await addMember(owner, space, joiner);
  await shows(joiner, after, 'back in');
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${joiner.person.id}`));
  assert.equal(await has(joiner, after), false, 'gone at once after removal');
  const last = await createPost(owner, { body: 'Space post after removal', audience: 'space', space_id: space.id });
  await hides(joiner, last, 'after removal');
});

test('a move to another unit: the old unit\'s unit posts go, the new unit\'s come', async () => {
  const unitA = await createUnit(server, unique('Timeline Unit A '));
  const unitB = await createUnit(server, unique('Timeline Unit B '));
  const mover = await member(server, { name: 'Mo Mover', unit_id: unitA.id });
  const mateA = await member(server, { name: 'Ann A', unit_id: unitA.id });
  const mateB = await member(server, { name: 'Ben B', unit_id: unitB.id });
  await feedIds(mover);
  const inA = await createPost(mateA, { body: 'For unit A', audience: 'unit' });
  const inB = await createPost(mateB, { body: 'For unit B', audience: 'unit' });
  await shows(mover, inA, 'own unit');
  await hides(mover, inB, 'another unit');

  const admin = await server.admin();
  expectOk(await admin.client.patch(`/api/v1/people/${mover.person.id}`, { unit_id: unitB.id }));
  const again = await server.signIn(mover.email, mover.password);
  await eventually(() => has(again, inB), (yes) => yes, { what: 'the new unit\'s post' });
  assert.equal(await has(again, inA), false, 'the old unit\'s unit post is gone');
});

test('a deleted post leaves every timeline at once', async () => {
  const author = await member(server, { name: 'Del Author' });
  const reader = await member(server, { name: 'Del Reader' });
  await follow(reader, author);
  await feedIds(reader);
  const post = await createPost(author, { body: 'Soon deleted' });
  await shows(reader, post, 'before deletion');
  expectNoContent(await author.client.delete(`/api/v1/posts/${post.id}`));
  assert.equal(await has(reader, post), false);
});

test('a post whose readers grow comes into their feeds: a followed topic edited in, a record opened to them', async () => {
  const topic = unique('crates').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const reader = await member(server, { name: 'Tia Topics' });
  const author = await member(server, { name: 'Ed Editor' });
  expectNoContent(await reader.client.put(`/api/v1/topics/${topic}/follow`));
  assert.deepEqual(await feedIds(reader), [], 'an empty feed; the reader is now active');
  const post = await createPost(author, { body: 'Crates arrive on Monday' });
  await hides(reader, post, 'a post without the topic');
  expectOk(await author.client.patch(`/api/v1/posts/${post.id}`, { body: `Crates arrive on Monday #${topic}` }));
  await shows(reader, post, 'the post once it carries the followed topic');

  // A post on a record behind an access list reaches a follower once the list names them.
  const fan = await member(server, { name: 'Fen Follower' });
  await follow(fan, author);
  await feedIds(fan);  // the follower is now active
  const record = { system: 'crm', type: 'case', external_id: unique('case').replace(/[^a-z0-9]/gi, ''), title: 'Escalated case' };
  const admin = await server.admin();
  const made = expectOk(await admin.client.put('/api/v1/records', { ...record, access: { people: [author.person.id] } }), 201);
  const onRecord = await createPost(author, { body: 'Case notes', record_id: made.id });
  await hides(fan, onRecord, 'a post on a record the follower may not read');
  expectOk(await admin.client.put('/api/v1/records', { ...record, access: { people: [author.person.id, fan.person.id] } }));
  await shows(fan, onRecord, 'the post once the record is opened to the follower');
});

test('an old post edited after the timeline was built leaves no gap in the pages; an edited reply never enters a feed', async () => {
  const reader = await member(server, { name: 'Gus Gapless' });
  const author = await member(server, { name: 'Pru Prolific' });
  await follow(reader, author);
  const made = [];
  for (let k = 0; k < 320; k += 8) {
    made.push(...await Promise.all(Array.from({ length: 8 }, (_, i) => createPost(author, { body: `Log entry ${k + i}` }))));
  }
  await feedIds(reader);  // built now: the newest 300 of 320 (more than a timeline holds)
  // Three of the oldest posts, edited: fanned out again, they must not sit right under the
  // timeline's end (a page ending on one of them would skip the posts between).
  for (const k of [0, 5, 10]) {
    expectOk(await author.client.patch(`/api/v1/posts/${made[k].id}`, { body: `Log entry ${k}, corrected` }));
  }
  await new Promise((r) => setTimeout(r, 500));
  const ids = idsOf(await allPages(reader.client, '/api/v1/feed', { limit: 7, maxPages: 80 }));  // a page ends past the end
  assert.equal(new Set(ids).size, ids.length, 'no post twice');
  assert.deepEqual([...ids].sort((a, b) => a - b), made.map((p) => p.id).sort((a, b) => a - b), 'every post once');

  // A reply that gains a followed topic stays out of home feeds.
  const topic = unique('reply').replace(/[^a-z0-9]/gi, '').toLowerCase();
  expectNoContent(await reader.client.put(`/api/v1/topics/${topic}/follow`));
  const other = await member(server, { name: 'Ola Other' });
  const root = await createPost(other, { body: 'A question' });
  const answer = await reply(other, root.id, 'An answer');
  expectOk(await other.client.patch(`/api/v1/posts/${answer.id}`, { body: `An answer #${topic}` }));
  await hides(reader, answer, 'an edited reply');
});

test('pages of a timeline: no post twice, none lost, newest first', async () => {
  const author = await member(server, { name: 'Page Author' });
  const reader = await member(server, { name: 'Page Reader' });
  await follow(reader, author);
  await feedIds(reader);
  const posts = [];
  for (let i = 0; i < 12; i += 1) posts.push(await createPost(author, { body: `Paged ${i}` }));
  const expected = posts.map((p) => p.id).reverse();
  await eventually(async () => idsOf(await allPages(reader.client, '/api/v1/feed', { limit: 5 })),
    (ids) => JSON.stringify(ids) === JSON.stringify(expected), { what: 'all 12, newest first, in pages of 5' });
});

test('/metrics lists the timelines subscriber', async () => {
  const text = (await server.anonymous().get('/metrics')).text;
  assert.match(text, /weft_subscriber_lag\{subscriber="timelines"\} \d+/);
});
