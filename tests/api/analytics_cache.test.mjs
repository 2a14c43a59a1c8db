// Cached analytics figures (network, engagement) never outlive what the asker may see: an admin's
// token without the admin scope gets a member's figures, not the admin's cached ones; someone
// taken out of a private space, or everyone once a space is made private, stops counting its
// posts at once, although the cache serves figures up to WEFT_ANALYTICS_CACHE_SECONDS old.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique } from './server.mjs';
import { expectNoContent, expectOk } from './expect.mjs';
import { createPost, follow, member, reply } from './social.mjs';
import { addMember, createSpace } from './collab.mjs';

let server;
let admin;
let ana;
let ben;
let cleo;
const since = new Date(Date.now() - 60_000).toISOString();

before(async () => {
  server = await startServer({ env: { WEFT_ANALYTICS_CACHE_SECONDS: '300', WEFT_ANALYTICS_MIN_GROUP: '1' } });
  admin = await server.admin();
  ana = await member(server, { name: 'Ana Poster' });
  ben = await member(server, { name: 'Ben Follower' });
  cleo = await member(server, { name: 'Cleo Member' });
});

after(async () => {
  await server?.stop();
});

const network = async (client, query = '') =>
  expectOk(await client.get(`/api/v1/analytics/network?from=${since}${query}`));

test('an admin\'s token without the admin scope gets a member\'s figures, not the admin\'s cached ones', async () => {
  await follow(ben, ana);
  const post = await createPost(ana, { audience: 'followers', body: 'For my followers only' });
  await reply(ben, post.id, 'Seen it');
  const asAdmin = await network(admin.client);
  const asMember = await network(cleo.client);
  assert.ok(asAdmin.interactions > asMember.interactions, 'an admin counts the followers-only reply');
  const token = await server.tokenFor(admin.client, ['read']);
  const asToken = await network(token.client);
  assert.equal(asToken.interactions, asMember.interactions, 'the token acts as a member');
});

test('someone taken out of a private space, or everyone once a space is private, stops counting it at once', async () => {
  const space = await createSpace(ana, { name: unique('Closing '), visibility: 'private' });
  await addMember(ana, space, ben);
  await addMember(ana, space, cleo);
  const post = expectOk(await ana.client.post('/api/v1/posts', { audience: 'space', space_id: space.id, body: 'Plans' }), 201);
  await reply(ben, post.id, 'Agreed');
  const period = `&to=${new Date(Date.now() + 3_600_000).toISOString()}`;  // a query of its own: nothing cached yet
  const before = (await network(cleo.client, period)).interactions;
  assert.equal((await network(cleo.client, period)).interactions, before, 'asked again: the cached answer');
  expectNoContent(await ana.client.delete(`/api/v1/spaces/${space.id}/members/${cleo.person.id}`));
  assert.equal((await network(cleo.client, period)).interactions, before - 1, 'the space\'s reply no longer counts for Cleo');

  // The organization's view (the dashboard's default, kept current in the background): Cleo's
  // leaving made the kept one too old, so this one is counted now, with the open space's reply.
  const open = await createSpace(ana, { name: unique('Open for now '), visibility: 'public' });
  await addMember(ana, open, ben);
  const shared = expectOk(await ana.client.post('/api/v1/posts', { audience: 'space', space_id: open.id, body: 'Open plans' }), 201);
  await reply(ben, shared.id, 'Open reply');
  const organization = async () => expectOk(await cleo.client.get('/api/v1/analytics/network?view=organization')).interactions;
  const counted = await organization();
  expectOk(await ana.client.patch(`/api/v1/spaces/${open.id}`, { visibility: 'private' }));
  assert.equal(await organization(), counted - 1, 'the space made private no longer counts for everyone');
});
