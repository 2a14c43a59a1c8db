// Hardening, cursors (issue 7 defect 1; docs/design/hardening.md "Cursors"): a cursor is client
// input. On every list that takes ?cursor=, anything the server did not issue — numbers out of
// range, negative numbers, wrong counts of parts, non-numeric ids, invalid UTF-8 or overlong names,
// garbage, kilobytes of it — is 400 invalid_argument with field "cursor", and the server stays up.
// The cursors the server does issue keep working, and person search pages through every match
// once, in (name, id) order, without duplicates.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList } from './expect.mjs';
import { createPost, eventually, follow, member, notificationsOf, reply } from './social.mjs';
import { addMember, createIdea, createProblem, createProposal, createSpace, word } from './collab.mjs';

let server;
let viewer;
let author;
let fixture;
before(async () => {
  server = await startServer();
  viewer = await member(server, { name: 'Cora Cursor' });
  author = await member(server, { name: 'Abe Author' });
  const third = await member(server, { name: 'Tess Third' });
  const fourth = await member(server, { name: 'Finn Fourth' });
  const w = word('cur');
  const topic = word('ctopic');

  // Two of everything, so that every list has a second page at limit=1.
  await follow(viewer, author);
  await follow(third, author);
  await follow(viewer, third);
  await follow(author, viewer);
  await follow(fourth, viewer);
  const root = await createPost(author, { body: `Root ${w} #${topic}` });
  await createPost(author, { body: `Second ${w} #${topic}` });
  await reply(third, root.id, 'First reply');
  await reply(fourth, root.id, 'Second reply');
  await member(server, { name: `Pia ${w}` });
  await member(server, { name: `Quin ${w}` });
  const space = await createSpace(viewer, { name: `Space ${w}`, visibility: 'public' });
  await createSpace(viewer, { name: `Other ${w}`, visibility: 'public' });
  await addMember(viewer, space, author);
  await createPost(viewer, { audience: 'space', space_id: space.id, body: 'Space post one' });
  await createPost(author, { audience: 'space', space_id: space.id, body: 'Space post two' });
  for (let i = 0; i < 2; i += 1) {
    await createProblem(viewer, space, { title: `Problem ${w} ${i}` });
    await createIdea(viewer, space, { title: `Idea ${w} ${i}` });
    await createProposal(viewer, space, { title: `Proposal ${w} ${i}` });
  }
  await eventually(() => notificationsOf(viewer), (items) => items.length >= 2, { what: 'two notifications for the viewer' });
  fixture = { w, topic, root, space };
});
after(async () => {
  await server?.stop();
});

