// Outbound webhooks against a real local receiver (docs/design/work-context.md, "Outbound
// webhooks"): registration rules and SSRF refusals, no secrets in answers, the test event, the
// delivery's body and both signatures, retries on the real schedule scaled down
// (WEFT_WEBHOOK_RETRY_SCALE), order per webhook, nothing lost across a restart, 410 disabling,
// Retry-After, redelivery, and the outcome of a problem on a record carried back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { startServer, unique } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { createPost, eventually, member, waitForNotification } from './social.mjs';
import { addSolution, createSpace } from './collab.mjs';

let server;
let admin;
let alice;
let receiver;

const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;

/** A receiver on loopback: records every request; `plan` answers them (status, headers). */
function startReceiver() {
  const requests = [];
  let plan = () => ({ status: 204 });
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const entry = { path: req.url, headers: req.headers, body, at: Date.now() };
      requests.push(entry);
      const answer = plan(entry, requests.length);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        url: (p = '/hook') => `http://127.0.0.1:${srv.address().port}${p}`,
        requests,
        setPlan(fn) { plan = fn; },
        close: () => new Promise((done) => srv.close(done)),
      });
    });
  });
}

function verifyContract(entry, key) {
  const ts = entry.headers['x-weft-timestamp'];
  const mac = crypto.createHmac('sha256', key).update(`${ts}.${entry.body}`).digest('hex');
  return entry.headers['x-weft-signature'] === `sha256=${mac}`;
}

function verifyStandard(entry, key) {
  const id = entry.headers['webhook-id'];
  const ts = entry.headers['webhook-timestamp'];
  const keyBytes = Buffer.from(key.slice('whsec_'.length), 'base64');
  const expected = `v1,${crypto.createHmac('sha256', keyBytes).update(`${id}.${ts}.${entry.body}`).digest('base64')}`;
  return entry.headers['webhook-signature'].split(' ').includes(expected);
}

async function newWebhook(path, events, fields = {}) {
  return expectOk(await admin.client.post('/api/v1/webhooks', { url: receiver.url(path), events, secret, ...fields }), 201);
}

const forPath = (path) => receiver.requests.filter((r) => r.path === path);

before(async () => {
  receiver = await startReceiver();
  server = await startServer({ env: { WEFT_WEBHOOK_ALLOW_PRIVATE: 'true', WEFT_WEBHOOK_RETRY_SCALE: '0.001' } });
  admin = await server.admin();
  alice = await member(server, { name: 'Alice Webhook' });
});

after(async () => {
  await server?.stop();
  await receiver?.close();
});

test('webhooks are for admins; bad registrations are 400 naming the field; secrets never come back', async () => {
  expectError(await alice.client.post('/api/v1/webhooks', { url: receiver.url(), events: ['*'], secret }), 403);
  expectError(await alice.client.get('/api/v1/webhooks'), 403);
  expectError(await server.anonymous().get('/api/v1/webhooks'), 401);
  const cases = [
    [{ url: 'ftp://example.org/x' }, 'url'],
    [{ url: 'https://user:pw@example.org/x' }, 'url'],
    [{ url: 'https://example.org/x#frag' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'http://no-such-host.invalid/' }, 'url'],
    [{ events: [] }, 'events'],
    [{ events: ['post.exploded'] }, 'events'],
    [{ events: ['token.created'] }, 'events'],
    [{ events: ['*', 'post.created'] }, 'events'],
    [{ secret: 'short' }, 'secret'],
    [{ secret: 'whsec_AAAA' }, 'secret'],
  ];
  for (const [change, field] of cases) {
    const res = await admin.client.post('/api/v1/webhooks', { url: receiver.url(), events: ['post.created'], secret, ...change });
    expectError(res, 400, 'invalid_argument', field);
  }
  const unknown = await admin.client.post('/api/v1/webhooks', { url: receiver.url(), events: ['problem.opened'], secret });
  assert.match(unknown.body.error.message, /Known: .*problem\.created/);
  const made = await newWebhook('/crud', ['post.created']);
  assert.equal(made.enabled, true);
  assert.equal(made.secret, undefined);
  const list = expectOk(await admin.client.get('/api/v1/webhooks'));
  assert.ok(!JSON.stringify(list).includes(secret), 'no secret in the list');
  const changed = expectOk(await admin.client.patch(`/api/v1/webhooks/${made.id}`, { events: ['post.created', 'post.replied'] }));
  assert.deepEqual(changed.events, ['post.created', 'post.replied']);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${made.id}`));
  expectError(await admin.client.get(`/api/v1/webhooks/${made.id}`), 404);
});

test('the test event is sent now and shows the receiver\'s answer', async () => {
  const hook = await newWebhook('/test-event', ['post.created']);
  receiver.setPlan((entry) => (entry.path === '/test-event' ? { status: 200, body: 'pong' } : { status: 204 }));
  const result = expectOk(await admin.client.post(`/api/v1/webhooks/${hook.id}/test`));
  assert.equal(result.status_code, 200);
  assert.equal(result.body, 'pong');
  assert.equal(result.error, null);
  const got = forPath('/test-event').at(-1);
  assert.equal(JSON.parse(got.body).type, 'webhook.test');
  assert.ok(verifyContract(got, secret) && verifyStandard(got, secret), 'both signatures verify');
  const log = expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`));
  assert.equal(log.items[0].event_type, 'webhook.test');
  assert.equal(log.items[0].status, 'succeeded');
  assert.equal(log.items[0].response_code, 200);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
  receiver.setPlan(() => ({ status: 204 }));
});

