// Expertise over real HTTP: who can help (GET /expertise) with reasons that cite evidence, the
// visibility rules (nothing from a space the asker may not read; guests only to those who share a
// space with them), filters, suggestions on problems with "not me" and "helped", availability,
// suggestion notifications under a daily cap, and the admins' accuracy report.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createUnit, eventually, member, notificationsOf } from './social.mjs';
import { addMember, addSolution, createProblem, createSpace, inDays, word } from './collab.mjs';

let server;
let admin;
let asker;     // unit North
let ana;       // unit South: solves open problems
let ben;       // unit North
let sam;       // solves in a secret space
let gia;       // a guest, in the partners space only
let north;
let south;
let open;      // public space: asker, ana, ben
let secret;    // secret space: sam, ana
let partners;  // private space: ana, gia (guest)
const topic = word('cargo');     // words nobody else uses, so each test controls who matches
const hidden = word('turbine');
const guestWord = word('licence');

async function solveAndAccept(author, solver, space, title) {
  const problem = await createProblem(author, space, { title, body: `About ${title}` });
  const solution = await addSolution(solver, problem, `Here is how ${title} was handled`);
  expectOk(await author.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  return problem;
}

async function ask(person, q, extra = '') {
  return expectOk(await person.client.get(`/api/v1/expertise?q=${encodeURIComponent(q)}${extra}`));
}
const named = (body) => body.items.map((s) => s.person.id);

/** Asks until `check` holds: the index follows the activity log. */
async function askUntil(person, q, check, what, extra = '') {
  return eventually(() => ask(person, q, extra), check, { what });
}

before(async () => {
  server = await startServer({ env: { WEFT_EXPERT_DAILY_CAP: '2' } });
  admin = await server.admin();
  north = await createUnit(server, unique('North '));
  south = await createUnit(server, unique('South '));
  asker = await member(server, { name: 'Asa Asker', unit_id: north.id });
  ana = await member(server, { name: 'Ana Solver', unit_id: south.id });
  ben = await member(server, { name: 'Ben Nearby', unit_id: north.id });
  sam = await member(server, { name: 'Sam Secret' });
  gia = await member(server, { name: 'Gia Guest', role: 'guest' });
  open = await createSpace(asker, { name: unique('Open '), visibility: 'public', kind: 'problem' });
  await addMember(asker, open, ana);
  await addMember(asker, open, ben);
  secret = await createSpace(sam, { name: unique('Secret '), visibility: 'secret', kind: 'problem' });
  await addMember(sam, secret, ana);
  partners = await createSpace(ana, { name: unique('Partners '), visibility: 'private', kind: 'problem' });
  await addMember(ana, partners, gia, 'guest');

  await solveAndAccept(asker, ana, open, `The ${topic} customs paperwork is stuck`);
  await solveAndAccept(ana, sam, secret, `The ${hidden} calibration drifts`);
  await solveAndAccept(ana, gia, partners, `The ${guestWord} export papers are missing`);
  await askUntil(ana, `${guestWord} export`, (b) => named(b).includes(gia.person.id), 'the index to learn the guest solved it');
});

after(async () => {
  await server?.stop();
});

test('who can help: the person who solved such a problem, with a reason that cites it', async () => {
  const body = await askUntil(asker, `${topic} customs paperwork`, (b) => named(b).includes(ana.person.id), 'Ana to be named');
  assert.equal(body.ready, true);
  const first = body.items[0];
  assert.equal(first.person.id, ana.person.id);
  assert.ok(first.score > 0 && first.score <= 1.2, `a score in range: ${first.score}`);
  const reason = first.reasons.find((r) => r.kind === 'accepted_solutions');
  assert.ok(reason, JSON.stringify(first.reasons));
  assert.match(reason.detail, /^Solved 1 problem like this \(latest: “The .* customs paperwork is stuck”\)$/);
  assert.match(reason.ref, /^\/problems\/\d+$/);
  const cited = expectOk(await asker.client.get(`/api/v1${reason.ref}`));
  assert.match(cited.title, new RegExp(topic));
  assert.ok(!named(body).includes(asker.person.id), 'never the asker');
});

test('evidence from a secret space never surfaces for outsiders, nor its reasons', async () => {
  const outsider = await ask(asker, `${hidden} calibration`);
  assert.ok(!named(outsider).includes(sam.person.id), JSON.stringify(outsider));
  assert.ok(!JSON.stringify(outsider).includes(hidden), 'no reason names the secret problem');
  // Ana, a member, sees Sam named for it.
  const insider = await askUntil(ana, `${hidden} calibration`, (b) => named(b).includes(sam.person.id), 'Sam for a member');
  assert.ok(JSON.stringify(insider).includes(hidden));
});

test('people are named for the topics they post about; a secret space\'s posts count for its members only', async () => {
  const freight = word('freight');
  const sealed = word('sealed');
  for (const n of [1, 2]) {
    expectOk(await ben.client.post('/api/v1/posts', { body: `Notes ${n} on #${freight} rates` }), 201);
  }
  // Followers-only posts are not evidence (the index cannot describe who may read them).
  expectOk(await ben.client.post('/api/v1/posts', { body: `Just for followers #${sealed}`, audience: 'followers' }), 201);
  for (const n of [1, 2, 3]) {
    expectOk(await sam.client.post('/api/v1/posts', { body: `Inside ${n}: #${sealed}`, audience: 'space', space_id: secret.id }), 201);
  }
  const body = await askUntil(asker, `${freight} rates`, (b) => named(b).includes(ben.person.id), 'Ben for what he posts about');
  const ben1 = body.items.find((s) => s.person.id === ben.person.id);
  const reason = ben1.reasons.find((r) => r.kind === 'posts');
  assert.ok(reason, JSON.stringify(ben1.reasons));
  assert.equal(reason.detail, `Posted 2 times about #${freight}`);
  assert.equal(reason.ref, `/topics/${freight}`);
  // Ana, a member of the secret space, sees Sam named for its topic; the asker, outside it, sees nobody.
  // Two posts make a topic evidence; the third is counted in the next round (at most every 500 ms).
  await askUntil(ana, sealed, (b) => b.items.find((s) => s.person.id === sam.person.id)?.reasons
    .some((r) => r.detail === `Posted 3 times about #${sealed}`), 'Sam for a member of his space, for his three posts');
  const outsider = await ask(asker, sealed);
  assert.deepEqual(named(outsider), [], JSON.stringify(outsider));
  assert.ok(!JSON.stringify(outsider).includes(sealed));
});

test('a thread deleted by its first post takes its replies out of what people are named and topics suggested for', async () => {
  const crates = word('crates');
  const root = expectOk(await ana.client.post('/api/v1/posts', { body: 'Who knows a good supplier?' }), 201);
  for (const n of [1, 2]) {
    expectOk(await ben.client.post(`/api/v1/posts/${root.id}/replies`, { body: `Try ${n}: #${crates} from the north` }), 201);
  }
  await askUntil(asker, crates, (b) => named(b).includes(ben.person.id), 'Ben for his replies');
  const listed = async () => expectOk(await asker.client.get(`/api/v1/topics?q=${crates}`)).items.map((t) => t.name);
  assert.deepEqual(await listed(), [crates]);
  expectNoContent(await ana.client.delete(`/api/v1/posts/${root.id}`));
  await askUntil(asker, crates, (b) => !named(b).includes(ben.person.id), 'Ben no longer named');
  assert.deepEqual(await listed(), [], 'the topic is no longer suggested');
  await server.restart();
  // The restarted server builds its index in the background; until `ready`, it names nobody.
  const after = await askUntil(asker, crates, (b) => b.ready, 'the index to be built again');
  assert.ok(!named(after).includes(ben.person.id), 'nor after a restart');
  assert.ok(named(await ask(asker, `${topic} customs paperwork`)).includes(ana.person.id), 'the rebuilt index names people');
});

test('guests are never suggested to people outside their spaces', async () => {
  for (const outsider of [asker, ben, sam]) {
    const body = await ask(outsider, `${guestWord} export papers`);
    assert.ok(!named(body).includes(gia.person.id), `${outsider.person.name} must not see the guest`);
    assert.ok(!JSON.stringify(body).includes(guestWord), 'nor the private problem in a reason');
  }
  const inside = await ask(ana, `${guestWord} export papers`);
  assert.equal(inside.items[0].person.id, gia.person.id);
});

test('filters: a space\'s members, a unit, people outside my unit', async () => {
  const title = `${word('pallet')} pallet labels are wrong`;
  await solveAndAccept(asker, ben, open, title);
  await askUntil(asker, title, (b) => named(b).includes(ben.person.id), 'Ben to be named');
  // Ben is in the asker's unit: bridging silos leaves him out.
  const outside = await ask(asker, title, '&outside_unit=true');
  assert.ok(!named(outside).includes(ben.person.id));
  const inNorth = await ask(asker, `${title} ${topic} customs`, `&unit_id=${north.id}`);
  assert.ok(named(inNorth).every((id) => id === ben.person.id), JSON.stringify(named(inNorth)));
  const inSpace = await ask(asker, `${topic} customs`, `&space_id=${open.id}`);
  assert.ok(named(inSpace).includes(ana.person.id));
  // A space the asker may not see: 404, and nothing about it.
  expectError(await asker.client.get(`/api/v1/expertise?q=x&space_id=${secret.id}`), 404, 'not_found');
});

test('a filter ranks the people who pass it: one match in a unit is found behind more than sixty better ones', async () => {
  // 61 people of the asker's unit declare two skills on a subject, Tia (unit Tiny) one: everyone
  // ranks above her, yet each filter she passes names her.
  const subject = word('hydrofoil');
  const tiny = await createUnit(server, unique('Tiny '));
  const tia = await member(server, { name: 'Tia Tiny', unit_id: tiny.id });
  expectOk(await tia.client.patch('/api/v1/people/me', { skills: [subject] }));
  const crowd = [];
  for (let k = 0; k < 61; k += 1) crowd.push(member(server, { name: `Crowd ${k}`, unit_id: north.id }));
  for (const person of await Promise.all(crowd)) {
    expectOk(await person.client.patch('/api/v1/people/me', { skills: [subject, `${subject} rigging`] }));
  }
  const everyone = await askUntil(asker, subject, (b) => b.items.length === 10 && !named(b).includes(tia.person.id),
    'the crowd to be indexed', '&limit=10');
  assert.ok(!named(everyone).includes(tia.person.id));
  const inTiny = await askUntil(asker, subject, (b) => named(b).includes(tia.person.id), 'Tia named in her unit',
    `&unit_id=${tiny.id}`);
  assert.deepEqual(named(inTiny), [tia.person.id]);
  assert.ok(inTiny.items[0].reasons.length > 0);
  const outside = await ask(asker, subject, '&outside_unit=true');
  assert.deepEqual(named(outside), [tia.person.id], 'the crowd is the asker\'s unit');
  const hall = await createSpace(asker, { name: unique('Hall '), visibility: 'public', kind: 'problem' });
  await addMember(asker, hall, tia);
  assert.deepEqual(named(await ask(asker, subject, `&space_id=${hall.id}`)), [tia.person.id]);
  // A problem in a private space is suggested to its members only, however many outside know more.
  const room = await createSpace(asker, { name: unique('Room '), visibility: 'private', kind: 'problem' });
  await addMember(asker, room, tia);
  const problem = await createProblem(asker, room, { title: `The ${subject} again`, body: `Who knows ${subject}?` });
  const detail = await eventually(() => asker.client.get(`/api/v1/problems/${problem.id}`).then((r) => expectOk(r)),
    (p) => p.suggested_experts.length > 0, { what: 'suggestions on the private problem' });
  assert.deepEqual(detail.suggested_experts.map((e) => e.person.id), [tia.person.id]);
  // So is a record whose access list names her, for its readers.
  const record = expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'case', external_id: unique('case'),
    title: `A ${subject} failure`, access: { people: [tia.person.id], units: [] } }), 201);
  const seen = expectOk(await admin.client.get(`/api/v1/records/${record.id}`));
  assert.deepEqual(seen.suggested_experts.map((e) => e.person.id), [tia.person.id]);
});

