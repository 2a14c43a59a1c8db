// Realtime stream (docs/design/social.md "Realtime"): GET /api/v1/stream over WebSocket.
// Authentication on the upgrade (cookie or bearer; 401 as plain HTTP otherwise), the hello
// message, live notifications and feed posts, silence about posts the person may not see
// (proved by a later sentinel message), and resuming with ?since=<event id>.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { startServer, unique } from './server.mjs';
import { expectNoContent } from './expect.mjs';
import { createPost, createUnit, eventually, follow, member, notificationsOf, reply } from './social.mjs';
import { parseFrames, wsConnect } from './ws_client.mjs';
import { findOperation } from './openapi_check.mjs';

let server;
let admin;
let unitOne;
let unitTwo;
const open = [];
before(async () => {
  server = await startServer();
  admin = await server.admin();
  unitOne = await createUnit(server, 'Stream One');
  unitTwo = await createUnit(server, 'Stream Two');
});
after(async () => {
  for (const ws of open) ws.destroy();
  await server?.stop();
});

/** Opens the stream for `person` (by cookie unless a token is given) and expects the upgrade. */
async function connect(person, { since, token } = {}) {
  const path = `/api/v1/stream${since !== undefined ? `?since=${since}` : ''}`;
  const res = await wsConnect(server.port, path, token ? { token } : { cookie: person.cookie });
  assert.equal(res.status, 101, `upgrade for ${person?.person?.name ?? 'token'}: ${res.status} ${res.body ?? ''}`);
  open.push(res.ws);
  return res.ws;
}

/** Waits for the hello message; returns its last_event_id. */
async function hello(ws) {
  const message = await ws.waitFor((m) => m.type === 'hello', { what: 'hello' });
  assert.equal(message.id, 0);
  assert.equal(typeof message.data?.last_event_id, 'number', `hello: ${JSON.stringify(message)}`);
  return message.data.last_event_id;
}

/** Every message carries a numeric id; apart from hello (id 0) they never go down. */
function expectIdsIncrease(messages) {
  let last = -1;
  for (const message of messages) {
    assert.equal(typeof message.id, 'number', `message id: ${JSON.stringify(message).slice(0, 300)}`);
    if (message.type === 'hello') continue;
    assert.ok(message.id >= last, `ids increase: ${messages.map((m) => `${m.type}:${m.id}`).join(', ')}`);
    last = message.id;
  }
}

const isNotification = (predicate) => (m) => m.type === 'notification' && predicate(m.data);
const isPost = (id) => (m) => m.type === 'post' && m.data?.id === id;

test('ws_client: fragmented messages, 16- and 64-bit lengths, ping answered, masked close', async () => {
  // A scripted peer checks the helper itself before it is trusted with the server.
  const frame = (opcode, text, fin = true) => {
    const payload = Buffer.from(text);
    const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length])
      : payload.length < 65536 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 126, payload.length >> 8, payload.length & 255])
        : Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payload.length)); return b; })()]);
    return Buffer.concat([head, payload]);
  };
  const fromClient = [];
  let gotPong;
  const pong = new Promise((resolve) => { gotPong = resolve; });
  const peer = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const key = /sec-websocket-key: *(\S+)/i.exec(buffer.subarray(0, end).toString())[1];
        const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        buffer = buffer.subarray(end + 4);
        upgraded = true;
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        socket.write(frame(0x1, '{"part":', false));
        socket.write(frame(0x9, 'ping-1'));
        socket.write(frame(0x0, '"one",', false));
        socket.write(frame(0x0, '"x":1}'));
        socket.write(frame(0x1, JSON.stringify({ medium: 'm'.repeat(300) })));
        const big = frame(0x1, JSON.stringify({ large: 'l'.repeat(70_000) }));
        socket.write(big.subarray(0, 5));
        setImmediate(() => socket.write(big.subarray(5)));
      }
      const { frames, rest } = parseFrames(buffer);
      buffer = Buffer.from(rest);
      for (const f of frames) {
        fromClient.push(f);
        if (f.opcode === 0xa) {
          gotPong();
          socket.write(Buffer.from([0x88, 2, 0x03, 0xe8]));
        }
        if (f.opcode === 0x8) socket.end();
      }
    });
  });
  await new Promise((resolve) => peer.listen(0, '127.0.0.1', resolve));
  try {
    const res = await wsConnect(peer.address().port, '/x');
    assert.equal(res.status, 101);
    const { ws } = res;
    assert.deepEqual(await ws.next(), { part: 'one', x: 1 });
    assert.equal((await ws.next()).medium.length, 300);
    assert.equal((await ws.next()).large.length, 70_000);
    await pong;
    assert.deepEqual(await ws.closed, { code: 1000, reason: '' });
    const pongFrame = fromClient.find((f) => f.opcode === 0xa);
    assert.ok(pongFrame.masked, 'the pong is masked');
    assert.equal(pongFrame.payload.toString(), 'ping-1', 'the pong echoes the ping payload');
    const closeFrame = fromClient.find((f) => f.opcode === 0x8);
    assert.ok(closeFrame?.masked, 'the client answers the close, masked');
    assert.equal(closeFrame.payload.readUInt16BE(0), 1000);
    assert.deepEqual(ws.protocolErrors, []);
  } finally {
    peer.close();
  }
});

