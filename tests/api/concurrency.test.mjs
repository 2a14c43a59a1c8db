// The same writes arriving at once (double clicks, retries, two tabs): every answer is one the API
// documents for a single request (never a 500 from a lost race), and the end state is as if the
// requests had come one after another.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectList, expectOk } from './expect.mjs';

let server;
let admin;
before(async () => {
  server = await startServer();
  admin = await server.admin();
});
after(async () => {
  await server?.stop();
});

const statusCounts = (responses) => responses.reduce((counts, res) => {
  counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}, {});

test('the same follow sent 20 times at once: all 204, counted once', async () => {
  const star = await server.createPerson({ name: 'Concurrent Star' });
  const fan = await server.signedInPerson({ name: 'Concurrent Fan' });
  const responses = await Promise.all(Array.from({ length: 20 },
    () => fan.client.put(`/api/v1/people/${star.person.id}/follow`)));
  assert.deepEqual(statusCounts(responses), { 204: 20 });
  assert.equal(expectOk(await fan.client.get(`/api/v1/people/${star.person.id}`)).followers_count, 1);

  const undo = await Promise.all(Array.from({ length: 20 },
    () => fan.client.delete(`/api/v1/people/${star.person.id}/follow`)));
  assert.deepEqual(statusCounts(undo), { 204: 20 });
  assert.equal(expectOk(await fan.client.get(`/api/v1/people/${star.person.id}`)).followers_count, 0);
});

test('the same endorsement sent 10 times at once: one 201, the rest 200, counted once', async () => {
  const expert = await server.signedInPerson({ name: 'Concurrent Expert' });
  expectOk(await expert.client.patch('/api/v1/people/me', { skills: ['Racing'] }));
  const fan = await server.signedInPerson({ name: 'Concurrent Endorser' });
  const responses = await Promise.all(Array.from({ length: 10 },
    () => fan.client.post(`/api/v1/people/${expert.person.id}/endorsements`, { skill: 'Racing' })));
  assert.deepEqual(statusCounts(responses), { 200: 9, 201: 1 });
  const person = expectOk(await fan.client.get(`/api/v1/people/${expert.person.id}`));
  assert.equal(person.skills[0].endorsements, 1);
});

test('the same e-mail created 5 times at once: one 201, four 409', async () => {
  const email = `${unique('race')}@test.weft`;
  const responses = await Promise.all(Array.from({ length: 5 },
    (_, i) => admin.client.post('/api/v1/people', { name: `Race ${i}`, email, password: 'password-123' })));
  assert.deepEqual(statusCounts(responses), { 201: 1, 409: 4 });
  for (const res of responses.filter((r) => r.status === 409)) assert.equal(res.body?.error?.code, 'conflict');
  const local = email.split('@')[0];
  assert.equal(expectList(await admin.client.get(`/api/v1/people?q=${local}`)).items.length, 1);
});

test('one e-mail local part created 8 times at once on different domains: 8 distinct handles', async () => {
  const local = unique('same');
  const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => admin.client.post('/api/v1/people',
    { name: `Same Local ${i}`, email: `${local}@domain${i}.test`, password: 'password-123' })));
  assert.deepEqual(statusCounts(responses), { 201: 8 });
  const handles = responses.map((res) => res.body.handle);
  assert.equal(new Set(handles).size, 8, `handles: ${handles}`);
  for (const handle of handles) assert.ok(handle.startsWith(local), handle);
});

test('20 units created at once are all kept', async () => {
  const before = expectList(await admin.client.get('/api/v1/units')).items.length;
  const responses = await Promise.all(Array.from({ length: 20 },
    (_, i) => admin.client.post('/api/v1/units', { name: `Parallel ${i}`, parent_id: null })));
  assert.deepEqual(statusCounts(responses), { 201: 20 });
  assert.equal(new Set(responses.map((res) => res.body.id)).size, 20);
  assert.equal(expectList(await admin.client.get('/api/v1/units')).items.length, before + 20);
});

test('two units made each other\'s parent at once: at most one move wins, no cycle', async () => {
  const first = expectOk(await admin.client.post('/api/v1/units', { name: 'Swap A', parent_id: null }), 201);
  const second = expectOk(await admin.client.post('/api/v1/units', { name: 'Swap B', parent_id: null }), 201);
  const responses = await Promise.all([
    admin.client.patch(`/api/v1/units/${first.id}`, { parent_id: second.id }),
    admin.client.patch(`/api/v1/units/${second.id}`, { parent_id: first.id }),
  ]);
  for (const res of responses) assert.ok(res.status === 200 || res.status === 400, `${res.status} ${res.text}`);
  const units = new Map(expectList(await admin.client.get('/api/v1/units')).items.map((unit) => [unit.id, unit]));
  const cycle = units.get(first.id).parent_id === second.id && units.get(second.id).parent_id === first.id;
  assert.ok(!cycle, 'the two units are each other\'s parent');
});
