// Derived views are subscribers of the activity log: `weft rebuild NAME` empties one and replays the
// log into it, giving the same notifications (read marks kept); /metrics reports each subscriber's
// lag; bad names are usage errors that change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';
import { member, createPost, reply, notificationsOf, eventually } from './social.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function rebuild(args) {
  const env = { ...process.env };
  for (const name of ['WEFT_DATABASE_URL', 'WEFT_LISTEN', 'WEFT_DATA_DIR']) delete env[name];
  // The server's store: its data directory, or its PostgreSQL database (WEFT_API_ON_POSTGRES).
  for (const name of ['WEFT_DATABASE_URL']) {
    if (server.env[name]) env[name] = server.env[name];
  }
  return spawnSync(WEFT_BIN, ['rebuild', ...args, '--data-dir', path.join(server.root, 'data')],
    { env, encoding: 'utf8', timeout: 60_000 });
}

// Everything but the row id (a rebuilt view has new rows).
const shape = (list) => list
  .map((n) => `${n.kind}:${n.actor?.id ?? ''}:${n.subject_type}:${n.subject_id}:${n.post_id}:${n.created_at}:${n.read}`)
  .sort();

test('weft rebuild notifications gives back the same notifications, read marks kept', async () => {
  const ada = await member(server, { name: 'Ada Rebuild' });
  const bo = await member(server, { name: 'Bo Rebuild' });
  const root = await createPost(ada, { body: `Over to @${bo.person.handle}` });
  await reply(bo, root.id, 'On it');
  await bo.client.put(`/api/v1/posts/${root.id}/reactions/like`);
  await bo.client.put(`/api/v1/people/${ada.person.id}/follow`);
  const before = await eventually(() => notificationsOf(ada), (l) => l.length >= 3,
    { what: "Ada's reply, reaction and follow notifications" });
  const read = before.find((n) => n.kind === 'reply');
  assert.equal((await ada.client.post('/api/v1/notifications/read', { ids: [read.id] })).status, 204);
  const marked = await notificationsOf(ada);
  const forBo = await eventually(() => notificationsOf(bo), (l) => l.length >= 1, { what: "Bo's mention" });

  let output;
  await server.restart({
    whileStopped: async () => {
      output = rebuild(['notifications']);
    },
  });
  assert.equal(output.status, 0, output.stderr);
  assert.match(output.stdout, /notifications rebuilt from \d+ events/);
  assert.match(output.stderr, /rebuild notifications/, 'progress is shown');

  const again = await server.signIn(ada.email, ada.password);
  const after = await notificationsOf({ client: again.client });
  assert.deepEqual(shape(after), shape(marked));
  assert.equal(after.filter((n) => n.read).length, 1, 'the read mark survives the rebuild');
  const boAgain = await server.signIn(bo.email, bo.password);
  assert.deepEqual(shape(await notificationsOf({ client: boAgain.client })), shape(forBo));
});

test('weft rebuild notifications names the people of each moment: not those who joined or watched later', async () => {
  const ada = await member(server, { name: 'Ada Opener' });
  const cy = await member(server, { name: 'Cy Latecomer' });
  const space = expectOk(await ada.client.post('/api/v1/spaces', { name: `Later ${Date.now()}`, purpose: 'x', kind: 'project', visibility: 'public' }), 201);
  expectOk(await ada.client.post(`/api/v1/spaces/${space.id}/proposals`,
    { title: 'Move the stand-up', body: 'To ten', closes_at: new Date(Date.now() + 7 * 86400_000).toISOString() }), 201);
  const page = expectOk(await ada.client.post(`/api/v1/spaces/${space.id}/pages`, { title: 'Stand-up', body: 'At nine\n' }), 201);
  const bo = await member(server, { name: 'Bo Commenter' });
  assert.equal((await bo.client.post(`/api/v1/spaces/${space.id}/join`)).status, 204);
  expectOk(await bo.client.post(`/api/v1/pages/${page.id}/comments`, { body: 'Ten is better' }), 201);
  await new Promise((r) => setTimeout(r, 1100));  // times are whole seconds
  // Cy comes after all of it: joins the space, watches the page.
  assert.equal((await cy.client.post(`/api/v1/spaces/${space.id}/join`)).status, 204);
  assert.equal((await cy.client.put(`/api/v1/pages/${page.id}/watch`)).status, 204);
  assert.deepEqual(await notificationsOf(cy), []);
  let output;
  await server.restart({ whileStopped: async () => { output = rebuild(['notifications']); } });
  assert.equal(output.status, 0, output.stderr);
  const again = await server.signIn(cy.email, cy.password);
  assert.deepEqual((await notificationsOf({ client: again.client })).map((n) => n.kind), [], 'nothing from before Cy came');
});

