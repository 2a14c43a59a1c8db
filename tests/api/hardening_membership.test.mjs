// Hardening, membership (issue 7 defects 2, 3 and 4; docs/design/hardening.md "Spaces: who can be
// added, invitations" and "Rights end when they should"), written as rules over every read path —
// by id, thread replies, cascade, feeds (home, person, topic, space), search, notifications and the
// stream:
// - a person removed from a space reads nothing new in it, by any route, and cannot reply: the root
//   author of a space thread has no exception once outside the space;
// - a guest sees only their spaces' content, never public, unit or followers posts, whatever their
//   unit or follows;
// - nobody reveals a person they cannot see by adding them to a space (404, as for no such person);
//   outside guests come in by an invitation the owner sends to an e-mail address.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniqueEmail } from './server.mjs';
import { expectError, expectList, expectNoContent, expectOk, kRfc3339Utc } from './expect.mjs';
import {
  allPages, createPost, createUnit, eventually, follow, idsOf, member, notificationsOf, reply, waitForNotification,
} from './social.mjs';
import { addMember, addSolution, createIdea, createProblem, createSpace, word } from './collab.mjs';
import { wsConnect } from './ws_client.mjs';

let server;
let admin;
const open = [];
before(async () => {
  server = await startServer();
  admin = await server.admin();
});
after(async () => {
  for (const ws of open) ws.destroy();
  await server?.stop();
});

/** Opens the stream for `person` by cookie and waits for hello. */
async function stream(person) {
  const res = await wsConnect(server.port, '/api/v1/stream', { cookie: person.cookie });
  assert.equal(res.status, 101, `stream upgrade for ${person.person.name}: ${res.status} ${res.body ?? ''}`);
  open.push(res.ws);
  await res.ws.waitFor((m) => m.type === 'hello', { what: 'hello' });
  return res.ws;
}

/**
 * Waits for a sentinel message on `ws` (events are handled in order, so anything about earlier
 * events has arrived by then). A stream the server closed has nothing more to deliver either.
 */
async function settle(ws, predicate, what) {
  try {
    await ws.waitFor(predicate, { what, timeoutMs: 30_000 });
  } catch (error) {
    if (!ws.closeInfo) throw error;
  }
  return ws.messages;
}

/** The post ids a notification names, and its subject as "type:id" (ids of different kinds may be equal). */
const notePosts = (n) => [n.post_id, n.subject_type === 'post' ? n.subject_id : null].filter((x) => typeof x === 'string');
const noteSubject = (n) => `${n.subject_type}:${n.subject_id}`;
/** The post ids a stream message names (a post message, or a notification). */
const messagePosts = (m) => (m.type === 'post'
  ? [m.data?.id, m.data?.reshared?.id, m.data?.reply_to, m.data?.root_id].filter((x) => typeof x === 'string')
  : m.type === 'notification' ? notePosts(m.data ?? {}) : []);

