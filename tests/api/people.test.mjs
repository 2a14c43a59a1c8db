// People: creation by admins, handles, reading, editing oneself and (admin) others, the people
// list with its filters and cursor pagination, and the skills directory.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniqueEmail, unique } from './server.mjs';
import { expectError, expectList, expectOk, expectPerson } from './expect.mjs';

let server;
let admin;
before(async () => {
  server = await startServer();
  admin = await server.admin();
});
after(async () => {
  await server?.stop();
});

async function listAll(client, query = '') {
  const body = expectList(await client.get(`/api/v1/people?${query ? `${query}&` : ''}limit=100`));
  assert.equal(body.next_cursor, null, 'fits in one page');
  return body.items;
}
const namesOf = (items) => items.map((person) => person.name);
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
// Ids are opaque strings; numeric ones are compared as numbers, as a database would order them.
const compareIds = (a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : compareText(a, b));

test('an admin creates a person (201) who can then sign in', async () => {
  const email = `Ada.${unique('created')}@Test.Weft`;
  const res = await admin.client.post('/api/v1/people', {
    name: 'Ada Created', email, password: 'created-password', title: 'Engineer',
  });
  const person = expectOk(res, 201);
  expectPerson(person);
  assert.equal(person.name, 'Ada Created');
  assert.equal(person.email, email.toLowerCase(), 'e-mail stored lowercase');
  assert.equal(person.title, 'Engineer');
  assert.equal(person.role, 'member', 'role defaults to member');
  assert.equal(person.unit_id, null);
  assert.deepEqual(person.skills, []);

  const session = await server.signIn(email.toLowerCase(), 'created-password');
  assert.equal(session.person.id, person.id);
  assert.equal(expectOk(await admin.client.get(`/api/v1/people/${person.id}`)).email, email.toLowerCase());
});

test('an admin sets role, unit, title and handle at creation', async () => {
  const unit = expectOk(await admin.client.post('/api/v1/units', { name: 'Creation Unit', parent_id: null }), 201);
  const handle = unique('chosen');
  const person = expectOk(await admin.client.post('/api/v1/people', {
    name: 'Bo Chosen', email: uniqueEmail('bo'), password: 'chosen-password',
    unit_id: unit.id, role: 'admin', title: 'Chief', handle,
  }), 201);
  assert.equal(person.handle, handle);
  assert.equal(person.unit_id, unit.id);
  assert.equal(person.role, 'admin');
  assert.equal(person.title, 'Chief');
});

test('POST /api/v1/people: 403 for a member, 401 without credentials, nothing created', async () => {
  const member = await server.signedInPerson({ name: 'Mo Member' });
  const email = uniqueEmail('forbidden');
  expectError(await member.client.post('/api/v1/people', { name: 'Forbidden One', email, password: 'password-123' }),
    403, 'permission_denied');
  expectError(await server.anonymous().post('/api/v1/people', { name: 'Forbidden One', email, password: 'password-123' }),
    401, 'unauthenticated');
  assert.deepEqual(await listAll(admin.client, 'q=forbidden'), []);
});

test('POST /api/v1/people: 409 when the e-mail (any case) or the handle is taken', async () => {
  const first = await server.createPerson({ name: 'Cy Conflict', handle: unique('taken') });
  expectError(await admin.client.post('/api/v1/people',
    { name: 'Cy Again', email: first.email.toUpperCase(), password: 'password-123' }), 409, 'conflict');
  expectError(await admin.client.post('/api/v1/people',
    { name: 'Cy Again', email: uniqueEmail('other'), password: 'password-123', handle: first.person.handle }),
  409, 'conflict');
  assert.deepEqual(namesOf(await listAll(admin.client, 'q=cy')), ['Cy Conflict']);
});

test('the default handle is the e-mail local part, with a number appended on collision', async () => {
  const first = await server.createPerson({ name: 'Jo Smith', email: 'Jo.Smith@one.test' });
  assert.equal(first.person.handle, 'jo.smith');
  const second = await server.createPerson({ name: 'Jo Smith Two', email: 'jo.smith@two.test' });
  assert.match(second.person.handle, /^jo\.smith[-_.]?\d+$/);
  const third = await server.createPerson({ name: 'Jo Smith Three', email: 'jo.smith@three.test' });
  assert.match(third.person.handle, /^jo\.smith[-_.]?\d+$/);
  assert.equal(new Set([first.person.handle, second.person.handle, third.person.handle]).size, 3);
});