test('weft rebuild timelines empties them; each home feed reads the same, built once on its next read', async () => {
  const ada = await member(server, { name: 'Ada Timeline' });
  const bo = await member(server, { name: 'Bo Timeline' });
  await bo.client.put(`/api/v1/people/${ada.person.id}/follow`);
  const posts = [];
  for (let i = 0; i < 3; i += 1) posts.push(await createPost(ada, { body: `Timeline ${i}` }));
  const feedOf = async (viewer) => (await viewer.client.get('/api/v1/feed')).body.items.map((p) => p.id);
  const before = await eventually(() => feedOf(bo), (ids) => posts.every((p) => ids.includes(p.id)),
    { what: "Ada's posts in Bo's home feed" });

  let output;
  await server.restart({
    whileStopped: async () => {
      output = rebuild(['timelines']);
    },
  });
  assert.equal(output.status, 0, output.stderr);
  assert.match(output.stdout, /timelines rebuilt/);
  // Built on the first read, or by the timelines view on the sign-in just before it: once in all.
  const builds = async () => {
    const text = (await server.anonymous().get('/metrics')).text;
    return Number(/^weft_timeline_builds_total (\d+)$/m.exec(text)?.[1]) +
      Number(/^weft_timeline_sign_in_builds_total (\d+)$/m.exec(text)?.[1]);
  };
  const atStart = await builds();
  assert.ok(Number.isInteger(atStart), 'weft_timeline_builds_total and weft_timeline_sign_in_builds_total are in /metrics');
  const again = await server.signIn(bo.email, bo.password);
  // Several tabs open at once: the same feed in each, one build for all of them.
  const pages = await Promise.all([1, 2, 3, 4].map(() => feedOf({ client: again.client })));
  for (const ids of pages) assert.deepEqual(ids, before);
  assert.equal(await builds(), atStart + 1);
  assert.deepEqual(await feedOf({ client: again.client }), before);
  assert.equal(await builds(), atStart + 1, 'read from the built timeline');
});

test('weft rebuild topic_posters counts what people post about again; after a restart they are named for it as before', async () => {
  const ada = await member(server, { name: 'Ada Topics' });
  const bo = await member(server, { name: 'Bo Asks' });
  const topic = `loom${Math.random().toString(36).slice(2, 8).replace(/[0-9]/g, 'x')}`;
  for (const n of [1, 2, 3]) await createPost(ada, { body: `Warp notes ${n} #${topic}` });
  const reasonOf = (body) => body.items.find((s) => s.person.id === ada.person.id)?.reasons.find((r) => r.kind === 'posts');
  const ask = async (who) => (await who.client.get(`/api/v1/expertise?q=${topic}`)).body;
  // Two posts make a topic evidence; the third is counted in the next round (at most every 500 ms).
  await eventually(() => ask(bo), (b) => reasonOf(b)?.detail === `Posted 3 times about #${topic}`,
    { what: 'Ada named for her three posts on the topic' });

  let output;
  await server.restart({ whileStopped: async () => { output = rebuild(['topic_posters']); } });
  assert.equal(output.status, 0, output.stderr);
  assert.match(output.stdout, /topic_posters rebuilt from the tables/);
  assert.match(output.stderr, /rebuild topic_posters/, 'progress is shown');
  // The restarted server's index reads the rebuilt table.
  const boAgain = await server.signIn(bo.email, bo.password);
  const after = await eventually(() => ask({ client: boAgain.client }), (b) => b.ready && reasonOf(b),
    { what: 'Ada named again after the restart' });
  assert.equal(reasonOf(after).detail, `Posted 3 times about #${topic}`);
  assert.equal(reasonOf(after).ref, `/topics/${topic}`);
});

test('weft rebuild refuses a live or unknown view and a missing name, and says which exist', async () => {
  // While the server runs (on SQLite as on PostgreSQL) the view is its to work: refused.
  const running = rebuild(['notifications']);
  assert.equal(running.status, 1, running.stderr);
  assert.match(running.stderr, /a running node works notifications now; stop every node first/);
  let unknown, live, missing;
  await server.restart({
    whileStopped: async () => {
      unknown = rebuild(['timeliness']);
      live = rebuild(['realtime']);
      missing = rebuild([]);
    },
  });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no subscriber named timeliness.*notifications/);
  assert.equal(live.status, 2);
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /notifications/);
});

test('/metrics reports each subscriber with its checkpoint, lag, failures and retry state', async () => {
  const text = await eventually(async () => (await server.anonymous().get('/metrics')).text,
    (t) => /weft_subscriber_lag\{subscriber="notifications"\} 0\b/.test(t), { what: 'notifications caught up' });
  for (const name of ['notifications', 'realtime', 'deadlines']) {
    for (const series of ['checkpoint', 'lag', 'failures_total', 'retrying']) {
      assert.match(text, new RegExp(`weft_subscriber_${series}\\{subscriber="${name}"\\} \\d+`), `${series} of ${name}`);
    }
  }
});
