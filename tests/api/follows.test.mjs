// Follows: PUT/DELETE are idempotent 204s, following oneself is 400, followers/following lists
// (newest first) and the counts on a person.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk, expectPerson } from './expect.mjs';

let server;
let star;
let first;
let second;
let observer; // signed in, but neither side of any follow
before(async () => {
  server = await startServer();
  star = await server.signedInPerson({ name: 'Stella Star' });
  first = await server.signedInPerson({ name: 'Finn First' });
  second = await server.signedInPerson({ name: 'Sid Second' });
  observer = await server.signedInPerson({ name: 'Olly Observer' });
});
after(async () => {
  await server?.stop();
});

const ids = (list) => list.items.map((person) => person.id);

test('PUT follow answers 204, twice; counts and followed_by_me follow', async () => {
  expectNoContent(await first.client.put(`/api/v1/people/${star.person.id}/follow`));
  expectNoContent(await first.client.put(`/api/v1/people/${star.person.id}/follow`));

  const seenByFollower = expectOk(await first.client.get(`/api/v1/people/${star.person.id}`));
  assert.equal(seenByFollower.followers_count, 1, 'following twice counts once');
  assert.equal(seenByFollower.following_count, 0);
  assert.equal(seenByFollower.followed_by_me, true);

  const seenByOther = expectOk(await second.client.get(`/api/v1/people/${star.person.id}`));
  assert.equal(seenByOther.followed_by_me, false);

  const follower = expectOk(await first.client.get('/api/v1/me'));
  assert.equal(follower.following_count, 1);
  assert.equal(follower.followers_count, 0);
});

test('followers and following lists show the follow, newest first', async () => {
  expectNoContent(await second.client.put(`/api/v1/people/${star.person.id}/follow`));
  const followers = expectList(await observer.client.get(`/api/v1/people/${star.person.id}/followers`));
  assert.deepEqual(ids(followers), [second.person.id, first.person.id]);
  for (const person of followers.items) expectPerson(person);
  assert.equal(followers.next_cursor, null);

  const following = expectList(await star.client.get(`/api/v1/people/${first.person.id}/following`));
  assert.deepEqual(ids(following), [star.person.id]);
  expectPerson(following.items[0]);

  expectNoContent(await first.client.put(`/api/v1/people/${second.person.id}/follow`));
  const firstFollows = expectList(await star.client.get(`/api/v1/people/${first.person.id}/following`));
  assert.deepEqual(ids(firstFollows), [second.person.id, star.person.id]);

  const paged = expectList(await star.client.get(`/api/v1/people/${star.person.id}/followers?limit=1`));
  assert.deepEqual(ids(paged), [second.person.id]);
  assert.equal(typeof paged.next_cursor, 'string');
  const rest = expectList(await star.client.get(
    `/api/v1/people/${star.person.id}/followers?limit=1&cursor=${encodeURIComponent(paged.next_cursor)}`));
  assert.deepEqual(ids(rest), [first.person.id]);

  assert.equal(expectOk(await star.client.get('/api/v1/me')).followers_count, 2);
});

test('DELETE follow answers 204, twice; counts and lists drop the follow', async () => {
  expectNoContent(await first.client.delete(`/api/v1/people/${star.person.id}/follow`));
  expectNoContent(await first.client.delete(`/api/v1/people/${star.person.id}/follow`));
  const seen = expectOk(await first.client.get(`/api/v1/people/${star.person.id}`));
  assert.equal(seen.followers_count, 1);
  assert.equal(seen.followed_by_me, false);
  assert.deepEqual(ids(expectList(await observer.client.get(`/api/v1/people/${star.person.id}/followers`))),
    [second.person.id]);
  assert.deepEqual(ids(expectList(await observer.client.get(`/api/v1/people/${first.person.id}/following`))),
    [second.person.id]);
  expectNoContent(await observer.client.delete(`/api/v1/people/${star.person.id}/follow`));
});

test('following oneself is 400 and not recorded', async () => {
  expectError(await star.client.put(`/api/v1/people/${star.person.id}/follow`), 400, 'invalid_argument');
  const me = expectOk(await star.client.get('/api/v1/me'));
  assert.equal(me.following_count, 0);
  assert.deepEqual(ids(expectList(await star.client.get(`/api/v1/people/${star.person.id}/following`))), []);
});

test('follow endpoints: 404 for an unknown person', async () => {
  expectError(await first.client.put('/api/v1/people/no-such-person/follow'), 404, 'not_found');
  expectError(await first.client.delete('/api/v1/people/no-such-person/follow'), 404, 'not_found');
  expectError(await first.client.get('/api/v1/people/no-such-person/followers'), 404, 'not_found');
  expectError(await first.client.get('/api/v1/people/no-such-person/following'), 404, 'not_found');
  assert.equal(expectOk(await first.client.get('/api/v1/me')).following_count, 1);
});

test('follow endpoints: 401 without credentials, nothing recorded', async () => {
  const anonymous = server.anonymous();
  expectError(await anonymous.put(`/api/v1/people/${star.person.id}/follow`), 401, 'unauthenticated');
  expectError(await anonymous.delete(`/api/v1/people/${second.person.id}/follow`), 401, 'unauthenticated');
  expectError(await anonymous.get(`/api/v1/people/${star.person.id}/followers`), 401, 'unauthenticated');
  expectError(await anonymous.get(`/api/v1/people/${star.person.id}/following`), 401, 'unauthenticated');
  assert.equal(expectOk(await star.client.get('/api/v1/me')).followers_count, 1);
});

test('follower lists validate limit (400)', async () => {
  expectError(await observer.client.get(`/api/v1/people/${star.person.id}/followers?limit=0`),
    400, 'invalid_argument', 'limit');
  expectError(await observer.client.get(`/api/v1/people/${star.person.id}/following?limit=101`),
    400, 'invalid_argument', 'limit');
  expectError(await observer.client.get(`/api/v1/people/${star.person.id}/followers?cursor=bogus`),
    400, 'invalid_argument', 'cursor');
});
