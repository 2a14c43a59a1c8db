// Helpers shared by the social-layer tests (posts, threads, reshares, feeds, search,
// notifications, stream): creating units, people, posts and follows, checking the post shape of
// docs/design/social.md, walking cursor-paginated lists, and polling for what the server derives
// asynchronously (notifications) without ever sleeping a fixed amount.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { unique } from './server.mjs';
import { expectList, expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';

export const kReactionKinds = ['like', 'celebrate', 'insightful', 'support'];

export const idsOf = (items) => items.map((item) => item.id);
export const sorted = (values) => [...values].sort();

export async function createUnit(server, name = unique('Unit ')) {
  const admin = await server.admin();
  return expectOk(await admin.client.post('/api/v1/units', { name, parent_id: null }), 201);
}

/** A signed-in member with a known handle (and optional unit, role, name, title). */
export async function member(server, fields = {}) {
  return server.signedInPerson({ name: 'Social Person', handle: unique('h'), ...fields });
}

/** POST /api/v1/posts and expect 201; returns the post. */
export async function createPost(person, fields) {
  const res = await person.client.post('/api/v1/posts', { audience: 'public', ...fields });
  return expectOk(res, 201);
}

export async function reply(person, parentId, body) {
  return expectOk(await person.client.post(`/api/v1/posts/${parentId}/replies`, { body }), 201);
}

export async function reshare(person, originalId, fields = {}) {
  return expectOk(await person.client.post('/api/v1/posts', { reshare_of: originalId, audience: 'public', ...fields }), 201);
}

export async function follow(follower, followee) {
  expectNoContent(await follower.client.put(`/api/v1/people/${followee.person.id}/follow`));
}

export async function getPost(person, id) {
  return expectOk(await person.client.get(`/api/v1/posts/${id}`));
}

/** The person summary {"id","handle","name","title","unit_id"} of `person` (a signed-in helper). */
export function expectSummaryOf(summary, person) {
  assert.ok(summary && typeof summary === 'object', `a person summary: ${JSON.stringify(summary)}`);
  for (const key of ['id', 'handle', 'name', 'title', 'unit_id']) {
    assert.ok(key in summary, `summary has ${key}: ${JSON.stringify(summary)}`);
  }
  if (person) {
    assert.equal(summary.id, person.person.id);
    assert.equal(summary.handle, person.person.handle);
    assert.equal(summary.name, person.person.name);
    assert.equal(summary.title, person.person.title);
    assert.equal(summary.unit_id, person.person.unit_id);
  }
}

/** Every field of a post (social.md "Post") with its type. */
export function expectPostShape(post) {
  const show = JSON.stringify(post).slice(0, 600);
  assert.equal(typeof post.id, 'string', `post.id is a string: ${show}`);
  expectSummaryOf(post.author);
  assert.equal(typeof post.body, 'string', show);
  assert.ok(['public', 'unit', 'followers', 'space'].includes(post.audience), `audience: ${show}`);
  for (const key of ['space_id', 'record_id', 'reply_to', 'reshare_of']) {
    assert.ok(key in post && (post[key] === null || typeof post[key] === 'string'), `post.${key}: ${show}`);
  }
  assert.equal(typeof post.root_id, 'string', `root_id: ${show}`);
  assert.ok('reshared' in post, `post has reshared: ${show}`);
  if (post.reshared !== null) {
    assert.equal(typeof post.reshared, 'object');
    assert.equal(post.reshared.id, post.reshare_of, `reshared is the original: ${show}`);
    // social.md: the embedded original comes "without its own reshared" (checked strictly in
    // reshares_cascade.test.mjs); here only that it never nests a further post.
    assert.ok(post.reshared.reshared == null, `the embedded original nests no further post: ${show}`);
  }
  assert.ok(Array.isArray(post.topics) && post.topics.every((t) => typeof t === 'string'), `topics: ${show}`);
  assert.ok(Array.isArray(post.mentions) && post.mentions.every((m) => typeof m === 'string'), `mentions: ${show}`);
  assert.deepEqual(sorted(Object.keys(post.reactions)), sorted(kReactionKinds), `reactions: ${show}`);
  for (const kind of kReactionKinds) assert.equal(typeof post.reactions[kind], 'number');
  assert.ok(Array.isArray(post.my_reactions), `my_reactions: ${show}`);
  assert.equal(typeof post.reply_count, 'number');
  assert.equal(typeof post.reshare_count, 'number');
  assert.match(post.created_at, kRfc3339Utc);
  assert.ok(post.edited_at === null || kRfc3339Utc.test(post.edited_at), `edited_at: ${show}`);
  assert.equal(typeof post.can_edit, 'boolean', `can_edit: ${show}`);
}

/** Walks a cursor-paginated list to its end; returns every item, checking pages are well formed. */
export async function allPages(client, path, { limit = 100, maxPages = 50 } = {}) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = expectList(await client.get(url));
    assert.ok(body.items.length <= limit, `a page holds at most limit items: ${url}`);
    items.push(...body.items);
    if (body.next_cursor === null) return items;
    cursor = body.next_cursor;
  }
  assert.fail(`${path} did not end within ${maxPages} pages`);
}

/**
 * Polls `read` (async, returns a value) until `accept(value)` holds; returns that value. Fails
 * with the last value after `timeoutMs`. Short pauses between polls; never a fixed wait.
 */
export async function eventually(read, accept, { timeoutMs = 30_000, what = 'the expected state' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 1500)}`);
    }
    await sleep(pause);
  }
}

/** All of a person's notifications (every page), newest first. */
export async function notificationsOf(person, query = '') {
  return allPages(person.client, `/api/v1/notifications${query ? `?${query}` : ''}`);
}

/** Waits until `person` has a notification matching `match`; returns the full list then. */
export async function waitForNotification(person, match, what = 'a notification') {
  return eventually(() => notificationsOf(person), (items) => items.some(match), { what });
}