/** Search hits as "type:id" (ids of different kinds may be equal). */
const searchHits = async (person, q, type) => {
  const res = await person.client.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=100${type ? `&type=${type}` : ''}`);
  return expectOk(res).items.map((item) => `${item.type}:${item.id}`);
};

test('a person removed from a space reads nothing new in it, by any route, and cannot reply to their own thread', async () => {
  const owner = await member(server, { name: 'Owen Owner' });
  const leaver = await member(server, { name: 'Lena Leaver' });
  const stayer = await member(server, { name: 'Stan Stayer' });
  const herald = await member(server, { name: 'Hal Herald' });
  await follow(leaver, herald);
  const space = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, space, leaver);
  await addMember(owner, space, stayer);
  const topic = word('mtopic');
  expectNoContent(await leaver.client.put(`/api/v1/topics/${topic}/follow`));
  const oldWord = word('olde');
  const newWord = word('fresh');

  const root = await createPost(leaver, { audience: 'space', space_id: space.id, body: `Thread ${oldWord} #${topic}` });
  const early = await reply(stayer, root.id, `Early reply ${oldWord}`);
  const problem = await createProblem(leaver, space, { title: `Problem ${oldWord}` });
  const idea = await createIdea(leaver, space, { title: `Idea ${oldWord}` });
  // Control: while a member, the root author hears of replies to the thread.
  await waitForNotification(leaver, (n) => n.kind === 'reply' && n.actor.id === stayer.person.id, 'the early reply');
  const ws = await stream(leaver);

  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${leaver.person.id}`));

  // New content in the space, in the leaver's own thread and on the leaver's own items.
  const fresh = await reply(owner, root.id, `Fresh reply ${newWord} #${topic}`);
  const deeper = await reply(stayer, early.id, `Deeper reply ${newWord}`);
  const newRoot = await createPost(owner, { audience: 'space', space_id: space.id, body: `New thread ${newWord} #${topic}` });
  const solution = await addSolution(owner, problem, `Solution ${newWord}`);
  expectOk(await owner.client.post(`/api/v1/ideas/${idea.id}/comments`, { body: `Comment ${newWord}` }), 201);

  // The sentinel: something the leaver may see, after everything above.
  const sentinel = await createPost(herald, { body: `Sentinel @${leaver.person.handle}` });
  await waitForNotification(leaver, (n) => n.kind === 'mention' && n.post_id === sentinel.id, 'the sentinel mention');
  await settle(ws, (m) => m.type === 'notification' && m.data?.post_id === sentinel.id, 'the sentinel on the stream');

  const hiddenPosts = [root.id, early.id, fresh.id, deeper.id, newRoot.id];
  const leaks = [];
  const check = (ok, what) => { if (!ok) leaks.push(what); };

  // By id, thread, cascade.
  for (const id of hiddenPosts) {
    const res = await leaver.client.get(`/api/v1/posts/${id}`);
    check(res.status === 404, `GET /posts/${id} → ${res.status}`);
  }
  const replies = await leaver.client.get(`/api/v1/posts/${root.id}/replies`);
  check(replies.status === 404, `GET /posts/{root}/replies → ${replies.status} ${replies.text.slice(0, 120)}`);
  const cascade = await leaver.client.get(`/api/v1/posts/${root.id}/cascade`);
  check(cascade.status === 404, `GET /posts/{root}/cascade → ${cascade.status}`);
  for (const [what, path] of [['problem', `/api/v1/problems/${problem.id}`], ['idea', `/api/v1/ideas/${idea.id}`]]) {
    const res = await leaver.client.get(path);
    check(res.status === 404, `GET own ${what} → ${res.status}`);
  }
  // Feeds.
  for (const path of ['/api/v1/feed', `/api/v1/people/${leaver.person.id}/posts`, `/api/v1/people/${owner.person.id}/posts`,
    `/api/v1/topics/${topic}/feed`]) {
    const items = await allPages(leaver.client, path);
    const seen = idsOf(items).filter((id) => hiddenPosts.includes(id));
    check(seen.length === 0, `${path} lists ${seen}`);
  }
  const spaceFeed = await leaver.client.get(`/api/v1/spaces/${space.id}/feed`);
  check([403, 404].includes(spaceFeed.status), `GET /spaces/{id}/feed → ${spaceFeed.status}`);
  // Search.
  for (const q of [oldWord, newWord]) {
    for (const type of ['post', undefined, 'problem', 'idea']) {
      const hidden = [...hiddenPosts.map((id) => `post:${id}`), `problem:${problem.id}`, `idea:${idea.id}`];
      const seen = (await searchHits(leaver, q, type)).filter((hit) => hidden.includes(hit));
      check(seen.length === 0, `search q=${q} type=${type ?? '(any)'} finds ${seen}`);
    }
  }
  // Notifications: nothing about what happened after the removal.
  const newPosts = [fresh.id, deeper.id, newRoot.id];
  const newSubjects = [`problem:${problem.id}`, `idea:${idea.id}`, `solution:${solution.id}`];
  const isAboutNew = (n) => notePosts(n).some((id) => newPosts.includes(id)) || newSubjects.includes(noteSubject(n))
    || (n.actor?.id === owner.person.id && ['reply', 'solution', 'mention'].includes(n.kind));
  const about = (await notificationsOf(leaver)).filter(isAboutNew);
  check(about.length === 0, `notifications about the space after removal: ${JSON.stringify(about).slice(0, 600)}`);
  // The stream.
  const streamed = ws.messages.filter((m) => messagePosts(m).some((id) => newPosts.includes(id))
    || (m.type === 'notification' && isAboutNew(m.data ?? {})) || JSON.stringify(m).includes(newWord));
  check(streamed.length === 0, `stream messages about the space after removal: ${JSON.stringify(streamed).slice(0, 600)}`);
  assert.ok(leaks.length === 0, `the removed member still reads the space:\n${leaks.join('\n')}`);
});