test('bad questions are refused with a clear error', async () => {
  for (const [query, field] of [['q=', 'q'], ['q=%20%20', 'q'], ['q=x&limit=0', 'limit'], ['q=x&limit=51', 'limit'],
    ['q=x&limit=ten', 'limit'], ['q=x&space_id=abc', 'space_id'], ['q=x&unit_id=-1', 'unit_id'],
    ['q=x&outside_unit=maybe', 'outside_unit'], [`q=${'a'.repeat(2001)}`, 'q']]) {
    const res = await asker.client.get(`/api/v1/expertise?${query}`);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, query);
  }
  const anonymous = await server.anonymous().get('/api/v1/expertise?q=x');
  expectError(anonymous, 401, 'unauthenticated');
});

test('a problem names who may help; "not me" takes them off it, "helped" is the author\'s to say', async () => {
  const problem = await createProblem(asker, open, { title: `Again the ${topic} customs paperwork`, body: 'Stuck at the border' });
  const detail = await eventually(() => asker.client.get(`/api/v1/problems/${problem.id}`).then((r) => expectOk(r)),
    (p) => p.suggested_experts.some((s) => s.person.id === ana.person.id), { what: 'Ana suggested on the problem' });
  assert.ok(detail.suggested_experts[0].reasons.length > 0);
  // Ben may not decline for Ana, nor say she helped.
  const notMe = { verdict: 'not_me', subject_type: 'problem', subject_id: problem.id };
  expectError(await ben.client.post('/api/v1/expertise/feedback', { ...notMe, person_id: ana.person.id }), 400, 'invalid_argument');
  expectError(await ben.client.post('/api/v1/expertise/feedback',
    { verdict: 'helped', subject_type: 'problem', subject_id: problem.id, person_id: ana.person.id }), 403, 'permission_denied');
  // Ana, looking at it, sees she is named (and may say "not me"); the author never is.
  const hers = expectOk(await ana.client.get(`/api/v1/problems/${problem.id}`));
  assert.ok(hers.suggested_experts.some((s) => s.person.id === ana.person.id));
  assert.ok(!hers.suggested_experts.some((s) => s.person.id === asker.person.id));
  const said = expectOk(await ana.client.post('/api/v1/expertise/feedback', notMe), 201);
  assert.equal(said.person_id, ana.person.id);
  assert.equal(said.verdict, 'not_me');
  expectOk(await ana.client.post('/api/v1/expertise/feedback', notMe), 200);
  for (const viewer of [asker, ana]) {
    const after = expectOk(await viewer.client.get(`/api/v1/problems/${problem.id}`));
    assert.ok(!after.suggested_experts.some((s) => s.person.id === ana.person.id));
  }
  // The author says Ana helped after all.
  const helped = expectOk(await asker.client.post('/api/v1/expertise/feedback',
    { verdict: 'helped', subject_type: 'problem', subject_id: problem.id, person_id: ana.person.id }), 201);
  assert.equal(helped.person_id, ana.person.id);
  // What the caller may not see is not found; nonsense is refused.
  const hiddenProblem = await createProblem(sam, secret, { title: 'Hidden' });
  expectError(await asker.client.post('/api/v1/expertise/feedback',
    { verdict: 'not_me', subject_type: 'problem', subject_id: hiddenProblem.id }), 404, 'not_found');
  for (const [body, field] of [[{ ...notMe, verdict: 'maybe' }, 'verdict'], [{ ...notMe, subject_type: 'idea' }, 'subject_type'],
    [{ verdict: 'not_me', subject_type: 'problem' }, 'subject_id'],
    [{ verdict: 'helped', subject_type: 'problem', subject_id: problem.id }, 'person_id']]) {
    const res = await asker.client.post('/api/v1/expertise/feedback', body);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field);
  }
});

