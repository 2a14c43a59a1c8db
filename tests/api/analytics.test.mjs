// GET /api/v1/analytics/outcomes over real HTTP: figures count only what the caller may see (a
// secret space's problems never for outsiders, nor a record's behind its access list), one space or
// one unit's authors on request, the privacy floor on figures about people, and clear errors.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createUnit, member } from './social.mjs';
import { addMember, addSolution, createProblem, createProposal, createSpace, inDays } from './collab.mjs';

let server;
let owner;
let outsider;
let unit;
let open;
let secret;
const since = new Date(Date.now() - 60_000).toISOString();

async function outcomes(person, query = '') {
  return expectOk(await person.client.get(`/api/v1/analytics/outcomes?from=${since}${query}`));
}

before(async () => {
  server = await startServer({ env: { WEFT_ANALYTICS_MIN_GROUP: '2' } });
  unit = await createUnit(server, unique('Ops '));
  owner = await member(server, { name: 'Ana Owner', unit_id: unit.id });
  outsider = await member(server, { name: 'Olu Outsider' });
  open = await createSpace(owner, { name: unique('Open '), visibility: 'public', kind: 'problem' });
  secret = await createSpace(owner, { name: unique('Secret '), visibility: 'secret', kind: 'problem' });
  const solved = await createProblem(owner, open, { title: 'Invoices are late' });
  const solution = await addSolution(owner, solved);
  expectOk(await owner.client.post(`/api/v1/problems/${solved.id}/accept`, { solution_id: solution.id }));
  await createProblem(owner, open, { title: 'Returns pile up' });
  for (let k = 0; k < 3; k++) await createProblem(owner, secret, { title: `Secret ${k}` });
  // A problem on a record only its owner may see.
  const record = expectOk(await owner.client.put('/api/v1/records', {
    system: 'crm', type: 'deal', external_id: unique('d').replace(/[^a-z0-9]/g, ''), title: 'Private deal',
    access: { people: [owner.person.id] },
  }), 201);
  expectOk(await owner.client.post(`/api/v1/spaces/${open.id}/problems`, { title: 'Deal problem', record_id: record.id }), 201);
});

after(async () => {
  await server?.stop();
});

test('an outsider counts the open space only; the owner counts the secret space and the record too', async () => {
  const seen = await outcomes(outsider);
  assert.equal(seen.problems.opened, 2);
  assert.equal(seen.problems.resolved, 1);
  assert.equal(seen.problems.time_to_resolution.count, 1);
  assert.ok(seen.problems.time_to_resolution.median_seconds >= 0);
  assert.equal(seen.problems.unsolved_by_age.find((b) => b.name === 'under_7_days').count, 1);
  const all = await outcomes(owner);
  assert.equal(all.problems.opened, 6);
  assert.equal(all.problems.resolved, 1);
  assert.equal(all.problems.unsolved_by_age.find((b) => b.name === 'under_7_days').count, 5);
});

test('one space, one unit', async () => {
  const inSecret = await outcomes(owner, `&space_id=${secret.id}`);
  assert.equal(inSecret.problems.opened, 3);
  assert.equal(inSecret.space_id, secret.id);
  expectError(await outsider.client.get(`/api/v1/analytics/outcomes?space_id=${secret.id}`), 404, 'not_found');
  const ofUnit = await outcomes(outsider, `&unit_id=${unit.id}`);
  assert.equal(ofUnit.problems.opened, 2, 'the problems the unit\'s people raised in the open space');
  const otherUnit = await createUnit(server, unique('Empty '));
  assert.equal((await outcomes(owner, `&unit_id=${otherUnit.id}`)).problems.opened, 0);
});

test('figures about people are withheld under the privacy floor', async () => {
  // One person took part in the open space: under the floor of 2 set for this server.
  const seen = await outcomes(outsider);
  assert.equal(seen.participation.people, null);
  assert.equal(seen.participation.min_group, 2);
  // Two took part once the outsider answers something.
  const problem = await createProblem(owner, open, { title: 'Forklift battery' });
  await addMember(owner, open, outsider);
  await addSolution(outsider, problem);
  const now = await outcomes(outsider);
  assert.equal(now.participation.people, 2);
});

