#!/usr/bin/env node
// Forged signed hooks against writes, on loopback (client and server on the same cores): how long
// a member's post takes while senders flood POST /api/v1/hooks/records with 256 KiB bodies whose
// Standard Webhooks signature matches no key (so every live key is tried), against the same
// posts with no flood.
// Usage: node bench/forged_hooks.mjs DATA_DIR [seconds=10] [secrets=20] [senders=4]
//   DATA_DIR: a store with the demo's people (e.g. `weft demo --people 200`); the run writes to it.
// Prints a Markdown table for bench/RESULTS.md.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { bin, ms, percentile, request, signIn, startServer, timedPosts } from './lib.mjs';

const [dataDir, secondsText, secretsText, sendersText] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/forged_hooks.mjs DATA_DIR [seconds] [secrets] [senders]');
  process.exit(2);
}
const seconds = Number(secondsText || 10);
const secrets = Number(secretsText || 20);
const senders = Number(sendersText || 4);

const { child, base } = await startServer(dataDir);

const as = (who) => (method, p, body) => request(`${base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const asAdmin = as(await signIn(base, 'admin@weft.demo'));
const asMember = as(await signIn(base, 'member@weft.demo'));
for (let k = 0; k < secrets; k += 1) {
  const res = await asAdmin('POST', '/api/v1/inbound-secrets', { name: `bench ${k}` });
  if (res.status !== 201) throw new Error(`secret ${res.status} ${res.text}`);
}

// A record upsert padded to 256 KiB less a little, signed with a key nobody holds.
const body = JSON.stringify({ system: 'crm', type: 'case', external_id: 'forged', title: 'x'.repeat(255 * 1024) });
const wrongKey = crypto.randomBytes(32);
async function forge(until) {
  let sent = 0;
  while (Date.now() < until) {
    const id = `msg_${crypto.randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const mac = crypto.createHmac('sha256', wrongKey).update(`${id}.${ts}.${body}`).digest('base64');
    const res = await request(`${base}/api/v1/hooks/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts),
        'webhook-signature': `v1,${mac}` },
      body,
    });
    if (res.status !== 401) throw new Error(`forged hook answered ${res.status} ${res.text}`);
    sent += 1;
  }
  return sent;
}
const posts = (until) => timedPosts(asMember, until);

const rows = [];
for (const flood of [false, true, false, true]) {
  const until = Date.now() + seconds * 1000;
  const [took, ...forged] = await Promise.all([posts(until), ...(flood ? Array.from({ length: senders }, () => forge(until)) : [])]);
  const total = forged.reduce((a, b) => a + b, 0);
  rows.push(`| ${flood ? `${senders} senders of forged hooks` : 'no flood'} | ${flood ? (total / seconds).toFixed(1) : '—'} | ` +
    `${took.length} | ${ms(percentile(took, 50))} | ${ms(percentile(took, 99))} | ${ms(Math.max(...took))} |`);
}
console.log(`Forged hooks against writes: ${path.basename(bin)}, ${secrets} live secrets, ${seconds} s a run, ` +
  `${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`);
console.log('\n| run | forged hooks/s (all 401) | posts | post p50 | post p99 | post max |\n|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
child.kill('SIGTERM');
process.exit(0);
