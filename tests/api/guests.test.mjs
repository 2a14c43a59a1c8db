// Guests (people from outside the organization) see only themselves until spaces exist: lists hold
// only them, and every other person is 404 to them, never 403.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectOk, expectPerson } from './expect.mjs';

let server;
let guest;
let member;
before(async () => {
  server = await startServer();
  guest = await server.signedInPerson({ name: 'Gail Guest', role: 'guest', title: 'Contractor' });
  member = await server.signedInPerson({ name: 'Mark Member', title: 'Contractor' });
  expectOk(await member.client.patch('/api/v1/people/me', { skills: ['Contracting'] }));
});
after(async () => {
  await server?.stop();
});

test('a guest is created with role guest and sees themselves', async () => {
  assert.equal(guest.person.role, 'guest');
  const me = expectOk(await guest.client.get('/api/v1/me'));
  expectPerson(me);
  assert.equal(me.id, guest.person.id);
  assert.equal(me.role, 'guest');
  const self = expectOk(await guest.client.get(`/api/v1/people/${guest.person.id}`));
  assert.equal(self.id, guest.person.id);
});

test('the people list holds only the guest, whatever the filter', async () => {
  const all = expectList(await guest.client.get('/api/v1/people'));
  assert.deepEqual(all.items.map((person) => person.id), [guest.person.id]);
  assert.equal(all.next_cursor, null);
  assert.deepEqual(expectList(await guest.client.get('/api/v1/people?q=mark')).items, []);
  assert.deepEqual(expectList(await guest.client.get('/api/v1/people?q=contractor')).items.map((p) => p.id),
    [guest.person.id]);
  assert.deepEqual(expectList(await guest.client.get('/api/v1/people?skill=contracting')).items, []);
});

test('another person is 404 to a guest, on every person endpoint', async () => {
  const admin = await server.admin();
  for (const other of [member.person.id, admin.person.id]) {
    expectError(await guest.client.get(`/api/v1/people/${other}`), 404, 'not_found');
    expectError(await guest.client.get(`/api/v1/people/${other}/followers`), 404, 'not_found');
    expectError(await guest.client.get(`/api/v1/people/${other}/following`), 404, 'not_found');
    expectError(await guest.client.put(`/api/v1/people/${other}/follow`), 404, 'not_found');
    expectError(await guest.client.post(`/api/v1/people/${other}/endorsements`, { skill: 'Contracting' }),
      404, 'not_found');
  }
  const seen = expectOk(await member.client.get(`/api/v1/people/${member.person.id}`));
  assert.equal(seen.followers_count, 0, 'the guest could not follow');
  assert.equal(seen.skills[0].endorsements, 0, 'the guest could not endorse');
});

test("a guest's own follow lists do not leak other people", async () => {
  // Whether members may see guests is not fixed yet; either way the guest must not learn of them.
  const follow = await member.client.put(`/api/v1/people/${guest.person.id}/follow`);
  assert.ok(follow.status === 204 || follow.status === 404, `member follows guest: ${follow.status} ${follow.text}`);
  const followers = expectList(await guest.client.get(`/api/v1/people/${guest.person.id}/followers`));
  assert.deepEqual(followers.items, [], 'an invisible follower is not listed');
  const me = expectOk(await guest.client.get('/api/v1/me'));
  assert.equal(me.followers_count, 0, 'nor counted');
  assert.equal(me.following_count, 0);
});

test('the skills directory does not reveal skills of people a guest cannot see', async () => {
  expectOk(await guest.client.patch('/api/v1/people/me', { skills: ['Advising'] }));
  const res = await guest.client.get('/api/v1/skills?limit=100');
  if (res.status === 403) return expectError(res, 403, 'permission_denied');
  const names = expectOk(res).items.map((skill) => skill.name);
  assert.ok(!names.includes('Contracting'), `a guest sees skills of invisible people: ${names}`);
  assert.deepEqual(expectOk(await guest.client.get('/api/v1/skills?q=contr')).items, []);
});

test('a guest may not use admin endpoints (403)', async () => {
  expectError(await guest.client.post('/api/v1/people', { name: 'X', email: 'x@guest.test', password: 'password-123' }),
    403, 'permission_denied');
  expectError(await guest.client.post('/api/v1/units', { name: 'Guest Unit', parent_id: null }), 403, 'permission_denied');
});

test('a guest edits their own profile', async () => {
  const updated = expectOk(await guest.client.patch('/api/v1/people/me', { title: 'External Advisor' }));
  assert.equal(updated.title, 'External Advisor');
});
