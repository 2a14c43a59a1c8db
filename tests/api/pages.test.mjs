// Knowledge pages (API.md "Pages"): a space's members write pages in a tree; every save is a
// revision; a save names the revision it started from (If-Match) and is merged with what others
// saved meanwhile; only changes to the same lines are a 409 with mine, theirs and base, and then
// nothing is stored; history, diff and restore; a page of a space one may not read is not there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectConforms, expectError, expectNoContent, expectOk } from './expect.mjs';
import { checkResponse } from './openapi_check.mjs';
import { eventually, member, waitForNotification } from './social.mjs';
import { readZip, writeZip } from './zip.mjs';
import { addMember, addSolution, createIdea, createProblem, createProposal, createSpace, takeStance } from './collab.mjs';

let server;
let ana;
let ben;
let outsider;
let space;
let hidden;

const kBody = '# Returns\nScan the box.\nInspect it.\nRestock it.\nClose the ticket.\n';

const save = (person, page, revision, fields) =>
  person.client.put(`/api/v1/pages/${page.id}`, { title: page.title, ...fields }, { headers: { 'If-Match': `"${revision}"` } });
const read = async (person, id) => expectOk(await person.client.get(`/api/v1/pages/${id}`));

before(async () => {
  server = await startServer();
  ana = await member(server, { name: 'Ana Author' });
  ben = await member(server, { name: 'Ben Editor' });
  outsider = await member(server, { name: 'Olga Outside' });
  space = await createSpace(ana, { name: unique('Warehouse '), visibility: 'public' });
  await addMember(ana, space, ben);
  hidden = await createSpace(ana, { name: unique('Hidden '), visibility: 'private' });
});

after(async () => {
  await server?.stop();
});

test('members create pages in a tree; the ETag is the revision; bad input changes nothing', async () => {
  const res = await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: 'Returns handbook', body: kBody });
  const page = expectOk(res, 201);
  assert.equal(res.headers.get('etag'), `"${page.revision}"`);
  assert.equal(page.body, kBody);
  assert.equal(page.space_id, space.id);
  assert.equal(page.parent_id, null);
  assert.equal(page.author.id, ana.person.id);
  assert.equal(page.revision_count, 1);
  const child = expectOk(await ben.client.post(`/api/v1/spaces/${space.id}/pages`,
    { title: 'Inspections', body: 'Look for damage.', parent_id: page.id }), 201);
  assert.equal(child.parent_id, page.id);
  const list = expectOk(await outsider.client.get(`/api/v1/spaces/${space.id}/pages`));
  assert.deepEqual(list.items.map((p) => [p.title, p.parent_id]), [['Returns handbook', null], ['Inspections', page.id]]);
  assert.ok(list.items.every((p) => !('body' in p)), 'the tree leaves bodies out');
  // Windows line endings are stored as plain newlines.
  const crlf = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: 'CRLF', body: 'a\r\nb\r\n' }), 201);
  assert.equal(crlf.body, 'a\nb\n');

  expectError(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: '', body: 'x' }), 400, 'invalid_argument');
  expectError(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { body: 'x' }), 400, 'invalid_argument');
  const other = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`, { title: 'Elsewhere' }), 201);
  expectError(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: 'Wrong parent', parent_id: other.id }),
    400, 'invalid_argument');
  // Someone who is not a member reads a public space's pages but does not write them.
  expectError(await outsider.client.post(`/api/v1/spaces/${space.id}/pages`, { title: 'Mine now' }), 403, 'permission_denied');
  const after = expectOk(await ana.client.get(`/api/v1/spaces/${space.id}/pages`));
  assert.equal(after.items.length, 3);
});

test('a save names the revision it started from: 428 without, 412 for one that is not there, 200 with the current one', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Checklist '), body: kBody }), 201);
  expectError(await ben.client.put(`/api/v1/pages/${page.id}`, { title: page.title, body: 'lost?' }), 428, 'precondition_required');
  expectError(await save(ben, page, '999999', { body: 'lost?' }), 412, 'precondition_failed');
  expectError(await save(outsider, page, page.revision, { body: 'mine' }), 403, 'permission_denied');
  assert.equal((await read(ana, page.id)).revision, page.revision, 'nothing was saved');

  const res = await save(ben, page, page.revision, { body: kBody.replace('Inspect it.', 'Inspect it within a day.'), summary: 'A deadline' });
  const saved = expectOk(res);
  assert.notEqual(saved.revision, page.revision);
  assert.equal(res.headers.get('etag'), `"${saved.revision}"`);
  assert.equal(res.headers.get('weft-merged'), 'false');
  assert.equal(saved.author.id, ben.person.id);
  assert.equal(saved.revision_count, 2);
  // Saving the same text again makes no empty revision.
  assert.equal(expectOk(await save(ben, saved, saved.revision, { body: saved.body })).revision, saved.revision);
  const history = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/revisions`));
  assert.deepEqual(history.items.map((r) => [r.revision, r.author.id, r.summary]),
    [[saved.revision, ben.person.id, 'A deadline'], [page.revision, ana.person.id, 'Created the page.']]);
});

