// Notifications of the collaborative layer (docs/design/collaboration.md "Notifications"): solution,
// accepted, stage, proposal_opened, stance, proposal_closed (also when the server closes at the
// deadline), join_request and space_added — each to exactly the people named, never for one's own
// action, never about content the recipient may not see. Notifications are derived
// asynchronously: tests poll, and prove an absence by waiting for a later sentinel notification.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectNoContent, expectOk, expectStatus } from './expect.mjs';
import { createPost, eventually, expectSummaryOf, member, notificationsOf, waitForNotification } from './social.mjs';
import {
  addMember, addSolution, createIdea, createProblem, createProposal, createSpace, expectCollabNotification, getProposal,
  moveIdea, rfc3339, takeStance, waitForCollab,
} from './collab.mjs';

let server;
let owner;
let herald;    // sends the sentinels
let sentinelSpace;
before(async () => {
  server = await startServer();
  owner = await member(server, { name: 'Nadia Owner' });
  herald = await member(server, { name: 'Hank Herald' });
  sentinelSpace = await createSpace(herald, { name: 'Sentinels', visibility: 'private' });
});
after(async () => {
  await server?.stop();
});

/**
 * A mention of every one of `people` by the herald, in a space they all join: once each has it,
 * the notifier has handled everything before. Returns each person's notifications without it.
 */
async function settled(people) {
  for (const person of people) {
    const res = await herald.client.put(`/api/v1/spaces/${sentinelSpace.id}/members/${person.person.id}`,
      { role: person.person.role === 'guest' ? 'guest' : 'member' });
    expectNoContent(res);
  }
  const post = await createPost(herald, {
    audience: 'space', space_id: sentinelSpace.id, body: `Sentinel ${people.map((p) => `@${p.person.handle}`).join(' ')}`,
  });
  const out = [];
  for (const person of people) {
    const items = await waitForNotification(person, (n) => n.kind === 'mention' && n.post_id === post.id, `the sentinel for ${person.person.name}`);
    out.push(items.filter((n) => n.post_id !== post.id && !(n.kind === 'space_added' && n.subject_id === sentinelSpace.id)));
  }
  return out;
}
const kinds = (items) => items.map((n) => n.kind).sort();

test('solution → the problem author; accepted → the solution author; nobody else, never one\'s own', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const asker = await member(server, { name: 'Asa Asker' });
  const solver = await member(server, { name: 'Sol Solver' });
  const bystander = await member(server, { name: 'Bea Bystander' });
  for (const person of [asker, solver, bystander]) await addMember(owner, space, person);
  const problem = await createProblem(asker, space);
  const solution = await addSolution(solver, problem);
  await addSolution(asker, problem, 'Answering my own problem');
  const n = await waitForCollab(asker, 'solution', { problem: problem.id, solution: solution.id });
  expectSummaryOf(n.actor, solver);
  assert.equal(n.read, false);
  expectOk(await asker.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  const accepted = await waitForCollab(solver, 'accepted', { problem: problem.id, solution: solution.id });
  expectSummaryOf(accepted.actor, asker);

  const [askerItems, solverItems, bystanderItems, ownerItems] = await settled([asker, solver, bystander, owner]);
  assert.deepEqual(kinds(askerItems), ['solution', 'space_added'], `one solution notification, none for the own solution: ${JSON.stringify(askerItems)}`);
  assert.deepEqual(kinds(solverItems), ['accepted', 'space_added']);
  assert.deepEqual(kinds(bystanderItems), ['space_added']);
  assert.deepEqual(kinds(ownerItems), [], 'the owner gets neither');
});

