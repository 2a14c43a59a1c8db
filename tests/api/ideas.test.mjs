// Ideas (docs/design/collaboration.md "Ideas"): pitching (members; from a problem of the same
// space only), votes (1, -1, 0; score = sum; my_vote), comments, the board by stage, stage moves
// (space owners only, a note required, every allowed and forbidden move of the table), and
// "implemented" resolving the problem the idea came from.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectOk, kRfc3339Utc } from './expect.mjs';
import { allPages, expectSummaryOf, idsOf, member } from './social.mjs';
import {
  addMember, addSolution, createIdea, createProblem, createSpace, expectIdeaShape, getIdea, getProblem, kMoves, kPathTo,
  kStages, moveIdea, word,
} from './collab.mjs';

let server;
let admin;
let owner;
let author;
let fan;
let critic;
let outsider;
let spaceGuest;
let strangerGuest;
let space;
let otherSpace;
let secretSpace;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  owner = await member(server, { name: 'Iris Owner' });
  author = await member(server, { name: 'Ida Author' });
  fan = await member(server, { name: 'Finn Fan' });
  critic = await member(server, { name: 'Cleo Critic' });
  outsider = await member(server, { name: 'Omar Outsider' });
  spaceGuest = await member(server, { name: 'Gil Spaceguest', role: 'guest' });
  strangerGuest = await member(server, { name: 'Sue Strangerguest', role: 'guest' });
  space = await createSpace(owner, { name: 'Idea Board', visibility: 'public', kind: 'community' });
  otherSpace = await createSpace(owner, { name: 'Other Board', visibility: 'public' });
  secretSpace = await createSpace(owner, { name: 'Secret Board', visibility: 'secret' });
  for (const s of [space, otherSpace, secretSpace]) {
    for (const person of [author, fan, critic]) await addMember(owner, s, person);
    await addMember(owner, s, spaceGuest, 'guest');
  }
});
after(async () => {
  await server?.stop();
});

test('pitch: 201 with the documented fields; from a problem of the same space; GET adds comments, stages, chain', async () => {
  const problem = await createProblem(author, space, { title: 'Meetings run long' });
  const idea = await createIdea(fan, space, { title: 'Standing meetings', body: 'Stand up, *shorter*.', from_problem_id: problem.id });
  assert.equal(idea.space_id, space.id);
  assert.deepEqual([idea.title, idea.body], ['Standing meetings', 'Stand up, *shorter*.']);
  expectSummaryOf(idea.author, fan);
  assert.equal(idea.stage, 'new');
  assert.deepEqual([idea.score, idea.my_vote, idea.comment_count], [0, 0, 0]);
  assert.equal(idea.from_problem_id, problem.id);
  assert.match(idea.stage_changed_at, kRfc3339Utc);
  const got = await getIdea(critic, idea.id);
  assert.deepEqual(got.comments, []);
  assert.deepEqual(got.stages.map((s) => s.stage), ['new'], 'the history starts at new');
  assert.equal(got.stages[0].by.id, fan.person.id);
  assert.equal(got.chain.problem.id, problem.id);
  assert.ok(got.chain.ideas.some((i) => i.id === idea.id));
  for (const key of Object.keys(idea)) assert.deepEqual(got[key], idea[key], `GET ${key} as POST answered`);

  const plain = await createIdea(spaceGuest, space, { title: 'No problem behind it', body: '' });
  assert.equal(plain.from_problem_id, null);
  assert.equal(plain.author.id, spaceGuest.person.id);
});

test('pitch: a problem of another space is 400 field from_problem_id; bad fields 400; outsiders 403/404', async () => {
  const marker = word('nope');
  const foreign = await createProblem(author, otherSpace);
  const secretProblem = await createProblem(author, secretSpace);
  for (const from of [foreign.id, secretProblem.id]) {
    expectError(await fan.client.post(`/api/v1/spaces/${space.id}/ideas`, { title: marker, body: '', from_problem_id: from }),
      400, 'invalid_argument', 'from_problem_id');
  }
  for (const [body, field] of [[{ title: '', body: '' }, 'title'], [{ title: 'x'.repeat(201), body: '' }, 'title'],
    [{ body: 'untitled' }, 'title'], [{ title: marker, body: 'x'.repeat(20001) }, 'body']]) {
    expectError(await fan.client.post(`/api/v1/spaces/${space.id}/ideas`, body), 400, 'invalid_argument', field);
  }
  for (const person of [outsider, admin]) {
    expectError(await person.client.post(`/api/v1/spaces/${space.id}/ideas`, { title: marker, body: '' }), 403, 'permission_denied');
    expectError(await person.client.post(`/api/v1/spaces/${secretSpace.id}/ideas`, { title: marker, body: '' }), 404, 'not_found');
  }
  expectError(await strangerGuest.client.post(`/api/v1/spaces/${space.id}/ideas`, { title: marker, body: '' }), 404, 'not_found');
  for (const s of [space, otherSpace, secretSpace]) {
    assert.ok(!(await allPages(owner.client, `/api/v1/spaces/${s.id}/ideas`)).some((i) => i.title === marker), 'nothing was pitched');
  }
});