test('two people edit at once: changes to different lines are merged, and nothing is lost', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Returns '), body: kBody }), 201);
  // Both open revision 1; Ana saves first.
  const first = expectOk(await save(ana, page, page.revision, { body: kBody.replace('Scan the box.', 'Scan the box on arrival.') }));
  const res = await save(ben, page, page.revision,
    { body: kBody.replace('Close the ticket.', 'Close the ticket and tell the customer.'), summary: 'Tell them' });
  const merged = expectOk(res);
  assert.equal(res.headers.get('weft-merged'), 'true');
  assert.equal(merged.body, '# Returns\nScan the box on arrival.\nInspect it.\nRestock it.\nClose the ticket and tell the customer.\n');
  const history = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/revisions`));
  assert.deepEqual(history.items.map((r) => r.merged), [true, false, false]);
  assert.equal(history.items[1].revision, first.revision);
});

test('a save without a body renames the page and keeps its body, merged with what others saved meanwhile', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Returns '), body: kBody }), 201);
  const edited = kBody.replace('Inspect it.', 'Inspect it for damage.');
  expectOk(await save(ana, page, page.revision, { body: edited }));
  // Ben, still on the first revision, only renames it.
  const renamed = expectOk(await ben.client.put(`/api/v1/pages/${page.id}`, { title: 'Returns, renamed' },
    { headers: { 'If-Match': `"${page.revision}"` } }));
  assert.equal(renamed.title, 'Returns, renamed');
  assert.equal(renamed.body, edited, 'the body is not emptied, and Ana\'s edit stays');
});

test('changes to the same lines are a 409 with mine, theirs and base; nothing is stored', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Inspect '), body: kBody }), 201);
  const theirs = expectOk(await save(ana, page, page.revision, { body: kBody.replace('Inspect it.', 'Inspect it twice.') }));
  const mine = kBody.replace('Inspect it.', 'Inspect it with a photo.');
  const res = await save(ben, page, page.revision, { body: mine });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.body.error.code, 'conflict');
  assert.equal(res.body.mine.body, mine);
  assert.equal(res.body.theirs.body, theirs.body);
  assert.equal(res.body.base.body, kBody);
  assert.equal(res.body.theirs_revision, theirs.revision);
  assert.equal(res.body.base_revision, page.revision);
  assert.deepEqual(res.body.conflicts, [{ base_start: 3, base: ['Inspect it.'], mine: ['Inspect it with a photo.'],
    theirs: ['Inspect it twice.'] }]);
  assert.equal(res.headers.get('etag'), `"${theirs.revision}"`);
  // The body is the documented PageConflict, checked field by field: one without its base is not.
  expectConforms(res);
  const { base: _base, ...withoutBase } = res.body;
  assert.match(checkResponse(server.openapi, { ...res, body: withoutBase }).join('\n'), /base/);
  const now = await read(ben, page.id);
  assert.equal(now.revision, theirs.revision);
  assert.equal(now.body, theirs.body);
  assert.equal(now.revision_count, 2);
  // Resolved by hand against the newer revision, it saves.
  const resolved = expectOk(await save(ben, page, theirs.revision, { body: kBody.replace('Inspect it.', 'Inspect it twice, with a photo.') }));
  assert.match(resolved.body, /twice, with a photo/);
  // Both renamed the page differently: a conflict on the title.
  const a = expectOk(await save(ana, resolved, resolved.revision, { title: 'Inspections (A)' }));
  const titled = await save(ben, { ...resolved, title: 'Inspections (B)' }, resolved.revision, { body: resolved.body });
  assert.equal(titled.status, 409);
  expectConforms(titled);
  assert.equal(titled.body.title_conflict, true);
  assert.equal((await read(ana, page.id)).title, a.title);
});

test('diff between two revisions, and restoring an old one as a new revision', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Diffs '), body: kBody }), 201);
  const second = expectOk(await save(ben, page, page.revision, { body: kBody.replace('Restock it.', 'Restock it the same day.') }));
  const diff = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/diff?from=${page.revision}&to=${second.revision}`));
  assert.equal(diff.from, page.revision);
  assert.equal(diff.to, second.revision);
  assert.equal(diff.hunks.length, 1);
  const changed = diff.hunks[0].lines.filter((l) => l.op !== '=');
  assert.deepEqual(changed, [{ op: '-', text: 'Restock it.' }, { op: '+', text: 'Restock it the same day.' }]);
  assert.equal(diff.hunks[0].from_start, 1);
  assert.equal(diff.exact, true);
  // Without `to`: against the current revision.
  assert.equal(expectOk(await ana.client.get(`/api/v1/pages/${page.id}/diff?from=${page.revision}`)).to, second.revision);
  expectError(await ana.client.get(`/api/v1/pages/${page.id}/diff?from=abc`), 400, 'invalid_argument');
  expectError(await ana.client.get(`/api/v1/pages/${page.id}/diff?from=999999`), 400, 'invalid_argument');

  const restored = expectOk(await ana.client.post(`/api/v1/pages/${page.id}/restore`, { revision: page.revision }));
  assert.equal(restored.body, kBody);
  assert.equal(restored.revision_count, 3);
  const history = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/revisions`));
  assert.equal(history.items[0].restored_from, page.revision);
  expectError(await ana.client.post(`/api/v1/pages/${page.id}/restore`, { revision: '999999' }), 400, 'invalid_argument');
  expectError(await outsider.client.post(`/api/v1/pages/${page.id}/restore`, { revision: page.revision }), 403, 'permission_denied');
});

test('two revisions that differ almost everywhere: a correct diff, marked not exact, in bounded time', async () => {
  // Pseudo-random walks of x and y lines: the fewest changes would take seconds of work to find.
  const walk = (seed) => {
    let state = seed;
    const out = [];
    for (let k = 0; k < 60000; k += 1) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out.push(state & 0x10000 ? 'x' : 'y');
    }
    return out.join('\n');
  };
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Walks '), body: walk(1) }), 201);
  const second = expectOk(await save(ana, page, page.revision, { body: walk(2) }));
  const diff = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/diff?from=${page.revision}&to=${second.revision}`));
  assert.equal(diff.exact, false);
  // The hunks still turn one revision into the other: unchanged and removed lines are the first,
  // unchanged and added lines the second (between hunks, the lines are the same in both).
  const from = walk(1).split('\n');
  const to = walk(2).split('\n');
  let fromAt = 0;
  let toAt = 0;
  for (const hunk of diff.hunks) {
    assert.equal(hunk.from_start - 1 - fromAt, hunk.to_start - 1 - toAt, 'as many unchanged lines before the hunk');
    for (let k = 0; k < hunk.from_start - 1 - fromAt; k += 1) assert.equal(from[fromAt + k], to[toAt + k]);
    fromAt = hunk.from_start - 1;
    toAt = hunk.to_start - 1;
    for (const line of hunk.lines) {
      if (line.op !== '+') assert.equal(line.text, from[fromAt++]);
      if (line.op !== '-') assert.equal(line.text, to[toAt++]);
    }
  }
  assert.deepEqual(from.slice(fromAt), to.slice(toAt));
  // A stale save of a third such text is a conflict, answered, not a request left running.
  expectError(await save(ben, page, page.revision, { body: walk(3) }), 409, 'conflict');
});

