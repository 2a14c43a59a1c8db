// GET /api/v1/problems, /ideas and /proposals: work across every space the caller may see, newest
// first, filterable by space, unit and state, with counts by state and the names of the spaces of
// the page — and nothing of a space or record the caller may not see.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createUnit, idsOf, member } from './social.mjs';
import { addMember, addSolution, createIdea, createProblem, createProposal, createSpace, moveIdea } from './collab.mjs';

let server;
let unit;
let owner;
let colleague;
let outsider;
let guest;
let open;
let closed;
let secret;
const made = { problems: {}, ideas: {}, proposals: {} };

before(async () => {
  server = await startServer();
  unit = await createUnit(server, unique('Plant '));
  owner = await member(server, { name: 'Orla Owner', unit_id: unit.id });
  colleague = await member(server, { name: 'Cal Colleague' });
  outsider = await member(server, { name: 'Oz Outsider' });
  guest = await member(server, { name: 'Gil Guest', role: 'guest' });
  open = await createSpace(owner, { name: unique('Open '), visibility: 'public', kind: 'problem' });
  closed = await createSpace(owner, { name: unique('Closed '), visibility: 'private', kind: 'problem' });
  secret = await createSpace(owner, { name: unique('Secret '), visibility: 'secret', kind: 'problem' });
  await addMember(owner, open, colleague);
  await addMember(owner, secret, guest, 'guest');
  for (const space of [open, closed, secret]) {
    made.problems[space.id] = await createProblem(owner, space, { title: `Kiln ${space.name}` });
    made.ideas[space.id] = await createIdea(owner, space, { title: `Idea ${space.name}` });
    made.proposals[space.id] = await createProposal(owner, space, { title: `Proposal ${space.name}` });
  }
  // In the open space: a problem by the colleague (no unit), resolved; an idea accepted; a
  // proposal adopted and one rejected.
  const theirs = await createProblem(colleague, open, { title: 'Glaze cracks' });
  const solution = await addSolution(owner, theirs);
  expectOk(await colleague.client.post(`/api/v1/problems/${theirs.id}/accept`, { solution_id: solution.id }));
  made.resolved = theirs;
  await moveIdea(owner, made.ideas[open.id], 'under_review');
  await moveIdea(owner, made.ideas[open.id], 'accepted');
  expectOk(await owner.client.post(`/api/v1/proposals/${made.proposals[open.id].id}/close`,
    { outcome: 'Go', decision: 'adopted' }));
  const rejected = await createProposal(colleague, open, { title: 'Close on Fridays' });
  expectOk(await colleague.client.post(`/api/v1/proposals/${rejected.id}/close`, { outcome: 'No', decision: 'rejected' }));
  made.rejected = rejected;
  // A problem on a record only the owner may read.
  const record = expectOk(await owner.client.put('/api/v1/records', {
    system: 'crm', type: 'deal', external_id: unique('d').replace(/[^a-z0-9]/g, ''), title: 'Private deal',
    access: { people: [owner.person.id] },
  }), 201);
  made.gated = expectOk(await owner.client.post(`/api/v1/spaces/${open.id}/problems`,
    { title: 'Deal terms unclear', record_id: record.id }), 201);
});

after(async () => {
  await server?.stop();
});

const list = async (person, path) => expectOk(await person.client.get(`/api/v1/${path}`));

test('each person sees the work of exactly the spaces and records they may see', async () => {
  const seen = await list(outsider, 'problems?limit=100');
  assert.deepEqual(idsOf(seen.items).sort(), [made.problems[open.id].id, made.resolved.id].sort());
  assert.deepEqual(seen.spaces.map((s) => s.id), [open.id]);
  assert.equal(seen.spaces[0].name, open.name);
  assert.deepEqual(seen.counts, { open: 1, resolved: 1 });
  const all = await list(owner, 'problems?limit=100');
  assert.equal(all.items.length, 5, 'three spaces, the resolved one and the record\'s');
  assert.deepEqual(all.counts, { open: 4, resolved: 1 });
  assert.deepEqual(all.spaces.map((s) => s.id).sort(), [open.id, closed.id, secret.id].sort());
  const guests = await list(guest, 'problems?limit=100');
  assert.deepEqual(idsOf(guests.items), [made.problems[secret.id].id], 'a guest sees their own space only');
  const ideas = await list(outsider, 'ideas?limit=100');
  assert.deepEqual(idsOf(ideas.items), [made.ideas[open.id].id]);
  assert.deepEqual(ideas.counts, { accepted: 1 });
  const proposals = await list(outsider, 'proposals?limit=100');
  assert.deepEqual(idsOf(proposals.items), [made.rejected.id, made.proposals[open.id].id]);
  assert.deepEqual(proposals.counts, { adopted: 1, rejected: 1 });
  assert.equal((await list(owner, 'proposals')).counts.open, 2);
});

test('filters: space, unit, state and decision; newest first, page by page', async () => {
  const inSecret = await list(owner, `problems?space_id=${secret.id}`);
  assert.deepEqual(idsOf(inSecret.items), [made.problems[secret.id].id]);
  assert.deepEqual(inSecret.counts, { open: 1 });
  expectError(await outsider.client.get(`/api/v1/problems?space_id=${secret.id}`), 404, 'not_found');
  expectError(await outsider.client.get(`/api/v1/ideas?space_id=${closed.id}`), 403, 'permission_denied');
  const ofUnit = await list(outsider, `problems?unit_id=${unit.id}`);
  assert.deepEqual(idsOf(ofUnit.items), [made.problems[open.id].id], 'the colleague has no unit');
  assert.deepEqual((await list(outsider, 'problems?status=resolved')).items.map((p) => p.id), [made.resolved.id]);
  assert.deepEqual(idsOf((await list(outsider, 'ideas?stage=accepted')).items), [made.ideas[open.id].id]);
  assert.equal((await list(outsider, 'ideas?stage=declined')).items.length, 0);
  const adopted = await list(owner, 'proposals?status=closed&decision=adopted');
  assert.deepEqual(idsOf(adopted.items), [made.proposals[open.id].id]);
  // Pages: newest first, one at a time, to the end.
  const ids = [];
  let cursor = '';
  for (let k = 0; k < 10; k++) {
    const page = await list(owner, `problems?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...idsOf(page.items));
    if (!page.next_cursor) break;
    cursor = encodeURIComponent(page.next_cursor);
  }
  assert.equal(ids.length, 5);
  assert.deepEqual(ids, [...ids].sort((a, b) => Number(b) - Number(a)));
});

test('bad filters are refused with the field named; strangers are not let in', async () => {
  for (const [path, field] of [['problems?status=closed', 'status'], ['ideas?stage=done', 'stage'],
    ['proposals?decision=maybe', 'decision'], ['problems?space_id=x', 'space_id'], ['ideas?unit_id=-1', 'unit_id'],
    ['proposals?limit=0', 'limit']]) {
    const res = await owner.client.get(`/api/v1/${path}`);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, path);
  }
  for (const path of ['problems', 'ideas', 'proposals']) {
    expectError(await server.anonymous().get(`/api/v1/${path}`), 401, 'unauthenticated');
  }
});