test('vote: 1, -1, 0; score is the sum; my_vote per person; other values 400 field value; outsiders 403/404', async () => {
  const idea = await createIdea(author, space);
  const vote = (person, value) => person.client.put(`/api/v1/ideas/${idea.id}/vote`, { value });
  let got = expectOk(await vote(fan, 1));
  expectIdeaShape(got);
  assert.deepEqual([got.id, got.score, got.my_vote], [idea.id, 1, 1]);
  got = expectOk(await vote(critic, -1));
  assert.deepEqual([got.score, got.my_vote], [0, -1]);
  got = expectOk(await vote(spaceGuest, 1));
  assert.deepEqual([got.score, got.my_vote], [1, 1]);
  got = expectOk(await vote(author, 1));
  assert.deepEqual([got.score, got.my_vote], [2, 1], 'authors may vote for their own idea');
  got = expectOk(await vote(fan, 1));
  assert.deepEqual([got.score, got.my_vote], [2, 1], 'the same vote again counts once');
  got = expectOk(await vote(critic, 1));
  assert.deepEqual([got.score, got.my_vote], [4, 1], 'changing a vote replaces it');
  got = expectOk(await vote(critic, 0));
  assert.deepEqual([got.score, got.my_vote], [3, 0], '0 withdraws');

  for (const value of [2, -2, 5, 0.5, '1', null, false, [1]]) {
    expectError(await vote(fan, value), 400, 'invalid_argument', 'value');
  }
  expectError(await fan.client.put(`/api/v1/ideas/${idea.id}/vote`, {}), 400, 'invalid_argument', 'value');
  expectError(await vote(outsider, 1), 403, 'permission_denied');
  expectError(await vote(admin, 1), 403, 'permission_denied');
  expectError(await vote(strangerGuest, 1), 404, 'not_found');
  expectError(await fan.client.put('/api/v1/ideas/999999999/vote', { value: 1 }), 404, 'not_found');
  const secretIdea = await createIdea(author, secretSpace);
  expectError(await outsider.client.put(`/api/v1/ideas/${secretIdea.id}/vote`, { value: 1 }), 404, 'not_found');

  const seen = await getIdea(outsider, idea.id);
  assert.deepEqual([seen.score, seen.my_vote], [3, 0], 'refused votes changed nothing; my_vote is the caller\'s');
  assert.equal((await getIdea(fan, idea.id)).my_vote, 1);
  assert.equal((await getIdea(critic, idea.id)).my_vote, 0);
  assert.equal((await getIdea(author, secretIdea.id)).score, 0);
});

