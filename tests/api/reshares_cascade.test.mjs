// Reshares and cascades (docs/design/social.md "Post" → reshares, "Cascade"): resharing with and
// without a comment, reshare_count, the embedded `reshared` original, refusals (non-public
// originals, replies, invisible posts), reshares of reshares, and the cascade of a tree built
// here from people in different units with known followers — shape, depth, breadth,
// people_reached, units_reached — with invisible nodes (and their subtrees) left out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import {
  allPages, createPost, createUnit, expectPostShape, expectSummaryOf, follow, getPost, idsOf, member, reply,
  reshare,
} from './social.mjs';

let server;
let admin;
let units;
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  units = [];
  for (const name of ['Cascade One', 'Cascade Two', 'Cascade Three', 'Cascade Four']) {
    units.push(await createUnit(server, name));
  }
  guest = await member(server, { name: 'Guido Guest', role: 'guest' });
});
after(async () => {
  await server?.stop();
});

const cascadeOf = async (viewer, id) => expectOk(await viewer.client.get(`/api/v1/posts/${id}/cascade`));

test('a reshare with a comment (201): reshare_of, the embedded original, its own topics, reshare_count', async () => {
  const original = await createPost(await member(server, { name: 'Orla Original' }), { body: 'Original thoughts #origin' });
  const sharer = await member(server, { name: 'Shay Sharer' });
  const reader = await member(server, { name: 'Rhea Reader' });
  const shared = await reshare(sharer, original.id, { body: 'Worth reading #sharedtopic' });
  expectPostShape(shared);
  expectSummaryOf(shared.author, sharer);
  assert.equal(shared.reshare_of, original.id);
  assert.equal(shared.body, 'Worth reading #sharedtopic');
  assert.equal(shared.reply_to, null);
  assert.equal(shared.root_id, shared.id, 'a reshare is a root of its own');
  assert.deepEqual(shared.topics, ['sharedtopic'], 'topics come from the comment only');
  assert.equal(shared.reshared?.id, original.id);
  assert.equal(shared.reshared.body, 'Original thoughts #origin');
  assert.equal(shared.reshared.author.id, original.author.id);

  const seen = await getPost(reader, shared.id);
  assert.equal(seen.reshared?.id, original.id);
  assert.equal((await getPost(reader, original.id)).reshare_count, 1);
  assert.ok(idsOf(await allPages(reader.client, `/api/v1/people/${sharer.person.id}/posts`)).includes(shared.id),
    'the reshare is in the resharer\'s posts');
  // social.md: "reshared": {post, without its own "reshared"}.
  assert.ok(!('reshared' in shared.reshared),
    `the embedded original has no "reshared" key of its own; got reshared=${JSON.stringify(shared.reshared.reshared)}`);
});

test('a reshare without a comment (body empty or absent) is 201', async () => {
  const original = await createPost(await member(server), { body: 'Share me plainly' });
  const first = await reshare(await member(server), original.id, { body: '' });
  assert.equal(first.body, '');
  assert.equal(first.reshare_of, original.id);
  const second = expectOk(await (await member(server)).client.post('/api/v1/posts',
    { reshare_of: original.id, audience: 'public' }), 201);
  assert.equal(second.reshare_of, original.id);
  assert.equal((await getPost(admin, original.id)).reshare_count, 2);
});

test('only public roots may be reshared: unit, followers posts and replies → 400 field reshare_of, nothing written', async () => {
  const author = await member(server, { name: 'Nia Nonpublic', unit_id: units[0].id });
  const colleague = await member(server, { name: 'Col Colleague', unit_id: units[0].id });
  const fan = await member(server);
  await follow(fan, author);
  const unitPost = await createPost(author, { body: 'Unit only', audience: 'unit' });
  const followersPost = await createPost(author, { body: 'Followers only', audience: 'followers' });
  const publicRoot = await createPost(author, { body: 'Public root' });
  const answer = await reply(colleague, publicRoot.id, 'A public reply');

  const cases = [[colleague, unitPost], [author, unitPost], [fan, followersPost], [author, followersPost],
    [admin, unitPost], [fan, answer], [author, answer]];
  for (const [who, post] of cases) {
    expectError(await who.client.post('/api/v1/posts', { reshare_of: post.id, body: 'Spread it', audience: 'public' }),
      400, 'invalid_argument', 'reshare_of');
  }
  for (const post of [unitPost, followersPost, answer, publicRoot]) {
    assert.equal((await getPost(author, post.id)).reshare_count, 0);
  }
  for (const who of [colleague, fan, author]) {
    const own = await allPages(who.client, `/api/v1/people/${who.person.id}/posts`);
    assert.ok(own.every((p) => p.reshare_of === null), `${who.person.name} reshared nothing`);
  }
});

