// Browser journeys of knowledge pages: a page with a child page in a space's tree, rendered
// Markdown; two people editing the same page at once — different lines are merged, the same line
// is a conflict resolved in the browser; history with a diff and a restore; a private space's
// page, which someone outside it cannot open; links between pages and the work they record
// ("Linked from pages", links that stay in the app); and a space's pages exported as a zip of
// Markdown and imported from a folder or a zip.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { axeViolations } from './accessibility.mjs';
import { ApiClient } from './api.mjs';
import { freshPerson, signInContext } from './journeys.mjs';
import { readZip, writeZip } from '../../tests/api/zip.mjs';

const kAxePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const kLines = ['# Onboarding', 'Line two: ask for a laptop.', 'Line three: meet the team.', 'Line four: read the handbook.',
  'Line five: set up the build.', 'Line six: ship a small change.'];

/** Two new people, the first owning a private space where the second is a member too, and a page in it. */
async function twoEditors(fixture, body = kLines.join('\n')) {
  const ada = await freshPerson(fixture, 'Ada');
  const ben = await freshPerson(fixture, 'Ben');
  const owner = await ApiClient.signedIn(fixture.baseURL, ada.email, ada.password);
  const space = await owner.call('POST', '/spaces',
    { name: `Handbook ${ada.tag}`, purpose: 'What we know', kind: 'project', visibility: 'private' }, 201);
  await owner.call('PUT', `/spaces/${space.id}/members/${ben.id}`, { role: 'member' }, 204);
  const page = await owner.call('POST', `/spaces/${space.id}/pages`, { title: `Onboarding ${ada.tag}`, body }, 201);
  return { ada, ben, owner, space, page };
}

/** A second signed-in browser context whose uncaught page errors fail the journey. */
async function otherBrowser(context, fixture, who) {
  const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
  other.setDefaultTimeout(10_000);
  await other.addInitScript({ path: kAxePath });
  await signInContext(other, who);
  const page = await other.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`second page uncaught: ${error.message}`));
  return {
    page,
    check() {
      if (problems.length) throw new Error(problems.join('\n'));
    },
    close: () => other.close(),
  };
}

async function openEditor(page, pageId, body) {
  await page.goto(`/pages/${pageId}/edit`);
  const textarea = page.getByLabel('Body', { exact: true });
  await textarea.waitFor();
  assert.equal(await textarea.inputValue(), body, 'the editor starts from the saved body');
  return textarea;
}

function withLine(lines, index, text) {
  return lines.map((line, i) => (i === index ? text : line));
}

/**
 * Waits until the API lists page `pageId` among the backlinks of `target` ("/problems/12"): links
 * are indexed a moment after a save, not with it.
 */
