// E-mail (issue 16): preferences per person and space over the organization's default; realtime
// messages for the notifications worth one, through a real SMTP relay on loopback (STARTTLS and
// AUTH), with List-Unsubscribe and a signed reply address; one-click unsubscribe; replies by e-mail
// into the thread through the signed inbound hook; retries, no duplicates across a restart;
// digests that rank what matters and are skipped when nothing does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer, unique } from './server.mjs';
import { expectError, expectOk } from './expect.mjs';
import { createPost, member, reply, eventually } from './social.mjs';
import { addMember, createSpace, inDays } from './collab.mjs';
import { startSmtpSink } from './smtp_sink.mjs';

let sink;
let server;
let admin;
let ana;
let ben;
let secret;

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ env: sink.env });
  admin = await server.admin();
  ana = await member(server, { name: 'Ana Realtime' });
  ben = await member(server, { name: 'Ben Replier' });
  secret = expectOk(await admin.client.post('/api/v1/inbound-secrets', { name: unique('Mail system ') }), 201);
});

after(async () => {
  await server?.stop();
  await sink?.stop();
});

const mailsTo = (person) => sink.messages.filter((m) => m.to.includes(person.email ?? person.person.email));
const emailOf = (person) => person.person.email;
async function mailFor(person, match, what) {
  return eventually(async () => sink.messages.filter((m) => m.to.includes(emailOf(person))).find(match), (m) => !!m,
    { what, timeoutMs: 15000 });
}
const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

function signed(body, indent = 0) {
  const text = JSON.stringify(body, null, indent);
  const ts = Math.floor(Date.now() / 1000);
  const mac = crypto.createHmac('sha256', secret.secret).update(`${ts}.${text}`).digest('hex');
  return { text, headers: { 'content-type': 'application/json', 'x-weft-key-id': secret.id, 'x-weft-timestamp': String(ts), 'x-weft-signature': `sha256=${mac}` } };
}
async function inbound(body, { sign = true, indent = 0 } = {}) {
  const { text, headers } = signed(body, indent);
  const res = await fetch(server.url('/api/v1/hooks/mail'), { method: 'POST', headers: sign ? headers : { 'content-type': 'application/json' }, body: text });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('preferences: the organization default, my default, a space; bad input refused', async () => {
  const mine = expectOk(await ana.client.get('/api/v1/me/mail'));
  assert.equal(mine.organization_mode, 'weekly');
  assert.equal(mine.default_mode, null);
  assert.equal(mine.effective_mode, 'weekly');
  assert.equal(mine.email, emailOf(ana));
  const space = await createSpace(ana, { name: unique('Kiln crew ') });
  const changed = expectOk(await ana.client.put('/api/v1/me/mail', { default_mode: 'realtime', spaces: [{ space_id: space.id, mode: 'off' }] }));
  assert.equal(changed.effective_mode, 'realtime');
  assert.equal(changed.spaces.find((s) => s.space_id === space.id).mode, 'off');
  const back = expectOk(await ana.client.put('/api/v1/me/mail', { spaces: [{ space_id: space.id, mode: 'default' }] }));
  assert.equal(back.spaces.find((s) => s.space_id === space.id).mode, 'default');
  for (const [body, field] of [
    [{ default_mode: 'hourly' }, 'default_mode'], [{}, 'default_mode'], [{ spaces: 'x' }, 'spaces'],
    [{ spaces: [{ space_id: space.id, mode: 'daily' }] }, 'spaces'], [{ default_mode: 3 }, 'default_mode'],
  ]) {
    const res = await ana.client.put('/api/v1/me/mail', body);
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, field, JSON.stringify(body));
  }
  const other = await createSpace(ben, { name: unique('Not Ana ') });
  expectError(await ana.client.put('/api/v1/me/mail', { default_mode: 'off', spaces: [{ space_id: other.id, mode: 'off' }] }), 404, 'not_found');
  assert.equal(expectOk(await ana.client.get('/api/v1/me/mail')).effective_mode, 'realtime', 'a refused change changes nothing');
  // The organization: admins only.
  const org = expectOk(await admin.client.get('/api/v1/admin/mail'));
  assert.equal(org.relay_configured, true);
  assert.equal(org.from_address, 'weft@acme.test');
  expectError(await ana.client.get('/api/v1/admin/mail'), 403, 'permission_denied');
  expectError(await admin.client.put('/api/v1/admin/mail', { default_mode: 'sometimes' }), 400, 'invalid_argument');
});

