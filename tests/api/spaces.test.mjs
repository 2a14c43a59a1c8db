// Spaces (docs/design/collaboration.md "Spaces", "Who sees a space"): creating one of each kind and
// visibility, validation, reading and editing (owners only), the list with `mine`, `q` and
// pagination, membership (owners add and remove, the last owner stays, organization guests only as
// space guests, leaving oneself), joining (public at once, private by a request the owners approve
// or decline) and the members list.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { expectConforms, expectError, expectList, expectNoContent, expectOk, expectStatus, kRfc3339Utc } from './expect.mjs';
import { allPages, expectSummaryOf, idsOf, member } from './social.mjs';
import {
  addMember, createSpace, expectSpaceShape, getSpace, kKinds, kVisibilities, word,
} from './collab.mjs';

let server;
let admin;
let owner;
let colleague;
let outsider;
let guest;
before(async () => {
  server = await startServer();
  admin = await server.admin();
  owner = await member(server, { name: 'Olive Owner', title: 'Lead' });
  colleague = await member(server, { name: 'Colin Colleague' });
  outsider = await member(server, { name: 'Otto Outsider' });
  guest = await member(server, { name: 'Gina Guest', role: 'guest' });
});
after(async () => {
  await server?.stop();
});

const allSpaces = (person, query = '') => allPages(person.client, `/api/v1/spaces${query ? `?${query}` : ''}`);
const memberIds = async (viewer, space) => (await allPages(viewer.client, `/api/v1/spaces/${space.id}/members`)).map((m) => m.person.id);

test('POST /api/v1/spaces: every kind and visibility; the creator is the owner', async () => {
  for (const kind of kKinds) {
    for (const visibility of kVisibilities) {
      const name = `Made ${kind} ${visibility} ${word('n')}`;
      const space = await createSpace(owner, { name, purpose: `Purpose of ${name}`, kind, visibility });
      assert.equal(space.name, name);
      assert.equal(space.purpose, `Purpose of ${name}`);
      assert.equal(space.kind, kind);
      assert.equal(space.visibility, visibility);
      assert.equal(space.member_count, 1);
      assert.equal(space.my_role, 'owner');
      assert.equal(space.join_requested, false);
      assert.match(space.created_at, kRfc3339Utc);
      assert.deepEqual(await getSpace(owner, space), space, 'GET answers what POST did');
      const members = expectList(await owner.client.get(`/api/v1/spaces/${space.id}/members`)).items;
      assert.equal(members.length, 1);
      expectSummaryOf(members[0].person, owner);
      assert.equal(members[0].role, 'owner');
      assert.match(members[0].joined_at, kRfc3339Utc);
    }
  }
  // Limits: name 1..200 and purpose 0..4000 characters (counted in characters, not bytes).
  const longest = await createSpace(owner, { name: 'é'.repeat(200), purpose: 'ü'.repeat(4000) });
  assert.equal(longest.name.length, 200);
  assert.equal(longest.purpose.length, 4000);
  assert.equal((await createSpace(owner, { purpose: '' })).purpose, '');
});

test('POST /api/v1/spaces: guests may not create spaces (403), nothing created', async () => {
  const name = `Guest space ${word('g')}`;
  expectError(await guest.client.post('/api/v1/spaces', { name, purpose: '', kind: 'project', visibility: 'public' }),
    403, 'permission_denied');
  assert.ok(!(await allSpaces(admin)).some((s) => s.name === name), 'no space was created');
});

