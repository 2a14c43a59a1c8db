// GET /api/v1/notifications/groups: a person's latest notifications grouped by kind and subject
// ("Bea, Amara and 12 others reacted"), with an excerpt and the space; unread before read, and
// among the unread, work before conversation before reactions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, eventually, member, reply } from './social.mjs';
import { addMember, addSolution, createProblem, createSpace } from './collab.mjs';

let server;
let ana;
let post;
let problem;
let space;
const reactors = [];

const groups = async (person, query = '') =>
  expectOk(await person.client.get(`/api/v1/notifications/groups${query ? `?${query}` : ''}`)).items;

before(async () => {
  server = await startServer();
  ana = await member(server, { name: 'Ana Author' });
  const long = `Our kiln schedule for the spring ${'and the firing plan '.repeat(12)}`;
  post = await createPost(ana, { body: long });
  for (const name of ['Bea', 'Cy', 'Dov', 'Eli']) {
    const person = await member(server, { name: `${name} Reactor` });
    reactors.push(person);
    expectNoContent(await person.client.put(`/api/v1/posts/${post.id}/reactions/like`));
  }
  const mentioner = await member(server, { name: 'Mo Mentioner' });
  await createPost(mentioner, { body: `@${ana.person.handle} can you look at the glaze?` });
  space = await createSpace(ana, { name: unique('Kilns '), visibility: 'public', kind: 'problem' });
  const solver = await member(server, { name: 'Sol Solver' });
  await addMember(ana, space, solver);
  problem = await createProblem(ana, space, { title: 'Kiln 3 overheats' });
  await addSolution(solver, problem, 'Replace the thermocouple');
});

after(async () => {
  await server?.stop();
});

test('reactions to one post are one group naming the latest people, with the post\'s first words', async () => {
  const all = await eventually(() => groups(ana), (list) => list.length === 3 && list.some((g) => g.kind === 'reaction' && g.count === 4),
    { what: 'three groups' });
  const reactions = all.find((g) => g.kind === 'reaction');
  assert.equal(reactions.priority, 'social');
  assert.equal(reactions.subject_type, 'post');
  assert.equal(reactions.post_id, post.id);
  assert.equal(reactions.count, 4);
  assert.equal(reactions.actor_count, 4);
  assert.equal(reactions.unread, 4);
  assert.deepEqual(reactions.actors.map((a) => a.name), ['Eli Reactor', 'Dov Reactor', 'Cy Reactor'], 'the latest three, newest first');
  assert.ok(reactions.excerpt.startsWith('Our kiln schedule for the spring'));
  assert.ok(reactions.excerpt.endsWith('…') && reactions.excerpt.length <= 141, reactions.excerpt);
  assert.equal(reactions.ids.length, 4);
});

test('unread work comes first, then conversation, then reactions; read groups after', async () => {
  let all = await groups(ana);
  assert.deepEqual(all.map((g) => g.priority), ['work', 'conversation', 'social']);
  const work = all[0];
  assert.equal(work.kind, 'solution');
  assert.equal(work.subject_type, 'problem');
  assert.equal(work.subject_id, problem.id);
  assert.equal(work.excerpt, 'Kiln 3 overheats');
  assert.equal(work.space_id, space.id);
  assert.equal(work.space_name, space.name);
  // Reading the solution group moves it after the unread ones.
  expectNoContent(await ana.client.post('/api/v1/notifications/read', { ids: work.ids }));
  all = await groups(ana);
  assert.deepEqual(all.map((g) => g.kind), ['mention', 'reaction', 'solution']);
  assert.equal(all[2].unread, 0);
  assert.deepEqual((await groups(ana, 'unread=true')).map((g) => g.kind), ['mention', 'reaction']);
  assert.equal((await groups(ana, 'limit=1')).length, 1);
});

test('bad queries are refused; strangers are not let in', async () => {
  for (const [query, field] of [['unread=yes', 'unread'], ['limit=0', 'limit'], ['limit=101', 'limit']]) {
    const res = await ana.client.get(`/api/v1/notifications/groups?${query}`);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, query);
  }
  expectError(await server.anonymous().get('/api/v1/notifications/groups'), 401, 'unauthenticated');
  // Someone else's notifications never show.
  assert.deepEqual(await groups(reactors[0]), []);
});

test('replies in one thread are one line about the thread\'s first post', async () => {
  const thread = await createPost(ana, { body: 'Who has the kiln keys this week?' });
  const first = await member(server, { name: 'Rae Replier' });
  const second = await member(server, { name: 'Ray Replier' });
  const answer = await reply(first, thread.id, 'I do');
  await reply(second, answer.id, 'Then I will ask you');
  await reply(second, thread.id, 'Me too, in the afternoon');
  const line = await eventually(async () => (await groups(ana)).find((g) => g.kind === 'reply'),
    (g) => g?.count === 3, { what: 'the three replies in the thread' });
  assert.equal(line.subject_type, 'post');
  assert.equal(line.subject_id, thread.id);
  assert.equal(line.post_id, thread.id);
  assert.equal(line.excerpt, 'Who has the kiln keys this week?');
  assert.equal(line.priority, 'conversation');
});

test('a reply in a thread whose first post a moderator hid is not grouped onto it, nor is its text shown', async () => {
  const admin = await server.admin();
  const author = await member(server, { name: 'Hal Hidden' });
  const carol = await member(server, { name: 'Cara Replier' });
  const dave = await member(server, { name: 'Dax Replier' });
  const root = await createPost(author, { body: 'Cheap watches, click here' });
  const mine = await reply(carol, root.id, 'Is this allowed?');
  const theirs = await reply(dave, mine.id, 'Probably not');
  await eventually(async () => (await groups(carol)).find((g) => g.kind === 'reply'), (g) => g?.subject_id === root.id,
    { what: 'Carol\'s reply line about the thread' });
  expectNoContent(await admin.client.post(`/api/v1/posts/${root.id}/hide`, { reason: 'Advertising' }));
  const line = (await groups(carol)).find((g) => g.kind === 'reply');
  assert.ok(line, 'the reply is still news to Carol');
  assert.equal(line.post_id, theirs.id, 'about the reply she may read');
  assert.equal(line.excerpt, 'Probably not');
  assert.ok(!JSON.stringify(await groups(carol)).includes('Cheap watches'));
});
