// Test fixture for the API suite: starts a real `weft serve` on a free loopback port with a fresh
// data directory and a first admin, and hands tests an HTTP client that speaks the API's two
// authentication schemes (session cookie + CSRF header, bearer token). One server per test file;
// the file's `after` hook stops it with SIGTERM and asserts a clean exit (code 0).
//
// The binary is $WEFT_BIN, or <repo>/build/weft.

import { execFileSync, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEFT_BIN = process.env.WEFT_BIN || path.join(repoRoot, 'build', 'weft');
export const ADMIN_EMAIL = 'admin@test.weft';
export const ADMIN_PASSWORD = 'admin-password-for-api-tests';
export const INDEX_HTML = '<!doctype html><html><head><title>weft test</title></head><body>weft</body></html>\n';

const kListening = /^weft: listening on http:\/\/127\.0\.0\.1:(\d+)$/;
const kStartTimeoutMs = 20_000;
const kStopTimeoutMs = 15_000;
const kLogTail = 16_000;

let uniqueCounter = 0;
/** A short lowercase token, unique in this process, usable in handles and e-mail local parts. */
export function unique(prefix = 'p') {
  uniqueCounter += 1;
  return `${prefix}${uniqueCounter}x${Math.random().toString(36).slice(2, 7)}`;
}
export function uniqueEmail(prefix = 'person') {
  return `${unique(prefix)}@test.weft`;
}

/**
 * Starts a server. `webDir: true` also serves a tiny static web app (for HTML header checks), with
 * `webFiles` (relative path → contents) beside its index.html.
 * `env` adds environment variables for this server only (e.g. {WEFT_TRUSTED_PROXIES: '127.0.0.1'}).
 * `openapi: false` skips fetching /api/openapi.json at start (the fetch leaves a pooled
 * keep-alive connection, which tests that count connections must not have).
 */
export async function startServer({ webDir = false, webFiles = {}, env: extraEnv = {}, openapi = true } = {}) {
  await access(WEFT_BIN).catch(() => {
    throw new Error(`weft binary not found at ${WEFT_BIN} (build it or set WEFT_BIN)`);
  });
  const root = await mkdtemp(path.join(tmpdir(), 'weft-api-test-'));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir);
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--threads', '2'];
  if (webDir) {
    const web = path.join(root, 'web');
    await mkdir(web);
    await writeFile(path.join(web, 'index.html'), INDEX_HTML);
    // More files of the web app: relative path → contents.
    for (const [name, contents] of Object.entries(webFiles)) {
      await mkdir(path.dirname(path.join(web, name)), { recursive: true });
      await writeFile(path.join(web, name), contents);
    }
    args.push('--web-dir', web);
  }
  const env = { ...process.env, WEFT_ADMIN_EMAIL: ADMIN_EMAIL, WEFT_ADMIN_PASSWORD: ADMIN_PASSWORD };
  for (const name of ['WEFT_DATABASE_URL', 'WEFT_LISTEN', 'WEFT_DATA_DIR', 'WEFT_THREADS', 'WEFT_WEB_DIR']) {
    delete env[name];
  }
  Object.assign(env, extraEnv);
  // WEFT_API_ON_POSTGRES=1 runs the suite against PostgreSQL: each server gets a database of its
  // own on the cluster WEFT_TEST_POSTGRES_URL names, dropped when the server stops (unless the
  // test names its store itself; WEFT_DATABASE_URL '' is SQLite).
  let database = null;
  if (process.env.WEFT_API_ON_POSTGRES === '1' && process.env.WEFT_TEST_POSTGRES_URL && extraEnv.WEFT_DATABASE_URL === undefined) {
    database = `weft_api_${path.basename(root).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
    execFileSync('psql', [`${process.env.WEFT_TEST_POSTGRES_URL} dbname=postgres`, '-qc', `CREATE DATABASE ${database}`],
      { stdio: 'pipe' });
    env.WEFT_DATABASE_URL = `${process.env.WEFT_TEST_POSTGRES_URL} dbname=${database}`;
  }

  let launched;
  try {
    launched = await launch(args, env);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const { child, exited, port, stderrTail } = launched;
  const server = new TestServer({ child, exited, port, root, stderrTail, args, env });
  server.database = database;
  if (openapi) await server.loadOpenApi();
  return server;
}

/** Spawns `weft` with `args` and waits for its listening line; returns {child, exited, port, stderrTail}. */
async function launch(args, env) {
  const child = spawn(WEFT_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-kLogTail);
  });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const lines = readline.createInterface({ input: child.stdout });

  let port;
  try {
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`weft did not print its listening line within ${kStartTimeoutMs} ms\n${stderr}`)),
        kStartTimeoutMs);
      lines.on('line', (line) => {
        const match = kListening.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`weft exited (code ${code}, signal ${signal}) before listening\n${stderr}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, exited, port, stderrTail: () => stderr };
}

