// Search (docs/design/social.md "Search"): posts by a word and by a prefix, snippets that are
// HTML-escaped with <mark> as the only markup, people results, the type filter, validation of q
// and type, pagination, and that posts the caller may not see are never returned.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, createUnit, follow, idsOf, member, reply } from './social.mjs';

let server;
let admin;
let unitOne;
let unitTwo;
let author;
let reader;
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitOne = await createUnit(server, 'Search One');
  unitTwo = await createUnit(server, 'Search Two');
  author = await member(server, { name: 'Quentin Quill', title: 'Writer', unit_id: unitOne.id });
  reader = await member(server, { name: 'Rosa Reader', unit_id: unitTwo.id });
  guest = await member(server, { name: 'Gert Guest', role: 'guest' });
});
after(async () => {
  await server?.stop();
});

const search = async (viewer, query) => {
  const body = expectOk(await viewer.client.get(`/api/v1/search?${query}`));
  assert.ok(Array.isArray(body.items), 'items is an array');
  assert.ok(body.next_cursor === null || typeof body.next_cursor === 'string');
  for (const item of body.items) {
    assert.ok(['post', 'person', 'space', 'problem', 'idea', 'proposal', 'record', 'page'].includes(item.type), `type: ${JSON.stringify(item)}`);
    for (const key of ['id', 'title', 'snippet']) assert.equal(typeof item[key], 'string', `${key}: ${JSON.stringify(item)}`);
  }
  return body;
};
const postIds = (body) => body.items.filter((item) => item.type === 'post').map((item) => item.id);
/** The snippet without its <mark> tags must hold no markup at all. */
const expectOnlyMarks = (snippet) => {
  const bare = snippet.replace(/<\/?mark>/g, '');
  assert.ok(!/[<>]/.test(bare), `the only markup in a snippet is <mark>: ${snippet}`);
  assert.ok(!/&(?!(amp|lt|gt|quot|#39|#x27|apos);)/.test(bare), `bare & is escaped: ${snippet}`);
};

test('posts are found by a whole word; title is the author name, the snippet marks the match', async () => {
  const post = await createPost(author, { body: 'Our quokkamigration plan is ready for review.' });
  const body = await search(reader, 'q=quokkamigration&type=post');
  assert.deepEqual(postIds(body), [post.id]);
  const [item] = body.items;
  assert.equal(item.type, 'post');
  assert.equal(item.title, 'Quentin Quill');
  assert.match(item.snippet, /<mark>quokkamigration<\/mark>/);
  expectOnlyMarks(item.snippet);
  assert.ok(item.snippet.includes('plan is ready'), `text around the match: ${item.snippet}`);
  // Matching is case-insensitive.
  assert.deepEqual(postIds(await search(reader, 'q=QuokkaMigration&type=post')), [post.id]);
});

test('the last word of q is a prefix (as-you-type), the words before it whole; all words must match', async () => {
  const both = await createPost(author, { body: 'Zephyrology meets xylophonics in the lab' });
  const one = await createPost(author, { body: 'Zephyrology alone here' });
  const prefix = await search(reader, 'q=zephyro&type=post');
  assert.deepEqual(idsOf(prefix.items).sort(), [both.id, one.id].sort());
  for (const item of prefix.items) {
    assert.match(item.snippet, /<mark>Zephyrology<\/mark>/i, `the prefix match is marked: ${item.snippet}`);
    expectOnlyMarks(item.snippet);
  }
  assert.deepEqual(postIds(await search(reader, 'q=zephyrology%20xyloph&type=post')), [both.id]);
  assert.deepEqual(postIds(await search(reader, 'q=xylophonics%20zephyr&type=post')), [both.id], 'in any order');
  assert.deepEqual(postIds(await search(reader, 'q=zephyr%20xylophonics&type=post')), [], 'a word before the last is whole');
  assert.deepEqual(postIds(await search(reader, 'q=zephyrologyx&type=post')), [], 'a longer word is not a prefix');
});

test('snippets are HTML-escaped: <script> comes back as &lt;script&gt;', async () => {
  // Short, so that the snippet around the match holds all of it.
  const raw = 'The zanzibarian <script>x</script> & <b>b</b>';
  const post = await createPost(author, { body: raw });
  const [item] = (await search(reader, 'q=zanzibarian&type=post')).items;
  assert.equal(item?.id, post.id);
  assert.ok(item.snippet.includes('&lt;script&gt;'), `escaped: ${item.snippet}`);
  assert.ok(!item.snippet.includes('<script'), `no raw script tag: ${item.snippet}`);
  assert.ok(!item.snippet.includes('<b>'), `no raw b tag: ${item.snippet}`);
  assert.match(item.snippet, /&amp;/);
  assert.match(item.snippet, /<mark>zanzibarian<\/mark>/);
  expectOnlyMarks(item.snippet);
  // The post itself still returns its body as written (text, never HTML).
  assert.equal(expectOk(await reader.client.get(`/api/v1/posts/${post.id}`)).body, raw);
});

test('people are found as in the directory: title is the name, snippet the (escaped) title', async () => {
  const person = await member(server, { name: 'Xandra Quibbleton', title: 'Bridges & <Tunnels>' });
  const body = await search(reader, 'q=quibbleton');
  const hit = body.items.find((item) => item.type === 'person');
  assert.ok(hit, `a person result: ${JSON.stringify(body)}`);
  assert.equal(hit.id, person.person.id);
  assert.equal(hit.title, 'Xandra Quibbleton');
  assert.equal(hit.snippet, 'Bridges &amp; &lt;Tunnels&gt;');
  assert.deepEqual((await search(reader, 'q=xandra%20quib&type=person')).items.map((i) => i.id), [person.person.id]);
  assert.deepEqual((await search(reader, 'q=quibbleton&type=post')).items, [], 'type=post returns no people');
});

test('without type, posts and people come together; type narrows to one kind', async () => {
  const person = await member(server, { name: 'Vortigern Plumb' });
  const post = await createPost(author, { body: 'Ask vortigern about the plumbing' });
  const mixed = await search(reader, 'q=vortigern');
  assert.deepEqual(mixed.items.filter((i) => i.type === 'person').map((i) => i.id), [person.person.id]);
  assert.deepEqual(postIds(mixed), [post.id]);
  const onlyPosts = await search(reader, 'q=vortigern&type=post');
  assert.ok(onlyPosts.items.every((i) => i.type === 'post'));
  assert.deepEqual(postIds(onlyPosts), [post.id]);
  const onlyPeople = await search(reader, 'q=vortigern&type=person');
  assert.ok(onlyPeople.items.every((i) => i.type === 'person'));
  assert.deepEqual(onlyPeople.items.map((i) => i.id), [person.person.id]);
  for (const type of ['space', 'problem', 'idea', 'record']) {
    const other = await search(reader, `q=vortigern&type=${type}`);
    assert.ok(other.items.every((i) => i.type === type), `type=${type} returns only ${type}s`);
  }
});

test('q is required (1..200 characters) → 400 field q; unknown type → 400 field type; 401 anonymous', async () => {
  expectError(await reader.client.get('/api/v1/search'), 400, 'invalid_argument', 'q');
  expectError(await reader.client.get('/api/v1/search?q='), 400, 'invalid_argument', 'q');
  expectError(await reader.client.get('/api/v1/search?type=post'), 400, 'invalid_argument', 'q');
  expectError(await reader.client.get(`/api/v1/search?q=${'a'.repeat(201)}`), 400, 'invalid_argument', 'q');
  await search(reader, `q=${'a'.repeat(200)}`);
  for (const type of ['posts', 'people', 'user', 'POST', 'all']) {
    expectError(await reader.client.get(`/api/v1/search?q=word&type=${type}`), 400, 'invalid_argument', 'type');
  }
  expectError(await reader.client.get('/api/v1/search?q=word&limit=0'), 400, 'invalid_argument', 'limit');
  expectError(await reader.client.get('/api/v1/search?q=word&limit=101'), 400, 'invalid_argument', 'limit');
  expectError(await reader.client.get('/api/v1/search?q=word&cursor=bogus'), 400, 'invalid_argument', 'cursor');
  expectError(await server.anonymous().get('/api/v1/search?q=word'), 401, 'unauthenticated');
});

test('query syntax characters are plain text, never an error', async () => {
  const post = await createPost(author, { body: 'The wombatical report, final and notable, ordinary, nearby; or not near' });
  // AND, OR, NOT, NEAR are words like any other (whole words before the last, prefixes as the last).
  for (const q of ['"wombatical', 'wombatical"', 'wombatical*', '(wombatical', 'wombatical:', 'wombatical AND',
    'NEAR(wombatical', '-wombatical', '^wombatical', 'wombatical OR', 'NOT wombatical', '{wombatical}']) {
    const body = await search(reader, `q=${encodeURIComponent(q)}&type=post`);
    assert.ok(postIds(body).includes(post.id), `q=${q} finds the post: ${JSON.stringify(body).slice(0, 300)}`);
  }
  for (const q of ['"', '*', '()', 'AND', ':', '\'', '%', '\\']) {
    const res = await reader.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    expectOk(res);
  }
});

test('posts are ranked by relevance (term frequency, length), not by date', async () => {
  // Same length; the older one uses the word three times, the newer one once.
  const strong = await createPost(author, { body: 'rankolith rankolith rankolith filler' });
  const weak = await createPost(author, { body: 'rankolith filler filler filler' });
  assert.deepEqual(postIds(await search(reader, 'q=rankolith&type=post')), [strong.id, weak.id]);
});

test('pagination walks every match once', async () => {
  const ids = [];
  for (let i = 0; i < 5; i += 1) ids.push((await createPost(author, { body: `paginatrix note number ${i}` })).id);
  await server.settled();  // all indexed before the first page: a post indexed between pages would move the offsets
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page += 1) {
    const body = await search(reader, `q=paginatrix&type=post&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(body.items.length <= 2);
    seen.push(...postIds(body));
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  assert.equal(cursor, null, 'pagination ends');
  assert.deepEqual([...seen].sort(), [...ids].sort(), 'every match exactly once');
});

test('without type, a page holds at most limit hits, people and work first, and pages on to every post once', async () => {
  const word = 'multiplexa';
  await member(server, { name: `Multiplexa Mira` });
  await member(server, { name: `Multiplexa Moss` });
  const ids = [];
  for (let i = 0; i < 5; i += 1) ids.push((await createPost(author, { body: `${word} note ${i}` })).id);
  await server.settled();
  const seen = [];
  let cursor = null;
  let first = true;
  for (let page = 0; page < 10; page += 1) {
    const body = await search(reader, `q=${word}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(body.items.length <= 3, `${body.items.length} hits on a page of 3`);
    if (first) assert.deepEqual(body.items.slice(0, 2).map((i) => i.type), ['person', 'person'], 'people first');
    first = false;
    seen.push(...postIds(body));
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  assert.equal(cursor, null, 'pagination ends');
  assert.deepEqual([...seen].sort(), [...ids].sort(), 'every post exactly once');
});

test('posts the caller may not see are never returned: audience, unit, deleted, guests, edits', async () => {
  const fan = await member(server, { name: 'Fenna Fan', unit_id: unitTwo.id });
  const colleague = await member(server, { name: 'Cato Colleague', unit_id: unitOne.id });
  await follow(fan, author);
  const pub = await createPost(author, { body: 'invisibilia public' });
  const unit = await createPost(author, { body: 'invisibilia unit', audience: 'unit' });
  const fol = await createPost(author, { body: 'invisibilia followers', audience: 'followers' });
  const hiddenReply = await reply(fan, fol.id, 'invisibilia reply in a followers thread');
  const gone = await createPost(author, { body: 'invisibilia deleted' });
  expectNoContent(await author.client.delete(`/api/v1/posts/${gone.id}`));
  const edited = await createPost(author, { body: 'invisibilia before editing' });
  expectOk(await author.client.patch(`/api/v1/posts/${edited.id}`, { body: 'rewritten entirely' }));

  const sortedIds = (items) => [...items].sort();
  const cases = [
    [reader, [pub]],
    [fan, [pub, fol, hiddenReply]],
    [colleague, [pub, unit]],
    [author, [pub, unit, fol, hiddenReply]],
    [admin, [pub, unit, fol, hiddenReply]],
    [guest, []],
  ];
  for (const [viewer, want] of cases) {
    const got = postIds(await search(viewer, 'q=invisibilia&type=post&limit=100'));
    assert.deepEqual(sortedIds(got), sortedIds(idsOf(want)), `${viewer.person.name} finds`);
    const mixed = postIds(await search(viewer, 'q=invisibilia&limit=100'));
    assert.deepEqual(sortedIds(mixed), sortedIds(idsOf(want)), `${viewer.person.name} finds (no type)`);
  }
  assert.deepEqual(postIds(await search(author, 'q=rewritten&type=post')), [edited.id], 'the new words are found');
  assert.deepEqual(postIds(await search(author, 'q=editing&type=post')), [], 'the old words are gone');
});

test('a guest finds only themselves among people', async () => {
  await member(server, { name: 'Gert Lookalike' });
  const body = await search(guest, 'q=gert');
  assert.deepEqual(body.items.map((i) => [i.type, i.id]), [['person', guest.person.id]]);
});

test('accents are folded on both stores: "equipe" finds "Équipe", and "Zürich" finds "zurich"', async () => {
  const tag = `qx${Date.now().toString(36)}`;
  const accented = await createPost(author, { body: `L'Équipe réseau ${tag} de Zürich` });
  const plain = await createPost(author, { body: `Equipe logistique ${tag}b zurich` });
  assert.deepEqual(postIds(await search(reader, `q=${encodeURIComponent(`equipe reseau ${tag}`)}&type=post`)), [accented.id]);
  assert.deepEqual(postIds(await search(reader, `q=${encodeURIComponent(`équipe logistique ${tag}b`)}&type=post`)), [plain.id]);
  assert.deepEqual(postIds(await search(reader, `q=${encodeURIComponent(`ZÜRICH RÉSEAU ${tag}`)}&type=post`)), [accented.id]);
  const person = await member(server, { name: `Zoë Ångström ${tag}` });
  const people = (await search(reader, `q=${encodeURIComponent(`zoe angstrom ${tag}`)}&type=person`)).items.map((item) => item.id);
  assert.deepEqual(people, [person.person.id]);
  const space = expectOk(await author.client.post('/api/v1/spaces', { name: `Café à Montréal ${tag}`, visibility: 'public', kind: 'project', purpose: 'Coffee' }), 201);
  const spaces = (await search(reader, `q=${encodeURIComponent(`cafe montreal ${tag}`)}&type=space`)).items.map((item) => item.id);
  assert.deepEqual(spaces, [space.id]);
});
