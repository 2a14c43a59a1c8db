// GET /api/v1/analytics/network and /analytics/engagement over real HTTP, on a small organization
// whose figures are worked out by hand below: only what the caller may see is counted (a secret
// space's posts never for outsiders), units under the privacy floor are left out, and bad queries
// are refused.
//
// Units: Sales (a1, a2, a3), Ops (b1, b2), Tiny (c1, under the floor of 2 set for this server).
// Public space P (a1 owner, b1 member): a1's problem, solved by b1, b1's solution accepted by a1.
// a2 posts to everyone; a3 and c1 reply; b2 reshares it. b1 posts to everyone, nobody answers.
// a3 and b2 follow a2; a1 follows b2. Secret space S (a1 owner, b2 member): a1 posts, b2 replies.
//
// For an outsider (no unit, no space): ties solution b1→a1, acceptance a1→b1, replies a3→a2 and
// c1→a2, reshare b2→a2: 5 interactions, 4 of them across units (a3→a2 is inside Sales) → 0.8.
// a2 is the only broker: the only one on paths between others (a3, c1, b2: 3 pairs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, createUnit, follow, member, reply, reshare } from './social.mjs';
import { addMember, addSolution, createProblem, createSpace } from './collab.mjs';

let server;
let sales;
let ops;
let tiny;
const people = {};
let outsider;
let post;
let openSpace;
const since = new Date(Date.now() - 60_000).toISOString();

async function network(person, query = '') {
  return expectOk(await person.client.get(`/api/v1/analytics/network?from=${since}${query}`));
}
async function engagement(person, query = '') {
  return expectOk(await person.client.get(`/api/v1/analytics/engagement?from=${since}${query}`));
}

