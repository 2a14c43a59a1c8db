// Units: admins create and edit them, everyone signed in reads the tree; parents must exist and
// must not form a cycle.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectOk } from './expect.mjs';

let server;
let admin;
let member;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  member = await server.signedInPerson({ name: 'Uma Member' });
});
after(async () => {
  await server?.stop();
});

const createUnit = async (name, parentId = null) =>
  expectOk(await admin.client.post('/api/v1/units', { name, parent_id: parentId }), 201);
const unitsById = async (client = member.client) =>
  new Map(expectList(await client.get('/api/v1/units')).items.map((unit) => [unit.id, unit]));

test('an admin creates a root unit and a child unit (201)', async () => {
  const root = await createUnit('Engineering');
  assert.equal(typeof root.id, 'string');
  assert.equal(root.name, 'Engineering');
  assert.equal(root.parent_id, null);
  const child = await createUnit('Platform', root.id);
  assert.equal(child.parent_id, root.id);
  assert.notEqual(child.id, root.id);
});

test('a unit may be created without parent_id (a root)', async () => {
  const unit = expectOk(await admin.client.post('/api/v1/units', { name: 'Parentless' }), 201);
  assert.equal(unit.parent_id, null);
});

test('GET /api/v1/units lists every unit as a tree by parent_id, with people counts', async () => {
  const sales = await createUnit('Sales');
  const emea = await createUnit('Sales EMEA', sales.id);
  const paris = await createUnit('Sales Paris', emea.id);
  await server.createPerson({ name: 'Pia Paris', unit_id: paris.id });
  await server.createPerson({ name: 'Paul Paris', unit_id: paris.id });
  await server.createPerson({ name: 'Ed Emea', unit_id: emea.id });

  const res = await member.client.get('/api/v1/units');
  const list = expectList(res);
  assert.equal(list.next_cursor, null, 'every unit in one answer');
  const units = new Map(list.items.map((unit) => [unit.id, unit]));
  assert.equal(units.get(sales.id).parent_id, null);
  assert.equal(units.get(emea.id).parent_id, sales.id);
  assert.equal(units.get(paris.id).parent_id, emea.id);
  assert.equal(units.get(paris.id).people_count, 2);
  assert.equal(units.get(emea.id).people_count, 1);
  assert.equal(units.get(sales.id).name, 'Sales');
  for (const unit of list.items) {
    assert.ok(unit.parent_id === null || units.has(unit.parent_id), `parent of ${unit.name} is listed`);
    assert.equal(typeof unit.people_count, 'number');
  }
  assert.ok(list.items.length >= 5);
});

test('GET /api/v1/units/{id} answers the unit; 404 unknown; 401 anonymous', async () => {
  const unit = await createUnit('Readable');
  const seen = expectOk(await member.client.get(`/api/v1/units/${unit.id}`));
  assert.equal(seen.id, unit.id);
  assert.equal(seen.name, 'Readable');
  assert.equal(seen.parent_id, null);
  expectError(await member.client.get('/api/v1/units/no-such-unit'), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/units/${unit.id}`), 401, 'unauthenticated');
  expectError(await server.anonymous().get('/api/v1/units'), 401, 'unauthenticated');
});

test('PATCH /api/v1/units/{id} renames and moves a unit', async () => {
  const a = await createUnit('Move A');
  const b = await createUnit('Move B');
  const renamed = expectOk(await admin.client.patch(`/api/v1/units/${a.id}`, { name: 'Moved A' }));
  assert.equal(renamed.name, 'Moved A');
  assert.equal(renamed.parent_id, null);
  const moved = expectOk(await admin.client.patch(`/api/v1/units/${a.id}`, { parent_id: b.id }));
  assert.equal(moved.parent_id, b.id);
  assert.equal(moved.name, 'Moved A');
  const back = expectOk(await admin.client.patch(`/api/v1/units/${a.id}`, { parent_id: null }));
  assert.equal(back.parent_id, null);
  assert.equal((await unitsById()).get(a.id).name, 'Moved A');
});

test('a parent that would make a cycle is 400 and changes nothing', async () => {
  const top = await createUnit('Cycle Top');
  const middle = await createUnit('Cycle Middle', top.id);
  const bottom = await createUnit('Cycle Bottom', middle.id);
  expectError(await admin.client.patch(`/api/v1/units/${top.id}`, { parent_id: bottom.id }),
    400, 'invalid_argument', 'parent_id');
  expectError(await admin.client.patch(`/api/v1/units/${top.id}`, { parent_id: middle.id }),
    400, 'invalid_argument', 'parent_id');
  expectError(await admin.client.patch(`/api/v1/units/${middle.id}`, { parent_id: middle.id }),
    400, 'invalid_argument', 'parent_id');
  const units = await unitsById();
  assert.equal(units.get(top.id).parent_id, null);
  assert.equal(units.get(middle.id).parent_id, top.id);
  assert.equal(units.get(bottom.id).parent_id, middle.id);
});

test('POST /api/v1/units validates name and parent_id (400) and creates nothing', async () => {
  const before = (await unitsById()).size;
  const cases = [
    [{ parent_id: null }, 'name'],
    [{ name: '', parent_id: null }, 'name'],
    [{ name: 'u'.repeat(201), parent_id: null }, 'name'],
    [{ name: 12, parent_id: null }, 'name'],
    [{ name: 'Orphan', parent_id: 'no-such-unit' }, 'parent_id'],
    [{ name: 'Orphan', parent_id: 12 }, 'parent_id'],
  ];
  for (const [body, field] of cases) {
    expectError(await admin.client.post('/api/v1/units', body), 400, 'invalid_argument', field);
  }
  assert.equal((await unitsById()).size, before);
  expectOk(await admin.client.post('/api/v1/units', { name: 'u'.repeat(200), parent_id: null }), 201);
});

test('PATCH /api/v1/units/{id} validates (400) and 404s unknown units', async () => {
  const unit = await createUnit('Patch Target');
  expectError(await admin.client.patch(`/api/v1/units/${unit.id}`, { name: '' }), 400, 'invalid_argument', 'name');
  expectError(await admin.client.patch(`/api/v1/units/${unit.id}`, { parent_id: 'no-such-unit' }),
    400, 'invalid_argument', 'parent_id');
  expectError(await admin.client.patch('/api/v1/units/no-such-unit', { name: 'x' }), 404, 'not_found');
  assert.equal((await unitsById()).get(unit.id).name, 'Patch Target');
});

test('members may not create or edit units (403); anonymous callers get 401', async () => {
  const unit = await createUnit('Guarded');
  const before = (await unitsById()).size;
  expectError(await member.client.post('/api/v1/units', { name: 'Member Unit', parent_id: null }),
    403, 'permission_denied');
  expectError(await member.client.patch(`/api/v1/units/${unit.id}`, { name: 'Member Renamed' }),
    403, 'permission_denied');
  expectError(await server.anonymous().post('/api/v1/units', { name: 'Anon Unit', parent_id: null }),
    401, 'unauthenticated');
  expectError(await server.anonymous().patch(`/api/v1/units/${unit.id}`, { name: 'Anon Renamed' }),
    401, 'unauthenticated');
  const units = await unitsById();
  assert.equal(units.size, before);
  assert.equal(units.get(unit.id).name, 'Guarded');
});
