// Records from other systems (docs/design/work-context.md): upsert by (system, type, external_id)
// with 201 then 200, tracked changes of fields, title and url (quiet ones flagged), every 400 of the
// input rules, guests and access-list rights, posts and problems on records (replies stay on the
// record), follows, the people who might help, list filters, and the allow-list of types.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, createUnit, eventually, idsOf, member, notificationsOf, reply, waitForNotification } from './social.mjs';
import { addMember, addSolution, createSpace } from './collab.mjs';

let server;
let admin;
let alice;     // a member of unit Sales
let bob;       // another member of Sales
let carol;     // a member elsewhere
let guest;
let sales;
let space;

const key = () => unique('x').replace(/[^a-z0-9]/g, '');
function newRecord(fields = {}) {
  return {
    system: 'crm', type: 'opportunity', external_id: `opp-${key()}`, title: 'Acme renewal',
    url: 'https://crm.example.org/opp/1', fields: { amount: 120, currency: 'EUR', stage: 'proposal' }, ...fields,
  };
}
async function put(person, body, status) {
  return expectOk(await person.client.put('/api/v1/records', body), status);
}

before(async () => {
  server = await startServer();
  admin = await server.admin();
  sales = await createUnit(server, unique('Sales '));
  alice = await member(server, { name: 'Alice Seller', unit_id: sales.id });
  bob = await member(server, { name: 'Bob Seller', unit_id: sales.id });
  carol = await member(server, { name: 'Carol Other' });
  guest = await member(server, { name: 'Gia Guest', role: 'guest' });
  space = await createSpace(alice, { name: unique('Deals '), visibility: 'public', kind: 'problem' });
  await addMember(alice, space, carol);
});

after(async () => {
  await server?.stop();
});

test('PUT creates a record (201), the same PUT again answers 200 and records nothing new', async () => {
  const body = newRecord();
  const created = await put(alice, body, 201);
  assert.equal(created.system, 'crm');
  assert.equal(created.type, 'opportunity');
  assert.equal(created.external_id, body.external_id);
  assert.equal(created.title, 'Acme renewal');
  assert.equal(created.url, 'https://crm.example.org/opp/1');
  assert.deepEqual(created.fields, { amount: 120, currency: 'EUR', stage: 'proposal' });
  assert.equal(created.restricted, false);
  assert.equal(created.follower_count, 0);
  const again = await put(alice, body, 200);
  assert.equal(again.id, created.id);
  const detail = expectOk(await carol.client.get(`/api/v1/records/${created.id}`));
  assert.deepEqual(detail.changes, [], 'an upsert that changes nothing tracks nothing');
  assert.equal(detail.suggestions_basis, 'followers_and_owner_unit');
  assert.deepEqual(detail.conversation.items, []);
});

test('an upsert tracks each changed field, the title and the url; quiet changes are flagged', async () => {
  const body = newRecord();
  const created = await put(alice, body, 201);
  await put(alice, { ...body, title: 'Acme renewal 2027', fields: { amount: 145, currency: 'EUR', owner: 'Bo' } }, 200);
  const changes = expectOk(await bob.client.get(`/api/v1/records/${created.id}/changes`)).items;
  const byField = Object.fromEntries(changes.map((c) => [c.field, c]));
  assert.deepEqual(Object.keys(byField).sort(), ['amount', 'owner', 'stage', 'title']);
  assert.equal(byField.amount.what, 'field');
  assert.equal(byField.amount.old, 120);
  assert.equal(byField.amount.new, 145);
  assert.equal(byField.stage.old, 'proposal');
  assert.equal(byField.stage.new, null, 'a field that is gone');
  assert.equal(byField.owner.old, null, 'a new field');
  assert.equal(byField.title.what, 'title');
  assert.equal(byField.title.new, 'Acme renewal 2027');
  assert.ok(changes.every((c) => c.quiet === false));
  // Absent fields keep the record's fields; a quiet upsert is recorded, flagged.
  await put(alice, { ...body, title: 'Acme renewal 2027', url: null, quiet: true, fields: undefined }, 200);
  const record = expectOk(await bob.client.get(`/api/v1/records/${created.id}`));
  assert.deepEqual(record.fields, { amount: 145, currency: 'EUR', owner: 'Bo' });
  assert.equal(record.url, null);
  assert.equal(record.changes[0].what, 'url');
  assert.equal(record.changes[0].quiet, true);
  assert.equal(record.changes[0].old, 'https://crm.example.org/opp/1');
});