test('a receiver\'s answer that is not clean UTF-8 is kept as text, and the delivery is recorded once', async () => {
  const path = `/bytes-${unique('b')}`;
  const hook = await newWebhook(path, ['post.created']);
  // 1,023 ASCII bytes, then "é" across byte 1,024, then a Latin-1 byte and a lone continuation byte.
  const answer = Buffer.concat([Buffer.from('a'.repeat(1023)), Buffer.from('é'), Buffer.from([0xe9, 0x80, 0x41])]);
  receiver.setPlan((entry) => (entry.path === path ? { status: 200, body: answer } : { status: 204 }));
  const post = await createPost(alice, { body: `bytes ${unique('w')}` });
  const log = await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items,
    (items) => items.some((d) => d.status === 'succeeded'), { timeoutMs: 10000, what: 'the delivery to be recorded' });
  const delivery = log.find((d) => d.status === 'succeeded');
  assert.equal(delivery.attempts, 1);
  assert.equal(delivery.response_excerpt, 'a'.repeat(1023), 'cut before the character that crosses 1,024 bytes');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(forPath(path).filter((r) => JSON.parse(r.body).data.id === post.id).length, 1, 'sent once');
  // The test event shows bytes that are not UTF-8 as U+FFFD.
  receiver.setPlan((entry) => (entry.path === path ? { status: 200, body: Buffer.from([0x6f, 0xe9, 0x6b]) } : { status: 204 }));
  const result = expectOk(await admin.client.post(`/api/v1/webhooks/${hook.id}/test`));
  assert.equal(result.status_code, 200);
  assert.equal(result.body, 'o\uFFFDk');
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
  receiver.setPlan(() => ({ status: 204 }));
});

