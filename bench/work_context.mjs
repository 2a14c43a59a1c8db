#!/usr/bin/env node
// Work-context benchmarks (issue 10), on loopback, client and server on the same cores:
//   1. signed record upserts through POST /api/v1/hooks/records at 1, 8 and 32 senders: new records,
//      then the same records again with a changed field; requests/s, p50, p99;
//   2. webhook deliveries to a local receiver (instant, then answering after 50 ms) while posts are
//      written at a steady rate: deliveries/s and the lag from the post's acknowledgement to its
//      receipt, p50 and p99;
//   3. the personal export of the person with the most posts, as an admin: time, lines, bytes.
// Usage: node bench/work_context.mjs DATA_DIR [seconds=10]
//   DATA_DIR is served as is (use a copy of build/bench-data-100000: the run writes to it).
// Prints a Markdown section for bench/RESULTS.md.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ms, percentile, request } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dataDir, secondsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/work_context.mjs DATA_DIR [seconds]');
  process.exit(2);
}
const seconds = Number(secondsText || 10);
const bin = process.env.WEFT_BIN || path.join(root, 'build', 'weft');

// ---- the server
const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'warn'], {
  env: { ...process.env, WEFT_WEBHOOK_ALLOW_PRIVATE: 'true', WEFT_DATABASE_URL: '' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const m = /listening on (http:\/\/[0-9.:]+)/.exec(line);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`weft exited ${code}`)));
});
process.on('exit', () => child.kill('SIGTERM'));

async function signIn(email) {
  const res = await request(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'weft-demo' }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status} ${res.text}`);
  return { cookie: res.headers['set-cookie'][0].split(';')[0], csrf: JSON.parse(res.text).csrf_token };
}
const admin = await signIn('admin@weft.demo');
const asAdmin = (method, p, body) => request(`${base}${p}`, {
  method,
  headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const made = JSON.parse((await asAdmin('POST', '/api/v1/inbound-secrets', { name: 'bench' })).text);

// ---- 1. signed upserts
function signed(body) {
  const ts = Math.floor(Date.now() / 1000);
  const mac = crypto.createHmac('sha256', made.secret).update(`${ts}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-weft-key-id': made.id, 'x-weft-timestamp': String(ts),
    'x-weft-signature': `sha256=${mac}` };
}
const run = `r${Date.now().toString(36)}`;
async function upserts(senders, phase) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: senders }, async () => {
    while (Date.now() < until) {
      const k = next++;
      const body = JSON.stringify({
        system: 'expenses', type: 'statement', external_id: `${run}-${senders}-${phase === 'new' ? k : k % 2000}`,
        title: `Statement ${k}`, url: `https://expenses.example.org/s/${k}`,
        fields: { employee: `E${k % 977}`, amount: phase === 'new' ? 100 + (k % 500) : 200 + k, currency: 'EUR',
          status: 'submitted' },
      });
      const started = performance.now();
      const res = await request(`${base}/api/v1/hooks/records`, { method: 'POST', headers: signed(body), body });
      latencies.push(performance.now() - started);
      if (res.status !== 202) errors += 1;
    }
  }));
  return { rate: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}
const hookRows = [];
for (const senders of [1, 8, 32]) {
  for (const phase of ['new', 'changed']) {
    const r = await upserts(senders, phase);
    hookRows.push(`| ${senders} | ${phase} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`);
  }
}

// ---- 2. webhook deliveries
const received = new Map();  // post id → receipt time
let delayMs = 0;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const at = performance.now();
    try {
      const id = JSON.parse(body).data?.id;
      if (id && !received.has(id)) received.set(id, at);
    } catch { /* not ours */ }
    setTimeout(() => { res.writeHead(204); res.end(); }, delayMs);
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookSecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
const webhook = JSON.parse((await asAdmin('POST', '/api/v1/webhooks', {
  url: `http://127.0.0.1:${receiver.address().port}/hook`, events: ['post.created'], secret: hookSecret,
})).text);

async function deliveries(rate, delay) {
  delayMs = delay;
  received.clear();
  const acknowledged = new Map();
  const started = performance.now();
  const total = rate * seconds;
  const writes = [];
  for (let k = 0; k < total; k++) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    writes.push(asAdmin('POST', '/api/v1/posts', { body: `bench delivery ${k}`, audience: 'public' }).then((res) => {
      if (res.status === 201) acknowledged.set(JSON.parse(res.text).id, performance.now());
    }));
  }
  await Promise.all(writes);
  const deadline = performance.now() + 120000;
  while (received.size < acknowledged.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const lags = [];
  for (const [id, at] of acknowledged) if (received.has(id)) lags.push(received.get(id) - at);
  const last = Math.max(...received.values());
  return { sent: acknowledged.size, got: lags.length, rate: lags.length / ((last - started) / 1000),
    p50: percentile(lags, 50), p99: percentile(lags, 99) };
}
const deliveryRows = [];
for (const [rate, delay] of [[50, 0], [200, 0], [200, 50]]) {
  const r = await deliveries(rate, delay);
  deliveryRows.push(`| ${rate}/s | ${delay} ms | ${r.sent} | ${r.got} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} |`);
}
await asAdmin('DELETE', `/api/v1/webhooks/${webhook.id}`);
receiver.close();

// ---- 3. the personal export of the busiest person
const busiest = execFileSync('sqlite3', [path.join(dataDir, 'weft.db'),
  'SELECT author_id, COUNT(*) FROM posts GROUP BY author_id ORDER BY 2 DESC LIMIT 1'], { encoding: 'utf8' })
  .trim().split('|');
const exportTimes = [];
let exported;
for (let k = 0; k < 3; k++) {
  const started = performance.now();
  exported = await request(`${base}/api/v1/people/${busiest[0]}/export`, { headers: { cookie: admin.cookie } });
  exportTimes.push(performance.now() - started);
}
const lines = exported.text.trim().split('\n');
const kinds = {};
for (const line of lines.slice(1)) {
  const kind = JSON.parse(line).kind;
  kinds[kind] = (kinds[kind] ?? 0) + 1;
}
const rss = Number(/VmRSS:\s+(\d+)/.exec(execFileSync('cat', [`/proc/${child.pid}/status`], { encoding: 'utf8' }))[1]);

console.log(`## Issue 10 — work context (records, hooks, webhooks, export)
- Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}; store: ${dataDir}
- Command: \`node bench/work_context.mjs ${dataDir} ${seconds}\` (node client on the same cores as the server)

Signed upserts through \`POST /api/v1/hooks/records\` (Weft's signature; each request verified, the
replay row written and the record upserted in one transaction; ${seconds} s per row):

| senders | records | requests/s | p50 | p99 | errors |
|---|---|---|---|---|---|
${hookRows.join('\n')}

Webhook deliveries of \`post.created\` to a receiver on loopback while posts are written at a
steady rate (${seconds} s); lag = receipt − the post's 201:

| posts | receiver answers after | posts acknowledged | delivered | deliveries/s | lag p50 | lag p99 |
|---|---|---|---|---|---|---|
${deliveryRows.join('\n')}

Personal export of the person with the most posts (id ${busiest[0]}, ${busiest[1]} posts), by an admin:
${exportTimes.map((t) => ms(t)).join(', ')} (3 runs); ${lines.length} lines, ${(exported.text.length / 2 ** 20).toFixed(1)} MiB
(${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')}). Server RSS after the runs: ${(rss / 1024).toFixed(0)} MiB.
`);
process.exit(0);