test('a removed root author can neither reply to nor react in their old thread (404), nothing is written', async () => {
  const owner = await member(server, { name: 'Rhea Owner' });
  const leaver = await member(server, { name: 'Rolf Leaver' });
  const space = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, space, leaver);
  const root = await createPost(leaver, { audience: 'space', space_id: space.id, body: 'My thread' });
  await reply(owner, root.id, 'An answer');
  expectNoContent(await leaver.client.delete(`/api/v1/spaces/${space.id}/members/${leaver.person.id}`));

  expectError(await leaver.client.post(`/api/v1/posts/${root.id}/replies`, { body: 'Still here?' }), 404, 'not_found');
  const { token } = await server.tokenFor(leaver.client, ['read', 'write']);
  expectError(await server.bearer(token).post(`/api/v1/posts/${root.id}/replies`, { body: 'By token' }), 404, 'not_found');
  expectError(await leaver.client.put(`/api/v1/posts/${root.id}/reactions/like`), 404, 'not_found');
  const thread = expectList(await owner.client.get(`/api/v1/posts/${root.id}/replies`)).items;
  assert.deepEqual(thread.map((p) => p.author.id), [owner.person.id], 'no reply by the removed member was written');
  const seen = expectOk(await owner.client.get(`/api/v1/posts/${root.id}`));
  assert.equal(seen.reactions.like, 0, 'no reaction was written');
  assert.equal(seen.reply_count, 1);
});

test('a guest with a unit, following a member, sees no public, unit or followers post — by id, feeds, search, notifications or stream', async () => {
  const unit = await createUnit(server, `Guest Unit ${word('u')}`);
  const insider = await member(server, { name: 'Ivy Insider', unit_id: unit.id });
  const guest = await server.signedInPerson({ name: 'Gus Guest', role: 'guest', unit_id: unit.id });
  assert.equal(guest.person.role, 'guest');
  assert.equal(guest.person.unit_id, unit.id, 'the guest has a unit');
  const space = await createSpace(admin, { visibility: 'private' });
  await addMember(admin, space, insider);
  await addMember(admin, space, guest, 'guest');
  await follow(guest, insider);
  const topic = word('gtopic');
  expectNoContent(await guest.client.put(`/api/v1/topics/${topic}/follow`));
  const secret = word('gsecret');
  const ws = await stream(guest);

  const hidden = {
    public: await createPost(insider, { body: `${secret} public #${topic} @${guest.person.handle}` }),
    unit: await createPost(insider, { body: `${secret} unit #${topic} @${guest.person.handle}`, audience: 'unit' }),
    followers: await createPost(insider, { body: `${secret} followers #${topic} @${guest.person.handle}`, audience: 'followers' }),
  };
  hidden.reply = await reply(insider, hidden.public.id, `${secret} reply @${guest.person.handle}`);
  hidden.unitReply = await reply(insider, hidden.unit.id, `${secret} unit reply`);
  const spacePost = await createPost(insider, { audience: 'space', space_id: space.id, body: `${secret} space #${topic} @${guest.person.handle}` });
  await waitForNotification(guest, (n) => n.kind === 'mention' && n.post_id === spacePost.id, 'the mention in the space post');
  await settle(ws, (m) => m.type === 'notification' && m.data?.post_id === spacePost.id, 'the space mention on the stream');

  const hiddenIds = Object.values(hidden).map((p) => p.id);
  const leaks = [];
  const check = (ok, what) => { if (!ok) leaks.push(what); };
  for (const [audience, post] of Object.entries(hidden)) {
    const res = await guest.client.get(`/api/v1/posts/${post.id}`);
    check(res.status === 404, `GET ${audience} post by id → ${res.status}`);
  }
  for (const root of [hidden.public, hidden.unit]) {
    const res = await guest.client.get(`/api/v1/posts/${root.id}/replies`);
    check(res.status === 404, `GET replies of a ${root.audience} post → ${res.status}`);
  }
  const cascade = await guest.client.get(`/api/v1/posts/${hidden.public.id}/cascade`);
  check(cascade.status === 404, `GET cascade of a public post → ${cascade.status}`);
  expectOk(await guest.client.get(`/api/v1/posts/${spacePost.id}`));

  for (const path of ['/api/v1/feed', `/api/v1/people/${insider.person.id}/posts`, `/api/v1/topics/${topic}/feed`,
    `/api/v1/spaces/${space.id}/feed`]) {
    const ids = idsOf(await allPages(guest.client, path));
    const seen = ids.filter((id) => hiddenIds.includes(id));
    check(seen.length === 0, `${path} lists ${seen.map((id) => Object.keys(hidden).find((k) => hidden[k].id === id))}`);
  }
  const personFeed = idsOf(await allPages(guest.client, `/api/v1/people/${insider.person.id}/posts`));
  assert.ok(personFeed.includes(spacePost.id), 'control: the space post is in the person feed');
  for (const type of ['post', undefined]) {
    const found = await searchHits(guest, secret, type);
    const seen = found.filter((hit) => hiddenIds.some((id) => hit === `post:${id}`));
    check(seen.length === 0, `search type=${type ?? '(any)'} finds ${seen}`);
    check(found.includes(`post:${spacePost.id}`), `search type=${type ?? '(any)'} misses the space post (control)`);
  }
  const notes = (await notificationsOf(guest)).filter((n) => notePosts(n).some((id) => hiddenIds.includes(id)));
  check(notes.length === 0, `notifications about hidden posts: ${JSON.stringify(notes).slice(0, 400)}`);
  const streamed = ws.messages.filter((m) => messagePosts(m).some((id) => hiddenIds.includes(id)) || (m.type === 'post' && JSON.stringify(m).includes(secret) && m.data?.id !== spacePost.id));
  check(streamed.length === 0, `stream messages about hidden posts: ${streamed.map((m) => `${m.type}:${m.data?.audience ?? m.data?.kind}`)}`);
  assert.ok(leaks.length === 0, `the guest reads posts outside their spaces:\n${leaks.join('\n')}`);
});