test('a default handle is valid even when the e-mail local part is not', async () => {
  const cases = ['q@short.test', `${'l'.repeat(64)}@long.test`, "o'brien+news@odd.test", 'UPPER.Case@odd.test'];
  const handles = [];
  for (const email of cases) {
    const { person } = await server.createPerson({ name: 'Edge Handle', email });
    assert.match(person.handle, /^[a-z0-9._-]{2,40}$/, `handle for ${email}`);
    handles.push(person.handle);
  }
  assert.equal(new Set(handles).size, cases.length);
});

test('POST /api/v1/people validates each field (400 invalid_argument naming it)', async () => {
  const valid = { name: 'Val Id', email: uniqueEmail('valid'), password: 'password-123' };
  const cases = [
    [{ ...valid, name: undefined }, 'name'],
    [{ ...valid, name: '' }, 'name'],
    [{ ...valid, name: 'n'.repeat(201) }, 'name'],
    [{ ...valid, email: undefined }, 'email'],
    [{ ...valid, email: 'not-an-email' }, 'email'],
    [{ ...valid, email: `${'e'.repeat(250)}@x.test` }, 'email'],
    [{ ...valid, password: undefined }, 'password'],
    [{ ...valid, password: 'short' }, 'password'],
    [{ ...valid, password: 'p'.repeat(1025) }, 'password'],
    [{ ...valid, handle: 'Bad Handle!' }, 'handle'],
    [{ ...valid, handle: 'a' }, 'handle'],
    [{ ...valid, handle: 'h'.repeat(41) }, 'handle'],
    [{ ...valid, role: 'king' }, 'role'],
    [{ ...valid, unit_id: 'no-such-unit' }, 'unit_id'],
    [{ ...valid, title: 't'.repeat(201) }, 'title'],
    [{ ...valid, title: 5 }, 'title'],
  ];
  for (const [body, field] of cases) {
    expectError(await admin.client.post('/api/v1/people', body), 400, 'invalid_argument', field);
  }
  assert.deepEqual(await listAll(admin.client, 'q=val'), [], 'nothing was created');
});