test('the stream answers 401 as plain HTTP (no upgrade) without valid credentials', async () => {
  const cases = [
    {},
    { cookie: 'weft_session=not-a-session' },
    { token: `weft_${'0'.repeat(64)}` },
    { token: 'garbage' },
  ];
  for (const options of cases) {
    const res = await wsConnect(server.port, '/api/v1/stream', options);
    assert.equal(res.status, 401, `${JSON.stringify(options)}: ${res.status} ${res.body}`);
    assert.equal(res.json?.error?.code, 'unauthenticated', `error envelope: ${res.body}`);
  }
  const since = await wsConnect(server.port, '/api/v1/stream?since=5');
  assert.equal(since.status, 401);
});

test('the OpenAPI document describes the stream endpoint', async () => {
  const found = findOperation(server.openapi, 'GET', '/api/v1/stream');
  assert.equal(found.problem, undefined, `GET /api/v1/stream in /api/openapi.json: ${found.problem}`);
});

test('a malformed since is 400 before upgrading', async () => {
  const person = await member(server);
  for (const since of ['abc', '1.5', '12abc']) {
    const res = await wsConnect(server.port, `/api/v1/stream?since=${since}`, { cookie: person.cookie });
    assert.equal(res.status, 400, `since=${since}: ${res.status} ${res.body}`);
    assert.equal(res.json?.error?.code, 'invalid_argument');
  }
});

test('signed in by cookie: hello first, then a reply notification arrives live', async () => {
  const author = await member(server, { name: 'Liv Live' });
  const replier = await member(server, { name: 'Rex Replier' });
  const post = await createPost(author, { body: 'Reply to me while I watch' });
  const ws = await connect(author);
  const first = await ws.next();
  assert.equal(first.type, 'hello', `the first message is hello: ${JSON.stringify(first)}`);
  const lastEventId = first.data.last_event_id;
  assert.equal(typeof lastEventId, 'number');

  const answer = await reply(replier, post.id, 'Here is my reply');
  const message = await ws.waitFor(isNotification((n) => n.kind === 'reply'), { what: 'the reply notification' });
  assert.ok(message.id > lastEventId, `the event id (${message.id}) is after hello's last_event_id (${lastEventId})`);
  assert.equal(message.data.actor.id, replier.person.id);
  assert.equal(message.data.subject_type, 'post');
  assert.ok([answer.id, post.id].includes(message.data.post_id), JSON.stringify(message.data));
  assert.equal(message.data.read, false);
  assert.equal(typeof message.data.id, 'string');
  // The same notification is listed by the REST API.
  const listed = await notificationsOf(author);
  assert.ok(listed.some((n) => n.id === message.data.id), 'the pushed notification is the stored one');
  expectIdsIncrease(ws.messages);
  assert.deepEqual(ws.protocolErrors, []);
  const closed = await ws.close();
  assert.ok([1000, 1005].includes(closed.code), `close code ${closed.code}`);
});

test('signed in by bearer token: the stream works the same', async () => {
  const person = await member(server, { name: 'Tina Token' });
  const fan = await member(server, { name: 'Fritz Fan' });
  const { token } = await server.tokenFor(person.client, ['read']);
  const ws = await connect(person, { token });
  await hello(ws);
  await follow(fan, person);
  const message = await ws.waitFor(isNotification((n) => n.kind === 'follow'), { what: 'the follow notification' });
  assert.equal(message.data.actor.id, fan.person.id);
  assert.equal(message.data.subject_type, 'person');
  await ws.close();
});

