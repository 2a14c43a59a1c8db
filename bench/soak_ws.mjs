// Soak helper: keeps C WebSocket streams open (spread over the tokens in a file) for S seconds and
// counts what they receive. Prints one JSON line: connected, still open at the end, closed early,
// messages and post messages received.
// Usage: node --experimental-websocket bench/soak_ws.mjs http://127.0.0.1:PORT tokens.txt C S
import { readFileSync } from 'node:fs';

const [base, tokenFile, clientsText, secondsText] = process.argv.slice(2);
const clients = Number(clientsText || 1000);
const seconds = Number(secondsText || 600);
const tokens = readFileSync(tokenFile, 'utf8').trim().split('\n');
const wsBase = base.replace('http', 'ws');

let connected = 0;
let closedEarly = 0;
let messages = 0;
let posts = 0;
let ending = false;
const sockets = [];
await Promise.all(Array.from({ length: clients }, (_, i) => new Promise((resolve) => {
  const ws = new WebSocket(`${wsBase}/api/v1/stream`, { headers: { Authorization: `Bearer ${tokens[i % tokens.length]}` } });
  ws.onmessage = (event) => {
    messages += 1;
    const message = JSON.parse(event.data);
    if (message.type === 'hello') { connected += 1; resolve(); }
    if (message.type === 'post') posts += 1;
  };
  ws.onclose = () => { if (!ending) closedEarly += 1; resolve(); };
  ws.onerror = () => resolve();
  sockets.push(ws);
})));
console.error(`soak: ${connected} streams open`);
await new Promise((r) => setTimeout(r, seconds * 1000));
const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
ending = true;
for (const ws of sockets) ws.close();
console.log(JSON.stringify({ connected, open_at_end: open, closed_early: closedEarly, messages, posts }));
process.exit(0);