async function linkedFrom(api, target, pageId, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await api.call('GET', `${target}/backlinks`, undefined, 200);
    if (items.some((p) => p.id === pageId)) return items;
    if (Date.now() > deadline) throw new Error(`${target}: page ${pageId} not among its backlinks after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A member's public space with a page and a child page, for export and import. */
async function spaceWithPages(fixture) {
  const ada = await freshPerson(fixture, 'Ada');
  const owner = await ApiClient.signedIn(fixture.baseURL, ada.email, ada.password);
  const space = await owner.call('POST', '/spaces',
    { name: `Kiln room ${ada.tag}`, purpose: 'Firing', kind: 'project', visibility: 'public' }, 201);
  const parent = await owner.call('POST', `/spaces/${space.id}/pages`, { title: `Firing guide ${ada.tag}`, body: 'Cone 6, slowly.' }, 201);
  const child = await owner.call('POST', `/spaces/${space.id}/pages`,
    { title: `Glazes ${ada.tag}`, body: 'Wipe the bisque first.', parent_id: parent.id }, 201);
  return { ada, owner, space, parent, child };
}

/** The space's pages by title (each title once). */
async function pagesByTitle(api, spaceId) {
  const { items } = await api.call('GET', `/spaces/${spaceId}/pages`, undefined, 200);
  return new Map(items.map((p) => [p.title, p]));
}

/** Whether the page was loaded again since markDocument() (an in-app navigation keeps the document). */
const markDocument = (page) => page.evaluate(() => { window.weftSameDocument = true; });
const sameDocument = (page) => page.evaluate(() => window.weftSameDocument === true);

export const pagesJourneys = [
  {
    name: 'pages: a solved problem and a decided proposal are promoted to pages that link back to where they came from',
    async run({ page, context, fixture }) {
      const { ada, ben, owner, space } = await twoEditors(fixture);
      const benApi = await ApiClient.signedIn(fixture.baseURL, ben.email, ben.password);
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`,
        { title: `Labels smudge ${ada.tag}`, body: 'Labels smudge in the cold store.' }, 201);
      const solution = await benApi.call('POST', `/problems/${problem.id}/solutions`, { body: 'Use thermal labels rated for the cold.' }, 201);
      await owner.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
      await signInContext(context, ada);
      await page.goto(`/problems/${problem.id}`);
      await page.getByRole('button', { name: 'Promote to page' }).click();
      await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
      await page.locator('#page-body').getByText('Use thermal labels rated for the cold.').waitFor();
      const source = page.getByTestId('page-source');
      await source.getByRole('link', { name: 'the problem it records' }).click();
      await page.waitForURL(`**/problems/${problem.id}`);
      // A second time: it is a page already, and the answer says where.
      await page.getByRole('button', { name: 'Promote to page' }).click();
      await page.getByRole('alert').filter({ hasText: /is a page already/ }).waitFor();

      const proposal = await owner.call('POST', `/spaces/${space.id}/proposals`,
        { title: `Night shift rota ${ada.tag}`, body: 'Two people on every night shift.',
          closes_at: new Date(Date.now() + 3 * 86400_000).toISOString() }, 201);
      await owner.call('POST', `/proposals/${proposal.id}/close`, { outcome: 'From next month', decision: 'adopted' }, 200);
      await page.goto(`/proposals/${proposal.id}`);
      await page.getByRole('button', { name: 'Promote to page' }).click();
      await page.getByRole('heading', { level: 1, name: proposal.title }).waitFor();
      await page.locator('#page-body').getByText('From next month').waitFor();
      await page.getByTestId('page-source').getByRole('link', { name: 'the proposal it records' }).waitFor();
    },
  },
  {
    name: 'pages: a member creates a page and a child page, sees the tree and the rendered Markdown',
    async run({ page, context, fixture }) {
      const ada = await freshPerson(fixture, 'Ada');
      const owner = await ApiClient.signedIn(fixture.baseURL, ada.email, ada.password);
      const space = await owner.call('POST', '/spaces',
        { name: `Field notes ${ada.tag}`, purpose: 'Notes', kind: 'project', visibility: 'public' }, 201);
      await signInContext(context, ada);
      await page.goto(`/spaces/${space.id}`);
      await page.getByRole('tab', { name: 'Pages' }).click();
      await page.getByText('No pages yet.').waitFor();

      await page.getByRole('button', { name: 'New page' }).click();
      const form = page.locator('form#new-page');
      await form.getByLabel('Title').fill('Release checklist');
      await form.getByLabel('Body').fill('## Before\n\nRun **all** the tests.\n\n- tag the release\n- write the notes\n\n<script>alert(1)</script>');
      await form.getByRole('button', { name: 'Create page' }).click();
      await page.getByRole('heading', { level: 1, name: 'Release checklist' }).waitFor();
      const body = page.locator('#page-body');
      assert.equal(await body.locator('strong').textContent(), 'all', 'bold is rendered');
      assert.equal(await body.locator('li').count(), 2, 'the list is rendered');
      await body.getByRole('heading', { name: 'Before' }).waitFor();
      // Its writer watches it, and may stop.
      const watch = page.getByTestId('page-watch');
      assert.equal((await watch.textContent()).trim(), 'Watching');
      await watch.click();
      await page.getByTestId('page-watch').filter({ hasText: /^Watch$/ }).waitFor();
      // A comment beside the text.
      await page.getByLabel('Add a comment').fill('Should testing come before the release notes?');
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      await page.getByRole('list', { name: 'Comments' }).getByText('Should testing come before the release notes?').waitFor();
      assert.equal(await body.locator('script').count(), 0, 'typed HTML is not run');
      await page.locator('.knowledge-page__meta').getByText(ada.name).waitFor();
      const parentId = new URL(page.url()).pathname.split('/').pop();

      // A child page under it, from the space's Pages tab (the breadcrumb leads back there).
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: space.name }).click();
      await page.getByRole('tab', { name: 'Pages', selected: true }).waitFor();
      await page.getByRole('button', { name: 'New page' }).click();
      await form.getByLabel('Title').fill('Writing the release notes');
      await form.getByLabel('Under').selectOption(parentId);
      await form.getByLabel('Body').fill('Say what changed *for people*.');
      await form.getByRole('button', { name: 'Create page' }).click();
      await page.getByRole('heading', { level: 1, name: 'Writing the release notes' }).waitFor();
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
      await crumbs.getByRole('link', { name: 'Release checklist' }).waitFor();
      assert.equal(await page.locator('#page-body em').textContent(), 'for people');

      // The tree: the child nested under its parent.
      await crumbs.getByRole('link', { name: space.name }).click();
      const tree = page.getByRole('list', { name: 'Pages' });
      const parent = tree.locator(`li[data-page-id="${parentId}"]`);
      await parent.locator('li .page-tree__title', { hasText: 'Writing the release notes' }).waitFor();
      await page.getByText('2 pages').waitFor();
      await parent.getByRole('link', { name: 'Writing the release notes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Writing the release notes' }).waitFor();
    },
  },
  {
    name: 'pages: two people edit different lines at once; the second save is merged and the page has both',
    async run({ page, context, fixture }) {
      const { ada, ben, page: wiki } = await twoEditors(fixture);
      await signInContext(context, ada);
      const them = await otherBrowser(context, fixture, ben);
      try {
        const mine = await openEditor(page, wiki.id, wiki.body);
        const theirs = await openEditor(them.page, wiki.id, wiki.body);
        await mine.fill(withLine(kLines, 1, 'Line two: ask IT for a laptop on day one.').join('\n'));
        await page.getByLabel('Summary of your change').fill('Who to ask');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.locator('[data-saved="saved"]').waitFor();

        await theirs.fill(withLine(kLines, 4, 'Line five: set up the build with the wiki steps.').join('\n'));
        await them.page.getByRole('button', { name: 'Save', exact: true }).click();
        const notice = them.page.locator('[data-saved="merged"]');
        await notice.waitFor();
        assert.match(await notice.textContent(), /merged with changes someone else saved/);
        const body = them.page.locator('#page-body');
        await body.getByText('ask IT for a laptop on day one').waitFor();
        await body.getByText('set up the build with the wiki steps').waitFor();

        await them.page.getByRole('link', { name: 'History' }).click();
        const revisions = them.page.getByRole('list', { name: 'Revisions, newest first' });
        await revisions.locator('li.revision').nth(2).waitFor();
        assert.equal(await revisions.locator('li.revision').count(), 3);
        await revisions.locator('li.revision').first().getByText('Merged').waitFor();
        await revisions.getByText('Who to ask').waitFor();
        // Ada wrote the page, so she watches it: Ben's edit reaches her notifications.
        const told = page.locator('.notification__link', { hasText: `edited the page ${wiki.title}` }).first();
        for (let tries = 0; tries < 20 && !(await told.count()); tries++) {
          await page.goto('/notifications');
          await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
          await page.waitForTimeout(250);
        }
        await told.click();
        await page.getByRole('heading', { level: 1, name: wiki.title }).waitFor();
        them.check();
      } finally {
        await them.close();
      }
    },
  },
  {
    name: 'pages: two people change the same line; the second resolves the conflict and keeps their other edits',
    async run({ page, context, fixture }) {
      const { ada, ben, owner, page: wiki } = await twoEditors(fixture);
      await signInContext(context, ada);
      const them = await otherBrowser(context, fixture, ben);
      try {
        const mine = await openEditor(page, wiki.id, wiki.body);
        const theirs = await openEditor(them.page, wiki.id, wiki.body);
        await mine.fill(withLine(kLines, 2, 'Line three: meet the team on Monday.').join('\n'));
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.locator('[data-saved="saved"]').waitFor();

        // Ben changes the same line, and line six too.
        const benLines = withLine(withLine(kLines, 2, 'Line three: meet the team over lunch.'), 5, 'Line six: ship a small change by Friday.');
        await theirs.fill(benLines.join('\n'));
        await them.page.getByRole('button', { name: 'Save', exact: true }).click();
        await them.page.getByRole('heading', { name: 'Someone else changed the same lines' }).waitFor();
        // Nothing is lost: Ben's whole text is still on screen.
        assert.equal(await them.page.locator('[data-version="mine"]').textContent(), benLines.join('\n'));
        // The conflict view passes axe and fits a phone.
        const violations = await axeViolations(them.page, 'conflict view');
        assert.deepEqual(violations, [], 'no serious or critical accessibility violation in the conflict view');
        await them.page.setViewportSize({ width: 375, height: 812 });
        const width = await them.page.evaluate(() => document.scrollingElement.scrollWidth);
        await them.page.screenshot({ path: path.join(fixture.artifactsDir, 'pages-conflict-375.png'), fullPage: true });
        assert.ok(width <= 375, `the conflict view scrolls sideways at 375 px (${width})`);
        await them.page.setViewportSize({ width: 1280, height: 900 });
        const region = them.page.locator('[data-conflict="0"]');
        await region.getByText('Line three: meet the team on Monday.').first().waitFor();
        const choice = region.getByLabel('Text for conflict 1');
        assert.equal(await choice.inputValue(), 'Line three: meet the team on Monday.\nLine three: meet the team over lunch.',
          'the box starts with both');
        await region.getByRole('button', { name: 'Use theirs' }).click();
        assert.equal(await choice.inputValue(), 'Line three: meet the team on Monday.');
        await region.getByRole('button', { name: 'Use mine' }).click();
        assert.equal(await choice.inputValue(), 'Line three: meet the team over lunch.');
        await them.page.getByRole('button', { name: 'Save the resolved page' }).click();
        await them.page.locator('[data-saved="resolved"]').waitFor();

        const saved = await owner.call('GET', `/pages/${wiki.id}`, undefined, 200);
        assert.equal(saved.body, withLine(benLines, 2, 'Line three: meet the team over lunch.').join('\n'),
          'the chosen line, and the other edit kept');
        const body = them.page.locator('#page-body');
        await body.getByText('meet the team over lunch').waitFor();
        await body.getByText('by Friday').waitFor();
        assert.equal(await body.getByText('on Monday').count(), 0);

        await them.page.getByRole('link', { name: 'History' }).click();
        const revisions = them.page.getByRole('list', { name: 'Revisions, newest first' });
        await revisions.locator('li.revision').nth(2).waitFor();
        const authors = await revisions.locator('li.revision .item-row__meta a').allTextContents();
        assert.deepEqual(authors, [ben.name, ada.name, ada.name], 'every revision is listed, newest first');
        them.check();
      } finally {
        await them.close();
      }
    },
  },
  {
    name: 'pages: a conflict on a long page keeps every other edit, near it and far from it',
    async run({ page, context, fixture }) {
      // 2,500 lines: Ada changes lines 11 and 2,491; Ben, from the same start, lines 11 and 21.
      const long = Array.from({ length: 2500 }, (_, i) => `Step ${i + 1}.`);
      const { ben, owner, page: wiki } = await twoEditors(fixture, long.join('\n'));
      await signInContext(context, ben);
      const theirs = await openEditor(page, wiki.id, long.join('\n'));
      const adaLines = withLine(withLine(long, 10, 'Step 11, as Ada has it.'), 2490, 'Step 2491, as Ada has it.');
      await owner.call('PUT', `/pages/${wiki.id}`, { title: wiki.title, body: adaLines.join('\n'), summary: 'Ada' }, 200,
        { 'If-Match': `"${wiki.revision}"` });
      const benLines = withLine(withLine(long, 10, 'Step 11, as Ben has it.'), 20, 'Step 21, as Ben has it.');
      // Set at once, as a paste would (typing 2,500 lines through the browser's editing takes long).
      await theirs.evaluate((element, text) => {
        element.value = text;
        element.dispatchEvent(new Event('input', { bubbles: true }));
      }, benLines.join('\n'));
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('heading', { name: 'Someone else changed the same lines' }).waitFor();
      const region = page.locator('[data-conflict="0"]');
      await region.getByRole('button', { name: 'Use mine' }).click();
      assert.equal(await page.locator('[data-conflict="1"]').count(), 0, 'one conflict');
      await page.getByRole('button', { name: 'Save the resolved page' }).click();
      await page.locator('[data-saved="resolved"]').waitFor();
      const saved = (await owner.call('GET', `/pages/${wiki.id}`, undefined, 200)).body.split('\n');
      assert.equal(saved.length, 2500, 'no line lost');
      assert.equal(saved[10], 'Step 11, as Ben has it.');
      assert.equal(saved[20], 'Step 21, as Ben has it.', 'Ben\'s other edit, inside the span both changed');
      assert.equal(saved[2490], 'Step 2491, as Ada has it.', 'Ada\'s other edit');
      assert.deepEqual(saved.filter((line, i) => line !== long[i]).length, 3);
    },
  },
  {
    name: 'pages: history shows the changes between two revisions, and restoring brings the old text back as a new revision',
    async run({ page, context, fixture }) {
      const { ada, owner, page: wiki } = await twoEditors(fixture, 'Keep the fire doors shut.\nCall 112 first.');
      const changed = await owner.call('PUT', `/pages/${wiki.id}`,
        { title: wiki.title, body: 'Keep the fire doors shut.\nCall the front desk first.', summary: 'Front desk' }, 200,
        { 'If-Match': `"${wiki.revision}"` });
      await signInContext(context, ada);
      await page.goto(`/pages/${wiki.id}/history`);
      await page.getByRole('heading', { level: 1, name: `History of ${wiki.title}` }).waitFor();
      const removed = page.locator('.page-diff__line[data-op="-"]');
      await removed.first().waitFor();
      assert.match(await removed.first().textContent(), /Removed: Call 112 first\./, 'removed lines say so in words');
      assert.match(await page.locator('.page-diff__line[data-op="+"]').first().textContent(), /Added: Call the front desk first\./);

      assert.equal(await page.locator('.page-diff__approximate').count(), 0, 'a small change is shown line by line');

      // Choosing the same revision twice: nothing differs.
      await page.getByLabel('From revision').selectOption(changed.revision);
      await page.getByText('These two revisions have the same text.').waitFor();

      const old = page.locator(`li.revision[data-revision="${wiki.revision}"]`);
      await old.getByRole('button', { name: /Restore this revision/ }).click();
      await page.locator('[data-saved="restored"]').waitFor();
      await page.locator('#page-body').getByText('Call 112 first.').waitFor();
      await page.getByRole('link', { name: 'History' }).click();
      const newest = page.getByRole('list', { name: 'Revisions, newest first' }).locator('li.revision').first();
      await newest.getByText(`Restored from revision ${wiki.revision}`).waitFor();
      assert.equal(await page.locator('li.revision').count(), 3);
    },
  },
  {
    name: 'pages: history of a page rewritten almost everywhere says its diff shows passages replaced whole',
    async run({ page, context, fixture }) {
      // Pseudo-random walks of x and y lines: too different for the fewest changes to be worked out
      // within the server's bound.
      const walk = (seed) => {
        let state = seed;
        const out = [];
        for (let k = 0; k < 12000; k += 1) {
          state = (state * 1103515245 + 12345) % 2147483648;
          out.push(state & 0x10000 ? 'x' : 'y');
        }
        return out.join('\n');
      };
      const { ada, owner, page: wiki } = await twoEditors(fixture, walk(1));
      await owner.call('PUT', `/pages/${wiki.id}`, { title: wiki.title, body: walk(2), summary: 'Rewritten' }, 200,
        { 'If-Match': `"${wiki.revision}"` });
      await signInContext(context, ada);
      await page.goto(`/pages/${wiki.id}/history`);
      await page.getByText('These revisions differ almost everywhere').waitFor({ timeout: 30_000 });
      assert.ok(await page.locator('.page-diff__line[data-op="-"]').count() > 0, 'the removed lines are listed');
      assert.ok(await page.locator('.page-diff__line[data-op="+"]').count() > 0, 'and the added ones');
    },
  },
  {
    name: 'pages: someone outside a private space cannot open its page',
    async run({ page, context, fixture }) {
      const { page: wiki } = await twoEditors(fixture);
      const outsider = await freshPerson(fixture, 'Cy');
      await signInContext(context, outsider);
      for (const path of [`/pages/${wiki.id}`, `/pages/${wiki.id}/edit`, `/pages/${wiki.id}/history`]) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
        assert.equal(await page.getByText(wiki.title).count(), 0, `${path} shows nothing of the page`);
      }
    },
  },
  {
    name: 'pages: a page that links to a problem is listed on it under "Linked from pages", and links inside a page stay in the app',
    async run({ page, context, fixture }) {
      const { ada, owner, space } = await twoEditors(fixture);
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`,
        { title: `Frost on the door seals ${ada.tag}`, body: 'The cold store door seals ice up overnight.' }, 201);
      const idea = await owner.call('POST', `/spaces/${space.id}/ideas`, { title: `Heated seals ${ada.tag}`, body: 'Fit heated door seals.' }, 201);
      // A path, a full URL of this server as an autolink, a link elsewhere, and one that must not run.
      const notes = await owner.call('POST', `/spaces/${space.id}/pages`, {
        title: `Cold store notes ${ada.tag}`,
        body: `Why the doors stick: see [the frost problem](/problems/${problem.id}).\n\nWhat we might do: <${fixture.baseURL}/ideas/${idea.id}>\n\n`
          + 'The [maker\'s manual](https://example.com/manual) has more. [Do not click](javascript:alert(1))',
      }, 201);
      // A reference definition to a page.
      const index = await owner.call('POST', `/spaces/${space.id}/pages`,
        { title: `Cold store index ${ada.tag}`, body: `Start with [the notes][notes].\n\n[notes]: /pages/${notes.id}` }, 201);
      await linkedFrom(owner, `/problems/${problem.id}`, notes.id);
      await linkedFrom(owner, `/ideas/${idea.id}`, notes.id);
      await linkedFrom(owner, `/pages/${notes.id}`, index.id);

      await signInContext(context, ada);
      await page.goto(`/problems/${problem.id}`);
      await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
      const backlinks = page.getByTestId('backlinks');
      await backlinks.getByRole('heading', { name: /^Linked from pages/ }).waitFor();
      const entry = backlinks.locator(`li[data-page-id="${notes.id}"]`);
      assert.match(await entry.textContent(), new RegExp(`updated .+ by ${ada.name}`), 'when and by whom');
      await entry.getByRole('link', { name: notes.title }).click();
      await page.waitForURL(`**/pages/${notes.id}`);
      await page.getByRole('heading', { level: 1, name: notes.title }).waitFor();
      // Under its text: the index links here.
      await page.getByTestId('backlinks').getByRole('link', { name: index.title }).waitFor();

      const body = page.locator('#page-body');
      assert.equal(await body.getByRole('link', { name: 'maker\'s manual' }).getAttribute('target'), '_blank', 'other sites open in a new tab');
      assert.equal(await body.locator('a', { hasText: 'Do not click' }).getAttribute('href'), null, 'a javascript: link is no link');
      const toProblem = body.getByRole('link', { name: 'the frost problem' });
      assert.equal(await toProblem.getAttribute('target'), null);
      const tabs = context.pages().length;
      await markDocument(page);
      await toProblem.click();
      await page.waitForURL(`**/problems/${problem.id}`);
      await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
      assert.equal(context.pages().length, tabs, 'no new tab');
      assert.ok(await sameDocument(page), 'the problem opened inside the app, without loading the page again');

      // A full URL of this server stays in the app as well.
      await page.goBack();
      await page.waitForURL(`**/pages/${notes.id}`);
      const toIdea = page.locator('#page-body').getByRole('link', { name: `${fixture.baseURL}/ideas/${idea.id}` });
      assert.equal(await toIdea.getAttribute('href'), `/ideas/${idea.id}`);
      await toIdea.click();
      await page.waitForURL(`**/ideas/${idea.id}`);
      await page.getByRole('heading', { level: 1, name: idea.title }).waitFor();
      assert.ok(await sameDocument(page), 'the idea opened inside the app');
      assert.equal(context.pages().length, tabs, 'still no new tab');
      await page.getByTestId('backlinks').getByRole('link', { name: notes.title }).waitFor();

      // A problem no page links to has no such panel.
      const other = await owner.call('POST', `/spaces/${space.id}/problems`, { title: `Unlinked ${ada.tag}`, body: 'Nothing points here.' }, 201);
      await page.goto(`/problems/${other.id}`);
      await page.getByRole('heading', { level: 1, name: other.title }).waitFor();
      await page.getByRole('heading', { name: 'From problem to decision' }).waitFor();
      assert.equal(await page.getByTestId('backlinks').count(), 0);
    },
  },  {
    name: 'pages: a reader exports a space\'s pages as a zip of Markdown files; only members may import',
    async run({ page, context, fixture }) {
      const { space, parent, child } = await spaceWithPages(fixture);
      const reader = await freshPerson(fixture, 'Cy');
      await signInContext(context, reader);
      await page.goto(`/spaces/${space.id}?tab=pages`);
      await page.getByRole('list', { name: 'Pages' }).waitFor();
      const link = page.getByRole('link', { name: 'Export as Markdown (.zip)' });
      const href = await link.getAttribute('href');
      assert.equal(href, `/api/v1/spaces/${space.id}/pages/export`);
      assert.notEqual(await link.getAttribute('download'), null, 'a download');
      const answer = await page.evaluate(async (url) => {
        const response = await fetch(url, { credentials: 'same-origin' });
        return {
          status: response.status,
          type: response.headers.get('Content-Type'),
          disposition: response.headers.get('Content-Disposition'),
          bytes: [...new Uint8Array(await response.arrayBuffer())],
        };
      }, href);
      assert.equal(answer.status, 200);
      assert.match(answer.type, /^application\/zip/);
      assert.match(answer.disposition ?? '', /^attachment/);
      const bytes = Buffer.from(answer.bytes);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip');
      const paths = readZip(bytes).map((f) => f.path);
      assert.ok(paths.includes(`${parent.title}.md`), `the page: ${paths.join(', ')}`);
      assert.ok(paths.includes(`${parent.title}/${child.title}.md`), `the child page in its parent's folder: ${paths.join(', ')}`);
      assert.equal(await page.getByRole('button', { name: 'Import Markdown' }).count(), 0, 'readers do not import');
    },
  },
  {
    name: 'pages: a member imports a folder and a .zip of Markdown files into the tree; a broken zip is refused with the reason',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const { ada, owner, space, parent } = await spaceWithPages(fixture);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-import-'));
      try {
        const folder = path.join(dir, `handbook-${ada.tag}`);
        fs.mkdirSync(path.join(folder, 'setup'), { recursive: true });
        fs.writeFileSync(path.join(folder, 'intro.md'), '# Welcome aboard\n\nStart here.\n');
        fs.writeFileSync(path.join(folder, 'setup', 'laptop.md'), 'Ask IT for a laptop on day one.\n');
        fs.writeFileSync(path.join(folder, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

        await signInContext(context, ada);
        await page.goto(`/spaces/${space.id}?tab=pages`);
        const tree = page.getByRole('list', { name: 'Pages' });
        await tree.waitFor();
        await page.getByRole('button', { name: 'Import Markdown' }).click();
        const form = page.locator('form#import-pages');
        await form.getByLabel('Or a folder of Markdown files').setInputFiles(folder);
        await form.getByTestId('import-chosen').filter({ hasText: `3 files from handbook-${ada.tag}` }).waitFor();
        await form.getByRole('button', { name: 'Import', exact: true }).click();
        const notice = page.getByTestId('pages-imported');
        await notice.waitFor();
        assert.equal((await notice.textContent()).trim(), `Imported 4 pages. Left out: handbook-${ada.tag}/logo.png.`);

        // The folder is a page above the ones in it; a first heading is the title, else the file's name.
        await page.getByText('6 pages').waitFor();
        const made = await pagesByTitle(owner, space.id);
        const at = (...titles) => tree.locator(titles.map((t) => `li[data-page-id="${made.get(t).id}"]`).join(' '));
        await at(`handbook-${ada.tag}`, 'Welcome aboard').getByRole('link', { name: 'Welcome aboard' }).waitFor();
        await at(`handbook-${ada.tag}`, 'setup', 'laptop').getByRole('link', { name: 'laptop' }).waitFor();
        assert.equal(made.get(`handbook-${ada.tag}`).parent_id, null, 'the folder is a top page');

        // A zip, under an existing page.
        const zip = path.join(dir, 'runbooks.zip');
        fs.writeFileSync(zip, writeZip([
          { path: 'Runbooks.md', content: '# Runbooks\n\nHow we run things.' },
          { path: 'Runbooks/restart.md', content: '# Restarting the kiln\n\nSwitch it off first.' },
        ]));
        await form.getByLabel('A .zip file of Markdown').setInputFiles(zip);
        await form.getByTestId('import-chosen').filter({ hasText: 'runbooks.zip' }).waitFor();
        await form.getByLabel('Under').selectOption(parent.id);
        await form.getByRole('button', { name: 'Import', exact: true }).click();
        await notice.filter({ hasText: /^Imported 2 pages\.$/ }).waitFor();
        await page.getByText('8 pages').waitFor();
        const more = await pagesByTitle(owner, space.id);
        const restart = tree.locator(`li[data-page-id="${parent.id}"] li[data-page-id="${more.get('Runbooks').id}"] li[data-page-id="${more.get('Restarting the kiln').id}"]`);
        await restart.getByRole('link', { name: 'Restarting the kiln' }).click();
        await page.getByRole('heading', { level: 1, name: 'Restarting the kiln' }).waitFor();
        await page.locator('#page-body').getByText('Switch it off first.').waitFor();

        // Not a zip: the server's reason, next to the control.
        const refused = await fetch(`${fixture.baseURL}/api/v1/spaces/${space.id}/pages/import`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: owner.cookie, 'X-CSRF-Token': owner.csrf },
          body: JSON.stringify({ archive: Buffer.from('not a zip at all').toString('base64') }),
        });
        assert.equal(refused.status, 400);
        const { error } = await refused.json();
        const broken = path.join(dir, 'broken.zip');
        fs.writeFileSync(broken, 'not a zip at all');
        await page.goBack();
        await page.getByRole('button', { name: 'Import Markdown' }).click();
        await form.getByLabel('A .zip file of Markdown').setInputFiles(broken);
        await form.getByRole('button', { name: 'Import', exact: true }).click();
        await form.locator('.field__error').filter({ hasText: error.message }).waitFor();
        assert.equal(await page.getByTestId('pages-imported').count(), 0);

        // Two files that would make the same page: the reason is told by the folder's control.
        const twice = path.join(dir, 'twice');
        fs.mkdirSync(twice);
        fs.writeFileSync(path.join(twice, 'notes.md'), 'One.');
        fs.writeFileSync(path.join(twice, 'notes.markdown'), 'Two.');
        const folderControl = form.getByLabel('Or a folder of Markdown files');
        await folderControl.setInputFiles(twice);
        await form.getByRole('button', { name: 'Import', exact: true }).click();
        await form.locator('input[name="files"][aria-invalid="true"]').waitFor();
        const reason = form.locator(`#${await folderControl.getAttribute('aria-describedby')}`);
        assert.match(await reason.textContent(), /two files make the same page/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
