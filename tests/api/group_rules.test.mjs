// Group rules (docs/design/identity.md): an admin maps the identity provider's groups to units
// and spaces, sees a dry run first, and saving applies them; later SCIM group changes and single
// sign-ons (the groups claim) apply them too; an owner is never demoted; bad rules change nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createSpace } from './collab.mjs';
import { startProvider } from './oidc_provider.mjs';

const kUser = 'urn:ietf:params:scim:schemas:core:2.0:User';
const kGroup = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const kPatch = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const scimHeaders = { headers: { 'content-type': 'application/scim+json' } };

let server;
let admin;
let adminPerson;
let scim;
let provider;
let unit;
let space;

before(async () => {
  server = await startServer();
  const signed = await server.admin();
  admin = signed.client;
  adminPerson = signed;
  scim = (await server.tokenFor(admin, ['scim'])).client;
  provider = await startProvider();
  expectOk(await admin.put('/api/v1/admin/oidc', { issuer: provider.url, client_id: provider.clientId, client_secret: provider.clientSecret }));
  unit = expectOk(await admin.post('/api/v1/units', { name: unique('Finance ') }), 201);
  space = await createSpace(adminPerson, { name: unique('Finance desk '), visibility: 'private' });
});
after(async () => {
  await server?.stop();
  await provider?.stop();
});

