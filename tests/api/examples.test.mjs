// The integrator examples (examples/) against a real server, run as an integrator would run them:
// push-expenses.mjs sends examples/expenses.csv through the signed inbound hook in both signature
// forms (created, then unchanged; a changed row updated, quietly; a wrong secret exits 1), and
// webhook-receiver.mjs verifies Weft's deliveries, prints each event once across a retry and a
// redelivery, and refuses forged ones with 401.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { expectOk } from './expect.mjs';
import { eventually } from './social.mjs';
import { parseCsv } from '../../examples/push-expenses.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PUSH = path.join(repoRoot, 'examples', 'push-expenses.mjs');
const RECEIVER = path.join(repoRoot, 'examples', 'webhook-receiver.mjs');
const SAMPLE_CSV = path.join(repoRoot, 'examples', 'expenses.csv');
const kRunTimeoutMs = 15_000;

let server;
let adminApi; // a bearer client with an admin token, as the README's curl lines use
let inbound; // {id, secret}
let tmp;
const children = new Set();

/** Runs a node script to its end; resolves to {code, stdout, stderr}. */
function run(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} ran over ${kRunTimeoutMs} ms\n${stdout}\n${stderr}`));
    }, kRunTimeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

function push(args = [], env = {}) {
  return run(PUSH, args, { WEFT_URL: server.baseUrl, WEFT_KEY_ID: inbound.id, WEFT_SECRET: inbound.secret, ...env });
}

/** The "external_id → status" lines of a push-expenses run, as an object. */
function statuses(out) {
  const lines = out.stdout.trim().split('\n').filter((line) => line.includes(' → '));
  return Object.fromEntries(lines.map((line) => line.split(' → ')));
}

const sampleIds = async () => parseCsv(await readFile(SAMPLE_CSV, 'utf8')).slice(1).map((row) => row.cells[0]);

/** Every expenses record the admin sees, by external_id. */
async function expenseRecords() {
  const byId = {};
  let cursor = '';
  do {
    const page = expectOk(await adminApi.get(`/api/v1/records?system=expenses&limit=100${cursor ? `&cursor=${cursor}` : ''}`));
    for (const record of page.items) byId[record.external_id] = record;
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return byId;
}

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'weft-examples-'));
  server = await startServer({ env: { WEFT_WEBHOOK_ALLOW_PRIVATE: 'true', WEFT_WEBHOOK_RETRY_SCALE: '0.001' } });
  const admin = await server.admin();
  adminApi = (await server.tokenFor(admin.client, ['read', 'write', 'admin'])).client;
  inbound = expectOk(await adminApi.post('/api/v1/inbound-secrets', { name: 'Expenses', system: 'expenses' }), 201);
});

after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('push-expenses: created with Weft\'s headers, unchanged with Standard Webhooks, updated (quietly) from a changed file', async () => {
  const ids = await sampleIds();
  assert.ok(ids.length >= 8, 'the sample has about eight rows');

  const first = await push();
  assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
  assert.deepEqual(statuses(first), Object.fromEntries(ids.map((id) => [id, 'created'])));
  assert.match(first.stdout, new RegExp(`${ids.length} row\\(s\\): ${ids.length} created\\n$`));

  const again = await push(['--standard']);
  assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
  assert.deepEqual(statuses(again), Object.fromEntries(ids.map((id) => [id, 'unchanged'])));

  // The records are there, with the CSV's values; a quoted title keeps its comma and quotes.
  const records = await expenseRecords();
  assert.deepEqual(Object.keys(records).sort(), [...ids].sort());
  const hotel = Object.values(records).find((r) => r.title === 'Hotel, two nights, Hampton');
  assert.ok(hotel, 'the quoted title with a comma arrives whole');
  assert.equal(hotel.type, 'statement');
  assert.deepEqual(hotel.fields, {
    employee: 'Katherine Johnson', amount: 240, currency: 'USD', status: 'rejected', submitted_at: '2024-05-07T08:30:00Z',
  });
  assert.ok(Object.values(records).some((r) => r.title.includes('"A Discipline of Programming"')), 'doubled quotes');
  assert.equal(records[ids[0]].url, `https://expenses.example.org/statements/${ids[0]}`);

  // One row changed (approved, a new amount), sent with --quiet from another file.
  const text = await readFile(SAMPLE_CSV, 'utf8');
  const changed = text.replace(`${ids[0]},Ada Lovelace,412.50,EUR,submitted`, `${ids[0]},Ada Lovelace,398.10,EUR,approved`);
  assert.notEqual(changed, text);
  const file = path.join(tmp, 'changed.csv');
  await writeFile(file, changed);
  const third = await push(['--quiet', file]);
  assert.equal(third.code, 0, `${third.stdout}\n${third.stderr}`);
  assert.deepEqual(statuses(third), Object.fromEntries(ids.map((id) => [id, id === ids[0] ? 'updated' : 'unchanged'])));
  assert.match(third.stdout, /1 updated, 7 unchanged/);
  const history = expectOk(await adminApi.get(`/api/v1/records/${records[ids[0]].id}/changes`)).items;
  const byField = Object.fromEntries(history.map((c) => [c.field, c]));
  assert.deepEqual([byField.amount?.old, byField.amount?.new], [412.5, 398.1]);
  assert.deepEqual([byField.status?.old, byField.status?.new], ['submitted', 'approved']);
  assert.ok(history.every((c) => c.quiet === true), 'sent with --quiet: the changes are quiet');
});

