// Sessions: sign-in, the session cookie, CSRF for cookie writes, sign-out, sign-in throttling,
// GET /api/v1/session and GET /api/v1/me.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD, Client, uniqueEmail } from './server.mjs';
import { expectError, expectNoContent, expectOk, expectPerson, expectStatus } from './expect.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('sign-in answers the person and a CSRF token and sets an HttpOnly SameSite=Lax cookie', async () => {
  const res = await server.anonymous().post('/api/v1/session', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const body = expectOk(res);
  expectPerson(body.person);
  assert.equal(body.person.email, ADMIN_EMAIL);
  assert.equal(body.person.role, 'admin');
  assert.equal(body.person.name, 'Administrator');
  assert.equal(typeof body.csrf_token, 'string');
  assert.ok(body.csrf_token.length >= 16, 'CSRF token is long enough to be unguessable');

  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('weft_session='));
  assert.ok(cookie, 'weft_session cookie is set');
  const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
  assert.ok(attributes[0].length > 'weft_session='.length, 'cookie has a value');
  assert.ok(attributes.includes('httponly'), `HttpOnly in ${cookie}`);
  assert.ok(attributes.includes('samesite=lax'), `SameSite=Lax in ${cookie}`);
  assert.ok(attributes.includes('path=/'), `Path=/ in ${cookie}`);
  const maxAge = attributes.find((part) => part.startsWith('max-age='));
  const expires = attributes.find((part) => part.startsWith('expires='));
  const lifetimeDays = maxAge ? Number(maxAge.slice(8)) / 86400
    : expires ? (Date.parse(expires.slice(8)) - Date.now()) / 86_400_000 : NaN;
  assert.ok(lifetimeDays > 29 && lifetimeDays <= 30.01, `a 30-day cookie: ${cookie}`);
});

test('sign-in always issues a fresh session id (no fixation)', async () => {
  const planted = 'weft_session=attacker-chosen-session-id';
  const res = await server.anonymous().post('/api/v1/session', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    { headers: { cookie: planted } });
  expectOk(res);
  const issued = res.headers.getSetCookie().find((c) => c.startsWith('weft_session=')).split(';')[0];
  assert.notEqual(issued, planted);
  const again = await server.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  assert.notEqual(again.cookie, issued, 'each sign-in is its own session');
  expectError(await new Client(server, { cookie: planted, csrf: 'x' }).get('/api/v1/me'), 401, 'unauthenticated');
});

test('the session cookie authenticates GET /api/v1/me', async () => {
  const { client, person } = await server.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const me = expectOk(await client.get('/api/v1/me'));
  expectPerson(me);
  assert.equal(me.id, person.id);
  assert.equal(typeof me.followers_count, 'number');
  assert.equal(typeof me.following_count, 'number');
  assert.equal(me.followed_by_me, false);
});

test('GET /api/v1/me without credentials or with a forged cookie is 401', async () => {
  expectError(await server.anonymous().get('/api/v1/me'), 401, 'unauthenticated');
  const forged = new Client(server, { cookie: 'weft_session=forged-session-value', csrf: 'x' });
  expectError(await forged.get('/api/v1/me'), 401, 'unauthenticated');
});