test('bad records are refused with 400 naming the field, and nothing is stored', async () => {
  const cases = [
    [{ fields: [1, 2] }, 'fields'],
    [{ fields: 'amount=1' }, 'fields'],
    [{ fields: Object.fromEntries(Array.from({ length: 101 }, (_, k) => [`f${k}`, k])) }, 'fields'],
    [{ fields: { nested: { a: 1 } } }, 'fields'],
    [{ fields: { list: [1] } }, 'fields'],
    [{ fields: { long: 'x'.repeat(4001) } }, 'fields'],
    [{ fields: Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`f${k}`, 'é'.repeat(2000)])) }, 'fields'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ url: 'ftp://files.example.org/x' }, 'url'],
    [{ url: 'https://user:pw@crm.example.org/' }, 'url'],
    [{ system: 'CRM' }, 'system'],
    [{ system: '' }, 'system'],
    [{ type: 'a'.repeat(61) }, 'type'],
    [{ type: '-lead' }, 'type'],
    [{ external_id: '' }, 'external_id'],
    [{ external_id: 'x'.repeat(201) }, 'external_id'],
    [{ title: '' }, 'title'],
    [{ title: undefined }, 'title'],
    [{ access: { people: ['999999999'] } }, 'access'],
    [{ access: { units: ['999999999'] } }, 'access'],
    [{ access: { people: 'all' } }, 'access'],
    [{ access: [1] }, 'access'],
    [{ owner_id: '999999999' }, 'owner_id'],
    [{ space_id: '999999999' }, 'space_id'],
    [{ quiet: 'yes' }, 'quiet'],
  ];
  for (const [change, field] of cases) {
    const body = newRecord(change);
    const res = await alice.client.put('/api/v1/records', body);
    expectError(res, 400, 'invalid_argument', field);
    if (body.external_id && body.external_id.length <= 200) {
      const list = expectOk(await admin.client.get(`/api/v1/records?external_id=${encodeURIComponent(body.external_id)}`));
      assert.deepEqual(list.items, [], `nothing stored for ${JSON.stringify(change).slice(0, 80)}`);
    }
  }
  // A member who makes a restricted record must stay on its list.
  expectError(await alice.client.put('/api/v1/records', newRecord({ access: { people: [carol.person.id] } })),
    400, 'invalid_argument', 'access');
});

test('guests cannot create records; signed-out callers get 401; unknown records 404', async () => {
  expectError(await guest.client.put('/api/v1/records', newRecord()), 403, 'permission_denied');
  const anonymous = server.anonymous();
  expectError(await anonymous.put('/api/v1/records', newRecord()), 401);
  expectError(await anonymous.get('/api/v1/records'), 401);
  expectError(await alice.client.get('/api/v1/records/999999999'), 404, 'not_found');
  expectError(await alice.client.put('/api/v1/records/999999999/follow'), 404, 'not_found');
  expectError(await alice.client.get('/api/v1/records/999999999/changes'), 404, 'not_found');
  expectError(await alice.client.post('/api/v1/posts', { body: 'On nothing', audience: 'public', record_id: '999999999' }),
    404, 'not_found');
});

