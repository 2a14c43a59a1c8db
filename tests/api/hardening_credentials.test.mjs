// Hardening, credentials (issue 7 defects 5, 6, 7 and 11; docs/design/hardening.md "Rights end
// when they should" and "The stream"), written as rules:
// - the stream upgrade goes through the router's checks: scope (403 without read) and, for cookie
//   upgrades, the Origin (403 when foreign);
// - rights end at once, on every channel: sign-out, password change, admin password reset, token
//   revocation and deactivation close the open streams whose credential no longer holds (close code
//   1008) and answer 401 on the API; the other streams carry on with the person's rights of now
//   (demotion, unit move);
// - deactivation ends sessions, tokens and streams, refuses sign-in as a wrong password does, and
//   leaves the person's content attributed;
// - tokens can expire, and admins can list and revoke anyone's tokens;
// - a token without the admin scope carries no admin power;
// - a valid token is never refused because the store is busy writing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk, expectPerson } from './expect.mjs';
import { createPost, createUnit, eventually, follow, idsOf, member } from './social.mjs';
import { rfc3339 } from './collab.mjs';
import { wsConnect } from './ws_client.mjs';

let server;
let admin;
const open = [];
before(async () => {
  // Open streams' credentials are checked every second here (an expiry is no event).
  server = await startServer({ env: { WEFT_STREAM_RECHECK_SECONDS: '1' } });
  admin = await server.admin();
});
after(async () => {
  for (const ws of open) ws.destroy();
  await server?.stop();
});

/** Opens the stream by cookie (`person.cookie`) or token, expects the upgrade, waits for hello. */
async function stream({ cookie, token, headers } = {}) {
  const res = await wsConnect(server.port, '/api/v1/stream', { cookie, token, headers });
  assert.equal(res.status, 101, `stream upgrade: ${res.status} ${res.body ?? ''}`);
  open.push(res.ws);
  await res.ws.waitFor((m) => m.type === 'hello', { what: 'hello' });
  return res.ws;
}

/**
 * Resolves with the close {code, reason} of `ws` once the server has sent its close frame or
 * dropped the connection, or null if neither happened within `ms`.
 */
async function closedWithin(ws, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!ws.closeInfo && Date.now() < deadline) {
    await Promise.race([ws.closed, sleep(20, null, { ref: false })]);
  }
  return ws.closeInfo;
}

async function expectClosedByServer(ws, what) {
  const info = await closedWithin(ws);
  assert.ok(info, `${what}: the open stream should be closed at once, it is still open`);
  assert.equal(info.code, 1008, `${what}: closed with code 1008 (policy): ${JSON.stringify(info)}`);
}

/** Proves each of `sockets` still carries on: someone new follows `person`, and the notification arrives. */
async function expectCarriesOn(sockets, person, what) {
  const fan = await member(server, { name: 'Fan Sentinel' });
  await follow(fan, person);
  for (const ws of [sockets].flat()) {
    await ws.waitFor((m) => m.type === 'notification' && m.data?.kind === 'follow' && m.data?.actor?.id === fan.person.id,
      { what: `${what}: a follow notification on the stream that should stay open` });
    assert.equal(ws.closeInfo, null, `${what}: still open`);
  }
}

test('the stream upgrade checks scope: a token without read is 403 permission_denied; with read it upgrades', async () => {
  const person = await member(server, { name: 'Wanda Writeonly' });
  const writeOnly = await server.tokenFor(person.client, ['write']);
  const res = await wsConnect(server.port, '/api/v1/stream', { token: writeOnly.token });
  if (res.ws) res.ws.destroy();
  assert.equal(res.status, 403, `a write-only token must not read the stream: ${res.status}`);
  assert.equal(res.json?.error?.code, 'permission_denied', `error envelope: ${res.body}`);
  const since = await wsConnect(server.port, '/api/v1/stream?since=0', { token: writeOnly.token });
  if (since.ws) since.ws.destroy();
  assert.equal(since.status, 403, 'nor replay it');

  const readable = await server.tokenFor(person.client, ['read']);
  const ws = await stream({ token: readable.token });
  await ws.close();
});

