// Proposals and the outcome chain (docs/design/collaboration.md "Proposals", "Chain"): opening one
// (closes_at RFC 3339, in the future, within a year), stances and the tally, closing (author or
// owner; the decision rule; an explicit decision; twice is 409; an adopted proposal accepts its idea
// and may resolve the idea's problem), the server closing proposals at their deadline — also those
// that fell due while it was down — and the chain with its people from a problem, an idea and a
// proposal. Deadlines are awaited by polling; no timing is asserted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';
import { allPages, eventually, expectSummaryOf, idsOf, member } from './social.mjs';
import {
  addMember, addSolution, createIdea, createProblem, createProposal, createSpace, expectProposalShape, getIdea,
  getProblem, getProposal, inDays, kStages, moveIdea, kPathTo, rfc3339, takeStance,
} from './collab.mjs';

let server;
let admin;
let owner;
let author;
let alice;
let bob;
let carol;
let outsider;
let spaceGuest;
let strangerGuest;
let space;
let secretSpace;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  owner = await member(server, { name: 'Paula Owner' });
  author = await member(server, { name: 'Arno Author' });
  alice = await member(server, { name: 'Alice Agree' });
  bob = await member(server, { name: 'Bob Balance' });
  carol = await member(server, { name: 'Carol Caution' });
  outsider = await member(server, { name: 'Olaf Outsider' });
  spaceGuest = await member(server, { name: 'Gwen Spaceguest', role: 'guest' });
  strangerGuest = await member(server, { name: 'Stan Strangerguest', role: 'guest' });
  space = await createSpace(owner, { name: 'Decisions', visibility: 'public' });
  secretSpace = await createSpace(owner, { name: 'Secret Decisions', visibility: 'secret' });
  for (const s of [space, secretSpace]) {
    for (const person of [author, alice, bob, carol]) await addMember(owner, s, person);
    await addMember(owner, s, spaceGuest, 'guest');
  }
});
after(async () => {
  await server?.stop();
});

const close = (person, proposal, body) => person.client.post(`/api/v1/proposals/${proposal.id}/close`, body);

test('open: 201 with the documented fields; GET adds stances and chain', async () => {
  const closesAt = inDays(3);
  const proposal = await createProposal(author, space, { title: 'Adopt trunk-based development', body: 'Short-lived branches.', closes_at: closesAt });
  assert.equal(proposal.space_id, space.id);
  assert.deepEqual([proposal.title, proposal.body], ['Adopt trunk-based development', 'Short-lived branches.']);
  expectSummaryOf(proposal.author, author);
  assert.equal(proposal.status, 'open');
  assert.equal(Date.parse(proposal.closes_at), Date.parse(closesAt));
  assert.deepEqual(proposal.tally, { agree: 0, abstain: 0, disagree: 0, block: 0 });
  assert.deepEqual([proposal.my_stance, proposal.outcome, proposal.decision, proposal.from_idea_id, proposal.closed_at],
    [null, null, null, null, null]);
  const got = await getProposal(alice, proposal.id);
  assert.deepEqual(got.stances, []);
  assert.deepEqual(got.chain.problem, null);
  assert.deepEqual(got.chain.ideas, []);
  assert.deepEqual(idsOf(got.chain.proposals), [proposal.id]);
  for (const key of Object.keys(proposal)) assert.deepEqual(got[key], proposal[key], `GET ${key} as POST answered`);
  const byGuest = await createProposal(spaceGuest, secretSpace, { closes_at: inDays(360) });
  assert.equal(byGuest.author.id, spaceGuest.person.id);
});