test('bad periods and ids are refused; strangers are not let in', async () => {
  for (const [query, field] of [['from=yesterday', 'from'], ['to=2020-13-01', 'to'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'], ['unit_id=x', 'unit_id'], ['space_id=-3', 'space_id']]) {
    const res = await owner.client.get(`/api/v1/analytics/outcomes?${query}`);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, query);
  }
  expectError(await server.anonymous().get('/api/v1/analytics/outcomes'), 401, 'unauthenticated');
});

test('each figure lists the items behind it, newest first, only those the caller may see', async () => {
  const query = (person, figure, extra = '') =>
    person.client.get(`/api/v1/analytics/outcomes/items?figure=${figure}&from=${since}${extra}`);
  const figures = await outcomes(outsider);
  const opened = expectOk(await query(outsider, 'problems_opened'));
  assert.equal(opened.items.length, figures.problems.opened);
  assert.ok(opened.items.every((i) => i.type === 'problem' && !/Secret|Deal/.test(i.title)), JSON.stringify(opened.items));
  const times = opened.items.map((i) => i.at);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  const resolved = expectOk(await query(outsider, 'problems_resolved'));
  assert.equal(resolved.items.length, figures.problems.resolved);
  assert.deepEqual(resolved.items.map((i) => i.title), ['Invoices are late']);
  const mine = expectOk(await query(owner, 'problems_unsolved'));
  assert.ok(mine.items.some((i) => /Secret/.test(i.title)), 'the owner sees the secret space\'s');
  assert.equal(expectOk(await query(owner, 'problems_opened', '&limit=2')).items.length, 2);
  expectOk(await query(owner, 'ideas_adopted'));
  expectOk(await query(owner, 'proposals_decided'));
  expectOk(await query(owner, 'chains_completed'));
  for (const [figure, extra, field] of [['nonsense', '', 'figure'], ['', '', 'figure'], ['problems_opened', '&limit=0', 'limit'],
    ['problems_opened', '&limit=201', 'limit'], ['problems_opened', '&to=2000-01-01T00:00:00Z', 'from']]) {
    const res = await query(owner, figure, extra);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, `${figure}${extra}`);
  }
  expectError(await query(outsider, 'problems_opened', `&space_id=${secret.id}`), 404, 'not_found');
});

test('the report downloads as CSV, a figure a row, the same figures as the JSON', async () => {
  const json = await outcomes(outsider);
  const res = await outsider.client.get(`/api/v1/analytics/outcomes/export?from=${since}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="weft-outcomes-\d{4}-\d{2}-\d{2}\.csv"/);
  const rows = Object.fromEntries(res.text.trim().split('\r\n').slice(1).map((line) => line.split(',')));
  assert.equal(res.text.split('\r\n')[0], 'figure,value');
  assert.equal(Number(rows.problems_opened), json.problems.opened);
  assert.equal(Number(rows.problems_resolved), json.problems.resolved);
  assert.equal(Number(rows.unsolved_under_7_days), json.problems.unsolved_by_age[0].count);
  assert.equal(rows.participants, json.participation.people === null ? '' : String(json.participation.people));
  expectError(await outsider.client.get('/api/v1/analytics/outcomes/export?from=nope'), 400, 'invalid_argument');
  expectError(await server.anonymous().get('/api/v1/analytics/outcomes/export'), 401, 'unauthenticated');
});

test('decisions past their review date count until a proposal follows them up', async () => {
  const proposal = await createProposal(owner, open, { title: 'Four-day week trial' });
  // A review date must lie ahead; closing sets it.
  for (const review_at of ['2020-01-01T00:00:00Z', 'next spring']) {
    const res = await owner.client.post(`/api/v1/proposals/${proposal.id}/close`,
      { outcome: 'Trial it', decision: 'adopted', review_at });
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, 'review_at');
  }
  const reviewAt = inDays(1);
  const closed = expectOk(await owner.client.post(`/api/v1/proposals/${proposal.id}/close`,
    { outcome: 'Trial it for a quarter', decision: 'adopted', review_at: reviewAt }));
  assert.equal(closed.review_at, reviewAt);
  assert.equal(closed.followed_up_by, null);
  // Seen from a day after the review date: past it, and listed.
  const after = `&to=${encodeURIComponent(inDays(2))}`;
  assert.equal((await outcomes(outsider, after)).proposals.past_review, 1);
  assert.equal((await outcomes(outsider)).proposals.past_review, 0, 'not yet past today');
  const listed = expectOk(await outsider.client.get(
    `/api/v1/analytics/outcomes/items?figure=decisions_past_review&from=${since}${after}`));
  assert.deepEqual(listed.items.map((i) => i.id), [proposal.id]);
  assert.equal(listed.items[0].at, reviewAt);
  // Only a closed proposal of the same space can be followed up.
  const stillOpen = await createProposal(owner, open, { title: 'Open one' });
  for (const follow_up_of of [stillOpen.id, '999999']) {
    const res = await owner.client.post(`/api/v1/spaces/${open.id}/proposals`,
      { title: 'Follow-up', closes_at: inDays(7), follow_up_of });
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, 'follow_up_of');
  }
  const followUp = await createProposal(owner, open, { title: 'Keep the four-day week?', follow_up_of: proposal.id });
  assert.equal(followUp.follow_up_of, proposal.id);
  assert.equal(expectOk(await owner.client.get(`/api/v1/proposals/${proposal.id}`)).followed_up_by, followUp.id);
  assert.equal((await outcomes(outsider, after)).proposals.past_review, 0);
});
