// Posts (docs/design/social.md "Post"): creating one per audience, reading, editing (author or
// admin), deleting (then 404 everywhere), #topic and @mention parsing, body bounds, and the
// 400/401/403/404 answers of every post route.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';
import {
  allPages, createPost, createUnit, expectPostShape, expectSummaryOf, follow, getPost, idsOf, member,
  reply, sorted,
} from './social.mjs';

let server;
let admin;
let unitA;
let author;     // unit A
let colleague;  // unit A
let outsider;   // no unit, follows nobody
let follower;   // no unit, follows author
let noUnit;     // no unit
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitA = await createUnit(server, 'Posts Unit A');
  author = await member(server, { name: 'Ann Author', title: 'Writer', unit_id: unitA.id });
  colleague = await member(server, { name: 'Cole League', unit_id: unitA.id });
  outsider = await member(server, { name: 'Otto Outsider' });
  follower = await member(server, { name: 'Fay Follower' });
  noUnit = await member(server, { name: 'Nora Nounit' });
  guest = await member(server, { name: 'Gus Guest', role: 'guest' });
  await follow(follower, author);
});
after(async () => {
  await server?.stop();
});

const authorPostIds = async (viewer = author) =>
  idsOf(await allPages(viewer.client, `/api/v1/people/${author.person.id}/posts`));

test('POST /api/v1/posts creates a public post (201) with the full post shape', async () => {
  const body = 'Hello **world**, <b>raw</b> text stays text.';
  const post = await createPost(author, { body, audience: 'public' });
  expectPostShape(post);
  expectSummaryOf(post.author, author);
  assert.equal(post.body, body, 'the body comes back exactly as written (text, never HTML)');
  assert.equal(post.audience, 'public');
  assert.equal(post.space_id, null);
  assert.equal(post.record_id, null);
  assert.equal(post.reply_to, null);
  assert.equal(post.root_id, post.id, 'a root is its own thread root');
  assert.equal(post.reshare_of, null);
  assert.equal(post.reshared, null);
  assert.deepEqual(post.topics, []);
  assert.deepEqual(post.mentions, []);
  assert.deepEqual(post.reactions, { like: 0, celebrate: 0, insightful: 0, support: 0 });
  assert.deepEqual(post.my_reactions, []);
  assert.equal(post.reply_count, 0);
  assert.equal(post.reshare_count, 0);
  assert.match(post.created_at, kRfc3339Utc);
  assert.equal(post.edited_at, null);
  assert.equal(post.can_edit, true);

  const seen = await getPost(outsider, post.id);
  expectPostShape(seen);
  assert.equal(seen.id, post.id);
  assert.equal(seen.body, body);
  assert.equal(seen.can_edit, false, 'another member may not edit');
  assert.equal((await getPost(admin, post.id)).can_edit, true, 'an admin may edit');
  assert.equal((await getPost(author, post.id)).can_edit, true);
});

test('POST /api/v1/posts with audience unit and followers (201); each is readable by its audience', async () => {
  const unitPost = await createPost(author, { body: 'For my unit only', audience: 'unit' });
  expectPostShape(unitPost);
  assert.equal(unitPost.audience, 'unit');
  assert.equal((await getPost(colleague, unitPost.id)).audience, 'unit');
  expectError(await outsider.client.get(`/api/v1/posts/${unitPost.id}`), 404, 'not_found');

  const followersPost = await createPost(author, { body: 'For my followers only', audience: 'followers' });
  expectPostShape(followersPost);
  assert.equal(followersPost.audience, 'followers');
  assert.equal((await getPost(follower, followersPost.id)).audience, 'followers');
  expectError(await colleague.client.get(`/api/v1/posts/${followersPost.id}`), 404, 'not_found');
});

test('a token with the write scope posts; one with only read gets 403 and writes nothing', async () => {
  const writer = await server.tokenFor(author.client, ['read', 'write']);
  const viaToken = expectOk(await writer.client.post('/api/v1/posts', { body: 'Posted with a token', audience: 'public' }), 201);
  expectPostShape(viaToken);
  assert.equal(viaToken.author.id, author.person.id);
  const reader = await server.tokenFor(author.client, ['read']);
  const before = await authorPostIds();
  expectError(await reader.client.post('/api/v1/posts', { body: 'Never posted', audience: 'public' }),
    403, 'permission_denied');
  assert.equal(expectOk(await reader.client.get(`/api/v1/posts/${viaToken.id}`)).id, viaToken.id);
  assert.deepEqual(await authorPostIds(), before);
});

