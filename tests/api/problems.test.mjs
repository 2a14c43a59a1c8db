// Problems and solutions (docs/design/collaboration.md "Problems and solutions"): posting a problem
// (members only: 403 outside a visible space, 404 for one the caller may not see), solutions, votes
// on solutions (-1..1, never one's own), accepting (problem author or space owner; a solution of
// another problem is 400), resolved_at and resolution_seconds, reopening, and the list by status.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectOk, kRfc3339Utc } from './expect.mjs';
import { allPages, idsOf, member } from './social.mjs';
import {
  addMember, addSolution, createProblem, createSpace, expectProblemShape, expectSolutionShape, getProblem, word,
} from './collab.mjs';

let server;
let admin;
let owner;
let author;
let helper;
let voter;
let outsider;
let spaceGuest;
let strangerGuest;
let space;         // public
let privateSpace;
let secretSpace;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  owner = await member(server, { name: 'Pia Owner' });
  author = await member(server, { name: 'Abe Author' });
  helper = await member(server, { name: 'Hal Helper' });
  voter = await member(server, { name: 'Vic Voter' });
  outsider = await member(server, { name: 'Oona Outsider' });
  spaceGuest = await member(server, { name: 'Gus Spaceguest', role: 'guest' });
  strangerGuest = await member(server, { name: 'Sten Strangerguest', role: 'guest' });
  space = await createSpace(owner, { name: 'Problem Public', visibility: 'public', kind: 'problem' });
  privateSpace = await createSpace(owner, { name: 'Problem Private', visibility: 'private', kind: 'problem' });
  secretSpace = await createSpace(owner, { name: 'Problem Secret', visibility: 'secret', kind: 'problem' });
  for (const s of [space, privateSpace, secretSpace]) {
    for (const person of [author, helper, voter]) await addMember(owner, s, person);
    await addMember(owner, s, spaceGuest, 'guest');
  }
});
after(async () => {
  await server?.stop();
});

const solutionOf = (problem, id) => problem.solutions.find((s) => s.id === id);

test('POST problems: members (space guests too) post; 201 with the documented fields', async () => {
  const problem = await createProblem(author, space, { title: 'Builds are slow', body: 'CI takes **40 minutes**.' });
  assert.equal(problem.space_id, space.id);
  assert.equal(problem.title, 'Builds are slow');
  assert.equal(problem.body, 'CI takes **40 minutes**.');
  assert.equal(problem.author.id, author.person.id);
  assert.equal(problem.status, 'open');
  assert.equal(problem.accepted_solution_id, null);
  assert.equal(problem.solution_count, 0);
  assert.equal(problem.record_id, null);
  assert.equal(problem.resolved_at, null);
  assert.equal(problem.resolution_seconds, null);
  const got = await getProblem(helper, problem.id);
  assert.deepEqual(got.solutions, []);
  assert.equal(got.chain.problem.id, problem.id);
  for (const key of Object.keys(problem)) assert.deepEqual(got[key], problem[key], `GET ${key} as POST answered`);
  const byGuest = await createProblem(spaceGuest, secretSpace, { title: 'A guest asks', body: '' });
  assert.equal(byGuest.author.id, spaceGuest.person.id);
  assert.equal(byGuest.body, '');
  const longest = await createProblem(author, space, { title: 'ť'.repeat(200), body: 'b'.repeat(20000) });
  assert.equal(longest.title.length, 200);
});

test('POST problems: 400 for bad fields; 403 outside a visible space; 404 when invisible; nothing written', async () => {
  const marker = word('refused');
  for (const [body, field] of [
    [{ title: '', body: 'x' }, 'title'], [{ title: 't'.repeat(201), body: '' }, 'title'], [{ body: 'no title' }, 'title'],
    [{ title: 42, body: '' }, 'title'], [{ title: marker, body: 'b'.repeat(20001) }, 'body'], [{ title: marker, body: 7 }, 'body'],
  ]) {
    expectError(await author.client.post(`/api/v1/spaces/${space.id}/problems`, body), 400, 'invalid_argument', field);
  }
  for (const person of [outsider, admin]) {
    expectError(await person.client.post(`/api/v1/spaces/${space.id}/problems`, { title: marker, body: '' }), 403, 'permission_denied');
    expectError(await person.client.post(`/api/v1/spaces/${privateSpace.id}/problems`, { title: marker, body: '' }), 403, 'permission_denied');
    expectError(await person.client.post(`/api/v1/spaces/${secretSpace.id}/problems`, { title: marker, body: '' }), 404, 'not_found');
  }
  for (const target of [space, privateSpace, secretSpace]) {
    expectError(await strangerGuest.client.post(`/api/v1/spaces/${target.id}/problems`, { title: marker, body: '' }), 404, 'not_found');
  }
  expectError(await author.client.post('/api/v1/spaces/999999999/problems', { title: marker, body: '' }), 404, 'not_found');
  for (const target of [space, privateSpace, secretSpace]) {
    const titles = (await allPages(owner.client, `/api/v1/spaces/${target.id}/problems`)).map((p) => p.title);
    assert.ok(!titles.includes(marker), `nothing was posted in ${target.name}`);
  }
});

