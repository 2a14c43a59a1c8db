// Moderation and the audit log (issue 16): a reader reports a post once with a reason; its
// moderators (admins; a space's owners for its posts) see it in their queue, hide it with a reason
// (it then exists for its author alone, marked, who is told), restore it, or dismiss the reports.
// Admins read an audit log of sign-ins, role changes, deactivations, moderation, webhooks and
// exports, filter it and download it as CSV; the log is a rebuildable view of the activity log.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk, expectNoContent } from './expect.mjs';
import { createPost, member, reply, waitForNotification, eventually } from './social.mjs';
import { createSpace, addMember } from './collab.mjs';

let server;
let admin;
let adminPerson;
let ana;
let ben;
let owner;

before(async () => {
  server = await startServer();
  adminPerson = await server.admin();
  admin = adminPerson.client;
  ana = await member(server, { name: 'Ana Author' });
  ben = await member(server, { name: 'Ben Reader' });
  owner = await member(server, { name: 'Olu Owner' });
});

after(async () => {
  await server?.stop();
});

const searchFor = async (person, q) => expectOk(await person.client.get(`/api/v1/search?q=${encodeURIComponent(q)}&type=post`));

test('a report goes to the admins; hiding keeps the post for its author alone, marked, and tells them', async () => {
  const word = unique('kilnword').replace(/[^a-z]/g, '');
  const post = await createPost(ana, { body: `Buy cheap watches here ${word}` });
  const made = expectOk(await ben.client.post(`/api/v1/posts/${post.id}/reports`, { reason: 'Spam' }), 201);
  assert.equal(made.post_id, post.id);
  expectError(await ben.client.post(`/api/v1/posts/${post.id}/reports`, { reason: 'Spam again' }), 409, 'conflict');
  expectError(await ana.client.post(`/api/v1/posts/${post.id}/reports`, { reason: 'mine' }), 400, 'invalid_argument');
  await waitForNotification(adminPerson, (n) => n.kind === 'post_reported' && n.post_id === post.id, 'the report');

  const queue = expectOk(await admin.get('/api/v1/moderation/reports'));
  const item = queue.items.find((i) => i.post_id === post.id);
  assert.ok(item, 'the reported post is in the admin queue');
  assert.equal(item.open_reports, 1);
  assert.equal(item.reports[0].reason, 'Spam');
  assert.equal(item.reports[0].reporter.id, ben.person.id);
  // Someone who moderates nothing has no queue, and may not hide.
  expectError(await ben.client.get('/api/v1/moderation/reports'), 403, 'permission_denied');
  expectError(await ben.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'no' }), 403, 'permission_denied');

  expectNoContent(await admin.post(`/api/v1/posts/${post.id}/hide`, { reason: 'Advertising is not allowed here' }));
  expectError(await admin.post(`/api/v1/posts/${post.id}/hide`, { reason: 'again' }), 409, 'conflict');
  // Gone for readers: the post, the feed and search.
  expectError(await ben.client.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
  const feed = expectOk(await ben.client.get('/api/v1/feed?limit=100'));
  assert.ok(!feed.items.some((p) => p.id === post.id), 'not in a feed');
  assert.ok(!(await searchFor(ben, word)).items.some((i) => i.id === post.id), 'not found by search');
  // Its author still sees it, marked, and is told.
  const own = expectOk(await ana.client.get(`/api/v1/posts/${post.id}`));
  assert.equal(own.hidden, true);
  assert.equal(own.hidden_reason, 'Advertising is not allowed here');
  await waitForNotification(ana, (n) => n.kind === 'post_hidden' && n.post_id === post.id, 'hidden notice');
  // The report is resolved; the post waits under "hidden".
  assert.ok(!expectOk(await admin.get('/api/v1/moderation/reports')).items.some((i) => i.post_id === post.id));
  const hidden = expectOk(await admin.get('/api/v1/moderation/reports?state=hidden')).items.find((i) => i.post_id === post.id);
  assert.equal(hidden.reports[0].resolution, 'hidden');

  expectNoContent(await admin.post(`/api/v1/posts/${post.id}/restore`, { reason: 'Appeal granted' }));
  expectError(await admin.post(`/api/v1/posts/${post.id}/restore`, { reason: 'again' }), 409, 'conflict');
  assert.equal(expectOk(await ben.client.get(`/api/v1/posts/${post.id}`)).hidden, false);
  await waitForNotification(ana, (n) => n.kind === 'post_restored' && n.post_id === post.id, 'restored notice');
});