test('GET /api/v1/people/{id} answers the person with follow counts; 404 unknown; 401 anonymous', async () => {
  const { person } = await server.createPerson({ name: 'Gil Getter', title: 'Reader' });
  const member = await server.signedInPerson({ name: 'Hal Viewer' });
  const seen = expectOk(await member.client.get(`/api/v1/people/${person.id}`));
  expectPerson(seen);
  assert.equal(seen.id, person.id);
  assert.equal(seen.name, 'Gil Getter');
  assert.equal(seen.title, 'Reader');
  assert.equal(seen.followers_count, 0);
  assert.equal(seen.following_count, 0);
  assert.equal(seen.followed_by_me, false);

  expectError(await member.client.get('/api/v1/people/no-such-person'), 404, 'not_found');
  expectError(await member.client.get('/api/v1/people/999999999999'), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/people/${person.id}`), 401, 'unauthenticated');
});

test('PATCH /api/v1/people/me changes name, title, bio and replaces skills', async () => {
  const me = await server.signedInPerson({ name: 'Pat Patcher' });
  const first = expectOk(await me.client.patch('/api/v1/people/me',
    { name: 'Pat Patched', title: 'Plumber', bio: 'Hello @nobody, I fix pipes.', skills: ['Rust', 'Go'] }));
  expectPerson(first);
  assert.equal(first.name, 'Pat Patched');
  assert.equal(first.title, 'Plumber');
  assert.equal(first.bio, 'Hello @nobody, I fix pipes.');
  assert.deepEqual(first.skills.map((skill) => skill.name), ['Rust', 'Go']);

  const second = expectOk(await me.client.patch('/api/v1/people/me', { skills: ['Haskell'] }));
  assert.deepEqual(second.skills.map((skill) => skill.name), ['Haskell'], 'skills are replaced');
  assert.equal(second.name, 'Pat Patched', 'fields not sent are kept');

  const fetched = expectOk(await admin.client.get(`/api/v1/people/${me.person.id}`));
  assert.equal(fetched.title, 'Plumber');
  assert.deepEqual(fetched.skills.map((skill) => skill.name), ['Haskell']);
  assert.equal(expectOk(await me.client.get('/api/v1/me')).name, 'Pat Patched');
});

test('PATCH /api/v1/people/me accepts values at the limits, counted in characters', async () => {
  const me = await server.signedInPerson({ name: 'Lim Its' });
  const body = {
    name: 'é'.repeat(200),
    title: 't'.repeat(200),
    bio: 'b'.repeat(4000),
    skills: Array.from({ length: 50 }, (_, i) => `skill-${String(i).padStart(2, '0')}-${'s'.repeat(50)}`),
  };
  const updated = expectOk(await me.client.patch('/api/v1/people/me', body));
  assert.equal(updated.name, body.name);
  assert.equal(updated.skills.length, 50);
  const single = expectOk(await me.client.patch('/api/v1/people/me', { skills: ['x'.repeat(60)] }));
  assert.deepEqual(single.skills.map((skill) => skill.name), ['x'.repeat(60)]);
});

test('PATCH /api/v1/people/me rejects invalid fields (400) and writes nothing', async () => {
  const me = await server.signedInPerson({ name: 'Ivy Invalid', title: 'Kept' });
  const cases = [
    [{ name: '' }, 'name'],
    [{ name: 'n'.repeat(201) }, 'name'],
    [{ name: 5 }, 'name'],
    [{ title: 't'.repeat(201) }, 'title'],
    [{ bio: 'b'.repeat(4001) }, 'bio'],
    [{ bio: ['x'] }, 'bio'],
    [{ skills: 'Rust' }, 'skills'],
    [{ skills: [1] }, 'skills'],
    [{ skills: [''] }, 'skills'],
    [{ skills: ['x'.repeat(61)] }, 'skills'],
    [{ skills: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 'skills'],
    [{ title: 'Changed', name: '' }, 'name'],
  ];
  for (const [body, field] of cases) {
    expectError(await me.client.patch('/api/v1/people/me', body), 400, 'invalid_argument', field);
  }
  const after = expectOk(await me.client.get('/api/v1/me'));
  assert.equal(after.name, 'Ivy Invalid');
  assert.equal(after.title, 'Kept');
  assert.deepEqual(after.skills, []);
  expectError(await server.anonymous().patch('/api/v1/people/me', { title: 'x' }), 401, 'unauthenticated');
});

test('PATCH /api/v1/people/me cannot change one\'s own role', async () => {
  const me = await server.signedInPerson({ name: 'Ray Role' });
  const res = await me.client.patch('/api/v1/people/me', { role: 'admin' });
  assert.ok(res.status === 200 || res.status === 400, `role in PATCH me: ${res.status} ${res.text}`);
  assert.equal(expectOk(await me.client.get('/api/v1/me')).role, 'member');
  expectError(await me.client.post('/api/v1/units', { name: 'Escalated', parent_id: null }), 403, 'permission_denied');
});

test('PATCH /api/v1/people/{id}: an admin edits role, unit, title, handle; 400/403/404/409', async () => {
  const unit = expectOk(await admin.client.post('/api/v1/units', { name: 'Patch Unit', parent_id: null }), 201);
  const target = await server.signedInPerson({ name: 'Tom Target' });
  const other = await server.createPerson({ name: 'Oli Other' });
  const handle = unique('renamed');
  const updated = expectOk(await admin.client.patch(`/api/v1/people/${target.person.id}`,
    { role: 'admin', unit_id: unit.id, title: 'Lead', handle, bio: 'Set by admin', name: 'Tom Targeted' }));
  expectPerson(updated);
  assert.equal(updated.role, 'admin');
  assert.equal(updated.unit_id, unit.id);
  assert.equal(updated.title, 'Lead');
  assert.equal(updated.handle, handle);
  assert.equal(updated.name, 'Tom Targeted');
  assert.equal(expectOk(await target.client.get('/api/v1/me')).role, 'admin');

  expectError(await admin.client.patch(`/api/v1/people/${target.person.id}`, { handle: other.person.handle }),
    409, 'conflict');
  expectError(await admin.client.patch(`/api/v1/people/${target.person.id}`, { handle: 'No Spaces' }),
    400, 'invalid_argument', 'handle');
  expectError(await admin.client.patch(`/api/v1/people/${target.person.id}`, { role: 'king' }),
    400, 'invalid_argument', 'role');
  expectError(await admin.client.patch(`/api/v1/people/${target.person.id}`, { unit_id: 'no-such-unit' }),
    400, 'invalid_argument', 'unit_id');
  expectError(await admin.client.patch('/api/v1/people/no-such-person', { title: 'x' }), 404, 'not_found');

  const member = await server.signedInPerson({ name: 'Meg Member' });
  expectError(await member.client.patch(`/api/v1/people/${other.person.id}`, { title: 'Hacked' }),
    403, 'permission_denied');
  expectError(await member.client.patch(`/api/v1/people/${member.person.id}`, { role: 'admin' }),
    403, 'permission_denied');
  assert.equal(expectOk(await member.client.get('/api/v1/me')).role, 'member');
  expectError(await server.anonymous().patch(`/api/v1/people/${other.person.id}`, { title: 'Hacked' }),
    401, 'unauthenticated');
  const unchanged = expectOk(await admin.client.get(`/api/v1/people/${other.person.id}`));
  assert.notEqual(unchanged.title, 'Hacked');
  assert.equal(expectOk(await admin.client.get(`/api/v1/people/${target.person.id}`)).handle, handle);
});

// Three people whose name, handle, title and skills the search tests below probe.
let quinn;
let bea;
let cyd;
test('setting up people for the list filters', async () => {
  quinn = await server.signedInPerson({ name: 'Quinn Marlowe', handle: 'zorblax.q', title: 'Senior Welder' });
  bea = await server.signedInPerson({ name: 'Bea Quinnell', title: 'Welding Apprentice' });
  cyd = await server.signedInPerson({ name: 'Cyd Other', title: 'Cook' });
  expectOk(await quinn.client.patch('/api/v1/people/me', { skills: ['Kubernetes', 'Gardening'] }));
  expectOk(await bea.client.patch('/api/v1/people/me', { skills: ['Kubernetes Operators', 'Gardening'] }));
  expectOk(await cyd.client.patch('/api/v1/people/me', { skills: ['gardening'] }));
});

test('GET /api/v1/people?q= matches the start of any word of name, handle, title or skill', async () => {
  const viewer = cyd.client;
  assert.deepEqual(namesOf(await listAll(viewer, 'q=marl')), ['Quinn Marlowe'], 'name word prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=arlowe')), [], 'not a prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=QUINN')), ['Bea Quinnell', 'Quinn Marlowe'], 'case-insensitive');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=zorb')), ['Quinn Marlowe'], 'handle prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=weld')), ['Bea Quinnell', 'Quinn Marlowe'], 'title prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=kuber')), ['Bea Quinnell', 'Quinn Marlowe'], 'skill prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=operat')), ['Bea Quinnell'], 'second word of a skill');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=garden')), ['Bea Quinnell', 'Cyd Other', 'Quinn Marlowe']);
  assert.deepEqual(namesOf(await listAll(viewer, 'q=marl%20weld')), ['Quinn Marlowe'], 'all words must match');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=marl%20cook')), []);
  assert.deepEqual(namesOf(await listAll(viewer, 'q=%25')), [], 'a LIKE wildcard is a literal');
  assert.deepEqual(namesOf(await listAll(viewer, 'q=_')), [], 'a LIKE wildcard is a literal');
  for (const person of await listAll(viewer, 'q=garden')) expectPerson(person);
});

test('GET /api/v1/people?skill= filters by exact skill name, case-insensitively', async () => {
  const viewer = quinn.client;
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=kubernetes')), ['Quinn Marlowe']);
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=Kubernetes%20Operators')), ['Bea Quinnell']);
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=GARDENING')), ['Bea Quinnell', 'Cyd Other', 'Quinn Marlowe']);
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=garden')), [], 'exact, not prefix');
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=Gardenin_')), [], 'exact, no wildcards');
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=Garden%25')), [], 'exact, no wildcards');
  assert.deepEqual(namesOf(await listAll(viewer, 'skill=gardening&q=weld')), ['Bea Quinnell', 'Quinn Marlowe']);
});

test('GET /api/v1/people?unit_id= filters by unit', async () => {
  const unit = expectOk(await admin.client.post('/api/v1/units', { name: 'Filter Unit', parent_id: null }), 201);
  const empty = expectOk(await admin.client.post('/api/v1/units', { name: 'Empty Unit', parent_id: null }), 201);
  await server.createPerson({ name: 'Una Inunit', unit_id: unit.id });
  await server.createPerson({ name: 'Uri Inunit', unit_id: unit.id });
  const items = await listAll(quinn.client, `unit_id=${unit.id}`);
  assert.deepEqual(namesOf(items), ['Una Inunit', 'Uri Inunit']);
  for (const person of items) assert.equal(person.unit_id, unit.id);
  assert.deepEqual(await listAll(quinn.client, `unit_id=${empty.id}`), []);
});

test('GET /api/v1/people pages with a cursor: ordered by name, no duplicates, no gaps', async () => {
  for (let i = 1; i <= 15; i += 1) {
    await server.createPerson({ name: `Pager ${String(16 - i).padStart(2, '0')}` });
  }
  const expected = Array.from({ length: 15 }, (_, i) => `Pager ${String(i + 1).padStart(2, '0')}`);
  assert.deepEqual(namesOf(await listAll(admin.client, 'q=pager')), expected);

  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const query = `q=pager&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectList(await admin.client.get(`/api/v1/people?${query}`));
    pages += 1;
    assert.ok(page.items.length <= 4);
    if (page.next_cursor !== null) assert.equal(page.items.length, 4, 'only the last page is short');
    seen.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null && pages < 10);
  assert.equal(pages, 4);
  assert.deepEqual(namesOf(seen), expected);
  assert.equal(new Set(seen.map((person) => person.id)).size, 15);
});