/** A SCIM answer: its status and body (application/scim+json). */
function scimOk(res, status = 200) {
  assert.equal(res.status, status, `${res.method} ${res.path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

const provision = async (name) => scimOk(await scim.post('/scim/v2/Users',
  { schemas: [kUser], userName: `${unique('g')}@example.com`, displayName: name }, scimHeaders), 201);
const person = async (id) => expectOk(await admin.get(`/api/v1/people/${id}`));
const members = async () => (await admin.get(`/api/v1/spaces/${space.id}/members?limit=100`)).body.items.map((m) => [m.person.id, m.role]);

test('a dry run shows what rules would do and changes nothing; saving applies them; SCIM changes and sign-ins apply them later', async () => {
  const group = unique('finance-');
  const ana = await provision('Ana Finance');
  const ben = await provision('Ben Finance');
  scimOk(await scim.post('/scim/v2/Groups', { schemas: [kGroup], displayName: group, members: [{ value: ana.id }, { value: ben.id }] }, scimHeaders), 201);
  const rules = [{ group: group.toUpperCase(), unit_id: unit.id, space_id: space.id, space_role: 'member' }];

  const preview = expectOk(await admin.post('/api/v1/admin/group-rules/preview', { rules }));
  assert.equal(preview.items.length, 1);
  assert.deepEqual([preview.items[0].people, preview.items[0].unit_changes, preview.items[0].space_additions], [2, 2, 2]);
  assert.deepEqual(preview.items[0].sample.sort(), ['Ana Finance', 'Ben Finance']);
  assert.equal((await person(ana.id)).unit_id, null, 'a dry run changes nothing');
  assert.ok(!(await members()).some(([id]) => id === ana.id));

  const saved = expectOk(await admin.put('/api/v1/admin/group-rules', { rules }));
  assert.equal(saved.items[0].people, 2);
  assert.equal((await person(ana.id)).unit_id, unit.id);
  assert.ok((await members()).some(([id, role]) => id === ben.id && role === 'member'));
  const listed = expectOk(await admin.get('/api/v1/admin/group-rules')).items;
  assert.deepEqual(listed.map((r) => [r.group, r.unit_id, r.space_id, r.space_role]), [[group.toUpperCase(), unit.id, space.id, 'member']]);

  // A SCIM change adds someone: the rules apply to them at once.
  const cy = await provision('Cy Later');
  const groups = scimOk(await scim.get(`/scim/v2/Groups?filter=${encodeURIComponent(`displayName eq "${group}"`)}`, scimHeaders)).Resources;
  scimOk(await scim.patch(`/scim/v2/Groups/${groups[0].id}`, { schemas: [kPatch], Operations: [{ op: 'add', path: 'members', value: [{ value: cy.id }] }] }, scimHeaders));
  assert.equal((await person(cy.id)).unit_id, unit.id);

  // A single sign-on whose groups claim names the group.
  provider.user = { sub: unique('sub-'), email: `${unique('sso')}@example.com`, name: 'Dee Sso', groups: [group] };
  const started = await fetch(server.url('/api/v1/auth/oidc/start'), { redirect: 'manual' });
  const state = started.headers.getSetCookie().find((c) => c.startsWith('weft_oidc_state=')).split(';')[0];
  const atProvider = await fetch(started.headers.get('location'), { redirect: 'manual' });
  const back = await fetch(atProvider.headers.get('location'), { redirect: 'manual', headers: { cookie: state } });
  const cookie = back.headers.getSetCookie().find((c) => c.startsWith('weft_session=')).split(';')[0];
  const dee = await (await fetch(server.url('/api/v1/me'), { headers: { cookie } })).json();
  assert.equal(dee.unit_id, unit.id);
  assert.ok((await members()).some(([id]) => id === dee.id));

  // The space's owner in the group stays its owner.
  scimOk(await scim.patch(`/scim/v2/Groups/${groups[0].id}`, { schemas: [kPatch], Operations: [{ op: 'add', path: 'members', value: [{ value: adminPerson.person.id }] }] }, scimHeaders));
  assert.ok((await members()).some(([id, role]) => id === adminPerson.person.id && role === 'owner'));
});

test('bad rules are refused and change nothing; only admins', async () => {
  const before = expectOk(await admin.get('/api/v1/admin/group-rules')).items;
  for (const rules of [[{ group: '' , unit_id: unit.id }], [{ group: 'x' }], [{ group: 'x', unit_id: '999999' }],
    [{ group: 'x', space_id: '999999' }], [{ group: 'x', space_id: space.id, space_role: 'owner' }], 'nope', [{ unit_id: unit.id }]]) {
    expectError(await admin.put('/api/v1/admin/group-rules', { rules }), 400, 'invalid_argument', 'rules');
    expectError(await admin.post('/api/v1/admin/group-rules/preview', { rules }), 400, 'invalid_argument', 'rules');
  }
  // Spaces the admin may not add people to: another's private space, a secret one. The answer
  // is the one for a space that does not exist.
  const owner = await server.signedInPerson({ name: 'Olga Owner' });
  const theirs = await createSpace(owner, { name: unique('Their desk '), visibility: 'private' });
  const hidden = await createSpace(owner, { name: unique('Hidden desk '), visibility: 'secret' });
  for (const target of [theirs, hidden, { id: '999999' }]) {
    const res = await admin.post('/api/v1/admin/group-rules/preview', { rules: [{ group: 'x', space_id: target.id, space_role: 'member' }] });
    expectError(res, 400, 'invalid_argument', 'rules');
    assert.equal(res.body.error.message, `Rule 1: no public space or space of yours has the id ${target.id}.`);
  }
  assert.deepEqual(expectOk(await admin.get('/api/v1/admin/group-rules')).items, before);
  const someone = await server.createPerson({ name: 'Nils Nonadmin' });
  const signed = await server.signIn(someone.email, someone.password);
  expectError(await signed.client.get('/api/v1/admin/group-rules'), 403, 'permission_denied');
  expectError(await signed.client.put('/api/v1/admin/group-rules', { rules: [] }), 403, 'permission_denied');
});

test('a guest account that a rule adds to a space joins as a guest', async () => {
  const group = unique('partners-');
  const gus = await provision('Gus Partner');
  expectOk(await admin.patch(`/api/v1/people/${gus.id}`, { role: 'guest' }));
  scimOk(await scim.post('/scim/v2/Groups', { schemas: [kGroup], displayName: group, members: [{ value: gus.id }] }, scimHeaders), 201);
  const kept = expectOk(await admin.get('/api/v1/admin/group-rules')).items.map(({ id, ...rule }) => rule);
  expectOk(await admin.put('/api/v1/admin/group-rules', { rules: [...kept, { group, space_id: space.id, space_role: 'member' }] }));
  assert.deepEqual((await members()).filter(([id]) => id === gus.id), [[gus.id, 'guest']]);
});
