// Hardening, limits and smaller defects (issue 7 defects 9, 10, 12 and 13; docs/design/hardening.md
// "Limits", "Proxies and cookies"), written as rules:
// - every reshare on a feed page embeds its original in full, however many reshare the same post;
// - sign-in throttling keys on the client address, taken from X-Forwarded-For only when the TCP
//   peer is a trusted proxy (WEFT_TRUSTED_PROXIES); the session cookie is Secure over HTTPS
//   through such a proxy, or when WEFT_PUBLIC_URL is https;
// - /metrics never grows a series per made-up method; a request never answers 500 for something it
//   stored (the 1,001st comment on an idea); a body must say Content-Type: application/json (415);
//   a path that is not UTF-8 is a 400 and stores nothing; a bad WEFT_LISTEN stops the server;
//   `weft import` stores all or nothing;
// - at most WEFT_MAX_CONNECTIONS connections (503 with Retry-After past it) and at most 8 streams
//   per person (429 past it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, unique, uniqueEmail, WEFT_BIN } from './server.mjs';
import { expectClientError, expectError, expectList, expectOk } from './expect.mjs';
import { createPost, eventually, follow, member, reshare } from './social.mjs';
import { createIdea, createSpace, word } from './collab.mjs';
import { jsonOf, rawExchange } from './raw_http.mjs';
import { wsConnect } from './ws_client.mjs';

let server;
const open = [];
before(async () => {
  server = await startServer();
});
after(async () => {
  for (const ws of open) ws.destroy();
  await server?.stop();
});

/** Runs `fn` with a server of its own (extra environment), always stopping it. */
async function withServer(options, fn) {
  const own = await startServer(options);
  let failure = null;
  try {
    await fn(own);
  } catch (error) {
    failure = error;
  }
  try {
    await own.stop();
  } catch (error) {
    failure ??= error;
  }
  if (failure) throw failure;
}

// Reshares (defect 12).

test('two reshares of one post on one feed page both embed the original in full (author, body, audience)', async () => {
  const reader = await member(server, { name: 'Rhoda Reader' });
  const author = await member(server, { name: 'Orin Original' });
  const first = await member(server, { name: 'Fern Firstsharer' });
  const second = await member(server, { name: 'Sven Secondsharer' });
  const third = await member(server, { name: 'Thea Thirdsharer' });
  await follow(reader, first);
  await follow(reader, second);
  await follow(reader, third);
  const topic = word('rtopic');
  const original = await createPost(author, { body: 'The original words #origin' });
  const shares = [
    await reshare(first, original.id, { body: `Read this #${topic}` }),
    await reshare(second, original.id, { body: `And this #${topic}` }),
    await reshare(third, original.id, { body: '' }),  // a person reshares a post once
  ];
  await createPost(first, { body: `Something else #${topic}` });

  const expectFull = (post, where) => {
    const show = JSON.stringify(post.reshared);
    assert.equal(post.reshared?.id, original.id, `${where}: reshared is the original: ${show}`);
    assert.equal(post.reshared.author?.id, author.person.id, `${where}: the original's author: ${show}`);
    assert.equal(post.reshared.author.handle, author.person.handle, `${where}: the author's handle: ${show}`);
    assert.equal(post.reshared.author.name, 'Orin Original', `${where}: the author's name: ${show}`);
    assert.equal(post.reshared.body, 'The original words #origin', `${where}: the original's body: ${show}`);
    assert.equal(post.reshared.audience, 'public', `${where}: the original's audience: ${show}`);
    assert.deepEqual(post.reshared.topics, ['origin'], `${where}: the original's topics: ${show}`);
  };
  for (const [where, path, min] of [
    ['home feed', '/api/v1/feed?limit=4', 3],
    ['topic feed', `/api/v1/topics/${topic}/feed?limit=4`, 2],
    ['person feed', `/api/v1/people/${second.person.id}/posts?limit=4`, 1],
  ]) {
    const items = expectList(await reader.client.get(path)).items;
    const onPage = items.filter((p) => shares.some((s) => s.id === p.id));
    assert.ok(onPage.length >= min, `${where}: the reshares share one page: ${items.map((p) => p.id)}`);
    for (const post of onPage) expectFull(post, `${where}, reshare ${post.id}`);
  }
});

// Proxies (defect 10) and the Secure cookie (defect 13).