test('audience unit without a unit → 400 field audience, nothing created', async () => {
  expectError(await noUnit.client.post('/api/v1/posts', { body: 'No unit to post to', audience: 'unit' }),
    400, 'invalid_argument', 'audience');
  assert.deepEqual(idsOf(await allPages(noUnit.client, `/api/v1/people/${noUnit.person.id}/posts`)), []);
});

test('an unknown or mistyped audience → 400 field audience, nothing created', async () => {
  const before = await authorPostIds();
  for (const audience of ['everyone', 'PUBLIC', '', 'friends']) {
    expectError(await author.client.post('/api/v1/posts', { body: 'Bad audience', audience }),
      400, 'invalid_argument', 'audience');
  }
  for (const audience of [1, true, ['public'], { a: 1 }]) {
    expectError(await author.client.post('/api/v1/posts', { body: 'Bad audience', audience }),
      400, 'invalid_argument', 'audience');
  }
  assert.deepEqual(await authorPostIds(), before);
});

test('audience space with an unknown space → 404, nothing created', async () => {
  const before = await authorPostIds();
  expectError(await author.client.post('/api/v1/posts', { body: 'Into the void', audience: 'space', space_id: '987654' }),
    404, 'not_found');
  assert.deepEqual(await authorPostIds(), before);
});

test('body bounds: empty or blank 400, 20,000 characters ok, 20,001 → 400 field body', async () => {
  const before = await authorPostIds();
  for (const body of ['', '   ', ' \n\t \r\n ']) {
    expectError(await author.client.post('/api/v1/posts', { body, audience: 'public' }), 400, 'invalid_argument', 'body');
  }
  expectError(await author.client.post('/api/v1/posts', { audience: 'public' }), 400, 'invalid_argument', 'body');
  for (const body of [null, 5, ['text'], { text: 'x' }]) {
    expectError(await author.client.post('/api/v1/posts', { body, audience: 'public' }), 400, 'invalid_argument', 'body');
  }
  expectError(await author.client.post('/api/v1/posts', { body: 'x'.repeat(20_001), audience: 'public' }),
    400, 'invalid_argument', 'body');
  expectError(await author.client.post('/api/v1/posts', { body: 'é'.repeat(20_001), audience: 'public' }),
    400, 'invalid_argument', 'body');
  assert.deepEqual(await authorPostIds(), before, 'no invalid post was written');

  const longest = await createPost(author, { body: 'x'.repeat(20_000) });
  assert.equal(longest.body.length, 20_000);
  assert.equal((await getPost(author, longest.id)).body, 'x'.repeat(20_000));
  // Characters, not bytes: 20,000 two-byte characters are 40,000 bytes and still fit.
  const accented = await createPost(author, { body: 'é'.repeat(20_000) });
  assert.equal(accented.body, 'é'.repeat(20_000));
  // The bound applies after trimming: surrounding whitespace does not count.
  const padded = await createPost(author, { body: `  ${'y'.repeat(20_000)}\n ` });
  assert.equal(padded.body.trim(), 'y'.repeat(20_000));
});

test('#topics are parsed per social.md: case, separators, digits-only, preceding character, length', async () => {
  const fifty = 'a'.repeat(50);
  const body = [
    'Ship it #Kubernetes, #ci-cd and #under_score! (#Paren) #2fa again #KUBERNETES.',
    'Not topics: #123 a#b 9#nine &#39; # alone.',
    `Longest: #${fifty} and the #end.`,
  ].join('\n');
  const post = await createPost(author, { body });
  assert.deepEqual(sorted(post.topics), sorted(['kubernetes', 'ci-cd', 'under_score', 'paren', '2fa', fifty, 'end']),
    `topics of ${JSON.stringify(body)}`);
  assert.equal(new Set(post.topics).size, post.topics.length, 'each topic once');
  assert.deepEqual(sorted((await getPost(outsider, post.id)).topics), sorted(post.topics));

  // The topic feed matches names lowercase and finds the post under any spelling.
  for (const name of ['kubernetes', 'Kubernetes', 'CI-CD', '2fa']) {
    const feed = expectList(await outsider.client.get(`/api/v1/topics/${name}/feed?limit=100`));
    assert.ok(idsOf(feed.items).includes(post.id), `topic feed ${name} holds the post`);
  }
  for (const name of ['b', 'nine', '39']) {
    const feed = await outsider.client.get(`/api/v1/topics/${name}/feed?limit=100`);
    if (feed.status === 400) continue; // '39' is digits only: not a topic name at all
    assert.ok(!idsOf(expectList(feed).items).includes(post.id), `no topic ${name}`);
  }
});