test('a reply is e-mailed at once through STARTTLS and AUTH, with unsubscribe headers and a reply address; a reaction is not', async () => {
  const post = await createPost(ana, { body: 'Who can fire the big kiln on Friday?' });
  await reply(ben, post.id, 'I can, after 3 pm.');
  const mail = await mailFor(ana, (m) => m.subject === 'Ben Replier replied to you', 'the reply e-mail');
  assert.deepEqual(mail.to, [emailOf(ana)]);
  assert.equal(mail.from, 'weft@acme.test');
  assert.equal(mail.secure, true, 'sent after STARTTLS');
  assert.ok(sink.logins.some((l) => l.user === 'weft-relay' && l.secure), 'authenticated over TLS');
  assert.equal(mail.header('from'), '"Weft at Acme" <weft@acme.test>');
  assert.match(mail.header('reply-to'), /^<reply\+\d+-\d+-\d+-[0-9a-f]{24}@acme\.test>$/);
  assert.match(mail.header('list-unsubscribe'), /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/mail\/unsubscribe\?token=\d+-0-[0-9a-f]{32}>$/);
  assert.equal(mail.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  assert.equal(mail.header('auto-submitted'), 'auto-generated');
  assert.match(mail.header('message-id'), /^<[0-9a-f]{32}@acme\.test>$/);
  assert.match(mail.text, /I can, after 3 pm\./);
  assert.match(mail.text, new RegExp(`/posts/${(await ana.client.get(`/api/v1/posts/${post.id}/replies`)).body.items[0].id}`));
  // A reaction is never worth an e-mail; Ben (weekly by default) gets nothing at once.
  assert.equal((await ben.client.put(`/api/v1/posts/${post.id}/reactions/like`)).status, 204);
  const anaBefore = mailsTo(ana).length;
  await reply(ana, post.id, 'Thanks Ben!');
  await settle();
  assert.equal(mailsTo(ana).length, anaBefore, 'no e-mail for a reaction');
  assert.equal(mailsTo(ben).length, 0, 'weekly people get no realtime e-mail');
});

test('names and titles cannot add headers: controls are removed, non-ASCII encoded', async () => {
  const space = await createSpace(ben, { name: 'Ops\r\nBcc: victim@evil.test' });
  assert.equal((await ben.client.put(`/api/v1/spaces/${space.id}/members/${ana.person.id}`, { role: 'member' })).status, 204);
  const mail = await mailFor(ana, (m) => m.subject.startsWith('You were added to'), 'the space e-mail');
  assert.deepEqual(mail.to, [emailOf(ana)]);
  assert.ok(!mail.headers.has('bcc'), 'no Bcc header');
  assert.ok(!/\r\nBcc:/i.test(mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'))));
  assert.equal(mail.subject, 'You were added to “Ops Bcc: victim@evil.test”');
  assert.match(mail.header('subject'), /^=\?UTF-8\?B\?/, 'non-ASCII subject encoded');
  assert.ok(!sink.messages.some((m) => m.to.includes('victim@evil.test')));
});

test('a reply by e-mail lands in the thread as its person; forged, foreign, oversized and unsigned mail is refused', async () => {
  const post = await createPost(ana, { body: 'Glaze order: blue or green?' });
  await reply(ben, post.id, 'Blue, like last time.');
  const mail = await mailFor(ana, (m) => m.text.includes('Blue, like last time.'), 'the reply e-mail');
  const replyTo = mail.header('reply-to').slice(1, -1);
  const replies = async () => expectOk(await ana.client.get(`/api/v1/posts/${post.id}/replies`)).items;
  const count = (await replies()).length;
  const messageId = `<${unique('m')}@mail.ana.test>`;
  const body = { to: replyTo, from: `Ana <${emailOf(ana).toUpperCase()}>`, message_id: messageId,
    text: 'Green this time, please.\n\nOn Mon, 30 Nov 2026, Weft wrote:\n> Blue, like last time.\n' };
  const made = await inbound(body);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const after1 = await replies();
  assert.equal(after1.length, count + 1);
  const landed = after1.find((p) => p.id === made.body.reply_id);
  assert.equal(landed.body, 'Green this time, please.');
  assert.equal(landed.author.id, ana.person.id);
  // The same mail again (a new signature): the same reply, nothing new.
  await settle(1100);
  const again = await inbound(body);
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  assert.equal(again.body.reply_id, made.body.reply_id);
  // A Message-ID is the sender's: Ben's mail carrying the same one is his own reply, not a copy of Ana's.
  const cleo = await member(server, { name: 'Cleo Realtime' });
  expectOk(await cleo.client.put('/api/v1/me/mail', { default_mode: 'realtime' }));
  const cleoPost = await createPost(cleo, { body: 'Kiln schedule for next week?' });
  await reply(ben, cleoPost.id, 'Tuesday works.');
  const toCleo = await mailFor(cleo, (m) => m.text.includes('Tuesday works.'), 'Ben\'s reply, to Cleo');
  const cleoMade = await inbound({ to: toCleo.header('reply-to').slice(1, -1), from: emailOf(cleo), message_id: messageId,
    text: 'Tuesday it is.' });
  assert.equal(cleoMade.status, 201, JSON.stringify(cleoMade.body));
  assert.notEqual(cleoMade.body.reply_id, made.body.reply_id);
  const cleoReplies = expectOk(await cleo.client.get(`/api/v1/posts/${cleoPost.id}/replies`)).items;
  assert.ok(cleoReplies.some((p) => p.id === cleoMade.body.reply_id && p.author.id === cleo.person.id));
  // Refused, nothing stored.
  const forged = replyTo.replace(/-([0-9a-f]{24})@/, (_, mac) => `-${mac.slice(0, 23)}${mac[23] === '0' ? '1' : '0'}@`);
  const otherPost = replyTo.replace(/^reply\+(\d+)-/, (_, id) => `reply+${Number(id) + 1}-`);
  for (const [what, change, status] of [
    ['a forged mac', { to: forged }, 403], ['another post', { to: otherPost }, 403],
    ['another sender', { from: emailOf(ben) }, 403], ['a foreign domain', { to: replyTo.replace('@acme.test', '@evil.test') }, 403],
    ['no address', { to: 'not an address' }, 400], ['quoted text only', { text: '> Blue, like last time.' }, 400],
  ]) {
    const res = await inbound({ ...body, message_id: `<${unique('x')}@x>`, ...change });
    assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  }
  const unsigned = await inbound({ ...body, message_id: `<${unique('u')}@x>` }, { sign: false });
  assert.equal(unsigned.status, 401);
  const huge = await inbound({ ...body, message_id: `<${unique('h')}@x>`, text: 'x'.repeat(300 * 1024) });
  assert.equal(huge.status, 413);
  assert.equal((await replies()).length, count + 1, 'nothing stored by refused mail');
});

test('one mail delivered many times at once makes one reply', async () => {
  expectOk(await ana.client.put('/api/v1/me/mail', { default_mode: 'realtime' }));
  const post = await createPost(ana, { body: 'Who takes the Friday firing?' });
  await reply(ben, post.id, 'I can, if nobody else does.');
  const mail = await mailFor(ana, (m) => m.text.includes('I can, if nobody else does.'), 'the reply e-mail');
  const body = { to: mail.header('reply-to').slice(1, -1), from: emailOf(ana), message_id: `<${unique('burst')}@mail.ana.test>`,
    text: 'Thanks, Ben: Friday is yours.' };
  // Ten deliveries of the same mail (each its own signature: the bytes differ in spacing only).
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => inbound(body, { indent: i })));
  const made = answers.filter((a) => a.status === 201);
  assert.equal(made.length, 1, JSON.stringify(answers.map((a) => a.status)));
  for (const a of answers.filter((x) => x.status !== 201)) {
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.duplicate, true);
    assert.equal(a.body.reply_id, made[0].body.reply_id);
  }
  const replies = expectOk(await ana.client.get(`/api/v1/posts/${post.id}/replies`)).items;
  assert.deepEqual(replies.filter((p) => p.author.id === ana.person.id).map((p) => p.body), ['Thanks, Ben: Friday is yours.']);
});

