// Browser journeys of accessibility: axe-core looks at every page of Weft — as the demo member,
// as the demo admin for the admin pages, signed out, on a phone and in the dark palette — and the
// journey fails on any serious or critical violation, listing page, rule, impact, an element and
// the rule's help for each.

import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { ApiClient } from './api.mjs';
import { kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

const require = createRequire(import.meta.url);
// Loaded into every document of the context from outside the page, so the page's
// Content-Security-Policy (no inline scripts) stays as it is.
export const kAxePath = require.resolve('axe-core/axe.min.js');
const kPhone = { width: 375, height: 812 };

/** Waits until a page has its content: its heading, and no "Loading…" left anywhere on it. */
export async function settle(page, ready) {
  await page.locator('h1').first().waitFor();
  if (ready) await ready(page);
  await page.waitForFunction(() => !/Loading[^\n]*…/.test(document.body.innerText), undefined, { timeout: 10_000 });
  // Charts and late lists render a frame after their data arrives.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Serious and critical axe violations on the page as it stands, one entry per element. */
export async function axeViolations(page, where) {
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.replace(/\s+/g, ' ').slice(0, 160) })),
      }));
  });
  return violations.flatMap((v) => v.nodes.map(({ target, html }) => ({ where, id: v.id, impact: v.impact, help: v.help, target, html })));
}

/** Visits each page, runs axe, and gathers what it finds (the journey fails once, at the end). */
async function audit(page, pages, found, note, suffix = '') {
  for (const { name, path, ready, after } of pages) {
    await page.goto(path);
    await settle(page, ready);
    if (after) await after(page);
    const where = `${name}${suffix} (${path})`;
    const violations = await axeViolations(page, where);
    if (violations.length) note(`${where}: ${violations.length} serious/critical`);
    found.push(...violations);
  }
}

function report(found) {
  if (!found.length) return;
  const byRule = new Map();
  for (const v of found) byRule.set(v.id, (byRule.get(v.id) ?? 0) + 1);
  const summary = [...byRule].map(([id, n]) => `${id} ×${n}`).join(', ');
  const lines = found.map((v) => `${v.where}: ${v.id} [${v.impact}] ${v.target} — ${v.help}\n    ${v.html}`);
  throw new Error(`${found.length} serious or critical accessibility violations (${summary}):\n${lines.join('\n')}`);
}

async function newAuditedContext(context, options = {}) {
  const other = await context.browser().newContext(options);
  await other.addInitScript({ path: kAxePath });
  other.setDefaultTimeout(10_000);
  return other;
}

/** Real ids from the demo data (and a topic, a record and a webhook made for the occasion). Also used by
 *  the journey that looks for pages scrolling sideways on a phone (front_door.mjs). */
export async function demoIds(fixture) {
  const tag = randomWord(6);
  const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
  const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
  const me = member.person;
  const people = await member.call('GET', '/people?limit=20', undefined, 200);
  const person = people.items.find((p) => p.id !== me.id);
  const spaces = await member.call('GET', '/spaces?mine=true', undefined, 200);
  const space = spaces.items.find((s) => s.my_role === 'owner') ?? spaces.items[0];
  const problems = await member.call('GET', '/problems?limit=50', undefined, 200);
  const problem = problems.items.find((p) => p.solution_count > 0) ?? problems.items[0];
  const ideas = await member.call('GET', '/ideas?limit=50', undefined, 200);
  const idea = ideas.items.find((i) => i.comment_count > 0) ?? ideas.items[0];
  const proposals = await member.call('GET', '/proposals?limit=50', undefined, 200);
  const proposal = proposals.items.find((p) => p.status === 'open') ?? proposals.items[0];
  const closed = proposals.items.find((p) => p.status === 'closed');
  const feed = await member.call('GET', '/feed?limit=100', undefined, 200);
  const thread = feed.items.find((p) => p.reply_count > 0) ?? feed.items[0];
  const reshare = feed.items.find((p) => p.reshare_of);
  const topic = `inclusive${tag}`;
  const post = await member.call('POST', '/posts', { body: `Captions on every video from now on #${topic}`, audience: 'public' }, 201);
  const record = await member.call('PUT', '/records',
    { system: 'support', type: 'case', external_id: `A11Y-${tag.toUpperCase()}`, title: `Screen reader cannot reach the menu ${tag}`,
      fields: { severity: 'high', reporter: kMember.name } }, 201);
  const webhook = await admin.call('POST', '/webhooks',
    { url: 'http://127.0.0.1:9/weft', events: ['problem.resolved'], secret: `whsec_${crypto.randomBytes(32).toString('base64')}` }, 201);
  const wikiParent = await member.call('POST', `/spaces/${space.id}/pages`,
    { title: `Team handbook ${tag}`, body: '## How we work\n\nWe write things down.' }, 201);
  const wiki = await member.call('POST', `/spaces/${space.id}/pages`,
    { title: `Onboarding ${tag}`, body: 'Day one: **meet the team**.\n\n- laptop\n- badge', parent_id: wikiParent.id }, 201);
  // The page links to the work it is about, and the handbook to it: each shows "Linked from pages".
  await member.call('PUT', `/pages/${wiki.id}`,
    { title: wiki.title,
      body: 'Day one: **meet the team** and your buddy.\n\n- laptop\n- badge\n- [the handbook](/spaces)\n\n'
        + `Read [the problem](/problems/${problem.id}), [the idea](/ideas/${idea.id}), [the proposal](/proposals/${proposal.id}) `
        + `and [the case](/records/${record.id}).`,
      summary: 'Buddies' },
    200, { 'If-Match': `"${wiki.revision}"` });
  await member.call('PUT', `/pages/${wikiParent.id}`,
    { title: wikiParent.title, body: `## How we work\n\nWe write things down. Start with [onboarding](/pages/${wiki.id}).`, summary: 'Link' },
    200, { 'If-Match': `"${wikiParent.revision}"` });
  // Moderation: someone else's post reported by the member (once: 409 the second time), and a post of
  // the member's hidden by the admin, which the member still sees, marked.
  const reported = feed.items.find((p) => p.author.id !== me.id);
  if (reported) await member.call('POST', `/posts/${reported.id}/reports`, { reason: 'Checking the moderation pages' }, [201, 409]);
  const hidden = await member.call('POST', '/posts', { body: `A post a moderator hid ${tag}`, audience: 'public' }, 201);
  await admin.call('POST', `/posts/${hidden.id}/hide`, { reason: 'Hidden to check how its author sees it' }, 204);
  return { wiki, me, person, space, problem, idea, proposal, closed, thread, cascadeOf: reshare?.reshare_of ?? post.id, topic, post,
    record, webhook, admin, hidden };
}

