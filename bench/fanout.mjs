// WebSocket fan-out: C connections (spread over the tokens in a file) follow a topic; one person
// posts with that topic; the time from sending the POST to each connection receiving the post is
// recorded. Repeats R times. Prints p50/p99/max in milliseconds as JSON.
// Usage: node --experimental-websocket bench/fanout.mjs http://127.0.0.1:PORT tokens.txt C R
import { readFileSync } from 'node:fs';

const [base, tokenFile, clientsText, roundsText] = process.argv.slice(2);
const clients = Number(clientsText || 1000);
const rounds = Number(roundsText || 5);
const tokens = readFileSync(tokenFile, 'utf8').trim().split('\n');
const topic = 'fanout-bench';
const wsBase = base.replace('http', 'ws');

for (const token of tokens) {
  const response = await fetch(`${base}/api/v1/topics/${topic}/follow`, {
    method: 'PUT', headers: { Authorization: `Bearer ${token}` },
  });
  if (response.status !== 204) throw new Error(`follow topic: ${response.status}`);
}

const sockets = [];
const waiting = new Map();  // round marker -> { start, times[] }
await Promise.all(Array.from({ length: clients }, (_, i) => new Promise((resolve, reject) => {
  const token = tokens[(i + 1) % tokens.length];
  const ws = new WebSocket(`${wsBase}/api/v1/stream`, { headers: { Authorization: `Bearer ${token}` } });
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'hello') resolve();
    if (message.type !== 'post') return;
    const match = /fanout round (\d+)/.exec(message.data.body);
    if (!match) return;
    const round = waiting.get(match[1]);
    if (round) round.times.push(performance.now() - round.start);
  };
  ws.onerror = () => reject(new Error(`socket ${i} failed`));
  sockets.push(ws);
})));

// The author is tokens[0]; sockets using that token do not receive their own post.
const expected = sockets.length - Math.ceil(clients / tokens.length);
const all = [];
const perRound = [];
for (let round = 0; round < rounds; round++) {
  const entry = { start: performance.now(), times: [] };
  waiting.set(String(round), entry);
  const response = await fetch(`${base}/api/v1/posts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens[0]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: `fanout round ${round} #${topic}`, audience: 'public' }),
  });
  if (response.status !== 201) throw new Error(`post: ${response.status}`);
  const deadline = performance.now() + 30000;
  while (entry.times.length < expected && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  all.push(...entry.times);
  const sorted = [...entry.times].sort((a, b) => a - b);
  perRound.push({ round, delivered: sorted.length, p50_ms: (sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1),
    max_ms: (sorted.at(-1) ?? 0).toFixed(1) });
  if (entry.times.length < expected) console.error(`round ${round}: ${entry.times.length}/${expected} delivered`);
}
for (const ws of sockets) ws.close();
all.sort((a, b) => a - b);
const pick = (q) => all[Math.min(all.length - 1, Math.floor(q * all.length))].toFixed(1);
console.log(JSON.stringify({ connections: sockets.length, receivers_per_post: expected, rounds,
  delivered: all.length, p50_ms: pick(0.5), p99_ms: pick(0.99), max_ms: all.at(-1).toFixed(1) }));
if (process.env.FANOUT_ROUNDS) console.error(JSON.stringify(perRound));