test('an expired reply address is refused', async () => {
  const short = await startServer({ env: { ...sink.env, WEFT_MAIL_REPLY_DAYS: '0' } });
  try {
    const a = await member(short, { name: 'Ada Expired' });
    const b = await member(short, { name: 'Bo Fast' });
    expectOk(await a.client.put('/api/v1/me/mail', { default_mode: 'realtime' }));
    const post = await createPost(a, { body: 'Expiring soon' });
    await reply(b, post.id, 'Quick answer');
    const mail = await mailFor(a, (m) => m.subject === 'Bo Fast replied to you', 'the e-mail');
    const adm = await short.admin();
    const s = expectOk(await adm.client.post('/api/v1/inbound-secrets', { name: 'Mail' }), 201);
    await settle(1200);
    const text = JSON.stringify({ to: mail.header('reply-to').slice(1, -1), from: a.person.email, text: 'Late', message_id: '<late@x>' });
    const ts = Math.floor(Date.now() / 1000);
    const mac = crypto.createHmac('sha256', s.secret).update(`${ts}.${text}`).digest('hex');
    const res = await fetch(short.url('/api/v1/hooks/mail'), { method: 'POST', body: text,
      headers: { 'content-type': 'application/json', 'x-weft-key-id': s.id, 'x-weft-timestamp': String(ts), 'x-weft-signature': `sha256=${mac}` } });
    assert.equal(res.status, 403);
    assert.match((await res.json()).error.message, /expired/);
  } finally {
    await short.stop();
  }
});

