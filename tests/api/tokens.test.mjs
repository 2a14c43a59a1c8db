// API tokens: creation with scopes, shown once, scope enforcement, revocation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk, expectPerson, kRfc3339Utc } from './expect.mjs';

const kTokenShape = /^weft_[0-9a-f]{64}$/;

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('POST /api/v1/tokens creates a token that authenticates as its owner', async () => {
  const owner = await server.signedInPerson({ name: 'Tina Token' });
  const created = expectOk(await owner.client.post('/api/v1/tokens', { name: 'laptop', scopes: ['read', 'write'] }), 201);
  assert.equal(typeof created.id, 'string');
  assert.match(created.token, kTokenShape);

  const me = expectOk(await server.bearer(created.token).get('/api/v1/me'));
  expectPerson(me);
  assert.equal(me.id, owner.person.id);

  const [listed] = expectOk(await owner.client.get('/api/v1/tokens')).items;
  assert.match(listed.last_used_at ?? '', kRfc3339Utc, 'last_used_at is set once the token is used');
});

test('a token is shown once: the token list never contains it', async () => {
  const owner = await server.signedInPerson({ name: 'Una Once' });
  const created = await server.tokenFor(owner.client, ['read'], 'ci');
  const res = await owner.client.get('/api/v1/tokens');
  const list = expectOk(res);
  assert.equal(list.items.length, 1);
  const [item] = list.items;
  assert.equal(item.id, created.id);
  assert.equal(item.name, 'ci');
  assert.deepEqual(item.scopes, ['read']);
  assert.match(item.created_at, kRfc3339Utc);
  assert.ok('last_used_at' in item);
  assert.ok(!('token' in item), 'no token field in the list');
  assert.ok(!res.text.includes(created.token), 'the secret never appears again');
  assert.ok(!res.text.includes(created.token.slice(5)), 'not even without its prefix');
});

test('GET /api/v1/tokens lists only my tokens; 401 without credentials', async () => {
  const first = await server.signedInPerson({ name: 'Vic Mine' });
  const second = await server.signedInPerson({ name: 'Wes Theirs' });
  const mine = await server.tokenFor(first.client, ['read']);
  const theirs = expectOk(await second.client.get('/api/v1/tokens'));
  assert.ok(!theirs.items.some((item) => item.id === mine.id));
  expectError(await server.anonymous().get('/api/v1/tokens'), 401, 'unauthenticated');
});

test('a read-only token reads but cannot write (403 permission_denied)', async () => {
  const owner = await server.signedInPerson({ name: 'Rita Readonly', title: 'Before' });
  const { client } = await server.tokenFor(owner.client, ['read']);
  expectOk(await client.get('/api/v1/me'));
  expectOk(await client.get('/api/v1/people'));
  expectError(await client.patch('/api/v1/people/me', { title: 'After' }), 403, 'permission_denied');
  expectError(await client.post('/api/v1/tokens', { name: 'escalate', scopes: ['read', 'write'] }),
    403, 'permission_denied');
  const admin = await server.admin();
  expectError(await client.put(`/api/v1/people/${admin.person.id}/follow`), 403, 'permission_denied');
  assert.equal(expectOk(await owner.client.get('/api/v1/me')).title, 'Before', 'nothing was written');
  assert.equal(expectOk(await owner.client.get('/api/v1/tokens')).items.length, 1, 'no token was created');
});

test('a write-only token cannot read (403 permission_denied)', async () => {
  const owner = await server.signedInPerson({ name: 'Walt Writeonly' });
  const { client } = await server.tokenFor(owner.client, ['write']);
  expectError(await client.get('/api/v1/me'), 403, 'permission_denied');
  const updated = expectOk(await client.patch('/api/v1/people/me', { title: 'Written' }));
  assert.equal(updated.title, 'Written');
});

test('a member cannot create an admin-scoped token (403)', async () => {
  const member = await server.signedInPerson({ name: 'Mia Member' });
  expectError(await member.client.post('/api/v1/tokens', { name: 'admin please', scopes: ['read', 'write', 'admin'] }),
    403, 'permission_denied');
  assert.equal(expectOk(await member.client.get('/api/v1/tokens')).items.length, 0, 'no token was created');
});

test('admin endpoints need the admin scope even for an admin', async () => {
  const admin = await server.admin();
  const plain = await server.tokenFor(admin.client, ['read', 'write']);
  expectError(await plain.client.post('/api/v1/units', { name: 'Not Allowed', parent_id: null }), 403, 'permission_denied');
  const units = expectOk(await admin.client.get('/api/v1/units'));
  assert.ok(!units.items.some((unit) => unit.name === 'Not Allowed'), 'nothing was written');

  const full = await server.tokenFor(admin.client, ['read', 'write', 'admin']);
  const unit = expectOk(await full.client.post('/api/v1/units', { name: 'Token Unit', parent_id: null }), 201);
  assert.equal(unit.name, 'Token Unit');
});

test('DELETE /api/v1/tokens/{id} revokes the token (then 401)', async () => {
  const owner = await server.signedInPerson({ name: 'Rex Revoke' });
  const { id, client } = await server.tokenFor(owner.client, ['read', 'write']);
  expectOk(await client.get('/api/v1/me'));
  expectNoContent(await owner.client.delete(`/api/v1/tokens/${id}`));
  expectError(await client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await client.patch('/api/v1/people/me', { title: 'x' }), 401, 'unauthenticated');
  assert.ok(!expectOk(await owner.client.get('/api/v1/tokens')).items.some((item) => item.id === id));
  expectError(await owner.client.delete(`/api/v1/tokens/${id}`), 404, 'not_found');
});

