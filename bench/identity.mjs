#!/usr/bin/env node
// Identity (issue 15) on a large demo store: what an identity provider's provisioning run costs
// — a `userName eq` lookup before each create (as Okta and Entra ID do), the create, a PATCH that
// deactivates, a page of users — and a whole single sign-on (start → provider → callback with the
// code redeemed and the ID token checked) against a provider on loopback, next to GET /healthz.
// Over HTTP on loopback, client, provider and server on the same cores.
// Usage: node bench/identity.mjs DATA_DIR [people=200]
// Prints a Markdown section for bench/RESULTS.md. Provisions `people` new people into the store.
import { ms, percentile, request, sequentialTimes, signIn, startServer } from './lib.mjs';
import { startProvider } from '../tests/api/oidc_provider.mjs';

const [dataDir, countText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/identity.mjs DATA_DIR [people]');
  process.exit(2);
}
const count = Number(countText || 200);
const { child, base } = await startServer(dataDir);
const admin = await signIn(base, 'admin@weft.demo');
const json = { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf };
const tokenRes = await request(`${base}/api/v1/tokens`, { method: 'POST', headers: json, body: JSON.stringify({ name: `bench ${Date.now()}`, scopes: ['scim'] }) });
const token = JSON.parse(tokenRes.text).token;
const scim = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
const timed = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const expect = (res, status, what) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
  return res;
};

const people = Number(JSON.parse(expect(await request(`${base}/scim/v2/Users?count=0`, { headers: scim }), 200, 'count').text).totalResults);
const run = Date.now().toString(36);
const lookups = [];
const creates = [];
const ids = [];
for (let k = 0; k < count; k++) {
  const email = `bench-${run}-${k}@example.com`;
  lookups.push(await timed(async () => expect(await request(`${base}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`, { headers: scim }), 200, 'lookup')));
  creates.push(await timed(async () => {
    const res = expect(await request(`${base}/scim/v2/Users`, { method: 'POST', headers: scim, body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      userName: email, displayName: `Bench Person ${k}`, externalId: `bench-${run}-${k}`,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `Bench unit ${k % 10}` },
    }) }), 201, 'create');
    ids.push(JSON.parse(res.text).id);
  }));
}
const patches = [];
for (const id of ids.slice(0, Math.min(100, ids.length))) {
  patches.push(await timed(async () => expect(await request(`${base}/scim/v2/Users/${id}`, { method: 'PATCH', headers: scim, body: JSON.stringify({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  }) }), 200, 'patch')));
}
const pages = await sequentialTimes(`${base}/scim/v2/Users?startIndex=50001&count=100`, scim, 20);
const externalLookups = await sequentialTimes(`${base}/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "bench-${run}-7"`)}`, scim, 50);

// Single sign-on through a provider on loopback.
const provider = await startProvider();
expect(await request(`${base}/api/v1/admin/oidc`, { method: 'PUT', headers: json, body: JSON.stringify({
  issuer: provider.url, client_id: provider.clientId, client_secret: provider.clientSecret, display_name: 'Bench ID' }) }), 200, 'oidc settings');
const signIns = [];
const callbacks = [];
for (let k = 0; k < 100; k++) {
  provider.user = { sub: `bench-${run}-sso-${k % 20}`, email: `bench-${run}-sso-${k % 20}@example.com`, email_verified: true, name: `Sso Person ${k % 20}` };
  signIns.push(await timed(async () => {
    const started = await fetch(`${base}/api/v1/auth/oidc/start`, { redirect: 'manual' });
    const state = started.headers.getSetCookie().find((c) => c.startsWith('weft_oidc_state=')).split(';')[0];
    const atProvider = await fetch(started.headers.get('location'), { redirect: 'manual' });
    const t = performance.now();
    const back = await fetch(atProvider.headers.get('location'), { redirect: 'manual', headers: { cookie: state } });
    callbacks.push(performance.now() - t);
    if (!back.headers.getSetCookie().some((c) => c.startsWith('weft_session='))) throw new Error(`sign-in ${k}: ${back.headers.get('location')}`);
  }));
}
expect(await request(`${base}/api/v1/admin/oidc`, { method: 'DELETE', headers: json }), 204, 'oidc off');
const health = await sequentialTimes(`${base}/healthz`, {}, 200);
await provider.stop();

const row = (name, times) => `| ${name} | ${times.length} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} |`;
console.log(`- ${people.toLocaleString('en')} people in the store before the run; ${count} provisioned by it.

| request | n | p50 | p99 |
|---|---|---|---|
${row('SCIM: `userName eq` lookup (before each create)', lookups)}
${row('SCIM: create a user (with a department: its unit)', creates)}
${row('SCIM: PATCH active "False" (deactivate: sessions and tokens end)', patches)}
${row('SCIM: `externalId eq` lookup', externalLookups)}
${row('SCIM: a page of 100 users at startIndex 50,001', pages)}
${row('single sign-on: start → provider → callback, whole', signIns)}
${row('single sign-on: the callback alone (code redeemed, ID token checked, session)', callbacks)}
${row('GET /healthz, for scale', health)}`);
child.kill('SIGTERM');
process.exit(0);
