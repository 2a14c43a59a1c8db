// Browser journeys of the home page as a place for work: a member takes a stance on a waiting
// proposal right from "Your work", a newcomer's first-run card (its steps ticked as they are done,
// dismissed for good), and the demo member's agenda on a phone.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { freshPerson, kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

const kSections = [
  ['awaiting_stance', 'Waiting for your stance'],
  ['suggested', 'You could help'],
  ['open_problems', 'Open problems in your spaces'],
  ['recent_decisions', 'Decided lately'],
  ['idea_updates', 'Your ideas'],
  ['records', 'Records you follow'],
  ['spaces', 'Your spaces'],
];

const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Home, once "Your work" has its answer from GET /me/agenda. */
async function openHome(page) {
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.locator('.agenda[data-loaded="true"]').waitFor();
}

export const homeJourneys = [
  {
    name: 'home agenda: a member takes a stance on a waiting proposal right from home; it leaves the list and the proposal shows it',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const person = await freshPerson(fixture, 'Stella');
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const space = await admin.call(
        'POST',
        '/spaces',
        { name: `Kiln crew ${tag}`, purpose: 'Firing schedules', kind: 'project', visibility: 'private' },
        201,
      );
      await admin.call('PUT', `/spaces/${space.id}/members/${person.id}`, { role: 'member' }, 204);
      const later = await admin.call(
        'POST',
        `/spaces/${space.id}/proposals`,
        { title: `Buy a second kiln ${tag}`, body: 'Two kilns, half the waiting.', closes_at: inDays(5) },
        201,
      );
      const sooner = await admin.call(
        'POST',
        `/spaces/${space.id}/proposals`,
        { title: `Night firing on Fridays ${tag}`, body: 'Cheaper power at night.', closes_at: inDays(2) },
        201,
      );

      await signInContext(context, person);
      await openHome(page);
      const waiting = page.getByRole('region', { name: 'Waiting for your stance' });
      await waiting.waitFor();
      assert.equal((await waiting.locator('.count-badge').textContent()).trim(), '2', 'two proposals wait');
      const items = waiting.getByRole('listitem');
      assert.deepEqual(
        await items.locator('.agenda-item__title').allTextContents(),
        [sooner.title, later.title],
        'soonest deadline first',
      );
      const first = items.filter({ hasText: sooner.title });
      await first.getByRole('link', { name: `Kiln crew ${tag}` }).waitFor();
      await first.getByText('closes in 2 days').waitFor();
      assert.equal(await first.getByRole('link', { name: sooner.title }).getAttribute('href'), `/proposals/${sooner.id}`);

      await page
        .getByRole('group', { name: `Your stance on ${sooner.title}` })
        .getByRole('button', { name: 'Agree', exact: true })
        .click();
      await first.waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: `Your stance on “${sooner.title}”: Agree.` }).waitFor({ state: 'attached' });
      assert.equal((await waiting.locator('.count-badge').textContent()).trim(), '1', 'the count drops');
      assert.deepEqual(await items.locator('.agenda-item__title').allTextContents(), [later.title]);

      // Still gone after a reload (the server has the stance), and the proposal page shows it.
      await openHome(page);
      await page.getByRole('region', { name: 'Waiting for your stance' }).getByText(later.title).waitFor();
      assert.equal(await page.getByText(sooner.title).count(), 0, 'the answered proposal no longer waits');
      await page.goto(`/proposals/${sooner.id}`);
      await page.getByRole('heading', { level: 1, name: sooner.title }).waitFor();
      const agree = page.getByRole('group', { name: 'Take a stance' }).getByRole('button', { name: 'Agree', exact: true });
      await page.waitForFunction(
        () => document.querySelector('.stance-button--agree')?.getAttribute('aria-pressed') === 'true',
      );
      assert.equal(await agree.getAttribute('aria-pressed'), 'true', 'the proposal page shows the stance taken from home');
      await page.getByRole('list', { name: 'Stances' }).getByText(person.name).waitFor();
    },
  },
  {
    name: 'home first-run card: a newcomer sees three steps, ticked as done; dismissed, it stays dismissed after a reload',
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Nova');
      await signInContext(context, person);
      await openHome(page);
      const card = page.getByRole('region', { name: 'Welcome to Weft' });
      await card.getByText('Weft is where problems get solved, ideas get adopted and decisions get made — together.').waitFor();
      const steps = card.getByRole('list', { name: 'First steps' }).getByRole('listitem');
      assert.equal(await steps.count(), 3, 'three steps');
      assert.deepEqual(await steps.evaluateAll((lis) => lis.map((li) => li.dataset.done)), ['false', 'false', 'false']);
      assert.equal(await card.getByRole('link', { name: 'Add your skills' }).getAttribute('href'), '/me/edit');
      assert.equal(await card.getByRole('link', { name: 'Join spaces' }).getAttribute('href'), '/spaces');
      assert.equal(await card.getByRole('link', { name: 'Follow colleagues' }).getAttribute('href'), '/people');
      // Nothing waits for a newcomer yet: one friendly line instead of empty sections.
      await page.getByText('Nothing is waiting for you right now.').waitFor();
      assert.equal(await page.locator('.agenda__section').count(), 0, 'no empty sections');

      // Skills added and someone followed: those two steps are ticked, joining spaces is still to do.
      const self = await ApiClient.signedIn(fixture.baseURL, person.email, person.password);
      await self.call('PATCH', '/people/me', { skills: ['Glazing'] }, 200);
      await self.call('PUT', `/people/${fixture.seeded.subject.id}/follow`, undefined, 204);
      // (What someone follows may reach the agenda a moment later: look again until it does.)
      const ticks = () => steps.evaluateAll((lis) => lis.map((li) => li.dataset.done).join(' '));
      for (let attempt = 0; ; attempt++) {
        await openHome(page);
        if ((await ticks()) === 'true false true' || attempt === 10) break;
        await page.waitForTimeout(300);
      }
      assert.equal(await ticks(), 'true false true', 'skills and following ticked, spaces still to do');
      await steps.nth(0).getByText('Done:').waitFor({ state: 'attached' });
      await steps.nth(1).getByText('To do:').waitFor({ state: 'attached' });

      await card.getByRole('button', { name: 'Dismiss the welcome card' }).click();
      await card.waitFor({ state: 'detached' });
      // Focus moves on to "Your work".
      await page.waitForFunction(() => document.activeElement?.id === 'agenda-title');
      await page.reload();
      await page.locator('.agenda[data-loaded="true"]').waitFor();
      assert.equal(await page.getByRole('region', { name: 'Welcome to Weft' }).count(), 0, 'still dismissed after a reload');
    },
  },
  {
    name: 'home (375 px): the demo member sees the agenda sections that have work in them, without sideways scroll',
    viewport: { width: 375, height: 812 },
    async run({ page, context, fixture }) {
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const agenda = await member.call('GET', '/me/agenda', undefined, 200);
      const expected = kSections.filter(([key]) => agenda[key].items.length > 0);
      assert.ok(expected.length >= 2, `the demo member has work on their agenda (${expected.map(([, t]) => t)})`);

      await signInContext(context, kMember);
      await openHome(page);
      await page.getByRole('heading', { level: 2, name: 'Your work' }).waitFor();
      for (const [key, title] of kSections) {
        const region = page.getByRole('region', { name: title, exact: true });
        if (agenda[key].items.length === 0) {
          assert.equal(await region.count(), 0, `${title}: empty, so hidden`);
          continue;
        }
        await region.waitFor();
        assert.equal(await region.getByRole('listitem').count(), agenda[key].items.length, `${title}: one row each`);
      }
      if (agenda.open_problems.items.length > 0) {
        const all = page.getByRole('region', { name: 'Open problems in your spaces' }).getByRole('link', { name: 'All open problems' });
        assert.equal(await all.getAttribute('href'), '/problems?state=open');
      }
      assert.equal(await page.getByRole('region', { name: 'Welcome to Weft' }).count(), 0, 'no first-run card for a settled member');
      // The composer and the feed are still there, after the agenda.
      await page.getByLabel('What do you want to share?').waitFor();
      await page.getByRole('list', { name: 'Home feed' }).getByRole('article').first().waitFor();
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 375, `home scrollWidth ${width} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'home-375.png'), fullPage: true });
    },
  },
];
