// Post visibility (docs/design/social.md "Visibility"): an authorization matrix of viewers ×
// audiences × routes. A post a viewer may see is served on every route; one they may not see is
// 404 on every route that names it and absent from every list. Writes that the matrix makes
// (replies, reactions, reshares) are counted afterwards: refused ones must have written nothing.
// Also: "followers" means the author's followers now; "unit" the author's unit at posting time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectNoContent, expectOk } from './expect.mjs';
import { allPages, createPost, createUnit, eventually, follow, idsOf, member, notificationsOf } from './social.mjs';

let server;
let unitOne;
let unitTwo;
let viewers;   // name → signed-in person
let posts;     // audience → post
let topic;
let words;     // audience → a word only that post contains
before(async () => {
  server = await startServer();
  unitOne = await createUnit(server, 'Matrix One');
  unitTwo = await createUnit(server, 'Matrix Two');
  const author = await member(server, { name: 'Matrix Author', unit_id: unitOne.id });
  viewers = {
    author,
    follower: await member(server, { name: 'Matrix Follower', unit_id: unitTwo.id }),
    nonFollower: await member(server, { name: 'Matrix Nonfollower' }),
    sameUnit: await member(server, { name: 'Matrix Sameunit', unit_id: unitOne.id }),
    otherUnit: await member(server, { name: 'Matrix Otherunit', unit_id: unitTwo.id }),
    admin: await server.admin(),
    guest: await member(server, { name: 'Matrix Guest', role: 'guest' }),
  };
  await follow(viewers.follower, author);
  topic = unique('matrix').replace(/[^a-z0-9]/g, '');
  for (const viewer of Object.values(viewers)) {
    const res = await viewer.client.put(`/api/v1/topics/${topic}/follow`);
    if (viewer !== viewers.guest) expectNoContent(res);
  }
  const mentions = Object.entries(viewers).filter(([name]) => name !== 'author')
    .map(([, viewer]) => `@${viewer.person.handle}`).join(' ');
  posts = {};
  words = {};
  for (const audience of ['public', 'unit', 'followers']) {
    words[audience] = `${unique('vis').replace(/[^a-z]/g, '')}${audience}`;
    posts[audience] = await createPost(author, {
      body: `Matrix post ${words[audience]} for #${topic} with ${mentions}`, audience,
    });
  }
});
after(async () => {
  await server?.stop();
});

const kVisible = {
  public: ['author', 'follower', 'nonFollower', 'sameUnit', 'otherUnit', 'admin'],
  unit: ['author', 'sameUnit', 'admin'],
  followers: ['author', 'follower', 'admin'],
};

const has = (items, id) => idsOf(items).includes(id);
const listOrGone = async (viewer, path) => {
  const res = await viewer.client.get(path);
  if (res.status === 404) return [];
  expectOk(res);
  return allPages(viewer.client, path);
};