test('open: closes_at past, more than a year ahead, missing or malformed is 400 field closes_at; outsiders 403/404', async () => {
  const cases = ['2020-01-01T00:00:00Z', rfc3339(Date.now() - 5000), inDays(367), inDays(3650), 'tomorrow', '',
    '2026-13-01T00:00:00Z', '2099-02-30T10:00:00Z', '2026-12-01 10:00:00', '2026-12-01', 1893456000, null, true];
  for (const closesAt of cases) {
    const res = await author.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: 'Bad deadline', body: '', closes_at: closesAt });
    expectError(res, 400, 'invalid_argument', 'closes_at');
  }
  expectError(await author.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: 'No deadline', body: '' }), 400, 'invalid_argument', 'closes_at');
  expectError(await author.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: '', body: '', closes_at: inDays(1) }), 400, 'invalid_argument', 'title');
  const foreignIdea = await createIdea(author, secretSpace);
  expectError(await author.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: 'From elsewhere', body: '', closes_at: inDays(1), from_idea_id: foreignIdea.id }),
    400, 'invalid_argument', 'from_idea_id');
  for (const person of [outsider, admin]) {
    expectError(await person.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: 'Outside', body: '', closes_at: inDays(1) }), 403, 'permission_denied');
    expectError(await person.client.post(`/api/v1/spaces/${secretSpace.id}/proposals`, { title: 'Outside', body: '', closes_at: inDays(1) }), 404, 'not_found');
  }
  expectError(await strangerGuest.client.post(`/api/v1/spaces/${space.id}/proposals`, { title: 'Outside', body: '', closes_at: inDays(1) }), 404, 'not_found');
  const titles = (await allPages(owner.client, `/api/v1/spaces/${space.id}/proposals`)).map((p) => p.title);
  assert.ok(!titles.some((t) => ['Bad deadline', 'No deadline', 'From elsewhere', 'Outside'].includes(t)), 'nothing was opened');
});

test('open: closes_at with fractional seconds is valid RFC 3339 UTC and accepted', async () => {
  const closesAt = new Date(Date.now() + 86_400_000).toISOString(); // e.g. 2026-11-24T10:15:00.123Z
  const proposal = await createProposal(author, space, { closes_at: closesAt });
  assert.ok(Math.abs(Date.parse(proposal.closes_at) - Date.parse(closesAt)) < 1000, `closes_at ${proposal.closes_at} for ${closesAt}`);
});

test('stances: tally, my_stance, changing one\'s stance, reasons; invalid 400; outsiders 403/404', async () => {
  const proposal = await createProposal(author, space);
  let got = await takeStance(alice, proposal, 'agree', 'Good idea');
  assert.deepEqual([got.id, got.my_stance], [proposal.id, 'agree']);
  assert.deepEqual(got.tally, { agree: 1, abstain: 0, disagree: 0, block: 0 });
  got = await takeStance(bob, proposal, 'abstain');
  got = await takeStance(carol, proposal, 'block', 'Breaks compliance');
  got = await takeStance(spaceGuest, proposal, 'disagree');
  assert.deepEqual(got.tally, { agree: 1, abstain: 1, disagree: 1, block: 1 });
  got = await takeStance(carol, proposal, 'disagree', 'Fine, no block');
  assert.deepEqual(got.tally, { agree: 1, abstain: 1, disagree: 2, block: 0 }, 'a new stance replaces the old');
  assert.equal(got.my_stance, 'disagree');
  got = await takeStance(carol, proposal, 'disagree', 'Same stance, new reason');
  assert.deepEqual(got.tally, { agree: 1, abstain: 1, disagree: 2, block: 0 }, 'the same stance counts once');
  await takeStance(author, proposal, 'agree', 'r'.repeat(2000));

  for (const stance of ['maybe', 'AGREE', '', null, 1]) {
    expectError(await alice.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance, reason: '' }), 400, 'invalid_argument', 'stance');
  }
  expectError(await alice.client.put(`/api/v1/proposals/${proposal.id}/stance`, { reason: 'no stance' }), 400, 'invalid_argument', 'stance');
  expectError(await alice.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: 'r'.repeat(2001) }), 400, 'invalid_argument', 'reason');
  for (const person of [outsider, admin]) {
    expectError(await person.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: '' }), 403, 'permission_denied');
  }
  expectError(await strangerGuest.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: '' }), 404, 'not_found');
  expectError(await alice.client.put('/api/v1/proposals/999999999/stance', { stance: 'agree', reason: '' }), 404, 'not_found');

  const seen = await getProposal(outsider, proposal.id);
  assert.deepEqual(seen.tally, { agree: 2, abstain: 1, disagree: 2, block: 0 }, 'refused stances changed nothing');
  assert.equal(seen.my_stance, null);
  const byPerson = Object.fromEntries(seen.stances.map((s) => [s.person.id, [s.stance, s.reason]]));
  assert.deepEqual(byPerson, {
    [alice.person.id]: ['agree', 'Good idea'],
    [bob.person.id]: ['abstain', ''],
    [carol.person.id]: ['disagree', 'Same stance, new reason'],
    [spaceGuest.person.id]: ['disagree', ''],
    [author.person.id]: ['agree', 'r'.repeat(2000)],
  });
  for (const stance of seen.stances) assert.match(stance.updated_at, kRfc3339Utc);
  assert.equal((await getProposal(alice, proposal.id)).my_stance, 'agree');
});