const signInAs = (target, email, password, headers = {}) => target.anonymous().post('/api/v1/session', { email, password }, { headers });

/** Fails sign-ins from `headers` (distinct unknown e-mails) until the address is throttled; returns how many it took. */
async function lockOut(target, headers) {
  for (let sent = 0; sent < 400;) {
    const batch = await Promise.all(Array.from({ length: 10 }, () =>
      signInAs(target, uniqueEmail('nobody'), 'wrong-password', headers)));
    sent += batch.length;
    for (const res of batch) assert.ok([401, 429].includes(res.status), `a failed sign-in: ${res.status} ${res.text}`);
    if (batch.some((res) => res.status === 429)) return sent;
  }
  return assert.fail('400 failed sign-ins from one address never throttled it');
}

test('behind a trusted proxy, sign-in throttling keys on the client address from X-Forwarded-For', () =>
  withServer({ env: { WEFT_TRUSTED_PROXIES: '127.0.0.1' } }, async (proxied) => {
    const person = await proxied.createPerson({ name: 'Pam Proxied' });
    const from = (address) => ({ 'X-Forwarded-For': address });
    await lockOut(proxied, from('203.0.113.7'));
    const locked = await signInAs(proxied, person.email, person.password, from('203.0.113.7'));
    expectError(locked, 429, 'rate_limited');
    assert.match(locked.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    // The right-most address that is not a trusted proxy is the client; what the client wrote
    // to the left of it changes nothing.
    expectError(await signInAs(proxied, person.email, person.password, from('198.51.100.23, 203.0.113.7')), 429, 'rate_limited');
    expectError(await signInAs(proxied, person.email, person.password, from('203.0.113.7, 127.0.0.1')), 429, 'rate_limited');
    // Another client behind the same proxy is not locked out, nor is the proxy itself.
    expectOk(await signInAs(proxied, person.email, person.password, from('203.0.113.8')));
    expectOk(await signInAs(proxied, person.email, person.password, from('203.0.113.7, 203.0.113.9')));
    expectOk(await signInAs(proxied, person.email, person.password));
  }));

test('sign-in throttling counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', () =>
  withServer({ env: { WEFT_TRUSTED_PROXIES: '127.0.0.1' } }, async (proxied) => {
    const person = await proxied.createPerson({ name: 'Sixty Four' });
    let next = 0;
    const rotating = () => ({ 'X-Forwarded-For': `2001:db8:1:2:${(next++).toString(16)}::1` });
    for (let sent = 0; sent < 60; sent += 1) {
      const res = await signInAs(proxied, uniqueEmail('spray'), 'wrong-password', rotating());
      assert.ok([401, 429].includes(res.status));
    }
    expectError(await signInAs(proxied, person.email, person.password, rotating()), 429, 'rate_limited');
    // Another /64 is another client.
    expectOk(await signInAs(proxied, person.email, person.password, { 'X-Forwarded-For': '2001:db8:1:3::1' }));
    // ::ffff:198.51.100.4 is 198.51.100.4.
    await lockOut(proxied, { 'X-Forwarded-For': '198.51.100.4' });
    expectError(await signInAs(proxied, person.email, person.password, { 'X-Forwarded-For': '::ffff:198.51.100.4' }), 429, 'rate_limited');
  }));

test('without WEFT_TRUSTED_PROXIES, X-Forwarded-For is ignored: the TCP peer is the client', () =>
  withServer({}, async (direct) => {
    const person = await direct.createPerson({ name: 'Dan Direct' });
    await lockOut(direct, { 'X-Forwarded-For': '203.0.113.7' });
    expectError(await signInAs(direct, person.email, person.password, { 'X-Forwarded-For': '203.0.113.8' }), 429, 'rate_limited');
    expectError(await signInAs(direct, person.email, person.password), 429, 'rate_limited');
  }));

const cookieAttributes = (res) => {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('weft_session='));
  assert.ok(cookie, `a session cookie: ${res.headers.getSetCookie()}`);
  return cookie.split(';').map((part) => part.trim().toLowerCase());
};

