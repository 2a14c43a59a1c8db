// The browser journeys: each test gets a fresh browser context (its own cookies) and the shared
// `fixture` with the server's base URL, seeded people, and helpers.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';

export const kMember = { email: 'member@weft.demo', password: 'weft-demo', name: 'Morgan Lee' };
const kAdmin = { email: 'admin@weft.demo', password: 'weft-demo' };

function randomWord(length) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = '';
  for (let i = 0; i < length; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

/**
 * People created through the API before the journeys run: `subject` (someone to find, follow and
 * endorse) and `editor` (who edits their own profile).
 */
export async function seed(baseURL) {
  const admin = await ApiClient.signedIn(baseURL, kAdmin.email, kAdmin.password);
  const tag = randomWord(6);
  const make = async (first, title, skills) => {
    const password = `e2e-password-${tag}`;
    const email = `${first.toLowerCase()}.${tag}@e2e.test`;
    const name = `${first} Seedling ${tag[0].toUpperCase()}${tag.slice(1)}`;
    const created = await admin.call('POST', '/people', { name, email, password, role: 'member', unit_id: null, title }, 201);
    assert.equal(created.name, name, 'POST /api/v1/people returns the person');
    const self = await ApiClient.signedIn(baseURL, email, password);
    const updated = await self.call('PATCH', '/people/me', { skills }, 200);
    assert.deepEqual(updated.skills.map((s) => s.name).sort(), [...skills].sort(), 'PATCH /api/v1/people/me sets the skills');
    return { id: created.id, name, email, password, skills };
  };
  const uniqueSkill = `Zyth${tag}`;
  const subject = await make('Quinn', 'Loom engineer', [uniqueSkill, 'Tapestry']);
  const editor = await make('Rowan', 'Apprentice', ['Old skill', 'Knotting']);
  return { subject, editor, uniqueSkill, tag };
}

/** Signs the context in through the API (sets its cookie); the app then recovers CSRF via GET /session. */
async function signInContext(context, who) {
  const response = await context.request.post('/api/v1/session', { data: { email: who.email, password: who.password } });
  assert.equal(response.status(), 200, `sign in as ${who.email}`);
}

function followersCount(page) {
  return page.locator('[data-count="followers"]');
}

export const journeys = [
  {
    name: 'sign in: wrong password shows an error, the right one opens the directory',
    async run({ page }) {
      await page.goto('/');
      await page.waitForURL(/\/signin$/);
      await page.getByLabel('E-mail').fill('nobody@weft.demo');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: /./ }).waitFor();

      await page.getByLabel('E-mail').fill(kMember.email);
      await page.getByLabel('Password').fill(kMember.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/people');
      await page.getByRole('navigation', { name: 'Main' }).getByText(kMember.name).waitFor();
      await page.locator('.person-card').first().waitFor();
    },
  },
  {
    name: 'find a person by skill and open the profile',
    async run({ page, context, fixture }) {
      const { subject, uniqueSkill } = fixture.seeded;
      await signInContext(context, kMember);
      await page.goto('/people');
      await page.locator('.person-card').first().waitFor();

      await page.getByLabel('Search people').fill(uniqueSkill.toLowerCase());
      const link = page.getByRole('link', { name: subject.name });
      await link.waitFor();
      assert.equal(await page.locator('.person-card').count(), 1, 'only the seeded person has the unique skill');
      assert.match(page.url(), new RegExp(`q=${uniqueSkill.toLowerCase()}`), 'the search is kept in the URL');

      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('Skill', { exact: true }).fill(uniqueSkill.toUpperCase());
      await page.waitForFunction(() => document.querySelectorAll('.person-card').length === 1);
      await link.waitFor();

      await link.click();
      await page.getByRole('heading', { level: 1, name: subject.name }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/people/${subject.id}`);
      await page.getByRole('link', { name: uniqueSkill }).waitFor();
    },
  },
  {
    name: 'follow a person: button changes, followers count goes up, survives reload',
    async run({ page, context, fixture }) {
      const { subject } = fixture.seeded;
      await signInContext(context, kMember);
      await page.goto(`/people/${subject.id}`);
      await page.getByRole('heading', { level: 1, name: subject.name }).waitFor();
      const before = Number(await followersCount(page).textContent());

      await page.getByRole('button', { name: 'Follow', exact: true }).click();
      await page.getByRole('button', { name: 'Unfollow', exact: true }).waitFor();
      await page.waitForFunction((n) => document.querySelector('[data-count="followers"]')?.textContent === String(n), before + 1);
      await page.getByRole('list', { name: 'Followers' }).getByRole('link', { name: kMember.name }).waitFor();

      await page.reload();
      await page.getByRole('button', { name: 'Unfollow', exact: true }).waitFor();
      assert.equal(Number(await followersCount(page).textContent()), before + 1, 'followers count after reload');
    },
  },
  {
    name: 'endorse a skill: count goes up, and can be withdrawn',
    async run({ page, context, fixture }) {
      const { subject, uniqueSkill } = fixture.seeded;
      await signInContext(context, kMember);
      await page.goto(`/people/${subject.id}`);
      const count = page.locator(`[data-skill-count="${uniqueSkill}"]`);
      await count.waitFor();
      assert.equal(await count.textContent(), '0 endorsements');

      await page.getByRole('button', { name: `Endorse ${uniqueSkill}` }).click();
      await page.getByRole('button', { name: `Withdraw endorsement of ${uniqueSkill}` }).waitFor();
      assert.equal(await count.textContent(), '1 endorsement');

      await page.reload();
      await page.getByRole('button', { name: `Withdraw endorsement of ${uniqueSkill}` }).click();
      await page.getByRole('button', { name: `Endorse ${uniqueSkill}` }).waitFor();
      assert.equal(await count.textContent(), '0 endorsements');
    },
  },
  {
    name: 'edit own profile: title and a skill change and survive reload',
    async run({ page, context, fixture }) {
      const { editor, tag } = fixture.seeded;
      const newTitle = `Master weaver ${tag}`;
      const newSkill = `Jacquard ${tag}`;
      await signInContext(context, editor);
      await page.goto('/people');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: editor.name }).click();
      await page.getByRole('heading', { level: 1, name: editor.name }).waitFor();
      await page.getByRole('link', { name: 'Edit profile' }).click();

      const title = page.getByLabel('Title');
      await title.waitFor();
      await title.fill(newTitle);
      await page.getByRole('button', { name: 'Remove Old skill' }).click();
      await page.getByLabel('Skills', { exact: true }).fill(newSkill);
      await page.getByLabel('Skills', { exact: true }).press('Enter');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile saved.').waitFor();

      await page.reload();
      await page.getByLabel('Title').waitFor();
      assert.equal(await page.getByLabel('Title').inputValue(), newTitle);
      const chips = await page.getByRole('list', { name: 'Current skills' }).locator('li span').allTextContents();
      assert.deepEqual(chips.sort(), ['Knotting', newSkill].sort());

      await page.getByRole('link', { name: 'View profile' }).click();
      await page.getByText(newTitle).waitFor();
      await page.getByRole('link', { name: newSkill }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Old skill' }).count(), 0);
    },
  },
  {
    name: 'sign out: back to sign-in, and the API says 401',
    async run({ page, context }) {
      await signInContext(context, kMember);
      await page.goto('/people');
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/signin');
      const me = await context.request.get('/api/v1/me');
      assert.equal(me.status(), 401, 'GET /api/v1/me after sign out');
      await page.goto('/people');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    },
  },
  {
    name: 'admin: create a unit under a parent, rename it, create a person in it, change a role',
    async run({ page, context, fixture }) {
      const { tag } = fixture.seeded;
      const unitName = `Looms ${tag}`;
      const renamed = `Looms and Frames ${tag}`;
      await signInContext(context, kAdmin);
      await page.goto('/units');
      const tree = page.getByRole('list', { name: 'Units' });
      await tree.getByRole('link').first().waitFor();
      const parentName = (await tree.getByRole('link').first().textContent()).trim();

      await page.getByLabel('Unit name').fill(unitName);
      await page.getByLabel('Parent unit').selectOption({ label: parentName });
      await page.getByRole('button', { name: 'Create unit' }).click();
      await page.getByText(`Created “${unitName}”.`).waitFor();
      const parentItem = tree.locator('li', { has: page.getByRole('link', { name: parentName, exact: true }) }).first();
      await parentItem.locator('.unit-tree__children').getByRole('link', { name: unitName }).waitFor();

      await page.getByRole('button', { name: `Edit ${unitName}` }).click();
      await page.getByLabel(`Name of ${unitName}`).fill(renamed);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await tree.getByRole('link', { name: renamed }).waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Manage people' }).waitFor();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'New person' }) });
      const name = `Sage Tester ${tag}`;
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('E-mail').fill(`sage.${tag}@e2e.test`);
      await form.getByLabel('Initial password').fill('short');
      await form.getByRole('button', { name: 'Create person' }).click();
      await form.getByText('Use at least 8 characters.').waitFor();
      await form.getByLabel('Initial password').fill('long-enough-password');
      await form.getByLabel('Role').selectOption('guest');
      await form.getByLabel('Unit').selectOption({ label: renamed });
      await form.getByLabel('Title').fill('Visiting weaver');
      await form.getByRole('button', { name: 'Create person' }).click();
      await form.getByRole('link', { name }).waitFor();

      // The same e-mail again is a 409 shown next to the e-mail field or on the form.
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('E-mail').fill(`sage.${tag}@e2e.test`);
      await form.getByLabel('Initial password').fill('long-enough-password');
      await form.getByRole('button', { name: 'Create person' }).click();
      await form.locator('.field__error, .alert--error').first().waitFor();

      await page.getByLabel('Find a person').fill(`sage ${tag}`);
      const row = page.locator('.admin-row', { has: page.getByRole('link', { name }) });
      await row.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.admin-row').length === 1);
      await row.getByLabel(`Role of ${name}`).selectOption('member');
      await row.getByRole('button', { name: `Save changes to ${name}` }).click();
      await row.getByText('Saved.').waitFor();

      await row.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByRole('link', { name: renamed }).waitFor();
      assert.equal(await page.locator('.badge--guest').count(), 0, 'no longer a guest');
    },
  },
  {
    name: 'narrow screen (375 px): directory and profile fit, menu collapses',
    viewport: { width: 375, height: 812 },
    async run({ page, context, fixture }) {
      await signInContext(context, kMember);
      await page.goto('/people');
      await page.locator('.person-card').nth(5).waitFor();
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.waitFor();
      assert.equal(await page.getByRole('link', { name: 'Units' }).isVisible(), false, 'nav collapsed behind Menu');
      const shot = path.join(fixture.artifactsDir, 'people-375.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 375, `people directory scrollWidth ${width} > 375`);

      await menu.click();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      await page.getByRole('link', { name: 'Units' }).waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'Escape closes the menu');

      await page.goto(`/people/${fixture.seeded.subject.id}`);
      await page.getByRole('heading', { level: 1, name: fixture.seeded.subject.name }).waitFor();
      const profileWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(profileWidth <= 375, `profile scrollWidth ${profileWidth} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'profile-375.png'), fullPage: true });
    },
  },
];