test('a cookie upgrade from a foreign Origin is 403; from this server\'s own origin it upgrades', async () => {
  const person = await member(server, { name: 'Oscar Origin' });
  for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port}.evil.example`, 'http://127.0.0.1:1', 'null']) {
    const res = await wsConnect(server.port, '/api/v1/stream', { cookie: person.cookie, headers: { Origin: origin } });
    if (res.ws) res.ws.destroy();
    assert.equal(res.status, 403, `Origin ${origin}: a cross-site page must not open the stream with the cookie (${res.status})`);
    assert.match(res.json?.error?.code ?? '', /^[a-z][a-z0-9_]*$/, `Origin ${origin}: an error envelope: ${res.body}`);
  }
  const ws = await stream({ cookie: person.cookie, headers: { Origin: `http://127.0.0.1:${server.port}` } });
  await ws.close();
});

test('signing out closes that session\'s open stream (1008); another session\'s stream carries on', async () => {
  const person = await member(server, { name: 'Sol Signout' });
  const other = await server.signIn(person.email, person.password);
  const mine = await stream({ cookie: person.cookie });
  const theirs = await stream({ cookie: other.cookie });
  expectNoContent(await person.client.delete('/api/v1/session'));
  expectError(await person.client.get('/api/v1/me'), 401, 'unauthenticated');
  await expectClosedByServer(mine, 'sign-out');
  await expectCarriesOn(theirs, person, 'the other session');
  await theirs.close();
});