test('comments: 201 {id, author, body, created_at}; listed on the idea; counted; 400 empty; outsiders 403/404', async () => {
  const idea = await createIdea(author, space);
  const comment = expectOk(await fan.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Love it' }), 201);
  assert.equal(typeof comment.id, 'string');
  expectSummaryOf(comment.author, fan);
  assert.equal(comment.body, 'Love it');
  assert.match(comment.created_at, kRfc3339Utc);
  const second = expectOk(await spaceGuest.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'From outside: +1' }), 201);
  const got = await getIdea(critic, idea.id);
  assert.equal(got.comment_count, 2);
  assert.deepEqual(idsOf(got.comments).sort(), [comment.id, second.id].sort());
  assert.deepEqual(got.comments.find((c) => c.id === comment.id), comment);

  expectError(await fan.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: '' }), 400, 'invalid_argument', 'body');
  expectError(await fan.client.post(`/api/v1/ideas/${idea.id}/comments`, {}), 400, 'invalid_argument', 'body');
  expectError(await fan.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'x'.repeat(20001) }), 400, 'invalid_argument', 'body');
  expectError(await outsider.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Me too' }), 403, 'permission_denied');
  expectError(await admin.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Me too' }), 403, 'permission_denied');
  expectError(await strangerGuest.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Me too' }), 404, 'not_found');
  expectError(await fan.client.post('/api/v1/ideas/999999999/comments', { body: 'x' }), 404, 'not_found');
  assert.equal((await getIdea(author, idea.id)).comment_count, 2, 'refused comments were not stored');
});

test('stage: space owners only (authors and members 403, outsiders 403/404); a note 1..2000 is required', async () => {
  const idea = await createIdea(author, space);
  for (const person of [author, fan, spaceGuest, outsider, admin]) {
    expectError(await person.client.post(`/api/v1/ideas/${idea.id}/stage`, { stage: 'under_review', note: 'Please' }), 403, 'permission_denied');
  }
  expectError(await strangerGuest.client.post(`/api/v1/ideas/${idea.id}/stage`, { stage: 'under_review', note: 'Please' }), 404, 'not_found');
  for (const body of [{ stage: 'under_review' }, { stage: 'under_review', note: '' }, { stage: 'under_review', note: 'n'.repeat(2001) },
    { stage: 'under_review', note: 3 }]) {
    expectError(await owner.client.post(`/api/v1/ideas/${idea.id}/stage`, body), 400, 'invalid_argument', 'note');
  }
  for (const stage of ['done', '', 'NEW', null]) {
    expectError(await owner.client.post(`/api/v1/ideas/${idea.id}/stage`, { stage, note: 'Moving' }), 400, 'invalid_argument', 'stage');
  }
  let seen = await getIdea(author, idea.id);
  assert.equal(seen.stage, 'new', 'refused moves changed nothing');
  assert.equal(seen.stages.length, 1);

  const moved = await moveIdea(owner, idea, 'under_review', 'n'.repeat(2000));
  assert.equal(moved.stage, 'under_review');
  assert.ok(moved.stage_changed_at >= idea.stage_changed_at);
  seen = await getIdea(fan, idea.id);
  assert.deepEqual(seen.stages.map((s) => s.stage), ['new', 'under_review']);
  const last = seen.stages[1];
  assert.equal(last.note, 'n'.repeat(2000));
  expectSummaryOf(last.by, owner);
  assert.equal(last.at, seen.stage_changed_at);
  const board = await allPages(outsider.client, `/api/v1/spaces/${space.id}/ideas?stage=under_review`);
  assert.ok(board.some((i) => i.id === idea.id) && board.every((i) => i.stage === 'under_review'), 'the board by stage');
  assert.ok(!(await allPages(outsider.client, `/api/v1/spaces/${space.id}/ideas?stage=new`)).some((i) => i.id === idea.id));
  expectError(await outsider.client.get(`/api/v1/spaces/${space.id}/ideas?stage=someday`), 400, 'invalid_argument', 'stage');
});

test('stage moves: every allowed move of the table succeeds, every other is 400 field stage and changes nothing', async () => {
  const mover = await createSpace(owner, { visibility: 'private' });
  const failures = [];
  for (const from of kStages) {
    // The forbidden moves, all tried on one idea standing at `from`.
    const standing = await createIdea(owner, mover, { title: `At ${from}` });
    for (const stage of kPathTo[from]) await moveIdea(owner, standing, stage);
    for (const to of kStages.filter((s) => !kMoves[from].includes(s))) {
      const res = await owner.client.post(`/api/v1/ideas/${standing.id}/stage`, { stage: to, note: `Try ${from} → ${to}` });
      if (res.status !== 400 || res.body?.error?.field !== 'stage') failures.push(`${from} → ${to}: expected 400 field stage, got ${res.status} ${res.text.slice(0, 120)}`);
    }
    const after = await getIdea(owner, standing.id);
    if (after.stage !== from || after.stages.length !== kPathTo[from].length + 1) {
      failures.push(`${from}: forbidden moves changed the idea to ${after.stage} with ${after.stages.length} history entries`);
    }
    // Each allowed move, on a fresh idea at `from`.
    for (const to of kMoves[from]) {
      const idea = await createIdea(owner, mover, { title: `${from} to ${to}` });
      for (const stage of kPathTo[from]) await moveIdea(owner, idea, stage);
      const res = await owner.client.post(`/api/v1/ideas/${idea.id}/stage`, { stage: to, note: `Allowed ${from} → ${to}` });
      if (res.status !== 200 || res.body?.stage !== to) failures.push(`${from} → ${to}: expected 200 at ${to}, got ${res.status} ${res.text.slice(0, 120)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('implemented resolves the problem the idea came from (if open); other stages do not', async () => {
  const problem = await createProblem(author, space, { title: 'Flaky deploys' });
  const idea = await createIdea(fan, space, { from_problem_id: problem.id });
  const sibling = await createIdea(critic, space, { from_problem_id: problem.id });
  await moveIdea(owner, idea, 'under_review');
  await moveIdea(owner, idea, 'accepted');
  await moveIdea(owner, sibling, 'declined');
  assert.equal((await getProblem(author, problem.id)).status, 'open', 'accepted is not implemented');
  await moveIdea(owner, idea, 'implemented');
  const resolved = await getProblem(author, problem.id);
  assert.equal(resolved.status, 'resolved');
  assert.match(resolved.resolved_at, kRfc3339Utc);
  assert.ok(Number.isInteger(resolved.resolution_seconds));
  assert.equal(resolved.chain.ideas.find((i) => i.id === idea.id).stage, 'implemented');

  // Already resolved by an accepted solution: implementing keeps that resolution.
  const solved = await createProblem(author, space);
  const solution = await addSolution(critic, solved);
  const accepted = expectOk(await author.client.post(`/api/v1/problems/${solved.id}/accept`, { solution_id: solution.id }));
  const later = await createIdea(fan, space, { from_problem_id: solved.id });
  for (const stage of ['under_review', 'accepted', 'implemented']) await moveIdea(owner, later, stage);
  const still = await getProblem(author, solved.id);
  assert.deepEqual([still.status, still.accepted_solution_id, still.resolved_at], ['resolved', solution.id, accepted.resolved_at]);

  // An idea with no problem: implementing it touches nothing else.
  const loose = await createIdea(fan, space);
  for (const stage of ['under_review', 'accepted', 'implemented']) await moveIdea(owner, loose, stage);
  expectError(await owner.client.post(`/api/v1/ideas/${loose.id}/stage`, { stage: 'accepted', note: 'Back' }), 400, 'invalid_argument', 'stage');
});

test('GET idea and the board: readers of the space only; newest first; pages', async () => {
  const board = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, board, fan);
  const made = [];
  for (let i = 0; i < 4; i += 1) made.push(await createIdea(fan, board, { title: `Board ${i}` }));
  assert.deepEqual(idsOf(await allPages(fan.client, `/api/v1/spaces/${board.id}/ideas`, { limit: 3 })), idsOf([...made].reverse()));
  expectError(await outsider.client.get(`/api/v1/spaces/${board.id}/ideas`), 403, 'permission_denied');
  expectError(await strangerGuest.client.get(`/api/v1/spaces/${board.id}/ideas`), 404, 'not_found');
  expectError(await outsider.client.get(`/api/v1/spaces/${secretSpace.id}/ideas`), 404, 'not_found');
  const secretIdea = await createIdea(fan, secretSpace);
  expectError(await outsider.client.get(`/api/v1/ideas/${secretIdea.id}`), 404, 'not_found');
  expectError(await strangerGuest.client.get(`/api/v1/ideas/${made[0].id}`), 404, 'not_found');
  expectError(await fan.client.get('/api/v1/ideas/999999999'), 404, 'not_found');
  await getIdea(spaceGuest, secretIdea.id);
  // collaboration.md: items by id of a space whose content one may not see are 404.
  expectError(await outsider.client.get(`/api/v1/ideas/${made[0].id}`), 404, 'not_found');
});

test('pitch: a problem on a record whose access list leaves the author out is 400, as if it were not there', async () => {
  const record = expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'deal', external_id: word('deal'),
    title: 'Confidential deal', access: { people: [author.person.id], units: [] } }), 201);
  const problem = expectOk(await author.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'The deal stalls', body: '', record_id: record.id }), 201);
  expectError(await fan.client.get(`/api/v1/problems/${problem.id}`), 404, 'not_found');
  const refused = await fan.client.post(`/api/v1/spaces/${space.id}/ideas`, { title: 'Drop the deal', body: '', from_problem_id: problem.id });
  expectError(refused, 400, 'invalid_argument', 'from_problem_id');
  const missing = await fan.client.post(`/api/v1/spaces/${space.id}/ideas`, { title: 'Drop the deal', body: '', from_problem_id: '999999999' });
  assert.equal(refused.body.error.message, missing.body.error.message, 'the same answer as for no problem at all');
  // Someone on the list may.
  const idea = expectOk(await author.client.post(`/api/v1/spaces/${space.id}/ideas`,
    { title: 'Offer a pilot', body: '', from_problem_id: problem.id }), 201);
  assert.ok(idea.id);
});
