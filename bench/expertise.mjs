#!/usr/bin/env node
// Expertise benchmarks (issue 11), on loopback, client and server on the same cores:
//   1. the index built as the server starts: time from start until GET /expertise answers
//      ready, the evidence counted, and the server's resident memory before and after;
//   2. GET /api/v1/expertise as the demo member, one request at a time (p50, p99) and four at a
//      time (requests/s, p50, p99), for problems described in the demo's own words and in new ones;
//   3. update lag: from the answer to "accept this solution" until the solver is named for the
//      problem's words (polled every 2 ms), p50 and p99 over 20 problems.
// Usage: node bench/expertise.mjs DATA_DIR [seconds=10]
//   DATA_DIR is served as is (the run adds a space with 20 problems to it).
//   WEFT_BENCH_PG_URL: serve that PostgreSQL database instead of DATA_DIR's SQLite store (fill it
//   with `weft migrate-store --from sqlite:DATA_DIR --to URL`); DATA_DIR still holds the files.
// Prints a Markdown section for bench/RESULTS.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ms, percentile, request } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dataDir, secondsText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/expertise.mjs DATA_DIR [seconds]');
  process.exit(2);
}
const seconds = Number(secondsText || 10);
const bin = process.env.WEFT_BIN || path.join(root, 'build', 'weft');
const rssMiB = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};