test('a private space\'s pages are not there for people outside it, by any route', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`, { title: unique('Secret plan '), body: 'x\n' }), 201);
  for (const path of [`/api/v1/pages/${page.id}`, `/api/v1/pages/${page.id}/revisions`,
    `/api/v1/pages/${page.id}/diff?from=${page.revision}`]) {
    expectError(await outsider.client.get(path), 404, 'not_found');
  }
  // The space itself is known (it is private, not secret): its content is refused, as everywhere.
  expectError(await outsider.client.get(`/api/v1/spaces/${hidden.id}/pages`), 403, 'permission_denied');
  expectError(await save(outsider, page, page.revision, { body: 'y' }), 404, 'not_found');
  expectError(await outsider.client.post(`/api/v1/pages/${page.id}/restore`, { revision: page.revision }), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/pages/${page.id}`), 401, 'unauthenticated');
  assert.equal((await read(ana, page.id)).body, 'x\n');
});

test('pages are found by search, with their space, only by people who may read them', async () => {
  const word = unique('palletwrap').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const open = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`,
    { title: 'Packing guide', body: `Use ${word} on every pallet.\n` }), 201);
  const closed = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`,
    { title: 'Packing secrets', body: `Our ${word} supplier.\n` }), 201);
  const found = async (person, type = 'page') =>
    expectOk(await person.client.get(`/api/v1/search?q=${word}&type=${type}`)).items.filter((h) => h.type === 'page');
  const mine = await found(ana);
  assert.deepEqual(mine.map((h) => h.id).sort(), [open.id, closed.id].sort());
  const hit = mine.find((h) => h.id === open.id);
  assert.equal(hit.space_id, space.id);
  assert.equal(hit.space_name, space.name);
  assert.ok(hit.matched.includes('text'));
  assert.deepEqual((await found(outsider)).map((h) => h.id), [open.id]);
  assert.deepEqual((await found(outsider, '')).map((h) => h.id), [open.id], 'the mixed results too');
  // An edit is searchable by its new words.
  const edited = expectOk(await save(ana, open, open.revision, { body: `Use ${word} and corner boards.\n` }));
  assert.ok(edited.body.includes('corner'));
  const corner = expectOk(await ana.client.get(`/api/v1/search?q=${word}+corner&type=page`)).items;
  assert.deepEqual(corner.map((h) => h.id), [open.id]);
  expectError(await ana.client.get(`/api/v1/search?q=${word}&type=pages`), 400, 'invalid_argument');
});

