// Avatars: PUT /api/v1/me/avatar takes a photo (base64 or a data: URL), crops it to a centred
// square and stores a 256×256 JPEG; GET /api/v1/people/{id}/avatar serves it to those who may see
// the person; the person's avatar_url names it; bad images are refused and change nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from './server.mjs';
import { expectError, expectNoContent, expectOk } from './expect.mjs';
import { member, waitForNotification } from './social.mjs';
import { png as makePng } from '../support/png.mjs';

let server;
let ana;
let ben;
let guest;

// A PNG of width × height in one colour.
const png = (width, height, colour = [200, 40, 40]) => makePng(width, height, () => colour);

function getRaw(person, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${path}`, { headers: { cookie: person.client.cookie, ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  server = await startServer();
  ana = await member(server, { name: 'Ana Photo' });
  ben = await member(server, { name: 'Ben Viewer' });
  guest = await member(server, { name: 'Gus Guest', role: 'guest' });
});

after(async () => {
  await server?.stop();
});

// The size a JPEG says it is (its SOF0/SOF2 frame header).
function jpegSize(bytes) {
  assert.equal(bytes[0], 0xff);
  assert.equal(bytes[1], 0xd8);
  for (let at = 2; at < bytes.length;) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xc0 || marker === 0xc2) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}

test('a photo is cropped, resized to 256×256 JPEG and served to those who may see the person', async () => {
  assert.equal(expectOk(await ana.client.get(`/api/v1/people/${ana.person.id}`)).avatar_url, null);
  const image = png(400, 300);
  const person = expectOk(await ana.client.put('/api/v1/me/avatar', { image: `data:image/png;base64,${image.toString('base64')}` }));
  assert.match(person.avatar_url, new RegExp(`^/api/v1/people/${ana.person.id}/avatar\\?v=\\d+$`));
  assert.equal(expectOk(await ben.client.get(`/api/v1/people/${ana.person.id}`)).avatar_url, person.avatar_url);
  const res = await getRaw(ben, person.avatar_url);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'image/jpeg');
  assert.match(res.headers['cache-control'], /^private/);
  assert.ok(!/no-store/.test(res.headers['cache-control']), `the route's caching stands: ${res.headers['cache-control']}`);
  assert.deepEqual(jpegSize(res.body), { width: 256, height: 256 });
  assert.equal((await getRaw(ben, person.avatar_url, { 'if-none-match': res.headers.etag })).status, 304);
  // Plain base64 works too, and a new photo gets a new URL.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const again = expectOk(await ana.client.put('/api/v1/me/avatar', { image: png(64, 64, [20, 90, 200]).toString('base64') }));
  assert.notEqual(again.avatar_url, person.avatar_url);
  // Wherever Ana is named — as a post's author, in a reply's notification to her — her photo comes along.
  const post = expectOk(await ana.client.post('/api/v1/posts', { body: 'A post with a face on it.' }), 201);
  assert.equal(expectOk(await ben.client.get(`/api/v1/posts/${post.id}`)).author.avatar_url, again.avatar_url);
  expectNoContent(await ana.client.put(`/api/v1/people/${ben.person.id}/follow`));
  const isFollow = (n) => n.kind === 'follow' && n.actor?.id === ana.person.id;
  const followed = (await waitForNotification(ben, isFollow, 'the follow notification')).find(isFollow);
  assert.equal(followed.actor.avatar_url, again.avatar_url);
  // A guest who shares no space with Ana may not see her, nor her photo.
  expectError(await guest.client.get(`/api/v1/people/${ana.person.id}/avatar`), 404, 'not_found');
  expectError(await server.anonymous().get(`/api/v1/people/${ana.person.id}/avatar`), 401, 'unauthenticated');
});

test('removing the photo brings the initials back', async () => {
  expectNoContent(await ana.client.delete('/api/v1/me/avatar'));
  assert.equal(expectOk(await ben.client.get(`/api/v1/people/${ana.person.id}`)).avatar_url, null);
  expectError(await ben.client.get(`/api/v1/people/${ana.person.id}/avatar`), 404, 'not_found');
  expectNoContent(await ana.client.delete('/api/v1/me/avatar'));
});

test('what is not a usable image is refused and changes nothing', async () => {
  const big = Buffer.concat([png(40, 40), Buffer.alloc(720 * 1024)]);
  for (const [image, why] of [
    ['not base64 at all!', /base64/],
    [Buffer.from('\x89PNG\r\n\x1a\n but not really', 'binary').toString('base64'), /cannot be read/],
    [Buffer.from('GIF89a a GIF').toString('base64'), /PNG or a JPEG/],
    [Buffer.from('just some text, no picture').toString('base64'), /PNG or a JPEG/],
    [png(10, 10).toString('base64'), /under 32 pixels/],
    [big.toString('base64'), /over 700 KB/],
    [png(4100, 4000).toString('base64'), /over 16 megapixels/],  // 16.4 MP in one colour: small to send, large to decode
    ['data:image/png,notbase64', /base64/],
  ]) {
    const res = await ben.client.put('/api/v1/me/avatar', { image });
    if (res.status === 413) continue;  // the request itself was over the body limit
    expectError(res, 400, 'invalid_argument');
    assert.equal(res.body.error.field, 'image');
    assert.match(res.body.error.message, why);
  }
  expectError(await ben.client.put('/api/v1/me/avatar', {}), 400, 'invalid_argument');
  assert.equal(expectOk(await ben.client.get(`/api/v1/people/${ben.person.id}`)).avatar_url, null);
});
