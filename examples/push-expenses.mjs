#!/usr/bin/env node
// Pushes expense statements from a CSV file into Weft through the signed inbound hook
// (POST /api/v1/hooks/records). Each row becomes a record of system "expenses", type
// "statement"; sending the same rows again changes nothing ("unchanged"), and a changed row
// is tracked as an update. Plain Node.js 20 or later, no dependencies.
//
//   WEFT_URL=https://weft.example.org WEFT_KEY_ID=3 WEFT_SECRET=whsec_... \
//     node examples/push-expenses.mjs [--standard] [--quiet] [file.csv]
//
// See examples/README.md for how an admin creates the key id and secret.

import crypto from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_CSV = path.join(here, 'expenses.csv');
const DEFAULT_URL = 'http://127.0.0.1:8080';
const COLUMNS = ['external_id', 'employee', 'amount', 'currency', 'status', 'submitted_at', 'title', 'url'];
const REQUEST_TIMEOUT_MS = 15_000;
const ATTEMPTS = 3; // for network errors, 429 and 5xx; each attempt is signed afresh

const USAGE = `Usage: node examples/push-expenses.mjs [options] [file.csv]

Sends each row of an expenses CSV to Weft as a record {system: "expenses",
type: "statement"} through the signed inbound hook, and prints what became of it.

The CSV (default: examples/expenses.csv) has a header row with the columns
  ${COLUMNS.join(', ')}
in any order; amount must be a number. Fields may be quoted ("a, b"; "say ""hi""").

Options:
  --standard   sign with the Standard Webhooks headers (webhook-id, webhook-timestamp,
               webhook-signature) instead of Weft's X-Weft-* headers
  --quiet      send the rows with quiet: true; changes are kept in each record's history
               but not announced in its conversation or notifications
  --help, -h   show this help

Environment:
  WEFT_URL     the server, default ${DEFAULT_URL}
  WEFT_KEY_ID  the inbound secret's id (needed for Weft's headers)
  WEFT_SECRET  the inbound secret, whsec_...

Exit code: 0 when every row was accepted, 1 when any failed, 2 on a usage error.`;

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): commas, quoted fields with commas, line breaks and doubled quotes, CRLF or LF,
// an optional UTF-8 byte order mark. Returns the rows as arrays of strings, with the line each
// starts on.

export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field started with a quote
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    row.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    // A blank line is no row.
    if (!(row.length === 1 && row[0] === '')) rows.push({ line: rowLine, cells: row });
    row = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"') {
      // Spaces before the opening quote are dropped; a quote anywhere else is an error.
      if (field.trim() !== '' || wasQuoted) {
        throw new Error(`line ${line}: a quote inside an unquoted field; quote the whole field and double its quotes ("")`);
      }
      field = '';
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else if (wasQuoted) {
      // Spaces after the closing quote are dropped; anything else is an error.
      if (c !== ' ' && c !== '\t') throw new Error(`line ${line}: text after a closing quote`);
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted field is not closed`);
  if (field !== '' || row.length > 0 || wasQuoted) endRow();
  return rows;
}

/** Reads the expense rows: [{line, record}] or [{line, error}] for a row that cannot be sent. */
export function expenseRows(text, { quiet = false } = {}) {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error('the file is empty; it needs a header row');
  const header = rows[0].cells.map((name) => name.trim());
  const missing = COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new Error(`the header row lacks the column(s) ${missing.join(', ')}`);
  const column = Object.fromEntries(COLUMNS.map((name) => [name, header.indexOf(name)]));
  const firstLine = new Map();
  return rows.slice(1).map(({ line, cells }) => {
    const cell = (name) => (cells[column[name]] ?? '').trim();
    const externalId = cell('external_id');
    const fail = (error) => ({ line, externalId: externalId || `line ${line}`, error });
    if (cells.length !== header.length) return fail(`has ${cells.length} fields, the header ${header.length}`);
    if (!externalId) return fail('no external_id');
    if (firstLine.has(externalId)) return fail(`external_id repeats line ${firstLine.get(externalId)}; skipped`);
    firstLine.set(externalId, line);
    const amountText = cell('amount');
    const amount = Number(amountText);
    if (amountText === '' || !Number.isFinite(amount)) return fail(`amount is not a number: "${amountText}"`);
    const record = {
      system: 'expenses',
      type: 'statement',
      external_id: externalId,
      title: cell('title'),
      url: cell('url') || null, // an empty cell clears the link
      fields: {
        employee: cell('employee'),
        amount,
        currency: cell('currency'),
        status: cell('status'),
        submitted_at: cell('submitted_at'),
      },
    };
    if (quiet) record.quiet = true;
    return { line, externalId, record };
  });
}

// ---------------------------------------------------------------------------------------------
// Signatures. `body` is the exact text sent: the signature covers the raw bytes.

/** Weft's headers: sha256= lowercase hex HMAC-SHA256(secret text, timestamp + "." + body). */
export function weftHeaders(keyId, secret, body, timestamp = Math.floor(Date.now() / 1000)) {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    'X-Weft-Key-Id': String(keyId),
    'X-Weft-Timestamp': String(timestamp),
    'X-Weft-Signature': `sha256=${mac}`,
  };
}

/**
 * Standard Webhooks headers: v1,base64 HMAC-SHA256(key, id + "." + timestamp + "." + body), the key
 * being the base64-decoded part after "whsec_". The message id is unique per request.
 */
export function standardHeaders(secret, body, timestamp = Math.floor(Date.now() / 1000), id = `msg_${crypto.randomUUID()}`) {
  if (!secret.startsWith('whsec_')) throw new Error('the Standard Webhooks form needs a whsec_ secret');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const mac = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${mac}`,
  };
}

