// GET /api/v1/me/agenda: the work waiting for a person — proposals awaiting their stance (soonest
// deadline first), open problems in their spaces, recent decisions, their ideas that moved, the
// records they follow, their spaces — and nothing of a space they are not in.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { follow, idsOf, member } from './social.mjs';
import { addMember, createIdea, createProblem, createProposal, createSpace, inDays, moveIdea, takeStance } from './collab.mjs';

let server;
let owner;
let mia;
let space;
let secret;

const agenda = async (person) => expectOk(await person.client.get('/api/v1/me/agenda'));

before(async () => {
  server = await startServer();
  owner = await member(server, { name: 'Orla Owner' });
  mia = await member(server, { name: 'Mia Member' });
  space = await createSpace(owner, { name: unique('Kilns '), visibility: 'public' });
  secret = await createSpace(owner, { name: unique('Secret '), visibility: 'secret' });
});

after(async () => {
  await server?.stop();
});

test('a newcomer has an empty agenda and everything still to start', async () => {
  const a = await agenda(mia);
  for (const part of ['awaiting_stance', 'suggested', 'open_problems', 'recent_decisions', 'idea_updates', 'records', 'spaces']) {
    assert.deepEqual(a[part].items, [], part);
  }
  assert.deepEqual(a.getting_started, { skills: 0, spaces: 0, following: 0 });
  expectError(await server.anonymous().get('/api/v1/me/agenda'), 401, 'unauthenticated');
});

test('the work waiting in a person\'s spaces, and none of the spaces they are not in', async () => {
  await addMember(owner, space, mia);
  const later = await createProposal(owner, space, { title: 'Second shift', closes_at: inDays(5) });
  const sooner = await createProposal(owner, space, { title: 'Night firing', closes_at: inDays(2) });
  await createProposal(owner, secret, { title: 'Secret plan', closes_at: inDays(1) });
  const problem = await createProblem(owner, space, { title: 'Kiln 3 overheats' });
  await createProblem(owner, secret, { title: 'Secret problem' });
  let a = await agenda(mia);
  assert.deepEqual(idsOf(a.awaiting_stance.items), [sooner.id, later.id], 'soonest deadline first, not the secret one');
  assert.equal(a.awaiting_stance.total, 2);
  assert.deepEqual(idsOf(a.open_problems.items), [problem.id]);
  assert.equal(a.open_problems.total, 1);
  assert.deepEqual(idsOf(a.spaces.items), [space.id]);
  assert.equal(a.getting_started.spaces, 1);

  // A stance taken: no longer waiting. A decision made: among the recent ones.
  await takeStance(mia, sooner, 'agree');
  expectOk(await owner.client.post(`/api/v1/proposals/${later.id}/close`, { outcome: 'Yes, from May', decision: 'adopted' }));
  a = await agenda(mia);
  assert.deepEqual(a.awaiting_stance.items, []);
  assert.equal(a.awaiting_stance.total, 0);
  assert.deepEqual(idsOf(a.recent_decisions.items), [later.id]);
  assert.equal(a.recent_decisions.items[0].outcome, 'Yes, from May');

  // The owner's agenda has the secret space's work too (they are its member).
  const theirs = await agenda(owner);
  assert.ok(theirs.open_problems.items.some((p) => p.title === 'Secret problem'));
});

test('one\'s ideas that moved, records one follows, and what one has started', async () => {
  const idea = await createIdea(mia, space, { title: 'Preheat overnight' });
  const still = await createIdea(mia, space, { title: 'Paint the kilns' });
  await moveIdea(owner, idea, 'under_review');
  const record = expectOk(await owner.client.put('/api/v1/records', {
    system: 'erp', type: 'asset', external_id: unique('k').replace(/[^a-z0-9]/g, ''), title: 'Kiln 3',
  }), 201);
  expectNoContent(await mia.client.put(`/api/v1/records/${record.id}/follow`));
  await follow(mia, owner);
  expectOk(await mia.client.patch('/api/v1/people/me', { skills: ['glazing'] }));
  const a = await agenda(mia);
  assert.deepEqual(idsOf(a.idea_updates.items), [idea.id], `not ${still.id}, which never moved`);
  assert.equal(a.idea_updates.items[0].stage, 'under_review');
  assert.deepEqual(idsOf(a.records.items), [record.id]);
  assert.deepEqual(a.getting_started, { skills: 1, spaces: 1, following: 1 });
  // Leaving the space takes its work off the agenda.
  expectNoContent(await mia.client.delete(`/api/v1/spaces/${space.id}/members/${mia.person.id}`));
  const after = await agenda(mia);
  assert.deepEqual(after.open_problems.items, []);
  assert.deepEqual(after.spaces.items, []);
});

test('a problem on a record whose access list leaves the person out is neither listed nor counted', async () => {
  const admin = await server.admin();
  const room = await createSpace(owner, { name: unique('Deals '), visibility: 'private' });
  const rae = await member(server, { name: 'Rae Reader' });
  await addMember(owner, room, rae);
  const record = expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'deal', external_id: unique('deal'),
    title: 'Initech buyout', access: { people: [owner.person.id], units: [] } }), 201);
  const onRecord = await createProblem(owner, room, { title: 'Initech wants exclusivity', record_id: record.id });
  const plain = await createProblem(owner, room, { title: 'The deal template is outdated' });
  const a = await agenda(rae);
  assert.deepEqual(idsOf(a.open_problems.items), [plain.id]);
  assert.equal(a.open_problems.total, 1, 'the total tells of no problem Rae may not read');
  const theirs = await agenda(owner);
  assert.ok(idsOf(theirs.open_problems.items).includes(onRecord.id));
});