test('posts and problems on a record: its conversation, replies stay on it, problems are listed', async () => {
  const record = await put(alice, newRecord(), 201);
  const post = await createPost(bob, { body: 'Who knows Acme procurement?', record_id: record.id });
  assert.equal(post.record_id, record.id);
  const answer = await reply(carol, post.id, 'I do');
  assert.equal(answer.record_id, record.id, 'a reply stays on the record');
  const posts = expectOk(await alice.client.get(`/api/v1/records/${record.id}/posts`)).items;
  assert.deepEqual(idsOf(posts), [post.id], 'root posts only');
  const problem = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'Acme wants a discount', body: 'Ten percent?', record_id: record.id }), 201);
  assert.equal(problem.record_id, record.id);
  const detail = expectOk(await carol.client.get(`/api/v1/records/${record.id}`));
  assert.deepEqual(idsOf(detail.conversation.items), [post.id]);
  assert.deepEqual(detail.problems.map((p) => [p.id, p.status, p.space_id]), [[problem.id, 'open', space.id]]);
  expectError(await alice.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'On nothing', record_id: '999999999' }), 404, 'not_found');
});

test('following is idempotent and counted; followed=true lists what I follow; list filters', async () => {
  const system = `erp${key()}`;
  const a = await put(alice, newRecord({ system, type: 'invoice' }), 201);
  const b = await put(alice, newRecord({ system, type: 'order' }), 201);
  expectNoContent(await carol.client.put(`/api/v1/records/${a.id}/follow`));
  expectNoContent(await carol.client.put(`/api/v1/records/${a.id}/follow`));
  let detail = expectOk(await carol.client.get(`/api/v1/records/${a.id}`));
  assert.equal(detail.follower_count, 1);
  assert.equal(detail.following, true);
  assert.deepEqual(idsOf(expectOk(await carol.client.get('/api/v1/records?followed=true')).items), [a.id]);
  assert.deepEqual(idsOf(expectOk(await carol.client.get(`/api/v1/records?system=${system}`)).items), [b.id, a.id]);
  assert.deepEqual(idsOf(expectOk(await carol.client.get(`/api/v1/records?system=${system}&type=order`)).items), [b.id]);
  const page = expectOk(await carol.client.get(`/api/v1/records?system=${system}&limit=1`));
  assert.deepEqual(idsOf(page.items), [b.id]);
  const next = expectOk(await carol.client.get(`/api/v1/records?system=${system}&limit=1&cursor=${page.next_cursor}`));
  assert.deepEqual(idsOf(next.items), [a.id]);
  expectError(await carol.client.get('/api/v1/records?followed=maybe'), 400, 'invalid_argument', 'followed');
  expectError(await carol.client.get('/api/v1/records?system=Bad!'), 400, 'invalid_argument', 'system');
  expectNoContent(await carol.client.delete(`/api/v1/records/${a.id}/follow`));
  expectNoContent(await carol.client.delete(`/api/v1/records/${a.id}/follow`));
  detail = expectOk(await carol.client.get(`/api/v1/records/${a.id}`));
  assert.equal(detail.follower_count, 0);
  assert.equal(detail.following, false);
});

test('the people who might help: followers, then the owner\'s unit; never the asker', async () => {
  // A record about something nobody has worked on: the expertise engine names no one.
  const record = await put(alice, newRecord({ owner_id: alice.person.id, title: `Zyx ${key()}`, fields: {} }), 201);
  assert.equal(record.owner.id, alice.person.id);
  expectNoContent(await carol.client.put(`/api/v1/records/${record.id}/follow`));
  const seen = expectOk(await bob.client.get(`/api/v1/records/${record.id}`));
  const reasons = Object.fromEntries(seen.suggested_experts.map((s) => [s.person.id, s.reasons[0].kind]));
  assert.equal(reasons[carol.person.id], 'follows_record');
  assert.equal(reasons[alice.person.id], 'owner_unit');
  assert.equal(reasons[bob.person.id], undefined, 'never the asker');
  assert.equal(seen.suggested_experts[0].person.id, carol.person.id, 'followers first');
  assert.equal(seen.suggestions_basis, 'followers_and_owner_unit');
});

