// Endorsements: endorsing a skill a person lists (201, then 200), counts and endorsed_by_me as
// others see them, the 400s (oneself, unlisted skill), withdrawing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk, expectPerson } from './expect.mjs';

let server;
let expert;
let fan;
let otherFan;
before(async () => {
  server = await startServer();
  expert = await server.signedInPerson({ name: 'Eve Expert' });
  fan = await server.signedInPerson({ name: 'Fay Fan' });
  otherFan = await server.signedInPerson({ name: 'Gus Fan' });
  expectOk(await expert.client.patch('/api/v1/people/me', { skills: ['Rust', 'Data Science', 'Welding'] }));
});
after(async () => {
  await server?.stop();
});

const skillOf = (person, name) => person.skills.find((skill) => skill.name === name);
const endorse = (client, personId, skill) => client.post(`/api/v1/people/${personId}/endorsements`, { skill });

test('endorsing answers 201 with the person the first time, 200 when already endorsed', async () => {
  const first = expectOk(await endorse(fan.client, expert.person.id, 'Rust'), 201);
  expectPerson(first);
  assert.equal(first.id, expert.person.id);
  assert.equal(skillOf(first, 'Rust').endorsements, 1);
  assert.equal(skillOf(first, 'Rust').endorsed_by_me, true);

  const again = expectOk(await endorse(fan.client, expert.person.id, 'Rust'), 200);
  assert.equal(skillOf(again, 'Rust').endorsements, 1, 'a second endorsement by the same person does not count');
});

test('endorsement counts are visible to everyone; endorsed_by_me is per caller', async () => {
  expectOk(await endorse(otherFan.client, expert.person.id, 'Rust'), 201);
  const seenByFan = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.equal(skillOf(seenByFan, 'Rust').endorsements, 2);
  assert.equal(skillOf(seenByFan, 'Rust').endorsed_by_me, true);
  assert.equal(skillOf(seenByFan, 'Welding').endorsements, 0);
  assert.equal(skillOf(seenByFan, 'Welding').endorsed_by_me, false);

  const admin = await server.admin();
  const seenByAdmin = expectOk(await admin.client.get(`/api/v1/people/${expert.person.id}`));
  assert.equal(skillOf(seenByAdmin, 'Rust').endorsements, 2);
  assert.equal(skillOf(seenByAdmin, 'Rust').endorsed_by_me, false);

  const seenBySelf = expectOk(await expert.client.get('/api/v1/me'));
  assert.equal(skillOf(seenBySelf, 'Rust').endorsements, 2);
});

test('the skill is matched case-insensitively and keeps its written form', async () => {
  const res = expectOk(await endorse(fan.client, expert.person.id, 'wELDING'), 201);
  assert.equal(skillOf(res, 'Welding').endorsements, 1);
  assert.ok(!res.skills.some((skill) => skill.name === 'wELDING'));
});

test('endorsing oneself is 400 and counts nothing', async () => {
  expectError(await endorse(expert.client, expert.person.id, 'Rust'), 400, 'invalid_argument');
  const me = expectOk(await expert.client.get('/api/v1/me'));
  assert.equal(skillOf(me, 'Rust').endorsements, 2);
});

test('endorsing a skill the person does not list is 400 and adds no skill', async () => {
  expectError(await endorse(fan.client, expert.person.id, 'Cooking'), 400, 'invalid_argument', 'skill');
  const person = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.deepEqual(person.skills.map((skill) => skill.name), ['Rust', 'Data Science', 'Welding']);
});

test('POST endorsements: 400 without a skill, 404 unknown person, 401 anonymous', async () => {
  expectError(await fan.client.post(`/api/v1/people/${expert.person.id}/endorsements`, {}), 400, 'invalid_argument', 'skill');
  expectError(await endorse(fan.client, expert.person.id, 7), 400, 'invalid_argument', 'skill');
  expectError(await endorse(fan.client, expert.person.id, ''), 400, 'invalid_argument', 'skill');
  expectError(await endorse(fan.client, 'no-such-person', 'Rust'), 404, 'not_found');
  expectError(await endorse(server.anonymous(), expert.person.id, 'Rust'), 401, 'unauthenticated');
});

test('withdrawing an endorsement (skill name with a space, URL-encoded) answers 204 and lowers the count', async () => {
  expectOk(await endorse(fan.client, expert.person.id, 'Data Science'), 201);
  expectOk(await endorse(otherFan.client, expert.person.id, 'Data Science'), 201);
  expectNoContent(await fan.client.delete(`/api/v1/people/${expert.person.id}/endorsements/Data%20Science`));
  const seenByFan = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.equal(skillOf(seenByFan, 'Data Science').endorsements, 1);
  assert.equal(skillOf(seenByFan, 'Data Science').endorsed_by_me, false);

  // Endorsing again after withdrawing is a new endorsement.
  expectOk(await endorse(fan.client, expert.person.id, 'Data Science'), 201);
});

test('DELETE endorsements: 401 anonymous, 404 unknown person; nothing withdrawn', async () => {
  expectError(await server.anonymous().delete(`/api/v1/people/${expert.person.id}/endorsements/Rust`),
    401, 'unauthenticated');
  expectError(await fan.client.delete('/api/v1/people/no-such-person/endorsements/Rust'), 404, 'not_found');
  const person = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.equal(skillOf(person, 'Rust').endorsements, 2);
});

test('replacing skills drops endorsements of removed skills', async () => {
  expectOk(await expert.client.patch('/api/v1/people/me', { skills: ['Rust'] }));
  const person = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.deepEqual(person.skills.map((skill) => skill.name), ['Rust']);
  assert.equal(skillOf(person, 'Rust').endorsements, 2, 'kept skills keep their endorsements');
  expectError(await endorse(fan.client, expert.person.id, 'Welding'), 400, 'invalid_argument', 'skill');
});
