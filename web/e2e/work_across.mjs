// Browser journeys of work across spaces: a member opens Problems, Ideas and Decisions from the
// main navigation and sees the work of every space they may see — each item with its space's
// name — and nothing of a private space they are not in; they switch states (with counts), narrow
// to one space through the picker (the address follows), follow a decision to its page; the three
// pages fit a phone; a failed answer offers a retry, and a space they may not see is named so.

import assert from 'node:assert/strict';
import { ApiClient } from './api.mjs';
import { kAdmin, kMember, randomWord, pageTitle, signInContext } from './journeys.mjs';

const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Through the API, as the admin: a public space the member is in and a private one they are not,
 * each with problems; in the public one a problem resolved by the member's solution, an idea moved
 * to accepted and a proposal adopted.
 */
async function workInTwoSpaces(fixture) {
  const tag = randomWord(6);
  const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
  const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
  const space = (name, visibility) =>
    admin.call('POST', '/spaces', { name, purpose: `Across spaces ${tag}`, kind: 'problem', visibility }, 201);
  const open = await space(`Dye house ${tag}`, 'public');
  const closed = await space(`Board room ${tag}`, 'private');
  await admin.call('PUT', `/spaces/${open.id}/members/${member.person.id}`, { role: 'member' }, 204);

  const problem = (where, title) =>
    admin.call('POST', `/spaces/${where.id}/problems`, { title, body: 'Seen on the floor.' }, 201);
  const openProblem = await problem(open, `Indigo vat too cold ${tag}`);
  const resolved = await problem(open, `Mordant runs out ${tag}`);
  const solution = await member.call('POST', `/problems/${resolved.id}/solutions`, { body: 'Order weekly.' }, 201);
  await admin.call('POST', `/problems/${resolved.id}/accept`, { solution_id: solution.id }, 200);
  const hidden = await problem(closed, `Budget cut rumour ${tag}`);

  const idea = await admin.call('POST', `/spaces/${open.id}/ideas`, { title: `Solar vat heater ${tag}`, body: 'Sun.' }, 201);
  for (const stage of ['under_review', 'accepted']) {
    await admin.call('POST', `/ideas/${idea.id}/stage`, { stage, note: `To ${stage}` }, 200);
  }
  const hiddenIdea = await admin.call('POST', `/spaces/${closed.id}/ideas`, { title: `Sell the mill ${tag}`, body: 'No.' }, 201);

  const proposal = await admin.call(
    'POST',
    `/spaces/${open.id}/proposals`,
    { title: `Buy a heater ${tag}`, body: 'Warm vats.', closes_at: inDays(7) },
    201,
  );
  await admin.call('POST', `/proposals/${proposal.id}/close`, { outcome: `Heater ordered ${tag}`, decision: 'adopted' }, 200);
  return { tag, admin, member, open, closed, openProblem, resolved, hidden, idea, hiddenIdea, proposal };
}

/** The list's row of an item (its data-id), once it is shown. */
function row(page, id) {
  return page.getByRole('list', { name: /^(Problems|Ideas|Decisions)$/ }).locator(`li[data-id="${id}"]`);
}

async function listSettled(page) {
  await page.waitForFunction(() => {
    const status = document.querySelector('.across-page .list-status')?.textContent ?? '';
    return !status.startsWith('Loading');
  });
}

