// Browser journeys of the collaborative layer: a private space with an outside guest (and what
// the guest may see), a problem solved by another person's solution, an idea moved on the board,
// and a proposal decided by stances from two browsers, ending in the problem → decision chain;
// a decision closed with a review date and followed up by a later proposal, both linked.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { fieldError, kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

function client(fixture, who) {
  return ApiClient.signedIn(fixture.baseURL, who.email, who.password);
}

/** A second browser context (another person) whose uncaught page errors fail the test too. */
async function secondPage(context, fixture, who, viewport = { width: 1280, height: 900 }) {
  const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport });
  other.setDefaultTimeout(10_000);
  await signInContext(other, who);
  const page = await other.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`second page uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`second page CSP: ${message.text()}`);
  });
  return {
    page,
    check() {
      if (problems.length) throw new Error(problems.join('\n'));
    },
    close: () => other.close(),
  };
}

/** A space owned by `owner` (an ApiClient) with `members` (people with ids) added as members. */
async function spaceWith(owner, name, members, visibility = 'private') {
  const space = await owner.call('POST', '/spaces', { name, purpose: `E2E space ${name}`, kind: 'project', visibility }, 201);
  for (const person of members) {
    await owner.call('PUT', `/spaces/${space.id}/members/${person.id}`, { role: 'member' }, 204);
  }
  return space;
}

function tally(page, stance) {
  return page.locator(`.tally__row[data-stance="${stance}"]`).getAttribute('data-count').then(Number);
}

async function waitForTally(page, stance, count, timeout = 9_000) {
  await page.waitForFunction(
    ([s, n]) => Number(document.querySelector(`.tally__row[data-stance="${s}"]`)?.getAttribute('data-count')) === n,
    [stance, count],
    { timeout },
  );
}

export const collabJourneys = [
  {
    name: 'spaces: create a private space, add an outside guest; the guest sees only that space and its people',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const admin = await client(fixture, kAdmin);
      // An outside guest, and a public space the guest must not reach.
      const guest = {
        name: `Gale Outsider ${tag}`,
        email: `gale.${tag}@partner.test`,
        password: `guest-password-${tag}`,
      };
      const created = await admin.call('POST', '/people', { ...guest, role: 'guest', unit_id: null, title: 'Consultant' }, 201);
      guest.id = created.id;
      const member = await client(fixture, kMember);
      const open = await member.call(
        'POST',
        '/spaces',
        { name: `Open loom circle ${tag}`, purpose: 'Everyone welcome', kind: 'community', visibility: 'public' },
        201,
      );

      // The admin creates the private space in the browser (a member owner cannot find an outside
      // guest who shares no space with them: the people search hides such guests).
      await signInContext(context, kAdmin);
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Spaces' }).click();
      await page.getByRole('heading', { level: 1, name: 'Spaces' }).waitFor();
      await page.getByRole('button', { name: 'New space' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'New space' }) });
      const spaceName = `Supplier review ${tag}`;
      await form.getByLabel('Name', { exact: true }).fill(spaceName);
      await form.getByLabel('Purpose').fill('Reviewing supplier contracts with our partner.');
      await form.getByLabel('Kind').selectOption('project');
      const privateChoice = form.getByRole('radio', { name: 'Private', exact: true });
      await privateChoice.check();
      assert.match(
        await form.getByText(/Only members see the content/).textContent(),
        /ask to join/,
        'the private choice explains itself',
      );
      await form.getByRole('button', { name: 'Create space' }).click();
      await page.getByRole('heading', { level: 1, name: spaceName }).waitFor();
      const spaceId = new URL(page.url()).pathname.split('/').pop();
      await page.locator('.space__meta').getByText('Private').waitFor();

      // Members tab: find the guest, who may only be added as a guest.
      await page.getByRole('tab', { name: 'Members' }).click();
      await page.getByLabel('Find a person').fill(guest.name);
      const found = page.getByRole('list', { name: 'People found' }).locator('li', { hasText: guest.name });
      await found.waitFor();
      const roleSelect = found.getByLabel(`Role for ${guest.name}`);
      assert.deepEqual(await roleSelect.locator('option').allTextContents(), ['Guest'], 'an outside guest can only be a guest');
      await found.getByRole('button', { name: `Add ${guest.name}` }).click();
      const row = page.getByRole('list', { name: 'Members' }).locator(`li[data-person-id="${guest.id}"]`);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-role'), 'guest');
      await page.locator('[data-count="members"]', { hasText: '2 members' }).waitFor();

      // The guest, in another browser.
      const them = await secondPage(context, fixture, guest);
      try {
        await them.page.goto('/spaces');
        await them.page.getByRole('heading', { level: 1, name: 'Spaces' }).waitFor();
        assert.equal(await them.page.getByRole('button', { name: 'New space' }).count(), 0, 'guests cannot create spaces');
        await them.page.getByRole('link', { name: spaceName }).click();
        await them.page.getByRole('heading', { level: 1, name: spaceName }).waitFor();
        await them.page.getByRole('tab', { name: 'Members' }).click();
        const members = them.page.getByRole('list', { name: 'Members' });
        await members.locator(`li[data-person-id="${guest.id}"]`).waitFor();
        await members.locator(`li[data-person-id="${admin.person.id}"]`).waitFor();
        assert.equal(await them.page.getByLabel('Find a person').count(), 0, 'a guest does not manage members');

        // The guest posts in the space's feed.
        await them.page.getByRole('tab', { name: 'Feed' }).click();
        await them.page.getByLabel(`Share with ${spaceName}`).fill(`Draft contract attached, ${tag}.`);
        await them.page.getByRole('button', { name: 'Post', exact: true }).click();
        await them.page.getByRole('list', { name: `Posts in ${spaceName}` }).getByText(`Draft contract attached, ${tag}.`).waitFor();

        // The directory shows the people of that space only.
        await them.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
        await them.page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
        await them.page.locator('.person-card').first().waitFor();
        await them.page.waitForFunction(() => !document.querySelector('.list-status')?.textContent?.includes('Searching'));
        const names = (await them.page.locator('.person-card__name').allTextContents()).sort();
        assert.deepEqual(names, [admin.person.name, guest.name].sort(), 'the guest sees only the people of their space');

        // A public space of the organization does not exist for the guest.
        await them.page.goto(`/spaces/${open.id}`);
        await them.page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
        them.check();
      } finally {
        await them.close();
      }
      const detail = await admin.call('GET', `/spaces/${spaceId}/members`, undefined, 200);
      assert.deepEqual(detail.items.map((m) => m.role).sort(), ['guest', 'owner']);
    },
  },
  {
    name: 'problem: post it, another person proposes a solution, the author accepts it — resolved, no more proposals',
    async run({ page, context, fixture }) {
      const { subject, tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      const space = await spaceWith(owner, `Warehouse ${tag} ${randomWord(4)}`, [subject]);

      await signInContext(context, kMember);
      await page.goto(`/spaces/${space.id}`);
      await page.getByRole('heading', { level: 1, name: space.name }).waitFor();
      await page.getByRole('tab', { name: 'Problems' }).click();
      await page.getByRole('button', { name: 'Post a problem' }).click();
      const title = `Pallets stuck at dock ${randomWord(5)}`;
      await page.getByLabel('Problem title').fill(title);
      await page.getByLabel('What happens, and what has been tried').fill('The **scanner** rejects them every morning.');
      await page.getByRole('button', { name: 'Post problem' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const problemId = new URL(page.url()).pathname.split('/').pop();
      assert.equal(await page.locator('.item__meta [data-status]').getAttribute('data-status'), 'open');
      await page.locator('.item .post-body strong', { hasText: 'scanner' }).waitFor();

      // Another person proposes a solution in their own browser.
      const them = await secondPage(context, fixture, subject);
      try {
        await them.page.goto(`/problems/${problemId}`);
        await them.page.getByRole('heading', { level: 1, name: title }).waitFor();
        await them.page.getByLabel('Your solution').fill('Re-label the pallets with the new barcode format.');
        await them.page.getByRole('button', { name: 'Propose solution' }).click();
        await them.page.getByRole('article', { name: `by ${subject.name}` }).waitFor();
        assert.equal(
          await them.page.getByRole('button', { name: 'Accept this solution' }).count(),
          0,
          'only the author or an owner accepts',
        );
        assert.ok(
          await them.page.getByRole('button', { name: `Vote up: solution by ${subject.name}` }).isDisabled(),
          'no voting on one\'s own solution',
        );

        // The author sees it, votes it up and accepts it.
        await page.reload();
        const solution = page.getByRole('article', { name: `by ${subject.name}` });
        await solution.waitFor();
        await solution.getByRole('button', { name: `Vote up: solution by ${subject.name}` }).click();
        await solution.locator('.votes__score[data-score="1"]').waitFor();
        await solution.getByRole('button', { name: `Accept this solution by ${subject.name}` }).click();
        await page.getByRole('article', { name: `Accepted solution by ${subject.name}` }).waitFor();
        await page.locator('.item__meta [data-status="resolved"]').waitFor();
        assert.match(await page.locator('.item__resolution').textContent(), /^Resolved in \d+ seconds?/);
        await page.getByRole('button', { name: 'Reopen' }).waitFor();
        await page.locator('.chain-item[data-chain-type="problem"] [data-status="resolved"]').waitFor();
        // Resolved: no more proposing, a line says why.
        await page.getByText('This problem is resolved. Reopen it to take new solutions.').waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Propose a solution' }).count(), 0, 'no form for the author');
        assert.equal(await page.getByLabel('Your solution').count(), 0);

        // So it is for the member who proposed, after a reload, with the accepted solution marked.
        await them.page.reload();
        await them.page.getByRole('article', { name: `Accepted solution by ${subject.name}` }).waitFor();
        const resolvedNote = them.page.locator('[data-resolved-note]');
        await resolvedNote.waitFor();
        assert.equal((await resolvedNote.textContent()).trim(), '✓ This problem is resolved.', 'no Reopen hint for a member');
        assert.equal(await them.page.getByRole('heading', { name: 'Propose a solution' }).count(), 0, 'no form for a member');
        assert.equal(await them.page.getByRole('button', { name: 'Propose solution' }).count(), 0);

        // The solution's author is told, with a link to the problem.
        await them.page.goto('/notifications');
        const note = them.page.locator('.notification[data-kind="accepted"]').first();
        await note.waitFor();
        assert.equal(await note.getByRole('link', { name: /accepted your solution/ }).getAttribute('href'), `/problems/${problemId}`);
        assert.match(await note.textContent(), /accepted your solution/);
        them.check();
      } finally {
        await them.close();
      }
      const after = await owner.call('GET', `/problems/${problemId}`, undefined, 200);
      assert.equal(after.status, 'resolved');
    },
  },
  {
    name: 'ideas board (375 px): pitch an idea, vote, move it to under review with a note using the keyboard',
    viewport: { width: 375, height: 812 },
    async run({ page, context, fixture }) {
      const { subject, tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      const space = await spaceWith(owner, `Ideas lab ${tag} ${randomWord(4)}`, [subject]);

      await signInContext(context, kMember);
      await page.goto(`/spaces/${space.id}?tab=ideas`);
      await page.getByRole('heading', { level: 1, name: space.name }).waitFor();
      await page.getByRole('button', { name: 'Pitch an idea' }).click();
      const title = `Night-shift handover notes ${randomWord(5)}`;
      await page.getByLabel('Idea title').fill(title);
      await page.getByLabel('The idea, and why it would help').fill('A shared checklist at shift change.');
      await page.getByRole('button', { name: 'Pitch idea' }).click();

      const newColumn = page.locator('[data-column="new"]');
      const card = newColumn.locator('.idea-card', { hasText: title });
      await card.waitFor();
      await card.getByRole('button', { name: `Vote up: ${title}` }).click();
      await card.locator('.votes__score[data-score="1"]').waitFor();
      assert.equal(await card.getByRole('button', { name: `Vote up: ${title}` }).getAttribute('aria-pressed'), 'true');

      // Move it with the keyboard: the Move button, the stage radio, the required note.
      await card.getByRole('button', { name: `Move “${title}”` }).focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: `Move “${title}”` });
      await form.waitFor();
      const underReview = form.getByRole('radio', { name: 'Under review' });
      await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'radio');
      assert.ok(await underReview.isChecked(), 'under review is the first move from new');
      // Without a note the move is refused, and the note gets the focus.
      await page.keyboard.press('Tab'); // the note (the radios are one tab stop)
      await page.keyboard.press('Tab'); // the submit button
      await page.keyboard.press('Enter');
      await form.getByText('Write a note: why it moves.').waitFor();
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await page.keyboard.type('Promising; trial on line 3 next week.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      const reviewColumn = page.locator('[data-column="under_review"]');
      await reviewColumn.locator('.idea-card', { hasText: title }).waitFor();
      assert.equal(await newColumn.locator('.idea-card', { hasText: title }).count(), 0, 'the card left the New column');
      assert.equal(await reviewColumn.locator('.board__heading .count-badge').textContent(), '1');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `ideas board scrollWidth ${width} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'ideas-board-375.png'), fullPage: true });

      // The idea page keeps the history with the note.
      await reviewColumn.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const latest = page.getByRole('list', { name: 'Stage changes, newest first' }).locator('li').first();
      assert.equal(await latest.getAttribute('data-stage'), 'under_review');
      assert.match(await latest.textContent(), /Promising; trial on line 3 next week\./);
      const ideaId = new URL(page.url()).pathname.split('/').pop();
      const idea = await owner.call('GET', `/ideas/${ideaId}`, undefined, 200);
      assert.equal(idea.stage, 'under_review');
      assert.equal(idea.score, 1);
    },
  },
  {
    name: 'proposal: open from an idea, stances from two browsers update the tally live, close it — the chain shows the decision',
    async run({ page, context, fixture }) {
      const { subject, editor, tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      const space = await spaceWith(owner, `Shift council ${tag} ${randomWord(4)}`, [subject, editor]);
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`, { title: `Handover gaps ${tag}`, body: 'Notes get lost.' }, 201);
      const idea = await owner.call(
        'POST',
        `/spaces/${space.id}/ideas`,
        { title: `Handover checklist ${tag}`, body: 'One page.', from_problem_id: problem.id },
        201,
      );

      await signInContext(context, kMember);
      await page.goto(`/ideas/${idea.id}`);
      await page.getByRole('heading', { level: 1, name: idea.title }).waitFor();
      await page.getByRole('button', { name: 'Open a proposal from this idea' }).click();
      const proposalTitle = `Adopt: ${idea.title}`;
      assert.equal(await page.getByLabel('Proposal title').inputValue(), proposalTitle, 'the title starts from the idea');
      await page.getByLabel('What is proposed').fill('Every shift lead fills the checklist.');
      await page.getByLabel('Voting closes').selectOption('1d');
      await page.getByRole('button', { name: 'Open proposal' }).click();
      await page.getByRole('heading', { level: 1, name: proposalTitle }).waitFor();
      const proposalId = new URL(page.url()).pathname.split('/').pop();
      assert.match(await page.locator('.countdown').textContent(), /^Closes in (23 hours \d+ minutes|1 day)/);
      assert.equal(await tally(page, 'agree'), 0);

      // My stance, with a reason.
      await page.getByLabel('Reason (optional)').fill('Cheap to try.');
      await page.getByRole('group', { name: 'Take a stance' }).getByRole('button', { name: 'Agree', exact: true }).click();
      await waitForTally(page, 'agree', 1, 5_000);
      assert.equal(
        await page.getByRole('group', { name: 'Take a stance' }).getByRole('button', { name: 'Agree', exact: true }).getAttribute('aria-pressed'),
        'true',
      );

      // Someone else disagrees in another browser: the chart here follows without a reload.
      const them = await secondPage(context, fixture, subject);
      try {
        await them.page.goto(`/proposals/${proposalId}`);
        await them.page.getByRole('heading', { level: 1, name: proposalTitle }).waitFor();
        await waitForTally(them.page, 'agree', 1, 5_000);
        assert.equal(await them.page.getByRole('heading', { name: 'Close the proposal' }).count(), 0, 'only the author or an owner closes');
        await them.page.getByLabel('Reason (optional)').fill('Another form to fill.');
        await them.page.getByRole('group', { name: 'Take a stance' }).getByRole('button', { name: 'Disagree' }).click();
        await waitForTally(them.page, 'disagree', 1, 5_000);
        await waitForTally(page, 'disagree', 1);
        await page.locator('.stance-entry', { hasText: 'Another form to fill.' }).waitFor();

        // A third person agrees (API); both charts catch up.
        const third = await client(fixture, editor);
        await third.call('PUT', `/proposals/${proposalId}/stance`, { stance: 'agree', reason: '' }, 200);
        await waitForTally(page, 'agree', 2);
        await waitForTally(them.page, 'agree', 2);
        them.check();
      } finally {
        await them.close();
      }

      // Close it: outcome, decision by the tally, and resolve the problem.
      const close = page.locator('form', { has: page.getByRole('heading', { name: 'Close the proposal' }) });
      await close.getByLabel('Outcome').fill('We adopt the checklist from Monday.');
      await close.getByRole('checkbox', { name: /Also resolve the problem/ }).check();
      await close.getByRole('button', { name: 'Close proposal' }).click();
      await page.getByRole('heading', { name: 'Outcome: Adopted' }).waitFor();
      assert.equal(await page.locator('.outcome__text').textContent(), 'We adopt the checklist from Monday.');
      assert.equal(await page.getByRole('group', { name: 'Take a stance' }).count(), 0, 'no stances on a closed proposal');

      // The chain: problem (resolved) → idea (accepted) → proposal (closed) → decision (adopted).
      const chain = page.locator('.chain');
      await chain.locator('.chain-item[data-chain-type="problem"] [data-status="resolved"]').waitFor();
      await chain.locator('.chain-item[data-chain-type="idea"] [data-status="accepted"]').waitFor();
      await chain.locator('.chain-item[data-chain-type="proposal"] [data-status="closed"]').waitFor();
      const decision = chain.locator('.chain-decision[data-decision="adopted"]');
      await decision.waitFor();
      assert.match(await decision.textContent(), /We adopt the checklist from Monday\./);
      const people = chain.locator(`.chain-item[data-chain-type="proposal"]`).getByRole('list', { name: /People who took part/ });
      assert.equal(await people.getByRole('link').count(), 3, 'author and the two others who took a stance');
      await chain.getByRole('link', { name: problem.title }).click();
      await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
      await page.locator('.chain-decision[data-decision="adopted"]').waitFor();
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'chain.png'), fullPage: true });
    },
  },
  {
    name: 'proposal review: close with a review date, the outcomes card counts decisions past review, "Follow up" links both proposals',
    async run({ page, context, fixture }) {
      const { subject, tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      const space = await spaceWith(owner, `Rota board ${tag} ${randomWord(4)}`, [subject]);
      const proposal = await owner.call('POST', `/spaces/${space.id}/proposals`, {
        title: `Four-day week trial ${randomWord(5)}`,
        body: 'A quarter, then we look again.',
        closes_at: new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }, 201);

      await signInContext(context, kMember);
      await page.goto(`/proposals/${proposal.id}`);
      await page.getByRole('heading', { level: 1, name: proposal.title }).waitFor();
      const close = page.locator('form', { has: page.getByRole('heading', { name: 'Close the proposal' }) });
      await close.getByLabel('Outcome').fill('We trial it for a quarter.');
      await close.getByLabel('Decision').selectOption('adopted');

      // A day gone by is refused by the server, and its word shows next to the date.
      const reviewField = close.getByLabel('Review by (optional)');
      await reviewField.fill('2020-01-01');
      await close.getByRole('button', { name: 'Close proposal' }).click();
      assert.match(await fieldError(reviewField), /future/);
      assert.equal((await owner.call('GET', `/proposals/${proposal.id}`, undefined, 200)).status, 'open');

      // Ten days ahead: closed, and the page says when to look again.
      const reviewDay = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const reviewAt = `${reviewDay}T09:00:00Z`;
      await reviewField.fill(reviewDay);
      await close.getByRole('button', { name: 'Close proposal' }).click();
      await page.getByRole('heading', { name: 'Outcome: Adopted' }).waitFor();
      const reviewBy = page.getByTestId('review-by');
      assert.match(await reviewBy.textContent(), /^Review by \S/);
      assert.equal(await reviewBy.locator('time').getAttribute('datetime'), reviewAt);
      assert.equal(await page.getByTestId('review-due').count(), 0, 'not due before its day');
      const closed = await owner.call('GET', `/proposals/${proposal.id}`, undefined, 200);
      assert.equal(closed.review_at, reviewAt);
      assert.equal(closed.followed_up_by, null);

      // The dashboard counts up to now, when it is not yet due; seen from after its day (API) it is.
      const sinceAll = encodeURIComponent('1970-01-01T00:00:00Z');
      const now = await owner.call('GET', `/analytics/outcomes?from=${sinceAll}&space_id=${space.id}`, undefined, 200);
      assert.equal(now.proposals.past_review, 0);
      const later = encodeURIComponent(new Date(Date.now() + 12 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'));
      const after = await owner.call('GET', `/analytics/outcomes?from=${sinceAll}&to=${later}&space_id=${space.id}`, undefined, 200);
      assert.equal(after.proposals.past_review, 1, 'past review once its day has gone');
      await page.goto(`/analytics?period=all&space=${space.id}`);
      const card = page.locator('[data-figure="decisions-past-review"]');
      await card.getByText('Decisions past review', { exact: true }).waitFor();
      await page.locator('.outcomes-report[data-loading="false"]').waitFor();
      assert.equal((await card.getByTestId('outcome-decisions-past-review').textContent()).trim(), '0');
      assert.equal(await card.getByText('Which', { exact: true }).count(), 0, 'nothing behind a zero');

      // Once the day has gone (the server takes only days ahead, so the page is shown this
      // proposal as it will be then), the page says the decision is due for review.
      const proposalUrl = `**/api/v1/proposals/${proposal.id}`;
      await page.route(proposalUrl, async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        await route.fulfill({ response, json: { ...body, review_at: '2021-03-01T09:00:00Z' } });
      });
      await page.goto(`/proposals/${proposal.id}`);
      await page.getByRole('heading', { name: 'Outcome: Adopted' }).waitFor();
      const due = page.getByTestId('review-due');
      await due.waitFor();
      assert.match(await due.textContent(), /^Due for review: the review date has passed/);
      assert.equal(await page.getByTestId('review-by').locator('time').getAttribute('datetime'), '2021-03-01T09:00:00Z');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'proposal-review-due.png'), fullPage: true });
      await page.unroute(proposalUrl);

      // "Follow up" opens the space's proposal form, starting from the decision.
      await page.goto(`/proposals/${proposal.id}`);
      await page.getByRole('heading', { name: 'Outcome: Adopted' }).waitFor();
      assert.equal(await page.getByTestId('review-due').count(), 0);
      await page.getByRole('link', { name: 'Follow up', exact: true }).click();
      await page.waitForURL(`**/spaces/${space.id}?tab=proposals&follow_up_of=${proposal.id}`);
      const form = page.locator('form', { has: page.getByRole('heading', { name: `Follow up “${proposal.title}”` }) });
      await form.waitFor();
      const followUpTitle = `Review: ${proposal.title}`;
      assert.equal(await form.getByLabel('Proposal title').inputValue(), followUpTitle);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'proposal-follow-up-form.png'), fullPage: true });
      await form.getByLabel('What is proposed').fill('Keep the four-day week, or go back?');
      await form.getByRole('button', { name: 'Open proposal' }).click();
      await page.getByRole('heading', { level: 1, name: followUpTitle }).waitFor();
      const followUpId = new URL(page.url()).pathname.split('/').pop();
      assert.notEqual(followUpId, proposal.id);
      const followsUp = page.getByTestId('follows-up');
      await followsUp.getByRole('link', { name: proposal.title }).waitFor();
      assert.match(await followsUp.textContent(), new RegExp(`^Follows up ${proposal.title}$`));
      assert.equal(await followsUp.getByRole('link').getAttribute('href'), `/proposals/${proposal.id}`);
      assert.equal((await owner.call('GET', `/proposals/${followUpId}`, undefined, 200)).follow_up_of, proposal.id);

      // The earlier proposal now names its follow-up, and no longer counts as past review.
      await followsUp.getByRole('link', { name: proposal.title }).click();
      await page.getByRole('heading', { level: 1, name: proposal.title }).waitFor();
      const followedBy = page.getByTestId('followed-up-by');
      await followedBy.getByRole('link', { name: followUpTitle }).waitFor();
      assert.match(await followedBy.textContent(), /^Followed up by Review: /);
      assert.equal(await followedBy.getByRole('link').getAttribute('href'), `/proposals/${followUpId}`);
      const afterFollowUp = await owner.call('GET', `/analytics/outcomes?from=${sinceAll}&to=${later}&space_id=${space.id}`, undefined, 200);
      assert.equal(afterFollowUp.proposals.past_review, 0, 'followed up: no longer past review');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'proposal-review.png'), fullPage: true });
    },
  },
  {
    name: 'search: a proposal in a private space is found under Proposals by its members, never by others',
    async run({ page, context, fixture }) {
      const { subject, editor, tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      const space = await spaceWith(owner, `Budget circle ${tag} ${randomWord(4)}`, [subject]);
      const word = `quorum${randomWord(8)}`;
      const proposal = await owner.call('POST', `/spaces/${space.id}/proposals`, {
        title: `Fund the ${word} pilot`,
        body: 'Two quarters, then review.',
        closes_at: new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }, 201);

      await signInContext(context, kMember);
      await page.goto('/search');
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
      await page.getByLabel('Search', { exact: true }).pressSequentially(word);
      await page.getByRole('tab', { name: 'Proposals' }).click();
      const results = page.getByRole('list', { name: 'Search results' });
      const hit = results.locator('.search-hit[data-type="proposal"]').filter({ hasText: word });
      await hit.waitFor();
      await page.waitForURL((url) => url.searchParams.get('type') === 'proposals'); // the tab is kept in the URL
      await hit.getByRole('link').first().click();
      await page.waitForURL(`**/proposals/${proposal.id}`);
      await page.getByRole('heading', { level: 1, name: proposal.title }).waitFor();

      // Someone outside the private space finds nothing, in any tab.
      const outsider = await client(fixture, editor);
      const found = await outsider.call('GET', `/search?q=${word}`, undefined, 200);
      assert.deepEqual(found.items, [], 'nothing from a private space outside it');
    },
  },
  {
    name: 'search: a proposal and a problem in a public space say which space they are in and why they matched, and fit 375 px',
    async run({ page, context, fixture }) {
      const { tag } = fixture.seeded;
      const owner = await client(fixture, kMember);
      // Long unbroken words in the space name and titles: they must wrap, not widen the page.
      const long = `Interdepartmentalcoordination${randomWord(12)}`;
      const space = await spaceWith(owner, `Kiln works ${long} ${tag}`, [], 'public');
      const word = `crucible${randomWord(8)}`;
      const proposal = await owner.call('POST', `/spaces/${space.id}/proposals`, {
        title: `Replace the ${word} controller with the ${long}${randomWord(10)} unit`,
        body: 'Order it this quarter.',
        closes_at: new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }, 201);
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`,
        { title: `The ${word} overheats after ${long}${randomWord(10)}`, body: 'Every second firing.' }, 201);

      await signInContext(context, kMember);
      await page.goto('/search');
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
      await page.getByLabel('Search', { exact: true }).pressSequentially(word);
      const results = page.getByRole('list', { name: 'Search results' });

      // Proposals: only the proposal, with its space and why it matched.
      await page.getByRole('tab', { name: 'Proposals' }).click();
      await page.waitForURL((url) => url.searchParams.get('type') === 'proposals');
      const proposalHit = results.locator('.search-hit[data-type="proposal"]').filter({ hasText: word });
      await proposalHit.waitFor();
      assert.equal(await results.locator('.search-hit').count(), 1, 'only the proposal under Proposals');
      assert.equal(await proposalHit.getByRole('link', { name: proposal.title }).getAttribute('href'), `/proposals/${proposal.id}`);
      const spaceLink = proposalHit.locator('.search-hit__space').getByRole('link', { name: space.name });
      assert.equal(await spaceLink.getAttribute('href'), `/spaces/${space.id}`);
      assert.equal((await proposalHit.locator('.search-hit__space').textContent()).trim(), `in ${space.name}`);
      assert.equal((await proposalHit.locator('.search-hit__why').textContent()).trim(), 'Matched in title');

      // Problems: the problem, linked, with its space.
      await page.getByRole('tab', { name: 'Problems' }).click();
      const problemHit = results.locator('.search-hit[data-type="problem"]').filter({ hasText: word });
      await problemHit.waitFor();
      assert.equal(await results.locator('.search-hit[data-type="proposal"]').count(), 0, 'no proposal under Problems');
      assert.equal(await problemHit.getByRole('link', { name: problem.title }).getAttribute('href'), `/problems/${problem.id}`);
      assert.equal((await problemHit.locator('.search-hit__space').textContent()).trim(), `in ${space.name}`);
      assert.equal((await problemHit.locator('.search-hit__why').textContent()).trim(), 'Matched in title');

      // On a phone, all results with their long titles and space names fit the width.
      await page.getByRole('tab', { name: 'All' }).click();
      await results.locator('.search-hit').nth(1).waitFor();
      await page.setViewportSize({ width: 375, height: 800 });
      await page.waitForFunction(() => document.documentElement.clientWidth === 375);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `search at 375 px: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'search-375.png'), fullPage: true });

      // The space link leads to the space.
      await spaceLink.click();
      await page.waitForURL(`**/spaces/${space.id}`);
    },
  },
];