// Each route: (viewer, post, audience) → true when the post was served, false when it was hidden
// (404 / absent from the list), or a string describing any other answer (a 403 where 404 was
// due, a 500, a malformed body): the matrix records that cell as wrong and goes on.
const other = (res) => `${res.status} ${res.text.slice(0, 160)}`;
const routes = {
  'GET post': async (v, p) => {
    const res = await v.client.get(`/api/v1/posts/${p.id}`);
    if (res.status === 404) return false;
    return res.status === 200 && expectOk(res).id === p.id ? true : other(res);
  },
  'GET replies': async (v, p) => {
    const res = await v.client.get(`/api/v1/posts/${p.id}/replies`);
    if (res.status === 404) return false;
    return res.status === 200 && Array.isArray(expectOk(res).items) ? true : other(res);
  },
  'POST reply': async (v, p) => {
    const res = await v.client.post(`/api/v1/posts/${p.id}/replies`, { body: `Matrix reply by ${v.person.name}` });
    if (res.status === 404) return false;
    return res.status === 201 && expectOk(res, 201).reply_to === p.id ? true : other(res);
  },
  'PUT reaction': async (v, p) => {
    const res = await v.client.put(`/api/v1/posts/${p.id}/reactions/like`);
    if (res.status === 404) return false;
    return res.status === 204 ? true : other(res);
  },
  'POST reshare': async (v, p, audience) => {
    const res = await v.client.post('/api/v1/posts', { reshare_of: p.id, body: '', audience: 'public' });
    if (res.status === 404) return false;
    if (audience === 'public') return res.status === 201 && expectOk(res, 201).reshare_of === p.id ? true : other(res);
    // Visible but not public: refused for what it is (400 field reshare_of), not hidden.
    return res.status === 400 && res.body?.error?.field === 'reshare_of' ? true : other(res);
  },
  'GET cascade': async (v, p) => {
    const res = await v.client.get(`/api/v1/posts/${p.id}/cascade`);
    if (res.status === 404) return false;
    return res.status === 200 && expectOk(res).nodes.some((n) => n.post_id === p.id) ? true : other(res);
  },
  'person feed': async (v, p) => has(await listOrGone(v, `/api/v1/people/${p.author.id}/posts`), p.id),
  'topic feed': async (v, p) => has(await allPages(v.client, `/api/v1/topics/${topic}/feed`), p.id),
  'home feed': async (v, p) => has(await allPages(v.client, '/api/v1/feed'), p.id),
  search: async (v, p, audience) => {
    const body = expectOk(await v.client.get(`/api/v1/search?q=${words[audience]}&type=post`));
    return body.items.some((item) => item.id === p.id);
  },
  notifications: async (v, p) => (await notificationsOf(v)).some((n) => n.kind === 'mention' && n.post_id === p.id),
};

