// Service endpoints and cross-cutting HTTP behaviour: /healthz, /metrics, /api/openapi.json,
// security headers, request ids, unknown paths and methods.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, INDEX_HTML } from './server.mjs';
import { expectError, expectOk, expectStatus } from './expect.mjs';
import { findOperation } from './openapi_check.mjs';

// Every operation the API tests call; the OpenAPI document must describe each one.
const kOperationsUnderTest = [
  ['GET', '/healthz'],
  ['GET', '/metrics'],
  ['POST', '/api/v1/session'],
  ['GET', '/api/v1/session'],
  ['DELETE', '/api/v1/session'],
  ['GET', '/api/v1/me'],
  ['POST', '/api/v1/tokens'],
  ['GET', '/api/v1/tokens'],
  ['DELETE', '/api/v1/tokens/tok1'],
  ['POST', '/api/v1/people'],
  ['GET', '/api/v1/people'],
  ['GET', '/api/v1/people/p1'],
  ['PATCH', '/api/v1/people/p1'],
  ['PATCH', '/api/v1/people/me'],
  ['POST', '/api/v1/people/p1/endorsements'],
  ['DELETE', '/api/v1/people/p1/endorsements/Rust'],
  ['PUT', '/api/v1/people/p1/follow'],
  ['DELETE', '/api/v1/people/p1/follow'],
  ['GET', '/api/v1/people/p1/followers'],
  ['GET', '/api/v1/people/p1/following'],
  ['POST', '/api/v1/units'],
  ['GET', '/api/v1/units'],
  ['GET', '/api/v1/units/u1'],
  ['PATCH', '/api/v1/units/u1'],
  ['GET', '/api/v1/skills'],
];

let server;
before(async () => {
  server = await startServer({ webDir: true });
});
after(async () => {
  await server?.stop();
});

test('GET /healthz answers {"status":"ok"} without authentication', async () => {
  const res = await server.anonymous().get('/healthz');
  const body = expectOk(res);
  assert.deepEqual(body, { status: 'ok' });
});

test('GET /api/openapi.json is an OpenAPI 3.x document', async () => {
  const res = await server.anonymous().get('/api/openapi.json');
  expectStatus(res, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(String(res.body.openapi), /^3\.\d+\.\d+$/);
  assert.equal(typeof res.body.info?.title, 'string');
  assert.equal(typeof res.body.info?.version, 'string');
  assert.equal(typeof res.body.paths, 'object');
});

test('openapi.json documents every operation the API tests use', async () => {
  const missing = kOperationsUnderTest
    .map(([method, path]) => findOperation(server.openapi, method, path))
    .filter((found) => found.problem)
    .map((found) => found.problem);
  assert.deepEqual(missing, []);
});

test('openapi.json $refs all resolve', async () => {
  const dangling = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      const target = node.$ref.startsWith('#/')
        ? node.$ref.slice(2).split('/').reduce((value, key) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], server.openapi)
        : undefined;
      if (target === undefined) dangling.push(node.$ref);
    }
    Object.values(node).forEach(visit);
  };
  visit(server.openapi);
  assert.deepEqual([...new Set(dangling)], []);
});

/** Sum of the `_total` counters whose labels carry exactly `route`. */
function counterForRoute(metricsText, route) {
  let sum = 0;
  for (const line of metricsText.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!match || !match[1].endsWith('_total')) continue;
    if (!match[2].includes(`"${route}"`)) continue;
    sum += Number(match[3]);
  }
  return sum;
}

test('GET /metrics counts requests per route and keeps latency histograms', async () => {
  const admin = await server.admin();
  const { person } = await server.createPerson({ name: 'Metric Subject' });
  expectOk(await admin.client.get(`/api/v1/people/${person.id}`));
  expectOk(await admin.client.get('/api/v1/me'));

  const first = await server.anonymous().get('/metrics');
  expectStatus(first, 200);
  assert.match(first.headers.get('content-type') ?? '', /^text\/plain/);
  const before = counterForRoute(first.text, '/api/v1/me');
  assert.ok(before >= 1, `a *_total counter labelled "/api/v1/me" should exist:\n${first.text.slice(0, 2000)}`);

  for (let i = 0; i < 3; i += 1) expectOk(await admin.client.get('/api/v1/me'));
  const second = await server.anonymous().get('/metrics');
  const after = counterForRoute(second.text, '/api/v1/me');
  assert.ok(after - before >= 3, `counter for /api/v1/me went from ${before} to ${after}`);

  assert.match(second.text, /^# TYPE \S+ histogram$/m, 'a histogram is declared');
  const buckets = second.text.split('\n').filter((line) => /_bucket\{/.test(line) && line.includes('"/api/v1/me"'));
  assert.ok(buckets.some((line) => line.includes('le="+Inf"')), 'the /api/v1/me histogram has a +Inf bucket');
  assert.ok(buckets.length >= 2, 'the /api/v1/me histogram has finite buckets too');

  // Routes are labelled by their template, not by the concrete id (bounded cardinality).
  assert.ok(!second.text.includes(`/api/v1/people/${person.id}"`), 'metrics must not label by concrete id');
  assert.ok(second.text.split('\n').some((line) => !line.startsWith('#') && line.includes('/api/v1/people/')),
    'the person route appears under its template');
});

function expectSecurityHeaders(res) {
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `nosniff on ${res.path}`);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /frame-ancestors\s+('none'|'self')/, `CSP with frame-ancestors on ${res.path}: "${csp}"`);
}

