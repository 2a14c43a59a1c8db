// Notifications (docs/design/social.md "Notifications"): mention, reply, reaction, follow and
// reshare notifications for the right person, none for one's own actions or for posts the
// recipient may not see, the unread filter and count, marking read, and durability across a
// restart. Notifications are derived asynchronously from the activity log: tests poll (briefly,
// never a fixed sleep), and prove an absence by waiting for a later "sentinel" notification.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';
import {
  createPost, createUnit, eventually, expectSummaryOf, follow, member, notificationsOf, reply, reshare,
  waitForNotification,
} from './social.mjs';

let server;
let admin;
let unitOne;
let unitTwo;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitOne = await createUnit(server, 'Notify One');
  unitTwo = await createUnit(server, 'Notify Two');
});
after(async () => {
  await server?.stop();
});

function expectNotificationShape(n) {
  const show = JSON.stringify(n);
  assert.equal(typeof n.id, 'string', show);
  assert.ok(['mention', 'reply', 'reaction', 'follow', 'reshare'].includes(n.kind), `kind: ${show}`);
  expectSummaryOf(n.actor);
  assert.ok(['post', 'person'].includes(n.subject_type), `subject_type: ${show}`);
  assert.equal(typeof n.subject_id, 'string', show);
  assert.match(n.created_at, kRfc3339Utc);
  assert.equal(typeof n.read, 'boolean', show);
  if (n.subject_type === 'post') assert.equal(typeof n.post_id, 'string', `post_id for a post subject: ${show}`);
}

/** A mention of `recipient` by `author`: proves the notifier has processed everything before it. */
async function sentinel(author, recipient) {
  const post = await createPost(author, { body: `Sentinel for @${recipient.person.handle}` });
  const items = await waitForNotification(recipient, (n) => n.post_id === post.id, `the sentinel for ${recipient.person.name}`);
  return { post, items: items.filter((n) => n.post_id !== post.id) };
}

test('mention: the mentioned person is notified (kind, actor, subject, post_id, unread)', async () => {
  const author = await member(server, { name: 'Mona Mentioner', title: 'Caller' });
  const target = await member(server, { name: 'Tess Target' });
  const bystander = await member(server, { name: 'Bea Bystander' });
  const post = await createPost(author, { body: `Hello @${target.person.handle}, have a look` });
  const items = await waitForNotification(target, (n) => n.kind === 'mention' && n.post_id === post.id, 'a mention');
  const n = items.find((x) => x.post_id === post.id);
  expectNotificationShape(n);
  expectSummaryOf(n.actor, author);
  assert.equal(n.subject_type, 'post');
  assert.equal(n.subject_id, post.id);
  assert.equal(n.read, false);
  expectList(await target.client.get('/api/v1/notifications'));
  // A mention inside a reply notifies too.
  const root = await createPost(bystander, { body: 'A thread' });
  const answer = await reply(author, root.id, `Looping in @${target.person.handle}`);
  await waitForNotification(target, (x) => x.kind === 'mention' && x.post_id === answer.id, 'a mention in a reply');
  const { items: rest } = await sentinel(author, bystander);
  assert.deepEqual(rest.map((x) => [x.kind, x.actor.id]), [['reply', author.person.id]],
    `the bystander is told only of the reply in their thread: ${JSON.stringify(rest)}`);
});