test('resharing an invisible or unknown post is 404 (not 400), nothing written', async () => {
  const author = await member(server, { name: 'Ivy Invisible', unit_id: units[1].id });
  const stranger = await member(server, { name: 'Stan Stranger', unit_id: units[2].id });
  const followersPost = await createPost(author, { body: 'Followers only', audience: 'followers' });
  const unitPost = await createPost(author, { body: 'Unit only', audience: 'unit' });
  const publicPost = await createPost(author, { body: 'Public' });
  for (const post of [followersPost, unitPost]) {
    expectError(await stranger.client.post('/api/v1/posts', { reshare_of: post.id, audience: 'public' }), 404, 'not_found');
  }
  expectError(await stranger.client.post('/api/v1/posts', { reshare_of: '99999999', audience: 'public' }), 404, 'not_found');
  expectError(await server.anonymous().post('/api/v1/posts', { reshare_of: publicPost.id }), 401, 'unauthenticated');
  expectError(await stranger.client.post('/api/v1/posts', { reshare_of: { id: publicPost.id }, audience: 'public' }),
    400, 'invalid_argument', 'reshare_of');
  expectError(await stranger.client.post('/api/v1/posts',
    { reshare_of: publicPost.id, body: 'c'.repeat(20_001), audience: 'public' }), 400, 'invalid_argument', 'body');
  for (const post of [followersPost, unitPost, publicPost]) {
    assert.equal((await getPost(author, post.id)).reshare_count, 0);
  }
  assert.deepEqual(await allPages(stranger.client, `/api/v1/people/${stranger.person.id}/posts`), []);
  // A guest may not see the public post, so resharing it is 404 like any invisible post.
  expectError(await guest.client.post('/api/v1/posts', { reshare_of: publicPost.id, audience: 'public' }), 404, 'not_found');
  assert.equal((await getPost(author, publicPost.id)).reshare_count, 0);
});

test('a reshare of a reshare embeds its direct original; counts are per post', async () => {
  const original = await createPost(await member(server), { body: 'Level zero' });
  const first = await reshare(await member(server), original.id, { body: 'Level one' });
  const second = await reshare(await member(server), first.id, { body: 'Level two' });
  expectPostShape(second);
  assert.equal(second.reshare_of, first.id);
  assert.equal(second.reshared?.id, first.id);
  assert.equal(second.reshared.body, 'Level one');
  assert.equal(second.reshared.reshare_of, original.id);
  assert.equal((await getPost(admin, first.id)).reshare_count, 1);
  assert.ok(!('reshared' in second.reshared),
    `the embedded reshare has no "reshared" key of its own; got reshared=${JSON.stringify(second.reshared.reshared)}`);
});

test('when the original is deleted the reshare stays, with reshared null', async () => {
  const author = await member(server);
  const original = await createPost(author, { body: 'Soon gone' });
  const shared = await reshare(await member(server), original.id, { body: 'Shared before it went' });
  expectNoContent(await author.client.delete(`/api/v1/posts/${original.id}`));
  const seen = await getPost(await member(server), shared.id);
  assert.equal(seen.reshare_of, original.id);
  assert.equal(seen.reshared, null, 'an original the caller may not see is not embedded');
});