test('#topics in other scripts: letters of any script, only ASCII lowercased, preceded-by-letter rule applies', async () => {
  const body = 'Non-ASCII #Café and #ÜBER and #日本語, but not café#nope nor Ω#omega';
  const post = await createPost(author, { body });
  assert.deepEqual(sorted(post.topics), sorted(['café', 'Über', '日本語']), `topics of ${JSON.stringify(body)}`);
  const feed = expectList(await outsider.client.get(`/api/v1/topics/${encodeURIComponent('Café')}/feed?limit=100`));
  assert.ok(idsOf(feed.items).includes(post.id), 'the topic feed finds #Café under Café');
});

test('@mentions are parsed per social.md: case, trailing dot, dotted handles, preceding letter, unknown and invisible people', async () => {
  const alice = await member(server, { name: 'Alice Mention' });
  const bob = await member(server, { name: 'Bob Mention' });
  const carol = await member(server, { name: 'Carol Mention' });
  const dotted = await member(server, { name: 'Dot Ted', handle: `dot.${unique('t')}` });
  const body = [
    `Thanks @${alice.person.handle}. Ping @${bob.person.handle.toUpperCase()} too`,
    `(cc @${dotted.person.handle}), mail x@${carol.person.handle} or @${unique('nobody')} or @${guest.person.handle}`,
    `and finally @${dotted.person.handle}.`,
  ].join('\n');
  const post = await createPost(author, { body });
  assert.deepEqual(sorted(post.mentions), sorted([alice.person.id, bob.person.id, dotted.person.id]),
    `mentions of ${JSON.stringify(body)}`);
  assert.ok(!post.mentions.includes(carol.person.id), 'x@handle (preceded by a letter) is not a mention');
  assert.ok(!post.mentions.includes(guest.person.id), 'a member may not see a guest, so the guest is not mentioned');

  // A trailing dot is punctuation: @handle. at the end of a sentence still mentions handle.
  const trailing = await createPost(author, { body: `Well done @${carol.person.handle}.` });
  assert.deepEqual(trailing.mentions, [carol.person.id]);

  // An admin may see guests, so an admin's mention of a guest counts.
  const byAdmin = await createPost(admin, { body: `Welcome @${guest.person.handle}!` });
  assert.deepEqual(byAdmin.mentions, [guest.person.id]);
});

test('PATCH by the author edits the body, sets edited_at and re-parses topics and mentions', async () => {
  const mentioned = await member(server, { name: 'Max Mentioned' });
  const post = await createPost(author, { body: 'First draft #drafttopic' });
  assert.deepEqual(post.topics, ['drafttopic']);
  const edited = expectOk(await author.client.patch(`/api/v1/posts/${post.id}`,
    { body: `Final words #finaltopic for @${mentioned.person.handle}` }));
  expectPostShape(edited);
  assert.equal(edited.id, post.id);
  assert.equal(edited.body, `Final words #finaltopic for @${mentioned.person.handle}`);
  assert.match(edited.edited_at ?? '', kRfc3339Utc, 'edited_at is set');
  assert.equal(edited.created_at, post.created_at);
  assert.deepEqual(edited.topics, ['finaltopic']);
  assert.deepEqual(edited.mentions, [mentioned.person.id]);
  assert.deepEqual((await getPost(outsider, post.id)).topics, ['finaltopic']);

  const oldFeed = expectList(await outsider.client.get('/api/v1/topics/drafttopic/feed'));
  assert.ok(!idsOf(oldFeed.items).includes(post.id), 'the old topic no longer lists the post');
  const newFeed = expectList(await outsider.client.get('/api/v1/topics/finaltopic/feed'));
  assert.ok(idsOf(newFeed.items).includes(post.id), 'the new topic lists the post');
});

test('PATCH by an admin works (200); by another member 403 and nothing changes', async () => {
  const post = await createPost(author, { body: 'Moderate me' });
  expectError(await outsider.client.patch(`/api/v1/posts/${post.id}`, { body: 'Hijacked' }), 403, 'permission_denied');
  expectError(await colleague.client.patch(`/api/v1/posts/${post.id}`, { body: 'Hijacked' }), 403, 'permission_denied');
  const untouched = await getPost(author, post.id);
  assert.equal(untouched.body, 'Moderate me');
  assert.equal(untouched.edited_at, null);

  const moderated = expectOk(await admin.client.patch(`/api/v1/posts/${post.id}`, { body: 'Moderated by an admin' }));
  assert.equal(moderated.body, 'Moderated by an admin');
  assert.equal(moderated.author.id, author.person.id, 'the author stays the author');
  assert.match(moderated.edited_at ?? '', kRfc3339Utc);
  assert.equal((await getPost(outsider, post.id)).body, 'Moderated by an admin');
});

