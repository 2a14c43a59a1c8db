// Expertise and who may see what, beyond spaces: a guest asking (they read nothing outside their
// spaces: no public post, no record they are not listed on, no public space they are not in),
// record pages (only people who may read the record, who are available and have not said "not
// me"), posts a moderator hid, a renamed record, and the unit filter.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createUnit, eventually, member } from './social.mjs';
import { addMember, addSolution, createProblem, createSpace, inDays, word } from './collab.mjs';

let server;
let admin;
let mia;      // a member of the shared space
let ben;      // a member of the shared space: the one whose evidence is tested
let gia;      // a guest, in the shared space only
let shared;   // private space: mia, ben, gia (guest)
let hall;     // public space: mia, ben

async function ask(person, q, extra = '') {
  return expectOk(await person.client.get(`/api/v1/expertise?q=${encodeURIComponent(q)}${extra}`));
}
const named = (body) => body.items.map((s) => s.person.id);
const askUntil = (person, q, check, what) => eventually(() => ask(person, q), check, { what });

async function solveAndAccept(author, solver, space, title) {
  const problem = await createProblem(author, space, { title, body: `About ${title}` });
  const solution = await addSolution(solver, problem, `Here is how ${title} was handled`);
  expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  return problem;
}

async function putRecord(fields) {
  return expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'case', external_id: unique('case'), ...fields }), 201);
}

before(async () => {
  server = await startServer();
  admin = await server.admin();
  mia = await member(server, { name: 'Mia Member' });
  ben = await member(server, { name: 'Ben Busy' });
  gia = await member(server, { name: 'Gia Guest', role: 'guest' });
  shared = await createSpace(mia, { name: unique('Shared '), visibility: 'private', kind: 'problem' });
  await addMember(mia, shared, ben);
  await addMember(mia, shared, gia, 'guest');
  hall = await createSpace(mia, { name: unique('Hall '), visibility: 'public', kind: 'problem' });
  await addMember(mia, hall, ben);
});

after(async () => {
  await server?.stop();
});

test('a guest asking is told only of what they may read: not public posts, records or spaces outside theirs', async () => {
  const onRecord = word('churn');
  const posted = word('tariff');
  const inHall = word('gearbox');
  const declared = word('welding');
  const insideShared = word('invoice');
  const record = await putRecord({ title: `Acme ${onRecord} escalation` });
  expectOk(await ben.client.post('/api/v1/posts', { body: `Calling Acme about the ${onRecord}`, record_id: record.id }), 201);
  for (const n of [1, 2]) expectOk(await ben.client.post('/api/v1/posts', { body: `Note ${n} on #${posted}` }), 201);
  await solveAndAccept(mia, ben, hall, `The ${inHall} rattles`);
  await solveAndAccept(mia, ben, shared, `The ${insideShared} totals are off`);
  expectOk(await ben.client.patch('/api/v1/people/me', { skills: [declared] }));
  // A member is told of Ben for each of them: the evidence is indexed.
  for (const q of [onRecord, posted, inHall, declared, insideShared]) {
    await askUntil(mia, q, (b) => named(b).includes(ben.person.id), `Ben named to a member for ${q}`);
  }
  // The guest shares a space with Ben, so may be told of him: for his skill and for the shared
  // space's problem, never for what only members of the organization read.
  assert.ok(named(await ask(gia, declared)).includes(ben.person.id), 'a skill is on a profile the guest may see');
  const inside = await ask(gia, insideShared);
  assert.ok(named(inside).includes(ben.person.id), JSON.stringify(inside));
  for (const q of [onRecord, posted, inHall]) {
    const body = await ask(gia, q);
    assert.ok(!named(body).includes(ben.person.id), `${q}: ${JSON.stringify(body)}`);
    assert.ok(!JSON.stringify(body).includes(q), `no reason names what the guest may not read (${q})`);
  }
  // The record itself is closed to the guest.
  expectError(await gia.client.get(`/api/v1/records/${record.id}`), 404, 'not_found');
});

test('a record page names only people who may read it, who are available, and who have not said "not me"', async () => {
  const subject = word('forklift');
  // Gia, a guest, solved such a problem in the shared space; the record is not on her list.
  await solveAndAccept(mia, gia, shared, `The ${subject} battery dies`);
  await askUntil(mia, subject, (b) => named(b).includes(gia.person.id), 'Gia named inside the shared space');
  const record = await putRecord({ title: `Warehouse ${subject} lease` });
  const carol = await member(server, { name: 'Carol Away' });
  const dan = await member(server, { name: 'Dan Declines' });
  const eve = await member(server, { name: 'Eve Follows' });
  for (const person of [carol, dan, eve]) expectNoContent(await person.client.put(`/api/v1/records/${record.id}/follow`));
  expectOk(await carol.client.put('/api/v1/me/availability', { unavailable_until: inDays(7) }));
  expectOk(await dan.client.post('/api/v1/expertise/feedback', { verdict: 'not_me', subject_type: 'record', subject_id: record.id }), 201);
  const page = expectOk(await mia.client.get(`/api/v1/records/${record.id}`));
  const ids = page.suggested_experts.map((e) => e.person.id);
  assert.ok(ids.includes(eve.person.id), `a follower is named: ${JSON.stringify(page.suggested_experts)}`);
  assert.ok(!ids.includes(gia.person.id), 'not a guest who may not read the record');
  assert.ok(!ids.includes(carol.person.id), 'not someone away');
  assert.ok(!ids.includes(dan.person.id), 'not someone who said "not me" to it');
  expectError(await gia.client.get(`/api/v1/records/${record.id}`), 404, 'not_found');
});