test('a followers-only reshare is visible to the resharer\'s followers alone', async () => {
  const original = await createPost(await member(server), { body: 'Public original' });
  const sharer = await member(server);
  const fan = await member(server);
  const other = await member(server);
  await follow(fan, sharer);
  const shared = await reshare(sharer, original.id, { body: 'Just for my followers', audience: 'followers' });
  assert.equal(shared.audience, 'followers');
  assert.equal((await getPost(fan, shared.id)).reshared?.id, original.id);
  expectError(await other.client.get(`/api/v1/posts/${shared.id}`), 404, 'not_found');
});

// The cascade tree (unit in brackets; a → b means a follows b):
//
//   P  by A [U1]
//   ├── R1 by B [U1]
//   │   ├── R3 by D [U2]
//   │   │   └── R4 by E [U3]
//   │   └── R5 by F [—]   (deleted after G reshared it)
//   │       └── R6 by G [U4]
//   └── R2 by C [U2]
//       ├── R7 by H [U3]  (audience followers; W [U4] → H)
//       └── R8 by I [—]
//
// Followers: X1 [U1] → A; X2 [U1] → A, B; X3 [—] → B; X4 [U2] → D; F → C; Y [U3] → F; Z [U4] → G.
// V [—] follows nobody.
test('cascade: shape, depth, breadth, people_reached and units_reached; invisible nodes and subtrees left out', async () => {
  const [u1, u2, u3, u4] = units.map((unit) => unit.id);
  const p = async (name, unit_id = null) => member(server, { name, unit_id });
  const A = await p('Cas A', u1); const B = await p('Cas B', u1); const C = await p('Cas C', u2);
  const D = await p('Cas D', u2); const E = await p('Cas E', u3); const F = await p('Cas F');
  const G = await p('Cas G', u4); const H = await p('Cas H', u3); const I = await p('Cas I');
  const X1 = await p('Cas X1', u1); const X2 = await p('Cas X2', u1); const X3 = await p('Cas X3');
  const X4 = await p('Cas X4', u2); const Y = await p('Cas Y', u3); const Z = await p('Cas Z', u4);
  const W = await p('Cas W', u4); const V = await p('Cas V');
  for (const [follower, followee] of [[X1, A], [X2, A], [X2, B], [X3, B], [X4, D], [F, C], [Y, F], [Z, G], [W, H]]) {
    await follow(follower, followee);
  }

  const P = await createPost(A, { body: 'The cascade root' });
  const R1 = await reshare(B, P.id, { body: 'B shares' });
  const R2 = await reshare(C, P.id);
  const R3 = await reshare(D, R1.id);
  const R4 = await reshare(E, R3.id, { body: 'E shares D' });
  const R5 = await reshare(F, R1.id);
  const R6 = await reshare(G, R5.id);
  const R7 = await reshare(H, R2.id, { body: 'Only for my followers', audience: 'followers' });
  const R8 = await reshare(I, R2.id);
  expectNoContent(await F.client.delete(`/api/v1/posts/${R5.id}`));
  assert.equal((await getPost(V, P.id)).reshare_count, 2, 'P was reshared directly twice');
  assert.equal((await getPost(V, R1.id)).reshare_count, 1, 'R1 keeps one live direct reshare (R3)');
  assert.equal((await getPost(V, R3.id)).reshare_count, 1);

  const node = (post, who, parent, depth) => ({
    post_id: post.id, person_id: who.person.id, parent: parent ? parent.id : null, depth, unit_id: who.person.unit_id,
  });
  const publicNodes = [node(P, A, null, 0), node(R1, B, P, 1), node(R2, C, P, 1), node(R3, D, R1, 2),
    node(R8, I, R2, 2), node(R4, E, R3, 3)];
  const withR7 = [...publicNodes, node(R7, H, R2, 2)];
  const flatten = (cascade) => cascade.nodes.map((n) => {
    expectSummaryOf(n.person);
    return { post_id: n.post_id, person_id: n.person.id, parent: n.parent, depth: n.depth, unit_id: n.unit_id };
  });
  const byPost = (a, b) => Number(a.post_id) - Number(b.post_id);

  // V: the public tree. People: A B C D E I + followers X1 X2 X3 F X4 = 11; units U1 U2 U3.
  for (const via of [P, R1, R4, R8, R6]) {
    const cascade = await cascadeOf(V, via.id);
    assert.equal(cascade.root, P.id, `the tree is the original's (asked via ${via.body || via.id})`);
    assert.deepEqual(flatten(cascade).sort(byPost), [...publicNodes].sort(byPost));
    assert.equal(cascade.depth, 3);
    assert.equal(cascade.breadth, 2);
    assert.equal(cascade.people_reached, 11);
    assert.equal(cascade.units_reached, 3);
  }
  const vNodes = (await cascadeOf(V, P.id)).nodes;
  expectSummaryOf(vNodes.find((n) => n.post_id === R4.id).person, E);

  // W follows H, so R7 is visible too: + H + W = 13 people; + U4 = 4 units; depth 2 holds 3 nodes.
  // An admin sees followers posts (moderation) and gets the same tree; so does H, the author.
  for (const viewer of [W, admin, H]) {
    const cascade = await cascadeOf(viewer, R2.id);
    assert.equal(cascade.root, P.id);
    assert.deepEqual(flatten(cascade).sort(byPost), [...withR7].sort(byPost));
    assert.equal(cascade.depth, 3);
    assert.equal(cascade.breadth, 3);
    assert.equal(cascade.people_reached, 13);
    assert.equal(cascade.units_reached, 4);
  }
  assert.equal((await cascadeOf(W, R7.id)).root, P.id, 'asked via the followers-only reshare');

  // Invisible starting points are 404.
  expectError(await V.client.get(`/api/v1/posts/${R7.id}/cascade`), 404, 'not_found');
  expectError(await V.client.get(`/api/v1/posts/${R5.id}/cascade`), 404, 'not_found');
  expectError(await admin.client.get(`/api/v1/posts/${R5.id}/cascade`), 404, 'not_found');
  expectError(await guest.client.get(`/api/v1/posts/${P.id}/cascade`), 404, 'not_found');
  assert.equal((await getPost(V, R6.id)).reshared, null, 'R6 embeds no deleted original');
});