test('deleting a token with the session cookie needs the CSRF header', async () => {
  const owner = await server.signedInPerson({ name: 'Cass Csrf' });
  const { id, client } = await server.tokenFor(owner.client, ['read']);
  expectError(await owner.client.delete(`/api/v1/tokens/${id}`, undefined, { csrf: false }), 403, 'csrf_mismatch');
  expectOk(await client.get('/api/v1/me'));
});

test('a token can revoke itself with a bearer request (no CSRF involved)', async () => {
  const owner = await server.signedInPerson({ name: 'Sam Self' });
  const { id, client } = await server.tokenFor(owner.client, ['read', 'write']);
  expectNoContent(await client.delete(`/api/v1/tokens/${id}`));
  expectError(await client.get('/api/v1/me'), 401, 'unauthenticated');
});

test("deleting someone else's token or an unknown id is 404 and revokes nothing", async () => {
  const owner = await server.signedInPerson({ name: 'Olga Owner' });
  const intruder = await server.signedInPerson({ name: 'Ivan Intruder' });
  const { id, client } = await server.tokenFor(owner.client, ['read']);
  expectError(await intruder.client.delete(`/api/v1/tokens/${id}`), 404, 'not_found');
  expectError(await intruder.client.delete('/api/v1/tokens/no-such-token'), 404, 'not_found');
  expectOk(await client.get('/api/v1/me'));
  expectError(await server.anonymous().delete(`/api/v1/tokens/${id}`), 401, 'unauthenticated');
  expectOk(await client.get('/api/v1/me'));
});

test('POST /api/v1/tokens validates name and scopes (400) and needs credentials (401)', async () => {
  const owner = await server.signedInPerson({ name: 'Vera Valid' });
  const post = (body) => owner.client.post('/api/v1/tokens', body);
  expectError(await post({ scopes: ['read'] }), 400, 'invalid_argument', 'name');
  expectError(await post({ name: 42, scopes: ['read'] }), 400, 'invalid_argument', 'name');
  expectError(await post({ name: 'x' }), 400, 'invalid_argument', 'scopes');
  expectError(await post({ name: 'x', scopes: 'read' }), 400, 'invalid_argument', 'scopes');
  expectError(await post({ name: 'x', scopes: ['read', 'superuser'] }), 400, 'invalid_argument', 'scopes');
  expectError(await post({ name: 'x', scopes: [1] }), 400, 'invalid_argument', 'scopes');
  assert.equal(expectOk(await owner.client.get('/api/v1/tokens')).items.length, 0, 'nothing was created');
  expectError(await server.anonymous().post('/api/v1/tokens', { name: 'x', scopes: ['read'] }), 401, 'unauthenticated');
});

test('malformed or unknown bearer tokens are 401', async () => {
  for (const token of ['garbage', `weft_${'0'.repeat(64)}`, `weft_${'g'.repeat(64)}`, `weft_${'a'.repeat(6000)}`]) {
    expectError(await server.bearer(token).get('/api/v1/me'), 401, 'unauthenticated');
  }
  const res = await server.anonymous().get('/api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
  expectError(res, 401, 'unauthenticated');
});

test('demoting an admin takes admin power from their tokens and sessions at once', async () => {
  const admin = await server.admin();
  const deputy = await server.signedInPerson({ name: 'Dee Deputy', role: 'admin' });
  const { client } = await server.tokenFor(deputy.client, ['read', 'write', 'admin']);
  expectOk(await client.post('/api/v1/units', { name: 'Before Demotion', parent_id: null }), 201);
  expectOk(await admin.client.patch(`/api/v1/people/${deputy.person.id}`, { role: 'member' }));
  expectError(await client.post('/api/v1/units', { name: 'After Demotion', parent_id: null }), 403, 'permission_denied');
  expectError(await deputy.client.post('/api/v1/units', { name: 'After Demotion', parent_id: null }),
    403, 'permission_denied');
  const names = expectOk(await admin.client.get('/api/v1/units')).items.map((unit) => unit.name);
  assert.ok(!names.includes('After Demotion'));
});

test('a token made with a token expires no later than it; scopes it lacks are refused', async () => {
  const owner = await server.signedInPerson({ name: 'Tess Tokens' });
  const inAnHour = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parent = expectOk(await owner.client.post('/api/v1/tokens', { name: 'short', scopes: ['read', 'write'], expires_at: inAnHour }), 201);
  const byToken = server.bearer(parent.token);
  const child = expectOk(await byToken.post('/api/v1/tokens', { name: 'child', scopes: ['read'] }), 201);
  assert.equal(child.expires_at, inAnHour, 'capped at the parent\'s expiry');
  const sooner = new Date(Date.now() + 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  assert.equal(expectOk(await byToken.post('/api/v1/tokens', { name: 'sooner', scopes: ['read'], expires_at: sooner }), 201).expires_at, sooner);
  expectError(await server.bearer(child.token).post('/api/v1/tokens', { name: 'wider', scopes: ['read', 'write'] }), 403, 'permission_denied');
  // A session's tokens may live as long as asked.
  assert.equal(expectOk(await owner.client.post('/api/v1/tokens', { name: 'long', scopes: ['read'] }), 201).expires_at, null);
});