test('stage → the idea author and voters (not commenters, withdrawn voters or the owner who moved it)', async () => {
  const space = await createSpace(owner, { visibility: 'public' });
  const pitcher = await member(server, { name: 'Pim Pitcher' });
  const upvoter = await member(server, { name: 'Uma Upvoter' });
  const downvoter = await member(server, { name: 'Dov Downvoter' });
  const withdrawn = await member(server, { name: 'Wes Withdrawn' });
  const commenter = await member(server, { name: 'Coco Commenter' });
  const guest = await member(server, { name: 'Gia Guestvoter', role: 'guest' });
  for (const person of [pitcher, upvoter, downvoter, withdrawn, commenter]) await addMember(owner, space, person);
  await addMember(owner, space, guest, 'guest');
  const idea = await createIdea(pitcher, space);
  expectOk(await upvoter.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 1 }));
  expectOk(await downvoter.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: -1 }));
  expectOk(await guest.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 1 }));
  expectOk(await withdrawn.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 1 }));
  expectOk(await withdrawn.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 0 }));
  expectOk(await commenter.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Hmm' }), 201);
  expectOk(await owner.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 1 }));
  await moveIdea(owner, idea, 'under_review', 'Looking into it');
  for (const person of [pitcher, upvoter, downvoter, guest]) {
    const n = await waitForCollab(person, 'stage', { idea: idea.id });
    expectSummaryOf(n.actor, owner);
  }
  const [w, c, o] = await settled([withdrawn, commenter, owner]);
  for (const items of [w, c, o]) assert.ok(!items.some((n) => n.kind === 'stage'), `no stage notification: ${JSON.stringify(items)}`);
  const pitcherItems = (await notificationsOf(pitcher)).filter((n) => n.kind === 'stage');
  assert.equal(pitcherItems.length, 1, 'one per move');
});

test('proposal_opened → every member of the space (space guests too) but the author; not outsiders', async () => {
  const space = await createSpace(owner, { visibility: 'public' });
  const proposer = await member(server, { name: 'Pru Proposer' });
  const colleague = await member(server, { name: 'Cal Colleague' });
  const guest = await member(server, { name: 'Gaby Guest', role: 'guest' });
  const outsider = await member(server, { name: 'Ozzy Outsider' });
  await addMember(owner, space, proposer);
  await addMember(owner, space, colleague);
  await addMember(owner, space, guest, 'guest');
  const proposal = await createProposal(proposer, space);
  for (const person of [owner, colleague, guest]) {
    const n = await waitForCollab(person, 'proposal_opened', { proposal: proposal.id });
    expectSummaryOf(n.actor, proposer);
  }
  const [p, o] = await settled([proposer, outsider]);
  assert.ok(!p.some((n) => n.kind === 'proposal_opened'), 'not the author');
  assert.deepEqual(o, [], 'not someone outside the space, even of a public space');
});

test('stance → the proposal author; proposal_closed → the author and everyone who took a stance, not the closer', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const proposer = await member(server, { name: 'Paz Proposer' });
  const agreer = await member(server, { name: 'Ari Agreer' });
  const blocker = await member(server, { name: 'Bo Blocker' });
  const silent = await member(server, { name: 'Si Silent' });
  for (const person of [proposer, agreer, blocker, silent]) await addMember(owner, space, person);
  const proposal = await createProposal(proposer, space);
  await takeStance(agreer, proposal, 'agree');
  await takeStance(blocker, proposal, 'block', 'No');
  await takeStance(proposer, proposal, 'agree');
  const n = await waitForCollab(proposer, 'stance', { proposal: proposal.id });
  assert.ok([agreer.person.id, blocker.person.id].includes(n.actor.id));
  await eventually(() => notificationsOf(proposer), (items) => items.filter((x) => x.kind === 'stance').length === 2,
    { what: 'a stance notification per stance taker' });
  expectOk(await owner.client.post(`/api/v1/proposals/${proposal.id}/close`, { outcome: 'Blocked' }));
  for (const person of [proposer, agreer, blocker]) {
    const closed = await waitForCollab(person, 'proposal_closed', { proposal: proposal.id });
    expectSummaryOf(closed.actor, owner);
  }
  const [pr, s, o] = await settled([proposer, silent, owner]);
  assert.equal(pr.filter((x) => x.kind === 'stance').length, 2, 'none for the author\'s own stance');
  assert.ok(!s.some((x) => ['stance', 'proposal_closed'].includes(x.kind)), `the silent member: ${JSON.stringify(s)}`);
  assert.ok(!o.some((x) => ['stance', 'proposal_closed'].includes(x.kind)), `the closer: ${JSON.stringify(o)}`);
});