test('reply: the parent\'s author and the thread starter are notified', async () => {
  const starter = await member(server, { name: 'Sara Starter' });
  const first = await member(server, { name: 'Fred First' });
  const second = await member(server, { name: 'Sid Second' });
  const root = await createPost(starter, { body: 'Start of a conversation' });
  const r1 = await reply(first, root.id, 'First answer');
  let items = await waitForNotification(starter, (n) => n.kind === 'reply' && n.actor.id === first.person.id, 'a reply');
  let n = items.find((x) => x.kind === 'reply' && x.actor.id === first.person.id);
  expectNotificationShape(n);
  assert.equal(n.subject_type, 'post');
  assert.ok([r1.id, root.id].includes(n.post_id), `post_id names the reply or its thread: ${JSON.stringify(n)}`);

  const r2 = await reply(second, r1.id, 'Answer to the first answer');
  items = await waitForNotification(first, (x) => x.kind === 'reply' && x.actor.id === second.person.id, 'a reply to my reply');
  n = items.find((x) => x.kind === 'reply' && x.actor.id === second.person.id);
  assert.ok([r2.id, r1.id, root.id].includes(n.post_id));
  await waitForNotification(starter, (x) => x.kind === 'reply' && x.actor.id === second.person.id,
    'a reply in the thread I started');
  const starterReplies = (await notificationsOf(starter)).filter((x) => x.kind === 'reply');
  assert.equal(starterReplies.length, 2, 'one notification per reply');
});

test('reaction, follow and reshare notify the post author / followed person', async () => {
  const author = await member(server, { name: 'Ravi Recipient' });
  const actor = await member(server, { name: 'Ace Actor' });
  const post = await createPost(author, { body: 'React, follow, reshare' });

  expectNoContent(await actor.client.put(`/api/v1/posts/${post.id}/reactions/insightful`));
  expectNoContent(await actor.client.put(`/api/v1/posts/${post.id}/reactions/insightful`));
  await follow(actor, author);
  const shared = await reshare(actor, post.id, { body: 'Sharing' });
  await eventually(() => notificationsOf(author), (list) => ['reaction', 'follow', 'reshare'].every((k) => list.some((n) => n.kind === k)),
    { what: 'all three kinds' });
  const all = await notificationsOf(author);
  for (const n of all) {
    expectNotificationShape(n);
    expectSummaryOf(n.actor, actor);
  }
  const reaction = all.filter((n) => n.kind === 'reaction');
  assert.equal(reaction.length, 1, 'a repeated PUT of the same reaction notifies once');
  assert.equal(reaction[0].subject_type, 'post');
  assert.equal(reaction[0].post_id, post.id);
  const followed = all.find((n) => n.kind === 'follow');
  assert.equal(followed.subject_type, 'person');
  assert.ok(followed.post_id === undefined || followed.post_id === null, 'no post_id for a person subject');
  const reshared = all.find((n) => n.kind === 'reshare');
  assert.equal(reshared.subject_type, 'post');
  assert.ok([shared.id, post.id].includes(reshared.post_id), `reshare post_id: ${JSON.stringify(reshared)}`);
  assert.equal(all.length, 3, `one notification each: ${JSON.stringify(all)}`);
  assert.deepEqual(await notificationsOf(actor), [], 'the actor gets nothing for their own actions');
});

test('no notification for one\'s own actions', async () => {
  const self = await member(server, { name: 'Selma Self' });
  const other = await member(server, { name: 'Otto Other' });
  const post = await createPost(self, { body: `Note to self @${self.person.handle}` });
  await reply(self, post.id, `Replying to myself @${self.person.handle}`);
  expectNoContent(await self.client.put(`/api/v1/posts/${post.id}/reactions/like`));
  await reshare(self, post.id, { body: `Resharing myself @${self.person.handle}` });
  const { items } = await sentinel(other, self);
  assert.deepEqual(items, [], `nothing for my own actions: ${JSON.stringify(items)}`);
});

test('no notification for someone deactivated; reactivated, they are notified again', async () => {
  const author = await member(server, { name: 'Dara Writer' });
  const away = await member(server, { name: 'Aldo Away' });
  const witness = await member(server, { name: 'Wes Witness' });
  expectOk(await admin.client.patch(`/api/v1/people/${away.person.id}`, { active: false }));
  const missed = await createPost(author, { body: `While you are away, @${away.person.handle}` });
  await reply(author, missed.id, 'A reply in the same thread');
  // Handled in log order: once the witness has a later mention, the one above was handled too.
  await sentinel(author, witness);

  expectOk(await admin.client.patch(`/api/v1/people/${away.person.id}`, { active: true }));
  const back = { ...away, ...(await server.signIn(away.email, away.password)) };
  const { items } = await sentinel(author, back);
  assert.deepEqual(items, [], `nothing from while they were deactivated: ${JSON.stringify(items)}`);
});