test('POST /api/v1/spaces: bad kind, visibility, name or purpose is 400 naming the field', async () => {
  const marker = word('bad');
  const good = { name: `Bad ${marker}`, purpose: 'p', kind: 'community', visibility: 'private' };
  const cases = [
    [{ kind: 'team' }, 'kind'],
    [{ kind: '' }, 'kind'],
    [{ kind: null }, 'kind'],
    [{ visibility: 'hidden' }, 'visibility'],
    [{ visibility: 'PUBLIC' }, 'visibility'],
    [{ visibility: 1 }, 'visibility'],
    [{ name: '' }, 'name'],
    [{ name: 'n'.repeat(201) }, 'name'],
    [{ name: 42 }, 'name'],
    [{ purpose: 'p'.repeat(4001) }, 'purpose'],
    [{ purpose: ['x'] }, 'purpose'],
  ];
  for (const [change, field] of cases) {
    const res = await owner.client.post('/api/v1/spaces', { ...good, ...change, name: change.name ?? good.name });
    expectError(res, 400, 'invalid_argument', field);
  }
  for (const missing of ['name', 'kind', 'visibility']) {
    const body = { ...good };
    delete body[missing];
    expectError(await owner.client.post('/api/v1/spaces', body), 400, 'invalid_argument', missing);
  }
  expectError(await owner.client.post('/api/v1/spaces', '{"name":', { raw: true }), 400, 'malformed_json');
  assert.deepEqual((await allSpaces(owner, `q=${marker}`)).map((s) => s.name), [], 'nothing was created');
});