test('close: author or owner; outcome required; decision rule; explicit decision; twice 409; stances closed (409)', async () => {
  const proposal = await createProposal(author, space);
  await takeStance(alice, proposal, 'agree');
  await takeStance(bob, proposal, 'agree');
  await takeStance(carol, proposal, 'disagree');
  for (const person of [alice, spaceGuest, outsider, admin]) {
    expectError(await close(person, proposal, { outcome: 'Done' }), 403, 'permission_denied');
  }
  expectError(await close(strangerGuest, proposal, { outcome: 'Done' }), 404, 'not_found');
  for (const body of [{}, { outcome: '' }, { outcome: 'o'.repeat(4001) }, { outcome: 5 }]) {
    expectError(await close(author, proposal, body), 400, 'invalid_argument', 'outcome');
  }
  for (const decision of ['maybe', 'ADOPTED', 1]) {
    expectError(await close(author, proposal, { outcome: 'Done', decision }), 400, 'invalid_argument', 'decision');
  }
  expectError(await close(author, { id: '999999999' }, { outcome: 'x' }), 404, 'not_found');
  assert.equal((await getProposal(author, proposal.id)).status, 'open', 'refused closes changed nothing');

  const closed = expectOk(await close(author, proposal, { outcome: 'We adopt it from Monday.' }));
  expectProposalShape(closed);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.outcome, 'We adopt it from Monday.');
  assert.equal(closed.decision, 'adopted', '2 agree > 1 disagree, no block');
  assert.match(closed.closed_at, kRfc3339Utc);
  assert.deepEqual(closed.tally, { agree: 2, abstain: 0, disagree: 1, block: 0 });
  expectError(await close(author, proposal, { outcome: 'Again' }), 409, 'conflict');
  expectError(await close(owner, proposal, { outcome: 'Again' }), 409, 'conflict');
  expectError(await alice.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: '' }), 409, 'conflict');
  expectError(await outsider.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: '' }), 403, 'permission_denied');
  const seen = await getProposal(bob, proposal.id);
  assert.deepEqual([seen.outcome, seen.decision, seen.closed_at, seen.tally.block], [closed.outcome, 'adopted', closed.closed_at, 0]);

  // The decision rule, case by case (closed by the space owner, who is not the author).
  const rule = [
    [['agree', 'agree', 'block'], 'rejected'],       // any block rejects
    [['agree', 'disagree'], 'rejected'],              // a tie is not a majority
    [[], 'rejected'],                                 // nobody agreed
    [['agree', 'abstain', 'abstain'], 'adopted'],     // abstentions do not count against
    [['disagree', 'abstain'], 'rejected'],
  ];
  for (const [stances, decision] of rule) {
    const p = await createProposal(author, space);
    const voters = [alice, bob, carol];
    for (const [i, stance] of stances.entries()) await takeStance(voters[i], p, stance);
    const got = expectOk(await close(owner, p, { outcome: `Rule ${stances.join(',')}` }));
    assert.equal(got.decision, decision, `${stances.join(', ') || 'no stances'} → ${decision}`);
  }
  // An explicit decision wins over the rule, either way.
  const blocked = await createProposal(author, space);
  await takeStance(carol, blocked, 'block');
  assert.equal(expectOk(await close(owner, blocked, { outcome: 'Overruled', decision: 'adopted' })).decision, 'adopted');
  const popular = await createProposal(author, space);
  await takeStance(alice, popular, 'agree');
  assert.equal(expectOk(await close(author, popular, { outcome: 'Withdrawn', decision: 'rejected' })).decision, 'rejected');
});