test('watching a page: its writers are told of each edit, others may watch and stop; not a page they cannot read', async () => {
  const page = expectOk(await ben.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Watched '), body: 'one\n' }), 201);
  assert.equal(page.watching, true, 'its creator watches it');
  assert.equal((await read(outsider, page.id)).watching, false);
  expectNoContent(await outsider.client.put(`/api/v1/pages/${page.id}/watch`));
  expectNoContent(await outsider.client.put(`/api/v1/pages/${page.id}/watch`));
  assert.equal((await read(outsider, page.id)).watching, true);
  const edited = expectOk(await save(ana, page, page.revision, { body: 'one\ntwo\n' }));
  const isEdit = (revision) => (n) => n.kind === 'page_edited' && n.subject_type === 'page' && n.subject_id === page.id &&
    n.actor?.id === ana.person.id && n.space_id === space.id;
  await waitForNotification(ben, isEdit(), 'Ben is told of the edit');
  await waitForNotification(outsider, isEdit(), 'Olga, watching, is told too');
  // Ana wrote it, so she watches it now; Olga stops.
  assert.equal((await read(ana, page.id)).watching, true);
  expectNoContent(await outsider.client.delete(`/api/v1/pages/${page.id}/watch`));
  assert.equal((await read(outsider, page.id)).watching, false);
  const count = async (person) => expectOk(await person.client.get('/api/v1/notifications?limit=100')).items
    .filter((n) => n.kind === 'page_edited' && n.subject_id === page.id).length;
  const before = await count(outsider);
  expectOk(await save(ben, edited, edited.revision, { body: 'one\ntwo\nthree\n' }));
  await eventually(() => count(ana), (n) => n >= 1, { what: 'Ana is told of Ben\'s edit' });
  assert.equal(await count(outsider), before, 'Olga stopped watching');

  const secret = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`, { title: unique('Sealed ') }), 201);
  expectError(await outsider.client.put(`/api/v1/pages/${secret.id}/watch`), 404, 'not_found');
  expectError(await outsider.client.put('/api/v1/pages/999999/watch'), 404, 'not_found');
});

test('who wrote a page is evidence of expertise, with a reason that cites the page, never beyond the space', async () => {
  const topic = unique('kiln').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const open = expectOk(await ben.client.post(`/api/v1/spaces/${space.id}/pages`,
    { title: `Firing the ${topic} safely`, body: `How we fire the ${topic}: preheat slowly, vent the ${topic} glaze fumes.\n` }), 201);
  const sealed = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`,
    { title: `${topic} glaze recipes`, body: `Our ${topic} glaze recipes.\n` }), 201);
  const ask = async (person) => expectOk(await person.client.get(`/api/v1/expertise?q=${encodeURIComponent(`${topic} glaze`)}`));
  const body = await eventually(() => ask(outsider), (b) => b.items.some((s) => s.person.id === ben.person.id),
    { what: 'Ben named for what he wrote' });
  const benHere = body.items.find((s) => s.person.id === ben.person.id);
  const reason = benHere.reasons.find((r) => r.kind === 'pages');
  assert.ok(reason, JSON.stringify(benHere.reasons));
  assert.match(reason.detail, /^Wrote 1 related page \(latest: “Firing the .* safely”\)$/);
  assert.equal(reason.ref, `/pages/${open.id}`);
  // Ana's page is in a private space: the outsider is never pointed at her for it.
  assert.ok(!body.items.some((s) => s.person.id === ana.person.id), JSON.stringify(body.items.map((s) => s.person.name)));
  // Ben, once a member there, may be pointed at her, citing her page.
  await addMember(ana, hidden, ben);
  const inside = await eventually(() => ask(ben), (b) => b.items.some((s) => s.person.id === ana.person.id),
    { what: 'Ana named to a member' });
  const anaThere = inside.items.find((s) => s.person.id === ana.person.id);
  assert.ok(anaThere.reasons.some((r) => r.ref === `/pages/${sealed.id}`));
});

test('promote to page: an accepted solution or a decided proposal becomes a page that says where it came from', async () => {
  const problem = await createProblem(ana, space, { title: unique('Labels smudge '), body: 'Labels smudge in the cold store.' });
  const solution = await addSolution(ben, problem, 'Use thermal labels rated for -25 °C.');
  // Not before it is solved.
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: problem.id }),
    400, 'invalid_argument');
  expectOk(await ana.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  const res = await ben.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: problem.id });
  const page = expectOk(res, 201);
  assert.equal(page.title, problem.title);
  assert.equal(page.space_id, space.id);
  assert.equal(page.source_type, 'problem');
  assert.equal(page.source_id, problem.id);
  assert.match(page.body, /## The problem\n\nLabels smudge in the cold store\./);
  assert.match(page.body, /## What solved it\n\nUse thermal labels rated for -25 °C\./);
  assert.match(page.body, new RegExp(`Solved by Ben Editor on \\d{4}-\\d{2}-\\d{2}\\. Written up from \\[the problem\\]\\(/problems/${problem.id}\\)`));
  // Once per item.
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: problem.id }), 409, 'conflict');

  const proposal = await createProposal(ana, space, { title: unique('Night shift rota '), body: 'Two people on every night shift.' });
  await takeStance(ben, proposal, 'agree', 'Safer.');
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'proposal', source_id: proposal.id }),
    400, 'invalid_argument');
  expectOk(await ana.client.post(`/api/v1/proposals/${proposal.id}/close`, { outcome: 'From next month', decision: 'adopted' }));
  const decided = expectOk(await ana.client.post('/api/v1/pages/promote', { source_type: 'proposal', source_id: proposal.id }), 201);
  assert.equal(decided.source_type, 'proposal');
  assert.match(decided.body, /## The decision\n\n\*\*Adopted\*\*: From next month/);
  assert.match(decided.body, /with 1 agreeing, 0 abstaining, 0 disagreeing and 0 blocking/);
  const tree = expectOk(await ana.client.get(`/api/v1/spaces/${space.id}/pages`)).items;
  assert.ok(tree.some((p) => p.id === decided.id && p.source_type === 'proposal'));

  // Bad input, and people who may not.
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'idea', source_id: problem.id }), 400, 'invalid_argument');
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'problem' }), 400, 'invalid_argument');
  expectError(await ana.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: '999999' }), 404, 'not_found');
  const other = await createProblem(ana, hidden, { title: unique('Hidden issue ') });
  expectError(await outsider.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: other.id }), 404, 'not_found');
  const publicProblem = await createProblem(ana, space, { title: unique('Public issue ') });
  const fix = await addSolution(ana, publicProblem, 'Fixed.');
  expectOk(await ana.client.post(`/api/v1/problems/${publicProblem.id}/accept`, { solution_id: fix.id }));
  expectError(await outsider.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: publicProblem.id }),
    403, 'permission_denied');
});

