// Authorization matrix of the collaborative layer (docs/design/collaboration.md "Who sees a space"):
// roles × space visibility × every space endpoint and every route that can show space content.
//
// Roles: an admin who is not in the space, the owner, a member, a guest of this space (an
// organization guest), a guest of another space (an organization guest), an organization member
// outside the space. Expected, per collaboration.md: 404 where the space is invisible to the
// caller, 403 where the caller sees the space but may not do this (a private space's content, a
// write reserved to members or owners), 2xx otherwise; on lists, feeds, search, notifications and
// people, the hidden things are absent (no id of the space's content appears) and the visible ones
// present. The writes of the matrix are counted afterwards: exactly the permitted ones happened.
//
// The first test walks every cell and prints the table; the following ones each assert one group
// of cells, so a red group names what is wrong without hiding the others.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectConforms, expectErrorEnvelope, expectNoContent, expectOk } from './expect.mjs';
import { allPages, createPost, idsOf, member, notificationsOf, waitForNotification } from './social.mjs';
import {
  addMember, addSolution, createIdea, createProblem, createProposal, createSpace, inDays, kVisibilities, word,
} from './collab.mjs';

const kRoles = ['admin', 'outsider', 'otherGuest', 'spaceGuest', 'member', 'owner']; // the owner's row last: it accepts, moves, closes
const isMember = (role) => ['owner', 'member', 'spaceGuest'].includes(role);
const isGuest = (role) => ['spaceGuest', 'otherGuest'].includes(role);
const visible = (role, vis) => isMember(role) || (!isGuest(role) && vis !== 'secret');
const content = (role, vis) => isMember(role) || (!isGuest(role) && vis === 'public');
// People: a guest sees the people of their spaces; members see every non-guest and the guests who
// share a space with them. Admins administer people (foundation.md), so they see every person.
const seesSubject = (role) => ['owner', 'member', 'spaceGuest', 'admin'].includes(role);

let server;
let people;        // role → person (spaceGuest per visibility: see guestOf)
let guestOf;       // visibility → that space's guest
let authorOf;      // visibility → the member who wrote the space's content
let removableOf;   // visibility → a member the owner removes in the matrix
let target;        // an organization member nobody may add but the owner (who never does)
let herald;
let spaces;        // visibility → space
let items;         // visibility → {problem, solution, idea, proposal, post}
let words;         // visibility → {space, problem, idea, post, person}
let topics;        // visibility → topic
let registry;      // visibility → {type → Set of ids}: everything of that space, to find leaks
let sentinelSpaces = new Map();
let beacon;        // a public problem every space's page links to: its backlinks are a list per viewer
let results;       // cells, filled by the first test

