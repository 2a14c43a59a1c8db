// Fan-out lag: from the 201 of POST /api/v1/posts to the post's rows in the timelines of all of
// the author's active followers (read from the store with the sqlite3 command, as the server runs).
// Usage: node bench/fanout_lag.mjs URL DB_PATH AUTHOR_EMAIL EXPECTED_ROWS POSTS
import { execFileSync } from 'node:child_process';

const [base, db, email, expectedText, postsText] = process.argv.slice(2);
const expected = Number(expectedText);
const posts = Number(postsText || 10);
const signIn = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email, password: 'weft-demo' }),
});
if (!signIn.ok) throw new Error(`sign-in ${signIn.status}`);
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const { csrf_token: csrf } = await signIn.json();
const rows = (id) => Number(execFileSync('sqlite3', ['-cmd', '.timeout 20000', db, `SELECT COUNT(*) FROM timelines WHERE post_id = ${id}`],
  { encoding: 'utf8' }).trim());
const lags = [];
for (let i = 0; i < posts; i += 1) {
  const res = await fetch(`${base}/api/v1/posts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ body: `Fan-out lag ${i} ${Date.now()}`, audience: 'public' }),
  });
  const created = Date.now();
  if (res.status !== 201) throw new Error(`post ${res.status}`);
  const { id } = await res.json();
  while (rows(id) < expected) {
    if (Date.now() - created > 60_000) throw new Error(`post ${id}: ${rows(id)} of ${expected} rows after 60 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
  lags.push(Date.now() - created);
  await new Promise((r) => setTimeout(r, 200));
}
lags.sort((a, b) => a - b);
const at = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
console.log(`${at(0.5)} ${at(0.99)} ${lags.length}`);
