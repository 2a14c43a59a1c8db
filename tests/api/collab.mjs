// Helpers shared by the collaborative-layer tests (docs/design/collaboration.md): creating spaces,
// members, problems, solutions, ideas and proposals, checking their shapes, and deadlines in the
// whole-second RFC 3339 form the server issues.

import assert from 'node:assert/strict';
import { unique } from './server.mjs';
import { expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';
import { expectSummaryOf, notificationsOf, eventually } from './social.mjs';

export const kKinds = ['project', 'problem', 'community'];
export const kVisibilities = ['public', 'private', 'secret'];
export const kStages = ['new', 'under_review', 'accepted', 'implemented', 'declined'];
export const kStances = ['agree', 'abstain', 'disagree', 'block'];
/** collaboration.md "Ideas": the allowed stage moves; every other move is 400 field `stage`. */
export const kMoves = {
  new: ['under_review', 'declined'],
  under_review: ['accepted', 'declined', 'new'],
  accepted: ['implemented', 'under_review', 'declined'],
  declined: ['under_review'],
  implemented: [],
};
/** A path of allowed moves from `new` to each stage. */
export const kPathTo = {
  new: [],
  under_review: ['under_review'],
  accepted: ['under_review', 'accepted'],
  declined: ['declined'],
  implemented: ['under_review', 'accepted', 'implemented'],
};

/** An RFC 3339 UTC time in whole seconds, at or after `ms` (epoch milliseconds). */
export function rfc3339(ms) {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
export const inDays = (days) => rfc3339(Date.now() + days * 86_400_000);
/** A lowercase word found nowhere else (for search and `q`). */
export const word = (prefix = 'w') => `${prefix}${unique('').replace(/[^a-z0-9]/g, '')}`.replace(/[0-9]/g, (d) => 'abcdefghij'[d]);

const show = (value) => JSON.stringify(value)?.slice(0, 700);
const isTime = (value) => typeof value === 'string' && kRfc3339Utc.test(value);
const isTimeOrNull = (value) => value === null || isTime(value);

export function expectSpaceShape(space) {
  assert.equal(typeof space.id, 'string', show(space));
  assert.equal(typeof space.name, 'string', show(space));
  assert.equal(typeof space.purpose, 'string', show(space));
  assert.ok(kKinds.includes(space.kind), `kind: ${show(space)}`);
  assert.ok(kVisibilities.includes(space.visibility), `visibility: ${show(space)}`);
  assert.ok(Number.isInteger(space.member_count), `member_count: ${show(space)}`);
  assert.ok([null, 'owner', 'member', 'guest'].includes(space.my_role), `my_role: ${show(space)}`);
  assert.equal(typeof space.join_requested, 'boolean', `join_requested: ${show(space)}`);
  assert.ok(isTime(space.created_at), `created_at: ${show(space)}`);
}

export function expectSolutionShape(solution) {
  assert.equal(typeof solution.id, 'string', show(solution));
  assert.equal(typeof solution.problem_id, 'string', show(solution));
  expectSummaryOf(solution.author);
  assert.equal(typeof solution.body, 'string', show(solution));
  assert.ok(Number.isInteger(solution.votes), `votes: ${show(solution)}`);
  assert.ok([-1, 0, 1].includes(solution.my_vote), `my_vote: ${show(solution)}`);
  assert.equal(typeof solution.accepted, 'boolean', `accepted: ${show(solution)}`);
  assert.ok(isTime(solution.created_at), `created_at: ${show(solution)}`);
}

function expectPeople(people, where) {
  assert.ok(Array.isArray(people), `${where}.people is a list`);
  assert.ok(people.length <= 20, `${where}.people holds at most 20`);
  for (const person of people) expectSummaryOf(person);
}

export function expectChainShape(chain) {
  assert.ok(chain && typeof chain === 'object', `chain: ${show(chain)}`);
  assert.ok('problem' in chain && Array.isArray(chain.ideas) && Array.isArray(chain.proposals), `chain: ${show(chain)}`);
  if (chain.problem !== null) {
    for (const key of ['id', 'title', 'status']) assert.equal(typeof chain.problem[key], 'string', `chain.problem: ${show(chain)}`);
    expectPeople(chain.problem.people, 'chain.problem');
  }
  for (const idea of chain.ideas) {
    for (const key of ['id', 'title', 'stage']) assert.equal(typeof idea[key], 'string', `chain idea: ${show(idea)}`);
    expectPeople(idea.people, 'chain idea');
  }
  for (const proposal of chain.proposals) {
    for (const key of ['id', 'title', 'status']) assert.equal(typeof proposal[key], 'string', `chain proposal: ${show(proposal)}`);
    assert.ok('outcome' in proposal && 'decision' in proposal, `chain proposal: ${show(proposal)}`);
    expectPeople(proposal.people, 'chain proposal');
  }
}

/** A problem; `full` for GET /problems/{id} (solutions and chain). */
export function expectProblemShape(problem, { full = false } = {}) {
  for (const key of ['id', 'space_id', 'title', 'body']) assert.equal(typeof problem[key], 'string', `${key}: ${show(problem)}`);
  expectSummaryOf(problem.author);
  assert.ok(['open', 'resolved'].includes(problem.status), `status: ${show(problem)}`);
  assert.ok(problem.accepted_solution_id === null || typeof problem.accepted_solution_id === 'string', show(problem));
  assert.ok(Array.isArray(problem.suggested_experts), `suggested_experts: ${show(problem)}`);
  assert.ok(Number.isInteger(problem.solution_count), `solution_count: ${show(problem)}`);
  assert.ok('record_id' in problem, `record_id: ${show(problem)}`);
  assert.ok(isTime(problem.created_at), show(problem));
  assert.ok(isTimeOrNull(problem.resolved_at), `resolved_at: ${show(problem)}`);
  assert.ok(problem.resolution_seconds === null || Number.isInteger(problem.resolution_seconds), `resolution_seconds: ${show(problem)}`);
  if (full) {
    assert.ok(Array.isArray(problem.solutions), `solutions: ${show(problem)}`);
    problem.solutions.forEach(expectSolutionShape);
    expectChainShape(problem.chain);
  }
}

export function expectIdeaShape(idea, { full = false } = {}) {
  for (const key of ['id', 'space_id', 'title', 'body']) assert.equal(typeof idea[key], 'string', `${key}: ${show(idea)}`);
  expectSummaryOf(idea.author);
  assert.ok(kStages.includes(idea.stage), `stage: ${show(idea)}`);
  assert.ok(Number.isInteger(idea.score), `score: ${show(idea)}`);
  assert.ok([-1, 0, 1].includes(idea.my_vote), `my_vote: ${show(idea)}`);
  assert.ok(idea.from_problem_id === null || typeof idea.from_problem_id === 'string', show(idea));
  assert.ok(Number.isInteger(idea.comment_count), `comment_count: ${show(idea)}`);
  assert.ok(isTime(idea.created_at) && isTime(idea.stage_changed_at), show(idea));
  if (full) {
    assert.ok(Array.isArray(idea.comments), `comments: ${show(idea)}`);
    for (const comment of idea.comments) {
      assert.equal(typeof comment.id, 'string');
      expectSummaryOf(comment.author);
      assert.equal(typeof comment.body, 'string');
      assert.ok(isTime(comment.created_at));
    }
    assert.ok(Array.isArray(idea.stages) && idea.stages.length >= 1, `stages: ${show(idea)}`);
    for (const stage of idea.stages) {
      assert.ok(kStages.includes(stage.stage), show(stage));
      assert.equal(typeof stage.note, 'string', show(stage));
      if (stage.by !== null) expectSummaryOf(stage.by); // null: the server moved it (a proposal closed at its deadline)
      assert.ok(isTime(stage.at), show(stage));
    }
    expectChainShape(idea.chain);
  }
}

export function expectProposalShape(proposal, { full = false } = {}) {
  for (const key of ['id', 'space_id', 'title', 'body']) assert.equal(typeof proposal[key], 'string', `${key}: ${show(proposal)}`);
  expectSummaryOf(proposal.author);
  assert.ok(['open', 'closed'].includes(proposal.status), `status: ${show(proposal)}`);
  assert.ok(isTime(proposal.closes_at), `closes_at: ${show(proposal)}`);
  assert.deepEqual(Object.keys(proposal.tally).sort(), [...kStances].sort(), `tally: ${show(proposal)}`);
  for (const stance of kStances) assert.ok(Number.isInteger(proposal.tally[stance]), show(proposal.tally));
  assert.ok(proposal.my_stance === null || kStances.includes(proposal.my_stance), `my_stance: ${show(proposal)}`);
  assert.ok(proposal.outcome === null || typeof proposal.outcome === 'string', `outcome: ${show(proposal)}`);
  assert.ok([null, 'adopted', 'rejected'].includes(proposal.decision), `decision: ${show(proposal)}`);
  assert.ok(proposal.from_idea_id === null || typeof proposal.from_idea_id === 'string', show(proposal));
  assert.ok(isTime(proposal.created_at) && isTimeOrNull(proposal.closed_at), show(proposal));
  if (proposal.status === 'open') {
    assert.equal(proposal.closed_at, null, `an open proposal has no closed_at: ${show(proposal)}`);
    assert.equal(proposal.decision, null, `an open proposal has no decision: ${show(proposal)}`);
  } else {
    assert.ok(isTime(proposal.closed_at), `a closed proposal has closed_at: ${show(proposal)}`);
    assert.ok(['adopted', 'rejected'].includes(proposal.decision), `a closed proposal has a decision: ${show(proposal)}`);
  }
  if (full) {
    assert.ok(Array.isArray(proposal.stances), `stances: ${show(proposal)}`);
    for (const stance of proposal.stances) {
      expectSummaryOf(stance.person);
      assert.ok(kStances.includes(stance.stance), show(stance));
      assert.equal(typeof stance.reason, 'string', show(stance));
      assert.ok(isTime(stance.updated_at), show(stance));
    }
    expectChainShape(proposal.chain);
  }
}

export async function createSpace(owner, fields = {}) {
  const body = { name: `Space ${word('s')}`, purpose: 'A space for tests', kind: 'project', visibility: 'public', ...fields };
  const space = expectOk(await owner.client.post('/api/v1/spaces', body), 201);
  expectSpaceShape(space);
  return space;
}

export async function addMember(owner, space, person, role = 'member') {
  const res = await owner.client.put(`/api/v1/spaces/${space.id}/members/${person.person.id}`, { role });
  if (res.status === 404 && person.person.role === 'guest' && person.email && person.password) {
    // An outside guest the owner shares no space with is invisible to them: the owner invites the
    // guest's e-mail and the guest accepts by signing in.
    const invited = await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: person.email, role: 'guest' });
    assert.ok([200, 201].includes(invited.status), `inviting ${person.email} answered ${invited.status}: ${invited.text}`);
    await owner.client.server.signIn(person.email, person.password);
    return;
  }
  expectNoContent(res);
}