test('no notification for a post the recipient may not see', async () => {
  const author = await member(server, { name: 'Hal Hidden', unit_id: unitOne.id });
  const fan = await member(server, { name: 'Fia Fan' });
  const target = await member(server, { name: 'Tim Target', unit_id: unitTwo.id });
  const guest = await member(server, { name: 'Gaia Guest', role: 'guest' });
  await follow(fan, author);
  const unitPost = await createPost(author, { body: `Unit only, @${target.person.handle}`, audience: 'unit' });
  const followersPost = await createPost(author, { body: `Followers only, @${target.person.handle}`, audience: 'followers' });
  const hiddenReply = await reply(fan, followersPost.id, `Psst @${target.person.handle}`);
  // An admin may see (and so mention) a guest, but the guest may not see a post to the organization.
  const guestMention = await createPost(admin, { body: `Welcome @${guest.person.handle}` });
  assert.deepEqual(guestMention.mentions, [guest.person.id]);

  const { items } = await sentinel(author, target);
  const hidden = [unitPost.id, followersPost.id, hiddenReply.id];
  assert.ok(items.every((n) => !hidden.includes(n.post_id) && !hidden.includes(n.subject_id)),
    `nothing about posts the target may not see: ${JSON.stringify(items)}`);
  assert.deepEqual(items, []);
  // The notifier handles the log in order: the sentinel came after the guest's mention.
  assert.deepEqual(await notificationsOf(guest), [], 'the guest is not told about a post they may not see');
  await waitForNotification(author, (n) => n.kind === 'reply' && n.actor.id === fan.person.id,
    'the author of the followers thread still hears of the reply');
});

test('a deleted post\'s notifications disappear with it', async () => {
  const author = await member(server);
  const target = await member(server);
  const post = await createPost(author, { body: `Soon deleted @${target.person.handle}` });
  await waitForNotification(target, (n) => n.post_id === post.id, 'the mention');
  expectNoContent(await author.client.delete(`/api/v1/posts/${post.id}`));
  const list = await notificationsOf(target);
  assert.ok(list.every((n) => n.post_id !== post.id), `no notification for a deleted post: ${JSON.stringify(list)}`);
  assert.equal(expectOk(await target.client.get('/api/v1/notifications/unread_count')).count, 0);
});

