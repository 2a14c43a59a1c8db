// The signed inbound hook (POST /api/v1/hooks/records) and inbound secrets: admin-only secrets shown
// once; Weft's contract form and the Standard Webhooks form (several signatures, one valid); 401 and
// nothing stored for a missing, malformed, stale, unknown, wrong, revoked or replayed signature;
// 413 over 256 KiB; 400 for a good signature over a bad body; rotation with an overlap; a key
// scoped to one system.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { member } from './social.mjs';

let server;
let admin;
let alice;

before(async () => {
  server = await startServer();
  admin = await server.admin();
  alice = await member(server, { name: 'Alice Hook' });
});

after(async () => {
  await server?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const key = () => unique('e').replace(/[^a-z0-9]/g, '');
function expense(fields = {}) {
  return {
    system: 'expenses', type: 'statement', external_id: `exp-${key()}`, title: 'Travel to Lyon',
    url: 'https://expenses.example.org/s/1', fields: { employee: 'Ada', amount: 412.5, currency: 'EUR' }, ...fields,
  };
}

function contractHeaders(id, secret, body, ts = now()) {
  const mac = crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  return { 'x-weft-key-id': id, 'x-weft-timestamp': String(ts), 'x-weft-signature': `sha256=${mac}` };
}

function standardSignature(secret, msgId, ts, body) {
  const keyBytes = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${crypto.createHmac('sha256', keyBytes).update(`${msgId}.${ts}.${body}`).digest('base64')}`;
}

async function send(body, headers) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(server.url('/api/v1/hooks/records'), {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text,
  });
}

async function newSecret(fields = {}) {
  return expectOk(await admin.client.post('/api/v1/inbound-secrets', { name: unique('CRM '), ...fields }), 201);
}

async function stored(externalId) {
  const res = expectOk(await admin.client.get(`/api/v1/records?external_id=${encodeURIComponent(externalId)}`));
  return res.items;
}

async function expect401(res, what) {
  assert.equal(res.status, 401, `${what}: ${res.status} ${await res.clone().text()}`);
  const body = await res.json();
  assert.equal(body.error.code, 'unauthenticated', what);
  return body.error.message;
}

test('inbound secrets are for admins; a secret is shown once and never listed', async () => {
  expectError(await alice.client.post('/api/v1/inbound-secrets', { name: 'Mine' }), 403);
  expectError(await alice.client.get('/api/v1/inbound-secrets'), 403);
  expectError(await server.anonymous().post('/api/v1/inbound-secrets', { name: 'Mine' }), 401);
  expectError(await admin.client.post('/api/v1/inbound-secrets', { name: '' }), 400, 'invalid_argument', 'name');
  expectError(await admin.client.post('/api/v1/inbound-secrets', { name: 'x', system: 'Bad System' }), 400,
    'invalid_argument', 'system');
  const made = await newSecret();
  assert.match(made.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const list = expectOk(await admin.client.get('/api/v1/inbound-secrets'));
  const listed = list.items.find((s) => s.id === made.id);
  assert.ok(listed);
  assert.ok(!JSON.stringify(list).includes(made.secret.slice(6, 30)), 'the value is never listed');
});

test('the contract form is accepted (202) and stores the record; the Standard form too', async () => {
  const { id, secret } = await newSecret();
  const body = JSON.stringify(expense());
  const res = await send(body, contractHeaders(id, secret, body));
  assert.equal(res.status, 202, await res.clone().text());
  const answer = await res.json();
  assert.equal(answer.status, 'created');
  const record = expectOk(await alice.client.get(`/api/v1/records/${answer.record_id}`));
  assert.equal(record.system, 'expenses');
  assert.equal(record.fields.amount, 412.5);

  // Standard Webhooks: several signatures, one valid (a rotation on the sender's side).
  const second = expense();
  const text = JSON.stringify(second);
  const ts = now();
  const msgId = `msg_${key()}`;
  const wrong = standardSignature(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, msgId, ts, text);
  const res2 = await send(text, {
    'webhook-id': msgId, 'webhook-timestamp': String(ts),
    'webhook-signature': `${wrong} v1a,ignored ${standardSignature(secret, msgId, ts, text)}`,
  });
  assert.equal(res2.status, 202, await res2.clone().text());
  assert.equal((await stored(second.external_id)).length, 1);

  // The same record again with new values: updated, and the change is tracked.
  const changed = JSON.stringify({ ...JSON.parse(body), fields: { employee: 'Ada', amount: 500, currency: 'EUR' } });
  const res3 = await send(changed, contractHeaders(id, secret, changed));
  assert.equal((await res3.json()).status, 'updated');
  const changes = expectOk(await admin.client.get(`/api/v1/records/${answer.record_id}/changes`)).items;
  assert.deepEqual(changes.map((c) => [c.field, c.old, c.new]), [['amount', 412.5, 500]]);
});

test('401 and nothing stored: missing, malformed, stale, future, unknown key, wrong, changed body, revoked', async () => {
  const { id, secret } = await newSecret();
  const record = expense();
  const body = JSON.stringify(record);
  const good = contractHeaders(id, secret, body);
  const upper = { ...good, 'x-weft-signature': good['x-weft-signature'].toUpperCase().replace('SHA256=', 'sha256=') };
  const cases = [
    ['no headers', {}],
    ['no key id', { ...good, 'x-weft-key-id': '' }],
    ['no timestamp', { ...good, 'x-weft-timestamp': '' }],
    ['uppercase hex', upper],
    ['sha1 prefix', { ...good, 'x-weft-signature': good['x-weft-signature'].replace('sha256=', 'sha1=') }],
    // Stale and future: signed at send time (below); the unit tests hold the exact ±300/301 s edge
    // with a fixed clock, here a second of slack keeps a clock tick between test and server out.
    ['301 s old', () => contractHeaders(id, secret, body, now() - 301)],
    ['302 s ahead', () => contractHeaders(id, secret, body, now() + 302)],
    ['unknown key', contractHeaders('999999', secret, body)],
    ['another key id', contractHeaders(String(Number(id) + 1000), secret, body)],
    ['wrong secret', contractHeaders(id, `${secret}x`, body)],
    ['signed other body', contractHeaders(id, secret, `${body} `)],
    ['Standard without id', { 'webhook-timestamp': String(now()), 'webhook-signature': 'v1,abc' }],
    ['Standard garbage', { 'webhook-id': 'm1', 'webhook-timestamp': String(now()), 'webhook-signature': 'garbage' }],
    ['Standard wrong', { 'webhook-id': 'm1', 'webhook-timestamp': String(now()),
      'webhook-signature': standardSignature(secret, 'm2', now(), body) }],
  ];
  const messages = {};
  for (const [what, headers] of cases) {
    messages[what] = await expect401(await send(body, typeof headers === 'function' ? headers() : headers), what);
  }
  assert.match(messages['301 s old'], /5 minutes/);
  assert.equal(messages['unknown key'], messages['wrong secret'], 'an unknown key and a wrong one look alike');
  assert.deepEqual(await stored(record.external_id), [], 'nothing stored');
  // ±300 s is accepted.
  const edge = JSON.stringify(expense());
  assert.equal((await send(edge, contractHeaders(id, secret, edge, now() - 295))).status, 202);
  // A revoked secret signs nothing.
  expectNoContent(await admin.client.delete(`/api/v1/inbound-secrets/${id}`));
  await expect401(await send(body, contractHeaders(id, secret, body)), 'revoked');
  assert.deepEqual(await stored(record.external_id), []);
  expectNoContent(await admin.client.delete(`/api/v1/inbound-secrets/${id}`));
  expectError(await admin.client.delete('/api/v1/inbound-secrets/999999'), 404);
});

test('a replay is refused; an oversize body is 413; a good signature over a bad body is 400', async () => {
  const { id, secret } = await newSecret();
  const body = JSON.stringify(expense());
  const headers = contractHeaders(id, secret, body);
  assert.equal((await send(body, headers)).status, 202);
  const message = await expect401(await send(body, headers), 'replayed');
  assert.match(message, /replay/);
  // Standard form: the same message id, timestamp and body again.
  const text = JSON.stringify(expense());
  const ts = now();
  const std = { 'webhook-id': 'msg_replay', 'webhook-timestamp': String(ts),
    'webhook-signature': standardSignature(secret, 'msg_replay', ts, text) };
  assert.equal((await send(text, std)).status, 202);
  await expect401(await send(text, std), 'replayed (Standard)');

  const big = JSON.stringify(expense({ fields: { blob: 'x'.repeat(3000) }, title: 'y'.repeat(300) })).padEnd(300 * 1024, ' ');
  const res = await send(big, contractHeaders(id, secret, big));
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'payload_too_large');

  for (const [bad, code] of [['not json', 'malformed_json'], [JSON.stringify({ ...expense(), fields: [1] }), 'invalid_argument']]) {
    const h = contractHeaders(id, secret, bad);
    const first = await send(bad, h);
    assert.equal(first.status, 400);
    assert.equal((await first.json()).error.code, code);
    const again = await send(bad, h);
    assert.equal(again.status, 400, 'the refused request left no trace: the same one is refused the same way');
  }
});

test('rotation: the old value signs during the overlap only; overlap 0 ends it at once', async () => {
  const { id, secret: old } = await newSecret();
  const rotated = expectOk(await admin.client.post(`/api/v1/inbound-secrets/${id}/rotate`, { overlap_seconds: 3600 }));
  assert.equal(rotated.id, id);
  assert.notEqual(rotated.secret, old);
  for (const secret of [old, rotated.secret]) {
    const body = JSON.stringify(expense());
    assert.equal((await send(body, contractHeaders(id, secret, body))).status, 202);
  }
  const listed = expectOk(await admin.client.get('/api/v1/inbound-secrets')).items.find((s) => s.id === id);
  assert.ok(listed.previous_key_expires_at, 'the overlap shows');
  const again = expectOk(await admin.client.post(`/api/v1/inbound-secrets/${id}/rotate`, { overlap_seconds: 0 }));
  for (const secret of [old, rotated.secret]) {
    const body = JSON.stringify(expense());
    await expect401(await send(body, contractHeaders(id, secret, body)), 'an old value after overlap 0');
  }
  const body = JSON.stringify(expense());
  assert.equal((await send(body, contractHeaders(id, again.secret, body))).status, 202);
  expectError(await admin.client.post(`/api/v1/inbound-secrets/${id}/rotate`, { overlap_seconds: 604801 }), 400,
    'invalid_argument', 'overlap_seconds');
});

test('a secret scoped to a system sends only that system\'s records', async () => {
  const { id, secret } = await newSecret({ system: 'expenses' });
  const ok = JSON.stringify(expense());
  assert.equal((await send(ok, contractHeaders(id, secret, ok))).status, 202);
  const other = JSON.stringify(expense({ system: 'crm' }));
  const res = await send(other, contractHeaders(id, secret, other));
  assert.equal(res.status, 400);
  const error = (await res.json()).error;
  assert.equal(error.field, 'system');
  assert.match(error.message, /only sends records of system expenses/);
});

test('a request signed with both keys of a rotation is not accepted again carrying the other signature', async () => {
  const { id, secret: old } = await newSecret();
  const rotated = expectOk(await admin.client.post(`/api/v1/inbound-secrets/${id}/rotate`, { overlap_seconds: 3600 }));
  const text = JSON.stringify(expense());
  const ts = now();
  const a = standardSignature(old, 'msg_both', ts, text);
  const b = standardSignature(rotated.secret, 'msg_both', ts, text);
  const base = { 'webhook-id': 'msg_both', 'webhook-timestamp': String(ts) };
  assert.equal((await send(text, { ...base, 'webhook-signature': `${a} ${b}` })).status, 202);
  await expect401(await send(text, { ...base, 'webhook-signature': b }), 'the second signature alone');
  await expect401(await send(text, { ...base, 'webhook-signature': a }), 'the first signature alone');
});