test('PATCH: 400 for a bad body, 404 for invisible or unknown posts, 401 anonymous, nothing changes', async () => {
  const post = await createPost(author, { body: 'Stable body' });
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, { body: '' }), 400, 'invalid_argument', 'body');
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, { body: '   ' }), 400, 'invalid_argument', 'body');
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, {}), 400, 'invalid_argument', 'body');
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, { body: 7 }), 400, 'invalid_argument', 'body');
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, { body: 'z'.repeat(20_001) }),
    400, 'invalid_argument', 'body');
  expectError(await author.client.patch(`/api/v1/posts/${post.id}`, '{"body":', { raw: true }), 400, 'malformed_json');
  expectError(await server.anonymous().patch(`/api/v1/posts/${post.id}`, { body: 'Anonymous edit' }),
    401, 'unauthenticated');
  expectError(await author.client.patch('/api/v1/posts/99999999', { body: 'Nothing there' }), 404, 'not_found');
  expectError(await author.client.patch('/api/v1/posts/not-an-id', { body: 'Nothing there' }), 404, 'not_found');

  const hidden = await createPost(author, { body: 'Followers draft', audience: 'followers' });
  expectError(await outsider.client.patch(`/api/v1/posts/${hidden.id}`, { body: 'Hidden edit' }), 404, 'not_found');
  expectError(await guest.client.patch(`/api/v1/posts/${post.id}`, { body: 'Guest edit' }), 404, 'not_found');
  assert.equal((await getPost(author, post.id)).body, 'Stable body');
  assert.equal((await getPost(author, hidden.id)).body, 'Followers draft');
  assert.equal((await getPost(author, post.id)).edited_at, null);
});

test('DELETE by another member is 403; by the author 204, then the post is 404 on every route', async () => {
  const post = await createPost(author, { body: 'Short-lived #ephemeraltopic words' });
  const child = await reply(colleague, post.id, 'A reply that goes with its thread');
  const grandchild = await reply(outsider, child.id, 'A nested reply');
  expectError(await outsider.client.delete(`/api/v1/posts/${post.id}`), 403, 'permission_denied');
  assert.equal((await getPost(outsider, post.id)).id, post.id, 'still there after a refused delete');

  expectNoContent(await author.client.delete(`/api/v1/posts/${post.id}`));
  for (const viewer of [author, outsider, colleague, admin]) {
    for (const id of [post.id, child.id, grandchild.id]) {
      expectError(await viewer.client.get(`/api/v1/posts/${id}`), 404, 'not_found');
    }
    expectError(await viewer.client.get(`/api/v1/posts/${post.id}/replies`), 404, 'not_found');
    expectError(await viewer.client.get(`/api/v1/posts/${post.id}/cascade`), 404, 'not_found');
    expectError(await viewer.client.post(`/api/v1/posts/${post.id}/replies`, { body: 'Too late' }), 404, 'not_found');
    expectError(await viewer.client.post(`/api/v1/posts/${child.id}/replies`, { body: 'Too late' }), 404, 'not_found');
    expectError(await viewer.client.put(`/api/v1/posts/${post.id}/reactions/like`), 404, 'not_found');
    expectError(await viewer.client.delete(`/api/v1/posts/${post.id}/reactions/like`), 404, 'not_found');
    expectError(await viewer.client.post('/api/v1/posts', { reshare_of: post.id, body: '', audience: 'public' }),
      404, 'not_found');
    expectError(await viewer.client.patch(`/api/v1/posts/${post.id}`, { body: 'Resurrect' }), 404, 'not_found');
    expectError(await viewer.client.delete(`/api/v1/posts/${post.id}`), 404, 'not_found');
    assert.ok(!(await authorPostIds(viewer)).includes(post.id), 'not in the person feed');
    const topic = expectList(await viewer.client.get('/api/v1/topics/ephemeraltopic/feed'));
    assert.deepEqual(topic.items, [], 'not in the topic feed');
    const search = expectOk(await viewer.client.get('/api/v1/search?q=ephemeraltopic&type=post'));
    assert.deepEqual(search.items, [], 'not found by search');
    const feed = await allPages(viewer.client, '/api/v1/feed');
    assert.ok(!idsOf(feed).some((id) => [post.id, child.id, grandchild.id].includes(id)), 'not in the home feed');
  }
});

