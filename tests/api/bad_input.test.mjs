// Hostile and broken input: every write endpoint under test gets malformed, truncated, mistyped,
// deeply nested, oversized and non-UTF-8 bodies. Each must be a 4xx JSON error (never a 500),
// nothing may be written (checked by a read afterwards), and the server must keep answering.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniqueEmail, ADMIN_EMAIL } from './server.mjs';
import { rawExchange, jsonOf } from './raw_http.mjs';
import { expectClientError, expectError, expectList, expectOk } from './expect.mjs';

const kTwoMiB = 2 * 1024 * 1024;

let server;
let admin;
let member;
let target;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  member = await server.signedInPerson({ name: 'Bad Input Member', title: 'Original' });
  target = await server.signedInPerson({ name: 'Bad Input Target' });
  expectOk(await target.client.patch('/api/v1/people/me', { skills: ['Rust'] }));
});
after(async () => {
  await server?.stop();
});

/** Replaces the value of `key` in the serialized body with raw bytes. */
function withRawValue(valid, key, rawValue) {
  const marker = '"__RAW_VALUE_MARKER__"';
  const [head, tail] = JSON.stringify({ ...valid, [key]: '__RAW_VALUE_MARKER__' }).split(marker);
  return Buffer.concat([Buffer.from(head), Buffer.isBuffer(rawValue) ? rawValue : Buffer.from(rawValue), Buffer.from(tail)]);
}
const nested = (depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const stringWithBytes = (...bytes) => Buffer.concat([Buffer.from('"ok'), Buffer.from(bytes), Buffer.from('"')]);

// Each endpoint: how to call it, a valid body, the string field to corrupt, typed and missing
// field cases, and a read that must not change.
const endpoints = [
  {
    name: 'POST /api/v1/people',
    method: 'POST',
    path: () => '/api/v1/people',
    client: () => admin,
    valid: () => ({ name: 'Never Created', email: uniqueEmail('never'), password: 'password-123' }),
    key: 'name',
    wrongTypes: [[{ name: 5 }, 'name'], [{ email: ['a@b.c'] }, 'email'], [{ password: true }, 'password'],
      [{ role: 1 }, 'role'], [{ unit_id: {} }, 'unit_id'], [{ title: [] }, 'title'], [{ handle: 3 }, 'handle']],
    missing: ['name', 'email', 'password'],
    snapshot: async () => expectList(await admin.client.get('/api/v1/people?limit=100')).items.map((p) => p.id),
  },
  {
    name: 'PATCH /api/v1/people/me',
    method: 'PATCH',
    path: () => '/api/v1/people/me',
    client: () => member,
    valid: () => ({ name: 'Never Renamed', title: 'Never Retitled' }),
    key: 'name',
    wrongTypes: [[{ name: 5 }, 'name'], [{ title: {} }, 'title'], [{ bio: 1.5 }, 'bio'], [{ skills: 'Rust' }, 'skills'],
      [{ skills: [['Rust']] }, 'skills']],
    missing: [],
    snapshot: async () => {
      const me = expectOk(await member.client.get('/api/v1/me'));
      return [me.name, me.title, me.bio, me.skills];
    },
  },
  {
    name: 'POST /api/v1/units',
    method: 'POST',
    path: () => '/api/v1/units',
    client: () => admin,
    valid: () => ({ name: 'Never Unit', parent_id: null }),
    key: 'name',
    wrongTypes: [[{ name: 5 }, 'name'], [{ name: ['x'] }, 'name'], [{ parent_id: {} }, 'parent_id']],
    missing: ['name'],
    snapshot: async () => expectList(await admin.client.get('/api/v1/units')).items.map((u) => u.id),
  },
  {
    name: 'POST /api/v1/tokens',
    method: 'POST',
    path: () => '/api/v1/tokens',
    client: () => member,
    valid: () => ({ name: 'never-token', scopes: ['read'] }),
    key: 'name',
    wrongTypes: [[{ name: 5 }, 'name'], [{ scopes: 'read' }, 'scopes'], [{ scopes: [true] }, 'scopes'],
      [{ scopes: { read: true } }, 'scopes']],
    missing: ['name', 'scopes'],
    snapshot: async () => expectOk(await member.client.get('/api/v1/tokens')).items.map((t) => t.id),
  },
  {
    name: 'POST /api/v1/people/{id}/endorsements',
    method: 'POST',
    path: () => `/api/v1/people/${target.person.id}/endorsements`,
    client: () => member,
    valid: () => ({ skill: 'Rust' }),
    key: 'skill',
    wrongTypes: [[{ skill: 5 }, 'skill'], [{ skill: ['Rust'] }, 'skill'], [{ skill: { name: 'Rust' } }, 'skill']],
    missing: ['skill'],
    snapshot: async () => expectOk(await admin.client.get(`/api/v1/people/${target.person.id}`)).skills,
  },
  {
    name: 'POST /api/v1/session',
    method: 'POST',
    path: () => '/api/v1/session',
    client: () => ({ client: server.anonymous() }),
    valid: () => ({ email: ADMIN_EMAIL, password: 'not-the-password' }),
    key: 'email',
    wrongTypes: [[{ email: 5 }, 'email'], [{ password: 5 }, 'password'], [{ email: null }, 'email']],
    missing: ['email', 'password'],
    snapshot: async () => null,
  },
];

/** Bodies that are not a JSON object at all: 400 malformed_json. */
function malformedBodies(valid, key) {
  const json = JSON.stringify(valid);
  return [
    ['syntax error', '{"name": nope}'],
    ['truncated JSON', json.slice(0, -3)],
    ['truncated inside a string', json.slice(0, json.indexOf(':') + 4)],
    ['empty body', ''],
    ['whitespace only', '   \n'],
    ['a JSON array', JSON.stringify([valid])],
    ['a JSON string', '"just a string"'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['trailing garbage', `${json} trailing`],
    ['two objects', `${json}${json}`],
    ['single quotes', "{'name':'x'}"],
    ['NaN literal', `{"${key}":NaN}`],
    ['a NUL character in a string', `{"${key}":"a\\u0000b"}`],
    ['a comment', `{/* comment */"${key}":"x"}`],
    ['unescaped control character', withRawValue(valid, key, Buffer.from([0x22, 0x61, 0x01, 0x62, 0x22]))],
    ['invalid UTF-8 (ff fe)', withRawValue(valid, key, stringWithBytes(0xff, 0xfe))],
    ['overlong UTF-8 (c0 af)', withRawValue(valid, key, stringWithBytes(0xc0, 0xaf))],
    ['UTF-8-encoded surrogate (ed a0 80)', withRawValue(valid, key, stringWithBytes(0xed, 0xa0, 0x80))],
    ['truncated UTF-8 sequence (e2 82)', withRawValue(valid, key, stringWithBytes(0xe2, 0x82))],
    ['invalid UTF-8 in a key', Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from(`":1,"${key}":"x"}`)])],
    ['10,000-deep object nesting in a field', withRawValue(valid, key, nested(10_000))],
    ['10,000-deep array nesting as the body', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000 unclosed brackets', '['.repeat(10_000)],
    ['33-deep nesting in a field', withRawValue(valid, key, nested(33))],
  ];
}

async function send(endpoint, body) {
  return endpoint.client().client.request(endpoint.method, endpoint.path(), body, { raw: true });
}

function rawHeaders(endpoint, extra) {
  const { cookie, csrf } = endpoint.client();
  return [
    `${endpoint.method} ${endpoint.path()} HTTP/1.1`,
    `Host: 127.0.0.1:${server.port}`,
    'Content-Type: application/json',
    ...(cookie ? [`Cookie: ${cookie}`, `X-CSRF-Token: ${csrf}`] : []),
    ...extra,
    '',
    '',
  ].join('\r\n');
}

for (const endpoint of endpoints) {
  test(`${endpoint.name} answers bad bodies with 4xx JSON and writes nothing`, async (t) => {
    const before = await endpoint.snapshot();
    const valid = endpoint.valid();

    for (const [label, body] of malformedBodies(valid, endpoint.key)) {
      await t.test(`${label} → 400 malformed_json`, async () => {
        expectError(await send(endpoint, body), 400, 'malformed_json');
      });
    }
    for (const [patch, field] of endpoint.wrongTypes) {
      await t.test(`wrong type ${JSON.stringify(patch)} → 400 invalid_argument (${field})`, async () => {
        expectError(await send(endpoint, JSON.stringify({ ...valid, ...patch })), 400, 'invalid_argument', field);
      });
    }
    for (const field of endpoint.missing) {
      await t.test(`missing ${field} → 400 invalid_argument`, async () => {
        const body = { ...valid };
        delete body[field];
        expectError(await send(endpoint, JSON.stringify(body)), 400, 'invalid_argument', field);
      });
    }
    for (const huge of ['1e999999', '-1e400', '123456789012345678901234567890', `9${'9'.repeat(5000)}`]) {
      await t.test(`huge number ${huge.slice(0, 32)} in ${endpoint.key} → 400`, async () => {
        const res = await send(endpoint, withRawValue(valid, endpoint.key, huge));
        expectStatus400(res);
      });
    }
    await t.test(`2 MiB body with Content-Length → 413 payload_too_large`, async () => {
      const body = Buffer.from(JSON.stringify({ ...valid, padding: 'x'.repeat(kTwoMiB) }));
      const chunks = [rawHeaders(endpoint, [`Content-Length: ${body.length}`, 'Connection: close'])];
      for (let at = 0; at < body.length; at += 64 * 1024) chunks.push(body.subarray(at, at + 64 * 1024));
      await expectTooLarge(chunks, { graceAfterHeadMs: 300 });
    });
    await t.test(`2 MiB chunked body → 413 payload_too_large`, async () => {
      const chunk = Buffer.from('x'.repeat(64 * 1024));
      const head = Buffer.from(`{"${endpoint.key}":"`);
      const chunks = [rawHeaders(endpoint, ['Transfer-Encoding: chunked', 'Connection: close'])];
      chunks.push(`${head.length.toString(16)}\r\n`, head, '\r\n');
      for (let sent = 0; sent < kTwoMiB; sent += chunk.length) chunks.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n');
      chunks.push('2\r\n"}\r\n0\r\n\r\n');
      await expectTooLarge(chunks, {});
    });

    assert.deepEqual(await endpoint.snapshot(), before, 'nothing was written');
  });
}

/**
 * Sends an oversized request and expects 413 payload_too_large. A server that closes the
 * connection without lingering can reset it before its answer is read; that is retried a couple
 * of times (and reported if it never gets through), any other answer fails at once.
 */
async function expectTooLarge(chunks, options) {
  const outcomes = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const res = await rawExchange(server.port, chunks, options);
    if (res.status === null && res.socketError) {
      outcomes.push(`connection ${res.socketError} before any answer`);
      continue;
    }
    assert.equal(res.status, 413, `got ${res.status} ${res.body.slice(0, 200)}`);
    assert.equal(jsonOf(res)?.error?.code, 'payload_too_large', res.body.slice(0, 200));
    return;
  }
  assert.fail(`no 413 answer could be read: ${outcomes.join('; ')}`);
}

function expectStatus400(res) {
  expectClientError(res);
  assert.equal(res.status, 400, `${res.method} ${res.path} → ${res.status} ${res.text.slice(0, 200)}`);
}

test('a body just under 1 MiB is read, not refused as too large', async () => {
  const res = await member.client.patch('/api/v1/people/me', { bio: 'b'.repeat(1_000_000) });
  expectError(res, 400, 'invalid_argument', 'bio');
  assert.equal(expectOk(await member.client.get('/api/v1/me')).bio, '');
});

test('odd but well-formed strings never cause a 500', async () => {
  const probes = ['\u0000', 'a\u0000b', '\ud800', '\udc00x', '\uffff', '🦀'.repeat(50), '\u202e', '<script>alert(1)</script>'];
  for (const name of probes) {
    const res = await member.client.patch('/api/v1/people/me', { title: name });
    assert.ok(res.status === 200 || res.status === 400, `title ${JSON.stringify(name)} → ${res.status} ${res.text}`);
    if (res.status === 400) expectClientError(res);
    const me = expectOk(await member.client.get('/api/v1/me'));
    if (res.status === 200) assert.equal(me.title, res.body.title, 'what was answered is what is stored');
  }
  expectOk(await member.client.patch('/api/v1/people/me', { title: 'Original' }));
  // A NUL is refused wherever it is, so that both stores keep the same text.
  expectError(await member.client.patch('/api/v1/people/me', { title: 'a\u0000b' }), 400, 'malformed_json');
  expectError(await member.client.post('/api/v1/posts', { body: 'before\u0000after', audience: 'public' }), 400, 'malformed_json');
  assert.equal(expectOk(await member.client.get('/api/v1/me')).title, 'Original');
});

test('bad query strings and path ids are 4xx, never 500', async () => {
  const client = admin.client;
  for (const limit of ['1e999', '99999999999999999999999', '%00', '0x10', '%20']) {
    expectError(await client.get(`/api/v1/people?limit=${limit}`), 400, 'invalid_argument', 'limit');
  }
  for (const query of [`q=${'a'.repeat(5000)}`, 'q=%FF%FE', 'q=%00', 'unit_id=%FF', 'skill=%FF', 'q=a&q=b', 'q=%25%27%22']) {
    const res = await client.get(`/api/v1/people?${query}`);
    assert.ok(res.status === 200 || res.status === 400, `?${query.slice(0, 40)} → ${res.status} ${res.text.slice(0, 200)}`);
    if (res.status === 400) expectClientError(res);
  }
  for (const id of ['99999999999999999999999999999', '-1', '0', "1'%20OR%20'1'='1", '%FF%FE', '%00', 'a'.repeat(2000)]) {
    for (const path of [`/api/v1/people/${id}`, `/api/v1/units/${id}`, `/api/v1/people/${id}/followers`]) {
      const res = await client.get(path);
      assert.ok(res.status === 404 || res.status === 400, `${path.slice(0, 60)} → ${res.status} ${res.text.slice(0, 200)}`);
      expectClientError(res);
    }
  }
  expectList(await client.get('/api/v1/people'));
});

test('garbage on the wire gets a 4xx or a closed connection, and the server lives on', async () => {
  const port = server.port;
  const requests = [
    ['a garbage request line', ['GARBAGE\r\n\r\n']],
    ['an unknown HTTP version', ['GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n']],
    ['binary noise', [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))]],
    ['a header line without a colon', ['GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n']],
    ['a 100 kB header', [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`]],
    ['10,000 headers', [`GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-H: v\r\n'.repeat(10_000)}\r\n`]],
    ['a non-numeric Content-Length', ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']],
    ['a negative Content-Length', ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}']],
    ['both Content-Length and chunked', ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n']],
    ['a bad chunk size', ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n']],
    ['a huge Content-Length', ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n']],
  ];
  for (const [label, chunks] of requests) {
    const res = await rawExchange(port, chunks, { timeoutMs: 5000 });
    assert.ok(res.status === null || (res.status >= 400 && res.status < 500) || res.status === 505,
      `${label}: got ${res.status} ${res.body?.slice(0, 200)}`);
    expectOk(await server.anonymous().get('/healthz'));
  }
});

test('a body cut short by the client is not processed', async () => {
  const before = expectList(await admin.client.get('/api/v1/units')).items.length;
  const body = JSON.stringify({ name: 'Half Unit', parent_id: null });
  const head = [
    'POST /api/v1/units HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Content-Type: application/json',
    `Cookie: ${admin.cookie}`, `X-CSRF-Token: ${admin.csrf}`, `Content-Length: ${body.length + 50}`, '', '',
  ].join('\r\n');
  const res = await rawExchange(server.port, [head, body], { end: true, timeoutMs: 5000 });
  assert.ok(res.status === null || (res.status >= 400 && res.status < 500), `got ${res.status}`);
  assert.equal(expectList(await admin.client.get('/api/v1/units')).items.length, before);
});

test('the server still answers /healthz after all of it', async () => {
  const res = await server.anonymous().get('/healthz');
  assert.deepEqual(expectOk(res), { status: 'ok' });
  expectOk(await member.client.get('/api/v1/me'));
});
