// The web UI's files compressed at build time (X.br, X.gz next to X) are sent to clients that
// accept them, with Content-Encoding, Vary: Accept-Encoding and an ETag per encoding; the others
// get the file as it is.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import http from 'node:http';
import { startServer } from './server.mjs';

const script = `export const weft = ${JSON.stringify('connect people around work; '.repeat(200))};\n`;
let server;

before(async () => {
  server = await startServer({
    webDir: true,
    webFiles: {
      'assets/app-1234.js': script,
      'assets/app-1234.js.br': zlib.brotliCompressSync(Buffer.from(script)),
      'assets/app-1234.js.gz': zlib.gzipSync(Buffer.from(script)),
      'assets/plain-1234.js': script,
    },
  });
});

after(async () => {
  await server?.stop();
});

// Raw bytes and headers (fetch would decompress and hide the encoding).
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('brotli for those who accept it, else gzip, else the file as it is', async () => {
  const br = await get('/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.match(br.headers['content-type'], /javascript/);
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), script);
  assert.ok(br.body.length < script.length / 5);

  const gz = await get('/assets/app-1234.js', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(gz.body).toString(), script);

  const refused = await get('/assets/app-1234.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.equal(refused.body.toString(), script);
  const none = await get('/assets/app-1234.js');
  assert.equal(none.headers['content-encoding'], undefined);
  assert.equal(none.body.toString(), script);
  assert.equal((await get('/assets/app-1234.js', { 'accept-encoding': '*' })).headers['content-encoding'], 'br');
});

test('each encoding has its own ETag, and revalidation answers 304 for the matching one only', async () => {
  const br = await get('/assets/app-1234.js', { 'accept-encoding': 'br' });
  const plain = await get('/assets/app-1234.js');
  assert.notEqual(br.headers.etag, plain.headers.etag);
  assert.match(br.headers.etag, /-br"$/);
  assert.equal((await get('/assets/app-1234.js', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag })).status, 304);
  assert.equal((await get('/assets/app-1234.js', { 'if-none-match': br.headers.etag })).status, 200);
  assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
});

test('a file without compressed copies is sent as it is, without Vary; the copies are not pages of their own', async () => {
  const plain = await get('/assets/plain-1234.js', { 'accept-encoding': 'br, gzip' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers.vary, undefined);
  assert.equal(plain.body.toString(), script);
  assert.equal((await get('/assets/app-1234.js.br')).status, 404);
});