test("a space's owner moderates its posts and replies, and nothing else", async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, space, ana);
  await addMember(owner, space, ben);
  const root = await createPost(ana, { body: 'Plan for the quarter', audience: 'space', space_id: space.id });
  const answer = await reply(ben, root.id, 'Rude remark');
  expectOk(await ana.client.post(`/api/v1/posts/${answer.id}/reports`, { reason: 'Rude' }), 201);
  await waitForNotification(owner, (n) => n.kind === 'post_reported' && n.post_id === answer.id, 'owner told');
  const queue = expectOk(await owner.client.get('/api/v1/moderation/reports'));
  assert.deepEqual(queue.items.map((i) => i.post_id), [answer.id], 'only their space');
  assert.equal(queue.items[0].space_name, space.name);
  // The owner may not hide a public post outside the space.
  const outside = await createPost(ana, { body: 'Elsewhere' });
  expectError(await owner.client.post(`/api/v1/posts/${outside.id}/hide`, { reason: 'x' }), 403, 'permission_denied');
  // Dismissing closes the reports and leaves the reply visible.
  expectNoContent(await owner.client.post(`/api/v1/posts/${answer.id}/reports/dismiss`, { reason: 'Blunt, not rude' }));
  expectError(await owner.client.post(`/api/v1/posts/${answer.id}/reports/dismiss`, { reason: 'again' }), 409, 'conflict');
  assert.equal(expectOk(await owner.client.get('/api/v1/moderation/reports')).items.length, 0);
  expectOk(await ana.client.get(`/api/v1/posts/${answer.id}`));
  // A non-member cannot even report what they cannot read (404, nothing stored).
  const outsider = await member(server, { name: 'Out Sider' });
  expectError(await outsider.client.post(`/api/v1/posts/${root.id}/reports`, { reason: 'x' }), 404, 'not_found');
  // Hide a reply: the thread stays, the reply goes for the others.
  expectNoContent(await owner.client.post(`/api/v1/posts/${answer.id}/hide`, { reason: 'Second complaint' }));
  const replies = expectOk(await ana.client.get(`/api/v1/posts/${root.id}/replies`));
  assert.ok(!replies.items.some((p) => p.id === answer.id));
  assert.ok(expectOk(await ben.client.get(`/api/v1/posts/${root.id}/replies`)).items.some((p) => p.id === answer.id && p.hidden));
});

test('bad moderation input is refused and changes nothing', async () => {
  const post = await createPost(ana, { body: 'Fine post' });
  for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 7 }]) {
    const res = await ben.client.post(`/api/v1/posts/${post.id}/reports`, body);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, 'reason');
  }
  expectError(await ben.client.post('/api/v1/posts/999999999/reports', { reason: 'x' }), 404, 'not_found');
  expectError(await admin.get('/api/v1/moderation/reports?state=weird'), 400, 'invalid_argument');
  expectError(await admin.post(`/api/v1/posts/${post.id}/hide`, { reason: '' }), 400, 'invalid_argument');
  assert.equal(expectOk(await ben.client.get(`/api/v1/posts/${post.id}`)).hidden, false);
  assert.ok(!expectOk(await admin.get('/api/v1/moderation/reports?state=all')).items.some((i) => i.post_id === post.id));
});

