// Several Weft nodes on one PostgreSQL database, on loopback: what one node writes reaches a
// stream on another within a second; a notification is created once and pushed by the node its
// reader is connected to; a proposal deadline closes once; sessions and sign-in throttling are
// shared; each derived view is worked by exactly one node, and when that node is killed another
// takes it over within seconds and misses nothing.
// Runs when WEFT_TEST_POSTGRES_URL names a server (scripts/test.sh starts a throwaway cluster).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';

import { startServer, uniqueEmail, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';
import { createPost, eventually, follow, notificationsOf } from './social.mjs';
import { createProposal, createSpace, addMember, getProposal, rfc3339, takeStance } from './collab.mjs';
import { wsConnect } from './ws_client.mjs';

const base = process.env.WEFT_TEST_POSTGRES_URL;
// Once per `make test`: in the API suite's PostgreSQL pass.
const skip = base && process.env.WEFT_API_ON_POSTGRES === '1' ? false : 'runs in the PostgreSQL pass of the API suite (WEFT_API_ON_POSTGRES=1, WEFT_TEST_POSTGRES_URL)';
const database = `weft_multinode_${process.pid}_${Date.now() % 100000}`;
const env = { WEFT_DATABASE_URL: `${base} dbname=${database}` };
let nodes = [];
const sockets = [];

function psql(sql, db = 'postgres') {
  return execFileSync('psql', [`${base} dbname=${db}`, '-qtAc', sql], { stdio: 'pipe' }).toString().trim();
}

before(async () => {
  if (skip) return;
  psql(`CREATE DATABASE ${database}`);
  // One after the other: the first creates the first admin, the second finds it.
  nodes.push(await startServer({ env }));
  nodes.push(await startServer({ env }));
});

after(async () => {
  if (skip) return;
  for (const ws of sockets) ws.destroy();
  for (const node of nodes) await node.stop();
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

/** A person created through `where`, with a signed-in client on each node: {person, on: [clientA, clientB]}. */
async function person(name) {
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const email = uniqueEmail('node');
  const admin = await nodes[0].admin();
  const created = await admin.client.post('/api/v1/people', { name, email, password });
  assert.equal(created.status, 201, created.text);
  const sessions = [];
  for (const node of nodes) sessions.push(await node.signIn(email, password));
  return { person: created.body, email, password, sessions, cookie: sessions[0].cookie, client: sessions[0].client };
}

/** `p` as seen through node i (what the social.mjs helpers take). */
const via = (p, i) => ({ ...p, cookie: p.sessions[i].cookie, client: p.sessions[i].client });

async function stream(node, p, i) {
  const res = await wsConnect(node.port, '/api/v1/stream', { cookie: p.sessions[i].cookie });
  assert.equal(res.status, 101, `upgrade on node ${i}: ${res.status}`);
  sockets.push(res.ws);
  await res.ws.waitFor((m) => m.type === 'hello', { what: 'hello' });
  return res.ws;
}

async function metric(node, name, subscriber) {
  const res = await node.anonymous().get('/metrics');
  const line = res.text.split('\n').find((l) => l.startsWith(`${name}{subscriber="${subscriber}"}`));
  return line ? Number(line.split(' ').pop()) : null;
}

test('a session from one node is honoured by the other; failed sign-ins are counted across nodes', { skip }, async () => {
  const p = await person('Nadia Node');
  const res = await nodes[1].anonymous().get('/api/v1/session', { headers: { Cookie: p.sessions[0].cookie } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.person.id, p.person.id);
  for (let i = 0; i < 5; i += 1) {
    const wrong = await nodes[i % 2].anonymous().post('/api/v1/session', { email: p.email, password: 'not it' });
    assert.equal(wrong.status, 401, `attempt ${i}: ${wrong.text}`);
  }
  for (const node of nodes) {
    const limited = await node.anonymous().post('/api/v1/session', { email: p.email, password: p.password });
    assert.equal(limited.status, 429, `after 5 failures spread over both nodes: ${limited.text}`);
  }
});

test('a post written through node A reaches a stream on node B within a second; the notification is created once and pushed there', { skip }, async (t) => {
  const writer = await person('Wanda Writer');
  const reader = await person('Ralf Reader');
  const ws = await stream(nodes[1], reader, 1);
  await follow(via(writer, 0), via(reader, 0));  // the reader is notified of the follow
  await follow(via(reader, 1), via(writer, 1));
  const started = Date.now();
  const post = await createPost(via(writer, 0), { body: `Across nodes, @${reader.person.handle}` });
  const pushed = await ws.waitFor((m) => m.type === 'post' && m.data.id === post.id, { what: 'the post on node B' });
  t.diagnostic(`the post reached node B's stream ${Date.now() - started} ms after the request was sent`);
  assert.ok(Date.now() - started < 1000, `the post reached node B in ${Date.now() - started} ms`);
  assert.equal(pushed.data.author.id, writer.person.id);
  await eventually(() => ws.messages, (messages) => messages.some((m) => m.type === 'notification' && m.data.kind === 'mention'),
    { what: 'the mention, pushed on node B' });
  const listed = await eventually(() => notificationsOf(via(reader, 1)),
    (items) => items.some((n) => n.kind === 'mention'), { what: 'the mention notification' });
  // Both nodes ran their buses meanwhile; exactly one notification per kind was made.
  await eventually(async () => {
    const lag = [];
    for (const node of nodes) lag.push(await metric(node, 'weft_subscriber_lag', 'notifications'));
    return lag;
  }, (lag) => lag.every((l) => l === 0), { what: 'the notifier to catch up' });
  const again = await notificationsOf(via(reader, 0));
  assert.deepEqual(again.map((n) => n.kind).sort(), ['follow', 'mention'], JSON.stringify(listed));
});

test('each view is worked by exactly one node', { skip }, async () => {
  for (const view of ['notifications', 'timelines', 'search', 'expert-suggestions']) {
    const held = [];
    await eventually(async () => {
      held.length = 0;
      for (const node of nodes) held.push(await metric(node, 'weft_subscriber_leased', view));
      return held;
    }, (h) => h.filter((x) => x === 1).length === 1, { what: `one node to hold ${view}` });
    assert.deepEqual(held.slice().sort(), [0, 1], `${view}: ${held}`);
  }
});

test('the admin system page of each node tells which views and which deadline timer it works; exactly one does each', { skip }, async () => {
  const statuses = await eventually(async () => {
    const out = [];
    for (const node of nodes) out.push(expectOk(await (await node.admin()).client.get('/api/v1/admin/system')));
    return out;
  }, (all) => ['notifications', 'timelines', 'search', 'deadlines'].every((view) =>
    all.filter((status) => status.views.find((v) => v.name === view)?.worked_here).length === 1),
  { what: 'one node working each view' });
  for (const status of statuses) {
    assert.equal(status.store, 'postgres');
    assert.equal(status.nodes, 2);
    assert.equal(status.views.find((v) => v.name === 'realtime').worked_here, true, 'every node pushes to its own streams');
  }
});

test('weft rebuild is refused while a running node works that view', { skip }, () => {
  const run = spawnSync(WEFT_BIN, ['rebuild', 'notifications'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /a running node works notifications now; stop every node first/);
});

test('a solution accepted through node A makes node B name its author: every node keeps its expertise index', { skip }, async () => {
  const author = await person('Node Asker');
  const solver = await person('Node Solver');
  const space = await createSpace(via(author, 0), { name: `Expertise ${Date.now()}`, visibility: 'public', kind: 'problem' });
  await addMember(via(author, 0), space, via(solver, 0));
  const word = `kq${Date.now().toString(36)}`.replace(/[0-9]/g, (d) => 'abcdefghij'[d]);
  const problem = expectOk(await author.sessions[0].client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: `The ${word} valve leaks`, body: 'Since the frost' }), 201);
  const solution = expectOk(await solver.sessions[0].client.post(`/api/v1/problems/${problem.id}/solutions`,
    { body: 'Replace the seal' }), 201);
  expectOk(await author.sessions[0].client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  for (let i = 0; i < nodes.length; i++) {
    const answer = await eventually(
      async () => expectOk(await author.sessions[i].client.get(`/api/v1/expertise?q=${encodeURIComponent(`${word} valve`)}`)),
      (body) => body.items.some((s) => s.person.id === solver.person.id), { what: `node ${i} to name the solver` });
    assert.match(answer.items[0].reasons[0].detail, new RegExp(word));
  }
});

test('a proposal deadline is closed once, by one node', { skip }, async () => {
  const owner = await person('Olga Owner');
  const voter = await person('Vic Voter');
  const space = await createSpace(via(owner, 0), { visibility: 'public' });
  await addMember(via(owner, 0), space, voter);
  const proposal = await createProposal(via(owner, 0), space, { closes_at: rfc3339(Date.now() + 2000) });
  await takeStance(via(voter, 1), proposal, 'agree');
  const closed = await eventually(() => getProposal(via(voter, 1), proposal.id), (p) => p.status === 'closed',
    { timeoutMs: 30_000, what: 'a node to close the proposal at its deadline' });
  assert.equal(closed.decision, 'adopted');
  const closings = psql(`SELECT COUNT(*) FROM events WHERE verb = 'proposal.closed' AND object_id = ${Number(proposal.id)}`, database);
  assert.equal(closings, '1');
});

test('when the node working the notifier is killed, the other takes over within seconds and misses nothing', { skip }, async (t) => {
  const fan = await person('Fiona Fan');
  const star = await person('Stan Star');
  let holder = -1;
  await eventually(async () => {
    for (let i = 0; i < nodes.length; i += 1) {
      if (await metric(nodes[i], 'weft_subscriber_leased', 'notifications') === 1) holder = i;
    }
    return holder;
  }, (h) => h >= 0, { what: 'a node holding the notifier' });
  const survivor = 1 - holder;
  const killed = nodes[holder];
  killed.child.kill('SIGKILL');
  await killed.exited;
  await rm(killed.root, { recursive: true, force: true });
  nodes = nodes.filter((n) => n !== killed);
  const killedAt = Date.now();
  // Written while no node works the notifier: nothing may be lost.
  await follow(via(fan, survivor), via(star, survivor));
  await eventually(() => notificationsOf(via(star, survivor)), (items) => items.some((n) => n.kind === 'follow'),
    { timeoutMs: 15_000, what: 'the follow notification after the takeover' });
  t.diagnostic(`the follow notification appeared ${Date.now() - killedAt} ms after the kill`);
  assert.ok(Date.now() - killedAt < 10_000, `taken over in ${Date.now() - killedAt} ms`);
  assert.equal(await metric(nodes[0], 'weft_subscriber_leased', 'notifications'), 1);
  assert.equal((await notificationsOf(via(star, survivor))).filter((n) => n.kind === 'follow').length, 1);
});