test('a page written up from a problem on a record stays behind the record\'s access list once it has one', async () => {
  const admin = await server.admin();
  const word = unique('coldchain').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const record = expectOk(await ana.client.put('/api/v1/records', {
    system: 'crm', type: 'case', external_id: unique('case-').replace(/[^a-z0-9-]/gi, ''), title: 'Cold chain case',
  }), 201);
  const problem = await createProblem(ana, space, { title: unique('Vaccine fridge alarm '), body: `The ${word} alarm trips.`,
    record_id: record.id });
  const solution = await addSolution(ben, problem, `Recalibrate the ${word} probe.`);
  expectOk(await ana.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  const page = expectOk(await ben.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: problem.id }), 201);
  const other = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Fridge log '), body: 'a\n' }), 201);
  for (const p of [page, other]) expectNoContent(await outsider.client.put(`/api/v1/pages/${p.id}/watch`));
  const searchHits = async (person) => expectOk(await person.client.get(`/api/v1/search?q=${word}&type=page`)).items.map((h) => h.id);
  assert.deepEqual(await searchHits(outsider), [page.id], 'readable by the space while the record has no list');

  // The record gets an access list that names only Ana.
  expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'case', external_id: record.external_id,
    title: 'Cold chain case', access: { people: [ana.person.id] } }), 200);
  for (const person of [outsider, ben]) {
    expectError(await person.client.get(`/api/v1/pages/${page.id}`), 404, 'not_found');
    expectError(await person.client.get(`/api/v1/pages/${page.id}/revisions`), 404, 'not_found');
    expectError(await person.client.get(`/api/v1/pages/${page.id}/comments`), 404, 'not_found');
    expectError(await person.client.get(`/api/v1/pages/${page.id}/diff?from=${page.revision}`), 404, 'not_found');
    const tree = expectOk(await person.client.get(`/api/v1/spaces/${space.id}/pages`)).items.map((p) => p.id);
    assert.ok(!tree.includes(page.id) && tree.includes(other.id), 'left out of the space\'s pages');
    assert.deepEqual(await searchHits(person), [], 'nor found by search');
  }
  expectError(await ben.client.put(`/api/v1/pages/${page.id}`, { title: page.title, body: 'x' },
    { headers: { 'If-Match': `"${page.revision}"` } }), 404, 'not_found');
  expectError(await ben.client.post(`/api/v1/pages/${page.id}/comments`, { body: 'Still here?' }), 404, 'not_found');
  expectError(await outsider.client.put(`/api/v1/pages/${page.id}/watch`), 404, 'not_found');
  // Those on the list, and admins, still read it.
  for (const person of [ana, admin]) {
    assert.equal((await read(person, page.id)).id, page.id);
    assert.deepEqual(await searchHits(person), [page.id]);
  }
  // Its writer is not named to others for it.
  const cited = async (person) => expectOk(await person.client.get(`/api/v1/expertise?q=${word}+probe+alarm`)).items
    .flatMap((s) => s.reasons.map((r) => r.ref));
  await eventually(() => cited(ana), (refs) => refs.includes(`/pages/${page.id}`), { what: 'Ana is pointed at Ben for it' });
  assert.ok(!(await cited(outsider)).includes(`/pages/${page.id}`));
  // Analytics count it only for those who may read it.
  const pagesCreated = async (person) => expectOk(await person.client.get(
    `/api/v1/analytics/outcomes?space_id=${space.id}&from=${new Date(Date.now() - 3600e3).toISOString()}`)).knowledge.pages_created;
  assert.equal(await pagesCreated(ana), (await pagesCreated(outsider)) + 1);
  // An edit tells the watchers who may still read it: Olga, watching both, hears of the other page only.
  expectOk(await save(ana, page, page.revision, { body: `${page.body}Checked weekly.\n` }));
  expectOk(await save(ana, other, other.revision, { body: 'a\nb\n' }));
  const edited = (id) => (n) => n.kind === 'page_edited' && n.subject_id === id;
  const told = await waitForNotification(outsider, edited(other.id), 'Olga is told of the other page');
  assert.ok(!told.some(edited(page.id)), 'not of the page she may no longer read');
});

test('comments on a page: members comment, readers read them oldest first, watchers are told', async () => {
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Discussed '), body: 'x\n' }), 201);
  const res = await ben.client.post(`/api/v1/pages/${page.id}/comments`, { body: 'Should step two come first?' });
  const first = expectOk(res, 201);
  assert.equal(first.author.id, ben.person.id);
  assert.equal(first.body, 'Should step two come first?');
  const second = expectOk(await ana.client.post(`/api/v1/pages/${page.id}/comments`, { body: 'Yes, swapped.' }), 201);
  const list = expectOk(await outsider.client.get(`/api/v1/pages/${page.id}/comments`));
  assert.deepEqual(list.items.map((c) => c.id), [first.id, second.id]);
  const paged = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/comments?limit=1`));
  assert.deepEqual(paged.items.map((c) => c.id), [first.id]);
  const rest = expectOk(await ana.client.get(`/api/v1/pages/${page.id}/comments?limit=1&cursor=${encodeURIComponent(paged.next_cursor)}`));
  assert.deepEqual(rest.items.map((c) => c.id), [second.id]);
  assert.equal((await read(ana, page.id)).comment_count, 2);
  // Ana wrote the page: she is told of Ben's comment; Ben, who commented, is told of hers.
  const about = (actor) => (n) => n.kind === 'page_comment' && n.subject_type === 'page' && n.subject_id === page.id &&
    n.actor?.id === actor.person.id;
  await waitForNotification(ana, about(ben), 'Ana told of Ben\'s comment');
  await waitForNotification(ben, about(ana), 'Ben told of Ana\'s comment');
  // Bad input and people who may not.
  expectError(await ana.client.post(`/api/v1/pages/${page.id}/comments`, { body: '   ' }), 400, 'invalid_argument');
  expectError(await outsider.client.post(`/api/v1/pages/${page.id}/comments`, { body: 'Me too' }), 403, 'permission_denied');
  const sealed = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`, { title: unique('Sealed talk ') }), 201);
  expectOk(await ana.client.post(`/api/v1/pages/${sealed.id}/comments`, { body: 'Inside only.' }), 201);
  expectError(await outsider.client.get(`/api/v1/pages/${sealed.id}/comments`), 404, 'not_found');
  expectError(await outsider.client.post(`/api/v1/pages/${sealed.id}/comments`, { body: 'Hello?' }), 404, 'not_found');
  assert.equal(expectOk(await outsider.client.get(`/api/v1/pages/${page.id}/comments`)).items.length, 2, 'nothing added');
});