// ---------------------------------------------------------------------------------------------

class Refused extends Error {
  constructor(status, error) {
    const where = error?.field ? ` (${error.field})` : '';
    super(`${status} ${error?.code ?? 'error'}${where}: ${error?.message ?? 'no details'}`);
    this.status = status;
  }
}

/** Sends one record; resolves to the server's status (created, updated, unchanged) or throws. */
async function send(hookUrl, record, { keyId, secret, standard }) {
  const body = JSON.stringify(record);
  let lastError;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    if (attempt > 1) await new Promise((done) => setTimeout(done, 500 * 2 ** (attempt - 2)));
    // A new timestamp (and message id) each attempt: the server refuses a request it has seen.
    const signed = standard ? standardHeaders(secret, body) : weftHeaders(keyId, secret, body);
    let res;
    try {
      res = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signed },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      lastError = new Error(`cannot reach ${hookUrl}: ${error.cause?.message ?? error.message}`);
      lastError.unreachable = true;
      continue; // the record may have arrived; sending it again is safe (it comes back unchanged)
    }
    const text = await res.text();
    let answer = null;
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: reported below
    }
    if (res.status === 202 && answer?.status) return answer.status;
    lastError = answer?.error
      ? new Refused(res.status, answer.error)
      : new Refused(res.status, { message: text.slice(0, 200) || res.statusText });
    if (res.status !== 429 && res.status < 500) break; // our mistake: sending again would not help
  }
  throw lastError;
}

async function main(argv) {
  const options = { standard: false, quiet: false, file: DEFAULT_CSV };
  const files = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg === '--standard') {
      options.standard = true;
    } else if (arg === '--quiet') {
      options.quiet = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      console.error(`push-expenses: unknown option ${arg} (see --help)`);
      return 2;
    } else {
      files.push(arg);
    }
  }
  if (files.length > 1) {
    console.error('push-expenses: give one CSV file (see --help)');
    return 2;
  }
  if (files.length === 1) options.file = files[0];

  const base = (process.env.WEFT_URL || DEFAULT_URL).replace(/\/+$/, '');
  const keyId = process.env.WEFT_KEY_ID ?? '';
  const secret = process.env.WEFT_SECRET ?? '';
  if (!secret) {
    console.error('push-expenses: set WEFT_SECRET to the inbound secret (whsec_...); see --help');
    return 2;
  }
  if (!options.standard && !keyId) {
    console.error('push-expenses: set WEFT_KEY_ID to the inbound secret\'s id, or use --standard; see --help');
    return 2;
  }
  if (options.standard && !secret.startsWith('whsec_')) {
    console.error('push-expenses: --standard needs a secret of the form whsec_...');
    return 2;
  }
  let hookUrl;
  try {
    hookUrl = new URL(`${base}/api/v1/hooks/records`).href;
  } catch {
    console.error(`push-expenses: WEFT_URL is not a URL: ${base}`);
    return 2;
  }

  let rows;
  try {
    rows = expenseRows(await readFile(options.file, 'utf8'), { quiet: options.quiet });
  } catch (error) {
    console.error(`push-expenses: ${options.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    return 2;
  }

  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0, 'not sent': 0 };
  let stopped = null;
  for (const row of rows) {
    if (stopped) {
      counts['not sent'] += 1;
      continue;
    }
    if (row.error) {
      console.log(`${row.externalId} → error: line ${row.line}: ${row.error}`);
      counts.failed += 1;
      continue;
    }
    try {
      const status = await send(hookUrl, row.record, { keyId, secret, standard: options.standard });
      console.log(`${row.externalId} → ${status}`);
      counts[status] = (counts[status] ?? 0) + 1;
    } catch (error) {
      console.log(`${row.externalId} → error: ${error.message}`);
      counts.failed += 1;
      // A refused signature (wrong key or secret, clock more than 5 minutes off) refuses every row.
      if (error.status === 401) stopped = 'the server refused the signature: check WEFT_KEY_ID, WEFT_SECRET and this machine\'s clock';
      if (error.unreachable) stopped = 'the server cannot be reached: check WEFT_URL';
    }
  }
  const summary = Object.entries(counts).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`);
  console.log(`${rows.length} row(s): ${summary.join(', ') || 'nothing to send'}`);
  if (stopped) console.error(`push-expenses: stopped early; ${stopped}.`);
  return counts.failed + counts['not sent'] > 0 ? 1 : 0;
}

function runAsProgram() {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false; // no script path (node -e, a REPL): imported
  }
}

// Run as a program (not when imported, e.g. by a test that reuses parseCsv).
if (runAsProgram()) {
  process.exitCode = await main(process.argv.slice(2));
}