test('adopted from an idea: the idea moves to accepted (from any stage but implemented); resolve_problem resolves its problem', async () => {
  const cases = [];
  for (const stage of kStages) {
    const problem = await createProblem(author, space);
    const idea = await createIdea(author, space, { from_problem_id: problem.id });
    for (const move of kPathTo[stage]) await moveIdea(owner, idea, move);
    const proposal = await createProposal(author, space, { from_idea_id: idea.id });
    assert.equal(proposal.from_idea_id, idea.id);
    await takeStance(alice, proposal, 'agree');
    cases.push({ stage, problem, idea, proposal });
  }
  for (const { stage, idea, proposal } of cases) {
    const closed = expectOk(await close(author, proposal, { outcome: `Adopted at ${stage}` }));
    assert.equal(closed.decision, 'adopted');
    const after = await getIdea(bob, idea.id);
    assert.equal(after.stage, stage === 'implemented' ? 'implemented' : 'accepted', `an idea at ${stage}`);
    if (stage !== 'accepted' && stage !== 'implemented') {
      assert.equal(after.stages.at(-1).stage, 'accepted', 'the move is in the history');
    }
  }
  for (const { stage, problem } of cases) {
    const expected = stage === 'implemented' ? 'resolved' : 'open';
    assert.equal((await getProblem(bob, problem.id)).status, expected, `without resolve_problem the problem stays as it was (${stage})`);
  }

  // resolve_problem: true resolves the idea's problem too.
  const problem = await createProblem(author, space);
  const idea = await createIdea(bob, space, { from_problem_id: problem.id });
  const proposal = await createProposal(author, space, { from_idea_id: idea.id });
  await takeStance(alice, proposal, 'agree');
  expectOk(await close(owner, proposal, { outcome: 'Adopted and done', resolve_problem: true }));
  assert.equal((await getIdea(bob, idea.id)).stage, 'accepted');
  const resolved = await getProblem(author, problem.id);
  assert.equal(resolved.status, 'resolved');
  assert.match(resolved.resolved_at, kRfc3339Utc);

  // Rejected: the idea and its problem stay as they were, even with resolve_problem.
  const keptProblem = await createProblem(author, space);
  const keptIdea = await createIdea(bob, space, { from_problem_id: keptProblem.id });
  await moveIdea(owner, keptIdea, 'under_review');
  const rejected = await createProposal(author, space, { from_idea_id: keptIdea.id });
  await takeStance(carol, rejected, 'block');
  assert.equal(expectOk(await close(author, rejected, { outcome: 'Not now', resolve_problem: true })).decision, 'rejected');
  assert.equal((await getIdea(bob, keptIdea.id)).stage, 'under_review');
  assert.equal((await getProblem(author, keptProblem.id)).status, 'open');
  expectError(await close(author, await createProposal(author, space), { outcome: 'x', resolve_problem: 'yes' }), 400, 'invalid_argument', 'resolve_problem');
});