test('someone away is left out of suggestions until they are back', async () => {
  const q = `${topic} customs paperwork`;
  await askUntil(asker, q, (b) => named(b).includes(ana.person.id), 'Ana named');
  const away = expectOk(await ana.client.put('/api/v1/me/availability', { unavailable_until: inDays(7) }));
  assert.ok(away.unavailable_until);
  // Colleagues see it on the profile.
  const profile = expectOk(await asker.client.get(`/api/v1/people/${ana.person.id}`));
  assert.equal(profile.unavailable_until, away.unavailable_until);
  assert.ok(!named(await ask(asker, q)).includes(ana.person.id));
  expectOk(await ana.client.put('/api/v1/me/availability', { unavailable_until: null }));
  assert.ok(named(await ask(asker, q)).includes(ana.person.id));
  assert.equal(expectOk(await asker.client.get(`/api/v1/people/${ana.person.id}`)).unavailable_until, null);
  for (const body of [{}, { unavailable_until: inDays(-1) }, { unavailable_until: inDays(400) }, { unavailable_until: 'soon' },
    { unavailable_until: 5 }]) {
    const res = await ana.client.put('/api/v1/me/availability', body);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, 'unavailable_until');
  }
});

test('a new problem tells the people suggested, at most the daily cap each', async () => {
  const expert = await member(server, { name: 'Eli Expert' });
  await addMember(asker, open, expert);
  const subject = word('forklift');
  await solveAndAccept(asker, expert, open, `The ${subject} forklift battery dies`);
  await askUntil(asker, `${subject} forklift`, (b) => named(b).includes(expert.person.id), 'Eli named');
  const problems = [];
  for (let k = 0; k < 3; k++) {
    problems.push(await createProblem(asker, open, { title: `The ${subject} forklift battery dies again ${k}` }));
  }
  const suggested = (items) => items.filter((n) => n.kind === 'expert_suggested');
  const told = await eventually(() => notificationsOf(expert), (items) => suggested(items).length >= 2,
    { what: 'two expert_suggested notifications', timeoutMs: 20000 });
  const mine = suggested(told);
  for (const n of mine) {
    assert.equal(n.subject_type, 'problem');
    assert.ok(problems.some((p) => p.id === n.subject_id));
    assert.equal(n.actor.id, asker.person.id);
  }
  // The third waits for tomorrow: the cap is 2 a day here.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(suggested(await notificationsOf(expert)).length, 2);
  // Nobody is told of a problem they may not see: Sam's secret problems tell no one outside.
  const outsiders = suggested(await notificationsOf(asker));
  assert.equal(outsiders.length, 0);
});

