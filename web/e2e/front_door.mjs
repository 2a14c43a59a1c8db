// Browser journeys of Weft's front door polish: reactions drawn as icons (no emoji font needed),
// one row of post actions wherever a post is shown, quiet names and titles, lists that load with a
// skeleton and fail with "Try again", the outcome chain near the top on a phone, no accepting on a
// resolved problem, a sidebar on wide screens, and no page that scrolls sideways on a phone.

import assert from 'node:assert/strict';
import { adminPages, demoIds, memberPages, settle } from './accessibility.mjs';
import { ApiClient } from './api.mjs';
import { kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

const kEmoji = /\p{Extended_Pictographic}/u;

/** What each action of a post card is, in order: reactions by kind, then the other actions. */
function actionRow(card) {
  return card.locator('.post__actions').locator('button, a').evaluateAll((elements) =>
    elements.map((e) => ({
      what: e.dataset.reaction ?? e.dataset.action ?? `? ${e.textContent}`,
      style: e.classList.contains('post-action'),
      radius: getComputedStyle(e).borderRadius,
    })),
  );
}

async function decoration(locator) {
  return locator.evaluate((e) => getComputedStyle(e).textDecorationLine);
}

export const frontDoorJourneys = [
  {
    name: 'post actions: home and the post page show one row — icon reactions without emoji, Reply, Reshare, Copy link; author names not underlined',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const post = await member.call('POST', '/posts', { body: `Spindle oil for the winter ${tag}`, audience: 'public' }, 201);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixture.baseURL });
      await signInContext(context, kMember);

      await page.goto('/');
      const onHome = page.getByRole('list', { name: 'Home feed' }).locator(`article[data-post-id="${post.id}"]`);
      await onHome.waitFor();
      const homeRow = await actionRow(onHome);
      assert.deepEqual(
        homeRow.slice(0, 7).map((a) => a.what),
        ['like', 'celebrate', 'insightful', 'support', 'reply', 'reshare', 'copy-link'],
        'reactions, Reply, Reshare, Copy link, in that order',
      );
      assert.ok(homeRow.every((a) => a.style), 'every action has the same look');
      assert.equal(new Set(homeRow.map((a) => a.radius)).size, 1, 'every action has the same shape');

      // Reactions: an icon each, no emoji; the name says what it is.
      const reactions = onHome.getByRole('group', { name: 'Reactions' }).getByRole('button');
      assert.equal(await reactions.count(), 4);
      for (const button of await reactions.all()) {
        assert.equal(await button.locator('svg').count(), 1, 'an SVG icon');
        const text = await button.textContent();
        assert.ok(!kEmoji.test(text), `no emoji in "${text}"`);
      }
      await onHome.getByRole('button', { name: /^Celebrate/ }).waitFor();
      assert.ok(!kEmoji.test(await onHome.textContent()), 'no emoji anywhere on the card');

      // The author's name is quiet at rest, underlined under the pointer.
      const author = onHome.locator('.post__author a');
      assert.equal(await decoration(author), 'none', 'the author link is not underlined');
      await author.hover();
      assert.equal(await decoration(author), 'underline', 'underlined on hover');

      // Copy link puts the post's address on the clipboard.
      await onHome.getByRole('button', { name: 'Copy link' }).click();
      await onHome.getByRole('button', { name: 'Link copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${fixture.baseURL}/posts/${post.id}`);

      // The post page: the same row, and Reply takes the reader to the reply box.
      await onHome.locator('[data-action="reply"]').click();
      await page.getByRole('heading', { level: 1, name: 'Conversation' }).waitFor();
      const onPage = page.locator(`article[data-post-id="${post.id}"]`);
      await onPage.waitFor();
      assert.deepEqual((await actionRow(onPage)).map((a) => a.what), homeRow.map((a) => a.what), 'the same actions on the post page');
      assert.equal(await decoration(onPage.locator('.post__author a')), 'none');
      await onPage.getByRole('button', { name: /^Reply to / }).click();
      await page.waitForFunction(() => document.activeElement?.closest('#thread-reply') !== null);
    },
  },
  {
    name: 'names and titles: authors, list rows, search results and people are not underlined until hovered; links in text are',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const post = await member.call('POST', '/posts',
        { body: `Loom ${tag} notes are in [the handbook](https://example.com/handbook) now`, audience: 'public' }, 201);
      await signInContext(context, kMember);

      await page.goto(`/posts/${post.id}`);
      const card = page.locator(`article[data-post-id="${post.id}"]`);
      await card.waitFor();
      assert.equal(await decoration(card.getByRole('link', { name: 'the handbook' })), 'underline', 'a link in the text stays underlined');

      await page.goto('/problems');
      const row = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
      await row.waitFor();
      const title = row.locator('.item-row__title');
      assert.equal(await decoration(title), 'none', 'a problem title');
      assert.equal(await decoration(row.locator('a[href^="/people/"]').first()), 'none', 'its author');
      await title.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      assert.equal(await decoration(title), 'underline', 'underlined on keyboard focus');

      await page.goto('/people');
      const person = page.locator('.person-card__name').first();
      await person.waitFor();
      assert.equal(await decoration(person), 'none', 'a name in the people directory');

      await page.goto('/search?q=forecast');
      const hit = page.locator('a.search-hit__title').first();
      await hit.waitFor();
      assert.equal(await decoration(hit), 'none', 'a search result');
    },
  },
  {
    name: 'loading and failing: a list shows a busy skeleton, then its rows; a failed request says so with "Try again"; an empty list says what next',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const empty = await member.call('POST', '/spaces', { name: `Quiet loft ${tag}`, purpose: 'Nothing yet', kind: 'project', visibility: 'private' }, 201);
      await signInContext(context, kMember);
      const rows = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');

      // Slow: grey blocks, busy, and "Loading problems…" for screen readers, until the rows come.
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/api/v1/problems?*', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/problems');
      const skeleton = page.locator('[data-skeleton][aria-busy="true"]');
      await skeleton.waitFor();
      assert.ok((await skeleton.boundingBox()).height > 40, 'the skeleton takes room');
      assert.match(await page.evaluate(() => document.body.innerText), /Loading problems…/);
      release();
      await rows.first().waitFor();
      assert.equal(await skeleton.count(), 0, 'no skeleton once loaded');
      assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /Loading[^\n]*…/, 'no "Loading…" left');
      await page.unroute('**/api/v1/problems?*');

      // Failing: the error and "Try again", which asks again.
      await page.route('**/api/v1/problems?*', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'The server had a problem.' } }) }));
      await page.goto('/problems');
      const alert = page.getByRole('alert').filter({ hasText: 'Problems could not be loaded.' });
      await alert.waitFor();
      assert.equal(await rows.count(), 0);
      await page.unroute('**/api/v1/problems?*');
      await alert.getByRole('button', { name: 'Try again' }).click();
      await rows.first().waitFor();
      assert.equal(await alert.count(), 0, 'the error is gone once the list is in');

      // The same on an item page.
      await page.route('**/api/v1/posts/*/thread*', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'The server had a problem.' } }) }));
      const post = await member.call('POST', '/posts', { body: `Bobbin sizes ${tag}`, audience: 'public' }, 201);
      await page.goto(`/posts/${post.id}`);
      const failed = page.getByRole('alert').filter({ hasText: 'The server had a problem.' });
      await failed.waitFor();
      await page.unroute('**/api/v1/posts/*/thread*');
      await failed.getByRole('button', { name: 'Try again' }).click();
      await page.getByText(`Bobbin sizes ${tag}`).waitFor();

      // Empty: what to do next.
      await page.goto(`/problems?space=${empty.id}`);
      const status = page.locator('.list-status').filter({ hasText: `No problems in ${empty.name}.` });
      await status.waitFor();
      assert.equal(await status.getByRole('link', { name: 'See all problems' }).getAttribute('href'), '/problems');
      await page.goto(`/spaces/${empty.id}?tab=problems`);
      await page.getByText('No problems posted yet. Something in the way? Post it with “Post a problem”.').waitFor();
    },
  },
  {
    name: 'outcome chain (375 px): on a problem and an idea the chain comes right after the title and status, above the first solution or comment',
    viewport: { width: 375, height: 812 },
    async run({ page, context, fixture }) {
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const problems = await member.call('GET', '/problems?limit=50', undefined, 200);
      const problem = problems.items.find((p) => p.solution_count > 0);
      assert.ok(problem, 'the demo has a problem with solutions');
      // An idea with a long description and a comment under it.
      const space = await member.call('POST', '/spaces', { name: `Forecast pairs ${randomWord(5)}`, purpose: 'Pairing', kind: 'project', visibility: 'private' }, 201);
      const idea = await member.call('POST', `/spaces/${space.id}/ideas`,
        { title: `Pair on the forecast model ${randomWord(5)}`, body: 'Two people look at each change.\n\n'.repeat(12) }, 201);
      await member.call('POST', `/ideas/${idea.id}/comments`, { body: 'Worth a try for a month.' }, 201);
      await signInContext(context, kMember);

      const top = (locator) => locator.boundingBox().then((box) => box.y);
      for (const [path, first] of [
        [`/problems/${problem.id}`, page.getByRole('list', { name: 'Solutions' }).getByRole('article').first()],
        [`/ideas/${idea.id}`, page.getByRole('list', { name: 'Comments' }).getByRole('listitem').first()],
      ]) {
        await page.goto(path);
        const chain = page.getByRole('complementary', { name: 'Outcome chain' });
        await chain.waitFor();
        await first.waitFor();
        const [item, chainTop, firstTop] = await Promise.all([page.locator('.item-layout__head').boundingBox(), top(chain), top(first)]);
        assert.ok(chainTop < firstTop, `${path}: the chain (${chainTop}) is above the first solution or comment (${firstTop})`);
        assert.ok(chainTop >= item.y + item.height, `${path}: the chain comes after the title and status`);
        assert.ok(chainTop - (item.y + item.height) < 40, `${path}: right after them`);
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= 375, `${path}: scrollWidth ${width} > 375`);
      }
    },
  },
  {
    name: 'one content width: at 1400 px "Your work" is a sidebar right of the feed, which is as wide as a post page; at 375 px one column',
    viewport: { width: 1400, height: 900 },
    async run({ page, context, fixture }) {
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const post = await member.call('POST', '/posts', { body: `Heald wire sizes ${randomWord(5)}`, audience: 'public' }, 201);
      await signInContext(context, kMember);
      const box = (selector) => page.locator(selector).first().boundingBox();

      await page.goto('/');
      await page.locator('.agenda[data-loaded="true"]').waitFor();
      await page.getByRole('list', { name: 'Home feed' }).getByRole('article').first().waitFor();
      let [feed, sidebar] = [await box('.home-feed'), await box('.agenda')];
      assert.ok(sidebar.x >= feed.x + feed.width, `the sidebar (x ${sidebar.x}) is right of the feed (ends at ${feed.x + feed.width})`);
      assert.ok(Math.abs(sidebar.y - feed.y) < 2, 'side by side, level at the top');
      const mainWidth = feed.width;

      await page.goto(`/posts/${post.id}`);
      await page.getByRole('heading', { level: 1, name: 'Conversation' }).waitFor();
      const thread = await box('.page--feed');
      assert.ok(Math.abs(thread.width - mainWidth) < 2, `a post page is as wide as the home feed (${thread.width} vs ${mainWidth})`);
      assert.ok(Math.abs(thread.x - feed.x) < 2, 'and starts where it does');

      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto('/');
      await page.locator('.agenda[data-loaded="true"]').waitFor();
      [feed, sidebar] = [await box('.home-feed'), await box('.agenda')];
      assert.ok(sidebar.y + sidebar.height <= feed.y, '"Your work" is above the feed on a phone');
      assert.ok(Math.abs(sidebar.x - feed.x) < 2 && Math.abs(sidebar.width - feed.width) < 2, 'in one column');
    },
  },
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
  {
    name: 'no sideways scroll (375 px): every page the accessibility journey visits fits a phone, for a member, an admin and someone signed out',
    viewport: { width: 375, height: 812 },
    timeoutMs: 180_000,
    async run({ page, context, fixture }) {
      const ids = await demoIds(fixture);
      const offenders = [];
      const visit = async (on, pages, who) => {
        for (const { name, path, ready } of pages) {
          await on.goto(path);
          await settle(on, ready);
          const width = await on.evaluate(() => document.scrollingElement.scrollWidth);
          if (width > 375) {
            // Name the widest element that sticks out, to say where to look.
            const culprit = await on.evaluate(() => {
              let worst = null;
              for (const element of document.body.querySelectorAll('*')) {
                const right = element.getBoundingClientRect().right;
                if (right > 375 && (!worst || right > worst.right)) worst = { right, what: element.outerHTML.slice(0, 100) };
              }
              return worst ? `${Math.round(worst.right)} px: ${worst.what}` : '';
            });
            offenders.push(`${name} (${path}) as ${who}: scrollWidth ${width} — ${culprit}`);
          }
        }
      };

      await visit(page, [{ name: 'sign in', path: '/signin' }], 'someone signed out');
      await signInContext(context, kMember);
      await visit(page, memberPages(ids), 'a member');
      // Long words that do not break by themselves: a space's name and a problem's title.
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const long = `Loom${'w'.repeat(60)}${randomWord(4)}`;
      const space = await member.call('POST', '/spaces', { name: long, purpose: long, kind: 'project', visibility: 'private' }, 201);
      const problem = await member.call('POST', `/spaces/${space.id}/problems`, { title: long, body: long }, 201);
      await visit(page, [
        { name: 'long names: space', path: `/spaces/${space.id}?tab=problems` },
        { name: 'long names: problem', path: `/problems/${problem.id}` },
        { name: 'long names: problems', path: `/problems?space=${space.id}` },
      ], 'a member');
      const adminContext = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 375, height: 812 } });
      try {
        await signInContext(adminContext, kAdmin);
        await visit(await adminContext.newPage(), adminPages(ids), 'an admin');
      } finally {
        await adminContext.close();
      }
      assert.deepEqual(offenders, [], `pages that scroll sideways on a phone:\n${offenders.join('\n')}`);
    },
  },
];