/** A cursor built the way the server builds them: base64url of the raw bytes. */
const forge = (...raw) => Buffer.concat(raw.map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8'))))
  .toString('base64url');
const S = '\x1f';

/** Every list that takes ?cursor= (from /api/openapi.json), with its query. */
function lists() {
  const { w, topic, root, space } = fixture;
  return [
    '/api/v1/people',
    `/api/v1/people?q=${w}`,
    `/api/v1/people/${author.person.id}/followers`,
    `/api/v1/people/${viewer.person.id}/following`,
    `/api/v1/posts/${root.id}/replies`,
    '/api/v1/feed',
    `/api/v1/people/${author.person.id}/posts`,
    `/api/v1/topics/${topic}/feed`,
    `/api/v1/spaces/${space.id}/feed`,
    `/api/v1/search?q=${w}`,
    `/api/v1/search?q=${w}&type=post`,
    `/api/v1/search?q=${w}&type=space`,
    `/api/v1/search?q=${w}&type=problem`,
    `/api/v1/search?q=${w}&type=idea`,
    `/api/v1/search?q=${w}&type=record`,
    '/api/v1/notifications',
    '/api/v1/notifications?unread=true',
    '/api/v1/spaces',
    `/api/v1/spaces/${space.id}/members`,
    `/api/v1/spaces/${space.id}/problems`,
    `/api/v1/spaces/${space.id}/ideas`,
    `/api/v1/spaces/${space.id}/proposals`,
  ];
}
const withCursor = (path, encoded) => `${path}${path.includes('?') ? '&' : '?'}cursor=${encoded}`;

/** Cursors no list ever issues, whatever its key (id, offset, or (name, id)): [what, encoded]. */
const kForged = [
  // One part, out of range for an id and for any offset.
  ['2^63', forge('w1', S, '9223372036854775808')],
  ['2^63 * 1000', forge('w1', S, '9223372036854775807000')],
  ['2^64 - 1', forge('w1', S, '18446744073709551615')],
  ['20 nines', forge('w1', S, '99999999999999999999')],
  ['-1', forge('w1', S, '-1')],
  ['-4294967196', forge('w1', S, '-4294967196')],
  ['-2^63', forge('w1', S, '-9223372036854775808')],
  // One part, not a number.
  ['abc', forge('w1', S, 'abc')],
  ['12abc', forge('w1', S, '12abc')],
  ['1e3', forge('w1', S, '1e3')],
  ['1.5', forge('w1', S, '1.5')],
  ['" 1"', forge('w1', S, ' 1')],
  ['+1', forge('w1', S, '+1')],
  ['0x10', forge('w1', S, '0x10')],
  ['empty part', forge('w1', S, '')],
  ['1 NUL', forge('w1', S, '1\x00')],
  // Wrong counts of parts.
  ['no parts', forge('w1')],
  ['one empty part', forge('w1', S)],
  ['six parts', forge('w1', S, '1', S, '2', S, '3', S, '4', S, '5', S, '6')],
  ['three empty parts', forge('w1', S, S, S)],
  // Two parts (the shape of a (name, id) key) with a bad name or a bad id.
  ['name: invalid UTF-8', forge('w1', S, Buffer.from([0xff, 0xfe]), S, '5')],
  ['name: overlong encoding', forge('w1', S, Buffer.from([0xc0, 0xaf]), S, '5')],
  ['name: UTF-16 surrogate', forge('w1', S, Buffer.from([0xed, 0xa0, 0x80]), S, '5')],
  ['name: truncated sequence', forge('w1', S, 'Ann', Buffer.from([0xe2, 0x82]), S, '5')],
  ['name: over 400 bytes', forge('w1', S, 'n'.repeat(401), S, '5')],
  ['name, id -1', forge('w1', S, 'Ann', S, '-1')],
  ['name, id 2^63', forge('w1', S, 'Ann', S, '9223372036854775808')],
  ['name, id abc', forge('w1', S, 'Ann', S, 'abc')],
  ['name, empty id', forge('w1', S, 'Ann', S, '')],
  // Not cursors at all.
  ['magic x1', forge('x1', S, '5')],
  ['magic w2', forge('w2', S, '5')],
  ['3 KB of digits', forge('w1', S, '1'.repeat(2300))],
  ['standard base64 with padding', encodeURIComponent(Buffer.from(`w1${S}5`).toString('base64'))],
  ['bogus', 'bogus'], ['!!!', '!!!'], ['A', 'A'], ['====', '===='], ['%FF', '%FF'], ['%00', '%00'],
  ['%C3%28', '%C3%28'], ['raw w1 US 5', 'w1%1F5'], ['+/+/', '%2B%2F%2B%2F'],
  ['3000 x', 'x'.repeat(3000)],
  ['3000 A', 'A'.repeat(3000)],
  ['accented letters', encodeURIComponent('é'.repeat(20))],
];

/** Requests every forged cursor on `path`; returns a line for each answer that is not the 400. */
async function refusals(path) {
  const wrong = [];
  for (const [what, cursor] of kForged) {
    const res = await viewer.client.get(withCursor(path, cursor));
    if (res.status !== 400 || res.body?.error?.code !== 'invalid_argument' || res.body?.error?.field !== 'cursor') {
      wrong.push(`${path} cursor ${what} → ${res.status} ${res.text.slice(0, 80)}`);
    } else {
      expectError(res, 400, 'invalid_argument', 'cursor');
    }
  }
  return wrong;
}

async function expectHealthy() {
  const res = await server.anonymous().get('/healthz');
  assert.equal(res.status, 200, `the server still answers /healthz: ${res.status} ${res.text}`);
}

test('forged cursors on every list: 400 invalid_argument, field cursor; the server stays up', async () => {
  const wrong = [];
  for (const path of lists()) {
    wrong.push(...await refusals(path));
    await expectHealthy();
  }
  assert.ok(wrong.length === 0, `every forged cursor is a 400 with field cursor; these were not:\n${wrong.join('\n')}`);
});

test('forged cursors on person search (keyset by name and id): 400 field cursor', async () => {
  const wrong = [];
  for (const path of [`/api/v1/search?q=${fixture.w}&type=person`, `/api/v1/search?q=${fixture.w}&type=person&limit=100`]) {
    wrong.push(...await refusals(path));
    await expectHealthy();
  }
  assert.ok(wrong.length === 0, `every forged cursor is a 400 with field cursor; these were not:\n${wrong.join('\n')}`);
});

test('ranked search continues only within its window: an offset past it is 400', async () => {
  const { w } = fixture;
  // hardening.md: ranked post search stops at 2,000 posts, work search at 1,000 items.
  for (const [path, beyond] of [
    [`/api/v1/search?q=${w}&type=post`, ['2001', '4294967196', '2147483000']],
    [`/api/v1/search?q=${w}`, ['2001', '4294967196', '2147483000']],
    [`/api/v1/search?q=${w}&type=space`, ['1001', '4294967196']],
    [`/api/v1/search?q=${w}&type=problem`, ['1001', '4294967196']],
    [`/api/v1/search?q=${w}&type=idea`, ['1001', '4294967196']],
  ]) {
    for (const offset of beyond) {
      expectError(await viewer.client.get(withCursor(path, forge('w1', S, offset))), 400, 'invalid_argument', 'cursor');
    }
  }
  // Person search no longer continues by offset at all: a bare number is not its cursor.
  for (const offset of ['3', '2147483000']) {
    expectError(await viewer.client.get(withCursor(`/api/v1/search?q=${w}&type=person`, forge('w1', S, offset))),
      400, 'invalid_argument', 'cursor');
  }
  await expectHealthy();
});

test('the cursors the server issues still work on every list', async () => {
  const { w } = fixture;
  const paths = [...lists(), `/api/v1/search?q=${w}&type=person`].filter((p) => !p.includes('type=record'));
  for (const path of paths) {
    const sep = path.includes('?') ? '&' : '?';
    const first = expectList(await viewer.client.get(`${path}${sep}limit=1`));
    if (path === `/api/v1/search?q=${w}`) {
      // Mixed search: people and work items ride along on the first page; only follow its cursor.
      if (first.next_cursor !== null) {
        expectList(await viewer.client.get(`${path}${sep}limit=1&cursor=${encodeURIComponent(first.next_cursor)}`));
      }
      continue;
    }
    assert.equal(first.items.length, 1, `${path}: a first page of one item`);
    assert.equal(typeof first.next_cursor, 'string', `${path}: a second page exists: ${JSON.stringify(first)}`);
    const second = expectList(await viewer.client.get(`${path}${sep}limit=1&cursor=${encodeURIComponent(first.next_cursor)}`));
    assert.equal(second.items.length, 1, `${path}: the second page has an item`);
    const key = (item) => `${item.type ?? ''}:${item.id ?? item.person?.id}`;
    assert.notEqual(key(second.items[0]), key(first.items[0]), `${path}: the second page moves on`);
  }
});

test('person search and the directory page through every match once, in (name, id) order', async () => {
  const rare = word('zq');
  // Names tie (three "Same …"), and one sorts by a multi-byte first letter: the keyset must hold
  // a name of any valid UTF-8 and break ties by id.
  const names = [`Same ${rare}`, `Bella ${rare}`, `Same ${rare}`, `Zed ${rare}`, `Émile ${rare}`, `Same ${rare}`, `Aaron ${rare}`];
  const made = [];
  for (const name of names) made.push((await server.createPerson({ name })).person);
  const expected = [...made]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Number(a.id) - Number(b.id)))
    .map((p) => p.id);

  const walk = async (path, idOf) => {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const body = expectList(await viewer.client.get(`${path}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      assert.ok(body.items.length <= 3, `${path}: at most limit items`);
      seen.push(...body.items.map(idOf));
      cursor = body.next_cursor;
      pages += 1;
      assert.ok(pages <= 10, `${path}: paging ends`);
    } while (cursor);
    return { seen, pages };
  };
  const search = await walk(`/api/v1/search?q=${rare}&type=person`, (item) => {
    assert.equal(item.type, 'person');
    return item.id;
  });
  assert.equal(new Set(search.seen).size, search.seen.length, `no duplicates: ${search.seen}`);
  assert.deepEqual(search.seen, expected, 'every match once, in name then id order');
  assert.equal(search.pages, 3, '7 matches at 3 a page are 3 pages');

  const directory = await walk(`/api/v1/people?q=${rare}`, (person) => person.id);
  assert.deepEqual(directory.seen, expected, 'the directory walks the same way');
});

test('the forged offset that crashed person search (base64url of "w1\\x1f4294967196") is a 400; the server stays up', async () => {
  // A server of its own: before the fix this request kills the process (SIGSEGV).
  const own = await startServer();
  let failure = null;
  try {
    const signedIn = await own.signedInPerson({ name: 'Crash Tester' });
    for (const [query, offset] of [
      ['q=zzqxvk&type=person', '4294967196'],
      ['q=zzqxvk&type=person&limit=100', '2147483647'],
      ['q=zzqxvk&type=person&limit=100', '2147483648'],
      ['q=zzqxvk&type=person', '4294967295'],
      ['q=zzqxvk&type=person', '4294967296'],
      ['q=crash&type=person', '4294967196'],
    ]) {
      let res;
      try {
        res = await signedIn.client.get(`/api/v1/search?${query}&cursor=${forge('w1', S, offset)}`);
      } catch (error) {
        assert.fail(`search?${query} with offset ${offset}: the server dropped the request (${error.cause?.code ?? error.message})`);
      }
      expectError(res, 400, 'invalid_argument', 'cursor');
      const health = await own.anonymous().get('/healthz');
      assert.equal(health.status, 200);
    }
  } catch (error) {
    failure = error;
  }
  try {
    await own.stop();
  } catch (error) {
    failure ??= error;
  }
  if (failure) throw failure;
});