before(async () => {
  server = await startServer();
  herald = await member(server, { name: 'Matrix Herald' });
  const otherOwner = await member(server, { name: 'Matrix Otherowner' });
  people = {
    admin: await server.admin(),
    outsider: await member(server, { name: 'Matrix Outsider' }),
    otherGuest: await member(server, { name: 'Matrix Otherguest', role: 'guest' }),
    member: await member(server, { name: 'Matrix Member' }),
    owner: await member(server, { name: 'Matrix Owner' }),
  };
  target = await member(server, { name: 'Matrix Target' });
  const otherSpace = await createSpace(otherOwner, { name: 'Matrix elsewhere', visibility: 'private' });
  beacon = await createProblem(otherOwner, await createSpace(otherOwner, { name: 'Matrix beacon', visibility: 'public' }),
    { title: 'The beacon problem' });
  await addMember(otherOwner, otherSpace, people.otherGuest, 'guest');
  guestOf = {};
  authorOf = {};
  removableOf = {};
  spaces = {};
  items = {};
  words = {};
  topics = {};
  registry = {};
  for (const vis of kVisibilities) {
    words[vis] = { space: word('sp'), problem: word('pr'), idea: word('id'), post: word('po'), person: word('pe'), page: word('pg') };
    topics[vis] = word('topic');
    guestOf[vis] = await member(server, { name: `Guest ${words[vis].person}`, role: 'guest' });
    authorOf[vis] = await member(server, { name: `Author ${words[vis].person}` });
    removableOf[vis] = await member(server, { name: `Removable ${vis}` });
    const space = await createSpace(people.owner, { name: `Matrix ${vis} ${words[vis].space}`, purpose: `Purpose of the ${vis} space`, visibility: vis });
    spaces[vis] = space;
    await addMember(people.owner, space, people.member);
    await addMember(people.owner, space, authorOf[vis]);
    await addMember(people.owner, space, removableOf[vis]);
    await addMember(people.owner, space, guestOf[vis], 'guest');
    const author = authorOf[vis];
    const problem = await createProblem(author, space, { title: `Problem ${words[vis].problem}` });
    const solution = await addSolution(author, problem, 'The setup solution');
    const idea = await createIdea(author, space, { title: `Idea ${words[vis].idea}`, from_problem_id: problem.id });
    const proposal = await createProposal(author, space, { title: `Proposal ${vis}`, closes_at: inDays(30) });
    const post = await createPost(author, { audience: 'space', space_id: space.id, body: `Post ${words[vis].post} #${topics[vis]}` });
    const page = expectOk(await author.client.post(`/api/v1/spaces/${space.id}/pages`, { title: `Page ${vis}`,
      body: `Page ${words[vis].page} on [the problem](/problems/${problem.id}) and [the beacon](/problems/${beacon.id}).\n` }), 201);
    items[vis] = { problem, solution, idea, proposal, post, page };
    registry[vis] = {
      space: new Set([space.id]), problem: new Set([problem.id]), solution: new Set([solution.id]), idea: new Set([idea.id]),
      proposal: new Set([proposal.id]), post: new Set([post.id]), comment: new Set(), page: new Set([page.id]),
    };
  }
  // Everyone follows every topic (guests too), so the home feed shows what each may see.
  for (const viewer of [...Object.values(people), ...Object.values(guestOf)]) {
    for (const vis of kVisibilities) expectNoContent(await viewer.client.put(`/api/v1/topics/${topics[vis]}/follow`));
  }
  await settle(allViewers());
  // Links are indexed off the request: wait until the beacon lists every space's page.
  for (let i = 0; ; i += 1) {
    const linked = expectOk(await people.owner.client.get(`/api/v1/problems/${beacon.id}/backlinks`)).items;
    if (linked.length === kVisibilities.length) break;
    assert.ok(i < 400, `the beacon's backlinks: ${JSON.stringify(linked)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
after(async () => {
  await server?.stop();
});

const allViewers = () => [...Object.values(people), ...Object.values(guestOf)];
const viewerOf = (role, vis) => (role === 'spaceGuest' ? guestOf[vis] : people[role]);

/** Proves the notifier has handled everything so far: a mention of each person, in a space of the herald's own with them. */
async function settle(viewers) {
  for (const viewer of viewers) {
    let space = sentinelSpaces.get(viewer.person.id);
    if (!space) {
      space = await createSpace(herald, { name: `Sentinel ${viewer.person.handle}`, visibility: 'secret' });
      await addMember(herald, space, viewer, viewer.person.role === 'guest' ? 'guest' : 'member');
      sentinelSpaces.set(viewer.person.id, space);
    }
    const post = await createPost(herald, { audience: 'space', space_id: space.id, body: `Sentinel @${viewer.person.handle}` });
    await waitForNotification(viewer, (n) => n.kind === 'mention' && n.post_id === post.id, `the sentinel for ${viewer.person.name}`);
  }
}

// ---- the cells -------------------------------------------------------------------------------

/** The status of an answer, after checking its body (schema for 2xx, the error envelope and code otherwise). */
function statusOf(res) {
  try {
    if (res.status === 204) expectNoContent(res);
    else if (res.status === 200 && res.headers.get('content-type') === 'application/zip') {
      if (res.bytes.subarray(0, 2).toString() !== 'PK') return '200, but not a zip';
    }
    else if (res.status >= 200 && res.status < 300 && res.text === '') expectConforms(res);
    else if (res.status >= 200 && res.status < 300) expectOk(res, res.status);
    else if (res.status >= 400 && res.status < 500) {
      expectErrorEnvelope(res);
      const code = { 403: 'permission_denied', 404: 'not_found' }[res.status];
      if (code && res.body.error.code !== code) return `${res.status} with code ${res.body.error.code}`;
    }
  } catch (error) {
    return `${res.status}, but ${error.message.split('\n')[0]}`;
  }
  return res.status;
}

/** A list answer: {present, leaked} for `main` and the registered ids of `type` (403/404 = nothing shown). */
async function shown(res, pathForAll, client, pick, vis, type, main) {
  if (res.status === 403 || res.status === 404) return { present: false, leaked: [] };
  if (res.status !== 200) return `${res.status} ${res.text.slice(0, 120)}`;
  const found = pick(pathForAll ? await allPages(client, pathForAll) : expectOk(res).items);
  return { present: found.includes(main), leaked: found.filter((id) => registry[vis][type].has(id)) };
}

const register = (vis, type, res) => {
  if (res.status === 201 && res.body?.id) registry[vis][type].add(res.body.id);
  return res;
};

// kind → expected answer for (role, vis): a status, or true/false for "shown".
const expectations = {
  space: (role, vis) => (visible(role, vis) ? 200 : 404),
  content: (role, vis) => (content(role, vis) ? 200 : visible(role, vis) ? 403 : 404),
  member: (ok) => (role, vis) => (isMember(role) ? ok : visible(role, vis) ? 403 : 404),
  owner: (ok) => (role, vis) => (role === 'owner' ? ok : visible(role, vis) ? 403 : 404),
  join: (role, vis) => (isMember(role) ? 204 : !visible(role, vis) ? 404 : vis === 'public' ? 204 : 202),
  showsContent: (role, vis) => content(role, vis),
  showsSpace: (role, vis) => visible(role, vis),
  notified: (role) => isMember(role),
  subject: (role) => seesSubject(role),
  subjectStatus: (role) => (seesSubject(role) ? 200 : 404),
};

// name → {group, want(role, vis), run(ctx)}; ctx = {role, vis, viewer, client, space, item, note}
const routes = {
  'GET space': { group: 'space', want: expectations.space, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}`) },
  'PATCH space': {
    group: 'space', want: expectations.owner(200),
    run: (c) => c.client.patch(`/api/v1/spaces/${c.space.id}`, c.role === 'owner' ? { purpose: c.space.purpose } : { name: 'Hijacked', purpose: 'Hijacked' }),
  },
  'GET members': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/members`) },
  'PUT member': {
    group: 'space', want: expectations.owner(204),
    run: (c) => (c.role === 'owner'
      ? c.client.put(`/api/v1/spaces/${c.space.id}/members/${people.member.person.id}`, { role: 'member' })
      : c.client.put(`/api/v1/spaces/${c.space.id}/members/${target.person.id}`, { role: 'member' })),
  },
  'DELETE member': {
    group: 'space', want: expectations.owner(204),
    run: (c) => c.client.delete(`/api/v1/spaces/${c.space.id}/members/${(c.role === 'owner' ? removableOf : authorOf)[c.vis].person.id}`),
  },
  'GET join-requests': { group: 'space', want: expectations.owner(200), run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/join-requests`) },
  'POST problem': {
    group: 'space', want: expectations.member(201),
    run: async (c) => register(c.vis, 'problem', await c.client.post(`/api/v1/spaces/${c.space.id}/problems`, { title: `By ${c.role}`, body: '' })),
  },
  'GET problems': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/problems`) },
  'GET problem': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/problems/${c.item.problem.id}`) },
  'POST solution': {
    group: 'item', want: expectations.member(201),
    run: async (c) => register(c.vis, 'solution', await c.client.post(`/api/v1/problems/${c.item.problem.id}/solutions`, { body: `By ${c.role}` })),
  },
  'PUT solution vote': { group: 'item', want: expectations.member(200), run: (c) => c.client.put(`/api/v1/solutions/${c.item.solution.id}/vote`, { value: 1 }) },
  'POST accept': { group: 'item', want: expectations.owner(200), run: (c) => c.client.post(`/api/v1/problems/${c.item.problem.id}/accept`, { solution_id: c.item.solution.id }) },
  'POST reopen': { group: 'item', want: expectations.owner(200), run: (c) => c.client.post(`/api/v1/problems/${c.item.problem.id}/reopen`) },
  'POST idea': {
    group: 'space', want: expectations.member(201),
    run: async (c) => register(c.vis, 'idea', await c.client.post(`/api/v1/spaces/${c.space.id}/ideas`, { title: `By ${c.role}`, body: '' })),
  },
  'GET ideas': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/ideas`) },
  'GET idea': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/ideas/${c.item.idea.id}`) },
  'PUT idea vote': { group: 'item', want: expectations.member(200), run: (c) => c.client.put(`/api/v1/ideas/${c.item.idea.id}/vote`, { value: 1 }) },
  'POST idea comment': {
    group: 'item', want: expectations.member(201),
    run: async (c) => register(c.vis, 'comment', await c.client.post(`/api/v1/ideas/${c.item.idea.id}/comments`, { body: `By ${c.role}` })),
  },
  'POST idea stage': {
    group: 'item', want: expectations.owner(200),
    run: (c) => c.client.post(`/api/v1/ideas/${c.item.idea.id}/stage`, { stage: 'under_review', note: `By ${c.role}` }),
  },
  'POST proposal': {
    group: 'space', want: expectations.member(201),
    run: async (c) => register(c.vis, 'proposal', await c.client.post(`/api/v1/spaces/${c.space.id}/proposals`, { title: `By ${c.role}`, body: '', closes_at: inDays(30) })),
  },
  'GET proposals': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/proposals`) },
  'GET proposal': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/proposals/${c.item.proposal.id}`) },
  'PUT stance': { group: 'item', want: expectations.member(200), run: (c) => c.client.put(`/api/v1/proposals/${c.item.proposal.id}/stance`, { stance: 'agree', reason: '' }) },
  'POST close': {
    group: 'item', want: expectations.owner(200),
    run: (c) => c.client.post(`/api/v1/proposals/${c.item.proposal.id}/close`, { outcome: `By ${c.role}` }),
  },
  'GET space feed': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/feed`) },
  'POST space post': {
    group: 'space', want: expectations.member(201),
    run: async (c) => register(c.vis, 'post', await c.client.post('/api/v1/posts', { audience: 'space', space_id: c.space.id, body: `By ${c.role}` })),
  },
  'GET post': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/posts/${c.item.post.id}`) },
  'GET post replies': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/posts/${c.item.post.id}/replies`) },
  'GET post cascade': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/posts/${c.item.post.id}/cascade`) },
  'POST post report': {
    group: 'item', want: (role, vis) => (content(role, vis) ? 201 : 404),
    run: (c) => c.client.post(`/api/v1/posts/${c.item.post.id}/reports`, { reason: `By ${c.role}` }),
  },
  'POST page': {
    group: 'space', want: expectations.member(201),
    run: async (c) => register(c.vis, 'page', await c.client.post(`/api/v1/spaces/${c.space.id}/pages`, { title: `By ${c.role}`, body: 'x' })),
  },
  'GET pages': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/pages`) },
  'GET pages export': { group: 'space', want: expectations.content, run: (c) => c.client.get(`/api/v1/spaces/${c.space.id}/pages/export`) },
  'POST pages import': {
    group: 'space', want: expectations.member(201),
    run: async (c) => {
      const res = await c.client.post(`/api/v1/spaces/${c.space.id}/pages/import`, { files: [{ path: `By ${c.role}.md`, content: 'x' }] });
      for (const page of res.status === 201 ? res.body.items : []) registry[c.vis].page.add(page.id);
      return res;
    },
  },
  'GET page': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/pages/${c.item.page.id}`) },
  'PUT page': {
    group: 'item', want: expectations.member(200),
    run: async (c) => {
      const current = expectOk(await people.owner.client.get(`/api/v1/pages/${c.item.page.id}`));
      return c.client.put(`/api/v1/pages/${c.item.page.id}`, { title: current.title, body: `${current.body}By ${c.role}\n` },
        { headers: { 'If-Match': `"${current.revision}"` } });
    },
  },
  'GET page revisions': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/pages/${c.item.page.id}/revisions`) },
  'POST page comment': {
    group: 'item', want: expectations.member(201),
    run: (c) => c.client.post(`/api/v1/pages/${c.item.page.id}/comments`, { body: `By ${c.role}` }),
  },
  'GET page backlinks': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/pages/${c.item.page.id}/backlinks`) },
  'GET problem backlinks': { group: 'item', want: expectations.content, run: (c) => c.client.get(`/api/v1/problems/${c.item.problem.id}/backlinks`) },
  'GET person (people)': {
    group: 'people', want: expectations.subjectStatus,
    run: (c) => c.client.get(`/api/v1/people/${c.subject.person.id}`),
  },

  // Lists: {present, leaked}.
  'spaces list': {
    group: 'lists', want: expectations.showsSpace, list: true,
    run: async (c) => shown(await c.client.get('/api/v1/spaces'), '/api/v1/spaces', c.client, idsOf, c.vis, 'space', c.space.id),
  },
  'spaces list ?q': {
    group: 'lists', want: expectations.showsSpace, list: true,
    run: async (c) => shown(await c.client.get(`/api/v1/spaces?q=${words[c.vis].space}`), null, c.client, idsOf, c.vis, 'space', c.space.id),
  },
  'home feed': {
    group: 'lists', want: expectations.showsContent, list: true,
    run: async (c) => shown(await c.client.get('/api/v1/feed'), '/api/v1/feed', c.client, idsOf, c.vis, 'post', c.item.post.id),
  },
  'person posts feed': {
    group: 'lists', want: expectations.showsContent, list: true,
    run: async (c) => {
      const path = `/api/v1/people/${authorOf[c.vis].person.id}/posts`;
      return shown(await c.client.get(path), path, c.client, idsOf, c.vis, 'post', c.item.post.id);
    },
  },
  'topic feed': {
    group: 'lists', want: expectations.showsContent, list: true,
    run: async (c) => {
      const path = `/api/v1/topics/${topics[c.vis]}/feed`;
      return shown(await c.client.get(path), path, c.client, idsOf, c.vis, 'post', c.item.post.id);
    },
  },
  'topic count': {
    group: 'lists', want: expectations.showsContent, list: true,
    run: async (c) => {
      const res = await c.client.get(`/api/v1/topics/${topics[c.vis]}`);
      if (res.status === 404) return { present: false, leaked: [] };
      const count = expectOk(res).post_count;
      return count === 1 ? { present: true, leaked: [] } : count === 0 ? { present: false, leaked: [] } : `post_count ${count}`;
    },
  },
  // Guests see nothing beyond their spaces: not the beacon, so none of its backlinks.
  'backlinks of a public problem': {
    group: 'lists', want: (role, vis) => content(role, vis) && !isGuest(role), list: true,
    run: async (c) => shown(await c.client.get(`/api/v1/problems/${beacon.id}/backlinks`), null, c.client, idsOf, c.vis, 'page', c.item.page.id),
  },
  // The moderation queue: a space's owners moderate it; an admin only what the organization may read.
  'moderation queue': {
    group: 'lists', want: (role, vis) => role === 'owner' || (role === 'admin' && vis === 'public'), list: true,
    run: async (c) => shown(await c.client.get('/api/v1/moderation/reports?state=all&limit=100'), null, c.client,
      (items) => items.map((i) => i.post_id), c.vis, 'post', c.item.post.id),
  },
  ...Object.fromEntries(['post', 'problem', 'idea', 'space', 'page'].map((type) => [`search type=${type}`, {
    group: 'lists', want: type === 'space' ? expectations.showsSpace : expectations.showsContent, list: true,
    run: async (c) => {
      const res = await c.client.get(`/api/v1/search?type=${type}&q=${words[c.vis][type]}`);
      const pick = (list) => list.filter((hit) => hit.type === type).map((hit) => hit.id);
      return shown(res, null, c.client, pick, c.vis, type, type === 'space' ? c.space.id : c.item[type].id);
    },
  }])),
  'search (no type)': {
    group: 'lists', want: expectations.showsContent, list: true,
    run: async (c) => {
      const res = await c.client.get(`/api/v1/search?q=${words[c.vis].post}`);
      return shown(res, null, c.client, (list) => list.filter((hit) => hit.type === 'post').map((hit) => hit.id), c.vis, 'post', c.item.post.id);
    },
  },
  ...Object.fromEntries([['problems', 'problem'], ['ideas', 'idea'], ['proposals', 'proposal']].map(([path, type]) => [
    `${path} across spaces`, {
      group: 'lists', want: expectations.showsContent, list: true,
      run: async (c) => shown(await c.client.get(`/api/v1/${path}`), `/api/v1/${path}`, c.client, idsOf, c.vis, type,
        c.item[type].id),
    }])),
  ...Object.fromEntries([['problems_opened', 'problem'], ['ideas_created', 'idea']].map(([figure, type]) => [
    `analytics items ${figure}`, {
      group: 'lists', want: expectations.showsContent, list: true,
      run: async (c) => {
        const res = await c.client.get(`/api/v1/analytics/outcomes/items?figure=${figure}&from=2000-01-01T00:00:00Z&limit=200`);
        return shown(res, null, c.client, idsOf, c.vis, type, c.item[type].id);
      },
    }])),
  notifications: {
    group: 'lists', want: expectations.notified, list: true,
    run: async (c) => {
      const all = await notificationsOf(c.viewer);
      const about = all.filter((n) => n.space_id === c.space.id || (registry[c.vis][n.subject_type]?.has(n.subject_id) ?? false)
        || (n.post_id && registry[c.vis].post.has(n.post_id)));
      const present = about.some((n) => n.kind === 'proposal_opened' && n.subject_id === c.item.proposal.id);
      return { present, leaked: about.map((n) => `${n.kind}:${n.subject_type}:${n.subject_id}`) };
    },
  },
  'people list': {
    group: 'people', want: expectations.subject, list: true,
    run: async (c) => {
      const path = `/api/v1/people?q=${words[c.vis].person}`;
      const res = await c.client.get(path);
      if (res.status !== 200) return `${res.status} ${res.text.slice(0, 120)}`;
      const found = idsOf(await allPages(c.client, path));
      return { present: found.includes(c.subject.person.id), leaked: found.filter((id) => id === c.subject.person.id) };
    },
  },
  'search type=person': {
    group: 'people', want: expectations.subject, list: true,
    run: async (c) => {
      const res = await c.client.get(`/api/v1/search?type=person&q=${words[c.vis].person}`);
      if (res.status !== 200) return `${res.status} ${res.text.slice(0, 120)}`;
      const found = expectOk(res).items.filter((hit) => hit.type === 'person').map((hit) => hit.id);
      return { present: found.includes(c.subject.person.id), leaked: found.filter((id) => id === c.subject.person.id) };
    },
  },
  // Last: joining makes an admin or outsider a member of the public space (they leave again).
  join: { group: 'space', want: expectations.join, run: (c) => c.client.post(`/api/v1/spaces/${c.space.id}/join`) },
};