test('adding a person one cannot see to one\'s own space is 404, the same answer as for no such person', async () => {
  const owner = await member(server, { name: 'Otto Owner' });
  const hiddenGuest = await server.createPerson({ name: 'Hidden Guest', role: 'guest' });
  const space = await createSpace(owner, { visibility: 'private' });
  expectError(await owner.client.get(`/api/v1/people/${hiddenGuest.person.id}`), 404, 'not_found');

  for (const role of ['guest', 'member', 'owner']) {
    const nobody = await owner.client.put(`/api/v1/spaces/${space.id}/members/99999999`, { role });
    expectError(nobody, 404, 'not_found');
    const res = await owner.client.put(`/api/v1/spaces/${space.id}/members/${hiddenGuest.person.id}`, { role });
    expectError(res, 404, 'not_found');
    assert.deepEqual(res.body, nobody.body, `role ${role}: the same answer as for no such person`);
  }
  const members = (await allPages(owner.client, `/api/v1/spaces/${space.id}/members`)).map((m) => m.person.id);
  assert.deepEqual(members, [owner.person.id], 'nobody was added');
  expectError(await owner.client.get(`/api/v1/people/${hiddenGuest.person.id}`), 404, 'not_found');
  const guest = await server.signIn(hiddenGuest.email, hiddenGuest.password);
  expectError(await guest.client.get(`/api/v1/spaces/${space.id}`), 404, 'not_found');

  // Whoever can see the guest may add them: an admin, then an owner who shares a space with them.
  const shared = await createSpace(admin, { visibility: 'private' });
  await addMember(admin, shared, owner);
  expectNoContent(await admin.client.put(`/api/v1/spaces/${shared.id}/members/${hiddenGuest.person.id}`, { role: 'guest' }));
  expectOk(await owner.client.get(`/api/v1/people/${hiddenGuest.person.id}`));
  expectNoContent(await owner.client.put(`/api/v1/spaces/${space.id}/members/${hiddenGuest.person.id}`, { role: 'guest' }));
  assert.equal(expectOk(await guest.client.get(`/api/v1/spaces/${space.id}`)).my_role, 'guest');
});

// Invitations (hardening.md "Spaces: who can be added, invitations").

