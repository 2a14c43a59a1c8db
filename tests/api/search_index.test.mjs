// The search index is a view derived from the activity log (the "search" subscriber), written after
// each request has committed: what was written before a search is found (the search waits, up to a
// second, for the index to reach the log's end); edits and deletions leave no stale words behind;
// proposals are searchable where their space may be seen; a failing indexer loses nothing; and
// `weft rebuild search` gives back the same results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer, WEFT_BIN } from './server.mjs';
import { expectOk } from './expect.mjs';
import { addMember, createIdea, createProblem, createProposal, createSpace, word } from './collab.mjs';
import { createPost, eventually, member, reply } from './social.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const find = async (viewer, q, type = '') => {
  const body = expectOk(await viewer.client.get(`/api/v1/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`));
  return body.items.map((item) => `${item.type}:${item.id}`);
};

test('posts written in parallel by several people are all found by the very next search', async () => {
  const people = [];
  for (let i = 0; i < 4; i += 1) people.push(await member(server, { name: `Parallel Writer ${i}` }));
  const words = people.flatMap(() => [word('par'), word('par'), word('par')]);
  const posts = await Promise.all(words.map((w, i) => createPost(people[i % people.length], { body: `Notes on ${w} today` })));
  const reader = await member(server, { name: 'Parallel Reader' });
  for (const [i, w] of words.entries()) {
    assert.deepEqual(await find(reader, w, 'post'), [`post:${posts[i].id}`], `${w} is found at once`);
  }
});

test('an edit drops the old words and adds the new; deleting a root takes its replies out of search', async () => {
  const ada = await member(server, { name: 'Ada Editor' });
  const bo = await member(server, { name: 'Bo Replier' });
  const [before, afterEdit, inReply] = [word('old'), word('new'), word('rep')];
  const root = await createPost(ada, { body: `Draft about ${before}` });
  const answer = await reply(bo, root.id, `An answer with ${inReply}`);
  assert.deepEqual(await find(bo, before), [`post:${root.id}`]);
  assert.deepEqual(await find(bo, inReply), [`post:${answer.id}`]);

  expectOk(await ada.client.patch(`/api/v1/posts/${root.id}`, { body: `Final about ${afterEdit}` }));
  assert.deepEqual(await find(bo, before), [], 'the old word is gone');
  assert.deepEqual(await find(bo, afterEdit), [`post:${root.id}`], 'the new word is found');

  assert.equal((await ada.client.delete(`/api/v1/posts/${root.id}`)).status, 204);
  assert.deepEqual(await find(bo, afterEdit), [], 'the deleted root is gone');
  assert.deepEqual(await find(bo, inReply), [], 'so is its reply');
});

test('proposals are searchable by title and body, only where their space may be seen', async () => {
  const owner = await member(server, { name: 'Pia Proposer' });
  const insider = await member(server, { name: 'Ines Insider' });
  const outsider = await member(server, { name: 'Otto Outsider' });
  const [open, hidden, body] = [word('prop'), word('prop'), word('why')];
  const publicSpace = await createSpace(owner, { visibility: 'public' });
  const privateSpace = await createSpace(owner, { visibility: 'private' });
  await addMember(owner, privateSpace, insider);
  const visible = await createProposal(owner, publicSpace, { title: `Adopt ${open}`, body: `Because ${body}` });
  const secret = await createProposal(owner, privateSpace, { title: `Adopt ${hidden}` });

  assert.deepEqual(await find(outsider, open, 'proposal'), [`proposal:${visible.id}`]);
  assert.deepEqual(await find(outsider, body, 'proposal'), [`proposal:${visible.id}`], 'the body is indexed');
  assert.ok((await find(outsider, open)).includes(`proposal:${visible.id}`), 'in the mixed results too');
  assert.deepEqual(await find(insider, hidden, 'proposal'), [`proposal:${secret.id}`]);
  assert.deepEqual(await find(outsider, hidden, 'proposal'), [], 'not outside its private space');
  assert.deepEqual(await find(outsider, hidden), []);
  const item = expectOk(await insider.client.get(`/api/v1/search?q=${hidden}&type=proposal`)).items[0];
  assert.equal(item.title, `Adopt ${hidden}`);
});

test('problems, ideas, spaces and people are found right after they are written or changed', async () => {
  const owner = await member(server, { name: 'Fresh Owner' });
  const spaceWord = word('spc');
  const space = await createSpace(owner, { name: `Space ${spaceWord}` });
  assert.deepEqual(await find(owner, spaceWord, 'space'), [`space:${space.id}`]);
  const listed = expectOk(await owner.client.get(`/api/v1/spaces?q=${spaceWord}`));
  assert.deepEqual(listed.items.map((s) => s.id), [space.id], 'the space directory too');

  const [problemWord, ideaWord] = [word('prb'), word('ida')];
  const problem = await createProblem(owner, space, { title: `Problem ${problemWord}` });
  const idea = await createIdea(owner, space, { title: `Idea ${ideaWord}` });
  assert.deepEqual(await find(owner, problemWord, 'problem'), [`problem:${problem.id}`]);
  assert.deepEqual(await find(owner, ideaWord, 'idea'), [`idea:${idea.id}`]);

  const skill = word('skl');
  expectOk(await owner.client.patch('/api/v1/people/me', { title: `Keeper of ${skill}` }));
  const people = expectOk(await owner.client.get(`/api/v1/people?q=${skill}`));
  assert.deepEqual(people.items.map((p) => p.id), [owner.person.id], 'a profile change is found at once');
});

test('the search view appears in /metrics and catches up', async () => {
  const text = await eventually(async () => (await server.anonymous().get('/metrics')).text,
    (t) => /weft_subscriber_lag\{subscriber="search"\} 0\b/.test(t), { what: 'search caught up' });
  assert.match(text, /weft_subscriber_checkpoint\{subscriber="search"\} \d+/);
});

test('weft rebuild search indexes the tables afresh and finds the same things', async () => {
  const ada = await member(server, { name: 'Ada Rebuilder' });
  const w = word('reb');
  const post = await createPost(ada, { body: `Before the rebuild: ${w}` });
  const space = await createSpace(ada, { purpose: `Purpose ${w}` });
  const before = (await find(ada, w)).sort();
  assert.ok(before.includes(`post:${post.id}`) && before.includes(`space:${space.id}`), before.join());

  let output;
  await server.restart({
    whileStopped: async () => {
      const env = { ...process.env };
      for (const name of ['WEFT_DATABASE_URL', 'WEFT_LISTEN', 'WEFT_DATA_DIR']) delete env[name];
      // The server's store: its data directory, or its PostgreSQL database (WEFT_API_ON_POSTGRES).
      if (server.env.WEFT_DATABASE_URL) env.WEFT_DATABASE_URL = server.env.WEFT_DATABASE_URL;
      output = spawnSync(WEFT_BIN, ['rebuild', 'search', '--data-dir', path.join(server.root, 'data')],
        { env, encoding: 'utf8', timeout: 60_000 });
    },
  });
  assert.equal(output.status, 0, output.stderr);
  assert.match(output.stdout, /search rebuilt from the tables/);
  assert.match(output.stderr, /rebuild search/, 'progress is shown');
  const again = await server.signIn(ada.email, ada.password);
  assert.deepEqual((await find({ client: again.client }, w)).sort(), before);
});
