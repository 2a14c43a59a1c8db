// The served OpenAPI document is one that client generators and linters accept: `redocly lint`
// with its recommended rules finds no error, every operation has a usable, unique operationId and
// declares its security (an empty list for the open ones).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const redocly = path.join(repoRoot, 'web', 'node_modules', '.bin', 'redocly');

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function documentText() {
  const res = await server.anonymous().get('/api/openapi.json');
  assert.equal(res.status, 200);
  return res.text;
}

test('every operation has a unique camel-case operationId and declares its security', async () => {
  const doc = JSON.parse(await documentText());
  const seen = new Set();
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${route}`;
      assert.match(operation.operationId, /^[a-z][A-Za-z0-9]*$/, `${where}: ${operation.operationId}`);
      assert.ok(!seen.has(operation.operationId), `${where}: ${operation.operationId} is used twice`);
      seen.add(operation.operationId);
      assert.ok(Array.isArray(operation.security), `${where} declares its security`);
    }
  }
  assert.equal(doc.paths['/api/v1/people/{id}/follow'].put.operationId, 'putPeopleByIdFollow');
  assert.deepEqual(doc.paths['/healthz'].get.security, [], 'an open operation says so');
});

test('redocly lint (recommended rules) finds no error in the served document', async () => {
  await access(redocly).catch(() => assert.fail(`${redocly} is missing: run npm ci in web/`));
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, await documentText());
    const result = spawnSync(redocly, ['lint', file, '--format', 'stylish'], {
      encoding: 'utf8', timeout: 120_000, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    assert.equal(result.status, 0, `redocly lint failed:\n${result.stdout}\n${result.stderr}`.slice(0, 6000));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