test('authorization matrix: viewers × audiences × routes', async () => {
  // Notifications are derived asynchronously: a later public mention of every member proves the
  // notifier is past the matrix posts (it follows the activity log in order).
  const sentinel = await createPost(viewers.author, {
    body: `Sentinel ${Object.entries(viewers).filter(([n]) => n !== 'author' && n !== 'guest').map(([, v]) => `@${v.person.handle}`).join(' ')}`,
  });
  for (const [name, viewer] of Object.entries(viewers)) {
    if (name === 'author' || name === 'guest') continue;
    await eventually(() => notificationsOf(viewer), (items) => items.some((n) => n.post_id === sentinel.id),
      { what: `the sentinel mention for ${name}` });
  }

  const viewerNames = Object.keys(viewers);
  const audiences = Object.keys(posts);
  const routeNames = Object.keys(routes);
  console.log(`visibility matrix: ${viewerNames.length} viewers × ${audiences.length} audiences × ` +
    `${routeNames.length} routes = ${viewerNames.length * audiences.length * routeNames.length} cells`);

  const mismatches = [];
  const table = [];
  for (const audience of audiences) {
    for (const name of viewerNames) {
      const expected = kVisible[audience].includes(name);
      const row = [];
      for (const route of routeNames) {
        // The author is never notified of their own post: that cell expects nothing.
        const want = route === 'notifications' && name === 'author' ? false : expected;
        const got = await routes[route](viewers[name], posts[audience], audience);
        row.push(got === want ? (want ? 'V' : '-') : 'X');
        const shown = typeof got === 'string' ? got : got ? 'visible' : 'hidden';
        if (got !== want) mismatches.push(`${audience} post, ${name}, ${route}: expected ${want ? 'visible' : 'hidden (404)'}, got ${shown}`);
      }
      table.push(`${audience.padEnd(10)} ${name.padEnd(12)} ${row.join(' ')}`);
    }
  }
  console.log(`routes: ${routeNames.join(' | ')}\n(V visible as expected, - hidden as expected, X wrong)\n${table.join('\n')}`);
  // The writes of the matrix: exactly the permitted ones happened.
  for (const audience of audiences) {
    const seen = expectOk(await viewers.author.client.get(`/api/v1/posts/${posts[audience].id}`));
    const allowed = kVisible[audience].length;
    const counts = { replies: seen.reply_count, likes: seen.reactions.like, reshares: seen.reshare_count };
    const want = { replies: allowed, likes: allowed, reshares: audience === 'public' ? allowed : 0 };
    if (JSON.stringify(counts) !== JSON.stringify(want)) {
      mismatches.push(`${audience} post counts: expected ${JSON.stringify(want)}, got ${JSON.stringify(counts)}`);
    }
    const thread = await allPages(viewers.author.client, `/api/v1/posts/${posts[audience].id}/replies`);
    const repliers = thread.map((r) => r.author.id).sort();
    const permitted = kVisible[audience].map((name) => viewers[name].person.id).sort();
    if (JSON.stringify(repliers) !== JSON.stringify(permitted)) {
      mismatches.push(`${audience} post: replies by ${repliers}, expected by ${permitted}`);
    }
    // Replies are judged on their thread root: everyone who sees the root sees every reply.
    for (const name of kVisible[audience]) {
      const theirs = idsOf(await allPages(viewers[name].client, `/api/v1/posts/${posts[audience].id}/replies`));
      if (JSON.stringify(theirs) !== JSON.stringify(idsOf(thread))) {
        mismatches.push(`${audience} post: ${name} sees replies ${theirs}, the author ${idsOf(thread)}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
});

test('followers means the author\'s followers now: unfollowing hides, following reveals', async () => {
  const author = await member(server, { name: 'Now Author' });
  const reader = await member(server, { name: 'Now Reader' });
  await follow(reader, author);
  const post = await createPost(author, { body: 'Followers, judged now', audience: 'followers' });
  assert.equal((await reader.client.get(`/api/v1/posts/${post.id}`)).status, 200);
  expectNoContent(await reader.client.delete(`/api/v1/people/${author.person.id}/follow`));
  assert.equal((await reader.client.get(`/api/v1/posts/${post.id}`)).status, 404);
  assert.ok(!has(await allPages(reader.client, `/api/v1/people/${author.person.id}/posts`), post.id));
  const late = await member(server, { name: 'Late Follower' });
  assert.equal((await late.client.get(`/api/v1/posts/${post.id}`)).status, 404);
  await follow(late, author);
  assert.equal((await late.client.get(`/api/v1/posts/${post.id}`)).status, 200, 'a new follower sees earlier posts');
});

test('unit means the author\'s unit at posting time; viewers are judged by their unit now', async () => {
  const admin = await server.admin();
  const author = await member(server, { name: 'Moving Author', unit_id: unitOne.id });
  const stayer = await member(server, { name: 'Unit Stayer', unit_id: unitOne.id });
  const mover = await member(server, { name: 'Unit Joiner', unit_id: unitTwo.id });
  const post = await createPost(author, { body: 'To unit one', audience: 'unit' });
  expectOk(await admin.client.patch(`/api/v1/people/${author.person.id}`, { unit_id: unitTwo.id }));
  assert.equal((await stayer.client.get(`/api/v1/posts/${post.id}`)).status, 200, 'the old unit keeps the post');
  assert.equal((await mover.client.get(`/api/v1/posts/${post.id}`)).status, 404, 'the author\'s new unit does not get it');
  assert.equal((await author.client.get(`/api/v1/posts/${post.id}`)).status, 200, 'the author always sees it');
  expectOk(await admin.client.patch(`/api/v1/people/${mover.person.id}`, { unit_id: unitOne.id }));
  assert.equal((await mover.client.get(`/api/v1/posts/${post.id}`)).status, 200, 'joining unit one reveals it');
  expectOk(await admin.client.patch(`/api/v1/people/${stayer.person.id}`, { unit_id: null }));
  assert.equal((await stayer.client.get(`/api/v1/posts/${post.id}`)).status, 404, 'leaving unit one hides it');
});