test('DELETE by an admin (204) hides anyone\'s post; a deleted reply leaves its thread standing', async () => {
  const post = await createPost(colleague, { body: 'Admin will remove this' });
  expectNoContent(await admin.client.delete(`/api/v1/posts/${post.id}`));
  expectError(await colleague.client.get(`/api/v1/posts/${post.id}`), 404, 'not_found');

  const root = await createPost(author, { body: 'A thread that stays' });
  const kept = await reply(colleague, root.id, 'kept reply');
  const gone = await reply(outsider, root.id, 'removed reply');
  expectError(await colleague.client.delete(`/api/v1/posts/${gone.id}`), 403, 'permission_denied');
  expectNoContent(await outsider.client.delete(`/api/v1/posts/${gone.id}`));
  expectError(await author.client.get(`/api/v1/posts/${gone.id}`), 404, 'not_found');
  assert.equal((await getPost(author, root.id)).id, root.id);
  const thread = await allPages(author.client, `/api/v1/posts/${root.id}/replies`);
  assert.deepEqual(idsOf(thread), [kept.id]);
  assert.equal((await getPost(author, root.id)).reply_count, 1, 'the deleted reply is no longer counted');
});

test('GET /api/v1/posts/{id}: 404 for unknown ids and invisible posts, 401 anonymous', async () => {
  const post = await createPost(author, { body: 'Visible to members' });
  expectError(await author.client.get('/api/v1/posts/99999999'), 404, 'not_found');
  expectError(await author.client.get('/api/v1/posts/abc'), 404, 'not_found');
  expectError(await guest.client.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/posts/${post.id}`), 401, 'unauthenticated');
});

test('every post route answers 401 without credentials and writes nothing', async () => {
  const post = await createPost(author, { body: 'Anonymous target' });
  const anonymous = server.anonymous();
  const calls = [
    anonymous.post('/api/v1/posts', { body: 'Anonymous post', audience: 'public' }),
    anonymous.get(`/api/v1/posts/${post.id}`),
    anonymous.patch(`/api/v1/posts/${post.id}`, { body: 'x' }),
    anonymous.delete(`/api/v1/posts/${post.id}`),
    anonymous.post(`/api/v1/posts/${post.id}/replies`, { body: 'x' }),
    anonymous.get(`/api/v1/posts/${post.id}/replies`),
    anonymous.put(`/api/v1/posts/${post.id}/reactions/like`),
    anonymous.delete(`/api/v1/posts/${post.id}/reactions/like`),
    anonymous.get(`/api/v1/posts/${post.id}/cascade`),
    anonymous.post('/api/v1/posts', { reshare_of: post.id, body: '' }),
  ];
  for (const res of await Promise.all(calls)) expectError(res, 401, 'unauthenticated');
  const seen = await getPost(author, post.id);
  assert.equal(seen.body, 'Anonymous target');
  assert.equal(seen.reply_count, 0);
  assert.equal(seen.reshare_count, 0);
  assert.equal(seen.reactions.like, 0);
});

test('malformed JSON and non-object bodies → 400 malformed_json; a cookie write without CSRF → 403', async () => {
  const before = await authorPostIds();
  for (const raw of ['{"body":"x",', 'not json', '[]', '"body"', '{"body":"\u0000', '']) {
    const res = await author.client.post('/api/v1/posts', raw, { raw: true });
    expectError(res, 400, 'malformed_json');
  }
  const invalidUtf8 = Buffer.concat([Buffer.from('{"body":"ok'), Buffer.from([0xff, 0xfe]), Buffer.from('","audience":"public"}')]);
  expectError(await author.client.post('/api/v1/posts', invalidUtf8, { raw: true }), 400, 'malformed_json');
  expectError(await author.client.post('/api/v1/posts', { body: 'No CSRF', audience: 'public' }, { csrf: false }),
    403, 'csrf_mismatch');
  assert.deepEqual(await authorPostIds(), before);
});

test('a guest cannot post to the organization (4xx, nothing written)', async () => {
  for (const audience of ['public', 'unit', 'followers']) {
    const res = await guest.client.post('/api/v1/posts', { body: 'Guest broadcast', audience });
    assert.ok(res.status === 403 || res.status === 400, `guest ${audience} post: ${res.status} ${res.text}`);
  }
  assert.deepEqual(idsOf(await allPages(admin.client, `/api/v1/people/${guest.person.id}/posts`)), []);
});