test('proposal_closed when the server closes at the deadline: to the author and stance takers, from no one', async () => {
  const space = await createSpace(owner, { visibility: 'public' });
  const proposer = await member(server, { name: 'Dee Deadline' });
  const voter = await member(server, { name: 'Val Voter' });
  await addMember(owner, space, proposer);
  await addMember(owner, space, voter);
  const proposal = await createProposal(proposer, space, { closes_at: rfc3339(Date.now() + 2000) });
  await takeStance(voter, proposal, 'agree');
  await eventually(() => getProposal(voter, proposal.id), (p) => p.status === 'closed', { timeoutMs: 30_000, what: 'the deadline' });
  for (const person of [proposer, voter]) {
    const n = await waitForCollab(person, 'proposal_closed', { proposal: proposal.id });
    assert.equal(n.actor, null, `closed by the server, not by a person: ${JSON.stringify(n)}`);
  }
});

test('join_request → every owner of the private space; space_added → the person added', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const coOwner = await member(server, { name: 'Co Owner' });
  const plain = await member(server, { name: 'Plain Member' });
  const asker = await member(server, { name: 'Ask Er' });
  const guest = await member(server, { name: 'Gus Added', role: 'guest' });
  await addMember(owner, space, coOwner, 'owner');
  await addMember(owner, space, plain);
  expectStatus(await asker.client.post(`/api/v1/spaces/${space.id}/join`), 202);
  for (const person of [owner, coOwner]) {
    const n = await waitForCollab(person, 'join_request', { space: space.id });
    expectSummaryOf(n.actor, asker);
  }
  for (const [person, by] of [[coOwner, owner], [plain, owner]]) {
    const n = await waitForCollab(person, 'space_added', { space: space.id });
    expectSummaryOf(n.actor, by);
  }
  await addMember(coOwner, space, asker);
  expectSummaryOf((await waitForCollab(asker, 'space_added', { space: space.id })).actor, coOwner);
  await addMember(owner, space, guest, 'guest');
  await waitForCollab(guest, 'space_added', { space: space.id });

  const publicSpace = await createSpace(owner, { visibility: 'public' });
  const selfJoiner = await member(server, { name: 'Self Joiner' });
  expectNoContent(await selfJoiner.client.post(`/api/v1/spaces/${publicSpace.id}/join`));
  const [p, a, sj, o] = await settled([plain, asker, selfJoiner, owner]);
  assert.ok(!p.some((n) => n.kind === 'join_request'), 'members who are not owners are not asked');
  assert.ok(!a.some((n) => n.kind === 'join_request'));
  assert.deepEqual(sj, [], 'joining by oneself notifies no one of space_added');
  assert.ok(!o.some((n) => n.kind === 'space_added'), 'the creator is not "added"');
});

test('notifications about a private space vanish for someone who left it, and are never sent to them afterwards', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const pitcher = await member(server, { name: 'Lea Leaver' });
  const voter = await member(server, { name: 'Vera Voter' });
  await addMember(owner, space, pitcher);
  await addMember(owner, space, voter);
  const idea = await createIdea(pitcher, space);
  expectOk(await voter.client.put(`/api/v1/ideas/${idea.id}/vote`, { value: 1 }));
  await moveIdea(owner, idea, 'under_review');
  await waitForCollab(voter, 'stage', { idea: idea.id });
  await waitForCollab(pitcher, 'stage', { idea: idea.id });
  expectNoContent(await voter.client.delete(`/api/v1/spaces/${space.id}/members/${voter.person.id}`));
  await moveIdea(owner, idea, 'accepted');
  await eventually(() => notificationsOf(pitcher), (items) => items.filter((n) => n.kind === 'stage').length === 2, { what: 'the second stage notification' });
  const [left] = await settled([voter]);
  const about = left.filter((n) => n.space_id === space.id || (n.subject_type === 'idea' && n.subject_id === idea.id)
    || (n.subject_type === 'space' && n.subject_id === space.id));
  assert.deepEqual(about, [], `nothing about the private space once outside it: ${JSON.stringify(left)}`);
  for (const n of left) expectCollabNotification(n);
});