before(async () => {
  server = await startServer({ env: { WEFT_ANALYTICS_MIN_GROUP: '2', WEFT_ANALYTICS_CACHE_SECONDS: '0' } });
  sales = await createUnit(server, unique('Sales '));
  ops = await createUnit(server, unique('Ops '));
  tiny = await createUnit(server, unique('Tiny '));
  for (const [name, unit] of [['a1', sales], ['a2', sales], ['a3', sales], ['b1', ops], ['b2', ops], ['c1', tiny]]) {
    people[name] = await member(server, { name: `Person ${name}`, unit_id: unit.id });
  }
  outsider = await member(server, { name: 'Olu Outsider' });
  const { a1, a2, a3, b1, b2, c1 } = people;
  const open = await createSpace(a1, { name: unique('Open '), visibility: 'public', kind: 'problem' });
  openSpace = open;
  await addMember(a1, open, b1);
  const problem = await createProblem(a1, open, { title: 'Invoices are late' });
  const solution = await addSolution(b1, problem);
  expectOk(await a1.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  await follow(a3, a2);
  await follow(b2, a2);
  await follow(a1, b2);
  post = await createPost(a2, { body: 'Our quarter in one picture' });
  await reply(a3, post.id, 'Nice');
  await reply(c1, post.id, 'Which picture?');
  await reshare(b2, post.id);
  await createPost(b1, { body: 'Ops shift plan is out' });
  const secret = await createSpace(a1, { name: unique('Secret '), visibility: 'secret' });
  await addMember(a1, secret, b2);
  const hidden = await createPost(a1, { audience: 'space', space_id: secret.id, body: 'Secret plans' });
  await reply(b2, hidden.id, 'Agreed');
});

after(async () => {
  await server?.stop();
});

const kind = (report, name) => report.by_kind.find((k) => k.name === name).count;

test('the network counts what the caller may see, by kind and across units', async () => {
  const seen = await network(outsider);
  assert.equal(seen.interactions, 5);
  assert.equal(kind(seen, 'solution'), 1);
  assert.equal(kind(seen, 'acceptance'), 1);
  assert.equal(kind(seen, 'reply'), 2);
  assert.equal(kind(seen, 'reshare'), 1);
  assert.equal(seen.people, 6);
  assert.equal(seen.ties, 4, 'a1–b1 (twice), a3–a2, c1–a2, b2–a2');
  assert.equal(seen.cross_unit_share, 0.8);
  assert.equal(seen.trend.reduce((n, p) => n + p.interactions, 0), 5);
  assert.equal(seen.min_group, 2);
  assert.equal(seen.unit_level, 0, 'the test\'s units are roots of the unit tree');
  assert.equal((await network(outsider, '&level=3')).unit_level, 0, 'no deeper level than there is');
  assert.ok(Date.parse(seen.computed_at) > 0 && seen.age_seconds >= 0);

  // The secret space's reply (b2 → a1, across units) counts for its owner only.
  const owner = await network(people.a1);
  assert.equal(owner.interactions, 6);
  assert.equal(kind(owner, 'reply'), 3);
  assert.ok(Math.abs(owner.cross_unit_share - 5 / 6) < 1e-9);
});

test('the unit matrix, silos and communities leave out units under the privacy floor', async () => {
  const seen = await network(outsider);
  const cell = (from, to) => seen.matrix.find((c) => c.from_unit_id === from.id && c.to_unit_id === to.id);
  assert.deepEqual(seen.units.map((u) => u.id).sort(), [sales.id, ops.id].sort());
  assert.equal(seen.withheld_units, 1, 'Tiny has one person');
  assert.ok(seen.matrix.every((c) => c.from_unit_id !== tiny.id && c.to_unit_id !== tiny.id));
  assert.equal(cell(sales, sales).interactions, 1);
  assert.equal(cell(ops, sales).interactions, 2);
  assert.equal(cell(ops, sales).solutions, 1);
  assert.equal(cell(sales, ops).interactions, 1);
  assert.equal(cell(sales, ops).solutions, 0);
  const ties = Object.fromEntries(seen.unit_ties.map((t) => [t.unit.id, t]));
  assert.equal(ties[sales.id].internal, 1);
  assert.equal(ties[sales.id].external, 4, 'b1 twice, c1, b2');
  assert.equal(ties[sales.id].partner_units, 2);
  assert.equal(ties[sales.id].external_share, 0.8);
  assert.equal(ties[ops.id].external, 3);
  assert.equal(ties[ops.id].external_share, 1);
  assert.equal(ties[ops.id].silo, false);
  assert.equal(seen.unit_ties[0].unit.id, sales.id, 'fewest outside ties first');
  assert.equal(seen.communities.count, 2, 'two separate groups: a1–b1 and a2 with a3, c1, b2');
  assert.deepEqual(seen.communities.items.map((c) => c.size), [4, 2]);
  assert.equal(seen.communities.items[1].main_unit_share, 0.5);
});

test('brokers are the people on paths between others, with the units they bridge', async () => {
  const seen = await network(outsider);
  assert.equal(seen.betweenness_sampled, false);
  assert.equal(seen.brokers.length, 1);
  assert.equal(seen.brokers[0].person.id, people.a2.person.id);
  assert.equal(seen.brokers[0].betweenness, 3);
  assert.equal(seen.brokers[0].units_bridged, 3);
  assert.equal(seen.brokers[0].ties, 3);
});

test('engagement: people reached vs people who connected, conversations per unit', async () => {
  const seen = await engagement(outsider);
  // a2's post: followers a3, b2 and c1 who replied → 3 reached; a3, c1, b2 connected.
  // b1's post: nobody reached or connected.
  assert.equal(seen.reach.posts.items, 2);
  assert.equal(seen.reach.posts.reached, 3);
  assert.equal(seen.reach.posts.connected, 3);
  assert.equal(seen.reach.posts.connection_rate, 1);
  assert.equal(seen.reach.posts.median_reached, 0, 'nearest rank: the lower of two');
  // a1's problem in the open space: one other member (b1), who solved it.
  assert.equal(seen.reach.problems.items, 1);
  assert.equal(seen.reach.problems.reached, 1);
  assert.equal(seen.reach.problems.connected, 1);
  assert.equal(seen.conversation.conversations, 1);
  assert.equal(seen.conversation.broadcasts, 1);
  assert.equal(seen.conversation.share, 0.5);
  const units = Object.fromEntries(seen.conversation.units.map((u) => [u.unit.id, u]));
  assert.equal(units[sales.id].share, 1);
  assert.equal(units[ops.id].broadcasts, 1);
  // The owner also sees the secret space's post (reached: b2, the other member; b2 replied).
  const owner = await engagement(people.a1);
  assert.equal(owner.reach.posts.items, 3);
  assert.equal(owner.reach.posts.reached, 4);
  assert.equal(owner.conversation.conversations, 2);
  // One unit's authors.
  const ofOps = await engagement(outsider, `&unit_id=${ops.id}`);
  assert.equal(ofOps.reach.posts.items, 1);
  assert.equal(ofOps.unit_id, ops.id);
});

test('engagement: reshare cascades and the sharers who carry posts to new people', async () => {
  const seen = await engagement(outsider);
  assert.equal(seen.cascades.count, 1);
  assert.equal(seen.cascades.reshares, 1);
  assert.equal(seen.cascades.max_depth, 1);
  const [top] = seen.cascades.top;
  assert.equal(top.post_id, post.id);
  assert.equal(top.author.id, people.a2.person.id);
  assert.equal(top.depth, 1);
  assert.equal(top.breadth, 1);
  assert.equal(top.people_reached, 4, 'a2, b2, a2\'s follower a3 and b2\'s follower a1');
  assert.equal(top.units_reached, 2);
  assert.equal(seen.cascades.sharers.length, 1);
  assert.equal(seen.cascades.sharers[0].person.id, people.b2.person.id);
  assert.equal(seen.cascades.sharers[0].cross_unit, 1);
  assert.equal(seen.cascades.sharers[0].new_people, 1, 'a1 follows b2, not a2');
});

test('the organization\'s view counts what every member may see, the same for everyone', async () => {
  const owner = await network(people.a1, '&view=organization');
  assert.equal(owner.view, 'organization');
  assert.equal(owner.interactions, 5, 'not the secret space\'s reply, which the owner\'s own view counts');
  assert.equal((await network(people.a1)).view, 'mine');
  const ownerEngagement = await engagement(people.a1, '&view=organization');
  assert.equal(ownerEngagement.reach.posts.items, 2);
  // The dashboard's default: the last 30 days of the organization's view.
  const byDefault = expectOk(await outsider.client.get('/api/v1/analytics/network?view=organization'));
  assert.equal(byDefault.interactions, 5);
  assert.equal(byDefault.view, 'organization');
  const guest = await member(server, { name: 'Gia Guest', role: 'guest' });
  expectError(await guest.client.get('/api/v1/analytics/network?view=organization'), 403, 'permission_denied');
  const guestOwn = expectOk(await guest.client.get(`/api/v1/analytics/network?from=${since}`));
  assert.equal(guestOwn.interactions, 0, 'a guest sees nothing outside their spaces');
});

test('bad periods and scopes are refused; strangers are not let in', async () => {
  for (const [path, query, field] of [
    ['network', 'from=yesterday', 'from'],
    ['network', 'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
    ['network', `unit_id=${sales.id}`, 'unit_id'],
    ['engagement', 'to=2020-13-01', 'to'],
    ['engagement', 'unit_id=x', 'unit_id'],
    ['engagement', 'space_id=3', 'space_id'],
    ['network', 'view=everyone', 'view'],
    ['network', 'level=-1', 'level'],
    ['network', 'level=deep', 'level'],
  ]) {
    const res = await outsider.client.get(`/api/v1/analytics/${path}?${query}`);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, `${path}?${query}`);
  }
  expectError(await server.anonymous().get('/api/v1/analytics/network'), 401, 'unauthenticated');
  expectError(await server.anonymous().get('/api/v1/analytics/engagement'), 401, 'unauthenticated');
  // The default period is the last 30 days.
  const byDefault = expectOk(await outsider.client.get('/api/v1/analytics/network'));
  assert.equal(byDefault.interactions, 5);
  assert.ok(Date.parse(byDefault.to) - Date.parse(byDefault.from) === 30 * 86_400_000);
});

test('work on a record behind an access list counts only for those on the list', async () => {
  const { a1, b1 } = people;
  const record = expectOk(await a1.client.put('/api/v1/records', {
    system: 'erp', type: 'supplier', external_id: unique('s').replace(/[^a-z0-9]/g, ''), title: 'Private supplier',
    access: { people: [a1.person.id, b1.person.id] },
  }), 201);
  const counted = (await network(a1)).interactions;
  const problem = expectOk(await a1.client.post(`/api/v1/spaces/${openSpace.id}/problems`,
    { title: 'Supplier invoices bounce', record_id: record.id }), 201);
  expectOk(await b1.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Use the new address' }), 201);
  assert.equal((await network(a1)).interactions, counted + 1, 'a1 is on the list');
  assert.equal((await network(outsider)).interactions, 5, 'the outsider is not');
  assert.equal((await engagement(outsider)).reach.problems.items, 1);
  assert.equal((await engagement(a1)).reach.problems.items, 2);
});

test('what a moderator hid counts nowhere: a hidden reply makes no conversation, a reply to a hidden post no tie', async () => {
  const { a2, a3, b1 } = people;
  const admin = await server.admin();
  const before = await engagement(outsider);
  const beforeNet = await network(outsider);
  // A post whose only reply a moderator hid is a broadcast.
  const lonely = await createPost(a3, { body: 'Anyone for the quarterly review?' });
  const spam = await reply(b1, lonely.id, 'Buy cheap watches');
  expectNoContent(await admin.client.post(`/api/v1/posts/${spam.id}/hide`, { reason: 'Advertising' }));
  // A reply to a post a moderator hid ties nobody to its author.
  const rumour = await createPost(a2, { body: 'A rumour about the reorganization' });
  await reply(b1, rumour.id, 'Is that true?');
  expectNoContent(await admin.client.post(`/api/v1/posts/${rumour.id}/hide`, { reason: 'Rumours are not allowed' }));
  const after = await engagement(outsider);
  assert.equal(after.conversation.conversations, before.conversation.conversations, 'no conversation from a hidden reply');
  assert.equal(after.conversation.broadcasts, before.conversation.broadcasts + 1, 'the review post is a broadcast');
  assert.equal(after.reach.posts.connected, before.reach.posts.connected, 'nobody connected');
  const afterNet = await network(outsider);
  assert.equal(kind(afterNet, 'reply'), kind(beforeNet, 'reply'), 'neither reply ties anyone');
});

test('a guest is not shown brokers they may not see', async () => {
  const north = await createUnit(server, unique('North '));
  const south = await createUnit(server, unique('South '));
  const east = await createUnit(server, unique('East '));
  const m1 = await member(server, { name: 'Nia North', unit_id: north.id });
  const m2 = await member(server, { name: 'Sol South', unit_id: south.id });
  const zed = await member(server, { name: 'Zed East', unit_id: east.id });
  const guest = await member(server, { name: 'Gus Guest', role: 'guest' });
  const room = await createSpace(m1, { name: unique('Partner room '), visibility: 'private' });
  await addMember(m1, room, m2);
  await addMember(m1, room, guest, 'guest');
  // Both members mention Zed, who is not in the room: in the guest's graph he bridges two units.
  await createPost(m1, { audience: 'space', space_id: room.id, body: `Ask @${zed.person.handle} about the contract` });
  await createPost(m2, { audience: 'space', space_id: room.id, body: `@${zed.person.handle} knows the supplier` });
  expectError(await guest.client.get(`/api/v1/people/${zed.person.id}`), 404, 'not_found');
  const seen = expectOk(await guest.client.get(`/api/v1/analytics/network?from=${since}`));
  assert.ok(seen.interactions >= 2, JSON.stringify(seen));
  assert.ok(!seen.brokers.some((b) => b.person.id === zed.person.id), JSON.stringify(seen.brokers));
  assert.ok(!JSON.stringify(seen).includes('Zed East'));
  // A member, who may see Zed, is shown him as a broker.
  const member1 = await network(m1);
  assert.ok(member1.brokers.some((b) => b.person.id === zed.person.id), JSON.stringify(member1.brokers));
});
