// Single sign-on (OpenID Connect, docs/design/identity.md) against a provider running on
// loopback (oidc_provider.mjs): an admin sets it up; people sign in with the authorization code
// flow and PKCE, are made just in time from the claims or linked by e-mail; forged, expired,
// wrongly addressed or wrongly issued ID tokens, "none" and HMAC algorithms, unknown keys and a
// replayed state are refused with a reason and create nobody; keys may rotate; passwords can be
// turned off for everyone but a break-glass admin.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { makeKey, startProvider } from './oidc_provider.mjs';

let server;
let admin;
let provider;

before(async () => {
  server = await startServer();
  admin = (await server.admin()).client;
  provider = await startProvider();
  expectOk(await admin.put('/api/v1/admin/oidc', {
    issuer: provider.url, client_id: provider.clientId, client_secret: provider.clientSecret, display_name: 'Acme ID',
    claims: { unit: 'department' },
  }));
});
after(async () => {
  await server?.stop();
  await provider?.stop();
});

/** The whole round trip as a browser makes it: start → provider → callback. */
async function signInThroughProvider(user, { returnTo = '/spaces', replay = false } = {}) {
  provider.user = user;
  const started = await fetch(server.url(`/api/v1/auth/oidc/start?return_to=${encodeURIComponent(returnTo)}`), { redirect: 'manual' });
  assert.equal(started.status, 302);
  // The browser keeps the state in a cookie of its own (Path=/api/v1/auth/oidc) until the callback.
  const stateCookie = started.headers.getSetCookie().find((c) => c.startsWith('weft_oidc_state='));
  assert.match(stateCookie, /HttpOnly; SameSite=Lax; Max-Age=600/);
  const browser = { cookie: stateCookie.split(';')[0] };
  const atProvider = await fetch(started.headers.get('location'), { redirect: 'manual' });
  assert.equal(atProvider.status, 302);
  const callback = atProvider.headers.get('location');
  const back = await fetch(callback, { redirect: 'manual', headers: browser });
  assert.equal(back.status, 302);
  const cookie = back.headers.getSetCookie().find((c) => c.startsWith('weft_session='));
  const result = { location: back.headers.get('location'), cookie: cookie?.split(';')[0], callback };
  if (replay) result.replayed = await fetch(callback, { redirect: 'manual', headers: browser });
  return result;
}

