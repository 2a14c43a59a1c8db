// Signs in as the first N demo people and prints one bearer token (read, write) per line.
// Usage: node bench/tokens.mjs http://127.0.0.1:PORT N > tokens.txt
const [base, countText] = process.argv.slice(2);
const count = Number(countText || 100);
async function json(response) {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}
async function signIn(email) {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'weft-demo' }),
  });
  const body = await json(response);
  return { cookie: response.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}
const admin = await signIn('admin@weft.demo');
const emails = [];
let cursor = null;
while (emails.length < count) {
  const url = `${base}/api/v1/people?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const page = await json(await fetch(url, { headers: { Cookie: admin.cookie } }));
  for (const person of page.items) if (person.role !== 'guest') emails.push(person.email);
  if (!page.next_cursor) break;
  cursor = page.next_cursor;
}
for (const email of emails.slice(0, count)) {
  const session = await signIn(email);
  const token = await json(await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
    body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }),
  }));
  console.log(token.token);
}
