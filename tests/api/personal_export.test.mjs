// Personal export (GET /api/v1/people/{id}/export): a person downloads their own data as JSON
// lines (profile, posts, problems, solutions, ideas, comments, stances, follows, memberships);
// admins may for anyone; others get 403 (or 404 for a person they may not see); signed-out 401.
// Nothing the exporter may not see is in it: a post in a secret space the person has left.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, follow, member } from './social.mjs';
import { addMember, addSolution, createIdea, createProblem, createProposal, createSpace, inDays, takeStance } from './collab.mjs';

let server;
let admin;
let ada;
let bo;
let guest;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  ada = await member(server, { name: 'Ada Export' });
  bo = await member(server, { name: 'Bo Other' });
  guest = await member(server, { name: 'Gil Guest', role: 'guest' });
});

after(async () => {
  await server?.stop();
});

function parse(res) {
  assert.equal(res.status, 200, res.text?.slice(0, 300));
  assert.match(res.headers.get('content-type'), /^application\/x-ndjson/);
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="weft-.+-\d{4}-\d\d-\d\d\.jsonl"$/);
  const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
  return { header: lines[0], items: lines.slice(1) };
}

test('a person exports their own data: every kind, nothing of anyone else', async () => {
  const space = await createSpace(ada, { name: unique('Export '), visibility: 'public', kind: 'problem' });
  await addMember(ada, space, bo);
  const post = await createPost(ada, { body: `Hello #exports ${unique('w')}` });
  const others = await createPost(bo, { body: 'Not Ada' });
  const problem = await createProblem(ada, space, { title: 'Ada problem' });
  const solution = await addSolution(ada, problem);
  const idea = await createIdea(ada, space, { title: 'Ada idea' });
  expectOk(await ada.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'Ada comment' }), 201);
  const proposal = await createProposal(bo, space, { title: 'Bo proposal', closes_at: inDays(3) });
  await takeStance(ada, proposal, 'agree', 'Yes');
  await follow(ada, bo);
  expectNoContent(await ada.client.put('/api/v1/topics/exports/follow'));
  const record = expectOk(await ada.client.put('/api/v1/records', { system: 'crm', type: 'deal', external_id: unique('d'), title: 'Deal' }), 201);
  expectNoContent(await ada.client.put(`/api/v1/records/${record.id}/follow`));

  const res = await ada.client.get(`/api/v1/people/${ada.person.id}/export`);
  const { header, items } = parse(res);
  assert.equal(header.type, 'weft-personal-export');
  assert.equal(header.person_id, ada.person.id);
  assert.equal(header.exported_by, ada.person.id);
  const kinds = new Set(items.map((i) => i.kind));
  for (const kind of ['profile', 'post', 'problem', 'solution', 'idea', 'idea_comment', 'stance', 'follow', 'membership']) {
    assert.ok(kinds.has(kind), `has ${kind}: ${[...kinds]}`);
  }
  const of = (kind) => items.filter((i) => i.kind === kind).map((i) => i.data);
  assert.equal(of('profile')[0].id, ada.person.id);
  assert.ok(of('post').some((p) => p.id === post.id));
  assert.ok(of('post').every((p) => p.author.id === ada.person.id), 'only her posts');
  assert.ok(!of('post').some((p) => p.id === others.id));
  assert.deepEqual(of('problem').map((p) => p.id), [problem.id]);
  assert.deepEqual(of('solution').map((s) => s.id), [solution.id]);
  assert.deepEqual(of('idea').map((i) => i.id), [idea.id]);
  assert.deepEqual(of('stance').map((s) => [s.proposal_id, s.stance]), [[proposal.id, 'agree']]);
  const follows = of('follow').map((f) => `${f.type}:${f.id}`).sort();
  assert.deepEqual(follows, [`person:${bo.person.id}`, `record:${record.id}`, 'topic:exports'].sort());
  assert.ok(of('membership').some((m) => m.id === space.id && m.role === 'owner'));
});

test('admins export anyone; others get 403, or 404 for someone they may not see; signed-out 401', async () => {
  const { header, items } = parse(await admin.client.get(`/api/v1/people/${bo.person.id}/export`));
  assert.equal(header.person_id, bo.person.id);
  assert.equal(header.exported_by, admin.person.id);
  assert.ok(items.some((i) => i.kind === 'post'));
  expectError(await ada.client.get(`/api/v1/people/${bo.person.id}/export`), 403, 'permission_denied');
  expectError(await guest.client.get(`/api/v1/people/${bo.person.id}/export`), 404, 'not_found');
  expectError(await ada.client.get('/api/v1/people/999999999/export'), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/people/${ada.person.id}/export`), 401);
});

test('a post in a secret space the person has left is not in their export', async () => {
  const owner = await member(server, { name: 'Sec Owner' });
  const secret = await createSpace(owner, { name: unique('Secret '), visibility: 'secret' });
  await addMember(owner, secret, bo);
  const hidden = await createPost(bo, { body: 'In the secret space', audience: 'space', space_id: secret.id });
  expectNoContent(await bo.client.delete(`/api/v1/spaces/${secret.id}/members/${bo.person.id}`));
  const { items } = parse(await bo.client.get(`/api/v1/people/${bo.person.id}/export`));
  assert.ok(!items.some((i) => i.kind === 'post' && i.data.id === hidden.id), 'the left space\'s post is out');
  assert.ok(!items.some((i) => i.kind === 'membership' && i.data.id === secret.id));
});

test('an admin exporting someone is not told of the private spaces they are in', async () => {
  const owner = await member(server, { name: 'Priv Owner' });
  const room = await createSpace(owner, { name: unique('Private '), visibility: 'private' });
  const hall = await createSpace(owner, { name: unique('Public '), visibility: 'public' });
  await addMember(owner, room, ada);
  await addMember(owner, hall, ada);
  const byAdmin = parse(await admin.client.get(`/api/v1/people/${ada.person.id}/export`)).items
    .filter((i) => i.kind === 'membership').map((i) => i.data.id);
  assert.ok(byAdmin.includes(hall.id), 'a public space\'s members are for everyone');
  assert.ok(!byAdmin.includes(room.id), 'a private space\'s members are for its members');
  const own = parse(await ada.client.get(`/api/v1/people/${ada.person.id}/export`)).items
    .filter((i) => i.kind === 'membership').map((i) => i.data.id);
  assert.ok(own.includes(room.id) && own.includes(hall.id), 'her own export has both');
});