// ---- 1. start-up
const started = performance.now();
const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'info'], {
  env: { ...process.env, WEFT_DATABASE_URL: process.env.WEFT_BENCH_PG_URL || '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let indexedLine = '';
readline.createInterface({ input: child.stderr }).on('line', (line) => {
  if (line.includes('expertise:')) indexedLine = line.replace(/^.*expertise: /, '');
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
const listeningMs = performance.now() - started;
const rssListening = rssMiB(child.pid);

async function signIn(email) {
  const res = await request(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'weft-demo' }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status} ${res.text}`);
  const body = JSON.parse(res.text);
  return { cookie: res.headers['set-cookie'][0].split(';')[0], csrf: body.csrf_token, person: body.person };
}
const member = await signIn('member@weft.demo');
const admin = await signIn('admin@weft.demo');
const call = (who, method, p, body) => request(`${base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const expertise = (who, q) => call(who, 'GET', `/api/v1/expertise?q=${encodeURIComponent(q)}&limit=10`);
for (;;) {
  const res = await expertise(member, 'warm up');
  if (res.status === 200 && JSON.parse(res.text).ready) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const readyMs = performance.now() - started;
const rssReady = rssMiB(child.pid);

// ---- 2. queries
const demoWords = [
  'Invoices from two suppliers are rejected by the ERP', 'Forecast for the northern region is 12% off every month',
  'Customers wait three days for a first answer', 'Releases slip because the test environment is shared',
  'Expense statements are approved without receipts', 'Returns are not restocked for two weeks',
  'The partner portal times out at month end', 'supplier onboarding checklist', 'Q3 forecast variance',
  'checkout latency after the pricing change', 'Kubernetes upgrade broke the staging cluster',
  'PostgreSQL replication lag during the month end close'];
const newWords = ['How do we report carbon emissions for the new warehouse', 'Who knows the mobile release process',
  'data retention policy for customer escalations', 'mentoring new hires in the hiring pipeline'];
const questions = [...demoWords, ...newWords];
// The first answers after a start read the store's pages from disk: measured apart.
const cold = [];
for (let k = 0; k < questions.length * 3; k++) {
  const t = performance.now();
  await expertise(member, questions[k % questions.length]);
  cold.push(performance.now() - t);
}
// The server's other start-up work (catching its views up, the analytics it keeps warm) runs in
// the background for a while after the index is ready; the steady-state figures wait for it: until
// the server used under 5% of a core for two seconds in a row (at most two minutes).
const cpuSeconds = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // utime + stime, in ticks of 1/100 s (Linux)
};
const settleStarted = performance.now();
for (let quiet = 0, before = cpuSeconds(child.pid); quiet < 2 && performance.now() - settleStarted < 120000;) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const now = cpuSeconds(child.pid);
  quiet = now - before < 0.05 ? quiet + 1 : 0;
  before = now;
}
const settledMs = performance.now() - started;
let named = 0;
const one = [];
const cpuBeforeOne = cpuSeconds(child.pid);
for (let k = 0; k < 400; k++) {
  const t = performance.now();
  const res = await expertise(member, questions[k % questions.length]);
  one.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`expertise ${res.status} ${res.text}`);
  named += JSON.parse(res.text).items.length;
}
const cpuOne = cpuSeconds(child.pid) - cpuBeforeOne;
// The same one at a time with a filter that narrows who is ranked: the asker's own unit, and
// everyone outside it.
const filtered = {};
for (const [name, extra] of [['unit', `&unit_id=${member.person.unit_id}`], ['outside', '&outside_unit=true']]) {
  const times = [];
  let people = 0;
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    const res = await call(member, 'GET', `/api/v1/expertise?q=${encodeURIComponent(questions[k % questions.length])}&limit=10${extra}`);
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`expertise ${name} ${res.status} ${res.text}`);
    people += JSON.parse(res.text).items.length;
  }
  filtered[name] = { times, people: people / times.length };
}
// A guest asking (evidence outside their spaces does not count for them: their scope lists the
// records they may read), and a record's page as a member (ranked for the record, then filtered
// to the people who may read it).
const guest = await signIn('guest2@partner.example');  // a guest of one space (guest1 is in none)
const records = JSON.parse((await call(member, 'GET', '/api/v1/records?limit=50')).text).items;
for (const [name, path] of [['guest', (k) => `/api/v1/expertise?q=${encodeURIComponent(questions[k % questions.length])}&limit=10`],
  ['record', (k) => `/api/v1/records/${records[k % records.length].id}`]]) {
  const who = name === 'guest' ? guest : member;
  const times = [];
  let people = 0;
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    const res = await call(who, 'GET', path(k));
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${name} ${res.status} ${res.text}`);
    const body = JSON.parse(res.text);
    people += (name === 'guest' ? body.items : body.suggested_experts).length;
  }
  filtered[name] = { times, people: people / times.length };
}
const four = [];
const cpuBeforeFour = cpuSeconds(child.pid);
const until = Date.now() + seconds * 1000;
let next = 0;
await Promise.all(Array.from({ length: 4 }, async () => {
  while (Date.now() < until) {
    const q = questions[next++ % questions.length];
    const t = performance.now();
    const res = await expertise(member, q);
    four.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`expertise ${res.status}`);
  }
}));
const cpuFour = cpuSeconds(child.pid) - cpuBeforeFour;
// /healthz the same way, in the same run: the server's floor, to read the figures above against.
const healthOne = [];
for (let k = 0; k < 400; k++) {
  const t = performance.now();
  await request(`${base}/healthz`);
  healthOne.push(performance.now() - t);
}
const healthFour = [];
const healthUntil = Date.now() + seconds * 1000;
await Promise.all(Array.from({ length: 4 }, async () => {
  while (Date.now() < healthUntil) {
    const t = performance.now();
    await request(`${base}/healthz`);
    healthFour.push(performance.now() - t);
  }
}));
const rssAfter = rssMiB(child.pid);

// ---- 3. update lag
const me = JSON.parse((await call(member, 'GET', '/api/v1/me')).text);
const space = JSON.parse((await call(member, 'POST', '/api/v1/spaces',
  { name: `Bench ${Date.now().toString(36)}`, purpose: 'lag', visibility: 'public', kind: 'problem' })).text);
const lags = [];
for (let k = 0; k < 20; k++) {
  const word = `zq${Date.now().toString(36)}${k}`.replace(/[0-9]/g, (d) => 'abcdefghij'[d]);
  const problem = JSON.parse((await call(member, 'POST', `/api/v1/spaces/${space.id}/problems`,
    { title: `The ${word} gauge reads low`, body: 'Since Monday' })).text);
  const solution = JSON.parse((await call(member, 'POST', `/api/v1/problems/${problem.id}/solutions`,
    { body: `Recalibrate the ${word} gauge` })).text);
  const accepted = await call(member, 'POST', `/api/v1/problems/${problem.id}/accept`, { solution_id: solution.id });
  if (accepted.status !== 200) throw new Error(`accept ${accepted.status} ${accepted.text}`);
  const t = performance.now();
  for (;;) {
    const res = await expertise(admin, `${word} gauge`);
    if (JSON.parse(res.text).items.some((s) => s.person.id === me.person?.id || s.person.id === me.id)) break;
    if (performance.now() - t > 10000) throw new Error('the solver was never named');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  lags.push(performance.now() - t);
}

const store = process.env.WEFT_BENCH_PG_URL ? 'PostgreSQL' : 'SQLite';
console.log(`### ${new Date().toISOString().slice(0, 10)} — expertise (${path.basename(path.resolve(dataDir))}, ${store})`);
console.log(`- Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; command: \`node bench/expertise.mjs ${dataDir} ${seconds}\``);
console.log(`- Start-up: listening after ${ms(listeningMs)}, index ready after ${ms(readyMs)} (${indexedLine}); `
  + `resident memory ${rssListening.toFixed(0)} MiB when listening, ${rssReady.toFixed(0)} MiB when ready, ${rssAfter.toFixed(0)} MiB after the queries`);
console.log(`- The first ${cold.length} answers after the start (cold pages): p50 ${ms(percentile(cold, 50))}, max ${ms(Math.max(...cold))}`);
console.log(`- The server's start-up work done (idle) ${ms(settledMs)} after the start; then:`);
console.log(`- GET /api/v1/expertise, then one at a time (${one.length}): p50 ${ms(percentile(one, 50))}, p99 ${ms(percentile(one, 99))}; `
  + `${(named / one.length).toFixed(1)} people named per answer`);
console.log(`- With a filter, one at a time (200 each): the asker's unit p50 ${ms(percentile(filtered.unit.times, 50))}, `
  + `p99 ${ms(percentile(filtered.unit.times, 99))}, ${filtered.unit.people.toFixed(1)} people named; outside it `
  + `p50 ${ms(percentile(filtered.outside.times, 50))}, p99 ${ms(percentile(filtered.outside.times, 99))}, `
  + `${filtered.outside.people.toFixed(1)} named`);
console.log(`- A guest asking, one at a time (200): p50 ${ms(percentile(filtered.guest.times, 50))}, `
  + `p99 ${ms(percentile(filtered.guest.times, 99))}, ${filtered.guest.people.toFixed(1)} people named; a record's page `
  + `with its suggestions (GET /records/{id}, 50 records, 200 requests): p50 ${ms(percentile(filtered.record.times, 50))}, `
  + `p99 ${ms(percentile(filtered.record.times, 99))}, ${filtered.record.people.toFixed(1)} suggested`);
console.log(`- Four at a time (${seconds} s): ${(four.length / seconds).toFixed(0)} requests/s, p50 ${ms(percentile(four, 50))}, p99 ${ms(percentile(four, 99))}`);
console.log(`- The server's CPU time per request (user + system, from /proc): one at a time ${(1000 * cpuOne / one.length).toFixed(2)} ms, `
  + `four at a time ${(1000 * cpuFour / four.length).toFixed(2)} ms`);
console.log(`- /healthz in the same run: one at a time p50 ${ms(percentile(healthOne, 50))}, p99 ${ms(percentile(healthOne, 99))}; `
  + `four at a time ${(healthFour.length / seconds).toFixed(0)} requests/s, p50 ${ms(percentile(healthFour, 50))}, p99 ${ms(percentile(healthFour, 99))}; `
  + `expertise four at a time is ${(100 * four.length / healthFour.length).toFixed(1)}% of /healthz's requests/s`);
console.log(`- Update lag, accepted solution → solver named (20 problems): p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}`);
process.exit(0);
