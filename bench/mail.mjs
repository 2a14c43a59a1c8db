#!/usr/bin/env node
// E-mail at scale (issue 16): the weekly digest for everyone on a large demo store (time and peak
// memory of `weft mail digest weekly --dry-run`, the build without writing), then the outbox's
// throughput to a real SMTP server on loopback (tests/api/smtp_sink.mjs, the npm smtp-server):
// the store's queued messages are marked pending and `weft serve` sends them, once with STARTTLS
// and AUTH, once in plain SMTP; GET /healthz is timed while it sends and at rest (the ratio says
// what sending costs the server's other work). Client, relay and server share the 2 cores.
// Usage: node bench/mail.mjs DATA_DIR   (a SQLite demo store; its digests of today are made again).
// Prints a Markdown section for bench/RESULTS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { bin, ms, percentile, request, rssMiB, startServer } from './lib.mjs';
import { startSmtpSink } from '../tests/api/smtp_sink.mjs';

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/mail.mjs DATA_DIR');
  process.exit(2);
}
const db = path.join(dataDir, 'weft.db');
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

// 1. The digest build: without writing, then writing into the outbox (which step 2 sends).
sql("DELETE FROM mail_outbox WHERE kind LIKE 'digest%'");
const timed = (args) => {
  const out = spawnSync('/usr/bin/time', ['-v', bin, 'mail', 'digest', 'weekly', ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  return {
    line: out.stdout.trim().split('\n').pop(),
    rss: Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(out.stderr)?.[1] ?? 0) / 1024,
  };
};
const dry = timed(['--dry-run']);
const queued = timed([]);

// 2. The outbox.
const healthz = async (base, n = 50) => {
  const times = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await request(`${base}/healthz`);
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
};
const total = Number(sql("SELECT COUNT(*) FROM mail_outbox"));
const bytes = Number(sql("SELECT COALESCE(SUM(LENGTH(message)), 0) FROM mail_outbox"));
const runs = [];
for (const [name, plain] of [['STARTTLS + AUTH', false], ['plain SMTP', true]]) {
  sql("UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at_ms = 0, sent_at = NULL, last_error = NULL");
  const sink = await startSmtpSink({ plain });
  const env = sink.env;
  const started = performance.now();
  const { child, base } = await startServer(dataDir, env);
  const during = [];
  while (sink.messages.length < total) {
    during.push(await healthz(base, 10));
    await new Promise((r) => setTimeout(r, 200));
    if (performance.now() - started > 600_000) throw new Error(`only ${sink.messages.length} of ${total} in 10 min`);
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = rssMiB(child.pid);
  const idle = await healthz(base, 100);
  const failed = Number(sql("SELECT COUNT(*) FROM mail_outbox WHERE status <> 'sent'"));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await sink.stop();
  runs.push({ name, seconds, rate: total / seconds, during: percentile(during, 50), idle, rss, failed, dupes: sink.messages.length - total });
}

const today = new Date().toISOString().slice(0, 10);
console.log(`### Issue 16: digests and the outbox (${today})

- Machine: 2 cores, 24 GiB; store \`${dataDir}\`; command \`node bench/mail.mjs ${dataDir}\`
- Weekly digest for everyone, built only (\`weft mail digest weekly --dry-run\`): ${dry.line}; peak RSS ${dry.rss.toFixed(0)} MiB
- Built and written into the outbox (\`weft mail digest weekly\`): ${queued.line}; peak RSS ${queued.rss.toFixed(0)} MiB
- Outbox: ${total} messages (${(bytes / total / 1024).toFixed(1)} KiB each on average), sent by \`weft serve\` to smtp-server on loopback (start-up included):

| relay | time | messages/s | /healthz p50 while sending | at rest | ratio | server RSS | not sent | duplicates |
|---|---|---|---|---|---|---|---|---|
${runs.map((r) => `| ${r.name} | ${r.seconds.toFixed(1)} s | ${r.rate.toFixed(0)} | ${ms(r.during)} | ${ms(r.idle)} | ${(r.during / r.idle).toFixed(2)} | ${r.rss.toFixed(0)} MiB | ${r.failed} | ${r.dupes} |`).join('\n')}
`);
