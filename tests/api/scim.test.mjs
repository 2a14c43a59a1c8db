// Identity provisioning, SCIM 2.0 (API.md "Identity provisioning"; docs/design/identity.md): an
// admin's scim token serves /scim/v2 and nothing else; the identity provider creates, finds,
// changes, deactivates and deletes people and keeps groups, with the requests Okta and Entra ID
// send; deactivation ends sessions and tokens at once; a deleted person's content stays; bad
// bodies, unknown schemas and filters are refused in SCIM's error shape, and nothing changes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { createPost, member } from './social.mjs';

const kUser = 'urn:ietf:params:scim:schemas:core:2.0:User';
const kEnterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const kGroup = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const kPatch = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const kError = 'urn:ietf:params:scim:api:messages:2.0:Error';

let server;
let admin;
let scim; // a client with the scim token
const scimHeaders = { headers: { 'content-type': 'application/scim+json' } };

before(async () => {
  server = await startServer();
  admin = (await server.admin()).client;
  scim = (await server.tokenFor(admin, ['scim'])).client;
});
after(async () => {
  await server?.stop();
});

const okta = (email, fields = {}) => ({
  schemas: [kUser], userName: email, name: { givenName: 'Ana', familyName: 'Okta' }, active: true,
  emails: [{ primary: true, value: email, type: 'work' }], displayName: 'Ana Okta', externalId: unique('00u'), ...fields,
});
const post = (path, body) => scim.post(path, body, scimHeaders);
const patch = (path, body) => scim.patch(path, body, scimHeaders);
const put = (path, body) => scim.put(path, body, scimHeaders);
const ops = (...operations) => ({ schemas: [kPatch], Operations: operations });

/** A SCIM success: the status, application/scim+json, the body. */
function expectOk(res, status = 200) {
  assert.equal(res.status, status, `${res.method} ${res.path}: ${res.status} ${res.text.slice(0, 300)}`);
  if (res.path.startsWith('/scim/')) assert.match(res.headers.get('content-type'), /^application\/scim\+json/);
  return res.body;
}

function expectScimError(res, status, scimType) {
  assert.equal(res.status, status, `${res.method} ${res.path}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type'), /^application\/scim\+json/);
  assert.deepEqual(res.body.schemas, [kError]);
  assert.equal(res.body.status, String(status));
  assert.equal(typeof res.body.detail, 'string');
  assert.equal(typeof res.body.error.code, 'string', 'Weft\'s error object is there too');
  if (scimType) assert.equal(res.body.scimType, scimType);
}

async function count(filter) {
  return expectOk(await scim.get(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`)).totalResults;
}

test('a scim token is an admin\'s, serves /scim/v2 only, and only it reaches /scim/v2', async () => {
  const someone = await member(server);
  const refused = await someone.client.post('/api/v1/tokens', { name: 'mine', scopes: ['scim'] });
  assert.equal(refused.status, 403);
  const mixed = await admin.post('/api/v1/tokens', { name: 'mixed', scopes: ['scim', 'read'] });
  assert.equal(mixed.status, 400);
  assert.equal((await scim.get('/api/v1/me')).status, 403, 'a scim token reads nothing else');
  assert.equal((await scim.post('/api/v1/posts', { audience: 'public', body: 'hi' })).status, 403);
  expectScimError(await admin.get('/scim/v2/Users'), 403);
  const readToken = (await server.tokenFor(admin, ['read', 'admin'])).client;
  expectScimError(await readToken.get('/scim/v2/Users'), 403);
  expectScimError(await server.anonymous().get('/scim/v2/Users'), 401);
  expectScimError(await server.bearer('weft_' + '0'.repeat(64)).get('/scim/v2/Users'), 401);
  const config = expectOk(await scim.get('/scim/v2/ServiceProviderConfig'));
  assert.equal(config.patch.supported, true);
  assert.equal(config.filter.supported, true);
  const types = expectOk(await scim.get('/scim/v2/ResourceTypes'));
  assert.deepEqual(types.Resources.map((t) => t.endpoint), ['/Users', '/Groups']);
});