test('feed posts arrive live (type post), never my own, never replies; large messages intact', async () => {
  const reader = await member(server, { name: 'Pia Poster-Reader' });
  const writer = await member(server, { name: 'Walt Streamwriter' });
  await follow(reader, writer);
  const ws = await connect(reader);
  await hello(ws);

  const fresh = await createPost(writer, { body: 'Fresh from someone I follow' });
  const message = await ws.waitFor(isPost(fresh.id), { what: 'the followed person\'s post' });
  assert.equal(message.data.body, 'Fresh from someone I follow');
  assert.equal(message.data.author.id, writer.person.id);
  assert.deepEqual(message.data.my_reactions, []);

  const elsewhere = await createPost(await member(server), { body: 'Worth resharing' });
  const shared = await createPost(writer, { reshare_of: elsewhere.id, body: 'A reshare by someone I follow', audience: 'public' });
  const sharedMessage = await ws.waitFor(isPost(shared.id), { what: 'the reshare' });
  assert.equal(sharedMessage.data.reshare_of, elsewhere.id);
  assert.equal(sharedMessage.data.reshared?.id, elsewhere.id);

  const mine = await createPost(reader, { body: 'My own post' });
  const answer = await reply(writer, fresh.id, 'A reply is not a feed post');
  const big = '🙂'.repeat(20_000); // 80,000 bytes of UTF-8: a frame with a 64-bit length
  const sentinel = await createPost(writer, { body: big });
  const bigMessage = await ws.waitFor(isPost(sentinel.id), { what: 'the sentinel post' });
  assert.equal(bigMessage.data.body, big, 'the large message arrives intact');
  const posts = ws.messages.filter((m) => m.type === 'post').map((m) => m.data.id);
  assert.ok(!posts.includes(mine.id), 'my own post is not pushed to me');
  assert.ok(!posts.includes(answer.id), 'a reply is not pushed as a feed post');
  expectIdsIncrease(ws.messages);
  assert.deepEqual(ws.protocolErrors, []);
  await ws.close();
});

test('a person who may not see a post receives nothing about it', async () => {
  const author = await member(server, { name: 'Hera Hidden', unit_id: unitOne.id });
  const watcher = await member(server, { name: 'Wes Watcher', unit_id: unitTwo.id });
  const topic = unique('streamtopic').replace(/[^a-z0-9]/g, '');
  expectNoContent(await watcher.client.put(`/api/v1/topics/${topic}/follow`));
  const ws = await connect(watcher);
  await hello(ws);

  const secret = unique('secretword').replace(/[^a-z0-9]/g, '');
  const hidden = [
    await createPost(author, { body: `${secret} followers #${topic} @${watcher.person.handle}`, audience: 'followers' }),
    await createPost(author, { body: `${secret} unit #${topic} @${watcher.person.handle}`, audience: 'unit' }),
  ];
  const followersRoot = await createPost(author, { body: 'A followers thread', audience: 'followers' });
  const fan = await member(server, { name: 'Fay Fan' });
  await follow(fan, author);
  hidden.push(await reply(fan, followersRoot.id, `${secret} hidden reply @${watcher.person.handle}`));

  const sentinel = await createPost(author, { body: `Sentinel #${topic} @${watcher.person.handle}` });
  await ws.seen(isPost(sentinel.id), { what: 'the sentinel post (via the followed topic)' });
  await ws.seen(isNotification((n) => n.post_id === sentinel.id), { what: 'the sentinel mention' });
  const seen = JSON.stringify(ws.messages);
  assert.ok(!seen.includes(secret), `nothing about hidden posts reached the watcher: ${seen.slice(0, 2000)}`);
  for (const post of hidden) {
    assert.ok(!ws.messages.some((m) => [m.data?.id, m.data?.post_id, m.data?.subject_id].includes(post.id)),
      `no message names hidden post ${post.id}`);
  }
  await ws.close();
});

