// Shared by the Node benchmarks: HTTP on loopback with keep-alive, percentiles, resident memory,
// and a weft server started on a data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = process.env.WEFT_BIN || path.join(root, 'build', 'weft');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (v) => `${v.toFixed(1)} ms`;

export function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Starts `weft serve` on dataDir (SQLite) and answers { child, base, startedMs }. */
export async function startServer(dataDir, env = {}) {
  const started = performance.now();
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    env: { ...process.env, WEFT_DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const base = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`weft exited ${code}`)));
  });
  process.on('exit', () => child.kill('SIGTERM'));
  return { child, base, startedMs: performance.now() - started };
}

/** Signs in and answers the headers that authenticate the next requests. */
export async function signIn(base, email, password = 'weft-demo') {
  const res = await request(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}: ${res.text}`);
  return { cookie: res.headers['set-cookie'][0].split(';')[0], csrf: JSON.parse(res.text).csrf_token };
}

/** `n` GETs of `url` one after another; answers their times in ms (throws on a non-200). */
export async function sequentialTimes(url, headers = {}, n = 100) {
  const times = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    const res = await request(url, { headers });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text.slice(0, 200)}`);
    times.push(performance.now() - t);
  }
  return times;
}

/** GETs of `url` from `workers` loops at once for `seconds`; answers { rps, p99 }. */
export async function concurrentRate(url, headers = {}, seconds = 5, workers = 4) {
  const times = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const res = await request(url, { headers });
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      times.push(performance.now() - t);
    }
  }));
  return { rps: times.length / seconds, p99: percentile(times, 99) };
}

/** Posts as `call` (method, path, body) every `pauseMs` until `until` (ms since the epoch); answers each post's time in ms. */
export async function timedPosts(call, until, pauseMs = 20) {
  const took = [];
  for (let k = 0; Date.now() < until; k += 1) {
    const started = process.hrtime.bigint();
    const res = await call('POST', '/api/v1/posts', { body: `bench post ${k}`, audience: 'public' });
    if (res.status !== 201) throw new Error(`post ${res.status} ${res.text}`);
    took.push(Number(process.hrtime.bigint() - started) / 1e6);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return took;
}