export async function getSpace(person, space) {
  const got = expectOk(await person.client.get(`/api/v1/spaces/${space.id}`));
  expectSpaceShape(got);
  return got;
}

export async function createProblem(person, space, fields = {}) {
  const problem = expectOk(await person.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: `Problem ${word('p')}`, body: 'Something is wrong', ...fields }), 201);
  expectProblemShape(problem);
  return problem;
}

export async function addSolution(person, problem, body = `Solution ${word('x')}`) {
  const solution = expectOk(await person.client.post(`/api/v1/problems/${problem.id}/solutions`, { body }), 201);
  expectSolutionShape(solution);
  return solution;
}

export async function createIdea(person, space, fields = {}) {
  const idea = expectOk(await person.client.post(`/api/v1/spaces/${space.id}/ideas`,
    { title: `Idea ${word('i')}`, body: 'What if', ...fields }), 201);
  expectIdeaShape(idea);
  return idea;
}

export async function createProposal(person, space, fields = {}) {
  const proposal = expectOk(await person.client.post(`/api/v1/spaces/${space.id}/proposals`,
    { title: `Proposal ${word('q')}`, body: 'Let us', closes_at: inDays(7), ...fields }), 201);
  expectProposalShape(proposal);
  return proposal;
}

export async function getProblem(person, id) {
  const problem = expectOk(await person.client.get(`/api/v1/problems/${id}`));
  expectProblemShape(problem, { full: true });
  return problem;
}