test('Okta creates a person: 201 with Location, the person is in Weft with name, title and unit; found by filter', async () => {
  const email = `${unique('ana')}@example.com`;
  const res = await post('/scim/v2/Users', okta(email, { title: 'Buyer', [kEnterprise]: { department: 'Procurement' },
    schemas: [kUser, kEnterprise], phoneNumbers: [{ value: '+1 555 0100', type: 'work' }] }));
  const user = expectOk(res, 201);
  assert.match(res.headers.get('content-type'), /^application\/scim\+json/);
  assert.equal(res.headers.get('location'), server.url(`/scim/v2/Users/${user.id}`));
  assert.deepEqual(user.schemas, [kUser, kEnterprise]);
  assert.equal(user.userName, email);
  assert.equal(user.displayName, 'Ana Okta');
  assert.equal(user.title, 'Buyer');
  assert.equal(user.active, true);
  assert.equal(user[kEnterprise].department, 'Procurement');
  assert.equal(user.meta.resourceType, 'User');
  assert.equal(user.meta.location, server.url(`/scim/v2/Users/${user.id}`));
  const person = expectOk(await admin.get(`/api/v1/people/${user.id}`));
  assert.equal(person.name, 'Ana Okta');
  assert.equal(person.title, 'Buyer');
  const units = expectOk(await admin.get('/api/v1/units')).items;
  assert.equal(units.find((u) => u.id === person.unit_id)?.name, 'Procurement');
  // A second person of the same department joins the same unit.
  const second = expectOk(await post('/scim/v2/Users', okta(`${unique('ben')}@example.com`,
    { [kEnterprise]: { department: 'procurement' }, schemas: [kUser, kEnterprise] })), 201);
  assert.equal(expectOk(await admin.get(`/api/v1/people/${second.id}`)).unit_id, person.unit_id);

  assert.equal(await count(`userName eq "${email.toUpperCase()}"`), 1, 'userName compares without case');
  assert.equal(await count(`externalId eq "${user.externalId}"`), 1);
  assert.equal(await count(`userName eq "${email}" and active eq true`), 1);
  assert.equal(await count(`userName eq "nobody-${unique('x')}@example.com"`), 0);
  assert.equal(await count(`emails[type eq "work"].value eq "${email}"`), 1);
  assert.equal(await count(`(userName sw "${email.slice(0, 6)}" or displayName co "zzzz") and not (title eq "nobody")`), 1);
  const found = expectOk(await scim.get(`/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`));
  assert.deepEqual(found.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  assert.equal(found.Resources[0].id, user.id);
  assert.equal(found.itemsPerPage, 1);
  assert.equal(found.startIndex, 1);
  const page = expectOk(await scim.get('/scim/v2/Users?startIndex=2&count=1'));
  assert.equal(page.Resources.length, 1);
  assert.equal(page.startIndex, 2);
  assert.ok(page.totalResults >= 3);
  assert.equal(expectOk(await scim.get('/scim/v2/Users?count=0')).Resources.length, 0);
});

test('refused: a taken userName or externalId, unknown schemas, bad values and filters; nothing is created', async () => {
  const email = `${unique('dup')}@example.com`;
  const first = expectOk(await post('/scim/v2/Users', okta(email)), 201);
  const before = expectOk(await scim.get('/scim/v2/Users?count=0')).totalResults;
  expectScimError(await post('/scim/v2/Users', okta(email)), 409, 'uniqueness');
  expectScimError(await post('/scim/v2/Users', okta(`${unique('o')}@example.com`, { externalId: first.externalId })), 409, 'uniqueness');
  expectScimError(await post('/scim/v2/Users', okta(`${unique('s')}@example.com`, { schemas: [kUser, 'urn:example:custom'] })), 400, 'invalidValue');
  expectScimError(await post('/scim/v2/Users', okta(`${unique('s')}@example.com`, { schemas: [kGroup] })), 400, 'invalidValue');
  expectScimError(await post('/scim/v2/Users', { schemas: [kUser] }), 400, 'invalidValue');
  expectScimError(await post('/scim/v2/Users', okta('not-an-address')), 400, 'invalidValue');
  expectScimError(await post('/scim/v2/Users', okta(`${unique('a')}@example.com`, { active: 'maybe' })), 400, 'invalidValue');
  expectScimError(await post('/scim/v2/Users', okta(`${unique('n')}@example.com`, { displayName: 'x'.repeat(201) })), 400);
  expectScimError(await scim.post('/scim/v2/Users', '{"schemas": [', { raw: true, ...scimHeaders }), 400);
  expectScimError(await scim.post('/scim/v2/Users', okta(`${unique('t')}@example.com`), { headers: { 'content-type': 'text/plain' } }), 415);
  for (const filter of ['userName eq', 'userName xx "a"', 'password eq "x"', '(userName eq "a"', 'userName eq "open', 'name.givenName eq "Ana"']) {
    expectScimError(await scim.get(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
  }
  expectScimError(await scim.get('/scim/v2/Users?startIndex=abc'), 400);
  expectScimError(await scim.get('/scim/v2/Users/999999999'), 404);
  assert.equal(expectOk(await scim.get('/scim/v2/Users?count=0')).totalResults, before, 'nothing was created');
});

test('Entra ID deactivates with PATCH "Replace" active "False": sessions and tokens end at once, content stays; reactivation', async () => {
  const person = await member(server, { name: 'Dana Deactivated' });
  const token = (await server.tokenFor(person.client, ['read'])).client;
  const post = await createPost(person, { body: `Still here ${unique('w')}` });
  const [user] = expectOk(await scim.get(`/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${person.email}"`)}`)).Resources;
  assert.equal(user.id, person.person.id);
  const res = await patch(`/scim/v2/Users/${user.id}`, ops({ op: 'Replace', path: 'active', value: 'False' }));
  assert.equal(expectOk(res).active, false);
  assert.equal((await person.client.get('/api/v1/me')).status, 401, 'the session ended');
  assert.equal((await token.get('/api/v1/me')).status, 401, 'the token ended');
  const seen = expectOk(await admin.get(`/api/v1/posts/${post.id}`));
  assert.equal(seen.author.id, person.person.id, 'what they wrote stays, attributed');
  assert.equal(await count(`userName eq "${person.email}" and active eq false`), 1);
  // Okta's path-less replace brings them back and renames them.
  const back = expectOk(await patch(`/scim/v2/Users/${user.id}`, ops({ op: 'replace', value: { active: true, displayName: 'Dana Back', title: 'Lead' } })));
  assert.deepEqual([back.active, back.displayName, back.title], [true, 'Dana Back', 'Lead']);
  assert.equal(expectOk(await admin.get(`/api/v1/people/${user.id}`)).name, 'Dana Back');
  // Paths Entra ID sends; an attribute Weft does not keep is accepted and not kept.
  const entra = expectOk(await patch(`/scim/v2/Users/${user.id}`, ops(
    { op: 'Add', path: `${kEnterprise}:department`, value: 'Finance' },
    { op: 'Replace', path: 'name.formatted', value: 'ignored when displayName is set' },
    { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0101' },
    { op: 'Remove', path: 'title' })));
  assert.equal(entra[kEnterprise].department, 'Finance');
  assert.equal(entra.title, '');
  for (const bad of [ops({ op: 'jump', path: 'active', value: true }), ops({ op: 'replace', path: 'active', value: 'perhaps' }),
    ops({ op: 'remove', path: 'userName' }), ops({ op: 'remove' }), { schemas: [kUser], Operations: [] }, ops()]) {
    expectScimError(await patch(`/scim/v2/Users/${user.id}`, bad), 400);
  }
  assert.equal(expectOk(await scim.get(`/scim/v2/Users/${user.id}`)).displayName, 'Dana Back', 'a refused patch changed nothing');
  // The scim token's own admin is not deactivated by it.
  const me = expectOk(await admin.get('/api/v1/me'));
  expectScimError(await patch(`/scim/v2/Users/${me.id}`, ops({ op: 'replace', path: 'active', value: false })), 400);
});

test('PUT replaces a person; DELETE deprovisions: 404 from then on in SCIM, content kept; the same userName comes back as the same person', async () => {
  const email = `${unique('eve')}@example.com`;
  const user = expectOk(await post('/scim/v2/Users', okta(email)), 201);
  const replaced = expectOk(await put(`/scim/v2/Users/${user.id}`, { schemas: [kUser], userName: email, displayName: 'Eve Put', title: 'Analyst', active: true }));
  assert.deepEqual([replaced.displayName, replaced.title, replaced.externalId], ['Eve Put', 'Analyst', undefined]);
  expectScimError(await put('/scim/v2/Users/999999999', { schemas: [kUser], userName: email }), 404);
  const gone = await scim.delete(`/scim/v2/Users/${user.id}`);
  assert.equal(gone.status, 204);
  expectScimError(await scim.get(`/scim/v2/Users/${user.id}`), 404);
  expectScimError(await scim.delete(`/scim/v2/Users/${user.id}`), 404);
  assert.equal(await count(`userName eq "${email}"`), 0);
  const person = expectOk(await admin.get(`/api/v1/people/${user.id}`));
  assert.equal(person.active, false, 'the person stays, deactivated');
  const again = expectOk(await post('/scim/v2/Users', okta(email, { displayName: 'Eve Again' })), 201);
  assert.equal(again.id, user.id);
  assert.equal(again.active, true);
});

test('groups: create with members, list and filter, PATCH members the ways Okta and Entra ID do, delete; unknown members refused', async () => {
  const a = expectOk(await post('/scim/v2/Users', okta(`${unique('ga')}@example.com`)), 201);
  const b = expectOk(await post('/scim/v2/Users', okta(`${unique('gb')}@example.com`)), 201);
  const name = unique('Logistics ');
  const res = await post('/scim/v2/Groups', { schemas: [kGroup], displayName: name, members: [{ value: a.id }] });
  const group = expectOk(res, 201);
  assert.equal(res.headers.get('location'), server.url(`/scim/v2/Groups/${group.id}`));
  assert.deepEqual(group.members.map((m) => m.value), [a.id]);
  assert.equal(group.members[0].display, 'Ana Okta');
  expectScimError(await post('/scim/v2/Groups', { schemas: [kGroup], displayName: name }), 409, 'uniqueness');
  expectScimError(await post('/scim/v2/Groups', { schemas: [kGroup], displayName: unique('G '), members: [{ value: '999999999' }] }), 400);
  expectScimError(await post('/scim/v2/Groups', { schemas: [kGroup] }), 400);

  const added = expectOk(await patch(`/scim/v2/Groups/${group.id}`, ops({ op: 'add', path: 'members', value: [{ value: b.id }] })));
  assert.deepEqual(added.members.map((m) => m.value).sort(), [a.id, b.id].sort());
  const removed = expectOk(await patch(`/scim/v2/Groups/${group.id}`, ops({ op: 'Remove', path: `members[value eq "${a.id}"]` })));
  assert.deepEqual(removed.members.map((m) => m.value), [b.id]);
  const renamed = expectOk(await patch(`/scim/v2/Groups/${group.id}`, ops({ op: 'replace', value: { displayName: `${name} EU` } })));
  assert.equal(renamed.displayName, `${name} EU`);
  const filtered = expectOk(await scim.get(`/scim/v2/Groups?filter=${encodeURIComponent(`displayName eq "${name} EU"`)}&excludedAttributes=members`));
  assert.equal(filtered.totalResults, 1);
  assert.ok(!('members' in filtered.Resources[0]));
  // A name with a capital beyond ASCII is found as written, on both stores.
  const accented = expectOk(await post('/scim/v2/Groups', { schemas: [kGroup], displayName: `Équipe ${name}` }), 201);
  const byAccent = expectOk(await scim.get(`/scim/v2/Groups?filter=${encodeURIComponent(`displayName eq "Équipe ${name}"`)}`));
  assert.deepEqual(byAccent.Resources.map((g) => g.id), [accented.id]);
  assert.equal((await scim.delete(`/scim/v2/Groups/${accented.id}`)).status, 204);
  assert.equal(expectOk(await scim.get(`/scim/v2/Groups?filter=${encodeURIComponent(`members[value eq "${b.id}"]`)}`)).totalResults, 1);
  // Deprovisioning a person takes them out of their groups.
  assert.equal((await scim.delete(`/scim/v2/Users/${b.id}`)).status, 204);
  assert.deepEqual(expectOk(await scim.get(`/scim/v2/Groups/${group.id}`)).members, []);
  expectScimError(await patch(`/scim/v2/Groups/${group.id}`, ops({ op: 'add', path: 'members', value: [{ value: 'abc' }] })), 400);
  assert.equal((await scim.delete(`/scim/v2/Groups/${group.id}`)).status, 204);
  expectScimError(await scim.get(`/scim/v2/Groups/${group.id}`), 404);
});

test('an address handed on to someone new (another externalId) makes a new person; the deleted one keeps their history, not the address', async () => {
  const email = `${unique('leaver')}@example.com`;
  const leaver = expectOk(await post('/scim/v2/Users', okta(email, { externalId: 'EMP-001', displayName: 'Lee Leaver' })), 201);
  expectOk(await admin.patch(`/api/v1/people/${leaver.id}`, { role: 'admin' }));
  assert.equal((await scim.delete(`/scim/v2/Users/${leaver.id}`)).status, 204);
  const hire = expectOk(await post('/scim/v2/Users', okta(email, { externalId: 'EMP-777', displayName: 'Hana Hire' })), 201);
  assert.notEqual(hire.id, leaver.id, 'a new person');
  const person = expectOk(await admin.get(`/api/v1/people/${hire.id}`));
  assert.equal(person.role, 'member', 'nothing of the leaver\'s role');
  assert.equal(person.email, email);
  const old = expectOk(await admin.get(`/api/v1/people/${leaver.id}`));
  assert.equal(old.active, false);
  assert.equal(old.role, 'admin');
  assert.notEqual(old.email, email, 'the address went to the new person');
  // The same person coming back (the same externalId) is still the same account.
  assert.equal((await scim.delete(`/scim/v2/Users/${hire.id}`)).status, 204);
  const back = expectOk(await post('/scim/v2/Users', okta(email, { externalId: 'EMP-777', displayName: 'Hana Hire' })), 201);
  assert.equal(back.id, hire.id);
});

test('PATCH: a new userName is the new address; a home e-mail never becomes the sign-in address', async () => {
  const email = `${unique('dana')}@example.com`;
  const user = expectOk(await post('/scim/v2/Users', okta(email)), 201);
  const home = expectOk(await patch(`/scim/v2/Users/${user.id}`,
    ops({ op: 'add', path: 'emails[type eq "home"].value', value: 'dana.personal@mail.example' })));
  assert.equal(home.userName, email);
  const homeList = expectOk(await patch(`/scim/v2/Users/${user.id}`,
    ops({ op: 'add', path: 'emails', value: [{ value: 'dana.other@mail.example', type: 'home' }] })));
  assert.equal(homeList.userName, email);
  const renamed = `${unique('dana.o')}@example.com`;
  const changed = expectOk(await patch(`/scim/v2/Users/${user.id}`, ops({ op: 'replace', path: 'userName', value: renamed })));
  assert.equal(changed.userName, renamed);
  assert.equal(expectOk(await admin.get(`/api/v1/people/${user.id}`)).email, renamed);
  const work = `${unique('dana.w')}@example.com`;
  const byWork = expectOk(await patch(`/scim/v2/Users/${user.id}`,
    ops({ op: 'replace', path: 'emails[type eq "work"].value', value: work })));
  assert.equal(byWork.userName, work);
});
