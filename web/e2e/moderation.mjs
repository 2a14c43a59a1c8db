// Browser journeys of moderation and the audit log: a member reports another member's post from its
// thread with a reason (a second report says it was reported already); the demo admin opens the
// moderation page from the report's notification, reads the reason and hides the post with one;
// its author sees why on the post and is told, another member no longer sees it, and the admin
// restores it from the Hidden tab. The audit log shows the hide with its reason under an action
// filter (a verb, then its family) and an actor, and its "Download CSV" link answers text/csv under
// the same filters. An empty or too long reason is refused in the page and nothing is reported; the
// author has no Report on their own post; someone who moderates nothing is told so, and owning a
// space puts Moderation in their navigation.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { fieldError, freshPerson, kAdmin, randomWord, signInContext } from './journeys.mjs';

const kCsvHeader = 'event_id,at,actor_id,actor,action,object_type,object_id,object,detail';

/** Asks `check` again until it returns something truthy. */
async function until(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A second browser context (another person) whose uncaught page errors fail the test too. */
async function secondPage(context, fixture, who) {
  const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
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

/** Two new members signed in through the API: `author` with a public post, and `reader`. */
async function authorAndReader(fixture, words) {
  const authorPerson = await freshPerson(fixture, 'Ash');
  const readerPerson = await freshPerson(fixture, 'Birch');
  const author = await ApiClient.signedIn(fixture.baseURL, authorPerson.email, authorPerson.password);
  const reader = await ApiClient.signedIn(fixture.baseURL, readerPerson.email, readerPerson.password);
  const post = await author.call('POST', '/posts', { body: words, audience: 'public' }, 201);
  return { authorPerson, readerPerson, author, reader, post };
}

/** The Report dialog of the post card `card`, opened. */
async function openReport(page, card) {
  await card.locator('[data-action="report"]').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

export const moderationJourneys = [
  {
    name: 'moderation: a member reports a post with a reason; the admin hides it from the queue, its author sees why and is told, others no longer see it; restored from Hidden',
    timeoutMs: 90_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const words = `Selling my old loom, message me ${tag}`;
      const { authorPerson, readerPerson, author, reader, post } = await authorAndReader(fixture, words);
      const reportReason = `Advertising on the company network ${tag}`;
      const hideReason = `Off topic here: use the marketplace ${tag}`;
      const restoreReason = `Agreed with the author it may stay ${tag}`;

      // The reader reports it from its thread, with a reason.
      await signInContext(context, readerPerson);
      await page.goto(`/posts/${post.id}`);
      const card = page.locator(`article[data-post-id="${post.id}"]`);
      await card.getByText(words).waitFor();
      const dialog = await openReport(page, card);
      await dialog.getByRole('heading', { name: `Report ${authorPerson.name}’s post` }).waitFor();
      await dialog.getByLabel('Why should the moderators look at it?').fill(reportReason);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'moderation-report-dialog.png') });
      await dialog.getByRole('button', { name: 'Send report' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await card.getByTestId('report-outcome').textContent()).trim(), 'Reported — the moderators will look at it');
      assert.equal(await card.locator('[data-action="report"]').getAttribute('aria-disabled'), 'true', 'Reported, not again');
      assert.match(await card.locator('[data-action="report"]').textContent(), /^Reported/);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'moderation-reported.png') });
      // From a fresh page (the card forgets), a second report is refused: reported already.
      await page.reload();
      const again = await openReport(page, card);
      await again.getByLabel('Why should the moderators look at it?').fill('Still advertising');
      await again.getByRole('button', { name: 'Send report' }).click();
      await again.waitFor({ state: 'detached' });
      assert.equal((await card.getByTestId('report-outcome').textContent()).trim(), 'You reported this already');

      // The admin is told, and the notification opens the moderation page.
      const adminName = (await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password)).person.name;
      const admin = await secondPage(context, fixture, kAdmin);
      try {
        await admin.page.goto('/notifications');
        const line = admin.page.locator('li.notification[data-kind="post_reported"]').filter({ hasText: readerPerson.name }).first();
        await line.waitFor();
        assert.match(await line.textContent(), new RegExp(`${readerPerson.name} reported a post you moderate`));
        await line.locator('a.notification__link').click();
        await admin.page.waitForURL(/\/moderation$/);
        await admin.page.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
        const nav = admin.page.getByRole('navigation', { name: 'Main' });
        assert.equal(await nav.getByRole('link', { name: 'Moderation' }).getAttribute('aria-current'), 'page');
        assert.equal(await admin.page.getByRole('tab', { name: 'Open' }).getAttribute('aria-selected'), 'true');

        // The report with its reason and reporter; hide the post with a reason.
        const item = admin.page.locator(`li.moderation-item[data-post-id="${post.id}"]`);
        await item.waitFor();
        assert.equal((await item.getByTestId('excerpt').textContent()).trim(), words);
        assert.match(await item.locator('.moderation-item__title').textContent(), new RegExp(authorPerson.name));
        assert.match(await item.textContent(), /Outside spaces/);
        const report = item.locator('li.moderation-report');
        assert.equal(await report.count(), 1, 'one report: the second was refused');
        assert.equal((await report.getByTestId('report-reason').textContent()).trim(), reportReason);
        assert.match(await report.locator('.moderation-report__who').textContent(), new RegExp(readerPerson.name));
        assert.equal(await report.getAttribute('data-resolution'), 'open');
        await admin.page.screenshot({ path: path.join(fixture.artifactsDir, 'moderation-open.png'), fullPage: true });

        await item.getByRole('button', { name: /^Hide/ }).click();
        const hide = admin.page.getByRole('dialog');
        await hide.getByRole('heading', { name: 'Hide this post' }).waitFor();
        await hide.getByLabel('Why is it hidden?').fill(hideReason);
        await hide.getByRole('button', { name: 'Hide the post' }).click();
        await hide.waitFor({ state: 'detached' });
        await admin.page.getByRole('status').filter({ hasText: 'The post is hidden.' }).waitFor();
        await item.waitFor({ state: 'detached' });
        admin.check();

        // Its author sees why on the post, and is told.
        const authorPage = await secondPage(context, fixture, authorPerson);
        try {
          await authorPage.page.goto(`/posts/${post.id}`);
          const mine = authorPage.page.locator(`article[data-post-id="${post.id}"]`);
          const notice = mine.getByTestId('hidden-notice');
          await notice.waitFor();
          assert.match((await notice.textContent()).replace(/\s+/g, ' '), new RegExp(`^Hidden by a moderator: ${hideReason}`));
          assert.equal(await mine.locator('[data-action="report"]').count(), 0, 'no Report on one’s own post');
          await authorPage.page.screenshot({ path: path.join(fixture.artifactsDir, 'moderation-hidden-notice.png'), fullPage: true });
          await authorPage.page.goto('/notifications');
          const told = authorPage.page.locator('li.notification[data-kind="post_hidden"]');
          await told.waitFor();
          assert.match(await told.textContent(), /A moderator hid your post/);
          assert.ok(!(await told.textContent()).includes(adminName), 'the moderator is not named');
          assert.equal(await told.locator('a.notification__link').getAttribute('href'), `/posts/${post.id}`);
          await told.locator('a.notification__link').click();
          await authorPage.page.waitForURL(new RegExp(`/posts/${post.id}$`));
          await authorPage.page.getByTestId('hidden-notice').waitFor();
          authorPage.check();
        } finally {
          await authorPage.close();
        }

        // The reader (another member) no longer sees it: not in the thread, nor in the author's posts.
        await page.goto(`/posts/${post.id}`);
        await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
        const theirPosts = await reader.call('GET', `/people/${authorPerson.id}/posts`, undefined, 200);
        assert.ok(!theirPosts.items.some((p) => p.id === post.id), 'hidden from the author’s posts for others');

        // Restored from the Hidden tab.
        await admin.page.getByRole('tab', { name: 'Hidden' }).click();
        await admin.page.waitForURL(/\/moderation\?state=hidden$/);
        const hidden = admin.page.locator(`li.moderation-item[data-post-id="${post.id}"]`);
        await hidden.waitFor();
        assert.equal((await hidden.getByTestId('hidden-reason').textContent()).replace(/\s+/g, ' ').trim(), `Hidden: ${hideReason}`);
        assert.equal(await hidden.locator('li.moderation-report').getAttribute('data-resolution'), 'hidden');
        assert.equal(await hidden.getByRole('button', { name: /^Hide/ }).count(), 0);
        await admin.page.screenshot({ path: path.join(fixture.artifactsDir, 'moderation-hidden.png'), fullPage: true });
        await hidden.getByRole('button', { name: /^Restore/ }).click();
        const restore = admin.page.getByRole('dialog');
        await restore.getByLabel('Why is it shown again?').fill(restoreReason);
        await restore.getByRole('button', { name: 'Restore the post' }).click();
        await restore.waitFor({ state: 'detached' });
        await hidden.waitFor({ state: 'detached' });
        await admin.page.getByRole('tab', { name: 'All' }).click();
        const everything = admin.page.locator(`li.moderation-item[data-post-id="${post.id}"]`);
        await everything.waitFor();
        assert.equal(await everything.getAttribute('data-hidden'), 'false');
        admin.check();
      } finally {
        await admin.close();
      }

      // Everyone sees it again, and its author was told.
      await page.goto(`/posts/${post.id}`);
      await page.locator(`article[data-post-id="${post.id}"]`).getByText(words).waitFor();
      assert.equal(await page.getByTestId('hidden-notice').count(), 0);
      const shown = await author.call('GET', `/posts/${post.id}`, undefined, 200);
      assert.equal(shown.hidden, false);
      await until(async () => {
        const groups = await author.call('GET', '/notifications/groups', undefined, 200);
        return groups.items.some((g) => g.kind === 'post_restored' && g.post_id === post.id);
      }, 'the post_restored notification');
    },
  },
  {
    name: 'moderation: the audit log lists the hide with its reason under an action, a family and an actor; Download CSV answers text/csv under the same filters',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const { post } = await authorAndReader(fixture, `Audit me ${tag}`);
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const hideReason = `Hidden for the audit journey ${tag}`;
      await admin.call('POST', `/posts/${post.id}/hide`, { reason: hideReason }, 204);
      // The log is written a moment later, by its subscriber of the activity log.
      await until(async () => {
        const found = await admin.call('GET', '/admin/audit?action=post.hidden&limit=20', undefined, 200);
        return found.items.some((entry) => entry.object_id === post.id);
      }, 'the post.hidden audit entry');

      await signInContext(context, kAdmin);
      await page.goto('/admin/people');
      await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await page.locator('table.audit-table tbody tr').first().waitFor();

      // A verb.
      const action = page.getByLabel('Action');
      await action.locator('option', { hasText: /^post\.hidden$/ }).waitFor({ state: 'attached' });
      await action.selectOption('post.hidden');
      await page.waitForURL(/\/admin\/audit\?action=post\.hidden$/);
      const row = page.locator('table.audit-table tbody tr').filter({ hasText: hideReason });
      await row.waitFor();
      const cells = row.locator('td');
      assert.equal((await cells.nth(1).textContent()).trim(), admin.person.name, 'the actor');
      assert.equal((await cells.nth(2).textContent()).trim(), 'post.hidden');
      assert.equal(await cells.nth(3).locator('a').getAttribute('href'), `/posts/${post.id}`);
      assert.equal((await cells.nth(4).textContent()).trim(), hideReason);
      const actions = await page.locator('table.audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
      assert.ok(actions.every((a) => a === 'post.hidden'), `only post.hidden: ${actions}`);

      // The family, and the actor found by name.
      await action.selectOption('post.');
      await page.waitForURL(/\/admin\/audit\?action=post\.$/);
      await row.waitFor();
      await page.getByLabel('Find an actor').fill(admin.person.name);
      const actor = page.getByLabel('Actor', { exact: true });
      await actor.locator('option', { hasText: admin.person.name }).first().waitFor({ state: 'attached' });
      await actor.selectOption(admin.person.id);
      await page.waitForURL(new RegExp(`/admin/audit\\?action=post\\.&actor=${admin.person.id}$`));
      await row.waitFor();
      const familyActions = await page.locator('table.audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
      assert.ok(familyActions.every((a) => a.startsWith('post.')), `only post.*: ${familyActions}`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'audit-log.png'), fullPage: true });

      // Download CSV: the same filters, text/csv, as an attachment.
      const link = page.getByRole('link', { name: 'Download CSV' });
      const href = await link.getAttribute('href');
      const wanted = new URL(href, fixture.baseURL);
      assert.equal(wanted.pathname, '/api/v1/admin/audit/export');
      assert.equal(wanted.searchParams.get('action'), 'post.');
      assert.equal(wanted.searchParams.get('actor_id'), admin.person.id);
      assert.notEqual(await link.getAttribute('download'), null, 'a download');
      const response = await page.request.get(href);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /^text\/csv/);
      assert.match(response.headers()['content-disposition'], /^attachment/);
      const lines = (await response.text()).split('\r\n').filter((line) => line !== '');
      assert.equal(lines[0], kCsvHeader);
      const hiddenLine = lines.find((line) => line.includes(hideReason));
      assert.ok(hiddenLine, 'the hide is in the CSV');
      assert.match(hiddenLine, new RegExp(`,post\\.hidden,post,${post.id},`));

      // Dates: from tomorrow nothing is listed; the filters clear.
      const tomorrow = new Date(Date.now() + 86_400_000);
      const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
      await page.getByLabel('From').fill(day);
      await page.getByRole('status').filter({ hasText: 'No entries match these filters.' }).waitFor();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.waitForURL(/\/admin\/audit$/);
      await page.locator('table.audit-table tbody tr').first().waitFor();
    },
  },
  {
    name: 'moderation: an empty or too long reason is refused in the page and nothing is reported; no Report on one’s own post; someone who moderates nothing is told so',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const words = `Quarterly loom maintenance notes ${tag}`;
      const { readerPerson, reader, post } = await authorAndReader(fixture, words);
      const sent = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/api\/v1\/posts\/[^/]+\/reports$/.test(new URL(request.url()).pathname)) sent.push(request.url());
      });

      await signInContext(context, readerPerson);
      await page.goto(`/posts/${post.id}`);
      const card = page.locator(`article[data-post-id="${post.id}"]`);
      await card.getByText(words).waitFor();
      const dialog = await openReport(page, card);
      const reason = dialog.getByLabel('Why should the moderators look at it?');
      // Empty.
      await dialog.getByRole('button', { name: 'Send report' }).click();
      assert.equal(await fieldError(reason), 'Give a reason.');
      // Only spaces.
      await reason.fill('   ');
      await dialog.getByRole('button', { name: 'Send report' }).click();
      assert.equal(await fieldError(reason), 'Give a reason.');
      // Over 500 characters.
      await reason.fill('x'.repeat(501));
      await dialog.getByRole('button', { name: 'Send report' }).click();
      assert.match(await fieldError(reason), /1 characters too long \(at most 500\)/);
      assert.match(await dialog.locator('.body-field__counter').textContent(), /^501 \/ 500/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await card.getByTestId('report-outcome').count(), 0);
      assert.deepEqual(sent, [], 'no report was sent');
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const queue = await admin.call('GET', '/moderation/reports?state=all&limit=100', undefined, 200);
      assert.ok(!queue.items.some((item) => item.post_id === post.id), 'nothing reported');

      // Escape closes the dialog too, and focus returns to Report.
      await openReport(page, card);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      // Gone from the page, not only closed: the card's state agrees (Report opens it again).
      await page.waitForFunction(() => document.querySelector('dialog') === null, undefined, { timeout: 5_000 });
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'report', undefined, { timeout: 5_000 });

      // The reader moderates nothing: no Moderation in the navigation, and the page says so.
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.getByRole('link', { name: 'Moderation' }).count(), 0);
      await page.goto('/moderation');
      await page.getByTestId('moderates-nothing').getByText('You moderate no space').waitFor();

      // Their own posts have no Report.
      const own = await reader.call('POST', '/posts', { body: `My own words ${tag}`, audience: 'public' }, 201);
      await page.goto(`/posts/${own.id}`);
      await page.locator(`article[data-post-id="${own.id}"]`).getByText(`My own words ${tag}`).waitFor();
      assert.equal(await page.locator('[data-action="report"]').count(), 0);

      // Owning a space makes them a moderator: Moderation is in the navigation, and the queue is empty.
      await reader.call('POST', '/spaces', { name: `Loom room ${tag}`, purpose: 'Moderation journey', kind: 'community', visibility: 'private' }, 201);
      await page.goto('/moderation');
      await nav.getByRole('link', { name: 'Moderation' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'No open reports.' }).waitFor();
    },
  },
];