test('GET /spaces/{id}/proposals: newest first, ?status= filters; 403/404 outside', async () => {
  const board = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, board, author);
  const made = [];
  for (let i = 0; i < 3; i += 1) made.push(await createProposal(author, board, { title: `Listed ${i}` }));
  expectOk(await close(author, made[1], { outcome: 'Closed early' }));
  assert.deepEqual(idsOf(await allPages(author.client, `/api/v1/spaces/${board.id}/proposals`, { limit: 2 })), idsOf([...made].reverse()));
  assert.deepEqual(idsOf(await allPages(author.client, `/api/v1/spaces/${board.id}/proposals?status=open`)), [made[2].id, made[0].id]);
  assert.deepEqual(idsOf(await allPages(author.client, `/api/v1/spaces/${board.id}/proposals?status=closed`)), [made[1].id]);
  expectError(await author.client.get(`/api/v1/spaces/${board.id}/proposals?status=done`), 400, 'invalid_argument', 'status');
  expectError(await outsider.client.get(`/api/v1/spaces/${board.id}/proposals`), 403, 'permission_denied');
  expectError(await strangerGuest.client.get(`/api/v1/spaces/${board.id}/proposals`), 404, 'not_found');
  expectError(await outsider.client.get(`/api/v1/spaces/${secretSpace.id}/proposals`), 404, 'not_found');
  expectError(await outsider.client.get(`/api/v1/proposals/${(await createProposal(author, secretSpace)).id}`), 404, 'not_found');
  // collaboration.md: items by id of a space whose content one may not see are 404.
  expectError(await outsider.client.get(`/api/v1/proposals/${made[0].id}`), 404, 'not_found');
});

test('the server closes a proposal at its deadline with the decision rule and "Closed at the deadline."', async () => {
  const idea = await createIdea(author, space);
  const due = await createProposal(author, space, { closes_at: rfc3339(Date.now() + 2000), from_idea_id: idea.id });
  const rejectedDue = await createProposal(author, space, { closes_at: rfc3339(Date.now() + 2000) });
  const later = await createProposal(author, space, { closes_at: inDays(1) });
  await takeStance(alice, due, 'agree');
  await takeStance(bob, due, 'agree');
  await takeStance(carol, due, 'disagree');
  await takeStance(carol, rejectedDue, 'block');
  await takeStance(alice, rejectedDue, 'agree');
  const closed = await eventually(() => getProposal(bob, due.id), (p) => p.status === 'closed',
    { timeoutMs: 30_000, what: 'the server to close the proposal at its deadline' });
  assert.equal(closed.outcome, 'Closed at the deadline.');
  assert.equal(closed.decision, 'adopted');
  assert.ok(Date.parse(closed.closed_at) >= Date.parse(closed.closes_at), 'closed at or after the deadline');
  assert.deepEqual(closed.tally, { agree: 2, abstain: 0, disagree: 1, block: 0 });
  assert.equal((await getIdea(bob, idea.id)).stage, 'accepted', 'adopted at the deadline: its idea is accepted');
  const other = await eventually(() => getProposal(bob, rejectedDue.id), (p) => p.status === 'closed',
    { timeoutMs: 30_000, what: 'the second due proposal to close' });
  assert.deepEqual([other.outcome, other.decision], ['Closed at the deadline.', 'rejected']);
  expectError(await alice.client.put(`/api/v1/proposals/${due.id}/stance`, { stance: 'block', reason: '' }), 409, 'conflict');
  expectError(await close(author, due, { outcome: 'Too late' }), 409, 'conflict');
  assert.equal((await getProposal(bob, later.id)).status, 'open', 'proposals not yet due stay open');
});

test('from its deadline on, no stance and no hand changes what a proposal decides, even before the server closes it', async () => {
  const proposal = await createProposal(author, space, { closes_at: rfc3339(Date.now() + 2500) });
  await takeStance(alice, proposal, 'agree');
  await sleep(Math.max(0, Date.parse(proposal.closes_at) - Date.now()) + 30);
  expectError(await carol.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'block', reason: 'Too late' }), 409, 'conflict');
  expectError(await close(author, proposal, { outcome: 'Rejected by hand', decision: 'rejected' }), 409, 'conflict');
  const closed = await eventually(() => getProposal(bob, proposal.id), (p) => p.status === 'closed',
    { timeoutMs: 30_000, what: 'the server to close it' });
  assert.deepEqual([closed.outcome, closed.decision], ['Closed at the deadline.', 'adopted']);
  assert.deepEqual(closed.tally, { agree: 1, abstain: 0, disagree: 0, block: 0 });
});