test('admins see how well suggestions worked, from what was known when each problem was posted', async () => {
  const subject = word('crane');
  const first = await solveAndAccept(asker, ana, open, `The ${subject} crane hydraulics leak`);
  await askUntil(asker, `${subject} crane`, (b) => named(b).includes(ana.person.id), 'Ana named for cranes');
  await new Promise((resolve) => setTimeout(resolve, 1100));  // the next problem is posted a second later
  const second = await solveAndAccept(ben, ana, open, `The ${subject} crane hydraulics leak again`);
  const report = await eventually(() => admin.client.get('/api/v1/expertise/accuracy').then((r) => expectOk(r)),
    (r) => r.items.some((i) => i.problem_id === second.id), { what: 'the second problem scored' });
  const scored = report.items.find((i) => i.problem_id === second.id);
  assert.equal(scored.rank, 1, 'Ana had solved the first one');
  assert.equal(scored.solver.id, ana.person.id);
  const earlier = report.items.find((i) => i.problem_id === first.id);
  assert.ok(earlier, 'the first problem is scored too');
  assert.ok(report.problems >= 2);
  for (const figure of ['hit_at_1', 'hit_at_3', 'hit_at_10', 'mrr']) {
    assert.ok(report[figure] >= 0 && report[figure] <= 1, figure);
  }
  assert.ok(report.hit_at_1 <= report.hit_at_3 && report.hit_at_3 <= report.hit_at_10);
  assert.ok(report.months.length >= 1);
  // Nothing from the secret space: the admin is no member of it.
  assert.ok(!JSON.stringify(report).includes(hidden));
  expectError(await asker.client.get('/api/v1/expertise/accuracy'), 403, 'permission_denied');
  for (const query of ['from=yesterday', 'to=2020-13-01', 'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z']) {
    expectError(await admin.client.get(`/api/v1/expertise/accuracy?${query}`), 400, 'invalid_argument');
  }
});