/** Waits for "Linked from pages", loading the page again while the links are still being indexed. */
async function backlinksShown(page) {
  for (let tries = 0; ; tries++) {
    try {
      await page.getByTestId('backlinks').waitFor({ timeout: 1_500 });
      return;
    } catch (error) {
      if (tries >= 6) throw error;
      await page.reload();
      await page.locator('h1').first().waitFor();
    }
  }
}

export function memberPages(ids) {
  const profile = `/people/${ids.person.id}`;
  const space = `/spaces/${ids.space.id}`;
  return [
    { name: 'home', path: '/', ready: (page) => page.locator('.agenda[data-loaded="true"]').waitFor() },
    { name: 'people', path: '/people' },
    { name: 'profile: work', path: profile },
    { name: 'profile: posts', path: `${profile}?tab=posts` },
    { name: 'profile: followers', path: `${profile}?tab=followers` },
    { name: 'profile: following', path: `${profile}?tab=following` },
    { name: 'own profile', path: `/people/${ids.me.id}?tab=posts` },
    { name: 'spaces', path: '/spaces' },
    { name: 'space: feed', path: space },
    { name: 'space: problems', path: `${space}?tab=problems` },
    { name: 'space: ideas', path: `${space}?tab=ideas` },
    { name: 'space: proposals', path: `${space}?tab=proposals` },
    // With the import form open, so it is looked at too.
    { name: 'space: pages', path: `${space}?tab=pages`, ready: async (page) => {
      await page.locator('.page-tree').waitFor();
      await page.getByRole('button', { name: 'Import Markdown' }).click();
      await page.locator('form#import-pages').waitFor();
    } },
    { name: 'space: members', path: `${space}?tab=members` },
    { name: 'page', path: `/pages/${ids.wiki.id}`, ready: async (page) => {
      await page.locator('.breadcrumb__list a').nth(1).waitFor();
      await backlinksShown(page);
    } },
    { name: 'page: edit', path: `/pages/${ids.wiki.id}/edit`, ready: (page) => page.locator('.page-editor__preview-body .post-body').waitFor() },
    { name: 'page: history', path: `/pages/${ids.wiki.id}/history`, ready: (page) => page.locator('.page-diff__line').first().waitFor() },
    { name: 'problem', path: `/problems/${ids.problem.id}`, ready: backlinksShown },
    { name: 'idea', path: `/ideas/${ids.idea.id}`, ready: backlinksShown },
    { name: 'proposal', path: `/proposals/${ids.proposal.id}`, ready: backlinksShown },
    ...(ids.closed && ids.closed.id !== ids.proposal.id ? [{ name: 'closed proposal', path: `/proposals/${ids.closed.id}` }] : []),
    { name: 'thread', path: `/posts/${ids.thread.id}` },
    // With the Report dialog open on someone else's post, when the thread has one.
    { name: 'thread: report dialog', path: `/posts/${ids.thread.id}`, after: async (page) => {
      const report = page.locator('[data-action="report"]').first();
      if ((await report.count()) === 0) return;
      await report.click();
      await page.getByRole('dialog').waitFor();
    } },
    { name: 'own hidden post', path: `/posts/${ids.hidden.id}`, ready: (page) => page.getByTestId('hidden-notice').waitFor() },
    { name: 'moderation', path: '/moderation' },
    { name: 'cascade', path: `/posts/${ids.cascadeOf}/cascade` },
    { name: 'topic', path: `/topics/${ids.topic}` },
    { name: 'search', path: '/search?q=forecast', ready: (page) => page.locator('.search-hit').first().waitFor() },
    { name: 'notifications', path: '/notifications' },
    { name: 'records', path: '/records' },
    { name: 'record', path: `/records/${ids.record.id}`, ready: backlinksShown },
    { name: 'expertise', path: '/expertise?q=PostgreSQL' },
    { name: 'analytics: outcomes', path: '/analytics' },
    { name: 'analytics: network', path: '/analytics/network' },
    { name: 'analytics: engagement', path: '/analytics/engagement' },
    { name: 'problems', path: '/problems' },
    { name: 'ideas', path: '/ideas' },
    { name: 'decisions', path: '/decisions' },
    { name: 'edit profile', path: '/me/edit' },
    { name: 'security', path: '/me/security' },
    { name: 'API tokens', path: '/me/tokens' },
    { name: 'notifications & e-mail', path: '/settings/notifications' },
    { name: 'not found', path: '/no-such-page' },
  ];
}

