// The web UI's TypeScript types (web/src/api/schema.ts) are generated from the served OpenAPI
// document, which every API test's responses are validated against in full: regenerating from this
// server must give the committed file. After changing a schema, rewrite it with
//   WEFT_WRITE_TYPES=1 node --test tests/api/openapi_types.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { generate } from '../../web/scripts/api-types.mjs';

const schemaFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/api/schema.ts');

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('web/src/api/schema.ts is what the served OpenAPI document generates', async () => {
  const generated = generate(server.openapi);
  if (process.env.WEFT_WRITE_TYPES === '1') writeFileSync(schemaFile, generated);
  const committed = readFileSync(schemaFile, 'utf8');
  assert.ok(committed === generated,
    'web/src/api/schema.ts is stale: run WEFT_WRITE_TYPES=1 node --test tests/api/openapi_types.test.mjs');
});

test('every response schema names its items and nested objects (no untyped arrays or objects)', () => {
  const loose = [];
  const walk = (schema, where) => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref) return;
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('array') && !schema.items) loose.push(`${where}: an array without items`);
    if (types.includes('object') && !schema.properties && !schema.additionalProperties) loose.push(`${where}: an object without properties`);
    for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${where}.${name}`);
    if (schema.items) walk(schema.items, `${where}[]`);
    for (const key of ['allOf', 'oneOf', 'anyOf']) (schema[key] ?? []).forEach((part, i) => walk(part, `${where}.${key}[${i}]`));
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}{}`);
  };
  for (const [name, schema] of Object.entries(server.openapi.components.schemas)) walk(schema, name);
  assert.deepEqual(loose, []);
});