test('deliveries fail three times, then succeed, in order, both signatures valid, nothing lost across a restart', async () => {
  const path = `/retry-${unique('r')}`;
  const hook = await newWebhook(path, ['post.created']);
  // The first three attempts of each event fail with 500; then 204.
  const seen = new Map();
  receiver.setPlan((entry) => {
    if (entry.path !== path) return { status: 204 };
    const id = entry.headers['webhook-id'];
    seen.set(id, (seen.get(id) ?? 0) + 1);
    return seen.get(id) <= 3 ? { status: 500, body: 'not yet' } : { status: 204 };
  });
  const first = await createPost(alice, { body: `first ${unique('w')}` });
  const second = await createPost(alice, { body: `second ${unique('w')}` });
  await eventually(() => forPath(path).filter((r) => JSON.parse(r.body).data.id === first.id).length,
    (n) => n >= 1, { what: 'the first attempt' });
  await server.restart();
  await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries?status=succeeded`)).items,
    (items) => items.length >= 2, { timeoutMs: 20000, what: 'both deliveries to succeed' });
  const got = forPath(path);
  for (const entry of got) {
    assert.ok(verifyContract(entry, secret), 'X-Weft-Signature verifies');
    assert.ok(verifyStandard(entry, secret), 'webhook-signature verifies');
    assert.equal(entry.headers['x-weft-event-id'], entry.headers['webhook-id']);
    assert.equal(entry.headers['content-type'], 'application/json');
  }
  const bodies = got.map((r) => JSON.parse(r.body));
  const firstSuccess = (postId) => got.findIndex((r, k) => JSON.parse(r.body).data.id === postId &&
    got.slice(0, k + 1).filter((x) => JSON.parse(x.body).data.id === postId).length === 4);
  assert.ok(firstSuccess(first.id) < firstSuccess(second.id), 'in event order: the second waits for the first');
  // Every attempt before the first's success is for the first post: order per webhook.
  const beforeFirst = bodies.slice(0, firstSuccess(first.id) + 1);
  assert.ok(beforeFirst.every((b) => b.data.id === first.id));
  const body = bodies[0];
  assert.equal(body.type, 'post.created');
  assert.equal(body.actor, alice.person.id);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT/);
  const log = expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items;
  assert.ok(log.every((d) => d.status === 'succeeded' && d.attempts === 4 && d.response_code === 204), JSON.stringify(log));
  // Redelivery sends the same body again under the same event id.
  const again = expectOk(await admin.client.post(`/api/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`), 201);
  assert.equal(again.redelivery_of, log[0].id);
  await eventually(() => forPath(path).length, (n) => n >= got.length + 1, { what: 'the redelivery' });
  const last = forPath(path).at(-1);
  assert.equal(last.body, got.find((r) => r.headers['webhook-id'] === log[0].event_id).body);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
});

test('410 disables the webhook; Retry-After is honoured; enabling again resumes', async () => {
  const path = `/gone-${unique('g')}`;
  const hook = await newWebhook(path, ['post.created']);
  receiver.setPlan((entry) => (entry.path === path ? { status: 410 } : { status: 204 }));
  await createPost(alice, { body: `gone ${unique('w')}` });
  const disabled = await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}`)),
    (h) => !h.enabled, { what: 'the webhook to be disabled' });
  assert.equal(disabled.disabled_reason, 'gone');
  await waitForNotification(admin, (n) => n.kind === 'webhook_disabled' && n.subject_type === 'webhook' &&
    n.subject_id === hook.id, 'the admins are told');
  // Retry-After: 2 (seconds, scaled by 0.001: 2 ms) is read and recorded as the next attempt.
  receiver.setPlan((entry) => (entry.path === path ? { status: 503, headers: { 'retry-after': '3600' } } : { status: 204 }));
  expectOk(await admin.client.patch(`/api/v1/webhooks/${hook.id}`, { enabled: true }));
  await createPost(alice, { body: `busy ${unique('w')}` });
  const pending = await eventually(
    async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries?status=pending`)).items,
    (items) => items.some((d) => d.attempts >= 1), { what: 'a failed attempt' });
  const waiting = pending.find((d) => d.attempts >= 1);
  assert.equal(waiting.response_code, 503);
  const wait = Date.parse(waiting.next_attempt_at) - Date.parse(waiting.last_attempt_at ?? waiting.created_at);
  assert.ok(wait >= 2000, `Retry-After of an hour, scaled by 0.001, is 3.6 s: next attempt ${wait} ms later`);
  receiver.setPlan(() => ({ status: 204 }));
  await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries?status=pending`)).items,
    (items) => items.length === 0, { timeoutMs: 15000, what: 'the pending deliveries to go out' });
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
});