test('GET problem: readers of the space only (public: the organization; others 403 / 404)', async () => {
  const open = await createProblem(author, space);
  const priv = await createProblem(author, privateSpace);
  const secret = await createProblem(author, secretSpace);
  await getProblem(outsider, open.id);
  await getProblem(admin, open.id);
  for (const person of [outsider, admin]) {
    expectError(await person.client.get(`/api/v1/problems/${secret.id}`), 404, 'not_found');
  }
  for (const id of [open.id, priv.id, secret.id]) {
    expectError(await strangerGuest.client.get(`/api/v1/problems/${id}`), 404, 'not_found');
    await getProblem(spaceGuest, id);
  }
  expectError(await author.client.get('/api/v1/problems/999999999'), 404, 'not_found');
  // collaboration.md: items by id of a space whose content one may not see are 404.
  for (const person of [outsider, admin]) {
    expectError(await person.client.get(`/api/v1/problems/${priv.id}`), 404, 'not_found');
  }
});

test('solutions: members post them (201); counted; 400 for an empty body; 403/404 outside', async () => {
  const problem = await createProblem(author, space);
  const first = await addSolution(helper, problem, 'Cache the dependencies.');
  assert.equal(first.problem_id, problem.id);
  assert.equal(first.author.id, helper.person.id);
  assert.equal(first.body, 'Cache the dependencies.');
  assert.equal(first.votes, 0);
  assert.equal(first.my_vote, 0);
  assert.equal(first.accepted, false);
  const second = await addSolution(spaceGuest, problem, 'Split the test suite.');
  const own = await addSolution(author, problem, 'I could also do it myself.');
  const got = await getProblem(voter, problem.id);
  assert.equal(got.solution_count, 3);
  assert.deepEqual(idsOf(got.solutions), [first.id, second.id, own.id], 'no votes: oldest first');

  expectError(await helper.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: '' }), 400, 'invalid_argument', 'body');
  expectError(await helper.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'b'.repeat(20001) }), 400, 'invalid_argument', 'body');
  expectError(await helper.client.post(`/api/v1/problems/${problem.id}/solutions`, {}), 400, 'invalid_argument', 'body');
  expectError(await outsider.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Let me help' }), 403, 'permission_denied');
  expectError(await admin.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Let me help' }), 403, 'permission_denied');
  expectError(await strangerGuest.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Let me help' }), 404, 'not_found');
  const secret = await createProblem(author, secretSpace);
  expectError(await outsider.client.post(`/api/v1/problems/${secret.id}/solutions`, { body: 'Let me help' }), 404, 'not_found');
  expectError(await helper.client.post('/api/v1/problems/999999999/solutions', { body: 'x' }), 404, 'not_found');
  assert.equal((await getProblem(author, problem.id)).solution_count, 3, 'refused solutions were not stored');
  assert.equal((await getProblem(author, secret.id)).solution_count, 0);
});

test('solution votes: 1, -1, 0 per person; votes is the sum; other values 400; own solution 400', async () => {
  const problem = await createProblem(author, space);
  const solution = await addSolution(helper, problem);
  const vote = (person, value) => person.client.put(`/api/v1/solutions/${solution.id}/vote`, { value });
  let got = expectOk(await vote(voter, 1));
  expectSolutionShape(got);
  assert.equal(got.id, solution.id);
  assert.deepEqual([got.votes, got.my_vote], [1, 1]);
  got = expectOk(await vote(author, 1));
  assert.deepEqual([got.votes, got.my_vote], [2, 1]);
  got = expectOk(await vote(voter, -1));
  assert.deepEqual([got.votes, got.my_vote], [0, -1], 'changing a vote replaces it');
  got = expectOk(await vote(voter, -1));
  assert.deepEqual([got.votes, got.my_vote], [0, -1], 'the same vote again counts once');
  got = expectOk(await vote(spaceGuest, -1));
  assert.deepEqual([got.votes, got.my_vote], [-1, -1]);
  got = expectOk(await vote(voter, 0));
  assert.deepEqual([got.votes, got.my_vote], [0, 0], '0 withdraws');

  for (const value of [2, -2, 0.5, '1', null, true]) {
    expectError(await vote(voter, value), 400, 'invalid_argument', 'value');
  }
  expectError(await voter.client.put(`/api/v1/solutions/${solution.id}/vote`, {}), 400, 'invalid_argument', 'value');
  expectError(await vote(helper, 1), 400, 'invalid_argument');
  expectError(await vote(outsider, 1), 403, 'permission_denied');
  expectError(await vote(admin, 1), 403, 'permission_denied');
  expectError(await vote(strangerGuest, 1), 404, 'not_found');
  expectError(await voter.client.put('/api/v1/solutions/999999999/vote', { value: 1 }), 404, 'not_found');

  const seen = await getProblem(helper, problem.id);
  assert.deepEqual([solutionOf(seen, solution.id).votes, solutionOf(seen, solution.id).my_vote], [0, 0],
    'refused votes changed nothing; the author never voted');
  assert.equal(solutionOf(await getProblem(author, problem.id), solution.id).my_vote, 1);
});

test('solutions are ordered: accepted first, then by votes, then oldest', async () => {
  const problem = await createProblem(author, space);
  const a = await addSolution(helper, problem, 'A');
  const b = await addSolution(voter, problem, 'B');
  const c = await addSolution(spaceGuest, problem, 'C');
  const d = await addSolution(helper, problem, 'D');
  expectOk(await author.client.put(`/api/v1/solutions/${c.id}/vote`, { value: 1 }));
  expectOk(await helper.client.put(`/api/v1/solutions/${c.id}/vote`, { value: 1 }));
  expectOk(await author.client.put(`/api/v1/solutions/${d.id}/vote`, { value: 1 }));
  expectOk(await author.client.put(`/api/v1/solutions/${a.id}/vote`, { value: -1 }));
  assert.deepEqual(idsOf((await getProblem(owner, problem.id)).solutions), [c.id, d.id, b.id, a.id]);
  expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: a.id }));
  assert.deepEqual(idsOf((await getProblem(owner, problem.id)).solutions), [a.id, c.id, d.id, b.id]);
});