export function adminPages(ids) {
  return [
    { name: 'admin: people', path: '/admin/people' },
    { name: 'admin: units', path: '/admin/units' },
    { name: 'admin: system', path: '/admin/system' },
    { name: 'admin: integrations', path: '/admin/integrations' },
    { name: 'admin: single sign-on', path: '/admin/sign-in' },
    { name: 'admin: group rules', path: '/admin/group-rules' },
    { name: 'admin: expertise', path: '/admin/expertise' },
    { name: 'admin: e-mail', path: '/admin/mail', ready: (page) => page.getByTestId('mail-outbox-chart').locator('svg').first().waitFor() },
    { name: 'admin: webhook', path: `/admin/webhooks/${ids.webhook.id}` },
    { name: 'admin: audit log', path: '/admin/audit', ready: (page) => page.locator('table.audit-table tbody tr').first().waitFor() },
    { name: 'moderation: open', path: '/moderation' },
    // With the Hide dialog open.
    { name: 'moderation: all', path: '/moderation?state=all', ready: (page) => page.locator('li.moderation-item').first().waitFor(),
      after: async (page) => {
        const hide = page.locator('li.moderation-item').getByRole('button', { name: /^Hide/ }).first();
        if ((await hide.count()) === 0) return;
        await hide.click();
        await page.getByRole('dialog').waitFor();
      } },
    { name: 'moderation: hidden', path: '/moderation?state=hidden', ready: (page) => page.locator('li.moderation-item').first().waitFor() },
  ];
}

const kPhonePages = ['home', 'profile: work', 'space: feed', 'page', 'page: edit', 'page: history', 'problem', 'proposal', 'thread', 'search', 'notifications', 'analytics: outcomes'];
const kDarkPages = ['home', 'profile: work', 'space: ideas', 'page: history', 'proposal', 'thread', 'search', 'record', 'analytics: network'];

export const accessibilityJourneys = [
  {
    name: 'accessibility: axe finds no serious or critical violation on any page, for a member, an admin and someone signed out',
    timeoutMs: 240_000,
    async run({ page, context, fixture }) {
      const found = [];
      const ids = await demoIds(fixture);
      await context.addInitScript({ path: kAxePath });

      // Signed out: the sign-in page, and an e-mail's unsubscribe page before and after a forged link is sent.
      await audit(page, [
        { name: 'sign in', path: '/signin' },
        { name: 'unsubscribe', path: '/unsubscribe?token=1-0-0123456789abcdef0123456789abcdef' },
        { name: 'unsubscribe: a link not valid', path: '/unsubscribe?token=1-0-0123456789abcdef0123456789abcdef',
          after: async (page) => {
            await page.getByRole('button', { name: 'Unsubscribe' }).click();
            await page.getByRole('alert').waitFor();
          } },
      ], found, fixture.note);

      await signInContext(context, kMember);
      const pages = memberPages(ids);
      await audit(page, pages, found, fixture.note);

      // A handful of main pages on a phone.
      await page.setViewportSize(kPhone);
      await audit(page, pages.filter((p) => kPhonePages.includes(p.name)), found, fixture.note, ' at 375 px');
      await page.setViewportSize({ width: 1280, height: 900 });

      // The dark palette (it follows the system setting).
      await page.emulateMedia({ colorScheme: 'dark' });
      await audit(page, pages.filter((p) => kDarkPages.includes(p.name)), found, fixture.note, ' in the dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // The admin pages, as the demo admin.
      const adminContext = await newAuditedContext(context, { baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
      try {
        await signInContext(adminContext, kAdmin);
        const adminPage = await adminContext.newPage();
        await audit(adminPage, adminPages(ids), found, fixture.note);
        await adminPage.emulateMedia({ colorScheme: 'dark' });
        await audit(adminPage, adminPages(ids).slice(0, 3), found, fixture.note, ' in the dark');
      } finally {
        await adminContext.close();
      }

      report(found);
    },
  },
];