export class TestServer {
  constructor({ child, exited, port, root, stderrTail, args, env }) {
    this.args = args;
    this.env = env;
    this.child = child;
    this.exited = exited;
    this.port = port;
    this.root = root;
    this.stderrTail = stderrTail;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.openapi = null;
    this.openapiProblem = null;
    this.adminSession = null;
  }

  url(p) {
    return this.baseUrl + p;
  }

  /** Fetches /api/openapi.json once; schema checks in expect.mjs use it. */
  async loadOpenApi() {
    try {
      const res = await fetch(this.url('/api/openapi.json'));
      const text = await res.text();
      if (res.status !== 200) {
        this.openapiProblem = `GET /api/openapi.json answered ${res.status}`;
        return;
      }
      this.openapi = JSON.parse(text);
    } catch (error) {
      this.openapiProblem = `GET /api/openapi.json failed: ${error.message}`;
    }
  }

  /**
   * Waits until every derived view has handled the whole activity log (each subscriber's lag in
   * /metrics is 0). For a test after a burst of writes, whose checks would otherwise wait behind
   * that backlog.
   */
  async settled({ timeoutMs = 120_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await (await fetch(this.url('/metrics'))).text();
      const lags = [...text.matchAll(/^weft_subscriber_lag\{subscriber="[^"]+"\} (\d+)$/gm)].map((m) => Number(m[1]));
      if (lags.length > 0 && lags.every((lag) => lag === 0)) return;
      if (Date.now() > deadline) throw new Error(`the views did not catch up within ${timeoutMs} ms: ${lags.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A client with no credentials. */
  anonymous() {
    return new Client(this, {});
  }

  /** A client authenticated by `Authorization: Bearer <token>`. */
  bearer(token) {
    return new Client(this, { token });
  }

  /** POST /api/v1/session; returns {cookie, csrf, person, setCookie, client}. */
  async signIn(email, password) {
    const res = await this.anonymous().post('/api/v1/session', { email, password });
    assert.equal(res.status, 200, `sign-in as ${email} answered ${res.status}: ${res.text.slice(0, 300)}`);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('weft_session='));
    assert.ok(setCookie, `sign-in set no weft_session cookie: ${res.headers.getSetCookie()}`);
    const cookie = setCookie.split(';')[0];
    const csrf = res.body.csrf_token;
    return { cookie, csrf, person: res.body.person, setCookie, client: new Client(this, { cookie, csrf }) };
  }

  /** The first admin, signed in once per server. */
  async admin() {
    this.adminSession ??= this.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    return this.adminSession;
  }

  /** Creates a person through the admin API; returns {person, email, password}. */
  async createPerson(fields = {}) {
    const admin = await this.admin();
    const body = {
      name: 'Test Person',
      email: uniqueEmail('person'),
      password: `pw-${unique('secret')}`,
      ...fields,
    };
    const res = await admin.client.post('/api/v1/people', body);
    assert.equal(res.status, 201, `creating ${body.email} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { person: res.body, email: body.email, password: body.password };
  }

  /** Creates a person and signs them in; returns {person, email, password, cookie, csrf, client}. */
  async signedInPerson(fields = {}) {
    const created = await this.createPerson(fields);
    const session = await this.signIn(created.email, created.password);
    return { ...created, ...session, person: session.person };
  }

  /** Creates a bearer token for `client` (a signed-in Client); returns {id, token, client}. */
  async tokenFor(client, scopes, name = unique('token')) {
    const res = await client.post('/api/v1/tokens', { name, scopes });
    assert.equal(res.status, 201, `creating token ${name} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { id: res.body.id, token: res.body.token, client: this.bearer(res.body.token) };
  }

  /**
   * Stops the server with SIGTERM (asserting exit code 0) and starts it again on the same data
   * directory; the port may change, clients follow it (they resolve URLs through this object).
   * `whileStopped` (async) runs after the old process has exited and before the new one starts.
   */
  async restart({ whileStopped } = {}) {
    this.child.kill('SIGTERM');
    const result = await Promise.race([this.exited, sleep(kStopTimeoutMs, null, { ref: false })]);
    if (result === null) {
      this.child.kill('SIGKILL');
      await this.exited;
      assert.fail(`weft did not exit within ${kStopTimeoutMs} ms of SIGTERM\n${this.stderrTail()}`);
    }
    assert.deepEqual(result, { code: 0, signal: null },
      `weft should exit with code 0 after SIGTERM\nstderr tail:\n${this.stderrTail()}`);
    if (whileStopped) await whileStopped();
    const { child, exited, port, stderrTail } = await launch(this.args, this.env);
    Object.assign(this, { child, exited, port, stderrTail, baseUrl: `http://127.0.0.1:${port}` });
  }

  /** SIGTERM, then assert the process exits with code 0; always removes the data directory. */
  async stop() {
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
      const result = await Promise.race([this.exited, sleep(kStopTimeoutMs, null, { ref: false })]);
      if (result === null) {
        this.child.kill('SIGKILL');
        await this.exited;
        assert.fail(`weft did not exit within ${kStopTimeoutMs} ms of SIGTERM\n${this.stderrTail()}`);
      }
      assert.deepEqual(result, { code: 0, signal: null },
        `weft should exit with code 0 after SIGTERM\nstderr tail:\n${this.stderrTail()}`);
    } finally {
      await rm(this.root, { recursive: true, force: true });
      if (this.database) {
        execFileSync('psql', [`${process.env.WEFT_TEST_POSTGRES_URL} dbname=postgres`, '-qc',
          `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`], { stdio: 'pipe' });
      }
    }
  }
}

/**
 * An HTTP client bound to one server and one identity. Requests resolve to
 * {status, headers, text, body (parsed JSON or null), method, path, server}.
 * Cookie-authenticated writes carry the CSRF header unless `csrf: false` is passed.
 */
export class Client {
  constructor(server, { cookie, csrf, token }) {
    this.server = server;
    this.cookie = cookie;
    this.csrf = csrf;
    this.token = token;
  }

  async request(method, p, body, { headers = {}, raw = false, csrf = true } = {}) {
    const sent = {};
    if (this.cookie) sent.cookie = this.cookie;
    if (this.cookie && this.csrf && csrf && method !== 'GET') sent['x-csrf-token'] = this.csrf;
    if (this.token) sent.authorization = `Bearer ${this.token}`;
    let payload;
    if (body !== undefined) {
      payload = raw ? body : JSON.stringify(body);
      sent['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(headers)) sent[name.toLowerCase()] = value;
    const res = await fetch(this.server.url(p), { method, headers: sent, body: payload, redirect: 'manual' });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed = null;
    if ((res.headers.get('content-type') || '').includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: res.status, headers: res.headers, text, bytes, body: parsed, method, path: p, server: this.server };
  }

  get(p, options) { return this.request('GET', p, undefined, options); }
  post(p, body, options) { return this.request('POST', p, body, options); }
  put(p, body, options) { return this.request('PUT', p, body, options); }
  patch(p, body, options) { return this.request('PATCH', p, body, options); }
  delete(p, body, options) { return this.request('DELETE', p, body, options); }
}