export async function getIdea(person, id) {
  const idea = expectOk(await person.client.get(`/api/v1/ideas/${id}`));
  expectIdeaShape(idea, { full: true });
  return idea;
}

export async function getProposal(person, id) {
  const proposal = expectOk(await person.client.get(`/api/v1/proposals/${id}`));
  expectProposalShape(proposal, { full: true });
  return proposal;
}

export async function moveIdea(owner, idea, stage, note = `To ${stage}`) {
  const moved = expectOk(await owner.client.post(`/api/v1/ideas/${idea.id}/stage`, { stage, note }));
  expectIdeaShape(moved);
  assert.equal(moved.stage, stage);
  return moved;
}

export async function takeStance(person, proposal, stance, reason = '') {
  const got = expectOk(await person.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance, reason }));
  expectProposalShape(got);
  return got;
}

/**
 * A notification of one of the collaborative kinds: kind, actor summary (null only for what the
 * server did itself), subject type and id, read flag, time.
 */
export function expectCollabNotification(n) {
  assert.equal(typeof n.id, 'string', show(n));
  assert.equal(typeof n.kind, 'string', show(n));
  if (n.actor !== null) expectSummaryOf(n.actor);
  assert.ok(['problem', 'solution', 'idea', 'proposal', 'space'].includes(n.subject_type), `subject_type: ${show(n)}`);
  assert.equal(typeof n.subject_id, 'string', show(n));
  assert.equal(typeof n.read, 'boolean', show(n));
  assert.ok(isTime(n.created_at), show(n));
}

/** Waits for a notification of `kind` whose subject is one of `subjects` ({type: id}); returns it. */
export async function waitForCollab(person, kind, subjects, what = kind) {
  const matches = (n) => n.kind === kind && Object.entries(subjects).some(([type, id]) => n.subject_type === type && n.subject_id === id);
  const items = await eventually(() => notificationsOf(person), (list) => list.some(matches), { what: `${what} for ${person.person.name}` });
  const found = items.find(matches);
  expectCollabNotification(found);
  return found;
}