test('GET/PATCH /api/v1/spaces/{id}: owners edit any field; others 403 (404 when invisible); bad values 400', async () => {
  const space = await createSpace(owner, { name: 'Patch me', purpose: 'Before', kind: 'project', visibility: 'public' });
  await addMember(owner, space, colleague);
  const seen = await getSpace(colleague, space);
  assert.equal(seen.my_role, 'member');
  assert.equal(seen.member_count, 2);
  assert.equal((await getSpace(outsider, space)).my_role, null);

  let patched = expectOk(await owner.client.patch(`/api/v1/spaces/${space.id}`, { name: 'Patched', purpose: 'After' }));
  expectSpaceShape(patched);
  assert.deepEqual([patched.name, patched.purpose, patched.kind, patched.visibility], ['Patched', 'After', 'project', 'public']);
  patched = expectOk(await owner.client.patch(`/api/v1/spaces/${space.id}`, { kind: 'community' }));
  assert.deepEqual([patched.name, patched.kind], ['Patched', 'community'], 'fields left out are kept');
  patched = expectOk(await owner.client.patch(`/api/v1/spaces/${space.id}`, { visibility: 'private' }));
  assert.equal(patched.visibility, 'private');
  assert.equal(patched.my_role, 'owner');

  for (const [change, field] of [[{ kind: 'team' }, 'kind'], [{ visibility: 'open' }, 'visibility'], [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'], [{ purpose: 'x'.repeat(4001) }, 'purpose']]) {
    expectError(await owner.client.patch(`/api/v1/spaces/${space.id}`, change), 400, 'invalid_argument', field);
  }
  // A member, an outsider and an admin who is not in the space may not edit (403: they see it).
  for (const person of [colleague, outsider, admin]) {
    expectError(await person.client.patch(`/api/v1/spaces/${space.id}`, { name: 'Hijacked' }), 403, 'permission_denied');
  }
  // A guest outside the space does not see it at all.
  expectError(await guest.client.get(`/api/v1/spaces/${space.id}`), 404, 'not_found');
  expectError(await guest.client.patch(`/api/v1/spaces/${space.id}`, { name: 'Hijacked' }), 404, 'not_found');
  const after = await getSpace(owner, space);
  assert.deepEqual([after.name, after.purpose, after.kind, after.visibility], ['Patched', 'After', 'community', 'private'],
    'refused edits changed nothing');

  // Turning it secret hides it from everyone outside it, admins included.
  expectOk(await owner.client.patch(`/api/v1/spaces/${space.id}`, { visibility: 'secret' }));
  for (const person of [outsider, admin]) {
    expectError(await person.client.get(`/api/v1/spaces/${space.id}`), 404, 'not_found');
    expectError(await person.client.patch(`/api/v1/spaces/${space.id}`, { name: 'Hijacked' }), 404, 'not_found');
  }
  assert.equal((await getSpace(colleague, space)).visibility, 'secret', 'members still see it');
  expectError(await owner.client.get('/api/v1/spaces/999999999'), 404, 'not_found');
  expectError(await owner.client.patch('/api/v1/spaces/999999999', { name: 'x' }), 404, 'not_found');
});

test('GET /api/v1/spaces: what I may see, newest first; mine=true; q by word prefix; secret only for members', async () => {
  const tag = word('list');
  const lister = await member(server, { name: 'Lisa Lister' });
  const made = {};
  for (const visibility of kVisibilities) {
    made[visibility] = await createSpace(lister, { name: `Garden ${tag} ${visibility}`, purpose: `Tending ${visibility} plots`, visibility });
  }
  const other = await createSpace(owner, { name: `Orchard ${tag}`, purpose: 'Fruit trees and flowerbeds', visibility: 'public' });
  const secretOfOthers = await createSpace(owner, { name: `Vault ${tag}`, purpose: 'Hidden', visibility: 'secret' });

  const mine = await allSpaces(lister, 'mine=true');
  assert.deepEqual(idsOf(mine), [made.secret.id, made.private.id, made.public.id], 'mine: my spaces, newest first');
  for (const space of mine) expectSpaceShape(space);

  const everything = idsOf(await allSpaces(lister));
  for (const space of [...Object.values(made), other]) assert.ok(everything.includes(space.id), `lists ${space.name}`);
  assert.ok(!everything.includes(secretOfOthers.id), "another person's secret space is not listed");
  const byOutsider = idsOf(await allSpaces(outsider));
  assert.ok(byOutsider.includes(made.public.id) && byOutsider.includes(made.private.id));
  assert.ok(!byOutsider.includes(made.secret.id) && !byOutsider.includes(secretOfOthers.id), 'secret spaces only for members');
  const byAdmin = idsOf(await allSpaces(admin));
  assert.ok(!byAdmin.includes(made.secret.id), 'admins do not see secret spaces they are not in');
  assert.deepEqual(await allSpaces(guest), [], 'a guest in no space sees none');

  // q: word prefixes of name and purpose, case-insensitive.
  assert.deepEqual(idsOf(await allSpaces(outsider, `q=${tag}`)), [other.id, made.private.id, made.public.id]);
  assert.deepEqual(idsOf(await allSpaces(outsider, `q=${tag.toUpperCase()}`)), [other.id, made.private.id, made.public.id]);
  assert.deepEqual(idsOf(await allSpaces(outsider, `q=${tag.slice(0, -2)}`)).filter((id) => [other.id, made.private.id, made.public.id].includes(id)),
    [other.id, made.private.id, made.public.id], 'a prefix of the word matches');
  assert.deepEqual(idsOf(await allSpaces(outsider, `q=${encodeURIComponent(`flowerb ${tag}`)}`)), [other.id], 'purpose words, all must match');
  assert.deepEqual(idsOf(await allSpaces(lister, `q=${encodeURIComponent(`priv ${tag}`)}`)), [made.private.id]);
  const inner = idsOf(await allSpaces(outsider, 'q=arden'));
  assert.ok(!inner.includes(made.public.id) && !inner.includes(made.private.id), 'only word prefixes match, not inner parts');
  assert.deepEqual(idsOf(await allSpaces(lister, `mine=true&q=${encodeURIComponent(`tending ${tag}`)}`)),
    [made.secret.id, made.private.id, made.public.id]);

  // Pagination: limit 2 walks every page without duplicates or gaps, in the same order.
  const pages = [];
  let cursor = null;
  do {
    const body = expectList(await lister.client.get(`/api/v1/spaces?q=${tag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.ok(body.items.length <= 2);
    pages.push(...idsOf(body.items));
    cursor = body.next_cursor;
  } while (cursor);
  assert.deepEqual(pages, [other.id, made.secret.id, made.private.id, made.public.id]);
  expectError(await lister.client.get('/api/v1/spaces?limit=0'), 400, 'invalid_argument', 'limit');
  expectError(await lister.client.get('/api/v1/spaces?limit=101'), 400, 'invalid_argument', 'limit');
  expectError(await lister.client.get('/api/v1/spaces?cursor=bogus'), 400, 'invalid_argument', 'cursor');
});

test('PUT/DELETE members: owners only; organization guests only as space guests; roles and counts', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const newcomer = await member(server, { name: 'Nina Newcomer' });
  await addMember(owner, space, colleague);
  await addMember(owner, space, newcomer);
  let members = expectList(await owner.client.get(`/api/v1/spaces/${space.id}/members`)).items;
  assert.deepEqual(members.map((m) => [m.person.id, m.role]).sort(),
    [[owner.person.id, 'owner'], [colleague.person.id, 'member'], [newcomer.person.id, 'member']].sort());
  for (const m of members) {
    expectSummaryOf(m.person);
    assert.match(m.joined_at, kRfc3339Utc);
  }
  assert.equal((await getSpace(owner, space)).member_count, 3);
  assert.equal((await getSpace(newcomer, space)).my_role, 'member');

  // Non-owners may neither add nor remove others.
  expectError(await colleague.client.put(`/api/v1/spaces/${space.id}/members/${outsider.person.id}`, { role: 'member' }), 403, 'permission_denied');
  expectError(await colleague.client.put(`/api/v1/spaces/${space.id}/members/${colleague.person.id}`, { role: 'owner' }), 403, 'permission_denied');
  expectError(await colleague.client.delete(`/api/v1/spaces/${space.id}/members/${newcomer.person.id}`), 403, 'permission_denied');
  expectError(await outsider.client.put(`/api/v1/spaces/${space.id}/members/${outsider.person.id}`, { role: 'member' }), 403, 'permission_denied');
  expectError(await admin.client.put(`/api/v1/spaces/${space.id}/members/${admin.person.id}`, { role: 'owner' }), 403, 'permission_denied');
  expectError(await guest.client.put(`/api/v1/spaces/${space.id}/members/${guest.person.id}`, { role: 'guest' }), 404, 'not_found');
  assert.deepEqual((await memberIds(owner, space)).sort(), [owner.person.id, colleague.person.id, newcomer.person.id].sort(),
    'refused changes changed nothing');
  assert.equal((await getSpace(colleague, space)).my_role, 'member');

  // Bad roles and unknown people.
  for (const role of ['admin', 'Owner', '', null]) {
    expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/${outsider.person.id}`, { role }), 400, 'invalid_argument', 'role');
  }
  expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/${outsider.person.id}`, {}), 400, 'invalid_argument', 'role');
  expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/999999999`, { role: 'member' }), 404, 'not_found');

  // An outside guest the owner shares no space with is invisible to them: 404 as for nobody
  // (they come in by invitation); once visible, an organization guest may only be a space guest.
  for (const role of ['guest', 'member', 'owner']) {
    expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/${guest.person.id}`, { role }), 404, 'not_found');
  }
  expectError(await guest.client.get(`/api/v1/spaces/${space.id}`), 404, 'not_found');
  await addMember(owner, space, guest, 'guest');
  assert.equal((await getSpace(guest, space)).my_role, 'guest');
  expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/${guest.person.id}`, { role: 'member' }), 400, 'invalid_argument', 'role');
  assert.equal((await getSpace(guest, space)).my_role, 'guest', 'still a guest');
  // An organization member may be any role, also a space guest.
  await addMember(owner, space, newcomer, 'guest');
  assert.equal((await getSpace(newcomer, space)).my_role, 'guest');
  await addMember(owner, space, newcomer, 'member');
  assert.equal((await getSpace(newcomer, space)).member_count, 4, 'changing a role adds no one');

  // Owners remove people (204); the removed lose access to a private space's content.
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${newcomer.person.id}`));
  assert.equal((await getSpace(newcomer, space)).my_role, null);
  expectError(await newcomer.client.get(`/api/v1/spaces/${space.id}/members`), 403, 'permission_denied');
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${guest.person.id}`));
  expectError(await guest.client.get(`/api/v1/spaces/${space.id}`), 404, 'not_found');
  assert.equal((await getSpace(owner, space)).member_count, 2);
});