test('one-click unsubscribe turns that e-mail off; a forged token changes nothing', async () => {
  const cleo = await member(server, { name: 'Cleo Leaving' });
  expectOk(await cleo.client.put('/api/v1/me/mail', { default_mode: 'realtime' }));
  const post = await createPost(cleo, { body: 'Anyone for the tool library?' });
  await reply(ben, post.id, 'Me!');
  const mail = await mailFor(cleo, (m) => m.subject === 'Ben Replier replied to you', 'the e-mail');
  const url = new URL(mail.header('list-unsubscribe').slice(1, -1));
  const forged = await fetch(server.url(`/api/v1/mail/unsubscribe?token=${url.searchParams.get('token').replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`), {
    method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(forged.status, 400);
  assert.equal(expectOk(await cleo.client.get('/api/v1/me/mail')).effective_mode, 'realtime');
  const done = await fetch(server.url(url.pathname + url.search), {
    method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(done.status, 200);
  assert.equal((await done.json()).email, emailOf(cleo));
  assert.equal(expectOk(await cleo.client.get('/api/v1/me/mail')).effective_mode, 'off');
  // The access log names the request, not the token (whoever reads the logs could use it).
  const token = url.searchParams.get('token');
  await eventually(() => server.stderrTail(), (log) => log.includes('/api/v1/mail/unsubscribe?token=…'), { what: 'the access log line' });
  assert.ok(!server.stderrTail().includes(token), 'the token is not in the log');
  const before = mailsTo(cleo).length;
  await reply(ben, post.id, 'Still there?');
  await settle();
  assert.equal(mailsTo(cleo).length, before, 'no more e-mail');
});

test('a refused delivery is retried and sent once; a restart sends nothing twice', async () => {
  const dan = await member(server, { name: 'Dan Retry' });
  expectOk(await dan.client.put('/api/v1/me/mail', { default_mode: 'realtime' }));
  const post = await createPost(dan, { body: 'Retry me' });
  sink.refuse(1);
  await reply(ben, post.id, 'First try fails');
  const mail = await mailFor(dan, (m) => m.text.includes('First try fails'), 'the retried e-mail');
  assert.ok(mail);
  await settle();
  assert.equal(mailsTo(dan).filter((m) => m.text.includes('First try fails')).length, 1);
  const total = sink.messages.length;
  await server.restart();
  await settle(2500);
  assert.equal(sink.messages.length, total, 'nothing sent again after a restart');
  await reply(ben, post.id, 'After the restart');
  await mailFor(dan, (m) => m.text.includes('After the restart'), 'a new e-mail after the restart');
  const org = expectOk(await (await server.admin()).client.get('/api/v1/admin/mail'));
  assert.ok(org.sent >= 5, `sent ${org.sent}`);
});

test('digests rank what needs the person, skip those with nothing, respect private spaces, and go once', async () => {
  const owner = await member(server, { name: 'Ola Owner' });
  const carol = await member(server, { name: 'Carol Weekly' });
  const dave = await member(server, { name: 'Dave Quiet' });
  const space = await createSpace(owner, { name: unique('Glaze lab '), visibility: 'private' });
  await addMember(owner, space, carol);
  const proposal = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/proposals`,
    { title: 'Switch to lead-free glaze', body: '', closes_at: inDays(3) }), 201);
  const problem = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/problems`, { title: 'Kiln 2 overheats', body: '' }), 201);
  const solution = expectOk(await carol.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Replace the thermocouple' }), 201);
  expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  // A private space Carol is not in: nothing of it may reach her.
  const secretSpace = await createSpace(owner, { name: unique('Board room '), visibility: 'private' });
  expectOk(await owner.client.post(`/api/v1/spaces/${secretSpace.id}/proposals`, { title: 'Confidential merger', body: '', closes_at: inDays(2) }), 201);
  expectError(await carol.client.post('/api/v1/admin/mail/digests', { period: 'weekly' }), 403, 'permission_denied');
  expectError(await admin.client.post('/api/v1/admin/mail/digests', { period: 'hourly' }), 400, 'invalid_argument');
  const run = expectOk(await admin.client.post('/api/v1/admin/mail/digests', { period: 'weekly' }));
  assert.ok(run.people >= 3 && run.queued >= 1 && run.skipped >= 1, JSON.stringify(run));
  const digest = await mailFor(carol, (m) => m.header('x-weft-kind') === 'digest_weekly', 'Carol\'s digest');
  assert.match(digest.subject, /^Weft: 1 thing needs you$/);
  assert.match(digest.text, /Proposals closing soon[\s\S]*Switch to lead-free glaze/);
  assert.match(digest.text, new RegExp(`/proposals/${proposal.id}`));
  assert.match(digest.text, /Outcomes in your spaces[\s\S]*Problem solved: Kiln 2 overheats/);
  assert.ok(!digest.text.includes('Confidential merger'), 'nothing from a space she is not in');
  assert.ok(digest.header('list-unsubscribe'));
  await settle();
  assert.equal(mailsTo(dave).length, 0, 'nothing worth sending: no digest');
  assert.ok(!mailsTo(ana).some((m) => (m.header('x-weft-kind') ?? '').startsWith('digest')), 'realtime people get no weekly digest');
  // Once per person and period.
  const again = expectOk(await admin.client.post('/api/v1/admin/mail/digests', { period: 'weekly' }));
  assert.equal(again.queued, 0);
  assert.ok(again.already >= 1);
  // A stance taken: the proposal no longer needs her (a daily digest shows the outcome only).
  expectOk(await carol.client.put('/api/v1/me/mail', { default_mode: 'daily' }));
  expectOk(await carol.client.put(`/api/v1/proposals/${proposal.id}/stance`, { stance: 'agree', reason: '' }));
  expectOk(await admin.client.post('/api/v1/admin/mail/digests', { period: 'daily' }));
  const daily = await mailFor(carol, (m) => m.header('x-weft-kind') === 'digest_daily', 'the daily digest');
  assert.match(daily.subject, /^Weft: 1 outcome in your spaces$/);
  assert.ok(!daily.text.includes('Switch to lead-free glaze'));
});

test('a digest leaves out a problem on a record whose access list leaves the reader out', async () => {
  const owner = await member(server, { name: 'Oren Owner' });
  const fay = await member(server, { name: 'Fay Listed' });
  const gil = await member(server, { name: 'Gil Unlisted' });
  const space = await createSpace(owner, { name: unique('Accounts desk '), visibility: 'private' });
  await addMember(owner, space, fay);
  await addMember(owner, space, gil);
  const record = expectOk(await admin.client.put('/api/v1/records', { system: 'crm', type: 'account', external_id: unique('acct'),
    title: 'Globex renewal', access: { people: [owner.person.id, fay.person.id], units: [] } }), 201);
  const solve = async (fields) => {
    const problem = expectOk(await owner.client.post(`/api/v1/spaces/${space.id}/problems`, { body: '', ...fields }), 201);
    const solution = expectOk(await fay.client.post(`/api/v1/problems/${problem.id}/solutions`, { body: 'Done' }), 201);
    expectOk(await owner.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  };
  await solve({ title: 'Globex wants a 30% discount', record_id: record.id });
  await solve({ title: 'The invoice template is outdated' });
  expectOk(await admin.client.post('/api/v1/admin/mail/digests', { period: 'weekly' }));
  const listed = await mailFor(fay, (m) => m.header('x-weft-kind') === 'digest_weekly', 'Fay\'s digest');
  assert.match(listed.text, /Problem solved: Globex wants a 30% discount/);
  const unlisted = await mailFor(gil, (m) => m.header('x-weft-kind') === 'digest_weekly', 'Gil\'s digest');
  assert.match(unlisted.text, /Problem solved: The invoice template is outdated/);
  assert.ok(!unlisted.text.includes('Globex'), unlisted.text);
});