function expectInvitation(inv, { space, email, role }) {
  const show = JSON.stringify(inv);
  for (const key of ['id', 'space_id', 'email', 'role', 'invited_by', 'created_at', 'expires_at', 'accepted_at']) {
    assert.ok(key in inv, `invitation has ${key}: ${show}`);
  }
  assert.equal(typeof inv.id, 'string', show);
  assert.equal(inv.space_id, space.id, show);
  assert.equal(inv.email.toLowerCase(), email.toLowerCase(), show);
  assert.equal(inv.role, role, show);
  assert.match(inv.created_at, kRfc3339Utc, show);
  assert.match(inv.expires_at, kRfc3339Utc, show);
  const days = (Date.parse(inv.expires_at) - Date.parse(inv.created_at)) / 86_400_000;
  assert.ok(Math.abs(days - 14) < 0.01, `expires 14 days after creation: ${show}`);
  assert.equal(inv.accepted_at, null, show);
}
/** my_role of `person` in `space` once `accept(role)` holds (joining on sign-in may trail the answer). */
const roleIn = async (person, space, accept) => (await eventually(
  async () => expectOk(await person.client.get(`/api/v1/spaces/${space.id}`)).my_role, accept,
  { timeoutMs: 10_000, what: `${person.person.name} to be in the space` }));
const pending = async (owner, space) => expectOk(await owner.client.get(`/api/v1/spaces/${space.id}/invitations`)).items;

test('an owner invites an e-mail: the same answer whether an account exists; the guest signs in and is a space guest', async () => {
  const owner = await member(server, { name: 'Ines Inviter' });
  const space = await createSpace(owner, { visibility: 'private' });
  const outsider = await server.createPerson({ name: 'Olga Outside', role: 'guest' });
  const futureEmail = uniqueEmail('future');

  const toGuest = await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: outsider.email, role: 'member' });
  const toNobody = await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: futureEmail, role: 'member' });
  const invGuest = expectOk(toGuest, 201);
  const invNobody = expectOk(toNobody, 201);
  expectInvitation(invGuest, { space, email: outsider.email, role: 'member' });
  expectInvitation(invNobody, { space, email: futureEmail, role: 'member' });
  assert.deepEqual(Object.keys(invGuest).sort(), Object.keys(invNobody).sort(), 'the same fields either way');
  assert.deepEqual(invGuest.invited_by, invNobody.invited_by);
  // (The handle is the e-mail's local part by default, so only the name can tell.)
  assert.ok(!toGuest.text.includes(outsider.person.name) && !('person' in invGuest) && !('person_id' in invGuest),
    `the answer does not reveal the account: ${toGuest.text}`);
  // Inviting again answers 200 with the pending invitation.
  const again = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: outsider.email, role: 'member' }));
  assert.equal(again.id, invGuest.id);
  assert.deepEqual(idsOf(await pending(owner, space)).sort(), [invGuest.id, invNobody.id].sort());
  // Until it is accepted the owner still cannot see the guest.
  expectError(await owner.client.get(`/api/v1/people/${outsider.person.id}`), 404, 'not_found');

  // Accepting is signing in; a guest account joins as a space guest whatever the invitation said.
  const guest = await server.signIn(outsider.email, outsider.password);
  const seen = await roleIn(guest, space, (role) => role !== null);
  assert.equal(seen, 'guest');
  const members = await allPages(owner.client, `/api/v1/spaces/${space.id}/members`);
  assert.equal(members.find((m) => m.person.id === outsider.person.id)?.role, 'guest', JSON.stringify(members));
  assert.equal(expectOk(await guest.client.get('/api/v1/me')).role, 'guest', 'the account stays a guest');
  assert.deepEqual(idsOf(await pending(owner, space)), [invNobody.id], 'the accepted invitation is no longer pending');

  // An invitation waits for the account: created later, it joins on its first sign-in.
  const later = await server.createPerson({ name: 'Fay Future', email: futureEmail });
  const joined = await server.signIn(futureEmail, later.password);
  assert.equal(await roleIn(joined, space, (role) => role !== null), 'member');
  assert.deepEqual(await pending(owner, space), []);
});