test('resume with ?since=<id>: missed notifications and feed posts first, in id order, then hello, then live', async () => {
  const reader = await member(server, { name: 'Remy Resume' });
  const writer = await member(server, { name: 'Wren Writer' });
  await follow(reader, writer);
  const post = await createPost(reader, { body: 'Root for missed replies' });
  let ws = await connect(reader);
  const since = await hello(ws);
  await ws.close();

  // While the reader is away: a reply, a mention and a feed post.
  const answer = await reply(writer, post.id, 'You missed this reply');
  const mention = await createPost(writer, { body: `You missed this mention @${reader.person.handle}` });
  const feedPost = await createPost(writer, { body: 'You missed this post' });
  await eventually(() => notificationsOf(reader), (items) => items.length >= 2, { what: 'the missed notifications to exist' });

  ws = await connect(reader, { since });
  const helloAgain = await hello(ws);
  const resumed = ws.messages.slice(0, ws.messages.findIndex((m) => m.type === 'hello'));
  const describe = JSON.stringify(resumed).slice(0, 2000);
  assert.ok(resumed.some(isNotification((n) => n.kind === 'reply' && n.actor.id === writer.person.id)), `the reply: ${describe}`);
  assert.ok(resumed.some(isNotification((n) => n.kind === 'mention' && n.post_id === mention.id)), `the mention: ${describe}`);
  assert.ok(resumed.some(isPost(feedPost.id)), `the feed post: ${describe}`);
  assert.ok(resumed.some(isPost(mention.id)), `the mentioning post is a feed post too: ${describe}`);
  assert.ok(!resumed.some(isPost(answer.id)), 'a reply is no feed post');
  for (const message of resumed) assert.ok(message.id > since, `resumed ids are after since (${since}): ${message.id}`);
  expectIdsIncrease(resumed);
  assert.ok(helloAgain >= Math.max(...resumed.map((m) => m.id)), 'hello reports the last event id');

  const live = await createPost(writer, { body: 'And now live' });
  const liveMessage = await ws.waitFor(isPost(live.id), { what: 'the live post after resuming' });
  assert.ok(liveMessage.id > Math.max(...resumed.map((m) => m.id)));
  expectIdsIncrease(ws.messages);
  await ws.close();

  // Resuming from the middle delivers only what came after that id, and nothing twice.
  const middle = resumed[0].id;
  ws = await connect(reader, { since: middle });
  await hello(ws);
  const again = ws.messages.slice(0, ws.messages.findIndex((m) => m.type === 'hello'));
  assert.ok(again.every((m) => m.id > middle), 'only messages after since');
  const keys = again.map((m) => `${m.type}:${m.id}:${m.data.id}`);
  assert.equal(new Set(keys).size, keys.length, 'no message twice');
  assert.ok(again.some(isPost(live.id)), 'the post that arrived live is among what followed since');
  const expectedAfterMiddle = [...resumed.filter((m) => m.id > middle), liveMessage].map((m) => `${m.type}:${m.id}:${m.data.id}`);
  assert.deepEqual([...keys].sort(), [...expectedAfterMiddle].sort(), 'exactly what followed that id');
  expectIdsIncrease(again);
  await ws.close();
});

test('a resume with more than one replay holds comes in pages: "more", close 4000, resume from there; nothing lost, nothing twice', async () => {
  const reader = await member(server, { name: 'Pia Pages' });
  const writer = await member(server, { name: 'Pat Prolific' });
  await follow(reader, writer);
  let ws = await connect(reader);
  const since = await hello(ws);
  await ws.close();
  // While the reader is away: 650 posts that mention them (a feed post and a notification each).
  const made = [];
  for (let k = 0; k < 650; k += 8) {
    made.push(...await Promise.all(Array.from({ length: Math.min(8, 650 - k) }, (_, i) =>
      createPost(writer, { body: `Batch note ${k + i} for @${reader.person.handle}` }))));
  }
  await eventually(async () => (await reader.client.get('/api/v1/notifications/unread_count')).body.count, (n) => n >= 650,
    { what: 'the 650 mentions to exist', timeoutMs: 30000 });

  const posts = new Map();
  const mentions = new Map();
  let from = since;
  let pages = 0;
  for (;;) {
    ws = await connect(reader, { since: from });
    const info = await Promise.race([ws.closed, ws.waitFor((m) => m.type === 'hello', { what: 'hello or a close', timeoutMs: 30000 }).then(() => null)]);
    const got = ws.messages.filter((m) => m.type === 'post' || m.type === 'notification');
    for (const m of got) {
      const seen = m.type === 'post' ? posts : mentions;
      const key = m.type === 'post' ? m.data.id : m.data.post_id;
      assert.ok(!seen.has(key), `${m.type} ${key} twice`);
      seen.set(key, m.id);
    }
    pages += 1;
    if (info === null) break;  // greeted: the replay is done
    assert.equal(info.code, 4000, `closed with ${info.code} ${info.reason}`);
    const more = ws.messages.find((m) => m.type === 'more');
    assert.ok(more && more.data.through > from, JSON.stringify(more));
    from = more.data.through;
    assert.ok(pages < 10, 'the pages end');
  }
  await ws.close();
  assert.ok(pages >= 2, `more than one page (${pages})`);
  for (const post of made) {
    assert.ok(posts.has(post.id), `post ${post.id} came`);
    assert.ok(mentions.has(post.id), `the mention in post ${post.id} came`);
  }
  await server.settled();  // hundreds of posts to index and fan out: the next test would wait behind them
});

