#!/usr/bin/env node
// A small receiver for Weft's outbound webhooks. It checks each delivery's signature (Weft's
// X-Weft-Signature or the Standard Webhooks webhook-signature), refuses anything unsigned, badly
// signed or more than 5 minutes old with 401, prints each event once (deliveries are at least
// once: the same event may come again, under the same webhook-id), and answers 204.
// Plain Node.js 20 or later, no dependencies.
//
//   WEBHOOK_SECRET=whsec_... node examples/webhook-receiver.mjs [--port 9000] [--fail-first N]
//
// See examples/README.md for how an admin registers the webhook.

import crypto from 'node:crypto';
import { realpathSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 9000;
const TOLERANCE_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
const REMEMBERED_EVENTS = 10_000; // webhook-ids kept for de-duplication, oldest forgotten first

const USAGE = `Usage: WEBHOOK_SECRET=... node examples/webhook-receiver.mjs [options]

Receives Weft's webhook deliveries on http://${HOST}:PORT (any path), verifies their
signature, prints each event once and answers 204.

Options:
  --port N         the port to listen on (default: $PORT, else ${DEFAULT_PORT}; 0 picks a free one)
  --fail-first N   answer 503 to the first N attempts of each event, to watch Weft retry
  --help, -h       show this help

Environment:
  WEBHOOK_SECRET   the secret given when the webhook was registered (required)
  PORT             the port, when --port is not given

Each delivery prints one line on stdout:
  <event type> <event id> record <system>/<type>/<external_id> (#<record id>) [outcome <json>]
Refusals and deliberate failures go to stderr.`;

// ---------------------------------------------------------------------------------------------
// Verification. Both forms sign the raw body exactly as received; parse the JSON only after.

function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The Standard Webhooks key: the bytes after "whsec_", base64-decoded; any other secret as is. */
function standardKey(secret) {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
}

function freshTimestamp(text, now) {
  if (!/^\d{1,12}$/.test(text ?? '')) return false;
  return Math.abs(now - Number(text)) <= TOLERANCE_SECONDS;
}

/**
 * Checks a delivery's headers and raw body against `secret`. Either form, when valid, suffices:
 * while an admin changes the webhook's secret, Weft signs the Standard form with the old and the
 * new secret for 24 hours, so a receiver still holding the old one keeps working.
 * Returns {ok: true, form} or {ok: false, reason}.
 */
export function verifyDelivery(headers, rawBody, secret, now = Math.floor(Date.now() / 1000)) {
  const problems = [];

  const weftSignature = headers['x-weft-signature'];
  if (weftSignature) {
    const ts = headers['x-weft-timestamp'];
    if (!freshTimestamp(ts, now)) {
      problems.push('X-Weft-Timestamp is missing or more than 5 minutes off');
    } else {
      const mac = crypto.createHmac('sha256', secret).update(`${ts}.`).update(rawBody).digest('hex');
      if (safeEqual(weftSignature, `sha256=${mac}`)) return { ok: true, form: 'weft' };
      problems.push('X-Weft-Signature does not match');
    }
  }

  const standardSignature = headers['webhook-signature'];
  if (standardSignature) {
    const id = headers['webhook-id'];
    const ts = headers['webhook-timestamp'];
    if (!id) {
      problems.push('webhook-id is missing');
    } else if (!freshTimestamp(ts, now)) {
      problems.push('webhook-timestamp is missing or more than 5 minutes off');
    } else {
      const mac = crypto.createHmac('sha256', standardKey(secret)).update(`${id}.${ts}.`).update(rawBody).digest('base64');
      // A space-separated list of "version,signature"; any v1 entry may match.
      const matched = standardSignature.split(' ')
        .filter((entry) => entry.startsWith('v1,'))
        .some((entry) => safeEqual(entry.slice(3), mac));
      if (matched) return { ok: true, form: 'standard' };
      problems.push('webhook-signature does not match');
    }
  }

  if (problems.length === 0) problems.push('the request is not signed');
  return { ok: false, reason: problems.join('; ') };
}

// ---------------------------------------------------------------------------------------------

/** One line for a delivery: what happened, to which record, and how it ended. */
export function describe(event) {
  const parts = [event.type ?? '(no type)', String(event.id ?? '(no id)')];
  const r = event.record;
  parts.push(r ? `record ${r.system}/${r.type}/${r.external_id} (#${r.id})` : 'record -');
  if (event.type === 'record.upserted' && event.data?.title) parts.push(JSON.stringify(event.data.title));
  if (event.outcome) parts.push(`outcome ${JSON.stringify(event.outcome)}`);
  if (event.redacted) parts.push('(redacted)');
  return parts.join(' ');
}

export function startReceiver({ secret, port = DEFAULT_PORT, failFirst = 0, log = console.log, warn = console.error }) {
  const attempts = new Map(); // event id -> attempts answered with 503 (for --fail-first)
  const delivered = new Set(); // event ids already answered 204, oldest first

  const server = http.createServer((req, res) => {
    const answer = (status, text) => {
      res.writeHead(status, text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {});
      res.end(text ?? '');
    };
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      answer(405, 'POST only\n');
      return;
    }
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (tooLarge) {
        answer(413, 'too large\n');
        return;
      }
      const raw = Buffer.concat(chunks);
      const verdict = verifyDelivery(req.headers, raw, secret);
      if (!verdict.ok) {
        warn(`refused a delivery from ${req.socket.remoteAddress}: ${verdict.reason}`);
        answer(401, `${verdict.reason}\n`);
        return;
      }
      let event;
      try {
        event = JSON.parse(raw.toString('utf8'));
      } catch {
        event = null;
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) {
        answer(400, 'the body is not a JSON object\n');
        return;
      }
      const id = String(req.headers['webhook-id'] || req.headers['x-weft-event-id'] || event.id);
      if (delivered.has(id)) {
        answer(204); // seen before: a retry whose answer was lost, or a redelivery
        return;
      }
      const tried = (attempts.get(id) ?? 0) + 1;
      if (tried <= failFirst) {
        attempts.set(id, tried);
        if (attempts.size > REMEMBERED_EVENTS) attempts.delete(attempts.keys().next().value);
        warn(`answering 503 to attempt ${tried} of event ${id} (--fail-first ${failFirst})`);
        answer(503, 'try again later\n');
        return;
      }
      attempts.delete(id);
      delivered.add(id);
      if (delivered.size > REMEMBERED_EVENTS) delivered.delete(delivered.values().next().value);
      log(describe(event));
      answer(204);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function parseArgs(argv) {
  const options = { port: process.env.PORT ?? String(DEFAULT_PORT), failFirst: '0', help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      if (i >= argv.length) throw new Error(`${name} needs a value`);
      return argv[i];
    };
    if (name === '--help' || name === '-h') options.help = true;
    else if (name === '--port') options.port = value();
    else if (name === '--fail-first') options.failFirst = value();
    else throw new Error(`unknown argument ${arg}`);
  }
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65535) throw new Error(`the port must be 0..65535, not ${options.port}`);
  if (!/^\d+$/.test(options.failFirst)) throw new Error(`--fail-first needs a count, not ${options.failFirst}`);
  return { port, failFirst: Number(options.failFirst), help: options.help };
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`webhook-receiver: ${error.message} (see --help)`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const secret = process.env.WEBHOOK_SECRET ?? '';
  if (!secret) {
    console.error('webhook-receiver: set WEBHOOK_SECRET to the webhook\'s secret (see --help)');
    return 2;
  }
  let server;
  try {
    server = await startReceiver({ secret, port: options.port, failFirst: options.failFirst });
  } catch (error) {
    console.error(`webhook-receiver: cannot listen on ${HOST}:${options.port}: ${error.message}`);
    return 1;
  }
  console.log(`listening on http://${HOST}:${server.address().port}`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

function runAsProgram() {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false; // no script path (node -e, a REPL): imported
  }
}

// Run as a program (not when imported, e.g. by a test that reuses verifyDelivery).
if (runAsProgram()) {
  const code = await main(process.argv.slice(2));
  if (code !== undefined) process.exitCode = code;
}