test('an access list hides the record, its posts and problems from everyone else (404), admins see it', async () => {
  const body = newRecord({ access: { people: [alice.person.id] } });
  const record = await put(alice, body, 201);
  assert.equal(record.restricted, true);
  const post = await createPost(alice, { body: 'Confidential pricing', record_id: record.id });
  const problem = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'Confidential problem', record_id: record.id }), 201);
  const solution = await addSolution(alice, problem);
  for (const outsider of [bob, carol]) {
    expectError(await outsider.client.get(`/api/v1/records/${record.id}`), 404, 'not_found');
    expectError(await outsider.client.get(`/api/v1/records/${record.id}/posts`), 404, 'not_found');
    expectError(await outsider.client.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
    expectError(await outsider.client.get(`/api/v1/problems/${problem.id}`), 404, 'not_found');
    expectError(await outsider.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Me too' }), 404, 'not_found');
    expectError(await outsider.client.put(`/api/v1/records/${record.id}/follow`), 404, 'not_found');
    expectError(await outsider.client.post('/api/v1/posts', { body: 'x', audience: 'public', record_id: record.id }),
      404, 'not_found');
    const list = expectOk(await outsider.client.get(`/api/v1/records?external_id=${body.external_id}`));
    assert.deepEqual(list.items, []);
    const feed = expectOk(await outsider.client.get(`/api/v1/people/${alice.person.id}/posts`));
    assert.ok(!idsOf(feed.items).includes(post.id), 'not in the author\'s posts');
    const problems = expectOk(await outsider.client.get(`/api/v1/spaces/${space.id}/problems`));
    assert.ok(!idsOf(problems.items).includes(problem.id), 'not in the space\'s problems');
    // Upserting the same key cannot reveal or change it.
    expectError(await outsider.client.put('/api/v1/records', { ...body, access: undefined }), 404, 'not_found');
  }
  // A member on the list cannot change the list; an admin can and sees it.
  expectError(await alice.client.put('/api/v1/records', { ...body, access: { people: [alice.person.id, bob.person.id] } }),
    403, 'permission_denied');
  const asAdmin = expectOk(await admin.client.get(`/api/v1/records/${record.id}`));
  assert.deepEqual(asAdmin.access, { people: [alice.person.id], units: [] });
  const seenByAlice = expectOk(await alice.client.get(`/api/v1/records/${record.id}`));
  assert.equal(seenByAlice.access, null, 'only admins see the list');
  // Listing the unit lets Bob in; lifting the list lets Carol in.
  await put(admin, { ...body, access: { units: [sales.id] } }, 200);
  expectOk(await bob.client.get(`/api/v1/records/${record.id}`));
  expectOk(await bob.client.get(`/api/v1/posts/${post.id}`));
  expectError(await carol.client.get(`/api/v1/records/${record.id}`), 404, 'not_found');
  await put(admin, { ...body, access: null }, 200);
  const lifted = expectOk(await carol.client.get(`/api/v1/records/${record.id}`));
  assert.equal(lifted.restricted, false);
  expectOk(await carol.client.get(`/api/v1/problems/${problem.id}`));
  const changes = expectOk(await admin.client.get(`/api/v1/records/${record.id}/changes`)).items;
  assert.deepEqual(changes, [], 'access changes are not field changes');
});

test('admins choose which systems and types are accepted; an empty list accepts all', async () => {
  const system = `desk${key()}`;
  expectError(await alice.client.get('/api/v1/record-types'), 403);
  expectNoContent(await admin.client.put(`/api/v1/record-types/${system}/ticket`));
  try {
    assert.deepEqual(expectOk(await admin.client.get('/api/v1/record-types')).items.map((t) => [t.system, t.type]),
      [[system, 'ticket']]);
    await put(alice, newRecord({ system, type: 'ticket' }), 201);
    expectError(await alice.client.put('/api/v1/records', newRecord({ system, type: 'task' })), 400, 'invalid_argument', 'type');
    expectError(await alice.client.put('/api/v1/records', newRecord({ system: 'other' })), 400, 'invalid_argument', 'system');
    expectError(await admin.client.put('/api/v1/record-types/Bad/ticket'), 400, 'invalid_argument', 'system');
  } finally {
    expectNoContent(await admin.client.delete(`/api/v1/record-types/${system}/ticket`));
  }
  await put(alice, newRecord({ system: 'other' }), 201);
});