async function me(cookie) {
  const res = await fetch(server.url('/api/v1/me'), { headers: { cookie } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

test('the sign-in page learns of the provider; the start redirects with code flow, state, nonce and an S256 challenge', async () => {
  const providers = expectOk(await server.anonymous().get('/api/v1/auth/providers'));
  assert.deepEqual(providers, { local_passwords: true, oidc: { name: 'Acme ID', start_url: '/api/v1/auth/oidc/start' } });
  const started = await fetch(server.url('/api/v1/auth/oidc/start'), { redirect: 'manual' });
  const location = new URL(started.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, `${provider.url}/authorize`);
  const p = location.searchParams;
  assert.equal(p.get('response_type'), 'code');
  assert.equal(p.get('client_id'), provider.clientId);
  assert.equal(p.get('redirect_uri'), server.url('/api/v1/auth/oidc/callback'));
  assert.equal(p.get('code_challenge_method'), 'S256');
  assert.match(p.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(p.get('state'), /^[0-9a-f]{64}$/);
  assert.match(p.get('nonce'), /^[0-9a-f]{64}$/);
  assert.match(p.get('scope'), /openid/);
  const settings = expectOk(await admin.get('/api/v1/admin/oidc'));
  assert.equal(settings.has_client_secret, true);
  assert.ok(!('client_secret' in settings), 'the secret never comes back');
  assert.equal(settings.redirect_uri, server.url('/api/v1/auth/oidc/callback'));
});

test('first sign-in makes the person from the claims; the next finds them; someone known by e-mail is linked', async () => {
  const email = `${unique('sso')}@example.com`;
  const user = { sub: unique('sub-'), email, email_verified: true, name: 'Sana Single', title: 'Planner', department: 'Planning' };
  const first = await signInThroughProvider(user, { returnTo: '/spaces' });
  assert.equal(first.location, '/spaces');
  assert.ok(first.cookie, 'a session cookie');
  const who = await me(first.cookie);
  assert.equal(who.status, 200);
  assert.deepEqual([who.body.email, who.body.name, who.body.title], [email, 'Sana Single', 'Planner']);
  const units = expectOk(await admin.get('/api/v1/units')).items;
  assert.equal(units.find((u) => u.id === who.body.unit_id)?.name, 'Planning');
  const again = await signInThroughProvider({ ...user, name: 'Renamed There' });
  assert.equal((await me(again.cookie)).body.id, who.body.id, 'the same person by subject');
  // Someone with a password already: the provider's first sign-in links them.
  const local = await server.createPerson({ name: 'Lena Local' });
  const linked = await signInThroughProvider({ sub: unique('sub-'), email: local.email, email_verified: true, name: 'Lena L' });
  assert.equal((await me(linked.cookie)).body.id, local.person.id);
  // An address the provider says is unverified links nobody: a new account cannot take it.
  const other = await server.createPerson({ name: 'Otto Other' });
  const unverified = await signInThroughProvider({ sub: unique('sub-'), email: other.email, email_verified: false, name: 'Mallory' });
  assert.ok(unverified.location.startsWith('/signin?sso_error='), unverified.location);
  assert.equal(unverified.cookie, undefined);
  // Signing out of Weft says where to sign out of the provider too (RP-initiated logout).
  const out = await fetch(server.url('/api/v1/session'), { method: 'DELETE', headers: { cookie: again.cookie,
    'x-csrf-token': (await (await fetch(server.url('/api/v1/session'), { headers: { cookie: again.cookie } })).json()).csrf_token } });
  assert.equal(out.status, 204);
  const logout = new URL(out.headers.get('weft-logout-url'));
  assert.equal(`${logout.origin}${logout.pathname}`, `${provider.url}/logout`);
  assert.equal(logout.searchParams.get('client_id'), provider.clientId);
  assert.equal(logout.searchParams.get('post_logout_redirect_uri'), server.url('/signin'));
  assert.equal((await me(again.cookie)).status, 401, 'the Weft session ended');
  // A return address elsewhere is not followed.
  for (const returnTo of ['//evil.example.com/x', '/\t/evil.example.com', '/\\evil.example.com', '/\n/evil.example.com',
    '/ /evil.example.com', 'https://evil.example.com']) {
    const away = await signInThroughProvider(user, { returnTo });
    assert.equal(away.location, '/', JSON.stringify(returnTo));
  }
  assert.equal((await signInThroughProvider(user, { returnTo: '/spaces?tab=mine#top' })).location, '/spaces?tab=mine#top');
});

test('refused ID tokens: forged, expired, another audience or issuer, wrong nonce, none, HMAC, unknown key; a replayed state; nothing is created', async () => {
  const forger = makeKey('key-1');
  const cases = [
    ['forged', (c, h) => ({ key: forger }), 'signature does not verify'],
    ['expired', (c) => ({ claims: { ...c, exp: c.iat - 3600, iat: c.iat - 4000 } }), 'expired'],
    ['another audience', (c) => ({ claims: { ...c, aud: 'someone-else' } }), 'another client'],
    ['another issuer', (c) => ({ claims: { ...c, iss: 'http://127.0.0.1:1' } }), 'issued by someone else'],
    ['another nonce', (c) => ({ claims: { ...c, nonce: 'not-this-one' } }), 'nonce'],
    ['alg none', (c, h) => ({ header: { ...h, alg: 'none' } }), 'not accepted'],
    ['HS256 with the public key', (c, h) => ({ header: { ...h, alg: 'HS256' } }), 'not accepted'],
    ['an unknown key id', (c, h) => ({ header: { ...h, kid: 'key-404' }, key: makeKey('key-404') }), 'key id key-404'],
  ];
  for (const [what, bend, because] of cases) {
    provider.bend = bend;
    const email = `${unique('bad')}@example.com`;
    const result = await signInThroughProvider({ sub: unique('sub-'), email, email_verified: true, name: 'Never Made' });
    provider.bend = null;
    assert.ok(result.location.startsWith('/signin?sso_error='), `${what}: ${result.location}`);
    const reason = decodeURIComponent(result.location.split('sso_error=')[1]);
    assert.ok(reason.includes(because), `${what}: ${reason}`);
    assert.equal(result.cookie, undefined, `${what}: no session`);
    const found = expectOk(await admin.get(`/api/v1/people?q=${encodeURIComponent('Never Made')}`)).items;
    assert.equal(found.length, 0, `${what}: nobody was made`);
  }
  // The callback URL used twice: the state is spent.
  const once = await signInThroughProvider({ sub: unique('sub-'), email: `${unique('r')}@example.com`, name: 'Rita Replay' }, { replay: true });
  assert.ok(once.cookie);
  assert.equal(once.replayed.status, 302);
  assert.match(once.replayed.headers.get('location'), /^\/signin\?sso_error=.*used%20already/);
  // A callback made in another browser (an attacker's code and state sent to someone): refused,
  // and the state is spent.
  provider.user = { sub: unique('sub-'), email: `${unique('csrf')}@example.com`, name: 'Mallory Login' };
  const started = await fetch(server.url('/api/v1/auth/oidc/start'), { redirect: 'manual' });
  const attackers = (await fetch(started.headers.get('location'), { redirect: 'manual' })).headers.get('location');
  const victim = await fetch(attackers, { redirect: 'manual' });
  assert.match(victim.headers.get('location'), /^\/signin\?sso_error=.*not%20started%20in%20this%20browser/);
  assert.ok(!victim.headers.getSetCookie().some((c) => c.startsWith('weft_session=')), 'nobody signed in');
  // A made-up state, or none.
  for (const query of ['?code=x&state=deadbeef', '?code=x', '?state=&error=access_denied']) {
    const res = await fetch(server.url(`/api/v1/auth/oidc/callback${query}`), { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), /^\/signin\?sso_error=/);
  }
});

test('keys rotate: a token signed with a new key is accepted once the provider publishes it', async () => {
  const next = makeKey('key-2', 'ec');
  provider.keys = [provider.keys[0], next];
  provider.signingKey = next;
  try {
    // Weft fetches keys again at most once a second (a flood of unknown key ids fetches no more).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = provider.jwksRequests;
    const result = await signInThroughProvider({ sub: unique('sub-'), email: `${unique('rot')}@example.com`, name: 'Rolf Rotated' });
    assert.ok(result.cookie, result.location);
    assert.equal(provider.jwksRequests, before + 1, 'the keys were fetched again, once');
  } finally {
    provider.signingKey = provider.keys[0];
  }
});

test('a deactivated person is not signed in; passwords can be turned off for everyone but a break-glass admin', async () => {
  const user = { sub: unique('sub-'), email: `${unique('deac')}@example.com`, name: 'Dora Deactivated' };
  const first = await signInThroughProvider(user);
  const id = (await me(first.cookie)).body.id;
  expectOk(await admin.patch(`/api/v1/people/${id}`, { active: false }));
  const refused = await signInThroughProvider(user);
  assert.match(decodeURIComponent(refused.location), /deactivated/);

  const local = await server.createPerson({ name: 'Paula Password' });
  const adminMe = expectOk(await admin.get('/api/v1/me'));
  expectError(await admin.put('/api/v1/admin/oidc', { issuer: provider.url, client_id: provider.clientId, local_passwords: false }),
    400, 'invalid_argument', 'break_glass_email');
  expectOk(await admin.put('/api/v1/admin/oidc', { issuer: provider.url, client_id: provider.clientId, display_name: 'Acme ID',
    local_passwords: false, break_glass_email: adminMe.email }));
  assert.equal(expectOk(await server.anonymous().get('/api/v1/auth/providers')).local_passwords, false);
  expectError(await server.anonymous().post('/api/v1/session', { email: local.email, password: local.password }), 403, 'permission_denied');
  // The same answer for a wrong password: with passwords off, a sign-in tests no password.
  expectError(await server.anonymous().post('/api/v1/session', { email: local.email, password: 'not-her-password' }), 403, 'permission_denied');
  const glass = await server.anonymous().post('/api/v1/session', { email: adminMe.email, password: ADMIN_PASSWORD });
  assert.equal(glass.status, 200, 'the break-glass admin keeps a password');
  expectOk(await admin.put('/api/v1/admin/oidc', { issuer: provider.url, client_id: provider.clientId, display_name: 'Acme ID', local_passwords: true }));
  assert.equal((await server.anonymous().post('/api/v1/session', { email: local.email, password: local.password })).status, 200);
});

test('settings: admins only; the issuer must answer; scopes need openid; bad input changes nothing', async () => {
  const someone = await server.createPerson({ name: 'Nora Nonadmin' });
  const signed = await server.signIn(someone.email, someone.password);
  expectError(await signed.client.get('/api/v1/admin/oidc'), 403, 'permission_denied');
  expectError(await signed.client.put('/api/v1/admin/oidc', { issuer: provider.url, client_id: 'x' }), 403, 'permission_denied');
  const bad = [
    [{ issuer: 'http://127.0.0.1:9/nothing', client_id: 'x' }, 'issuer'],
    [{ issuer: 'not a url', client_id: 'x' }, 'issuer'],
    [{ issuer: provider.url }, 'client_id'],
    [{ issuer: provider.url, client_id: 'x', scopes: 'email profile' }, 'scopes'],
    [{ issuer: provider.url, client_id: 'x', claims: { shoe_size: 'x' } }, 'claims'],
    [{ issuer: provider.url, client_id: 'x', local_passwords: 'no' }, 'local_passwords'],
  ];
  for (const [body, field] of bad) expectError(await admin.put('/api/v1/admin/oidc', body), 400, 'invalid_argument', field);
  const kept = expectOk(await admin.get('/api/v1/admin/oidc'));
  assert.equal(kept.client_id, provider.clientId, 'nothing changed');
  assert.equal(kept.issuer, provider.url);
});

test('a subject is the same person only at the issuer that linked it: another provider\'s same subject is someone else', async () => {
  const sub = unique('u-');
  const alex = await signInThroughProvider({ sub, email: `${unique('alex')}@example.com`, name: 'Alex Issuer A' });
  const alexId = (await me(alex.cookie)).body.id;
  const other = await startProvider({ clientId: provider.clientId, clientSecret: provider.clientSecret });
  const settings = { client_id: provider.clientId, client_secret: provider.clientSecret, display_name: 'Acme ID', claims: { unit: 'department' } };
  const saved = provider;
  try {
    expectOk(await admin.put('/api/v1/admin/oidc', { ...settings, issuer: other.url }));
    provider = other;
    const mallory = await signInThroughProvider({ sub, email: `${unique('mallory')}@example.com`, name: 'Mallory Issuer B' });
    const signedIn = (await me(mallory.cookie)).body;
    assert.notEqual(signedIn.id, alexId, 'not Alex');
    assert.equal(signedIn.name, 'Mallory Issuer B');
  } finally {
    provider = saved;
    expectOk(await admin.put('/api/v1/admin/oidc', { ...settings, issuer: provider.url }));
    await other.stop();
  }
  // Back at the first provider, its subject is Alex again.
  const again = await signInThroughProvider({ sub, email: `${unique('alex2')}@example.com`, name: 'Alex Issuer A' });
  assert.equal((await me(again.cookie)).body.id, alexId);
});