async function noSidewaysScroll(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${what}: scrollWidth ${width} > 375`);
}

export const workAcrossJourneys = [
  {
    name: 'work across spaces: Problems, Ideas and Decisions from the navigation — space names, state counts, the space picker, a decision followed to its page',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const made = await workInTwoSpaces(fixture);
      const mine = await made.member.call('GET', '/problems', undefined, 200);
      await signInContext(context, kMember);
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Main' });

      // Problems: the public space's, with its name linked, and none of the private space's.
      await nav.getByRole('link', { name: 'Problems', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Problems' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/problems');
      assert.equal(await pageTitle(page, 'Problems · Weft'), 'Problems · Weft');
      assert.equal(await nav.getByRole('link', { name: 'Problems', exact: true }).getAttribute('aria-current'), 'page');
      const first = row(page, made.openProblem.id);
      await first.waitFor();
      assert.equal(await first.getByRole('link', { name: made.openProblem.title }).getAttribute('href'), `/problems/${made.openProblem.id}`);
      const spaceLink = first.getByRole('link', { name: made.open.name });
      assert.equal(await spaceLink.getAttribute('href'), `/spaces/${made.open.id}`);
      await first.getByText('Open', { exact: true }).waitFor();
      await first.getByText('0 solutions').waitFor();
      assert.equal(await first.getByRole('link', { name: made.admin.person.name }).getAttribute('href'), `/people/${made.admin.person.id}`);
      await listSettled(page);
      assert.equal(await page.getByText(made.hidden.title).count(), 0, 'the private space\'s problem is not listed');
      assert.equal(await page.getByText(made.closed.name).count(), 0, 'the private space is not named');
      // The tabs carry the counts the server gives the member.
      const tabs = page.getByRole('tablist', { name: 'Problems by state' });
      await tabs.getByRole('tab', { name: `Open ${mine.counts.open ?? 0}`, exact: true }).waitFor();
      await tabs.getByRole('tab', { name: `Resolved ${mine.counts.resolved ?? 0}`, exact: true }).waitFor();

      // Resolved: the resolved one, with its solution; the address says so.
      await tabs.getByRole('tab', { name: /^Resolved/ }).click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'resolved');
      assert.equal(await tabs.getByRole('tab', { name: /^Resolved/ }).getAttribute('aria-selected'), 'true');
      const resolved = row(page, made.resolved.id);
      await resolved.waitFor();
      await resolved.getByText('Resolved', { exact: true }).waitFor();
      await resolved.getByText('1 solution', { exact: false }).waitFor();
      await listSettled(page);
      assert.equal(await row(page, made.openProblem.id).count(), 0, 'an open problem is not among the resolved');

      // The space picker narrows to the public space; the address carries it, and the counts follow.
      await page.getByLabel('Space', { exact: true }).selectOption(made.open.id);
      await page.waitForURL((url) => url.searchParams.get('space') === made.open.id && url.searchParams.get('state') === 'resolved');
      await tabs.getByRole('tab', { name: 'Open 1', exact: true }).waitFor();
      await tabs.getByRole('tab', { name: 'Resolved 1', exact: true }).waitFor();
      await tabs.getByRole('tab', { name: 'All 2', exact: true }).click();
      await page.waitForURL((url) => !url.searchParams.has('state') && url.searchParams.get('space') === made.open.id);
      await row(page, made.openProblem.id).waitFor();
      await row(page, made.resolved.id).waitFor();
      await listSettled(page);
      assert.equal(await page.getByRole('list', { name: 'Problems' }).locator('li').count(), 2, 'only the chosen space\'s problems');
      // A shared link opens the same view.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Problems' }).waitFor();
      await tabs.getByRole('tab', { name: 'Resolved 1', exact: true }).waitFor();
      assert.equal(await page.getByLabel('Space', { exact: true }).inputValue(), made.open.id);

      // Ideas: stage tabs with the member's counts; the accepted idea under Accepted.
      const ideas = await made.member.call('GET', '/ideas', undefined, 200);
      await nav.getByRole('link', { name: 'Ideas', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Ideas' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/ideas');
      assert.equal(await pageTitle(page, 'Ideas · Weft'), 'Ideas · Weft');
      const stageTabs = page.getByRole('tablist', { name: 'Ideas by state' });
      for (const [stage, label] of [['new', 'New'], ['under_review', 'Under review'], ['accepted', 'Accepted'],
        ['implemented', 'Implemented'], ['declined', 'Declined']]) {
        await stageTabs.getByRole('tab', { name: `${label} ${ideas.counts[stage] ?? 0}`, exact: true }).waitFor();
      }
      await stageTabs.getByRole('tab', { name: /^Accepted/ }).click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'accepted');
      const idea = row(page, made.idea.id);
      await idea.waitFor();
      await idea.getByText('Accepted', { exact: true }).waitFor();
      await idea.getByText('score 0').waitFor();
      await idea.getByRole('link', { name: made.open.name }).waitFor();
      await listSettled(page);
      assert.equal(await page.getByText(made.hiddenIdea.title).count(), 0, 'the private space\'s idea is not listed');

      // Decisions: Adopted shows the decided proposal with its outcome; its title leads to its page.
      const proposals = await made.member.call('GET', '/proposals', undefined, 200);
      await nav.getByRole('link', { name: 'Decisions', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/decisions');
      assert.equal(await pageTitle(page, 'Decisions · Weft'), 'Decisions · Weft');
      const decisionTabs = page.getByRole('tablist', { name: 'Decisions by state' });
      await decisionTabs.getByRole('tab', { name: `Open ${proposals.counts.open ?? 0}`, exact: true }).waitFor();
      await decisionTabs.getByRole('tab', { name: `Rejected ${proposals.counts.rejected ?? 0}`, exact: true }).waitFor();
      await decisionTabs.getByRole('tab', { name: `Adopted ${proposals.counts.adopted ?? 0}`, exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'adopted');
      const decided = row(page, made.proposal.id);
      await decided.waitFor();
      await decided.getByText('Adopted', { exact: true }).waitFor();
      await decided.getByText(`Outcome: Heater ordered ${made.tag}`).waitFor();
      await decided.getByText('Agree 0, Abstain 0, Disagree 0, Block 0').waitFor();
      await decided.getByRole('link', { name: made.open.name }).waitFor();
      await decided.getByRole('link', { name: made.proposal.title }).click();
      await page.waitForURL((url) => url.pathname === `/proposals/${made.proposal.id}`);
      await page.getByRole('heading', { level: 1, name: made.proposal.title }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Decisions', exact: true }).getAttribute('aria-current'), 'page');
    },
  },
  {
    name: 'work across spaces (375 px): Problems, Ideas and Decisions do not scroll sideways; a failed list offers a retry; a space one may not see is named so; Load more',
    viewport: { width: 375, height: 812 },
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const long = `Loom${'w'.repeat(40)}${tag}`;
      const open = await admin.call('POST', '/spaces', { name: `Spinning ${long}`, purpose: 'Narrow', kind: 'problem', visibility: 'public' }, 201);
      const secret = await admin.call('POST', '/spaces', { name: `Vault ${tag}`, purpose: 'Hidden', kind: 'problem', visibility: 'secret' }, 201);
      const problem = await admin.call('POST', `/spaces/${open.id}/problems`, { title: `Thread snaps ${long}`, body: 'Often.' }, 201);
      const idea = await admin.call('POST', `/spaces/${open.id}/ideas`, { title: `Wax the thread ${long}`, body: 'Try.' }, 201);
      const proposal = await admin.call('POST', `/spaces/${open.id}/proposals`,
        { title: `Slow the spindle ${long}`, body: 'Less speed.', closes_at: inDays(3) }, 201);
      await admin.call('POST', `/proposals/${proposal.id}/close`, { outcome: `Spindle slowed ${long}`, decision: 'rejected' }, 200);
      await signInContext(context, kMember);

      // Each page from the folded navigation, at phone width.
      await page.goto('/');
      for (const [label, id, state] of [['Problems', problem.id, ''], ['Ideas', idea.id, ''], ['Decisions', proposal.id, 'rejected']]) {
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        if (state) await page.getByRole('tab', { name: /^Rejected/ }).click();
        await row(page, id).waitFor();
        await listSettled(page);
        await noSidewaysScroll(page, label);
      }

      // A failed answer: the error says so and "Try again" brings the list.
      let failures = 0;
      await page.route('**/api/v1/ideas?*', (route) => {
        if (failures++ === 0) {
          return route.fulfill({ status: 500, contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'internal', message: 'The server had a problem.' } }) });
        }
        return route.continue();
      });
      await page.goto('/ideas');
      const alert = page.getByRole('alert').filter({ hasText: 'Ideas could not be loaded.' });
      await alert.waitFor();
      await alert.getByRole('button', { name: 'Try again' }).click();
      await row(page, idea.id).waitFor();
      assert.equal(await alert.count(), 0, 'the error is gone once the list is in');
      await page.unroute('**/api/v1/ideas?*');

      // A linked secret space the member is not in: named as one they cannot see, with a way back.
      assert.equal((await member.call('GET', '/spaces?mine=true&limit=100', undefined, 200)).items.some((s) => s.id === secret.id), false);
      await page.goto(`/problems?space=${secret.id}&state=open`);
      const denied = page.getByRole('alert').filter({ hasText: 'That space is not one you can see' });
      await denied.waitFor();
      await noSidewaysScroll(page, 'Problems with an error');
      await denied.getByRole('button', { name: 'Show all spaces and units' }).click();
      await page.waitForURL((url) => !url.searchParams.has('space') && url.searchParams.get('state') === 'open');
      await row(page, problem.id).waitFor();

      // More than a page: "More problems" brings the rest, newest first, once each.
      const busy = await admin.call('POST', '/spaces', { name: `Busy loft ${tag}`, purpose: 'Many', kind: 'problem', visibility: 'public' }, 201);
      const many = [];
      for (let i = 1; i <= 23; i++) {
        many.push(await admin.call('POST', `/spaces/${busy.id}/problems`, { title: `Knot ${i} ${tag}`, body: 'Again.' }, 201));
      }
      await page.goto(`/problems?space=${busy.id}`);
      const items = page.getByRole('list', { name: 'Problems' }).locator('li');
      await row(page, many[22].id).waitFor();
      await page.getByRole('tab', { name: 'All 23', exact: true }).waitFor();
      assert.equal(await items.count(), 20, 'a first page of twenty');
      await page.getByRole('button', { name: 'More problems' }).click();
      await row(page, many[0].id).waitFor();
      assert.equal(await items.count(), 23);
      assert.equal(await page.getByRole('button', { name: 'More problems' }).count(), 0, 'nothing more to load');
      assert.equal(await items.first().getAttribute('data-id'), many[22].id, 'newest first');

      // A state with nothing in it in one space: a friendly word, not a blank.
      await page.goto(`/problems?space=${open.id}&state=resolved`);
      await page.getByText(`No resolved problems in Spinning ${long}.`).waitFor();
      await noSidewaysScroll(page, 'Problems, empty');
    },
  },
];