test('accept: the author or an owner; resolved with resolved_at and resolution_seconds; switching; 400 other problem', async () => {
  const problem = await createProblem(author, space);
  const first = await addSolution(helper, problem, 'First');
  const second = await addSolution(voter, problem, 'Second');
  const elsewhere = await addSolution(helper, await createProblem(author, space), 'Elsewhere');

  for (const person of [helper, voter, spaceGuest, outsider, admin]) {
    expectError(await person.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: first.id }), 403, 'permission_denied');
  }
  expectError(await strangerGuest.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: first.id }), 404, 'not_found');
  expectError(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: elsewhere.id }), 400, 'invalid_argument', 'solution_id');
  expectError(await author.client.post(`/api/v1/problems/${problem.id}/accept`, {}), 400, 'invalid_argument', 'solution_id');
  expectError(await author.client.post(`/api/v1/problems/999999999/accept`, { solution_id: first.id }), 404, 'not_found');
  let seen = await getProblem(author, problem.id);
  assert.deepEqual([seen.status, seen.accepted_solution_id, seen.resolved_at], ['open', null, null], 'refused accepts changed nothing');

  let resolved = expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: first.id }));
  expectProblemShape(resolved);
  assert.equal(resolved.status, 'resolved');
  assert.equal(resolved.accepted_solution_id, first.id);
  assert.match(resolved.resolved_at, kRfc3339Utc);
  assert.ok(resolved.resolved_at >= resolved.created_at, 'resolved after it was created');
  assert.ok(Number.isInteger(resolved.resolution_seconds) && resolved.resolution_seconds >= 0);
  assert.equal(resolved.resolution_seconds, (Date.parse(resolved.resolved_at) - Date.parse(resolved.created_at)) / 1000,
    'resolution_seconds is resolved_at − created_at');
  seen = await getProblem(outsider, problem.id);
  assert.equal(seen.status, 'resolved');
  assert.deepEqual(seen.solutions.map((s) => [s.id, s.accepted]), [[first.id, true], [second.id, false]]);

  // The space owner may switch the accepted solution.
  resolved = expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: second.id }));
  assert.equal(resolved.status, 'resolved');
  assert.equal(resolved.accepted_solution_id, second.id);
  seen = await getProblem(helper, problem.id);
  assert.deepEqual(seen.solutions.map((s) => [s.id, s.accepted]), [[second.id, true], [first.id, false]], 'one accepted solution');
  expectError(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: elsewhere.id }), 400, 'invalid_argument', 'solution_id');
  assert.equal((await getProblem(helper, problem.id)).accepted_solution_id, second.id);
});