test('cursor pagination is stable across people with the same name (ordered by id)', async () => {
  const created = [];
  for (let i = 0; i < 7; i += 1) created.push((await server.createPerson({ name: 'Tie Same' })).person.id);
  const expected = created.sort(compareIds);
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = expectList(await admin.client.get(
      `/api/v1/people?q=tie&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    seen.push(...page.items.map((person) => person.id));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < 10);
  assert.deepEqual(seen, expected);
});

test('GET /api/v1/people without filters pages through everyone; default limit 20', async () => {
  const everyone = await listAll(admin.client);
  while (everyone.length < 21) everyone.push((await server.createPerson({ name: 'Zed Filler' })).person);
  const all = await listAll(admin.client);
  const names = namesOf(all);
  const sorted = [...all].sort((a, b) => compareText(a.name, b.name) || compareIds(a.id, b.id));
  assert.deepEqual(all.map((person) => person.id), sorted.map((person) => person.id), `ordered by name: ${names}`);

  const firstPage = expectList(await admin.client.get('/api/v1/people'));
  assert.equal(firstPage.items.length, 20);
  assert.equal(typeof firstPage.next_cursor, 'string');

  const seen = [];
  let cursor = null;
  do {
    const page = expectList(await admin.client.get(
      `/api/v1/people?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    seen.push(...page.items.map((person) => person.id));
    cursor = page.next_cursor;
  } while (cursor !== null && seen.length <= all.length);
  assert.deepEqual(seen, all.map((person) => person.id));
});

test('GET /api/v1/people: limit must be 1..100 and the cursor one the server issued (400)', async () => {
  for (const limit of ['0', '101', '-1', 'abc', '1.5']) {
    expectError(await admin.client.get(`/api/v1/people?limit=${limit}`), 400, 'invalid_argument', 'limit');
  }
  assert.equal(expectList(await admin.client.get('/api/v1/people?limit=1')).items.length, 1);
  expectList(await admin.client.get('/api/v1/people?limit=100'));
  for (const cursor of ['not-a-cursor', 'AAAA', '%FF%FE']) {
    expectError(await admin.client.get(`/api/v1/people?cursor=${cursor}`), 400, 'invalid_argument', 'cursor');
  }
  expectError(await server.anonymous().get('/api/v1/people'), 401, 'unauthenticated');
});

test('GET /api/v1/skills?q= lists skills by prefix, most common first, with people counts', async () => {
  const body = expectOk(await quinn.client.get('/api/v1/skills?q=gar'));
  assert.ok(Array.isArray(body.items));
  assert.equal(body.items.length, 1, `one skill, matched case-insensitively: ${JSON.stringify(body.items)}`);
  assert.equal(body.items[0].name.toLowerCase(), 'gardening');
  assert.equal(body.items[0].people_count, 3);

  const kube = expectOk(await quinn.client.get('/api/v1/skills?q=KUB'));
  assert.deepEqual(kube.items.map((skill) => [skill.name, skill.people_count]).sort((x, y) => compareText(x[0], y[0])),
    [['Kubernetes', 1], ['Kubernetes Operators', 1]]);

  const all = expectOk(await quinn.client.get('/api/v1/skills?limit=100'));
  const counts = all.items.map((skill) => skill.people_count);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most common first');
  assert.equal(all.items[0].name.toLowerCase(), 'gardening');
  assert.equal(expectOk(await quinn.client.get('/api/v1/skills?limit=1')).items.length, 1);
  expectError(await quinn.client.get('/api/v1/skills?limit=0'), 400, 'invalid_argument', 'limit');
  assert.deepEqual(expectOk(await quinn.client.get('/api/v1/skills?q=%25')).items, [], 'a LIKE wildcard is a literal');
  assert.deepEqual(expectOk(await quinn.client.get('/api/v1/skills?q=_')).items, []);
  expectError(await server.anonymous().get('/api/v1/skills?q=gar'), 401, 'unauthenticated');
});

test('PATCH /api/v1/people/{id} with role null leaves the role as it is', async () => {
  const guest = await server.signedInPerson({ name: 'Gwen Guest', role: 'guest' });
  const updated = expectOk(await admin.client.patch(`/api/v1/people/${guest.person.id}`, { title: 'Partner', role: null }));
  assert.equal(updated.role, 'guest', 'null is "unchanged", as for every other field, not "member"');
  assert.equal(updated.title, 'Partner');
});