test('unread filter, unread_count, mark read by ids and all', async () => {
  const recipient = await member(server, { name: 'Una Unread' });
  const other = await member(server, { name: 'Olga Otherreader' });
  const actors = [await member(server), await member(server), await member(server)];
  for (const actor of actors) await createPost(actor, { body: `Dear @${recipient.person.handle} and @${other.person.handle}` });
  await eventually(() => notificationsOf(recipient), (l) => l.length === 3, { what: 'three notifications' });
  const othersList = await eventually(() => notificationsOf(other), (l) => l.length === 3, { what: 'the other three' });

  const all = await notificationsOf(recipient);
  assert.ok(all.every((n) => n.read === false));
  assert.deepEqual(expectOk(await recipient.client.get('/api/v1/notifications/unread_count')), { count: 3 });
  const created = all.map((n) => n.created_at);
  assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
  assert.equal(new Set(all.map((n) => n.id)).size, 3);

  expectNoContent(await recipient.client.post('/api/v1/notifications/read', { ids: [all[0].id, all[2].id] }));
  expectNoContent(await recipient.client.post('/api/v1/notifications/read', { ids: [all[0].id] }));
  const afterIds = await notificationsOf(recipient);
  assert.deepEqual(afterIds.map((n) => [n.id, n.read]), [[all[0].id, true], [all[1].id, false], [all[2].id, true]]);
  const unread = expectList(await recipient.client.get('/api/v1/notifications?unread=true'));
  assert.deepEqual(unread.items.map((n) => n.id), [all[1].id]);
  assert.deepEqual(expectOk(await recipient.client.get('/api/v1/notifications/unread_count')), { count: 1 });

  // Ids of someone else's notifications change nothing of theirs.
  const res = await recipient.client.post('/api/v1/notifications/read', { ids: [othersList[0].id] });
  assert.ok(res.status === 204 || res.status === 404, `foreign ids: ${res.status} ${res.text}`);
  assert.equal(expectOk(await other.client.get('/api/v1/notifications/unread_count')).count, 3);

  expectNoContent(await recipient.client.post('/api/v1/notifications/read', { all: true }));
  assert.deepEqual(expectOk(await recipient.client.get('/api/v1/notifications/unread_count')), { count: 0 });
  assert.deepEqual(expectList(await recipient.client.get('/api/v1/notifications?unread=true')).items, []);
  assert.ok((await notificationsOf(recipient)).every((n) => n.read === true));
  assert.equal(expectOk(await other.client.get('/api/v1/notifications/unread_count')).count, 3, 'all means mine only');

  const paged = [];
  let cursor = null;
  do {
    const page = expectList(await other.client.get(`/api/v1/notifications?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.ok(page.items.length <= 1);
    paged.push(...page.items.map((n) => n.id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(paged, othersList.map((n) => n.id), 'paging by one gives the same list');
});

test('notifications: 400 for bad input, 401 anonymous', async () => {
  const person = await member(server);
  for (const body of [{}, { ids: 'x' }, { ids: [1, 2] }, { ids: [{}] }, { all: 'yes' }]) {
    expectError(await person.client.post('/api/v1/notifications/read', body), 400, 'invalid_argument');
  }
  expectError(await person.client.post('/api/v1/notifications/read', '{"all":', { raw: true }), 400, 'malformed_json');
  expectError(await person.client.post('/api/v1/notifications/read', { all: true }, { csrf: false }), 403, 'csrf_mismatch');
  expectError(await person.client.get('/api/v1/notifications?limit=0'), 400, 'invalid_argument', 'limit');
  expectError(await person.client.get('/api/v1/notifications?limit=101'), 400, 'invalid_argument', 'limit');
  expectError(await person.client.get('/api/v1/notifications?cursor=bogus'), 400, 'invalid_argument', 'cursor');
  const anonymous = server.anonymous();
  expectError(await anonymous.get('/api/v1/notifications'), 401, 'unauthenticated');
  expectError(await anonymous.get('/api/v1/notifications?unread=true'), 401, 'unauthenticated');
  expectError(await anonymous.get('/api/v1/notifications/unread_count'), 401, 'unauthenticated');
  expectError(await anonymous.post('/api/v1/notifications/read', { all: true }), 401, 'unauthenticated');
});

test('a restart loses no notification (derived durably from the activity log)', async () => {
  const recipient = await member(server, { name: 'Dura Durable' });
  const actors = [];
  for (let i = 0; i < 4; i += 1) actors.push(await member(server, { name: `Durable Actor ${i}` }));
  const root = await createPost(recipient, { body: 'Durable root' });
  // Many events, then a restart straight away: whatever was not yet derived must be after it.
  const writes = [];
  for (const actor of actors) {
    writes.push(createPost(actor, { body: `Mentioning @${recipient.person.handle}` }));
    writes.push(reply(actor, root.id, 'A durable reply'));
    writes.push(actor.client.put(`/api/v1/posts/${root.id}/reactions/celebrate`));
    writes.push(actor.client.put(`/api/v1/people/${recipient.person.id}/follow`));
  }
  await Promise.all(writes);
  await server.restart();
  const again = await server.signIn(recipient.email, recipient.password);
  const list = await eventually(() => notificationsOf({ client: again.client }), (l) => l.length >= 16,
    { what: 'all 16 notifications after the restart', timeoutMs: 10_000 });
  const count = (kind) => list.filter((n) => n.kind === kind).length;
  assert.deepEqual({ mention: count('mention'), reply: count('reply'), reaction: count('reaction'), follow: count('follow') },
    { mention: 4, reply: 4, reaction: 4, follow: 4 });
  assert.equal(list.length, 16, 'none twice');
});