test('leaving: oneself (204); the last owner can neither leave nor be removed (409)', async () => {
  const space = await createSpace(owner, { visibility: 'public' });
  const second = await member(server, { name: 'Sam Second' });
  await addMember(owner, space, colleague);
  expectError(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${owner.person.id}`), 409, 'conflict');
  // Nor stop being an owner some other way: demoting the last owner would leave no one to run the space.
  expectError(await owner.client.put(`/api/v1/spaces/${space.id}/members/${owner.person.id}`, { role: 'member' }), 409, 'conflict');
  assert.equal((await getSpace(owner, space)).my_role, 'owner');

  expectNoContent(await colleague.client.delete(`/api/v1/spaces/${space.id}/members/${colleague.person.id}`));
  assert.equal((await getSpace(colleague, space)).my_role, null, 'a member leaves');
  assert.equal((await getSpace(owner, space)).member_count, 1);

  await addMember(owner, space, second, 'owner');
  assert.equal((await getSpace(second, space)).my_role, 'owner');
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${owner.person.id}`));
  assert.equal((await getSpace(owner, space)).my_role, null, 'an owner leaves while another remains');
  expectError(await second.client.delete(`/api/v1/spaces/${space.id}/members/${second.person.id}`), 409, 'conflict');
  assert.deepEqual(await memberIds(second, space), [second.person.id]);
  expectError(await owner.client.patch(`/api/v1/spaces/${space.id}`, { name: 'x' }), 403, 'permission_denied', undefined);

  // Two owners: one removes the other; then the remaining one is the last.
  await addMember(second, space, owner, 'owner');
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${second.person.id}`));
  expectError(await owner.client.delete(`/api/v1/spaces/${space.id}/members/${owner.person.id}`), 409, 'conflict');
  assert.deepEqual(await memberIds(owner, space), [owner.person.id]);
});

test('join: public at once (204); already a member 204; secret 404; guests 404', async () => {
  const space = await createSpace(owner, { visibility: 'public' });
  const joiner = await member(server, { name: 'Jo Joiner' });
  expectNoContent(await joiner.client.post(`/api/v1/spaces/${space.id}/join`));
  const seen = await getSpace(joiner, space);
  assert.equal(seen.my_role, 'member');
  assert.equal(seen.member_count, 2);
  expectNoContent(await joiner.client.post(`/api/v1/spaces/${space.id}/join`));
  expectNoContent(await owner.client.post(`/api/v1/spaces/${space.id}/join`));
  assert.equal((await getSpace(owner, space)).my_role, 'owner', 'joining again changes no role');
  assert.equal((await getSpace(owner, space)).member_count, 2);

  expectError(await guest.client.post(`/api/v1/spaces/${space.id}/join`), 404, 'not_found');
  const secret = await createSpace(owner, { visibility: 'secret' });
  for (const person of [joiner, admin, guest]) {
    expectError(await person.client.post(`/api/v1/spaces/${secret.id}/join`), 404, 'not_found');
  }
  assert.deepEqual(await memberIds(owner, secret), [owner.person.id]);
  assert.deepEqual((await memberIds(owner, space)).sort(), [owner.person.id, joiner.person.id].sort());
  expectError(await joiner.client.post('/api/v1/spaces/999999999/join'), 404, 'not_found');
});

test('join a private space: 202 request; owners see it, approve by adding, decline by DELETE', async () => {
  const space = await createSpace(owner, { visibility: 'private' });
  const coOwner = await member(server, { name: 'Cora Coowner' });
  await addMember(owner, space, coOwner, 'owner');
  await addMember(owner, space, colleague);
  const asker = await member(server, { name: 'Ava Asker' });
  const other = await member(server, { name: 'Ozzie Other' });

  const res = await asker.client.post(`/api/v1/spaces/${space.id}/join`);
  expectStatus(res, 202);
  expectConforms(res);
  let seen = await getSpace(asker, space);
  assert.equal(seen.my_role, null, 'a request is not membership');
  assert.equal(seen.join_requested, true);
  assert.equal(seen.member_count, 3);
  expectError(await asker.client.get(`/api/v1/spaces/${space.id}/members`), 403, 'permission_denied');
  expectStatus(await asker.client.post(`/api/v1/spaces/${space.id}/join`), 202);
  expectStatus(await other.client.post(`/api/v1/spaces/${space.id}/join`), 202);

  for (const viewer of [owner, coOwner]) {
    const requests = expectList(await viewer.client.get(`/api/v1/spaces/${space.id}/join-requests`)).items;
    assert.deepEqual(requests.map((r) => r.person.id).sort(), [asker.person.id, other.person.id].sort(),
      'one request per person, asking twice adds none');
    for (const r of requests) {
      expectSummaryOf(r.person);
      assert.match(r.requested_at, kRfc3339Utc);
    }
  }
  expectSummaryOf(expectList(await owner.client.get(`/api/v1/spaces/${space.id}/join-requests`)).items.find((r) => r.person.id === asker.person.id).person, asker);
  for (const viewer of [colleague, asker, admin]) {
    expectError(await viewer.client.get(`/api/v1/spaces/${space.id}/join-requests`), 403, 'permission_denied');
    expectError(await viewer.client.delete(`/api/v1/spaces/${space.id}/join-requests/${other.person.id}`), 403, 'permission_denied');
  }
  expectError(await guest.client.get(`/api/v1/spaces/${space.id}/join-requests`), 404, 'not_found');

  // Approve: adding the person with a pending request.
  await addMember(coOwner, space, asker);
  seen = await getSpace(asker, space);
  assert.equal(seen.my_role, 'member');
  assert.equal(seen.join_requested, false);
  expectList(await asker.client.get(`/api/v1/spaces/${space.id}/members`));
  assert.deepEqual(expectList(await owner.client.get(`/api/v1/spaces/${space.id}/join-requests`)).items.map((r) => r.person.id),
    [other.person.id]);

  // Decline.
  expectNoContent(await owner.client.delete(`/api/v1/spaces/${space.id}/join-requests/${other.person.id}`));
  assert.deepEqual(expectList(await owner.client.get(`/api/v1/spaces/${space.id}/join-requests`)).items, []);
  seen = await getSpace(other, space);
  assert.equal(seen.my_role, null);
  assert.equal(seen.join_requested, false);
  assert.equal((await getSpace(owner, space)).member_count, 4);
  // Asking again after a decline is a new request.
  expectStatus(await other.client.post(`/api/v1/spaces/${space.id}/join`), 202);
  assert.equal((await getSpace(other, space)).join_requested, true);
  // A member joining is already a member.
  expectNoContent(await colleague.client.post(`/api/v1/spaces/${space.id}/join`));
});

test('members list: content, so members only for private (403) and secret (404) spaces', async () => {
  const spaces = {};
  for (const visibility of kVisibilities) {
    spaces[visibility] = await createSpace(owner, { visibility });
    await addMember(owner, spaces[visibility], colleague);
    await addMember(owner, spaces[visibility], guest, 'guest');
  }
  for (const visibility of kVisibilities) {
    const space = spaces[visibility];
    for (const viewer of [owner, colleague, guest]) {
      const items = expectList(await viewer.client.get(`/api/v1/spaces/${space.id}/members`)).items;
      assert.deepEqual(items.map((m) => [m.person.id, m.role]).sort(),
        [[owner.person.id, 'owner'], [colleague.person.id, 'member'], [guest.person.id, 'guest']].sort());
    }
    for (const viewer of [outsider, admin]) {
      const res = await viewer.client.get(`/api/v1/spaces/${space.id}/members`);
      if (visibility === 'public') assert.equal(expectList(res).items.length, 3);
      else if (visibility === 'private') expectError(res, 403, 'permission_denied');
      else expectError(res, 404, 'not_found');
    }
  }
  const lonely = await member(server, { name: 'Lonely Guest', role: 'guest' });
  expectError(await lonely.client.get(`/api/v1/spaces/${spaces.public.id}/members`), 404, 'not_found');
});

test('a person made a guest of the organization is a guest in every space, and a space keeps an owner who can act', async () => {
  const lead = await member(server, { name: 'Lena Lead' });
  const partner = await member(server, { name: 'Pia Partner' });
  const shared = await createSpace(lead, { name: `Shared ${word('s')}`, visibility: 'private' });
  await addMember(lead, shared, partner, 'owner');
  const sole = await createSpace(partner, { name: `Sole ${word('s')}`, visibility: 'private' });
  // Pia is the only owner of one space: she cannot become a guest until someone else owns it.
  const refused = await admin.client.patch(`/api/v1/people/${partner.person.id}`, { role: 'guest' });
  expectError(refused, 409, 'conflict');
  assert.match(refused.body.error.message, /only owner of the space “Sole /);
  assert.equal(expectOk(await admin.client.get(`/api/v1/people/${partner.person.id}`)).role, 'member', 'nothing changed');
  await addMember(partner, sole, lead, 'owner');
  expectOk(await admin.client.patch(`/api/v1/people/${partner.person.id}`, { role: 'guest' }));
  for (const space of [shared, sole]) {
    assert.equal((await getSpace(partner, space)).my_role, 'guest', space.name);
    expectError(await partner.client.patch(`/api/v1/spaces/${space.id}`, { visibility: 'public' }), 403, 'permission_denied');
  }
  expectError(await partner.client.post(`/api/v1/spaces/${shared.id}/invitations`, { email: 'someone@example.org', role: 'member' }),
    403, 'permission_denied');
});

test('a deactivated account never counts as the owner a space keeps, and cannot be added or made owner', async () => {
  const active = await member(server, { name: 'Ada Active' });
  const leaving = await member(server, { name: 'Dee Departed' });
  const space = await createSpace(active, { name: `Kept ${word('s')}`, visibility: 'private' });
  await addMember(active, space, leaving, 'owner');
  expectOk(await admin.client.patch(`/api/v1/people/${leaving.person.id}`, { active: false }));
  // Ada is the only owner who can act: she may neither leave nor step down.
  expectError(await active.client.delete(`/api/v1/spaces/${space.id}/members/${active.person.id}`), 409, 'conflict');
  expectError(await active.client.put(`/api/v1/spaces/${space.id}/members/${active.person.id}`, { role: 'member' }), 409, 'conflict');
  // The deactivated owner may be stepped down or removed.
  expectNoContent(await active.client.put(`/api/v1/spaces/${space.id}/members/${leaving.person.id}`, { role: 'member' }));
  const other = await createSpace(active, { name: `Other ${word('s')}`, visibility: 'private' });
  expectError(await active.client.put(`/api/v1/spaces/${other.id}/members/${leaving.person.id}`, { role: 'owner' }), 400, 'invalid_argument');
  expectError(await active.client.put(`/api/v1/spaces/${other.id}/members/${leaving.person.id}`, { role: 'member' }), 400, 'invalid_argument');
  const members = expectOk(await active.client.get(`/api/v1/spaces/${other.id}/members`)).items.map((m) => m.person?.id ?? m.id);
  assert.ok(!members.includes(leaving.person.id));
});