test('JSON answers carry nosniff and a CSP with frame-ancestors, errors included', async () => {
  const anonymous = server.anonymous();
  expectSecurityHeaders(await anonymous.get('/healthz'));
  expectSecurityHeaders(await anonymous.get('/api/openapi.json'));
  expectSecurityHeaders(await anonymous.get('/api/v1/me'));
  const admin = await server.admin();
  expectSecurityHeaders(await admin.client.get('/api/v1/me'));
  expectSecurityHeaders(await admin.client.get('/api/v1/no-such-thing'));
});

test('HTML answers carry nosniff and a CSP with frame-ancestors', async () => {
  const res = await server.anonymous().get('/');
  expectStatus(res, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(res.text, INDEX_HTML);
  expectSecurityHeaders(res);
  assert.match(res.headers.get('content-security-policy'), /default-src/, 'HTML CSP restricts default-src');
});

test('the API does not grant cross-origin access to other sites', async () => {
  const admin = await server.admin();
  const origin = 'https://evil.example';
  const res = await admin.client.get('/api/v1/me', { headers: { origin } });
  const allowOrigin = res.headers.get('access-control-allow-origin');
  assert.ok(allowOrigin === null || (allowOrigin !== origin && allowOrigin !== '*'),
    `Access-Control-Allow-Origin: ${allowOrigin}`);
  const preflight = await server.anonymous().request('OPTIONS', '/api/v1/people/me', undefined, {
    headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-csrf-token' },
  });
  assert.notEqual(preflight.headers.get('access-control-allow-origin'), origin);
  assert.notEqual(preflight.headers.get('access-control-allow-origin'), '*');
  assert.ok(preflight.status < 500, `preflight answered ${preflight.status}`);
});

test('X-Request-Id is echoed when the client sends one', async () => {
  const id = 'api-test-request-4f1c2a';
  const ok = await server.anonymous().get('/healthz', { headers: { 'x-request-id': id } });
  assert.equal(ok.headers.get('x-request-id'), id);
  const failed = await server.anonymous().get('/api/v1/me', { headers: { 'x-request-id': id } });
  expectStatus(failed, 401);
  assert.equal(failed.headers.get('x-request-id'), id);
});

test('X-Request-Id is generated when absent, different for each request', async () => {
  const first = await server.anonymous().get('/healthz');
  const second = await server.anonymous().get('/healthz');
  const error = await server.anonymous().get('/api/v1/me');
  const ids = [first, second, error].map((res) => res.headers.get('x-request-id'));
  for (const id of ids) assert.ok(id && id.length >= 8, `generated request id "${id}"`);
  assert.equal(new Set(ids).size, 3);
});

test('unknown /api paths answer 404 JSON not_found', async () => {
  const admin = await server.admin();
  for (const path of ['/api/v1/no-such-thing', '/api/v2/people', '/api/v1/people/x/no-such-thing', '/api/nothing']) {
    expectError(await admin.client.get(path), 404, 'not_found');
  }
  expectError(await admin.client.post('/api/v1/no-such-thing', { a: 1 }), 404, 'not_found');
});

test('a known path with an unsupported method answers 405 JSON method_not_allowed', async () => {
  const admin = await server.admin();
  expectError(await admin.client.delete('/api/v1/me'), 405, 'method_not_allowed');
  expectError(await admin.client.put('/api/v1/people', { name: 'x' }), 405, 'method_not_allowed');
  expectError(await admin.client.patch('/api/v1/units', { name: 'x' }), 405, 'method_not_allowed');
  expectError(await admin.client.post('/api/v1/skills', { name: 'x' }), 405, 'method_not_allowed');
  expectError(await server.anonymous().post('/healthz', {}), 405, 'method_not_allowed');
  // RFC 9110: a 405 lists the methods the resource supports.
  const res = await admin.client.delete('/api/v1/units');
  expectError(res, 405, 'method_not_allowed');
  const allowed = (res.headers.get('allow') ?? '').split(',').map((method) => method.trim()).sort();
  assert.deepEqual(allowed, ['GET', 'POST']);
});
