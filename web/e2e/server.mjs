// Starts a throwaway Weft server for the browser tests: a fresh data directory filled by
// `weft demo`, then `weft serve` on a free loopback port (webhooks may target loopback, and their
// retries are scaled down a thousandfold), with `env` added to its environment (e.g. the SMTP
// relay of the mail journeys). stop() kills it by PID and removes the directory. With WEFT_E2E_POSTGRES_URL (a cluster, e.g. scripts/postgres.sh's), the store is a new
// PostgreSQL database on it instead, dropped at stop().

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const kListeningLine = /^weft: listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/;

export async function startServer({ weftBin, webDir, people = 200, seed = 7, env: extraEnv = {} }) {
  if (!fs.existsSync(weftBin)) throw new Error(`weft binary not found at ${weftBin} (set WEFT_BIN)`);
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error(`${webDir}/index.html missing: run npm run build`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-data-'));
  const logPath = path.join(dataDir, 'server.log');
  const cluster = process.env.WEFT_E2E_POSTGRES_URL;
  const database = cluster ? `weft_e2e_${process.pid}` : null;
  const psql = (sql) => spawnSync('psql', [`${cluster} dbname=postgres`, '-qc', sql], { encoding: 'utf8' });
  const env = { ...process.env };
  delete env.WEFT_DATABASE_URL;
  // Webhook journeys deliver to a receiver on 127.0.0.1, and retry in milliseconds, not minutes.
  env.WEFT_WEBHOOK_ALLOW_PRIVATE = 'true';
  env.WEFT_WEBHOOK_RETRY_SCALE = '0.001';
  Object.assign(env, extraEnv);
  if (database) {
    const created = psql(`CREATE DATABASE ${database}`);
    if (created.status !== 0) throw new Error(`cannot create ${database}: ${created.stderr}`);
    env.WEFT_DATABASE_URL = `${cluster} dbname=${database}`;
  }
  const removeDataDir = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };

  const demo = spawnSync(weftBin, ['demo', '--people', String(people), '--seed', String(seed), '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  if (demo.status !== 0) {
    removeDataDir();
    throw new Error(`weft demo failed (status ${demo.status}, ${demo.error ?? ''}):\n${demo.stderr}\n${demo.stdout}`.trim());
  }

  const log = fs.createWriteStream(logPath);
  const child = spawn(weftBin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--web-dir', webDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const baseURL = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('weft serve printed no listening line within 20 s')), 20_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`[stdout] ${line}\n`);
      const match = kListeningLine.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`weft serve exited early (code ${code}, signal ${signal})`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    const tail = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').slice(-2000) : '';
    removeDataDir();
    throw new Error(`${error.message}\n${tail}`);
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const { code, signal } = await exited;
      clearTimeout(killer);
      if (signal === 'SIGKILL') console.error('# weft serve did not stop within 5 s of SIGTERM; killed');
      else if (code !== 0) console.error(`# weft serve exited with code ${code} after SIGTERM`);
    }
    log.end();
    removeDataDir();
  };

  const logTail = () => (fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').slice(-3000) : '');
  return { baseURL, pid: child.pid, stop, logTail };
}
