// The browser journeys: each test gets a fresh browser context (its own cookies) and the shared
// `fixture` with the server's base URL, seeded people, and helpers.

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiClient, fetchRetryingBusy } from './api.mjs';

export const kMember = { email: 'member@weft.demo', password: 'weft-demo', name: 'Morgan Lee' };
export const kAdmin = { email: 'admin@weft.demo', password: 'weft-demo' };

export function randomWord(length) {
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
export async function signInContext(context, who) {
  const deadline = Date.now() + 30_000;
  let response = await context.request.post('/api/v1/session', { data: { email: who.email, password: who.password } });
  // 503: the store was busy past its timeout; try again until the deadline.
  while (response.status() === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    response = await context.request.post('/api/v1/session', { data: { email: who.email, password: who.password } });
  }
  assert.equal(response.status(), 200, `sign in as ${who.email}`);
}

/** A new member created through the API as admin, for journeys that change credentials. */
export async function freshPerson(fixture, first) {
  const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
  const tag = randomWord(6);
  const email = `${first.toLowerCase()}.${tag}@e2e.test`;
  const name = `${first} Keyholder ${tag[0].toUpperCase()}${tag.slice(1)}`;
  const password = `first-password-${tag}`;
  const created = await admin.call('POST', '/people', { name, email, password, role: 'member', unit_id: null, title: '' }, 201);
  return { id: created.id, name, email, password, tag };
}

/** POST /api/v1/session from Node; returns the status. */
export async function signInStatus(fixture, email, password) {
  const response = await fetchRetryingBusy(`${fixture.baseURL}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Fills the sign-in form and submits it. */
export async function signInWithForm(page, email, password) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The error shown for a form control: the element its aria-describedby names, once it is invalid. */
export async function fieldError(control) {
  await control.and(control.page().locator('[aria-invalid="true"]')).waitFor();
  const id = await control.getAttribute('aria-describedby');
  return (await control.page().locator(`[id="${id}"]`).textContent()).trim();
}

/**
 * The document's title once it reads `expected`. The app sets the title in an effect that runs
 * after the new page has painted, so a heading can be visible a moment before the title follows.
 */
export async function pageTitle(page, expected, timeout = 5000) {
  try {
    await page.waitForFunction((want) => document.title === want, expected, { timeout });
  } catch {
    // Fall through: the assertion below names what the title was instead.
  }
  return page.title();
}

/** Clicks a download link and reads what the browser saved: its suggested name and its JSON lines. */
async function downloadJsonLines(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const failure = await download.failure();
  assert.equal(failure, null, `download failed: ${failure}`);
  const text = await fs.readFile(await download.path(), 'utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line);
    } catch (error) {
      throw new Error(`line ${i + 1} of the export is not JSON: ${line.slice(0, 120)}`);
    }
  });
  return { filename: download.suggestedFilename(), lines: parsed };
}

const kExportName = /^weft-.+-\d{4}-\d\d-\d\d\.jsonl$/;

function followersCount(page) {
  return page.locator('[data-count="followers"]');
}

export const journeys = [
  {
    name: 'sign in: wrong password shows an error, the right one opens the home feed',
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
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      await page.getByRole('navigation', { name: 'Main' }).getByText(kMember.name).waitFor();
      await page.getByLabel('What do you want to share?').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
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
      // The followers list is in its own tab (the count rides in the tab's label).
      await page.getByRole('tab', { name: /^Followers/ }).click();
      await page.waitForURL(/[?&]tab=followers/);
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
    name: "a person's profile opens on their record of work: the problem they solved linked, their idea adopted; Followers is a tab of its own",
    async run({ page, context, fixture }) {
      // Through the API: in the member's public problem space, a new person's solution is accepted
      // and their idea is moved on to accepted by the owner.
      const tag = randomWord(6);
      const owner = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const solver = await freshPerson(fixture, 'Sol');
      const solverApi = await ApiClient.signedIn(fixture.baseURL, solver.email, solver.password);
      const space = await owner.call(
        'POST',
        '/spaces',
        { name: `Dye works ${tag}`, purpose: 'Colour that lasts', kind: 'problem', visibility: 'public' },
        201,
      );
      await solverApi.call('POST', `/spaces/${space.id}/join`, undefined, [200, 201, 204]);
      const problemTitle = `Indigo fades after washing ${tag}`;
      const problem = await owner.call('POST', `/spaces/${space.id}/problems`, { title: problemTitle, body: 'Blue to grey in three washes.' }, 201);
      const solution = await solverApi.call('POST', `/problems/${problem.id}/solutions`, { body: 'Oxidise longer between dips.' }, 201);
      await owner.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
      const ideaTitle = `A rinse log by the vats ${tag}`;
      const idea = await solverApi.call('POST', `/spaces/${space.id}/ideas`, { title: ideaTitle, body: 'Note every rinse.' }, 201);
      await owner.call('POST', `/ideas/${idea.id}/stage`, { stage: 'under_review', note: 'Worth a look' }, 200);
      await owner.call('POST', `/ideas/${idea.id}/stage`, { stage: 'accepted', note: 'Go ahead' }, 200);

      // Another member opens the solver's profile: the Work tab is the first and chosen one.
      const viewer = await freshPerson(fixture, 'Vera');
      await signInContext(context, viewer);
      await page.goto(`/people/${solver.id}`);
      await page.getByRole('heading', { level: 1, name: solver.name }).waitFor();
      const workTab = page.getByRole('tab', { name: 'Work', exact: true });
      assert.equal(await workTab.getAttribute('aria-selected'), 'true', 'Work is the default tab');
      const counts = page.getByRole('list', { name: 'Record of work in numbers' });
      await counts.getByText('Problems solved 1', { exact: true }).waitFor();
      await counts.getByText('Ideas adopted 1 of 1', { exact: true }).waitFor();
      await counts.getByText('Solutions 1', { exact: true }).waitFor();
      const solved = page.getByRole('list', { name: 'Solved problems' }).getByRole('link', { name: problemTitle });
      assert.equal(await solved.getAttribute('href'), `/problems/${problem.id}`);
      const adopted = page.getByRole('list', { name: 'Ideas adopted' }).getByRole('link', { name: ideaTitle });
      assert.equal(await adopted.getAttribute('href'), `/ideas/${idea.id}`);
      await page.getByText('No decisions taken part in yet.').waitFor();
      await page.getByText('No problems raised yet.').waitFor();

      // Followers is a tab of its own, in the URL; and back to the work.
      await page.getByRole('tab', { name: /^Followers/ }).click();
      await page.waitForURL(/[?&]tab=followers/);
      await page.getByText('No followers yet.').waitFor();
      assert.equal(await counts.count(), 0, 'the work is not shown under Followers');
      await page.reload();
      assert.equal(await page.getByRole('tab', { name: /^Followers/ }).getAttribute('aria-selected'), 'true', 'the tab survives reload');
      await workTab.click();
      await page.waitForURL((url) => !url.searchParams.has('tab'));
      await counts.getByText('Problems solved 1', { exact: true }).waitFor();

      // The problem's title leads to the problem.
      await solved.click();
      await page.getByRole('heading', { level: 1, name: problemTitle }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/problems/${problem.id}`);

      // On a phone the record fits the width.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`/people/${solver.id}`);
      await solved.waitFor();
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'profile-work-375.png'), fullPage: true });
      assert.ok(width <= 375, `profile work scrollWidth ${width} > 375`);
    },
  },
  {
    name: 'a person downloads their own data: a JSON Lines export from their profile; only admins see it on others',
    async run({ page, context, fixture }) {
      const { subject } = fixture.seeded;
      await signInContext(context, kMember);
      const meResponse = await context.request.get('/api/v1/me');
      assert.equal(meResponse.status(), 200);
      const me = await meResponse.json();

      await page.goto('/people');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: kMember.name }).click();
      await page.getByRole('heading', { level: 1, name: kMember.name }).waitFor();
      const link = page.getByRole('link', { name: 'Download my data' });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), `/api/v1/people/${me.id}/export`);
      assert.notEqual(await link.getAttribute('download'), null, 'the link has the download attribute');
      await page.getByText('A JSON Lines file of your profile, posts, problems, solutions, ideas, comments, stances, follows and memberships.').waitFor();

      const { filename, lines } = await downloadJsonLines(page, link);
      assert.match(filename, kExportName);
      assert.ok(lines.length >= 2, `header and at least a profile line, got ${lines.length}`);
      const [header, ...rest] = lines;
      assert.equal(header.type, 'weft-personal-export');
      assert.equal(header.version, 1);
      assert.equal(header.person_id, me.id);
      assert.equal(header.exported_by, me.id);
      const profile = rest.find((line) => line.kind === 'profile');
      assert.ok(profile, `a profile line among kinds ${[...new Set(rest.map((l) => l.kind))].join(', ')}`);
      assert.equal(profile.data.id, me.id);
      for (const line of rest) assert.equal(typeof line.kind, 'string', 'every line after the header has a kind');
      fixture.note(`export ${filename}: ${lines.length} lines`);

      // Someone else's profile: no download link for a member (and the server refuses).
      await page.goto(`/people/${subject.id}`);
      await page.getByRole('heading', { level: 1, name: subject.name }).waitFor();
      await page.getByRole('button', { name: /^(Follow|Unfollow)$/ }).waitFor();
      assert.equal(await page.getByRole('link', { name: /Download/ }).count(), 0, 'no download link on another profile');
      assert.equal((await context.request.get(`/api/v1/people/${subject.id}/export`)).status(), 403);

      // An admin sees it on any profile, and gets that person's export.
      const adminContext = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
      try {
        adminContext.setDefaultTimeout(10_000);
        await signInContext(adminContext, kAdmin);
        const adminPage = await adminContext.newPage();
        const problems = [];
        adminPage.on('pageerror', (error) => problems.push(`admin page uncaught: ${error.message}`));
        await adminPage.goto(`/people/${subject.id}`);
        await adminPage.getByRole('heading', { level: 1, name: subject.name }).waitFor();
        const theirs = adminPage.getByRole('link', { name: "Download this person's data" });
        await theirs.waitFor();
        assert.equal(await theirs.getAttribute('href'), `/api/v1/people/${subject.id}/export`);
        const exported = await downloadJsonLines(adminPage, theirs);
        assert.match(exported.filename, kExportName);
        assert.equal(exported.lines[0].type, 'weft-personal-export');
        assert.equal(exported.lines[0].person_id, subject.id);
        assert.notEqual(exported.lines[0].exported_by, subject.id, 'exported by the admin');
        assert.ok(exported.lines.some((line) => line.kind === 'profile' && line.data.id === subject.id), 'their profile line');
        if (problems.length) throw new Error(problems.join('\n'));
      } finally {
        await adminContext.close();
      }
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
    name: 'change own password: wrong current one is refused, then old password fails and new one works',
    async run({ page, fixture }) {
      const person = await freshPerson(fixture, 'Avery');
      const newPassword = `second-password-${person.tag}`;
      await page.goto('/signin');
      await signInWithForm(page, person.email, person.password);
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: person.name }).click();
      await page.getByRole('link', { name: 'Edit profile' }).click();
      await page.getByRole('link', { name: 'Password and security' }).click();
      await page.getByRole('heading', { level: 1, name: 'Password and security' }).waitFor();
      const current = page.getByLabel('Current password');
      const fresh = page.getByLabel('New password', { exact: true });
      const confirm = page.getByLabel('Confirm new password');
      const submit = page.getByRole('button', { name: 'Change password' });

      // The server refuses a wrong current password; the error sits under that field.
      await current.fill('not-my-password');
      await fresh.fill(newPassword);
      await confirm.fill(newPassword);
      await submit.click();
      assert.match(await fieldError(current), /current password/i, 'error next to Current password');

      // The confirmation is checked before anything is sent.
      await current.fill(person.password);
      await confirm.fill(`${newPassword}x`);
      await submit.click();
      assert.equal(await fieldError(confirm), 'The two new passwords do not match.');
      await fresh.fill('short');
      await submit.click();
      assert.equal(await fieldError(fresh), 'Use at least 8 characters.');

      await fresh.fill(newPassword);
      await confirm.fill(newPassword);
      await submit.click();
      await page.getByRole('status').getByText('Password changed.').waitFor();
      assert.equal(await current.inputValue(), '', 'the form is cleared after success');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signInWithForm(page, person.email, person.password);
      await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/signin', 'the old password no longer signs in');

      await signInWithForm(page, person.email, newPassword);
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByText(person.name).waitFor();
    },
  },
  {
    name: 'API token (375 px): create in the UI, it works as Bearer, revoke it and it is refused',
    viewport: { width: 375, height: 812 },
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Blake');
      const tokenName = `Backup script ${person.tag}`;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixture.baseURL });
      await signInContext(context, person);
      await page.goto('/people');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      await page.getByText('You have no API tokens.').waitFor();
      assert.equal(await page.getByRole('checkbox', { name: 'Admin' }).count(), 0, 'admin scope not offered to members');
      assert.equal(await page.getByRole('checkbox', { name: 'Read' }).isChecked(), true, 'read is ticked by default');

      const nameField = page.getByLabel('Token name');
      await page.getByRole('button', { name: 'Create token' }).click();
      assert.match(await fieldError(nameField), /name/i, 'a token needs a name');
      await nameField.fill(tokenName);
      await page.getByRole('checkbox', { name: 'Write' }).check();
      await page.getByRole('button', { name: 'Create token' }).click();

      const secret = page.getByRole('textbox', { name: 'Your new token' });
      await secret.waitFor();
      const token = await secret.inputValue();
      assert.ok(/^\S{20,}$/.test(token), `token looks like a secret: ${token}`);
      await page.getByText('you will not see it again', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'Copy puts the token on the clipboard');

      const row = page.getByRole('list', { name: 'Your tokens' }).getByRole('listitem').filter({ hasText: tokenName });
      await row.getByText('Never used').waitFor();
      const scopes = await row.getByRole('list', { name: `Scopes of ${tokenName}` }).getByRole('listitem').allTextContents();
      assert.deepEqual(scopes, ['Read', 'Write']);
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 375, `tokens page scrollWidth ${width} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'tokens-375.png'), fullPage: true });

      const callMe = () => fetch(`${fixture.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      const ok = await callMe();
      assert.equal(ok.status, 200, 'GET /api/v1/me with the new token');
      const me = await ok.json();
      assert.equal(me.id, person.id, 'the token acts as its creator');

      await page.reload();
      await row.getByText('Last used').waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Your new token' }).count(), 0, 'the secret is not shown again');

      await page.getByRole('button', { name: `Revoke ${tokenName}` }).click();
      await row.getByText('Anything using it stops working at once.').waitFor();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await page.getByText(`Revoked “${tokenName}”.`).waitFor();
      assert.equal(await row.count(), 0, 'the revoked token left the list');

      const refused = await callMe();
      assert.equal(refused.status, 401, 'GET /api/v1/me with the revoked token');
      await refused.arrayBuffer();
    },
  },
  {
    name: 'admin: reset a person\'s password, and they sign in with it',
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Casey');
      const newPassword = `reset-password-${person.tag}`;
      await signInContext(context, kAdmin);
      await page.goto('/me/tokens');
      await page.getByRole('checkbox', { name: 'Admin' }).waitFor();

      await page.goto('/admin/people');
      await page.getByLabel('Find a person').fill(person.name);
      const row = page.locator('.admin-row', { has: page.getByRole('link', { name: person.name }) });
      await row.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.admin-row').length === 1);
      await row.getByRole('button', { name: `Reset password of ${person.name}` }).click();
      const field = row.getByLabel(`New password for ${person.name}`);
      await field.fill('short');
      await row.getByRole('button', { name: 'Set password', exact: true }).click();
      assert.equal(await fieldError(field), 'Use at least 8 characters.');
      await field.fill(newPassword);
      await row.getByRole('button', { name: 'Set password', exact: true }).click();
      await row.getByText('Password reset.', { exact: false }).waitFor();
      assert.equal(await field.count(), 0, 'the reset form closes');
      assert.equal(await signInStatus(fixture, person.email, person.password), 401, 'old password refused');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signInWithForm(page, person.email, newPassword);
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByText(person.name).waitFor();
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
      // The re-render is asynchronous: wait for it rather than reading the attribute at once.
      await page.locator('.menu-toggle[aria-expanded="false"]').waitFor({ timeout: 2_000 }).catch(() => undefined);
      assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'Escape closes the menu');

      await page.goto(`/people/${fixture.seeded.subject.id}`);
      await page.getByRole('heading', { level: 1, name: fixture.seeded.subject.name }).waitFor();
      const profileWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(profileWidth <= 375, `profile scrollWidth ${profileWidth} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'profile-375.png'), fullPage: true });

      await page.goto('/me/security');
      await page.getByRole('heading', { level: 1, name: 'Password and security' }).waitFor();
      const securityWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(securityWidth <= 375, `security page scrollWidth ${securityWidth} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'security-375.png'), fullPage: true });
    },
  },
];