test('the audit log keeps sign-ins, role changes, deactivations and moderation, filters them and exports CSV', async () => {
  const cara = await member(server, { name: '=Cara Formula' });
  expectOk(await admin.patch(`/api/v1/people/${cara.person.id}`, { role: 'admin' }));
  expectOk(await admin.patch(`/api/v1/people/${cara.person.id}`, { active: false }));
  const entries = await eventually(
    async () => expectOk(await admin.get('/api/v1/admin/audit?limit=100')).items,
    (items) => items.some((e) => e.action === 'person.deactivated' && e.object_id === cara.person.id),
    { what: 'the deactivation in the audit log' });
  const roleLine = entries.find((e) => e.action === 'person.updated' && e.object_id === cara.person.id);
  assert.equal(roleLine.detail, 'role: admin');
  assert.equal(roleLine.actor_id, adminPerson.person.id);
  assert.ok(entries.some((e) => e.action === 'session.created' && e.actor_id === ana.person.id), 'sign-ins');
  assert.ok(entries.some((e) => e.action === 'post.hidden' && e.detail === 'Advertising is not allowed here'));
  // A profile edit is not an admin's act: no line.
  expectOk(await ana.client.patch('/api/v1/people/me', { title: 'Potter' }));
  // Filters: a family, an actor, a time window.
  const posts = expectOk(await admin.get('/api/v1/admin/audit?action=post.&limit=100')).items;
  assert.ok(posts.length >= 4 && posts.every((e) => e.action.startsWith('post.')));
  const byAna = expectOk(await admin.get(`/api/v1/admin/audit?actor_id=${ana.person.id}&limit=100`)).items;
  assert.ok(byAna.length > 0 && byAna.every((e) => e.actor_id === ana.person.id));
  assert.ok(!byAna.some((e) => e.action === 'person.updated'), 'a profile edit is not audited');
  const future = expectOk(await admin.get('/api/v1/admin/audit?since=2999-01-01T00:00:00Z')).items;
  assert.equal(future.length, 0);
  // Paging by cursor reaches every line once.
  const first = expectOk(await admin.get('/api/v1/admin/audit?limit=2'));
  const second = expectOk(await admin.get(`/api/v1/admin/audit?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`));
  assert.ok(BigInt(second.items[0].event_id) < BigInt(first.items[1].event_id));
  const actions = expectOk(await admin.get('/api/v1/admin/audit/actions')).items;
  assert.ok(actions.includes('post.hidden') && actions.includes('session.created') && !actions.includes('post.created'));

  // CSV: a header, one line per entry, formulas defused; the download is itself logged.
  const csv = await admin.get(`/api/v1/admin/audit/export?actor_id=${adminPerson.person.id}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="weft-audit-\d{4}-\d\d-\d\d\.csv"/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'event_id,at,actor_id,actor,action,object_type,object_id,object,detail');
  assert.ok(lines.some((l) => l.includes(",'=Cara Formula,")), 'a leading = is quoted');
  await eventually(
    async () => expectOk(await admin.get('/api/v1/admin/audit?action=audit.exported')).items,
    (items) => items.some((e) => e.detail === `actor_id=${adminPerson.person.id}`),
    { what: 'the export in the audit log' });

  // Only admins; bad filters are refused.
  expectError(await ana.client.get('/api/v1/admin/audit'), 403, 'permission_denied');
  expectError(await ana.client.get('/api/v1/admin/audit/export'), 403, 'permission_denied');
  expectError(await admin.get('/api/v1/admin/audit?since=yesterday'), 400, 'invalid_argument');
  expectError(await admin.get('/api/v1/admin/audit?actor_id=abc'), 400, 'invalid_argument');
  expectError(await admin.get('/api/v1/admin/audit?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z'), 400, 'invalid_argument');
});

test('a hidden post leaves the topic suggestions everyone sees, and comes back when restored', async () => {
  const topic = `layoffs${unique('').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const post = await createPost(ana, { body: `Rumours about #${topic}` });
  const offered = async () => expectOk(await ben.client.get(`/api/v1/topics?q=${topic}`)).items.find((t) => t.name === topic);
  assert.equal((await offered())?.post_count, 1);
  expectNoContent(await admin.post(`/api/v1/posts/${post.id}/hide`, { reason: 'Rumours are not allowed here' }));
  assert.equal(await offered(), undefined, 'a word used only where Ben cannot look is not offered');
  // The author edits the hidden post: still not counted.
  expectOk(await ana.client.patch(`/api/v1/posts/${post.id}`, { body: `More rumours about #${topic}` }));
  assert.equal(await offered(), undefined);
  expectNoContent(await admin.post(`/api/v1/posts/${post.id}/restore`, { reason: 'Reviewed: fine' }));
  assert.equal((await offered())?.post_count, 1);
});

test('a hidden reply or reshare leaves the counts readers see, comes back when restored, and is not taken twice when deleted', async () => {
  const root = await createPost(ana, { body: 'Shift swaps for December' });
  const answer = await reply(ben, root.id, 'Buy cheap watches');
  const nested = await reply(owner, answer.id, 'Reported it');
  const shared = expectOk(await ben.client.post('/api/v1/posts', { reshare_of: root.id, audience: 'public', body: 'Spam spam' }), 201);
  const counts = async () => {
    const p = expectOk(await owner.client.get(`/api/v1/posts/${root.id}`));
    const a = expectOk(await admin.get(`/api/v1/posts/${answer.id}`));
    return [p.reply_count, p.reshare_count, a.reply_count];
  };
  assert.deepEqual(await counts(), [2, 1, 1]);
  expectNoContent(await admin.post(`/api/v1/posts/${answer.id}/hide`, { reason: 'Advertising' }));
  expectNoContent(await admin.post(`/api/v1/posts/${shared.id}/hide`, { reason: 'Advertising' }));
  const seen = expectOk(await owner.client.get(`/api/v1/posts/${root.id}`));
  assert.deepEqual([seen.reply_count, seen.reshare_count], [1, 0], 'only the nested reply, which readers may open');
  expectNoContent(await admin.post(`/api/v1/posts/${answer.id}/restore`, { reason: 'Reviewed' }));
  assert.deepEqual(await counts(), [2, 0, 1]);
  // Hidden, then deleted by its author: counted out once.
  expectNoContent(await admin.post(`/api/v1/posts/${answer.id}/hide`, { reason: 'Again' }));
  expectNoContent(await ben.client.delete(`/api/v1/posts/${answer.id}`));
  expectNoContent(await ben.client.delete(`/api/v1/posts/${shared.id}`));
  const after = expectOk(await owner.client.get(`/api/v1/posts/${root.id}`));
  assert.deepEqual([after.reply_count, after.reshare_count], [1, 0]);
  assert.ok(nested.id);
});