// Items by id (a problem, solution, idea, proposal, post) of a space whose content the caller may
// not see are 404 even where the space itself is visible: an id never reveals that an item exists.
for (const route of Object.values(routes)) {
  if (route.group !== 'item') continue;
  const want = route.want;
  route.want = (role, vis) => (content(role, vis) ? want(role, vis) : 404);
}

test('authorization matrix: roles × visibilities × routes', async () => {
  const routeNames = Object.keys(routes);
  const cells = kRoles.length * kVisibilities.length * routeNames.length;
  console.log(`authorization matrix: ${kRoles.length} roles × ${kVisibilities.length} visibilities × ${routeNames.length} routes = ${cells} cells`);
  results = [];
  const table = [];
  for (const role of kRoles) {
    for (const vis of kVisibilities) {
      const viewer = viewerOf(role, vis);
      const ctx = {
        role, vis, viewer, client: viewer.client, space: spaces[vis], item: items[vis],
        subject: isGuest(role) ? authorOf[vis] : guestOf[vis],
      };
      const row = [];
      for (const name of routeNames) {
        const route = routes[name];
        const want = route.want(role, vis);
        let got;
        try {
          const answer = await route.run(ctx);
          got = route.list ? answer : statusOf(answer);
        } catch (error) {
          got = `threw ${error.message.split('\n')[0]}`;
        }
        let ok;
        let shownGot;
        if (route.list) {
          ok = typeof got === 'object' && got.present === want && (want || got.leaked.length === 0);
          shownGot = typeof got === 'object' ? `${got.present ? 'shown' : 'absent'}${!want && got.leaked.length ? `, leaks ${got.leaked.join(',')}` : ''}` : got;
        } else {
          ok = got === want;
          shownGot = got;
        }
        const wantText = route.list ? (want ? 'shown' : 'absent') : want;
        row.push(ok ? (route.list ? (want ? 'V' : '-') : String(want).slice(0, 1)) : 'X');
        results.push({ role, vis, route: name, group: route.group, ok, text: `${vis} space, ${role}, ${name}: expected ${wantText}, got ${shownGot}` });
      }
      table.push(`${vis.padEnd(8)} ${role.padEnd(11)} ${row.join(' ')}`);
      // An admin or outsider who joined the public space leaves it again.
      if (!isMember(role) && !isGuest(role) && vis === 'public') {
        const res = await viewer.client.delete(`/api/v1/spaces/${spaces[vis].id}/members/${viewer.person.id}`);
        if (res.status !== 204) results.push({ role, vis, route: 'leave', group: 'space', ok: false, text: `${role} leaving the public space: ${res.status} ${res.text}` });
      }
    }
  }
  console.log(`routes: ${routeNames.map((n, i) => `${i + 1} ${n}`).join(' | ')}\n` +
    `(2/4 a 2xx/4xx status as expected, V shown and - absent as expected, X wrong)\n${table.join('\n')}`);
  assert.equal(results.length, cells);
});

