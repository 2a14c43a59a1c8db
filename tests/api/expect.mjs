// Assertions shared by the API tests. Failure messages carry the request and the start of the
// answer, so a red test says what the server did.

import assert from 'node:assert/strict';
import { checkResponse } from './openapi_check.mjs';

export const kRfc3339Utc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function describe(res) {
  return `${res.method} ${res.path} → ${res.status} ${res.text?.slice(0, 400) ?? ''}`;
}

export function expectStatus(res, status) {
  assert.equal(res.status, status, `expected ${status}: ${describe(res)}`);
}

function expectJsonContentType(res) {
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/i,
    `expected a JSON content type: ${describe(res)}`);
}

/** A successful JSON answer that also conforms to the served OpenAPI document; returns the body. */
export function expectOk(res, status = 200) {
  expectStatus(res, status);
  expectJsonContentType(res);
  assert.ok(res.body && typeof res.body === 'object', `expected a JSON body: ${describe(res)}`);
  expectConforms(res);
  return res.body;
}

/** A 204 with no body. */
export function expectNoContent(res) {
  expectStatus(res, 204);
  assert.equal(res.text, '', `204 should have no body: ${describe(res)}`);
}

/** The documented operation exists and the body holds its schema's required properties. */
export function expectConforms(res) {
  const spec = res.server.openapi;
  assert.ok(spec, `no OpenAPI document to check against (${res.server.openapiProblem})`);
  assert.deepEqual(checkResponse(spec, res), [], `response does not match openapi.json: ${describe(res)}`);
}

/** The error envelope {"error":{"code","message","field"?}} with the given status and code. */
export function expectError(res, status, code, field) {
  expectStatus(res, status);
  expectErrorEnvelope(res);
  if (code !== undefined) {
    assert.equal(res.body.error.code, code, `error code: ${describe(res)}`);
  }
  if (field !== undefined) {
    assert.equal(res.body.error.field, field, `error field: ${describe(res)}`);
  }
}

export function expectErrorEnvelope(res) {
  expectJsonContentType(res);
  assert.ok(res.body?.error && typeof res.body.error === 'object', `expected an error envelope: ${describe(res)}`);
  assert.match(res.body.error.code ?? '', /^[a-z][a-z0-9_]*$/, `error.code should be snake_case: ${describe(res)}`);
  assert.equal(typeof res.body.error.message, 'string', `error.message should be a string: ${describe(res)}`);
  assert.ok(res.body.error.message.length > 0, `error.message should not be empty: ${describe(res)}`);
}

/** Any 4xx with the error envelope (never 500). */
export function expectClientError(res) {
  assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx: ${describe(res)}`);
  expectErrorEnvelope(res);
}

/** The shape every person has (API.md, foundation.md "Person"). */
export function expectPerson(person) {
  assert.equal(typeof person.id, 'string', 'person.id is a string');
  for (const key of ['handle', 'name', 'email', 'role', 'created_at']) {
    assert.equal(typeof person[key], 'string', `person.${key} is a string: ${JSON.stringify(person)}`);
  }
  for (const key of ['title', 'unit_id', 'bio']) {
    assert.ok(key in person, `person has ${key}: ${JSON.stringify(person)}`);
  }
  assert.match(person.handle, /^[a-z0-9._-]{2,40}$/);
  assert.match(person.created_at, kRfc3339Utc);
  assert.ok(['admin', 'member', 'guest'].includes(person.role), `role ${person.role}`);
  assert.ok(Array.isArray(person.skills), 'person.skills is an array');
  for (const skill of person.skills) {
    assert.equal(typeof skill.name, 'string');
    assert.equal(typeof skill.endorsements, 'number');
    assert.equal(typeof skill.endorsed_by_me, 'boolean', `skill.endorsed_by_me: ${JSON.stringify(skill)}`);
  }
}

/** A list answer {"items":[...],"next_cursor":string|null}. */
export function expectList(res) {
  const body = expectOk(res);
  assert.ok(Array.isArray(body.items), `items is an array: ${describe(res)}`);
  assert.ok(body.next_cursor === null || typeof body.next_cursor === 'string',
    `next_cursor is a string or null: ${describe(res)}`);
  return body;
}