test('the session cookie is Secure when HTTPS reached a trusted proxy (X-Forwarded-Proto: https), and only then', () =>
  withServer({ env: { WEFT_TRUSTED_PROXIES: '127.0.0.1' } }, async (proxied) => {
    const person = await proxied.createPerson({ name: 'Sue Secure' });
    const https = await signInAs(proxied, person.email, person.password, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.20' });
    expectOk(https);
    assert.ok(cookieAttributes(https).includes('secure'), `Secure over HTTPS: ${https.headers.getSetCookie()}`);
    const http = await signInAs(proxied, person.email, person.password, { 'X-Forwarded-Proto': 'http' });
    assert.ok(!cookieAttributes(http).includes('secure'), 'not Secure over plain HTTP');
    const bare = await signInAs(proxied, person.email, person.password);
    assert.ok(!cookieAttributes(bare).includes('secure'), 'not Secure without the header');
    // From a peer that is not a trusted proxy the header means nothing.
    const someone = await server.createPerson({ name: 'Ulla Untrusted' });
    const spoofed = await signInAs(server, someone.email, someone.password, { 'X-Forwarded-Proto': 'https' });
    expectOk(spoofed);
    assert.ok(!cookieAttributes(spoofed).includes('secure'), 'X-Forwarded-Proto from an untrusted peer is ignored');
  }));

test('the session cookie is Secure when WEFT_PUBLIC_URL starts with https://', () =>
  withServer({ env: { WEFT_PUBLIC_URL: 'https://weft.example.test' } }, async (public_) => {
    const person = await public_.createPerson({ name: 'Pia Public' });
    const res = await signInAs(public_, person.email, person.password);
    expectOk(res);
    assert.ok(cookieAttributes(res).includes('secure'), `Secure: ${res.headers.getSetCookie()}`);
    // And browsers are told to come back over https only.
    assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000');
  }));

// /metrics (defect 13).

test('/metrics has no series for made-up methods: they are labelled "other"', async () => {
  const methods = ['FOOBAR', 'get', `X${unique('m').toUpperCase().replace(/[^A-Z0-9]/g, '')}`, 'BREW'];
  for (const method of methods) {
    const res = await rawExchange(server.port, [`${method} /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]);
    assert.ok(res.status !== null && res.status !== 500, `${method}: answered, and not with a 500 (${res.status})`);
  }
  const metrics = await server.anonymous().get('/metrics');
  assert.equal(metrics.status, 200);
  for (const method of methods) {
    assert.ok(!metrics.text.includes(`method="${method}"`), `/metrics has a series for method ${method}`);
  }
  assert.match(metrics.text, /method="other"/, 'unknown methods are counted as "other"');
  assert.match(metrics.text, /method="GET"/);
});

// Idea comments (defect 13).

test('the 1,001st comment on an idea never answers 500: the answer matches what was stored', async () => {
  const owner = await member(server, { name: 'Cid Commenter' });
  const space = await createSpace(owner);
  const idea = await createIdea(owner, space);
  const { client } = await server.tokenFor(owner.client, ['read', 'write']);
  for (let done = 0; done < 1000;) {
    const batch = Array.from({ length: Math.min(25, 1000 - done) }, (_, k) =>
      client.post(`/api/v1/ideas/${idea.id}/comments`, { body: `Comment ${done + k + 1}` }));
    for (const res of await Promise.all(batch)) assert.equal(res.status, 201, `comment: ${res.status} ${res.text.slice(0, 200)}`);
    done += batch.length;
  }
  assert.equal(expectOk(await client.get(`/api/v1/ideas/${idea.id}`)).comment_count, 1000);

  const res = await client.post(`/api/v1/ideas/${idea.id}/comments`, { body: 'The one thousand and first' });
  assert.notEqual(res.status, 500, `never a 500: ${res.text.slice(0, 300)}`);
  const after1001 = expectOk(await client.get(`/api/v1/ideas/${idea.id}`));
  if (res.status === 201) {
    const comment = expectOk(res, 201);
    assert.equal(comment.body, 'The one thousand and first');
    assert.equal(typeof comment.id, 'string');
    assert.equal(after1001.comment_count, 1001, 'answered 201: the comment was stored');
  } else {
    expectClientError(res);
    assert.equal(after1001.comment_count, 1000, `answered ${res.status}: nothing was stored`);
  }
});

// Content types (defect 13).

test('a body without Content-Type: application/json is 415: sign-in (login CSRF) and writes; nothing happens', async () => {
  const person = await member(server, { name: 'Tex Plain' });
  const body = JSON.stringify({ email: person.email, password: person.password });
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await server.anonymous().post('/api/v1/session', body, { raw: true, headers: { 'content-type': type } });
    expectError(res, 415, 'unsupported_media_type');
    assert.equal(res.headers.getSetCookie().length, 0, `${type}: no session cookie`);
  }
  const bare = await rawExchange(server.port, [
    `POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`]);
  assert.equal(bare.status, 415, `no Content-Type at all: ${bare.status} ${bare.body}`);
  assert.equal(jsonOf(bare)?.error?.code, 'unsupported_media_type');
  assert.ok(!('set-cookie' in bare.headers), 'no session cookie');
  expectOk(await server.anonymous().post('/api/v1/session', body, { raw: true, headers: { 'content-type': 'application/json; charset=utf-8' } }));

  const marker = word('ctype');
  const write = await person.client.post('/api/v1/posts', JSON.stringify({ body: marker, audience: 'public' }),
    { raw: true, headers: { 'content-type': 'text/plain' } });
  expectError(write, 415, 'unsupported_media_type');
  const mine = expectList(await person.client.get(`/api/v1/people/${person.person.id}/posts`)).items;
  assert.ok(!mine.some((p) => p.body === marker), 'nothing was posted');
});

// Paths that are not UTF-8 (defect 13).

test('a topic path that is not valid UTF-8 is a 400, and nothing is stored or echoed', async () => {
  const person = await member(server, { name: 'Uma Utf' });
  for (const name of ['%FF', 'ab%FFcd', '%C3%28', '%C0%AF', '%ED%A0%80', '%F8%88%80%80%80']) {
    for (const [method, suffix] of [['PUT', '/follow'], ['DELETE', '/follow'], ['GET', ''], ['GET', '/feed']]) {
      const res = await person.client.request(method, `/api/v1/topics/${name}${suffix}`);
      assert.equal(res.status, 400, `${method} /api/v1/topics/${name}${suffix}: ${res.status} ${res.text.slice(0, 200)}`);
      expectClientError(res);
      assert.ok(!res.text.includes('\ufffd') && !res.text.includes('ÿ'),
        `the bad bytes are not echoed: ${res.text}`);
    }
  }
  const res = await person.client.get('/api/v1/people/%FF');
  assert.equal(res.status, 400, `GET /api/v1/people/%FF: ${res.status}`);
});

// WEFT_LISTEN (defect 13).

test('a bad WEFT_LISTEN stops `weft serve` with a non-zero exit and a message naming WEFT_LISTEN', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-listen-test-'));
  try {
    for (const listen of ['nonsense', '127.0.0.1:99999', '127.0.0.1:', ':8080x']) {
      const env = { ...process.env, WEFT_LISTEN: listen, WEFT_ADMIN_EMAIL: 'a@test.weft', WEFT_ADMIN_PASSWORD: 'admin-password-1' };
      for (const name of ['WEFT_DATABASE_URL', 'WEFT_DATA_DIR', 'WEFT_THREADS', 'WEFT_WEB_DIR']) delete env[name];
      const child = spawn(WEFT_BIN, ['serve', '--data-dir', path.join(dir, 'data'), '--threads', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      const listening = new Promise((resolve) => {
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          output += `${line}\n`;
          if (line.includes('listening on')) resolve('listening');
        });
      });
      const outcome = await Promise.race([exited, listening, sleep(10_000, 'timeout')]);
      if (outcome === 'listening' || outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        assert.fail(`WEFT_LISTEN=${listen}: the server ${outcome === 'listening' ? 'started anyway' : 'neither started nor stopped'}:\n${output.slice(-600)}`);
      }
      assert.notEqual(outcome.code, 0, `WEFT_LISTEN=${listen}: a non-zero exit`);
      assert.equal(outcome.signal, null, `WEFT_LISTEN=${listen}: an orderly exit, not a signal`);
      assert.match(output, /WEFT_LISTEN/, `WEFT_LISTEN=${listen}: the message names the setting:\n${output.slice(-600)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// weft import (defect 13).

test('`weft import` of a file whose later line is malformed exits non-zero and leaves the store empty', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-import-test-'));
  const run = (args, input) => spawnSync(WEFT_BIN, args, {
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_'))),
    input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000,
  });
  try {
    const source = path.join(dir, 'source');
    // Large enough that the import cannot be one batch of lines (over 20,000 lines).
    const demo = run(['demo', '--people', '60', '--seed', '4', '--posts-per-person', '60', '--data-dir', source]);
    assert.equal(demo.status, 0, demo.stderr);
    const exported = run(['export', '--data-dir', source]);
    assert.equal(exported.status, 0, exported.stderr);
    const lines = exported.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 12_000, `a large export: ${lines.length} lines`);

    const cases = [
      ['a malformed line near the end', [...lines.slice(0, -3), '{"table":"posts","row":', ...lines.slice(-2)]],
      ['a row of an unknown table near the end', [...lines.slice(0, -3), '{"table":"no_such_table","row":{"id":1}}', ...lines.slice(-2)]],
      ['a truncated file (the last line cut)', [...lines.slice(0, -1), lines.at(-1).slice(0, 10)]],
    ];
    for (const [index, [what, broken]] of cases.entries()) {
      const target = path.join(dir, `target${index}`);
      const failed = run(['import', '--data-dir', target], `${broken.join('\n')}\n`);
      assert.notEqual(failed.status, 0, `${what}: the import fails`);
      // Still empty: the whole good file imports into it (import refuses a store that holds anything).
      const whole = run(['import', '--data-dir', target], `${lines.join('\n')}\n`);
      assert.equal(whole.status, 0, `${what}: the failed import left rows behind: ${whole.stderr.slice(-300)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Connections and streams (defect 9).

/**
 * Opens a keep-alive connection, sends GET /healthz on it and resolves with {socket, status,
 * headers, closed}. With `listenFirstMs`, it first waits that long for the server to speak
 * unasked (a refused connection may be answered at once), so that no request is left unread on a
 * socket the server closes (that would turn the close into a reset that can eat the answer).
 */
function keptRequest(port, { listenFirstMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = Buffer.alloc(0);
    let settled = false;
    const closed = new Promise((r) => socket.once('close', r));
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ socket, closed, ...result });
    };
    const timer = setTimeout(() => finish({ status: null, headers: {}, timedOut: true }), 5000);
    socket.on('error', () => {});
    const send = () => {
      if (data.length === 0 && !socket.destroyed) socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    };
    socket.on('connect', () => (listenFirstMs > 0 ? setTimeout(send, listenFirstMs) : send()));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < end + 4 + length) return;
      finish({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0])?.[1]), headers, body: data.subarray(end + 4, end + 4 + length).toString() });
    });
    socket.on('close', () => finish({ status: null, headers: {}, closedEarly: true }));
  });
}

test('at most WEFT_MAX_CONNECTIONS connections: the next gets 503 with Retry-After and is closed; freed slots serve again', () =>
  withServer({ env: { WEFT_MAX_CONNECTIONS: '8' }, openapi: false }, async (capped) => {
    const held = [];
    try {
      for (let i = 0; i < 8; i += 1) {
        const kept = await keptRequest(capped.port);
        held.push(kept);
        assert.equal(kept.status, 200, `connection ${i + 1} of 8 is served: ${JSON.stringify({ ...kept, socket: undefined, closed: undefined })}`);
      }
      for (let extra = 0; extra < 2; extra += 1) {
        const refused = await keptRequest(capped.port, { listenFirstMs: 500 });
        held.push(refused);
        assert.equal(refused.status, 503, `connection ${9 + extra} is refused with 503 (got ${refused.status})`);
        assert.equal(refused.headers['retry-after'], '1', `Retry-After: 1 (${JSON.stringify(refused.headers)})`);
        assert.equal(JSON.parse(refused.body || '{}')?.error?.code, 'unavailable', `error code: ${refused.body}`);
        const closed = await Promise.race([refused.closed.then(() => true), sleep(3000, false)]);
        assert.ok(closed, 'the refused connection is closed by the server');
      }
    } finally {
      for (const kept of held) kept.socket.destroy();
    }
    const again = await eventually(async () => {
      const kept = await keptRequest(capped.port);
      kept.socket.destroy();
      return kept.status;
    }, (status) => status === 200, { timeoutMs: 10_000, what: 'a request to be served once the connections are closed' });
    assert.equal(again, 200);
  }));

test('at most 8 open streams per person: the 9th is 429; others are not affected; a closed one frees a slot', async () => {
  const person = await member(server, { name: 'Stella Streams' });
  const other = await member(server, { name: 'Otto Otherstream' });
  const streams = [];
  for (let i = 0; i < 8; i += 1) {
    const res = await wsConnect(server.port, '/api/v1/stream', { cookie: person.cookie });
    assert.equal(res.status, 101, `stream ${i + 1} of 8: ${res.status}`);
    open.push(res.ws);
    streams.push(res.ws);
  }
  const { token } = await server.tokenFor(person.client, ['read']);
  for (const credentials of [{ cookie: person.cookie }, { token }]) {
    const ninth = await wsConnect(server.port, '/api/v1/stream', credentials);
    if (ninth.ws) {
      open.push(ninth.ws);
      ninth.ws.destroy();
    }
    assert.equal(ninth.status, 429, `the 9th stream of one person (${Object.keys(credentials)[0]}): ${ninth.status}`);
    assert.match(ninth.json?.error?.code ?? '', /^[a-z][a-z0-9_]*$/, `an error envelope: ${ninth.body}`);
  }
  const others = await wsConnect(server.port, '/api/v1/stream', { cookie: other.cookie });
  assert.equal(others.status, 101, 'another person still opens a stream');
  open.push(others.ws);
  others.ws.destroy();

  await streams.pop().close();
  const reopened = await eventually(async () => {
    const res = await wsConnect(server.port, '/api/v1/stream', { cookie: person.cookie });
    if (res.ws) open.push(res.ws);
    return res;
  }, (res) => res.status === 101, { timeoutMs: 10_000, what: 'a slot freed by closing a stream' });
  reopened.ws.destroy();
  for (const ws of streams) ws.destroy();
});

test('streams opened all at once still stop at 8 a person: the cap is taken at the upgrade, not when a stream is attached', async () => {
  const person = await member(server, { name: 'Burst Streams' });
  const { token } = await server.tokenFor(person.client, ['read']);
  const results = await Promise.all(Array.from({ length: 40 }, () => wsConnect(server.port, '/api/v1/stream', { token })));
  for (const res of results) if (res.ws) open.push(res.ws);
  const opened = results.filter((res) => res.status === 101);
  assert.equal(opened.length, 8, `statuses: ${JSON.stringify(results.map((r) => r.status))}`);
  assert.ok(results.every((res) => res.status === 101 || res.status === 429));
  for (const res of opened) res.ws.destroy();
  // Their places come back once they are gone.
  const again = await eventually(async () => {
    const res = await wsConnect(server.port, '/api/v1/stream', { token });
    if (res.ws) open.push(res.ws);
    return res;
  }, (res) => res.status === 101, { timeoutMs: 10_000, what: 'a slot freed by the closed streams' });
  again.ws.destroy();
});

test('a path spelled with doubled slashes is the same path to every check: no sign-in by a text/plain form, no-store', async () => {
  const person = await member(server, { name: 'Sly Slashes' });
  const body = JSON.stringify({ email: person.email, password: person.password, x: '=' });
  for (const p of ['//api/v1/session', '/api//v1/session', '///api/v1//session']) {
    const res = await rawExchange(server.port, [`POST ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`]);
    assert.equal(res.status, 415, `${p}: ${res.status} ${res.body}`);
    assert.ok(!('set-cookie' in res.headers), `${p}: no session cookie`);
  }
  const me = await rawExchange(server.port, [`GET //api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Cookie: ${person.cookie}\r\nConnection: close\r\n\r\n`]);
  assert.equal(me.status, 200, me.body);
  assert.equal(me.headers['cache-control'], 'no-store');
});

test('HEAD answers the length a GET would have, with no body; headers over 16 KiB are 431 in the error envelope', async () => {
  for (const p of ['/healthz', '/api/openapi.json']) {
    const get = await rawExchange(server.port, [`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]);
    const head = await rawExchange(server.port, [`HEAD ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]);
    assert.equal(get.status, 200);
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(get.body), p);
    assert.equal(Number(get.headers['content-length']), Buffer.byteLength(get.body), p);
    assert.equal(head.body, '', `${p}: no body`);
  }
  const big = await rawExchange(server.port, [`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`]);
  assert.equal(big.status, 431, big.body);
  assert.equal(jsonOf(big)?.error?.code, 'headers_too_large');
  const garbage = await rawExchange(server.port, ['GET /healthz HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n']);
  assert.equal(garbage.status, 400);
  assert.equal(jsonOf(garbage)?.error?.code, 'malformed_request');
});
