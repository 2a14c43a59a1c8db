// The `weft` command line: first admin on an empty store, admin create-person, demo (deterministic
// for a seed, refuses a non-empty store), online backup, help and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { WEFT_BIN } from './server.mjs';
import { startProvider } from './oidc_provider.mjs';

function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ['WEFT_DATABASE_URL', 'WEFT_LISTEN', 'WEFT_DATA_DIR', 'WEFT_THREADS', 'WEFT_WEB_DIR']) {
    delete env[name];
  }
  if (!('WEFT_ADMIN_EMAIL' in extra)) delete env.WEFT_ADMIN_EMAIL;
  if (!('WEFT_ADMIN_PASSWORD' in extra)) delete env.WEFT_ADMIN_PASSWORD;
  return env;
}

function weft(args, env = {}) {
  return spawnSync(WEFT_BIN, args, { env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 });
}

// Starts `weft serve` on dataDir; resolves with {url, lines, stop}.
async function serve(dataDir, env = {}) {
  const child = spawn(WEFT_BIN, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--threads', '1'],
    { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.resume();
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listening line')), 20_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const match = /^weft: listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  return {
    url, lines,
    async stop() { child.kill('SIGTERM'); assert.equal(await exited, 0, 'weft serve exits 0 on SIGTERM'); },
  };
}

async function signIn(url, email, password) {
  return fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
}

async function withDir(fn) {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-cli-test-'));
  try { return await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('an empty store without admin settings gets an admin with a printed one-time password', () => withDir(async (dir) => {
  const server = await serve(dir);
  try {
    const line = server.lines.find((l) => l.includes('one-time password'));
    assert.ok(line, `expected a one-time password line, got ${server.lines.join('\n')}`);
    const [, email, password] = /first admin (\S+) with one-time password (\S+)/.exec(line);
    const signed = await signIn(server.url, email, password);
    assert.equal(signed.status, 200);
    const { person, csrf_token: csrf } = await signed.json();
    assert.equal(person.role, 'admin');
    const cookie = signed.headers.get('set-cookie').split(';')[0];
    const changed = await fetch(`${server.url}/api/v1/me/password`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify({ current_password: password, new_password: 'a-new-long-password' }),
    });
    assert.equal(changed.status, 204);
    assert.equal((await signIn(server.url, email, password)).status, 401);
    assert.equal((await signIn(server.url, email, 'a-new-long-password')).status, 200);
  } finally {
    await server.stop();
  }
  // A second start finds people and creates no other admin.
  const again = await serve(dir);
  try {
    assert.ok(!again.lines.some((l) => l.includes('one-time password')));
  } finally {
    await again.stop();
  }
}));

test('weft admin create-person writes a person who can sign in; bad input exits non-zero', () => withDir(async (dir) => {
  const made = weft(['admin', 'create-person', '--email', 'Cli.Person@Example.org', '--name', 'Cli Person',
    '--password', 'cli-password-1', '--role', 'admin', '--data-dir', dir]);
  assert.equal(made.status, 0, made.stderr);
  const person = JSON.parse(made.stdout);
  assert.equal(person.email, 'cli.person@example.org');
  assert.equal(person.handle, 'cli.person');
  assert.equal(person.role, 'admin');
  const duplicate = weft(['admin', 'create-person', '--email', 'cli.person@example.org', '--name', 'X',
    '--password', 'cli-password-1', '--data-dir', dir]);
  assert.notEqual(duplicate.status, 0);
  assert.match(duplicate.stderr, /already taken/);
  const short = weft(['admin', 'create-person', '--email', 'b@example.org', '--name', 'B', '--password', 'short',
    '--data-dir', dir]);
  assert.notEqual(short.status, 0);
  assert.equal(weft(['admin', 'create-person', '--email', 'c@example.org', '--data-dir', dir]).status, 2);
  const server = await serve(dir);
  try {
    assert.equal((await signIn(server.url, 'cli.person@example.org', 'cli-password-1')).status, 200);
  } finally {
    await server.stop();
  }
}));

test('weft demo is deterministic for a seed and refuses a store that holds people', () => withDir(async (dir) => {
  const names = async (dataDir) => {
    const server = await serve(dataDir);
    try {
      const signed = await signIn(server.url, 'admin@weft.demo', 'weft-demo');
      assert.equal(signed.status, 200);
      const cookie = signed.headers.get('set-cookie').split(';')[0];
      const people = await (await fetch(`${server.url}/api/v1/people?limit=100`, { headers: { Cookie: cookie } })).json();
      const units = await (await fetch(`${server.url}/api/v1/units`, { headers: { Cookie: cookie } })).json();
      return { people: people.items.map((p) => `${p.handle}|${p.title}|${p.skills.map((s) => s.name).join(',')}`), units: units.items.length };
    } finally {
      await server.stop();
    }
  };
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  const first = weft(['demo', '--people', '120', '--seed', '5', '--data-dir', a]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /120 people/);
  assert.match(first.stderr, /people: 100%/, 'progress is reported');
  assert.equal(weft(['demo', '--people', '120', '--seed', '5', '--data-dir', b]).status, 0);
  const again = weft(['demo', '--people', '10', '--data-dir', a]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /empty store/);
  const [left, right] = [await names(a), await names(b)];
  assert.equal(left.people.length, 100);
  assert.deepEqual(left, right);
  assert.ok(left.units >= 10, 'a unit tree, not a flat list');
  // A solution's vote count is its members' votes, each one stored.
  const exported = spawnSync(WEFT_BIN, ['export', '--data-dir', a], { env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(exported.status, 0, exported.stderr);
  const rows = exported.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const cast = new Map();
  for (const r of rows.filter((l) => l.table === 'solution_votes')) cast.set(r.row.solution_id, (cast.get(r.row.solution_id) ?? 0) + r.row.value);
  const solutions = rows.filter((l) => l.table === 'solutions').map((l) => l.row);
  assert.ok(solutions.some((sol) => sol.votes > 0), 'some solutions have votes');
  for (const sol of solutions) assert.equal(sol.votes, cast.get(sol.id) ?? 0, `solution ${sol.id}`);
}));

// What the member finds for a few searches, as ids.
async function found(url) {
  const signed = await signIn(url, 'member@weft.demo', 'weft-demo');
  assert.equal(signed.status, 200);
  const cookie = signed.headers.get('set-cookie').split(';')[0];
  const get = async (p) => (await fetch(`${url}${p}`, { headers: { Cookie: cookie } })).json();
  const out = {};
  for (const q of ['supplier&type=post', 'renewal&type=post', 'a&type=person', 'handbook&type=page']) {
    out[q] = (await get(`/api/v1/search?q=${q}&limit=100`)).items.map((item) => item.id);
  }
  return out;
}

test('weft backup copies the store while the server runs; the restored copy indexes it for search', () => withDir(async (dir) => {
  const data = path.join(dir, 'data');
  assert.equal(weft(['demo', '--people', '30', '--seed', '2', '--data-dir', data]).status, 0);
  const server = await serve(data);
  const copy = path.join(dir, 'copy');
  let before;
  try {
    const result = weft(['backup', path.join(copy, 'weft.db'), '--data-dir', data]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok((await stat(path.join(copy, 'weft.db'))).size > 0);
    before = await found(server.url);
  } finally {
    await server.stop();
  }
  assert.ok(before['supplier&type=post'].length > 0 && before['a&type=person'].length > 0, 'the demo has what is searched');
  // The search index is not in the backup: the restored server makes it from the tables.
  await assert.rejects(stat(path.join(copy, 'weft.db-search')));
  const restored = await serve(copy);
  try {
    assert.deepEqual(await found(restored.url), before);
    assert.ok((await stat(path.join(copy, 'weft.db-search'))).size > 0);
  } finally {
    await restored.stop();
  }
}));

test('help exits 0 and lists the commands; unknown commands and flags exit 2', () => {
  const help = weft(['--help']);
  assert.equal(help.status, 0);
  for (const word of ['serve', 'demo', 'admin create-person', 'backup', '--listen', '--data-dir']) {
    assert.ok(help.stdout.includes(word), `help mentions ${word}`);
  }
  assert.equal(weft(['nonsense']).status, 2);
  assert.equal(weft(['serve', '--bogus']).status, 2);
  // Every setting OPERATIONS.md documents has a --flag twin (API.md), listed by --help.
  const documented = new Set(readFileSync(path.join(path.dirname(WEFT_BIN), '..', 'docs', 'OPERATIONS.md'), 'utf8')
    .match(/WEFT_[A-Z_]+[A-Z]/g));
  for (const variable of ['WEFT_DEMO_PEOPLE', 'WEFT_FAULT_SUBSCRIBER']) documented.delete(variable);  // make run; tests
  for (const variable of documented) {
    const flag = `--${variable.slice(5).toLowerCase().replaceAll('_', '-')}`;
    assert.match(help.stdout, new RegExp(`\\s${flag}\\s+${variable}\\b`), `${variable} has its flag twin ${flag}`);
  }
  // Every command answers --help (API.md: `weft <command> --help` lists them), touching no store.
  for (const command of [['serve'], ['demo'], ['admin'], ['admin', 'create-person'], ['admin', 'oidc'], ['backup'],
    ['export'], ['import'], ['rebuild'], ['mail'], ['mail', 'digest'], ['analytics'], ['eval-expertise'], ['migrate-store']]) {
    const asked = weft([...command, '--help'], { WEFT_DATA_DIR: '/nonexistent/weft-help' });
    assert.equal(asked.status, 0, `${command.join(' ')} --help: ${asked.stderr}`);
    assert.match(asked.stdout, new RegExp(`weft ${command[0]}`), `${command.join(' ')} --help names the command`);
  }
});

test('commands that read a store refuse a data directory without one and create nothing; a failed export write exits 1', () => withDir(async (dir) => {
  const missing = path.join(dir, 'nope');
  const copy = path.join(dir, 'copy.db');
  for (const args of [['backup', copy], ['export'], ['rebuild', 'search'], ['analytics', '--report', 'outcomes']]) {
    const run = weft([...args, '--data-dir', missing]);
    assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /no Weft store at .*nope\/weft\.db/);
  }
  await assert.rejects(stat(missing), 'no data directory was made');
  await assert.rejects(stat(copy), 'no backup was written');
  // --help is help, not a file name.
  const help = spawnSync(WEFT_BIN, ['backup', '--help', '--data-dir', missing], { env: cleanEnv(), encoding: 'utf8', cwd: dir });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: weft backup PATH/);
  await assert.rejects(stat(path.join(dir, '--help')));
  // An export whose output cannot be written says so.
  const store = path.join(dir, 'store');
  assert.equal(weft(['admin', 'create-person', '--email', 'e@example.org', '--name', 'E', '--password', 'export-pass-1', '--data-dir', store]).status, 0);
  const full = spawnSync(WEFT_BIN, ['export', '--data-dir', store], { env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', (await import('node:fs')).openSync('/dev/full', 'w'), 'pipe'] });
  assert.equal(full.status, 1, full.stderr);
  assert.match(full.stderr, /incomplete/);
}));

test('a relay password is never offered without TLS: STARTTLS try with a user is refused, unset means required', () => withDir(async (dir) => {
  assert.equal(weft(['admin', 'create-person', '--email', 'm@example.org', '--name', 'M', '--password', 'mail-pass-1', '--data-dir', dir]).status, 0);
  const relay = { WEFT_SMTP_URL: 'smtp://127.0.0.1:9', WEFT_SMTP_USER: 'weft', WEFT_SMTP_PASSWORD: 'secret' };
  const tried = weft(['mail', 'digest', 'daily', '--dry-run', '--data-dir', dir], { ...relay, WEFT_SMTP_STARTTLS: 'try' });
  assert.equal(tried.status, 2, tried.stderr);
  assert.match(tried.stderr, /unencrypted/);
  assert.equal(weft(['mail', 'digest', 'daily', '--dry-run', '--data-dir', dir], relay).status, 0);
}));

test('weft export and import move an organization; a space export holds only that space, without passwords', () => withDir(async (dir) => {
  const source = path.join(dir, 'source');
  assert.equal(weft(['demo', '--people', '60', '--seed', '9', '--posts-per-person', '5', '--data-dir', source]).status, 0);
  const exported = spawnSync(WEFT_BIN, ['export', '--data-dir', source], { env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(exported.status, 0, exported.stderr);
  const lines = exported.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines[0].type, 'weft-export');
  assert.ok(!lines.some((l) => l.table === 'sessions' || l.table === 'api_tokens'), 'credentials never leave');
  const target = path.join(dir, 'target');
  const imported = spawnSync(WEFT_BIN, ['import', '--data-dir', target], { env: cleanEnv(), input: exported.stdout, encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  // Into a store that has people: refused, nothing changes.
  const again = spawnSync(WEFT_BIN, ['import', '--data-dir', target], { env: cleanEnv(), input: exported.stdout, encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /empty store/);
  const garbage = spawnSync(WEFT_BIN, ['import', '--data-dir', path.join(dir, 'g')], { env: cleanEnv(), input: 'not json\n', encoding: 'utf8' });
  assert.equal(garbage.status, 1);
  // The last line counts the rows: a file cut short at a line's end, or grown, is refused, and
  // nothing is imported; a version 1 file (no such line) is still read.
  assert.equal(lines[0].version, 2);
  assert.deepEqual(lines.at(-1), { type: 'weft-export-end', rows: lines.length - 2 });
  const text = exported.stdout.trim().split('\n');
  const importInto = (name, input) => spawnSync(WEFT_BIN, ['import', '--data-dir', path.join(dir, name)],
    { env: cleanEnv(), input, encoding: 'utf8' });
  const cut = importInto('cut', `${text.slice(0, Math.floor(text.length / 2)).join('\n')}\n`);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, /cut short/);
  const grown = importInto('grown', `${exported.stdout}${text[5]}\n`);
  assert.equal(grown.status, 1);
  assert.match(grown.stderr, /after the export's last line/);
  const miscounted = importInto('miscounted', `${[...text.slice(0, -2), text.at(-1)].join('\n')}\n`);
  assert.equal(miscounted.status, 1);
  assert.match(miscounted.stderr, /counts \d+ rows, but \d+ came before it/);
  const newer = importInto('newer', `${[JSON.stringify({ ...lines[0], version: 3 }), ...text.slice(1)].join('\n')}\n`);
  assert.equal(newer.status, 1);
  assert.match(newer.stderr, /newer than this Weft reads/);
  // Nothing was kept: the whole export goes into the same store afterwards (it must be empty).
  const whole = importInto('cut', exported.stdout);
  assert.equal(whole.status, 0, whole.stderr);
  const old = importInto('old', `${[JSON.stringify({ ...lines[0], version: 1 }), ...text.slice(1, -1)].join('\n')}\n`);
  assert.equal(old.status, 0, old.stderr);

  const counts = async (dataDir) => {
    const server = await serve(dataDir);
    try {
      const signed = await signIn(server.url, 'member@weft.demo', 'weft-demo');
      assert.equal(signed.status, 200, 'passwords survive the move');
      const cookie = signed.headers.get('set-cookie').split(';')[0];
      const get = async (p) => (await fetch(`${server.url}${p}`, { headers: { Cookie: cookie } })).json();
      const feed = await get('/api/v1/feed?limit=100');
      const search = await get('/api/v1/search?q=supplier&type=post&limit=100');
      const people = await get('/api/v1/people?q=kub&limit=100');
      // The demo's pages: its handbooks link to the problems they solved, and the problems show it.
      const handbooks = (await get('/api/v1/search?q=handbook&type=page&limit=100')).items;
      const handbook = await get(`/api/v1/pages/${handbooks[0].id}`);
      const linked = handbook.body.match(/\/problems\/(\d+)/);
      const backlinks = linked ? (await get(`/api/v1/problems/${linked[1]}/backlinks`)).items.map((p) => p.id) : [];
      // The audit log and what people post about are views an export does not carry: rebuilt.
      const asAdmin = await signIn(server.url, 'admin@weft.demo', 'weft-demo');
      const adminCookie = asAdmin.headers.get('set-cookie').split(';')[0];
      const adminGet = async (p) => (await fetch(`${server.url}${p}`, { headers: { Cookie: adminCookie } })).json();
      const audit = (await adminGet('/api/v1/admin/audit?limit=100')).items
        .filter((e) => !e.action.startsWith('session.'))  // the sign-ins of this check differ
        .map((e) => `${e.action} ${e.object_type} ${e.object_id}`);
      let experts;
      for (let tries = 0; tries < 50; tries += 1) {  // the index is built in the background at start
        experts = await adminGet('/api/v1/expertise?q=kubernetes&limit=10');
        if (experts.items?.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const topicReasons = experts.items.flatMap((e) => e.reasons.filter((r) => r.kind === 'posts')
        .map((r) => `${e.person.id} ${r.detail}`));
      return { feed: feed.items.map((p) => p.id), search: search.items.length, people: people.items.length,
        pages: handbooks.length, backlinks, audit, topicReasons };
    } finally {
      await server.stop();
    }
  };
  const [before, after] = [await counts(source), await counts(target)];
  assert.ok(before.feed.length > 0);
  assert.ok(before.pages > 0, 'the demo writes pages');
  assert.ok(before.backlinks.length > 0, 'a handbook\'s link to a problem is a backlink on it');
  assert.ok(before.audit.length > 0, 'the demo leaves administrative acts');
  assert.ok(before.topicReasons.length > 0, `someone is named for posting about a topic: ${JSON.stringify(before)}`);
  assert.deepEqual(after, before, 'the same feed, search and directory after the move (indexes rebuilt)');

  const spaceId = lines.find((l) => l.table === 'spaces' && l.row.visibility !== 'public').row.id;
  const spaceExport = spawnSync(WEFT_BIN, ['export', '--space', String(spaceId), '--data-dir', source], { env: cleanEnv(), encoding: 'utf8' });
  assert.equal(spaceExport.status, 0, spaceExport.stderr);
  const spaceLines = spaceExport.stdout.trim().split('\n').slice(1).map((line) => JSON.parse(line));
  assert.ok(spaceLines.every((l) => l.table !== 'people' || !('password_hash' in l.row)));
  assert.ok(spaceLines.filter((l) => l.table === 'spaces').every((l) => l.row.id === spaceId));
  assert.ok(spaceLines.filter((l) => l.table === 'posts').every((l) => l.row.space_id === spaceId));
  assert.equal(weft(['export', '--space', '999999', '--data-dir', source]).status, 1);
}));

test('a space export leaves off an access list the people who do not go along with it', () => withDir(async (dir) => {
  assert.equal(weft(['demo', '--people', '60', '--seed', '4', '--posts-per-person', '2', '--data-dir', dir]).status, 0);
  const server = await serve(dir);
  let spaceId;
  try {
    const signed = await signIn(server.url, 'admin@weft.demo', 'weft-demo');
    const cookie = signed.headers.get('set-cookie').split(';')[0];
    const csrf = (await signed.json()).csrf_token;
    const call = async (method, p, body) => {
      const res = await fetch(`${server.url}/api/v1${p}`, { method, body: JSON.stringify(body),
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' } });
      assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${await res.clone().text()}`);
      return res.json();
    };
    const space = await call('POST', '/spaces', { name: 'Export access', purpose: 'x', kind: 'problem', visibility: 'public' });
    spaceId = space.id;
    // The member (person 2) is on the record's list but has nothing to do with the space.
    const member = (await call('GET', '/me')).id === '2' ? '3' : '2';
    const record = await call('PUT', '/records', { system: 'crm', type: 'case', external_id: 'x-1', title: 'Restricted case',
      access: { people: [member], units: [] } });
    await call('POST', `/spaces/${space.id}/problems`, { title: 'On the restricted case', record_id: record.id });
  } finally {
    await server.stop();
  }
  const exported = spawnSync(WEFT_BIN, ['export', '--space', String(spaceId), '--data-dir', dir], { env: cleanEnv(), encoding: 'utf8' });
  assert.equal(exported.status, 0, exported.stderr);
  const lines = exported.stdout.trim().split('\n').slice(1).map((line) => JSON.parse(line));
  const people = new Set(lines.filter((l) => l.table === 'people').map((l) => l.row.id));
  assert.ok(lines.some((l) => l.table === 'records' && l.row.restricted), 'the record goes along, restricted');
  const listed = lines.filter((l) => l.table === 'record_access' && l.row.principal_type === 'person');
  assert.ok(listed.every((l) => people.has(l.row.principal_id)), JSON.stringify(listed));
}));

test('weft analytics prints the outcomes of a period as text or JSON; bad flags exit 2', () => withDir(async (dir) => {
  const demo = weft(['demo', '--data-dir', dir, '--people', '200', '--seed', '3']);
  assert.equal(demo.status, 0, demo.stderr);
  const json = weft(['analytics', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z', '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const figures = JSON.parse(json.stdout);
  assert.ok(figures.problems.opened > 0, json.stdout.slice(0, 300));
  assert.equal(figures.ideas.by_stage.reduce((n, b) => n + b.count, 0), figures.ideas.created);
  const text = weft(['analytics', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`Problems\\s+${figures.problems.opened} opened, ${figures.problems.resolved} resolved`));
  // The network and engagement reports of the same period.
  const network = weft(['analytics', '--report', 'network', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z',
    '--format', 'json']);
  assert.equal(network.status, 0, network.stderr);
  const graph = JSON.parse(network.stdout);
  assert.ok(graph.interactions > 0 && graph.people > 1, network.stdout.slice(0, 300));
  assert.equal(graph.by_kind.reduce((n, k) => n + k.count, 0), graph.interactions);
  const networkText = weft(['analytics', '--report', 'network', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z']);
  assert.equal(networkText.status, 0, networkText.stderr);
  assert.match(networkText.stdout, new RegExp(`Interactions ${graph.interactions} between ${graph.people} people`));
  const engagement = weft(['analytics', '--report', 'engagement', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z',
    '--format', 'json']);
  assert.equal(engagement.status, 0, engagement.stderr);
  const reach = JSON.parse(engagement.stdout);
  assert.ok(reach.reach.posts.items > 0, engagement.stdout.slice(0, 300));
  assert.equal(reach.conversation.conversations + reach.conversation.broadcasts, reach.reach.posts.items);
  const engagementText = weft(['analytics', '--report', 'engagement', '--data-dir', dir, '--from', '2000-01-01T00:00:00Z']);
  assert.match(engagementText.stdout, new RegExp(`Posts\\s+${reach.reach.posts.items}\\s+${reach.reach.posts.reached}`));
  for (const bad of [['--from', 'soon'], ['--format', 'xml'], ['--unit', 'x'], ['--from'], ['--report', 'eyeballs'],
    ['--report', 'network', '--unit', '1']]) {
    assert.equal(weft(['analytics', '--data-dir', dir, ...bad]).status, 2, bad.join(' '));
  }
}));

test('the demo tells a story: unique names, a member with one space and a handful of work notifications, records with conversations', () => withDir(async (dir) => {
  const demo = weft(['demo', '--people', '200', '--seed', '4', '--data-dir', dir]);
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /\d+ records from other systems/);
  const server = await serve(dir);
  try {
    const signed = await signIn(server.url, 'member@weft.demo', 'weft-demo');
    assert.equal(signed.status, 200);
    const headers = { Cookie: signed.headers.get('set-cookie').split(';')[0] };
    const get = async (url) => {
      const response = await fetch(`${server.url}${url}`, { headers });
      assert.equal(response.status, 200, url);
      return response.json();
    };
    // Every person has a name of their own.
    const names = [];
    for (let cursor = null; ;) {
      const page = await get(`/api/v1/people?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      names.push(...page.items.map((p) => p.name));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    assert.ok(names.length >= 200, `${names.length} people`);
    assert.equal(new Set(names).size, names.length, 'names repeat');
    // The member owns one space and belongs to a few more.
    const spaces = (await get('/api/v1/spaces?mine=true&limit=100')).items;
    assert.equal(spaces.filter((s) => s.my_role === 'owner').length, 1, JSON.stringify(spaces.map((s) => s.my_role)));
    assert.ok(spaces.length >= 3);
    // A handful of notifications, about work and conversations, not a flood of reactions.
    // The notifier follows the activity log after the start: wait for it to reach the demo's end.
    let notes = [];
    for (let waited = 0; waited < 30000; waited += 250) {
      notes = (await get('/api/v1/notifications?limit=100')).items;
      const seen = new Set(notes.map((n) => n.kind));
      if (notes.length >= 5 && ['proposal_opened', 'solution', 'mention', 'reply', 'follow', 'record_changed'].every((k) => seen.has(k))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(notes.length >= 5 && notes.length <= 20, `${notes.length} notifications`);
    const kinds = new Set(notes.map((n) => n.kind));
    for (const kind of ['proposal_opened', 'solution', 'mention', 'reply', 'follow', 'record_changed']) {
      assert.ok(kinds.has(kind), `no ${kind} notification among ${[...kinds]}`);
    }
    // The proposal awaits the member's stance on their agenda.
    const agenda = await get('/api/v1/me/agenda');
    assert.ok(agenda.awaiting_stance.items.length >= 1, JSON.stringify(agenda).slice(0, 300));
    // Records from other systems carry conversations; the member follows some.
    const records = (await get('/api/v1/records?limit=100')).items;
    assert.ok(records.length >= 5);
    assert.ok(new Set(records.map((r) => r.system)).size >= 3);
    const followed = (await get('/api/v1/records?followed=true&limit=100')).items;
    assert.ok(followed.length >= 1);
    const talk = await get(`/api/v1/records/${followed[0].id}/posts`);
    assert.ok(talk.items.length >= 1, 'a conversation on the followed record');
    // The feed does not repeat itself.
    const feed = (await get('/api/v1/feed?limit=50')).items.filter((p) => !p.reshare_of);
    assert.ok(new Set(feed.map((p) => p.body)).size >= feed.length * 0.9, 'the feed repeats its text');
  } finally {
    await server.stop();
  }
}));

test('weft admin oidc sets up, shows and turns off single sign-on; an issuer that does not answer and bad flags are refused', () => withDir(async (dir) => {
  const show = () => JSON.parse(weft(['admin', 'oidc', 'show', '--data-dir', dir]).stdout);
  assert.deepEqual(show(), { configured: false });
  // `set` fetches the provider's discovery document, served by this process: spawned, not spawnSync.
  const provider = await startProvider();
  try {
    const set = (extra) => new Promise((resolve) => {
      const child = spawn(WEFT_BIN, ['admin', 'oidc', 'set', '--data-dir', dir, ...extra], { env: cleanEnv() });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      child.on('exit', (status) => resolve({ status, stdout: out, stderr: err }));
    });
    const ok = await set(['--issuer', provider.url, '--client-id', 'cli-client', '--client-secret', 'cli-secret', '--name', 'CLI ID']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /single sign-on is on/);
    const shown = show();
    assert.equal(shown.configured, true);
    assert.equal(shown.issuer, provider.url);
    assert.equal(shown.display_name, 'CLI ID');
    assert.equal(shown.has_client_secret, true);
    assert.ok(!JSON.stringify(shown).includes('cli-secret'), 'the secret is never printed');
    const unreachable = await set(['--issuer', 'http://127.0.0.1:9', '--client-id', 'x']);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /discovery document/);
    const noGlass = await set(['--issuer', provider.url, '--client-id', 'cli-client', '--passwords', 'off']);
    assert.equal(noGlass.status, 1);
    assert.match(noGlass.stderr, /break_glass_email/);
    assert.equal(show().issuer, provider.url, 'refused changes changed nothing');
    assert.equal((await set(['--issuer', provider.url, '--passwords', 'maybe'])).status, 2);
    assert.equal((await set(['--bogus', 'x'])).status, 2);
  } finally {
    await provider.stop();
  }
  assert.equal(weft(['admin', 'oidc', 'off', '--data-dir', dir]).status, 0);
  assert.deepEqual(show(), { configured: false });
  assert.equal(weft(['admin', 'oidc', '--data-dir', dir]).status, 2);
}));