test('suggestions spread across comparably able people instead of naming the same ones every time', async () => {
  const subject = word('sluice');
  // Four people solve the same problem, posted four times before anyone could be suggested for it.
  const experts = [];
  const solved = [];
  for (let k = 0; k < 4; k++) {
    const expert = await member(server, { name: `Equal Expert ${k}` });
    await addMember(asker, open, expert);
    experts.push(expert);
    solved.push(await createProblem(asker, open, { title: `The ${subject} sluice gate sticks`, body: 'In winter' }));
  }
  // Suggestions for those four are made (for nobody yet) before anyone solves them.
  await eventually(async () => expectOk(await admin.client.get('/api/v1/admin/system')),
    (s) => s.views.find((v) => v.name === 'expert-suggestions')?.lag === 0, { what: 'suggestions to catch up' });
  for (let k = 0; k < 4; k++) {
    const solution = await addSolution(experts[k], solved[k], 'Grease the hinge');
    expectOk(await asker.client.post(`/api/v1/problems/${solved[k].id}/accept`, { solution_id: solution.id }));
  }
  const ids = experts.map((e) => e.person.id);
  await askUntil(asker, `${subject} sluice gate`, (b) => ids.every((id) => named(b).includes(id)), 'all four named');
  // The first new problem names three of the four; the next names the fourth first.
  const first = await createProblem(ben, open, { title: `The ${subject} sluice gate sticks again`, body: 'In winter' });
  const told = async (problem) => {
    const all = await Promise.all(experts.map((e) => notificationsOf(e)));
    return ids.filter((id, k) => all[k].some((n) => n.kind === 'expert_suggested' && n.subject_id === problem.id));
  };
  const firstThree = await eventually(() => told(first), (list) => list.length === 3, { what: 'three told of the first', timeoutMs: 20000 });
  const left = ids.find((id) => !firstThree.includes(id));
  const second = await createProblem(ben, open, { title: `The ${subject} sluice gate sticks once more`, body: 'In winter' });
  const secondThree = await eventually(() => told(second), (list) => list.length === 3,
    { what: 'three told of the second', timeoutMs: 20000 });
  // Without spreading the same three would be named again (their evidence is the same).
  assert.ok(secondThree.includes(left), `the one not asked last time is asked now: ${firstThree} then ${secondThree}`);
});