test('the outcome of a problem on a record goes back to the record\'s system', async () => {
  const path = `/outcome-${unique('o')}`;
  await newWebhook(path, ['problem.resolved']);
  const record = expectOk(await alice.client.put('/api/v1/records', {
    system: 'crm', type: 'case', external_id: `case-${unique('c')}`, title: 'Customer cannot log in',
  }), 201);
  const space = await createSpace(alice, { name: unique('Support '), visibility: 'public', kind: 'problem' });
  const problem = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'Login fails for Acme', record_id: record.id }), 201);
  const solution = await addSolution(alice, problem);
  expectOk(await alice.client.post(`/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id }));
  const got = await eventually(() => forPath(path), (items) => items.length >= 1, { what: 'problem.resolved' });
  const body = JSON.parse(got[0].body);
  assert.equal(body.type, 'problem.resolved');
  assert.equal(body.data.id, problem.id);
  assert.deepEqual(body.record, { id: record.id, system: 'crm', type: 'case', external_id: record.external_id, url: null });
  assert.equal(body.outcome.status, 'resolved');
  assert.equal(body.outcome.accepted_solution, solution.id);
  assert.ok(verifyStandard(got[0], secret));
});

test('work on a record in a space the webhook\'s creator may not read goes back redacted: the decision, not its words', async () => {
  const path = `/redacted-${unique('r')}`;
  await newWebhook(path, ['proposal.closed']);
  const record = expectOk(await alice.client.put('/api/v1/records', {
    system: 'crm', type: 'case', external_id: `case-${unique('c')}`, title: 'Renewal terms',
  }), 201);
  const space = await createSpace(alice, { name: unique('Board '), visibility: 'private', kind: 'problem' });
  const problem = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/problems`,
    { title: 'Acme asks for new terms', record_id: record.id }), 201);
  const idea = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/ideas`,
    { title: 'Offer a two-year term', body: '', from_problem_id: problem.id }), 201);
  const proposal = expectOk(await alice.client.post(`/api/v1/spaces/${space.id}/proposals`,
    { title: 'Two-year term for Acme', body: '', closes_at: new Date(Date.now() + 86400000).toISOString(), from_idea_id: idea.id }), 201);
  expectOk(await alice.client.post(`/api/v1/proposals/${proposal.id}/close`,
    { outcome: 'Agreed at 7% below list, confidential', decision: 'adopted' }));
  const got = await eventually(() => forPath(path), (items) => items.length >= 1, { what: 'proposal.closed' });
  const body = JSON.parse(got[0].body);
  assert.equal(body.redacted, true);
  assert.equal(body.data, null);
  assert.equal(body.record.id, record.id);
  assert.equal(body.outcome.decision, 'adopted');
  assert.ok(!got[0].body.includes('confidential') && !got[0].body.includes('7%'), got[0].body);
});

test('only a webhook\'s creator may point it elsewhere or send its deliveries again', async () => {
  // The creator's deliveries carry a private space only they are in; another admin is not in it.
  const path = `/owned-${unique('o')}`;
  const hook = await newWebhook(path, ['post.created']);
  const space = await createSpace(admin, { name: unique('Owners '), visibility: 'private' });
  const post = expectOk(await admin.client.post('/api/v1/posts', { body: `owners only ${unique('s')}`, audience: 'space', space_id: space.id }), 201);
  await eventually(() => forPath(path), (items) => items.some((r) => JSON.parse(r.body).data?.id === post.id), { what: 'the delivery' });
  const deputy = await server.signedInPerson({ name: 'Dora Deputy', role: 'admin' });
  const elsewhere = receiver.url(`/elsewhere-${unique('e')}`);
  expectError(await deputy.client.patch(`/api/v1/webhooks/${hook.id}`, { url: elsewhere }), 403, 'permission_denied');
  const log = expectOk(await deputy.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items;
  expectError(await deputy.client.post(`/api/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`), 403, 'permission_denied');
  assert.equal(expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}`)).url, receiver.url(path), 'unchanged');
  // Other changes are any admin's, and the creator may move it.
  assert.deepEqual(expectOk(await deputy.client.patch(`/api/v1/webhooks/${hook.id}`, { events: ['post.created', 'post.deleted'] })).events,
    ['post.created', 'post.deleted']);
  assert.equal(expectOk(await admin.client.patch(`/api/v1/webhooks/${hook.id}`, { url: elsewhere })).url, elsewhere);
  expectOk(await admin.client.post(`/api/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`), 201);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
});

