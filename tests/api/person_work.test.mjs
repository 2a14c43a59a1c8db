// GET /api/v1/people/{id}/work: a person's record of work — problems solved, solutions, problems
// raised, ideas and those adopted, decisions taken part in — over what the caller may see.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { idsOf, member } from './social.mjs';
import { addMember, addSolution, createIdea, createProblem, createProposal, createSpace, moveIdea, takeStance } from './collab.mjs';

let server;
let owner;
let sol;
let outsider;
const made = {};

const work = async (viewer, person) => expectOk(await viewer.client.get(`/api/v1/people/${person.person.id}/work`));

before(async () => {
  server = await startServer();
  owner = await member(server, { name: 'Orla Owner' });
  sol = await member(server, { name: 'Sol Solver' });
  outsider = await member(server, { name: 'Oz Outsider' });
  const open = await createSpace(owner, { name: unique('Open '), visibility: 'public', kind: 'problem' });
  const secret = await createSpace(owner, { name: unique('Secret '), visibility: 'secret', kind: 'problem' });
  for (const space of [open, secret]) {
    await addMember(owner, space, sol);
    const problem = await createProblem(owner, space, { title: `Kiln in ${space.name}` });
    const solution = await addSolution(sol, problem, 'Replace the thermocouple');
    expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
    made[space.visibility] = { problem };
    const idea = await createIdea(sol, space, { title: `Idea in ${space.name}` });
    await moveIdea(owner, idea, 'under_review');
    await moveIdea(owner, idea, 'accepted');
    made[space.visibility].idea = idea;
    const proposal = await createProposal(owner, space, { title: `Proposal in ${space.name}` });
    await takeStance(sol, proposal, 'agree');
    expectOk(await owner.client.post(`/api/v1/proposals/${proposal.id}/close`, { outcome: 'Go', decision: 'adopted' }));
    made[space.visibility].proposal = proposal;
  }
  await createProblem(sol, open, { title: 'Glaze cracks' });
});

after(async () => {
  await server?.stop();
});

test('the record of work counts and lists what the viewer may see', async () => {
  const seen = await work(outsider, sol);
  assert.deepEqual(seen.counts, { solved: 1, solutions: 1, raised: 1, ideas: 1, adopted: 1, decisions: 1 });
  assert.deepEqual(idsOf(seen.solved), [made.public.problem.id]);
  assert.deepEqual(idsOf(seen.adopted), [made.public.idea.id]);
  assert.deepEqual(idsOf(seen.decisions), [made.public.proposal.id]);
  assert.equal(seen.raised[0].title, 'Glaze cracks');
  // The owner shares the secret space with Sol: both spaces count.
  const shared = await work(owner, sol);
  assert.deepEqual(shared.counts, { solved: 2, solutions: 2, raised: 1, ideas: 2, adopted: 2, decisions: 2 });
  assert.deepEqual(idsOf(shared.solved), [made.secret.problem.id, made.public.problem.id], 'latest resolved first');
  // The owner's own record: problems raised, no solutions.
  const theirs = await work(outsider, owner);
  assert.equal(theirs.counts.raised, 1);
  assert.equal(theirs.counts.solved, 0);
});

test('an unknown person is 404; strangers are not let in', async () => {
  expectError(await outsider.client.get('/api/v1/people/999999/work'), 404, 'not_found');
  expectError(await outsider.client.get('/api/v1/people/x/work'), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/people/${sol.person.id}/work`), 401, 'unauthenticated');
});
