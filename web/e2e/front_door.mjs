// Browser journeys of Weft's front door polish: reactions drawn as icons (no emoji font needed),
// one row of post actions wherever a post is shown, quiet names and titles, lists that load with a
// skeleton and fail with "Try again", the outcome chain near the top on a phone, no accepting on a
// resolved problem, a sidebar on wide screens, and no page that scrolls sideways on a phone.

import assert from 'node:assert/strict';
import { ApiClient } from './api.mjs';
import { kMember, randomWord, signInContext } from './journeys.mjs';

export const frontDoorJourneys = [
  {
    name: 'resolved problem: once a solution is accepted, no other solution offers "Accept this solution"',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const { subject, editor } = fixture.seeded;
      const owner = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const space = await owner.call('POST', '/spaces', { name: `Dye house ${tag}`, purpose: 'Colours', kind: 'project', visibility: 'private' }, 201);
      for (const person of [subject, editor]) {
        await owner.call('PUT', `/spaces/${space.id}/members/${person.id}`, { role: 'member' }, 204);
      }
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`, { title: `Indigo fades ${tag}`, body: 'After one wash.' }, 201);
      const first = await (await ApiClient.signedIn(fixture.baseURL, subject.email, subject.password))
        .call('POST', `/problems/${problem.id}/solutions`, { body: 'Fix it with vinegar.' }, 201);
      await (await ApiClient.signedIn(fixture.baseURL, editor.email, editor.password))
        .call('POST', `/problems/${problem.id}/solutions`, { body: 'Dip it three more times.' }, 201);

      await signInContext(context, kMember);
      await page.goto(`/problems/${problem.id}`);
      await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
      const accept = page.getByRole('button', { name: /^Accept this solution/ });
      await accept.first().waitFor();
      assert.equal(await accept.count(), 2, 'open: each solution may be accepted');

      await owner.call('POST', `/problems/${problem.id}/accept`, { solution_id: first.id }, 200);
      await page.reload();
      await page.getByRole('article', { name: `Accepted solution by ${subject.name}` }).waitFor();
      await page.getByRole('article', { name: `by ${editor.name}` }).waitFor();
      assert.equal(await accept.count(), 0, 'resolved: no solution offers accepting');
      await page.getByRole('button', { name: 'Reopen' }).waitFor();
    },
  },
];