test('cascade of a post never reshared: the root alone, reached by its author and followers', async () => {
  const author = await member(server, { name: 'Lone Author', unit_id: units[0].id });
  const fans = [await member(server, { unit_id: units[1].id }), await member(server), await member(server, { unit_id: units[1].id })];
  for (const fan of fans) await follow(fan, author);
  const post = await createPost(author, { body: 'Nobody shares me' });
  const cascade = await cascadeOf(fans[1], post.id);
  assert.equal(cascade.root, post.id);
  assert.equal(cascade.nodes.length, 1);
  assert.equal(cascade.nodes[0].post_id, post.id);
  assert.equal(cascade.nodes[0].parent, null);
  assert.equal(cascade.nodes[0].depth, 0);
  assert.equal(cascade.nodes[0].unit_id, units[0].id);
  expectSummaryOf(cascade.nodes[0].person, author);
  assert.equal(cascade.depth, 0);
  assert.equal(cascade.breadth, 1);
  assert.equal(cascade.people_reached, 4);
  assert.equal(cascade.units_reached, 2);
});

test('cascade: 401 anonymous, 404 unknown or invisible; the author sees their own non-public post\'s cascade', async () => {
  const author = await member(server, { unit_id: units[3].id });
  const post = await createPost(author, { body: 'Cascade errors' });
  const followersPost = await createPost(author, { body: 'Followers cascade', audience: 'followers' });
  const unitPost = await createPost(author, { body: 'Unit cascade', audience: 'unit' });
  const stranger = await member(server, { unit_id: units[2].id });
  expectError(await server.anonymous().get(`/api/v1/posts/${post.id}/cascade`), 401, 'unauthenticated');
  expectError(await stranger.client.get('/api/v1/posts/99999999/cascade'), 404, 'not_found');
  expectError(await stranger.client.get(`/api/v1/posts/${followersPost.id}/cascade`), 404, 'not_found');
  expectError(await stranger.client.get(`/api/v1/posts/${unitPost.id}/cascade`), 404, 'not_found');
  const own = await cascadeOf(author, followersPost.id);
  assert.deepEqual(own.nodes.map((n) => n.post_id), [followersPost.id]);
});