const failuresOf = (group) => {
  assert.ok(results, 'the matrix ran');
  return results.filter((r) => r.group === group && !r.ok).map((r) => r.text);
};

test('authorization matrix: space endpoints (space, members, join, join requests, problems/ideas/proposals lists and creation, feed, posting)', () => {
  assert.deepEqual(failuresOf('space'), []);
});

test('authorization matrix: problems, solutions, ideas, proposals and posts by id', () => {
  assert.deepEqual(failuresOf('item'), []);
});

test('authorization matrix: lists, feeds, search, notifications and counts show exactly what each role may see', () => {
  assert.deepEqual(failuresOf('lists'), []);
});

test('authorization matrix: people of a space (guests see their spaces\' people, members the guests they share a space with)', () => {
  assert.deepEqual(failuresOf('people'), []);
});

test('authorization matrix: refused writes changed nothing, permitted ones happened once each', async () => {
  assert.ok(results, 'the matrix ran');
  const owner = people.owner;
  const problems = [];
  const writers = (vis) => ['owner', 'member', 'spaceGuest'].map((role) => viewerOf(role, vis).person.id);
  for (const vis of kVisibilities) {
    const space = spaces[vis];
    const check = (what, got, want) => {
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${vis} space, ${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    };
    const seen = expectOk(await owner.client.get(`/api/v1/spaces/${space.id}`));
    check('name and purpose (PATCH)', [seen.name, seen.purpose], [space.name, space.purpose]);
    const members = (await allPages(owner.client, `/api/v1/spaces/${space.id}/members`)).map((m) => `${m.person.id}:${m.role}`).sort();
    check('members (PUT/DELETE/join)', members, [`${owner.person.id}:owner`, `${people.member.person.id}:member`,
      `${authorOf[vis].person.id}:member`, `${guestOf[vis].person.id}:guest`].sort());
    check('member_count', seen.member_count, 4);
    const requests = (await allPages(owner.client, `/api/v1/spaces/${space.id}/join-requests`)).map((r) => r.person.id).sort();
    check('join requests', requests, vis === 'private' ? [people.admin.person.id, people.outsider.person.id].sort() : []);

    const byAuthor = (list) => list.map((x) => x.author.id).sort();
    check('problems by', byAuthor(await allPages(owner.client, `/api/v1/spaces/${space.id}/problems`)), [authorOf[vis].person.id, ...writers(vis)].sort());
    check('ideas by', byAuthor(await allPages(owner.client, `/api/v1/spaces/${space.id}/ideas`)), [authorOf[vis].person.id, ...writers(vis)].sort());
    check('proposals by', byAuthor(await allPages(owner.client, `/api/v1/spaces/${space.id}/proposals`)), [authorOf[vis].person.id, ...writers(vis)].sort());
    check('feed posts by', byAuthor(await allPages(owner.client, `/api/v1/spaces/${space.id}/feed`)), [authorOf[vis].person.id, ...writers(vis)].sort());

    const problem = expectOk(await owner.client.get(`/api/v1/problems/${items[vis].problem.id}`));
    check('problem (accept, then reopen, by the owner)', [problem.status, problem.accepted_solution_id, problem.solution_count], ['open', null, 4]);
    check('solutions by', byAuthor(problem.solutions), [authorOf[vis].person.id, ...writers(vis)].sort());
    check('setup solution votes', problem.solutions.find((s) => s.id === items[vis].solution.id)?.votes, 3);
    const idea = expectOk(await owner.client.get(`/api/v1/ideas/${items[vis].idea.id}`));
    check('idea (votes, comments, stage)', [idea.score, idea.comment_count, idea.stage, idea.stages.length], [3, 3, 'under_review', 2]);
    check('comments by', byAuthor(idea.comments), writers(vis).sort());
    const proposal = expectOk(await owner.client.get(`/api/v1/proposals/${items[vis].proposal.id}`));
    check('proposal (stances, close)', [proposal.status, proposal.tally.agree, proposal.decision, proposal.outcome], ['closed', 3, 'adopted', 'By owner']);
    check('stances by', proposal.stances.map((s) => s.person.id).sort(), writers(vis).sort());
    const pages = expectOk(await owner.client.get(`/api/v1/spaces/${space.id}/pages`)).items;
    check('pages (the setup page, one made and one imported by each writer)', pages.length, 1 + 2 * writers(vis).length);
    const page = expectOk(await owner.client.get(`/api/v1/pages/${items[vis].page.id}`));
    check('page saves and comments', [page.revision_count, page.comment_count], [1 + writers(vis).length, writers(vis).length]);
    const targetSees = await target.client.get(`/api/v1/spaces/${space.id}`);
    if (targetSees.status === 200) check('target\'s role', targetSees.body.my_role, null);
  }

  // Nothing about a space reached, late, anyone who may not see its content.
  const outsiders = [people.admin, people.outsider, people.otherGuest];
  await settle(outsiders);
  for (const viewer of outsiders) {
    const all = await notificationsOf(viewer);
    for (const vis of kVisibilities) {
      const role = Object.keys(people).find((r) => people[r] === viewer);
      if (content(role, vis)) continue;
      const about = all.filter((n) => n.space_id === spaces[vis].id || (registry[vis][n.subject_type]?.has(n.subject_id) ?? false)
        || (n.post_id && registry[vis].post.has(n.post_id)));
      if (about.length) problems.push(`${viewer.person.name} has notifications about the ${vis} space: ${JSON.stringify(about)}`);
    }
  }
  assert.deepEqual(problems, []);
});