test('a resume cut short on one kind while the other has nothing new still ends; hello says how far each kind went', async () => {
  const reader = await member(server, { name: 'Nia Nothing-new' });
  const writer = await member(server, { name: 'Wes Wordy' });
  await follow(reader, writer);
  let ws = await connect(reader);
  const since = await hello(ws);
  await ws.close();
  const made = [];
  for (let k = 0; k < 540; k += 9) {
    made.push(...await Promise.all(Array.from({ length: 9 }, (_, i) => createPost(writer, { body: `Quiet note ${k + i}` }))));
  }
  const seen = new Set();
  let from = since;
  let pages = 0;
  let greeting = null;
  while (!greeting) {
    ws = await connect(reader, { since: from });
    const info = await Promise.race([ws.closed, ws.waitFor((m) => m.type === 'hello', { what: 'hello or a close', timeoutMs: 30000 })]);
    for (const m of ws.messages.filter((x) => x.type === 'post')) {
      assert.ok(!seen.has(m.data.id), `post ${m.data.id} twice`);
      seen.add(m.data.id);
    }
    pages += 1;
    assert.ok(pages < 6, 'the pages end');
    if (info.type === 'hello') { greeting = info; break; }
    assert.equal(info.code, 4000, `closed with ${info.code} ${info.reason}`);
    const more = ws.messages.find((m) => m.type === 'more');
    assert.ok(more.data.through > from, `the cut moves on: ${JSON.stringify(more)} after ${from}`);
    from = more.data.through;
  }
  await ws.close();
  assert.ok(pages >= 2);
  for (const post of made) assert.ok(seen.has(post.id), `post ${post.id} came`);
  assert.ok(greeting.data.replayed_through.post >= Math.max(...[...ws.messages].filter((m) => m.type === 'post').map((m) => m.id), from));
  assert.ok(greeting.data.replayed_through.notification >= from, JSON.stringify(greeting));
  await server.settled();
});

test('one person, two connections that see differently: an admin\'s token without the admin scope gets only what a member may', async () => {
  const writer = await member(server, { name: 'Rhea Recordwriter' });
  await follow(admin, writer);
  const { token } = await server.tokenFor(admin.client, ['read']);
  const bySession = await connect(admin);
  const byToken = await connect(admin, { token });
  await hello(bySession);
  await hello(byToken);
  const secret = unique('dealterms').replace(/[^a-z0-9]/g, '');
  const record = await admin.client.put('/api/v1/records', { system: 'crm', type: 'deal', external_id: unique('deal'),
    title: 'Listed deal', access: { people: [writer.person.id], units: [] } });
  assert.equal(record.status, 201);
  const onRecord = await createPost(writer, { body: `${secret} @${admin.person.handle}`, record_id: record.body.id });
  const sentinel = await createPost(writer, { body: `Sentinel @${admin.person.handle}` });
  // The session (an admin may read every record) gets both, the post and its mention.
  await bySession.waitFor(isPost(onRecord.id), { what: 'the record post, by the admin session' });
  await bySession.waitFor(isNotification((n) => n.post_id === onRecord.id), { what: 'its mention, by the session' });
  // The token reads as a member who is not on the list: the sentinel only.
  await byToken.seen(isPost(sentinel.id), { what: 'the sentinel post, by the token' });
  await byToken.seen(isNotification((n) => n.post_id === sentinel.id), { what: 'the sentinel mention, by the token' });
  assert.ok(!JSON.stringify(byToken.messages).includes(secret), 'nothing of the record post reached the token');
  assert.ok(!byToken.messages.some((m) => [m.data?.id, m.data?.post_id].includes(onRecord.id)));
  await bySession.close();
  await byToken.close();
});
