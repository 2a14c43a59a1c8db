// Authorization matrix of records with an access list (docs/design/work-context.md §4):
// roles × every route that shows a record or what hangs on it. A restricted record and its posts,
// replies, problems, solutions, search hits, changes, follows and notifications exist only for the
// people it names, the members of the units it names and admins (with the admin scope); everyone
// else gets 404 or absence. Lifting the list gives them back to every member, never to guests
// the list does not name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectNoContent, expectOk } from './expect.mjs';
import { createPost, createUnit, idsOf, member, notificationsOf, reply, waitForNotification } from './social.mjs';
import { addMember, addSolution, createSpace } from './collab.mjs';

let server;
let viewers;   // role → {client, person}
let record;
let body;
let post;
let replyPost;
let problem;
let solution;
let word;

const kRoles = ['admin', 'adminWithoutScope', 'listedPerson', 'unitMember', 'listedGuest', 'outsider', 'otherUnit', 'guest'];
const kSees = new Set(['admin', 'listedPerson', 'unitMember', 'listedGuest']);

before(async () => {
  server = await startServer();
  const admin = await server.admin();
  const finance = await createUnit(server, unique('Finance '));
  const other = await createUnit(server, unique('Other '));
  const owner = await member(server, { name: 'Rec Owner', unit_id: finance.id });
  viewers = {
    admin,
    listedPerson: await member(server, { name: 'Rec Listed' }),
    unitMember: await member(server, { name: 'Rec Unitmember', unit_id: finance.id }),
    listedGuest: await member(server, { name: 'Rec Listedguest', role: 'guest' }),
    outsider: await member(server, { name: 'Rec Outsider' }),
    otherUnit: await member(server, { name: 'Rec Otherunit', unit_id: other.id }),
    guest: await member(server, { name: 'Rec Guest', role: 'guest' }),
  };
  // An admin's API token without the admin scope is a member's.
  const token = expectOk(await admin.client.post('/api/v1/tokens', { name: unique('t'), scopes: ['read', 'write'] }), 201).token;
  viewers.adminWithoutScope = { person: admin.person, client: server.bearer(token) };

  const space = await createSpace(owner, { name: unique('Finance work '), visibility: 'public', kind: 'problem' });
  for (const role of kRoles) {
    if (role !== 'admin' && role !== 'adminWithoutScope') await addMember(owner, space, viewers[role], role.toLowerCase().includes('guest') ? 'guest' : 'member');
  }
  word = `zz${unique('').replace(/[^a-z0-9]/g, '')}`.replace(/[0-9]/g, (d) => 'abcdefghij'[d]);
  body = { system: 'erp', type: 'invoice', external_id: unique('inv'), title: `Invoice ${word}`,
    access: { people: [viewers.listedPerson.person.id, viewers.listedGuest.person.id, owner.person.id], units: [finance.id] } };
  record = expectOk(await admin.client.put('/api/v1/records', body), 201);
  expectNoContent(await owner.client.put(`/api/v1/records/${record.id}/follow`));
  post = await createPost(owner, { body: `About ${word} @${viewers.outsider.person.handle}`, audience: 'space', space_id: space.id, record_id: record.id });
  replyPost = await reply(viewers.listedPerson, post.id, `Reply ${word}`);
  problem = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/problems`, { title: `Problem ${word}`, record_id: record.id }), 201);
  solution = await addSolution(owner, problem);
});

after(async () => {
  await server?.stop();
});

// name → (viewer) → Promise<boolean seen>
const routes = {
  'GET record': async (v) => (await v.client.get(`/api/v1/records/${record.id}`)).status === 200,
  'GET record posts': async (v) => (await v.client.get(`/api/v1/records/${record.id}/posts`)).status === 200,
  'GET record changes': async (v) => (await v.client.get(`/api/v1/records/${record.id}/changes`)).status === 200,
  'GET post': async (v) => (await v.client.get(`/api/v1/posts/${post.id}`)).status === 200,
  'GET reply': async (v) => (await v.client.get(`/api/v1/posts/${replyPost.id}`)).status === 200,
  'GET problem': async (v) => (await v.client.get(`/api/v1/problems/${problem.id}`)).status === 200,
  'records list': async (v) => idsOf(expectOk(await v.client.get(`/api/v1/records?external_id=${body.external_id}`)).items).includes(record.id),
  'search records': async (v) => expectOk(await v.client.get(`/api/v1/search?q=${word}&type=record`)).items.some((h) => h.id === record.id),
  'search posts': async (v) => expectOk(await v.client.get(`/api/v1/search?q=${word}&type=post`)).items.some((h) => h.id === post.id),
  'search problems': async (v) => expectOk(await v.client.get(`/api/v1/search?q=${word}&type=problem`)).items.some((h) => h.id === problem.id),
  'space feed': async (v) => {
    const res = await v.client.get(`/api/v1/spaces/${problem.space_id}/feed`);
    return res.status === 200 && idsOf(res.body.items).includes(post.id);
  },
  'space problems': async (v) => {
    const res = await v.client.get(`/api/v1/spaces/${problem.space_id}/problems`);
    return res.status === 200 && idsOf(res.body.items).includes(problem.id);
  },
  'PUT follow': async (v) => (await v.client.put(`/api/v1/records/${record.id}/follow`)).status === 204,
};

test('authorization matrix: roles × record routes (restricted record)', async () => {
  const table = [];
  const wrong = [];
  for (const role of kRoles) {
    const row = [role];
    for (const [name, run] of Object.entries(routes)) {
      const seen = await run(viewers[role]);
      row.push(seen ? 'Y' : '-');
      if (seen !== kSees.has(role)) wrong.push(`${role} × ${name}: ${seen ? 'sees' : 'does not see'}`);
    }
    table.push(row.join(' '));
  }
  console.log(`record matrix (${kRoles.length} roles × ${Object.keys(routes).length} routes):\n${table.join('\n')}`);
  assert.deepEqual(wrong, []);
});

test('a mention in a post on a restricted record reaches no one outside the list', async () => {
  const marker = await createPost(viewers.admin, { body: `Marker @${viewers.outsider.person.handle}` });
  await waitForNotification(viewers.outsider, (n) => n.post_id === marker.id, 'the marker');
  assert.deepEqual((await notificationsOf(viewers.outsider)).filter((n) => n.post_id === post.id), []);
});

test('lifting the list shows the record to members, not to guests it did not name', async () => {
  expectOk(await viewers.admin.client.put('/api/v1/records', { ...body, access: null }), 200);
  for (const role of ['outsider', 'otherUnit', 'adminWithoutScope']) {
    assert.equal((await viewers[role].client.get(`/api/v1/records/${record.id}`)).status, 200, role);
    assert.equal((await viewers[role].client.get(`/api/v1/problems/${problem.id}`)).status, 200, role);
  }
  assert.equal((await viewers.guest.client.get(`/api/v1/records/${record.id}`)).status, 404, 'an unnamed guest');
  // The space post stays with its space's rule: the guest member of the space sees it now.
  assert.equal((await viewers.guest.client.get(`/api/v1/posts/${post.id}`)).status, 200);
});

test('a guest the list named loses the record\'s notifications once the list is lifted', async () => {
  const guest = viewers.listedGuest;
  const own = { system: 'erp', type: 'order', external_id: unique('ord'), title: `Order ${word}`,
    fields: { amount: 1 }, access: { people: [guest.person.id], units: [] } };
  const rec = expectOk(await viewers.admin.client.put('/api/v1/records', own), 201);
  expectNoContent(await guest.client.put(`/api/v1/records/${rec.id}/follow`));
  expectOk(await viewers.admin.client.put('/api/v1/records', { ...own, fields: { amount: 2 } }), 200);
  await waitForNotification(guest, (n) => n.kind === 'record_changed' && n.subject_id === rec.id, 'the change, while listed');
  expectOk(await viewers.admin.client.put('/api/v1/records', { ...own, fields: { amount: 2 }, access: null }), 200);
  assert.equal((await guest.client.get(`/api/v1/records/${rec.id}`)).status, 404, 'a guest sees no record that does not name them');
  assert.deepEqual((await notificationsOf(guest)).filter((n) => n.subject_type === 'record' && n.subject_id === rec.id), []);
  const groups = expectOk(await guest.client.get('/api/v1/notifications/groups')).items;
  assert.ok(!groups.some((g) => g.subject_type === 'record' && g.subject_id === rec.id), JSON.stringify(groups));
});