test('reopen: the author or an owner; open again with the accepted solution cleared', async () => {
  const problem = await createProblem(author, space);
  const solution = await addSolution(helper, problem);
  expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  for (const person of [helper, spaceGuest, outsider, admin]) {
    expectError(await person.client.post(`/api/v1/problems/${problem.id}/reopen`), 403, 'permission_denied');
  }
  expectError(await strangerGuest.client.post(`/api/v1/problems/${problem.id}/reopen`), 404, 'not_found');
  assert.equal((await getProblem(author, problem.id)).status, 'resolved', 'refused reopens changed nothing');

  let reopened = expectOk(await author.client.post(`/api/v1/problems/${problem.id}/reopen`));
  expectProblemShape(reopened);
  assert.equal(reopened.status, 'open');
  assert.equal(reopened.accepted_solution_id, null);
  assert.equal(reopened.resolved_at, null, 'an open problem has no resolved_at');
  assert.equal(reopened.resolution_seconds, null);
  const seen = await getProblem(helper, problem.id);
  assert.ok(seen.solutions.every((s) => !s.accepted), 'no solution is accepted');
  assert.equal(seen.solution_count, 1, 'solutions stay');

  expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  reopened = expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/reopen`));
  assert.equal(reopened.status, 'open', 'an owner reopens too');
  expectError(await author.client.post('/api/v1/problems/999999999/reopen'), 404, 'not_found');
});

test('GET /spaces/{id}/problems: newest first, ?status= filters, pages; 403/404 outside; bad status 400', async () => {
  const listSpace = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, listSpace, author);
  await addMember(owner, listSpace, helper);
  const made = [];
  for (let i = 0; i < 5; i += 1) made.push(await createProblem(author, listSpace, { title: `Listed ${i}` }));
  for (const problem of [made[1], made[3]]) {
    const solution = await addSolution(helper, problem);
    expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  }
  const newestFirst = [...made].reverse();
  const all = await allPages(helper.client, `/api/v1/spaces/${listSpace.id}/problems`, { limit: 2 });
  assert.deepEqual(idsOf(all), idsOf(newestFirst));
  for (const problem of all) expectProblemShape(problem);
  assert.deepEqual(idsOf(await allPages(helper.client, `/api/v1/spaces/${listSpace.id}/problems?status=open`, { limit: 2 })),
    [made[4].id, made[2].id, made[0].id]);
  const resolved = await allPages(helper.client, `/api/v1/spaces/${listSpace.id}/problems?status=resolved`, { limit: 1 });
  assert.deepEqual(idsOf(resolved), [made[3].id, made[1].id]);
  assert.ok(resolved.every((p) => p.status === 'resolved' && p.solution_count === 1));
  expectError(await helper.client.get(`/api/v1/spaces/${listSpace.id}/problems?status=closed`), 400, 'invalid_argument', 'status');
  expectError(await helper.client.get(`/api/v1/spaces/${listSpace.id}/problems?limit=0`), 400, 'invalid_argument', 'limit');
  expectError(await outsider.client.get(`/api/v1/spaces/${listSpace.id}/problems`), 403, 'permission_denied');
  expectError(await strangerGuest.client.get(`/api/v1/spaces/${listSpace.id}/problems`), 404, 'not_found');
  expectError(await outsider.client.get(`/api/v1/spaces/${secretSpace.id}/problems`), 404, 'not_found');
  expectList(await outsider.client.get(`/api/v1/spaces/${space.id}/problems`));
});