test('invitations: only owners (and admins, for public spaces) list, send and withdraw them; bad input is 400', async () => {
  const owner = await member(server, { name: 'Pat Owner' });
  const plain = await member(server, { name: 'Pete Plain' });
  const outsider = await member(server, { name: 'Oona Outsider' });
  const anon = server.anonymous();
  const space = await createSpace(owner, { visibility: 'private' });
  const secret = await createSpace(owner, { visibility: 'secret' });
  await addMember(owner, space, plain);
  const inv = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: uniqueEmail('inv'), role: 'guest' }), 201);
  const secretInv = expectOk(await owner.client.post(`/api/v1/spaces/${secret.id}/invitations`, { email: uniqueEmail('inv'), role: 'member' }), 201);

  const base = `/api/v1/spaces/${space.id}/invitations`;
  expectError(await plain.client.post(base, { email: uniqueEmail('x'), role: 'guest' }), 403, 'permission_denied');
  expectError(await plain.client.get(base), 403, 'permission_denied');
  expectError(await plain.client.delete(`${base}/${inv.id}`), 403, 'permission_denied');
  expectError(await outsider.client.post(base, { email: uniqueEmail('x'), role: 'guest' }), 403, 'permission_denied');
  const secretBase = `/api/v1/spaces/${secret.id}/invitations`;
  expectError(await outsider.client.post(secretBase, { email: uniqueEmail('x'), role: 'guest' }), 404, 'not_found');
  expectError(await outsider.client.get(secretBase), 404, 'not_found');
  expectError(await outsider.client.delete(`${secretBase}/${secretInv.id}`), 404, 'not_found');
  expectError(await anon.get(base), 401, 'unauthenticated');
  expectError(await anon.post(base, { email: uniqueEmail('x'), role: 'guest' }), 401, 'unauthenticated');
  assert.deepEqual(idsOf(await pending(owner, space)), [inv.id], 'refused requests changed nothing');

  expectError(await owner.client.post(base, { email: 'not-an-email', role: 'guest' }), 400, 'invalid_argument', 'email');
  expectError(await owner.client.post(base, { role: 'guest' }), 400, 'invalid_argument', 'email');
  expectError(await owner.client.post(base, { email: uniqueEmail('x'), role: 'owner' }), 400, 'invalid_argument', 'role');
  expectError(await owner.client.post(base, { email: uniqueEmail('x'), role: 'boss' }), 400, 'invalid_argument', 'role');
  expectError(await owner.client.post('/api/v1/spaces/99999999/invitations', { email: uniqueEmail('x'), role: 'guest' }), 404, 'not_found');

  // An admin outside a private space may not open its door (they could invite themself in,
  // DECISIONS 21); a public space's, which anyone may join, they may.
  expectError(await admin.client.post(base, { email: uniqueEmail('adm'), role: 'member' }), 403, 'permission_denied');
  expectError(await admin.client.get(base), 403, 'permission_denied');
  expectError(await admin.client.delete(`${base}/${inv.id}`), 403, 'permission_denied');
  assert.deepEqual(idsOf(await pending(owner, space)), [inv.id]);
  const open = await createSpace(owner, { visibility: 'public' });
  const openBase = `/api/v1/spaces/${open.id}/invitations`;
  const byAdmin = expectOk(await admin.client.post(openBase, { email: uniqueEmail('adm'), role: 'member' }), 201);
  assert.ok(idsOf(expectOk(await admin.client.get(openBase)).items).includes(byAdmin.id));
});

test('a withdrawn invitation is gone: DELETE 204, not listed, and signing in joins nothing', async () => {
  const owner = await member(server, { name: 'Willa Withdraw' });
  const space = await createSpace(owner, { visibility: 'private' });
  const invitee = await server.createPerson({ name: 'Ned Notjoining' });
  const inv = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/invitations`, { email: invitee.email, role: 'member' }), 201);
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/invitations/${inv.id}`));
  assert.deepEqual(await pending(owner, space), []);
  expectError(await owner.client.delete(`/api/v1/spaces/${space.id}/invitations/${inv.id}`), 404, 'not_found');
  const signedIn = await server.signIn(invitee.email, invitee.password);
  assert.equal(expectOk(await signedIn.client.get(`/api/v1/spaces/${space.id}`)).my_role, null);
  const members = (await allPages(owner.client, `/api/v1/spaces/${space.id}/members`)).map((m) => m.person.id);
  assert.deepEqual(members, [owner.person.id]);
});