test('a delivery waiting for a retry is not sent once what it shows is gone: a deleted post', async () => {
  const path = `/gone-${unique('g')}`;
  const hook = await newWebhook(path, ['post.created']);
  receiver.setPlan((entry) => (entry.path === path ? { status: 500 } : { status: 204 }));
  const post = await createPost(alice, { body: `soon deleted ${unique('d')}` });
  await eventually(() => forPath(path).length, (n) => n >= 1, { what: 'the first attempt' });
  expectNoContent(await alice.client.delete(`/api/v1/posts/${post.id}`));
  // The receiver keeps failing until the delivery is settled: an attempt already in flight when the
  // post went (a slow build) fails, and the next is withdrawn, never sent to a receiver that would take it.
  const log = await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items,
    (items) => items.length === 1 && items[0].status !== 'pending', { timeoutMs: 10000, what: 'the delivery to be settled' });
  receiver.setPlan(() => ({ status: 204 }));
  assert.equal(log[0].status, 'failed');
  assert.match(log[0].error, /no longer visible/);
  const sent = forPath(path).length;
  assert.ok(forPath(path).every((r) => r.headers['webhook-id'] === log[0].event_id));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(forPath(path).length, sent, 'nothing more is sent');
  // Sending it again is refused the same way: it stays unsent.
  const again = expectOk(await admin.client.post(`/api/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`), 201);
  const settled = await eventually(async () => expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items
    .find((d) => d.id === again.id), (d) => d && d.status !== 'pending', { what: 'the redelivery to be settled' });
  assert.equal(settled.status, 'failed');
  assert.equal(forPath(path).length, sent);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
});

test('post.deleted says which post went, without its words, to a creator who could read it', async () => {
  const path = `/deleted-${unique('d')}`;
  const hook = await newWebhook(path, ['post.deleted']);
  const space = await createSpace(alice, { name: unique('Alice alone '), visibility: 'private' });
  const hidden = expectOk(await alice.client.post('/api/v1/posts',
    { body: `private words ${unique('w')}`, audience: 'space', space_id: space.id }), 201);
  const open = await createPost(alice, { body: `public words ${unique('w')}` });
  expectNoContent(await alice.client.delete(`/api/v1/posts/${hidden.id}`));
  expectNoContent(await alice.client.delete(`/api/v1/posts/${open.id}`));
  const got = await eventually(() => forPath(path), (items) => items.length >= 1, { what: 'post.deleted' });
  await new Promise((r) => setTimeout(r, 300));
  const bodies = forPath(path).map((r) => JSON.parse(r.body));
  assert.equal(bodies.length, 1, 'not the post of a space the creator is not in');
  assert.equal(bodies[0].type, 'post.deleted');
  assert.equal(bodies[0].actor, alice.person.id);
  assert.equal(bodies[0].deleted, true);
  assert.equal(bodies[0].data, null);
  assert.deepEqual(bodies[0].object, { type: 'post', id: open.id });
  assert.equal(bodies[0].record, null);
  assert.ok(!got[0].body.includes('public words'), got[0].body);
  assert.ok(verifyStandard(got[0], secret));
  const log = expectOk(await admin.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items;
  assert.deepEqual(log.map((d) => [d.event_type, d.status]), [['post.deleted', 'succeeded']]);
  expectNoContent(await admin.client.delete(`/api/v1/webhooks/${hook.id}`));
});

test('without WEFT_WEBHOOK_ALLOW_PRIVATE, inside addresses are refused at registration and at delivery', async () => {
  const other = await startServer({ env: { WEFT_WEBHOOK_ALLOW_PRIVATE: 'true', WEFT_WEBHOOK_RETRY_SCALE: '0.001' } });
  try {
    let root = await other.admin();
    const path = `/private-${unique('p')}`;
    const hook = expectOk(await root.client.post('/api/v1/webhooks', { url: receiver.url(path), events: ['post.created'], secret }), 201);
    other.env.WEFT_WEBHOOK_ALLOW_PRIVATE = 'false';
    await other.restart();
    other.adminSession = undefined;
    root = await other.admin();
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://[::1]:9/x', 'http://[::ffff:127.0.0.1]/x',
      'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/x', 'http://2130706433/x']) {
      const res = await root.client.post('/api/v1/webhooks', { url, events: ['*'], secret });
      expectError(res, 400, 'invalid_argument', 'url');
      assert.match(res.body.error.message, /loopback, private, link-local/, url);
    }
    // Registered while allowed, refused at delivery now: nothing reaches the receiver.
    await createPost(root, { body: `inside ${unique('w')}` });
    const failed = await eventually(
      async () => expectOk(await root.client.get(`/api/v1/webhooks/${hook.id}/deliveries`)).items,
      (items) => items.some((d) => d.attempts >= 1), { what: 'a refused attempt' });
    assert.match(failed[0].error, /loopback, private, link-local/);
    assert.equal(failed[0].response_code, null);
    assert.deepEqual(forPath(path), []);
  } finally {
    await other.stop();
  }
});