test('links between pages and to problems, ideas and proposals: the target shows the pages that link to it, as far as the reader may see', async () => {
  const problem = await createProblem(ana, space, { title: unique('Pallets collapse ') });
  const idea = await createIdea(ana, space);
  const proposal = await createProposal(ana, space, { title: unique('Buy corner boards ') });
  const target = expectOk(await ana.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Pallet guide '), body: 'x\n' }), 201);
  const body = `See [the problem](/problems/${problem.id}), [the idea](${server.url(`/ideas/${idea.id}`)}),\n` +
    `[the decision][d] and [the guide](/pages/${target.id}#top). Not \`[this](/pages/${target.id}9)\`.\n\n` +
    `[d]: /proposals/${proposal.id}\n`;
  const linking = expectOk(await ben.client.post(`/api/v1/spaces/${space.id}/pages`, { title: unique('Pallet lessons '), body }), 201);
  const secret = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`,
    { title: unique('Pallet costs '), body: `Behind [the problem](/problems/${problem.id}).\n` }), 201);

  const backlinks = async (person, path) => expectOk(await person.client.get(`/api/v1/${path}/backlinks`)).items.map((p) => p.id);
  for (const path of [`problems/${problem.id}`, `ideas/${idea.id}`, `proposals/${proposal.id}`, `pages/${target.id}`]) {
    await eventually(() => backlinks(ben, path), (ids) => ids.includes(linking.id), { what: `a backlink on ${path}` });
  }
  await eventually(() => backlinks(ana, `problems/${problem.id}`), (ids) => ids.length === 2, { what: 'both backlinks for a member of both spaces' });
  assert.deepEqual((await backlinks(ana, `problems/${problem.id}`)).sort(), [linking.id, secret.id].sort());
  // Someone outside the private space sees only the public page's link.
  assert.deepEqual(await backlinks(outsider, `problems/${problem.id}`), [linking.id]);
  const entry = expectOk(await outsider.client.get(`/api/v1/problems/${problem.id}/backlinks`)).items[0];
  assert.equal(entry.title, linking.title);
  assert.equal(entry.space_id, space.id);
  assert.ok(!('body' in entry));

  // An edit that drops a link drops the backlink; restoring the revision brings it back.
  const edited = expectOk(await save(ben, linking, linking.revision, { body: `Only [the idea](/ideas/${idea.id}).\n` }));
  await eventually(() => backlinks(ben, `problems/${problem.id}`), (ids) => !ids.includes(linking.id), { what: 'the backlink gone after the edit' });
  assert.deepEqual(await backlinks(ben, `ideas/${idea.id}`), [linking.id]);
  expectOk(await ben.client.post(`/api/v1/pages/${edited.id}/restore`, { revision: linking.revision }));
  await eventually(() => backlinks(ben, `problems/${problem.id}`), (ids) => ids.includes(linking.id), { what: 'the backlink back after a restore' });

  // What the reader may not see has no backlinks to show; unknown items and bad ids are errors.
  expectError(await outsider.client.get(`/api/v1/pages/${secret.id}/backlinks`), 404, 'not_found');
  expectError(await ana.client.get('/api/v1/problems/999999999/backlinks'), 404, 'not_found');
  expectError(await ana.client.get('/api/v1/records/999999999/backlinks'), 404, 'not_found');
  expectError(await ana.client.get('/api/v1/ideas/abc/backlinks'), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/problems/${problem.id}/backlinks`), 401, 'unauthenticated');
});