test('changing one\'s password: other sessions and every token stop at once (401, streams closed); this session carries on', async () => {
  const person = await member(server, { name: 'Pia Password' });
  const other = await server.signIn(person.email, person.password);
  const token = await server.tokenFor(person.client, ['read', 'write']);
  const here = await stream({ cookie: person.cookie });
  const there = await stream({ cookie: other.cookie });
  const byToken = await stream({ token: token.token });

  expectNoContent(await person.client.put('/api/v1/me/password',
    { current_password: person.password, new_password: 'a-brand-new-password' }));
  expectError(await other.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await token.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectOk(await person.client.get('/api/v1/me'));
  await expectClosedByServer(there, 'the other session after a password change');
  await expectClosedByServer(byToken, 'a token stream after a password change');
  await expectCarriesOn(here, person, 'the session that changed the password');
  assert.equal(expectOk(await person.client.get('/api/v1/tokens')).items.length, 0, 'the tokens are revoked');
  await here.close();
});

test('revoking a token closes the streams opened with it, and only those', async () => {
  const person = await member(server, { name: 'Rita Revoke' });
  const first = await server.tokenFor(person.client, ['read']);
  const second = await server.tokenFor(person.client, ['read']);
  const one = await stream({ token: first.token });
  const two = await stream({ token: second.token });
  const bySession = await stream({ cookie: person.cookie });
  expectNoContent(await person.client.delete(`/api/v1/tokens/${first.id}`));
  await expectClosedByServer(one, 'the revoked token\'s stream');
  await expectCarriesOn([two, bySession], person, 'another token\'s stream and the session\'s');
  const again = await wsConnect(server.port, '/api/v1/stream', { token: first.token });
  if (again.ws) again.ws.destroy();
  assert.equal(again.status, 401, 'the revoked token opens no new stream');
});

test('deactivation (PATCH active:false) ends sessions, tokens and streams at once; content stays attributed', async () => {
  const person = await member(server, { name: 'Dora Deactivated' });
  const reader = await member(server, { name: 'Rex Reader' });
  const post = await createPost(person, { body: 'Written before leaving' });
  const token = await server.tokenFor(person.client, ['read', 'write']);
  const bySession = await stream({ cookie: person.cookie });
  const byToken = await stream({ token: token.token });

  const patched = expectOk(await admin.client.patch(`/api/v1/people/${person.person.id}`, { active: false }));
  expectPerson(patched);
  assert.equal(patched.active, false, `the person object says active:false: ${JSON.stringify(patched)}`);
  expectError(await person.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await token.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await token.client.post('/api/v1/posts', { body: 'After', audience: 'public' }), 401, 'unauthenticated');
  await expectClosedByServer(bySession, 'the session stream on deactivation');
  await expectClosedByServer(byToken, 'the token stream on deactivation');
  const reopened = await wsConnect(server.port, '/api/v1/stream', { cookie: person.cookie });
  if (reopened.ws) reopened.ws.destroy();
  assert.equal(reopened.status, 401);

  const seen = expectOk(await reader.client.get(`/api/v1/posts/${post.id}`));
  assert.equal(seen.author.id, person.person.id, 'the post stays, attributed');
  assert.equal(seen.author.name, 'Dora Deactivated');
  assert.equal(expectOk(await admin.client.get(`/api/v1/people/${person.person.id}`)).active, false);
  const active = expectOk(await admin.client.get(`/api/v1/people/${reader.person.id}`));
  assert.equal(active.active, true, 'an active person says active:true');
});

test('a deactivated person cannot sign in (401, the wrong-password message); reactivated, they can, old tokens stay dead', async () => {
  const person = await member(server, { name: 'Ivo Inactive' });
  const token = await server.tokenFor(person.client, ['read']);
  expectOk(await admin.client.patch(`/api/v1/people/${person.person.id}`, { active: false }));
  const refused = await server.anonymous().post('/api/v1/session', { email: person.email, password: person.password });
  expectError(refused, 401, 'unauthenticated');
  assert.equal(refused.headers.getSetCookie().length, 0, 'no session');
  const bystander = await member(server, { name: 'Will Wrong' });
  const wrong = await server.anonymous().post('/api/v1/session', { email: bystander.email, password: 'not-the-password' });
  expectError(wrong, 401, 'unauthenticated');
  assert.equal(refused.body.error.message, wrong.body.error.message, 'the same message as a wrong password');

  const back = expectOk(await admin.client.patch(`/api/v1/people/${person.person.id}`, { active: true }));
  assert.equal(back.active, true);
  const again = await server.signIn(person.email, person.password);
  expectOk(await again.client.get('/api/v1/me'));
  expectError(await token.client.get('/api/v1/me'), 401, 'unauthenticated');
});

test('deactivation is for admins (403 otherwise), never of oneself (400), and takes a boolean', async () => {
  const person = await member(server, { name: 'Mo Member' });
  const target = await member(server, { name: 'Tia Target' });
  expectError(await person.client.patch(`/api/v1/people/${target.person.id}`, { active: false }), 403, 'permission_denied');
  expectError(await admin.client.patch(`/api/v1/people/${admin.person.id}`, { active: false }), 400);
  expectError(await admin.client.patch(`/api/v1/people/${target.person.id}`, { active: 'no' }), 400, 'invalid_argument', 'active');
  expectOk(await target.client.get('/api/v1/me'));
  expectOk(await admin.client.get('/api/v1/me'));
});

test('an admin password reset ends that person\'s sessions, revokes their tokens and closes their streams', async () => {
  const person = await member(server, { name: 'Reese Reset' });
  const token = await server.tokenFor(person.client, ['read', 'write']);
  const bySession = await stream({ cookie: person.cookie });
  const byToken = await stream({ token: token.token });
  expectOk(await admin.client.patch(`/api/v1/people/${person.person.id}`, { password: 'reset-by-the-admin' }));
  expectError(await person.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await token.client.get('/api/v1/me'), 401, 'unauthenticated');
  await expectClosedByServer(bySession, 'the session stream on a password reset');
  await expectClosedByServer(byToken, 'the token stream on a password reset');
  const fresh = await server.signIn(person.email, 'reset-by-the-admin');
  expectOk(await fresh.client.get('/api/v1/me'));
  assert.deepEqual(expectOk(await fresh.client.get('/api/v1/tokens')).items, [], 'no live token is left');
});

test('a demoted admin\'s open stream stops receiving what only admins see (or is closed)', async () => {
  const unit = await createUnit(server, `Demotion Unit ${unique('u')}`);
  const poster = await member(server, { name: 'Una Unitposter', unit_id: unit.id });
  const deputy = await server.signedInPerson({ name: 'Dee Deputy', role: 'admin' });
  const topic = `dtopic${unique('').replace(/[^a-z0-9]/g, '')}`;
  expectNoContent(await deputy.client.put(`/api/v1/topics/${topic}/follow`));
  const ws = await stream({ cookie: deputy.cookie });

  const before = await createPost(poster, { body: `Unit news #${topic}`, audience: 'unit' });
  await ws.waitFor((m) => m.type === 'post' && m.data?.id === before.id, { what: 'control: an admin sees another unit\'s post' });
  expectOk(await admin.client.patch(`/api/v1/people/${deputy.person.id}`, { role: 'member' }));
  const hidden = await createPost(poster, { body: `More unit news #${topic}`, audience: 'unit' });
  const sentinel = await createPost(poster, { body: `Public news #${topic}` });
  try {
    await ws.waitFor((m) => m.type === 'post' && m.data?.id === sentinel.id, { what: 'the public sentinel', timeoutMs: 30_000 });
  } catch (error) {
    if (!ws.closeInfo) throw error; // closed: nothing more reaches it, which is fine too
  }
  assert.ok(!ws.messages.some((m) => m.type === 'post' && m.data?.id === hidden.id),
    'a unit post of another unit reached the demoted admin\'s open stream');
  expectError(await deputy.client.get(`/api/v1/posts/${hidden.id}`), 404, 'not_found');
});

test('a unit move: the open stream carries on with the rights of the new unit', async () => {
  const from = await createUnit(server, `From ${unique('u')}`);
  const to = await createUnit(server, `To ${unique('u')}`);
  const oldColleague = await member(server, { name: 'Olaf Oldunit', unit_id: from.id });
  const newColleague = await member(server, { name: 'Nina Newunit', unit_id: to.id });
  const mover = await member(server, { name: 'Max Mover', unit_id: from.id });
  const topic = `mvtopic${unique('').replace(/[^a-z0-9]/g, '')}`;
  expectNoContent(await mover.client.put(`/api/v1/topics/${topic}/follow`));
  const ws = await stream({ cookie: mover.cookie });

  expectOk(await admin.client.patch(`/api/v1/people/${mover.person.id}`, { unit_id: to.id }));
  const oldUnitPost = await createPost(oldColleague, { body: `Old unit #${topic}`, audience: 'unit' });
  const newUnitPost = await createPost(newColleague, { body: `New unit #${topic}`, audience: 'unit' });
  const sentinel = await createPost(newColleague, { body: `Everyone #${topic}` });
  await ws.waitFor((m) => m.type === 'post' && m.data?.id === sentinel.id, { what: 'the public sentinel' });
  const posts = ws.messages.filter((m) => m.type === 'post').map((m) => m.data.id);
  assert.ok(!posts.includes(oldUnitPost.id), 'the old unit\'s post reached the stream after the move');
  assert.ok(posts.includes(newUnitPost.id), 'the new unit\'s post did not reach the stream after the move');
  await ws.close();
});

test('token expiry: expires_at must be RFC 3339, in the future, within 10 years (400); tokens list it (or null)', async () => {
  const person = await member(server, { name: 'Eve Expiry' });
  const create = (extra) => person.client.post('/api/v1/tokens', { name: unique('t'), scopes: ['read'], ...extra });
  expectError(await create({ expires_at: rfc3339(Date.now() - 60_000) }), 400, 'invalid_argument', 'expires_at');
  expectError(await create({ expires_at: rfc3339(Date.now() + 11 * 366 * 86_400_000) }), 400, 'invalid_argument', 'expires_at');
  expectError(await create({ expires_at: 'tomorrow' }), 400, 'invalid_argument', 'expires_at');
  expectError(await create({ expires_at: 1893456000 }), 400, 'invalid_argument', 'expires_at');
  assert.deepEqual(expectOk(await person.client.get('/api/v1/tokens')).items, [], 'nothing was created');

  const when = rfc3339(Date.now() + 30 * 86_400_000);
  const dated = expectOk(await create({ expires_at: when }), 201);
  const plain = expectOk(await create({}), 201);
  const listed = expectOk(await person.client.get('/api/v1/tokens')).items;
  const byId = Object.fromEntries(listed.map((t) => [t.id, t]));
  assert.equal(Date.parse(byId[dated.id]?.expires_at), Date.parse(when), `expires_at listed: ${JSON.stringify(listed)}`);
  assert.ok('expires_at' in byId[plain.id] && byId[plain.id].expires_at === null, `no expiry is null: ${JSON.stringify(listed)}`);
  expectOk(await server.bearer(dated.token).get('/api/v1/me'));
});

test('a token stops working once its expires_at has passed (401)', async () => {
  const person = await member(server, { name: 'Ezra Shortlived' });
  const expiresAt = rfc3339(Date.now() + 2000); // whole seconds: 2 to 3 seconds from now
  const created = expectOk(await person.client.post('/api/v1/tokens', { name: 'short', scopes: ['read'], expires_at: expiresAt }), 201);
  const client = server.bearer(created.token);
  expectOk(await client.get('/api/v1/me'));
  const status = await eventually(async () => (await client.get('/api/v1/me')).status, (s) => s !== 200,
    { timeoutMs: Date.parse(expiresAt) - Date.now() + 3000, what: 'the token to expire' });
  assert.equal(status, 401);
  assert.ok(Date.now() >= Date.parse(expiresAt) - 1000, 'not before its time');
  expectError(await client.get('/api/v1/me'), 401, 'unauthenticated');
  const ws = await wsConnect(server.port, '/api/v1/stream', { token: created.token });
  if (ws.ws) ws.ws.destroy();
  assert.equal(ws.status, 401, 'an expired token opens no stream');
});

test('admins list and revoke anyone\'s tokens (admin scope); members and non-admin tokens may not (403)', async () => {
  const person = await member(server, { name: 'Tom Tokens' });
  const bystander = await member(server, { name: 'Bea Bystander' });
  const first = await server.tokenFor(person.client, ['read']);
  const second = await server.tokenFor(person.client, ['read', 'write']);
  const adminRw = await server.tokenFor(admin.client, ['read', 'write']);
  const adminFull = await server.tokenFor(admin.client, ['read', 'write', 'admin']);
  const listPath = `/api/v1/people/${person.person.id}/tokens`;

  const listed = expectOk(await admin.client.get(listPath));
  assert.deepEqual(idsOf(listed.items).sort(), [first.id, second.id].sort());
  for (const item of listed.items) {
    assert.ok(!('token' in item), 'the secret is never listed');
    assert.ok('expires_at' in item && 'last_used_at' in item && Array.isArray(item.scopes), JSON.stringify(item));
  }
  assert.ok(!JSON.stringify(listed).includes(first.token.slice(5)));
  assert.deepEqual(idsOf(expectOk(await adminFull.client.get(listPath)).items).sort(), [first.id, second.id].sort());
  expectError(await bystander.client.get(listPath), 403, 'permission_denied');
  expectError(await adminRw.client.get(listPath), 403, 'permission_denied');
  expectError(await bystander.client.delete(listPath), 403, 'permission_denied');
  expectError(await adminRw.client.delete(listPath), 403, 'permission_denied');
  const byRw = await adminRw.client.delete(`/api/v1/tokens/${first.id}`);
  assert.ok([403, 404].includes(byRw.status), `an admin token without the admin scope revokes no one else's token: ${byRw.status}`);
  expectOk(await first.client.get('/api/v1/me'));

  expectNoContent(await admin.client.delete(`/api/v1/tokens/${first.id}`));
  expectError(await first.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectOk(await second.client.get('/api/v1/me'));
  assert.deepEqual(idsOf(expectOk(await admin.client.get(listPath)).items), [second.id]);

  const third = await server.tokenFor(person.client, ['read']);
  expectNoContent(await adminFull.client.delete(listPath));
  expectError(await second.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await third.client.get('/api/v1/me'), 401, 'unauthenticated');
  assert.deepEqual(expectOk(await admin.client.get(listPath)).items, []);
  expectOk(await person.client.get('/api/v1/me')); // a session is not a token: it stays
  expectError(await admin.client.get('/api/v1/people/99999999/tokens'), 404, 'not_found');
});

test('an admin\'s token without the admin scope acts as a member: no editing or deleting others\' posts, no resets, no admin sight', async () => {
  const unit = await createUnit(server, `Scope Unit ${unique('u')}`);
  const author = await member(server, { name: 'Ada Author', unit_id: unit.id });
  const post = await createPost(author, { body: 'Mine to edit' });
  const unitPost = await createPost(author, { body: 'For my unit', audience: 'unit' });
  const rw = await server.tokenFor(admin.client, ['read', 'write']);
  const full = await server.tokenFor(admin.client, ['read', 'write', 'admin']);

  expectError(await rw.client.patch(`/api/v1/posts/${post.id}`, { body: 'Edited by a token' }), 403, 'permission_denied');
  expectError(await rw.client.delete(`/api/v1/posts/${post.id}`), 403, 'permission_denied');
  assert.equal(expectOk(await author.client.get(`/api/v1/posts/${post.id}`)).body, 'Mine to edit', 'nothing changed');
  assert.equal(expectOk(await rw.client.get(`/api/v1/posts/${post.id}`)).can_edit, false, 'can_edit says so');
  expectError(await rw.client.patch(`/api/v1/people/${author.person.id}`, { password: 'taken-over-password' }), 403, 'permission_denied');
  expectError(await rw.client.post('/api/v1/units', { name: 'Not by this token', parent_id: null }), 403, 'permission_denied');
  expectError(await rw.client.get(`/api/v1/posts/${unitPost.id}`), 404, 'not_found');
  await server.signIn(author.email, author.password); // the password did not change

  // The same admin with the admin scope, or signed in, keeps the power.
  expectOk(await admin.client.get(`/api/v1/posts/${unitPost.id}`));
  const edited = expectOk(await full.client.patch(`/api/v1/posts/${post.id}`, { body: 'Edited by an admin token' }));
  assert.equal(edited.body, 'Edited by an admin token');
  expectOk(await admin.client.patch(`/api/v1/posts/${post.id}`, { body: 'Edited in an admin session' }));
});

/** The SQLite file of a test server's data directory, or null. */
async function storeFile(testServer) {
  const dir = path.join(testServer.root, 'data');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.db'));
  return names.length === 1 ? path.join(dir, names[0]) : null;
}

test('a valid token is not refused while the store is busy writing (recording its use never fails the request)', async (t) => {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    t.skip('the sqlite3 command line tool is not installed');
    return;
  }
  const file = await storeFile(server);
  if (!file) {
    t.skip('the store is not a single SQLite file in the data directory');
    return;
  }
  const person = await member(server, { name: 'Busy Bea' });
  const { client } = await server.tokenFor(person.client, ['read']); // never used: its first use records last_used_at
  const holder = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  try {
    let out = '';
    holder.stdout.on('data', (chunk) => { out += chunk; });
    holder.stdin.write('.timeout 5000\nBEGIN IMMEDIATE;\nSELECT \'locked\';\n');
    await eventually(async () => out, (text) => text.includes('locked'), { what: 'sqlite3 to hold the write lock' });
    const res = await client.get('/api/v1/me');
    assert.equal(res.status, 200, `a read with a valid token while another process writes: ${res.status} ${res.text.slice(0, 200)}`);
    assert.equal(res.body.id, person.person.id);
  } finally {
    holder.stdin.end('ROLLBACK;\n.quit\n');
    await Promise.race([exited, sleep(5000)]);
    if (holder.exitCode === null) holder.kill('SIGKILL');
  }
  expectOk(await client.get('/api/v1/me'));
});

test('wrong current passwords are throttled with failed sign-ins: a stolen session cannot guess without limit', async () => {
  const person = await member(server, { name: 'Gita Guessed' });
  for (let k = 0; k < 5; k += 1) {
    expectError(await person.client.put('/api/v1/me/password', { current_password: `guess-${k}-wrong`, new_password: 'a-brand-new-password' }),
      400, 'invalid_argument', 'current_password');
  }
  const limited = await person.client.put('/api/v1/me/password', { current_password: person.password, new_password: 'a-brand-new-password' });
  assert.equal(limited.status, 429, limited.text);
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  // Nothing changed: the old password still signs in once the window has passed (not waited for here).
  expectOk(await person.client.get('/api/v1/me'));
});

test('a stream opened with a token closes once the token expires, though nothing happened', async () => {
  const person = await member(server, { name: 'Ezra Expiring' });
  const expires = new Date(Date.now() + 6000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const token = expectOk(await person.client.post('/api/v1/tokens', { name: 'brief', scopes: ['read'], expires_at: expires }), 201);
  const ws = await stream({ token: token.token });
  const info = await closedWithin(ws, 15000);
  assert.ok(info, 'the stream should close once its token expires');
  assert.equal(info.code, 1008, JSON.stringify(info));
  expectError(await server.bearer(token.token).get('/api/v1/me'), 401, 'unauthenticated');
});