test('search finds records by title, key and field values, only where the caller may see them', async () => {
  const word = `zq${key()}`;
  const open = await put(alice, newRecord({ title: `Renewal ${word}`, fields: { buyer: 'Ingrid Quarles' } }), 201);
  const hidden = await put(alice, newRecord({ title: `Secret ${word}`, access: { units: [sales.id] } }), 201);
  const hits = async (person, q, type = 'record') => {
    const suffix = type ? `&type=${type}` : '';
    const res = expectOk(await person.client.get(`/api/v1/search?q=${encodeURIComponent(q)}${suffix}`));
    return res.items.filter((h) => h.type === 'record').map((h) => h.id).sort();
  };
  assert.deepEqual(await hits(bob, word), [open.id, hidden.id].sort(), 'a unit member finds both');
  assert.deepEqual(await hits(carol, word), [open.id], 'an outsider finds only the open one');
  assert.deepEqual(await hits(carol, word, ''), [open.id], 'mixed search too');
  assert.deepEqual(await hits(carol, 'Quarles'), [open.id], 'by a field value');
  assert.deepEqual(await hits(carol, open.external_id), [open.id], 'by the external id');
  const hit = expectOk(await carol.client.get(`/api/v1/search?q=${word}&type=record`)).items[0];
  assert.equal(hit.title, `Renewal ${word}`);
  // Narrowing the list hides it at once; a change of title is found.
  await put(admin, { ...newRecord(), system: open.system, type: open.type, external_id: open.external_id,
    title: `Renamed ${word}`, access: { people: [bob.person.id] } }, 200);
  assert.deepEqual(await hits(carol, word), []);
  assert.deepEqual(await hits(bob, 'Renamed'), [open.id]);
  assert.deepEqual(await hits(guest, word), [], 'guests see no record that does not name them');
});

test('followers hear of new posts and changes on a record; quiet changes and arrivals notify no one', async () => {
  const body = newRecord();
  const record = await put(alice, body, 201);
  expectNoContent(await carol.client.put(`/api/v1/records/${record.id}/follow`));
  const post = await createPost(bob, { body: 'Acme asks for a call', record_id: record.id });
  await waitForNotification(carol, (n) => n.kind === 'record_post' && n.post_id === post.id && n.record_id === record.id,
    'record_post');
  await put(bob, { ...body, fields: { ...body.fields, amount: 999 } }, 200);
  const changed = await waitForNotification(carol,
    (n) => n.kind === 'record_changed' && n.subject_type === 'record' && n.subject_id === record.id, 'record_changed');
  assert.equal(changed.find((n) => n.kind === 'record_changed').actor.id, bob.person.id);
  // A quiet change is tracked but notifies no one; a marker post after it shows the notifier is past it.
  await put(bob, { ...body, fields: { ...body.fields, amount: 1000 }, quiet: true }, 200);
  const marker = await createPost(bob, { body: 'marker', record_id: record.id });
  const items = await waitForNotification(carol, (n) => n.post_id === marker.id, 'the marker');
  assert.equal(items.filter((n) => n.kind === 'record_changed').length, 1, 'the quiet change notified no one');
  // Narrowing the list hides the record's notifications from Carol at once.
  await put(admin, { ...body, access: { people: [bob.person.id] } }, 200);
  const after = await notificationsOf(carol);
  assert.deepEqual(after.filter((n) => n.record_id === record.id), []);
  const count = expectOk(await carol.client.get('/api/v1/notifications/unread_count'));
  assert.equal(typeof count.count, 'number');
  // The author of a post on a restricted record hears of replies; an outsider mentioned hears nothing.
  const secret = await createPost(bob, { body: `Ask @${carol.person.handle}`, record_id: record.id });
  await reply(admin, secret.id, 'Noted');
  await waitForNotification(bob, (n) => n.kind === 'reply' && n.record_id === record.id, 'a reply on the record');
  const marker2 = await createPost(alice, { body: `marker @${carol.person.handle}` });
  await waitForNotification(carol, (n) => n.post_id === marker2.id, 'the second marker');
  assert.deepEqual((await notificationsOf(carol)).filter((n) => n.post_id === secret.id), []);
});