test('a proposal that falls due while the server is down is closed after it starts again', async () => {
  const closesAt = rfc3339(Date.now() + 5000);
  const proposal = await createProposal(author, space, { closes_at: closesAt });
  await takeStance(alice, proposal, 'agree');
  assert.equal((await getProposal(bob, proposal.id)).status, 'open');
  let stoppedBeforeDeadline;
  await server.restart({
    whileStopped: async () => {
      stoppedBeforeDeadline = Date.now() < Date.parse(closesAt);
      // Wait (server down) until the deadline has passed by more than the store's one-second grain.
      while (Date.now() <= Date.parse(closesAt) + 1000) await sleep(100);
    },
  });
  assert.ok(stoppedBeforeDeadline, 'precondition: the server stopped before the deadline');
  const closed = await eventually(() => getProposal(bob, proposal.id), (p) => p.status === 'closed',
    { timeoutMs: 30_000, what: 'the restarted server to close the overdue proposal' });
  assert.deepEqual([closed.outcome, closed.decision], ['Closed at the deadline.', 'adopted']);
});

test('chain with people: from a problem, an idea and a proposal; people capped at 20', async () => {
  const sorted = (people) => people.map((p) => p.id).sort();
  const ids = (...people) => people.map((p) => p.person.id).sort();
  const problem = await createProblem(author, space, { title: 'Onboarding takes weeks' });
  await addSolution(alice, problem);
  await addSolution(bob, problem);
  await addSolution(alice, problem);
  const idea1 = await createIdea(carol, space, { title: 'Buddy system', from_problem_id: problem.id });
  expectOk(await alice.client.put(`/api/v1/ideas/${idea1.id}/vote`, { value: 1 }));
  expectOk(await bob.client.put(`/api/v1/ideas/${idea1.id}/vote`, { value: -1 }));
  expectOk(await spaceGuest.client.post(`/api/v1/ideas/${idea1.id}/comments`, { body: 'Worked for us' }), 201);
  const idea2 = await createIdea(bob, space, { title: 'Better docs', from_problem_id: problem.id });
  const proposal1 = await createProposal(carol, space, { title: 'Pair every newcomer', from_idea_id: idea1.id });
  await takeStance(alice, proposal1, 'agree');
  await takeStance(owner, proposal1, 'abstain');
  const proposal2 = await createProposal(bob, space, { title: 'Docs week', from_idea_id: idea2.id });
  expectOk(await close(bob, proposal2, { outcome: 'Docs week in March', decision: 'adopted' }));
  const loneIdea = await createIdea(alice, space, { title: 'Lone idea' });
  const loneIdeaProposal = await createProposal(alice, space, { title: 'From the lone idea', from_idea_id: loneIdea.id });
  const loneProposal = await createProposal(bob, space, { title: 'Standalone' });

  const expectFull = (chain, from) => {
    assert.equal(chain.problem.id, problem.id, from);
    assert.equal(chain.problem.title, 'Onboarding takes weeks');
    assert.equal(chain.problem.status, 'open');
    assert.deepEqual(sorted(chain.problem.people), ids(author, alice, bob), `${from}: problem people are the author and solution authors`);
    const ideas = Object.fromEntries(chain.ideas.map((i) => [i.id, i]));
    assert.deepEqual(Object.keys(ideas).sort(), [idea1.id, idea2.id].sort(), `${from}: the problem's ideas`);
    assert.deepEqual([ideas[idea1.id].title, ideas[idea1.id].stage], ['Buddy system', 'new'], `${from}: idea1`);
    assert.deepEqual([ideas[idea2.id].title, ideas[idea2.id].stage], ['Better docs', 'accepted'], `${from}: idea2 was accepted by its adopted proposal`);
    assert.deepEqual(sorted(ideas[idea1.id].people), ids(carol, alice, bob, spaceGuest), `${from}: idea people are author, voters, commenters`);
    assert.deepEqual(sorted(ideas[idea2.id].people), ids(bob));
    const proposals = Object.fromEntries(chain.proposals.map((p) => [p.id, p]));
    assert.deepEqual(Object.keys(proposals).sort(), [proposal1.id, proposal2.id].sort(), `${from}: the ideas' proposals`);
    assert.deepEqual([proposals[proposal1.id].status, proposals[proposal1.id].outcome, proposals[proposal1.id].decision], ['open', null, null]);
    assert.deepEqual([proposals[proposal2.id].title, proposals[proposal2.id].status, proposals[proposal2.id].outcome, proposals[proposal2.id].decision],
      ['Docs week', 'closed', 'Docs week in March', 'adopted']);
    assert.deepEqual(sorted(proposals[proposal1.id].people), ids(carol, alice, owner), `${from}: proposal people are the author and stance takers`);
    assert.deepEqual(sorted(proposals[proposal2.id].people), ids(bob));
  };
  const chainOf = async (kind, id) => (await (kind === 'problem' ? getProblem : kind === 'idea' ? getIdea : getProposal)(outsider, id)).chain;
  const check = expectFull;
  const fromProblem = await chainOf('problem', problem.id);
  check(fromProblem, 'from the problem');
  check(await chainOf('idea', idea1.id), 'from an idea of the problem');
  check(await chainOf('idea', idea2.id), 'from the other idea');
  check(await chainOf('proposal', proposal1.id), 'from a proposal of an idea of the problem');
  check(await chainOf('proposal', proposal2.id), 'from the closed proposal');

  const fromLone = await chainOf('idea', loneIdea.id);
  assert.equal(fromLone.problem, null);
  assert.deepEqual(idsOf(fromLone.ideas), [loneIdea.id], 'an idea without a problem: the idea alone');
  assert.deepEqual(idsOf(fromLone.proposals), [loneIdeaProposal.id]);
  assert.deepEqual(await chainOf('proposal', loneIdeaProposal.id), fromLone, "a proposal's chain is its idea's");
  const alone = await chainOf('proposal', loneProposal.id);
  assert.deepEqual([alone.problem, alone.ideas, idsOf(alone.proposals)], [null, [], [loneProposal.id]], 'a proposal alone');
  assert.deepEqual(sorted(alone.proposals[0].people), ids(bob));
  const bare = await chainOf('problem', (await createProblem(bob, space)).id);
  assert.deepEqual([sorted(bare.problem.people), bare.ideas, bare.proposals], [ids(bob), [], []]);

  // At most 20 people per step: 22 voters and the author took part in this idea.
  const crowdIdea = await createIdea(author, space, { title: 'Crowded', from_problem_id: problem.id });
  const crowd = [];
  for (let i = 0; i < 22; i += 1) {
    const person = await member(server, { name: `Crowd ${i}` });
    expectNoContent(await person.client.post(`/api/v1/spaces/${space.id}/join`));
    crowd.push(person);
  }
  for (const person of crowd) expectOk(await person.client.put(`/api/v1/ideas/${crowdIdea.id}/vote`, { value: 1 }));
  const crowded = (await getIdea(alice, crowdIdea.id)).chain.ideas.find((i) => i.id === crowdIdea.id);
  assert.equal(crowded.people.length, 20, 'at most 20 people');
  const participants = new Set([author.person.id, ...crowd.map((p) => p.person.id)]);
  assert.ok(crowded.people.every((p) => participants.has(p.id)), 'only people who took part');
  assert.equal(new Set(crowded.people.map((p) => p.id)).size, 20, 'no one twice');
});