test('push-expenses: a wrong secret, a bad row or a missing setting fails with the reason', async () => {
  const wrong = await push([], { WEFT_SECRET: `whsec_${crypto.randomBytes(32).toString('base64')}` });
  assert.equal(wrong.code, 1, wrong.stdout);
  assert.match(wrong.stdout, /→ error: 401 unauthenticated: The signature does not match/);
  assert.match(wrong.stderr, /check WEFT_KEY_ID, WEFT_SECRET/);
  const wrongStandard = await push(['--standard'], { WEFT_SECRET: `whsec_${crypto.randomBytes(32).toString('base64')}` });
  assert.equal(wrongStandard.code, 1, wrongStandard.stdout);

  // A row the script cannot send and one the server refuses fail; the others go through.
  const file = path.join(tmp, 'bad-rows.csv');
  await writeFile(file, [
    'external_id,employee,amount,currency,status,submitted_at,title,url',
    'EXP-BAD-1,Ada Lovelace,twelve,EUR,submitted,2024-06-01T10:00:00Z,Lunch,',
    'EXP-BAD-2,Ada Lovelace,12,EUR,submitted,2024-06-01T10:00:00Z,Lunch,not a url',
    'EXP-OK-3,Ada Lovelace,12,EUR,submitted,2024-06-01T10:00:00Z,"Lunch, with ""guests""",',
  ].join('\r\n'));
  const bad = await push([file]);
  assert.equal(bad.code, 1, bad.stdout);
  const got = statuses(bad);
  assert.match(got['EXP-BAD-1'], /^error: line 2: amount is not a number/);
  assert.match(got['EXP-BAD-2'], /^error: 400 invalid_argument \(url\)/);
  assert.equal(got['EXP-OK-3'], 'created');
  assert.match(bad.stdout, /3 row\(s\): 1 created, 2 failed/);

  const unset = await push([], { WEFT_SECRET: '' });
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /WEFT_SECRET/);
  const help = await push(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--standard/);
});

