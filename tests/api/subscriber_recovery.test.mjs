// A derived view whose subscriber fails (here: its first batches, as when the store is busy)
// loses nothing: the bus keeps its checkpoint, retries with backoff, and once it recovers every
// notification is there, once; the failures are counted in /metrics meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { member, createPost, reply, notificationsOf, eventually } from './social.mjs';

let server;
before(async () => { server = await startServer({ env: { WEFT_FAULT_SUBSCRIBER: 'notifications:8' } }); });
after(async () => { await server?.stop(); });

const failures = async () => {
  const text = (await server.anonymous().get('/metrics')).text;
  return Number(/weft_subscriber_failures_total\{subscriber="notifications"\} (\d+)/.exec(text)?.[1] ?? -1);
};

test('notifications fail eight times (about 6 s of backoff, while the writes happen), then recover with every notification, none twice', async () => {
  const ada = await member(server, { name: 'Ada Recovering' });
  const others = [];
  for (let i = 0; i < 3; i += 1) others.push(await member(server, { name: `Recovery Actor ${i}` }));
  const root = await createPost(ada, { body: 'A post to answer' });
  for (const other of others) {
    await createPost(other, { body: `Hello @${ada.person.handle}` });
    await reply(other, root.id, 'An answer');
  }
  const list = await eventually(() => notificationsOf(ada), (l) => l.length >= 6,
    { what: 'all six notifications after the failures', timeoutMs: 20_000 });
  assert.equal(list.length, 6, 'none twice');
  assert.deepEqual(list.map((n) => n.kind).sort(), ['mention', 'mention', 'mention', 'reply', 'reply', 'reply']);
  assert.ok((await failures()) >= 8, 'the failures were counted');
  const text = (await server.anonymous().get('/metrics')).text;
  assert.match(text, /weft_subscriber_lag\{subscriber="notifications"\} 0\b/, 'caught up');
  assert.match(text, /weft_subscriber_retrying\{subscriber="notifications"\} 0\b/, 'no longer retrying');
  // Each view's time on the bus: it handled events, so it took some, and its slowest call is within it.
  const busy = Number(/weft_subscriber_busy_seconds_total\{subscriber="notifications"\} ([0-9.]+)/.exec(text)?.[1]);
  const slowest = Number(/weft_subscriber_slowest_seconds\{subscriber="notifications"\} ([0-9.]+)/.exec(text)?.[1]);
  assert.ok(busy > 0 && slowest > 0 && slowest <= busy, `busy ${busy}, slowest ${slowest}`);
  assert.match(text, /weft_subscriber_busy_seconds_total\{subscriber="realtime"\} [0-9.]+/);
});
