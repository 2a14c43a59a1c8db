// Search hits name their space and say why they matched (title, text, author, name, …); a
// proposal is found with type=proposal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectOk } from './expect.mjs';
import { createPost, eventually, member } from './social.mjs';
import { createProblem, createProposal, createSpace, word } from './collab.mjs';

let server;
let ana;
let space;
const w = { title: word('kiln'), body: word('glaze'), author: word('zed') };
let problem;
let proposal;
let post;

const search = async (person, query) => expectOk(await person.client.get(`/api/v1/search?${query}`)).items;

before(async () => {
  server = await startServer();
  ana = await member(server, { name: `Ana ${w.author}` });
  space = await createSpace(ana, { name: unique('Plant '), visibility: 'public', kind: 'problem' });
  problem = await createProblem(ana, space, { title: `The ${w.title} overheats`, body: `Since the ${w.body} change` });
  proposal = await createProposal(ana, space, { title: `Replace the ${w.title} controller` });
  post = await createPost(ana, { body: `Morning all, the ${w.body} batch is out` });
});

after(async () => {
  await server?.stop();
});

test('work hits name their space and whether the title or the text matched', async () => {
  const byTitle = (await search(ana, `type=problem&q=${w.title}`)).find((h) => h.id === problem.id);
  assert.equal(byTitle.space_id, space.id);
  assert.equal(byTitle.space_name, space.name);
  assert.deepEqual(byTitle.matched, ['title']);
  const byText = (await search(ana, `type=problem&q=${w.body}`)).find((h) => h.id === problem.id);
  assert.deepEqual(byText.matched, ['text']);
  const proposals = await search(ana, `type=proposal&q=${w.title}`);
  assert.deepEqual(proposals.map((h) => [h.type, h.id]), [['proposal', proposal.id]]);
  assert.equal(proposals[0].space_name, space.name);
});

test('a post says whether its text or its author matched; posts to everyone have no space', async () => {
  const byText = (await search(ana, `type=post&q=${w.body}`)).find((h) => h.id === post.id);
  assert.deepEqual(byText.matched, ['text']);
  assert.equal(byText.space_id, null);
  assert.equal(byText.space_name, null);
  const people = await search(ana, `type=person&q=${w.author}`);
  assert.deepEqual(people.map((h) => h.matched), [['name']]);
});

test('a record found by someone outside its secret space does not name the space', async () => {
  const carol = await member(server, { name: 'Carol Outside' });
  const hidden = await createSpace(ana, { name: unique('Skunkworks '), visibility: 'secret', kind: 'problem' });
  const title = word('quasar');
  const record = expectOk(await ana.client.put('/api/v1/records',
    { system: 'crm', type: 'account', external_id: unique('acct'), title: `Account ${title}`, space_id: hidden.id }), 201);
  const find = async (person) => eventually(async () => (await search(person, `type=record&q=${title}`)).find((h) => h.id === record.id),
    (h) => !!h, { what: 'the record found' });
  const inside = await find(ana);
  assert.equal(inside.space_id, hidden.id);
  assert.equal(inside.space_name, hidden.name);
  const outside = await find(carol);
  assert.equal(outside.space_id ?? null, null);
  assert.ok(!JSON.stringify(outside).includes(hidden.name));
  // Nor does the record itself, read by someone outside.
  assert.equal(expectOk(await ana.client.get(`/api/v1/records/${record.id}`)).space_id, hidden.id);
  assert.equal(expectOk(await carol.client.get(`/api/v1/records/${record.id}`)).space_id, null);
  const listed = expectOk(await carol.client.get('/api/v1/records?system=crm&limit=100')).items.find((r) => r.id === record.id);
  assert.equal(listed.space_id, null);
});