test('webhook-receiver: prints a delivery once despite a retry and a redelivery; forged ones get 401', async () => {
  const webhookSecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
  const child = spawn(process.execPath, [RECEIVER, '--port', '0', '--fail-first', '1'], {
    cwd: repoRoot, env: { ...process.env, WEBHOOK_SECRET: webhookSecret }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
  readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const listening = await eventually(() => lines.find((line) => line.startsWith('listening on ')), Boolean,
    { what: `the receiver's listening line (stderr: ${stderr})` });
  const receiverUrl = listening.slice('listening on '.length);
  assert.match(receiverUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  const hook = expectOk(await adminApi.post('/api/v1/webhooks',
    { url: `${receiverUrl}/weft`, events: ['record.upserted'], secret: webhookSecret }), 201);

  // One more statement arrives; its record.upserted event is refused once (503), then printed.
  const file = path.join(tmp, 'one-more.csv');
  await writeFile(file, [
    'external_id,employee,amount,currency,status,submitted_at,title,url',
    'EXP-2024-0420,Frances Allen,733.40,USD,submitted,2024-05-15T09:00:00Z,"Compiler workshop, Yorktown",https://expenses.example.org/statements/EXP-2024-0420',
  ].join('\n'));
  const pushed = await push([file]);
  assert.equal(pushed.code, 0, `${pushed.stdout}\n${pushed.stderr}`);
  assert.equal(statuses(pushed)['EXP-2024-0420'], 'created');

  const linesFor = () => lines.filter((line) => line.includes('expenses/statement/EXP-2024-0420'));
  await eventually(linesFor, (found) => found.length >= 1, { timeoutMs: 10_000, what: `the receiver to print the event (stderr: ${stderr})` });
  const [line] = linesFor();
  const match = /^record\.upserted (\S+) record expenses\/statement\/EXP-2024-0420 \(#\d+\) "Compiler workshop, Yorktown"$/.exec(line);
  assert.ok(match, `the printed line: ${line}`);
  const eventId = match[1];
  const delivery = (await eventually(
    async () => expectOk(await adminApi.get(`/api/v1/webhooks/${hook.id}/deliveries?status=succeeded`)).items,
    (items) => items.some((d) => d.event_id === eventId), { what: 'the delivery to be recorded as succeeded' }))
    .find((d) => d.event_id === eventId);
  assert.equal(delivery.event_type, 'record.upserted');
  assert.equal(delivery.attempts, 2, 'the first attempt was answered 503 and retried');
  assert.equal(delivery.response_code, 204);
  assert.match(stderr, new RegExp(`answering 503 to attempt 1 of event ${eventId} `));

  // A redelivery comes under the same webhook-id: answered 204, not printed again.
  const again = expectOk(await adminApi.post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`), 201);
  await eventually(async () => expectOk(await adminApi.get(`/api/v1/webhooks/${hook.id}/deliveries?status=succeeded`)).items,
    (items) => items.some((d) => d.id === again.id && d.response_code === 204), { what: 'the redelivery to succeed' });
  assert.equal(linesFor().length, 1, `printed once: ${lines.join('\n')}`);

  // Deliveries the test signs itself: each form alone is enough; forged or stale ones get 401.
  const body = JSON.stringify({ id: 'test-1', type: 'webhook.test', timestamp: new Date().toISOString(), actor: null, data: {}, record: null });
  const now = Math.floor(Date.now() / 1000);
  const weft = (secret, ts = now, text = body) => ({
    'x-weft-event-id': 'test-1', 'x-weft-timestamp': String(ts),
    'x-weft-signature': `sha256=${crypto.createHmac('sha256', secret).update(`${ts}.${text}`).digest('hex')}`,
  });
  const standard = (secret, id, ts = now) => ({
    'webhook-id': id, 'webhook-timestamp': String(ts),
    'webhook-signature': `v1,${crypto.createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${ts}.${body}`).digest('base64')}`,
  });
  const deliver = (headers, text = body) => fetch(`${receiverUrl}/weft`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text,
  });
  const otherSecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
  for (const [what, headers, text] of [
    ['unsigned', {}],
    ['signed with another secret (Weft)', weft(otherSecret)],
    ['signed with another secret (Standard)', standard(otherSecret, 'forged-1')],
    ['a changed body', weft(webhookSecret), body.replace('webhook.test', 'post.deleted')],
    ['ten minutes old', weft(webhookSecret, now - 600)],
    ['ten minutes old (Standard)', standard(webhookSecret, 'stale-1', now - 600)],
  ]) {
    const res = await deliver(headers, text);
    assert.equal(res.status, 401, `${what}: ${res.status}`);
  }
  assert.equal((await deliver(weft(webhookSecret))).status, 503, 'a new event: --fail-first 1');
  assert.equal((await deliver(weft(webhookSecret))).status, 204, 'Weft\'s headers alone');
  assert.equal((await deliver(standard(webhookSecret, 'test-2'))).status, 503, 'a new event: --fail-first 1');
  assert.equal((await deliver(standard(webhookSecret, 'test-2'))).status, 204, 'Standard Webhooks headers alone');
  assert.equal(lines.filter((l) => l.startsWith('webhook.test ')).length, 2, lines.join('\n'));
  assert.ok(!lines.some((l) => l.includes('post.deleted')), 'nothing forged was printed');
  assert.match(stderr, /refused a delivery from 127\.0\.0\.1: X-Weft-Signature does not match/);

  child.kill('SIGTERM');
  const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  children.delete(child);
  assert.equal(code, 0, 'the receiver stops cleanly on SIGTERM');
});