test('export a space\'s pages as a zip of Markdown in folders by the tree, and import them back into another space', async () => {
  const from = await createSpace(ana, { name: unique('Handbook '), visibility: 'public' });
  const top = expectOk(await ana.client.post(`/api/v1/spaces/${from.id}/pages`, { title: 'Returns: the handbook', body: 'Scan the box.\n' }), 201);
  const child = expectOk(await ana.client.post(`/api/v1/spaces/${from.id}/pages`,
    { title: 'Inspections', body: '# Damage\n\nLook for dents. Café ☕\n', parent_id: top.id }), 201);
  expectOk(await ana.client.post(`/api/v1/spaces/${from.id}/pages`, { title: 'Inspections', body: 'A second one.\n' }), 201);

  // Anyone who may read the space may export it.
  const res = await outsider.client.get(`/api/v1/spaces/${from.id}/pages/export`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="weft-space-\d+-pages-\d{4}-\d{2}-\d{2}\.zip"$/);
  const files = readZip(res.bytes);
  assert.deepEqual(files.map((f) => f.path), ['Inspections.md', 'Returns- the handbook.md', 'Returns- the handbook/Inspections.md']);
  const nested = files[2].content;
  assert.match(nested, /^---\ntitle: "Inspections"\nweft_page: "\d+"\nweft_revision: "\d+"\nupdated_at: "[^"]+"\n---\n/);
  assert.ok(nested.endsWith('# Damage\n\nLook for dents. Café ☕\n'));
  expectError(await outsider.client.get(`/api/v1/spaces/${hidden.id}/pages/export`), 403, 'permission_denied');

  // Import the export into another space: the same titles, bodies and tree.
  const into = await createSpace(ben, { name: unique('Copy '), visibility: 'public' });
  const made = expectOk(await ben.client.post(`/api/v1/spaces/${into.id}/pages/import`,
    { archive: res.bytes.toString('base64') }), 201);
  assert.deepEqual(made.skipped, []);
  assert.equal(made.items.length, 3);
  const tree = expectOk(await ben.client.get(`/api/v1/spaces/${into.id}/pages`)).items;
  const byTitle = Object.fromEntries(tree.map((p) => [p.title + (p.parent_id ? ' (child)' : ''), p]));
  assert.deepEqual(Object.keys(byTitle).sort(), ['Inspections', 'Inspections (child)', 'Returns: the handbook']);
  assert.equal(byTitle['Inspections (child)'].parent_id, byTitle['Returns: the handbook'].id);
  assert.equal((await read(ben, byTitle['Inspections (child)'].id)).body, '# Damage\n\nLook for dents. Café ☕\n');
  const revisions = expectOk(await ben.client.get(`/api/v1/pages/${byTitle['Inspections (child)'].id}/revisions`)).items;
  assert.equal(revisions.length, 1);
  assert.equal(revisions[0].summary, 'Imported from Returns- the handbook/Inspections.md.');
  assert.ok(child.id !== byTitle['Inspections (child)'].id);
});

test('titles with odd characters come back from export and import as they were', async () => {
  const from = await createSpace(ana, { name: unique('Odd titles '), visibility: 'public' });
  const titles = ['Carriage\rreturn', 'Ends in CR\r', 'Line\nbreak', 'Tab\there', 'Quote "this"', 'Back\\slash', '  Spaced  ',
    '---', 'title: inside', 'Ünïcode ☕', "Single 'quotes'", '# Hash'];
  for (const title of titles) {
    expectOk(await ana.client.post(`/api/v1/spaces/${from.id}/pages`, { title, body: `About ${JSON.stringify(title)}\r\nSecond line\r\n` }), 201);
  }
  const res = await ana.client.get(`/api/v1/spaces/${from.id}/pages/export`);
  assert.equal(res.status, 200);
  const into = await createSpace(ana, { name: unique('Odd copy '), visibility: 'public' });
  const made = expectOk(await ana.client.post(`/api/v1/spaces/${into.id}/pages/import`, { archive: res.bytes.toString('base64') }), 201);
  assert.deepEqual(made.skipped, []);
  const tree = expectOk(await ana.client.get(`/api/v1/spaces/${into.id}/pages`)).items;
  const original = expectOk(await ana.client.get(`/api/v1/spaces/${from.id}/pages`)).items;
  assert.deepEqual(tree.map((p) => p.title).sort(), original.map((p) => p.title).sort());
  for (const page of tree) {
    assert.equal((await read(ana, page.id)).body, (await read(ana, original.find((p) => p.title === page.title).id)).body);
  }
});

test('a space of more than 2,000 pages lists and exports all of them', async () => {
  const big = await createSpace(ana, { name: unique('Big handbook '), visibility: 'public' });
  for (let batch = 0; batch < 5; ++batch) {
    const files = Array.from({ length: 450 }, (_, i) => ({ path: `Batch ${batch}/Page ${i}.md`, content: `Page ${batch}.${i}\n` }));
    expectOk(await ana.client.post(`/api/v1/spaces/${big.id}/pages/import`, { files }), 201);
  }
  const tree = expectOk(await ben.client.get(`/api/v1/spaces/${big.id}/pages`)).items;
  assert.equal(tree.length, 5 * 451);  // each batch's folder is a page too
  const res = await ben.client.get(`/api/v1/spaces/${big.id}/pages/export`);
  assert.equal(res.status, 200);
  const files = readZip(res.bytes);
  assert.equal(files.length, 5 * 451);
  assert.ok(files.some((f) => f.path === 'Batch 4/Page 449.md' && f.content.endsWith('Page 4.449\n')));
  await server.settled();  // 2,255 pages to link and index: the next test's checks would wait behind them
});