test('sign-in e-mail is matched case-insensitively', async () => {
  const { person } = await server.signIn(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
  assert.equal(person.email, ADMIN_EMAIL);
});

test('a wrong password and an unknown e-mail get the same 401 answer', async () => {
  const wrongPassword = await server.anonymous().post('/api/v1/session',
    { email: ADMIN_EMAIL, password: 'not-the-password' });
  const unknownEmail = await server.anonymous().post('/api/v1/session',
    { email: 'nobody-here@test.weft', password: 'not-the-password' });
  expectError(wrongPassword, 401, 'unauthenticated');
  expectError(unknownEmail, 401, 'unauthenticated');
  assert.deepEqual(unknownEmail.body, wrongPassword.body);
  assert.equal(wrongPassword.headers.getSetCookie().length, 0, 'no cookie on failure');
});

test('sign-in with missing or mistyped fields is 400 invalid_argument', async () => {
  const anonymous = server.anonymous();
  expectError(await anonymous.post('/api/v1/session', { email: ADMIN_EMAIL }), 400, 'invalid_argument', 'password');
  expectError(await anonymous.post('/api/v1/session', { password: ADMIN_PASSWORD }), 400, 'invalid_argument', 'email');
  expectError(await anonymous.post('/api/v1/session', { email: 7, password: ADMIN_PASSWORD }),
    400, 'invalid_argument', 'email');
  expectError(await anonymous.post('/api/v1/session', { email: ADMIN_EMAIL, password: ['x'] }),
    400, 'invalid_argument', 'password');
});

test('GET /api/v1/session returns the person and the same CSRF token; 401 otherwise', async () => {
  const session = await server.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const body = expectOk(await session.client.get('/api/v1/session'));
  assert.equal(body.person.id, session.person.id);
  assert.equal(body.csrf_token, session.csrf);

  expectError(await server.anonymous().get('/api/v1/session'), 401, 'unauthenticated');
  const { client: bearer } = await server.tokenFor(session.client, ['read']);
  expectError(await bearer.get('/api/v1/session'), 401, 'unauthenticated');
});

test('cookie-authenticated writes need the X-CSRF-Token of that session', async () => {
  const alice = await server.signedInPerson({ name: 'Alice Csrf' });
  const aliceElsewhere = await server.signIn(alice.email, alice.password);
  const change = { title: 'Changed without CSRF' };

  expectError(await alice.client.patch('/api/v1/people/me', change, { csrf: false }), 403, 'csrf_mismatch');
  expectError(await alice.client.patch('/api/v1/people/me', change, { headers: { 'x-csrf-token': 'wrong' } }),
    403, 'csrf_mismatch');
  expectError(await alice.client.patch('/api/v1/people/me', change,
    { headers: { 'x-csrf-token': aliceElsewhere.csrf === alice.csrf ? 'same-token?' : aliceElsewhere.csrf } }),
  403, 'csrf_mismatch');
  expectError(await alice.client.post('/api/v1/tokens', { name: 'nope', scopes: ['read'] }, { csrf: false }),
    403, 'csrf_mismatch');
  assert.notEqual(expectOk(await alice.client.get('/api/v1/me')).title, change.title, 'nothing was written');
  const tokens = expectOk(await alice.client.get('/api/v1/tokens'));
  assert.equal(tokens.items.length, 0, 'no token was created');

  const updated = expectOk(await alice.client.patch('/api/v1/people/me', { title: 'Changed with CSRF' }));
  assert.equal(updated.title, 'Changed with CSRF');
});

test('bearer-authenticated writes need no CSRF header', async () => {
  const bob = await server.signedInPerson({ name: 'Bob Bearer' });
  const { client } = await server.tokenFor(bob.client, ['read', 'write']);
  const updated = expectOk(await client.patch('/api/v1/people/me', { title: 'Set by token' }));
  assert.equal(updated.title, 'Set by token');
  assert.equal(expectOk(await bob.client.get('/api/v1/me')).title, 'Set by token');
});

test('sign-out needs CSRF, answers 204 and invalidates only that session', async () => {
  const carol = await server.signedInPerson({ name: 'Carol Signout' });
  const other = await server.signIn(carol.email, carol.password);

  expectError(await carol.client.delete('/api/v1/session', undefined, { csrf: false }), 403, 'csrf_mismatch');
  expectOk(await carol.client.get('/api/v1/me'));

  expectNoContent(await carol.client.delete('/api/v1/session'));
  expectError(await carol.client.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(await carol.client.get('/api/v1/session'), 401, 'unauthenticated');
  expectError(await carol.client.patch('/api/v1/people/me', { title: 'after sign-out' }), 401, 'unauthenticated');

  expectOk(await other.client.get('/api/v1/me'));
});

test('five failed sign-ins for one e-mail throttle it with 429 and Retry-After, even with the right password', async () => {
  const dave = await server.createPerson({ name: 'Dave Throttled' });
  const anonymous = server.anonymous();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    // The e-mail is the same account in any letter case.
    const email = attempt % 2 ? dave.email.toUpperCase() : dave.email;
    expectError(await anonymous.post('/api/v1/session', { email, password: `wrong-${attempt}-password` }),
      401, 'unauthenticated');
  }
  const throttled = await anonymous.post('/api/v1/session', { email: dave.email, password: dave.password });
  expectError(throttled, 429, 'rate_limited');
  assert.match(throttled.headers.get('retry-after') ?? '', /^[1-9]\d*$/, 'Retry-After in whole seconds');
  assert.ok(Number(throttled.headers.get('retry-after')) <= 15 * 60, 'at most the 15-minute window');
  assert.equal(throttled.headers.getSetCookie().length, 0, 'no session while throttled');

  // Another account from the same address is not affected.
  const erin = await server.createPerson({ name: 'Erin Unaffected' });
  await server.signIn(erin.email, erin.password);
});

test('sign-ins sent all at once are throttled as if one after another: at most five wrong passwords are tried', async () => {
  const fay = await server.createPerson({ name: 'Fay Parallel' });
  const anonymous = server.anonymous();
  const answers = await Promise.all(Array.from({ length: 30 }, (_, k) =>
    anonymous.post('/api/v1/session', { email: fay.email, password: `guess-${k}-password` })));
  const statuses = answers.map((res) => res.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5, `statuses: ${statuses}`);
  assert.equal(statuses.filter((s) => s === 429).length, 25, `statuses: ${statuses}`);
});

test('an unknown e-mail is throttled the same way (no hint that it does not exist)', async () => {
  const email = uniqueEmail('ghost');
  const anonymous = server.anonymous();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    expectError(await anonymous.post('/api/v1/session', { email, password: `wrong-${attempt}-password` }),
      401, 'unauthenticated');
  }
  const throttled = await anonymous.post('/api/v1/session', { email, password: 'still-wrong-password' });
  expectError(throttled, 429, 'rate_limited');
  assert.match(throttled.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
});

test('DELETE /api/v1/session is 204 also without a live session (API.md); a live one still needs its CSRF token', async () => {
  const none = await server.anonymous().delete('/api/v1/session');
  expectStatus(none, 204);
  assert.match(none.headers.get('set-cookie') ?? '', /weft_session=;/, 'the cookie is cleared');
  const person = await server.signedInPerson({ name: 'Sid Signout' });
  const cookie = person.cookie;
  const raw = async (headers) => {
    const res = await fetch(server.url('/api/v1/session'), { method: 'DELETE', headers });
    return { status: res.status, headers: res.headers, text: await res.text(), body: null };
  };
  expectStatus(await raw({ cookie }), 403);  // no CSRF token: the session lives on
  expectStatus(await person.client.get('/api/v1/me'), 200);
  expectStatus(await person.client.delete('/api/v1/session'), 204);
  expectStatus(await person.client.get('/api/v1/me'), 401);
  expectStatus(await raw({ cookie }), 204);  // the ended session's cookie again
});

// Last in this file: it throttles every sign-in from this address for the rest of the run.
test('fifty failed sign-ins from one address throttle all sign-ins from it (429)', async () => {
  const anonymous = server.anonymous();
  await server.signIn(ADMIN_EMAIL, ADMIN_PASSWORD); // not throttled yet
  const statuses = [];
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const email = `spray-${Math.floor(attempt / 4)}@nowhere.test`; // below the per-e-mail limit
    const res = await anonymous.post('/api/v1/session', { email, password: 'sprayed-password' });
    statuses.push(res.status);
  }
  assert.ok(statuses.every((status) => status === 401 || status === 429), `statuses: ${statuses}`);
  assert.ok(statuses.lastIndexOf(401) < statuses.indexOf(429) || !statuses.includes(429),
    `once throttled, always throttled: ${statuses}`);
  const throttled = await anonymous.post('/api/v1/session', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expectError(throttled, 429, 'rate_limited');
  assert.match(throttled.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
});
