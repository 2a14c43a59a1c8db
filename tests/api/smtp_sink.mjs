// A real SMTP server on loopback for the mail tests (the npm package smtp-server, installed with the
// web UI's packages): STARTTLS with its own certificate, AUTH PLAIN/LOGIN required, every message
// kept with its envelope, headers and decoded text.

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const require = createRequire(path.join(webDir, 'package.json'));
const { SMTPServer } = require('smtp-server');

export const SMTP_USER = 'weft-relay';
export const SMTP_PASSWORD = 'relay-password-for-tests';

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value) {
  return value.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

/** Parses a raw message: {headers: Map(lowercase name → [values]), subject, text}. */
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const one = (name) => headers.get(name)?.[0];
  return { raw, headers, header: one, subject: decodeWords(one('subject') ?? ''), text: decodeQuotedPrintable(raw.slice(split + 4)) };
}

/** `plain`: no STARTTLS and no AUTH (a relay inside the network that trusts its clients). */
export async function startSmtpSink({ plain = false } = {}) {
  const messages = [];
  const logins = [];
  let refuseNext = 0;  // answer the next DATA commands with 451 (a temporary failure)
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    authOptional: plain,
    disabledCommands: plain ? ['STARTTLS', 'AUTH'] : [],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, session, callback) {
      logins.push({ user: auth.username, secure: session.secure });
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext--;
          const error = new Error('Try again later');
          error.responseCode = 451;
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          ...parseMessage(raw),
        });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    logins,
    refuse(count) { refuseNext = count; },
    env: {
      WEFT_SMTP_URL: `smtp://127.0.0.1:${port}`,
      ...(plain ? { WEFT_SMTP_STARTTLS: 'off' } : {
        WEFT_SMTP_USER: SMTP_USER, WEFT_SMTP_PASSWORD: SMTP_PASSWORD, WEFT_SMTP_STARTTLS: 'required', WEFT_SMTP_TLS_VERIFY: 'false',
      }),
      WEFT_MAIL_FROM: 'Weft at Acme <weft@acme.test>',
      WEFT_MAIL_RETRY_SCALE: '0.01',
    },
    async stop() { await new Promise((resolve) => server.close(resolve)); },
  };
}