test('import a folder of Markdown from elsewhere: folders become parent pages, a first heading the title; bad archives change nothing', async () => {
  const into = await createSpace(ana, { name: unique('Imports '), visibility: 'public' });
  const count = async () => expectOk(await ana.client.get(`/api/v1/spaces/${into.id}/pages`)).items.length;
  const made = expectOk(await ana.client.post(`/api/v1/spaces/${into.id}/pages/import`, { files: [
    { path: 'wiki/Onboarding.md', content: '# Welcome aboard\n\nStart here.\n' },
    { path: 'wiki/setup/laptop.md', content: 'Install the VPN.' },
    { path: 'wiki/logo.png', content: 'PNG' },
    { path: '.git/config', content: 'x' },
  ] }), 201);
  assert.deepEqual(made.items.map((p) => p.title), ['wiki', 'Welcome aboard', 'setup', 'laptop']);
  const [wiki, welcome, setup, laptop] = made.items;
  assert.equal(wiki.parent_id, null);
  assert.equal(welcome.parent_id, wiki.id);
  assert.equal(setup.parent_id, wiki.id);
  assert.equal(laptop.parent_id, setup.id);
  assert.deepEqual(made.skipped, ['wiki/logo.png']);
  assert.equal((await read(ana, welcome.id)).body, 'Start here.\n');

  // A zip made elsewhere, imported under an existing page.
  const zip = writeZip([{ path: 'notes/Meeting.md', content: 'We met.\n' }]);
  const under = expectOk(await ana.client.post(`/api/v1/spaces/${into.id}/pages/import`,
    { archive: `data:application/zip;base64,${zip.toString('base64')}`, parent_id: wiki.id }), 201);
  assert.deepEqual(under.items.map((p) => [p.title, p.parent_id]), [['notes', wiki.id], ['Meeting', under.items[0].id]]);
  const before = await count();

  // Links in imported pages are backlinks like any other.
  const problem = await createProblem(ana, into, { title: unique('Laptops are slow ') });
  const linked = expectOk(await ana.client.post(`/api/v1/spaces/${into.id}/pages/import`,
    { files: [{ path: 'fix.md', content: `See [it](/problems/${problem.id}).\n` }] }), 201).items[0];
  await eventually(async () => expectOk(await ana.client.get(`/api/v1/problems/${problem.id}/backlinks`)).items.map((p) => p.id),
    (ids) => ids.includes(linked.id), { what: 'a backlink from an imported page' });

  const bad = [
    [{}, 'archive'],
    [{ archive: 'bm90IGEgemlw', files: [] }, 'archive'],
    [{ archive: 'not base64 !!' }, 'archive'],
    [{ archive: Buffer.from('not a zip').toString('base64') }, 'archive'],
    [{ archive: writeZip([{ path: 'a.txt', content: 'x' }]).toString('base64') }, 'archive'],
    [{ archive: writeZip([{ path: 'big.md', content: 'a'.repeat(1 << 20) }]).toString('base64') }, 'archive'],
    [{ archive: writeZip([{ path: 'bad.md', content: Buffer.from([0x63, 0x61, 0x66, 0xc3]) }]).toString('base64') }, 'archive'],
    [{ files: 'x' }, 'files'],
    [{ files: [{ path: 'a.md' }] }, 'files'],
    [{ files: [{ path: '../a.md', content: 'x' }] }, 'files'],
    [{ files: [{ path: 'a.md', content: 'x' }, { path: 'a.markdown', content: 'y' }] }, 'files'],
    [{ files: [{ path: 'a.md', content: 'x' }], parent_id: linked.id + '0' }, 'parent_id'],
  ];
  for (const [body, field] of bad) {
    const res = await ana.client.post(`/api/v1/spaces/${into.id}/pages/import`, body);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, JSON.stringify(body).slice(0, 120));
  }
  // A member may import; a reader may not; nobody outside a private space learns anything.
  expectError(await outsider.client.post(`/api/v1/spaces/${into.id}/pages/import`, { files: [{ path: 'a.md', content: 'x' }] }),
    403, 'permission_denied');
  expectError(await outsider.client.post(`/api/v1/spaces/${hidden.id}/pages/import`, { files: [{ path: 'a.md', content: 'x' }] }),
    403, 'permission_denied');
  assert.equal(await count(), before + 1, 'only the page with the link was added since');
});

test('analytics count knowledge captured: pages written, saves, and outcomes written up, only from pages the viewer may read', async () => {
  const since = new Date(Date.now() - 60_000).toISOString();
  const room = await createSpace(ana, { name: unique('Knowledge '), visibility: 'public' });
  const knowledge = async (person) =>
    expectOk(await person.client.get(`/api/v1/analytics/outcomes?from=${since}&space_id=${room.id}`)).knowledge;
  assert.deepEqual(await knowledge(ana), { pages_created: 0, page_saves: 0, problems_captured: 0, proposals_captured: 0 });
  const problem = await createProblem(ana, room, { title: unique('Forklift battery ') });
  const solution = await addSolution(ana, problem, 'Charge overnight.');
  expectOk(await ana.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  const other = await createProblem(ana, room, { title: unique('Dock door ') });
  const fix = await addSolution(ana, other, 'Oil the hinge.');
  expectOk(await ana.client.post(`/api/v1/problems/${other.id}/accept`, { solution_id: fix.id }));
  // One written up by promotion; the other only linked from a page in a private space.
  expectOk(await ana.client.post('/api/v1/pages/promote', { source_type: 'problem', source_id: problem.id }), 201);
  const page = expectOk(await ana.client.post(`/api/v1/spaces/${room.id}/pages`, { title: 'Notes', body: 'one\n' }), 201);
  expectOk(await save(ana, page, page.revision, { body: 'two\n' }));
  const secret = expectOk(await ana.client.post(`/api/v1/spaces/${hidden.id}/pages`,
    { title: unique('Dock notes '), body: `[door](/problems/${other.id})\n` }), 201);
  await eventually(async () => expectOk(await ana.client.get(`/api/v1/problems/${other.id}/backlinks`)).items.length,
    (n) => n === 1, { what: 'the private page\'s link' });
  assert.deepEqual(await knowledge(ana), { pages_created: 2, page_saves: 3, problems_captured: 2, proposals_captured: 0 });
  assert.deepEqual(await knowledge(outsider), { pages_created: 2, page_saves: 3, problems_captured: 1, proposals_captured: 0 },
    'a page the viewer may not read captures nothing for them');
  assert.ok(secret.id);
});