test('a post a moderator hid stops counting as evidence', async () => {
  const subject = word('rebate');
  const record = await putRecord({ title: `Dealer ${subject} claim` });
  const post = expectOk(await ben.client.post('/api/v1/posts', { body: `Working the ${subject} numbers`, record_id: record.id }), 201);
  const before = await askUntil(mia, subject, (b) => named(b).includes(ben.person.id), 'Ben named for the record he worked on');
  const reason = before.items.find((s) => s.person.id === ben.person.id).reasons.find((r) => r.kind === 'records');
  assert.ok(reason, JSON.stringify(before.items));
  assert.equal(reason.ref, `/records/${record.id}`);
  expectNoContent(await admin.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'Off topic' }));
  await askUntil(mia, subject, (b) => !named(b).includes(ben.person.id), 'Ben no longer named once the post is hidden');
});

test('a renamed record is cited by its new title', async () => {
  const before = word('harbour');
  const after = word('seaport');
  const externalId = unique('case');
  const record = expectOk(await admin.client.put('/api/v1/records',
    { system: 'crm', type: 'case', external_id: externalId, title: `The ${before} contract` }), 201);
  expectOk(await ben.client.post('/api/v1/posts', { body: 'Drafted the renewal terms', record_id: record.id }), 201);
  await askUntil(mia, before, (b) => named(b).includes(ben.person.id), 'Ben named for the record under its first title');
  expectOk(await admin.client.put('/api/v1/records',
    { system: 'crm', type: 'case', external_id: externalId, title: `The ${after} contract` }));
  const body = await askUntil(mia, after, (b) => named(b).includes(ben.person.id), 'Ben named under the new title');
  const reason = body.items.find((s) => s.person.id === ben.person.id).reasons.find((r) => r.kind === 'records');
  assert.ok(reason.detail.includes(after) && !reason.detail.includes(before), reason.detail);
  await askUntil(mia, before, (b) => !named(b).includes(ben.person.id), 'the old title no longer matches');
});

test('the unit filter: a unit that does not exist is not found; guests may not filter by unit', async () => {
  const unit = await createUnit(server, unique('Depot '));
  expectOk(await mia.client.get(`/api/v1/expertise?q=x&unit_id=${unit.id}`));
  expectError(await mia.client.get('/api/v1/expertise?q=x&unit_id=999999999'), 404, 'not_found');
  expectError(await gia.client.get(`/api/v1/expertise?q=x&unit_id=${unit.id}`), 404, 'not_found');
});

test('someone deactivated is named nowhere; feedback on a record the caller may not see is not found', async () => {
  const subject = word('ballast');
  const leaver = await member(server, { name: 'Lee Leaving' });
  await addMember(mia, hall, leaver);
  await solveAndAccept(mia, leaver, hall, `The ${subject} tanks leak`);
  await askUntil(mia, subject, (b) => named(b).includes(leaver.person.id), 'Lee named while active');
  const record = await putRecord({ title: `Vessel ${subject} survey` });
  expectNoContent(await leaver.client.put(`/api/v1/records/${record.id}/follow`));
  assert.ok(expectOk(await mia.client.get(`/api/v1/records/${record.id}`)).suggested_experts
    .some((e) => e.person.id === leaver.person.id), 'named on the record while active');
  expectOk(await admin.client.patch(`/api/v1/people/${leaver.person.id}`, { active: false }));
  assert.ok(!named(await ask(mia, subject)).includes(leaver.person.id));
  assert.ok(!expectOk(await mia.client.get(`/api/v1/records/${record.id}`)).suggested_experts
    .some((e) => e.person.id === leaver.person.id), 'nor on the record');
  // Feedback on a record the guest may not see: not found, and nothing stored.
  for (const body of [{ verdict: 'not_me', subject_type: 'record', subject_id: record.id },
    { verdict: 'helped', subject_type: 'record', subject_id: record.id, person_id: mia.person.id }]) {
    expectError(await gia.client.post('/api/v1/expertise/feedback', body), 404, 'not_found');
  }
  // A member may say who helped on it; saying it twice changes nothing.
  const helped = { verdict: 'helped', subject_type: 'record', subject_id: record.id, person_id: ben.person.id };
  const first = expectOk(await mia.client.post('/api/v1/expertise/feedback', helped), 201);
  const again = expectOk(await mia.client.post('/api/v1/expertise/feedback', helped), 200);
  assert.equal(again.id, first.id);
});
