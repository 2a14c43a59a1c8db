// Browser journeys of rights that end (docs/design/hardening.md): an administrator deactivates a
// person, whose open browser is signed out and who cannot sign in until reactivated; API tokens
// with an expiry, listed and revoked by an administrator; invitations to a space by e-mail, and
// adding someone one can no longer see.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient, fetchRetryingBusy } from './api.mjs';
import { fieldError, freshPerson, kAdmin, kMember, randomWord, signInContext, signInStatus, signInWithForm } from './journeys.mjs';

const kDayMs = 86_400_000;

function client(fixture, who) {
  return ApiClient.signedIn(fixture.baseURL, who.email, who.password);
}

/**
 * A second browser context (another person) whose uncaught page errors fail the test too. With
 * `who` it is signed in through the API; without, it starts signed out.
 */
async function secondPage(context, fixture, who = null) {
  const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
  other.setDefaultTimeout(10_000);
  if (who) await signInContext(other, who);
  const page = await other.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`second page uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`second page CSP: ${message.text()}`);
  });
  return {
    page,
    context: other,
    check() {
      if (problems.length) throw new Error(problems.join('\n'));
    },
    close: () => other.close(),
  };
}

/** Calls `attempt` until it returns true, reloading `page` between tries, until `ms` have passed. */
async function eventually(page, attempt, what, ms = 8_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await attempt()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${ms} ms`);
    await page.reload();
  }
}

/** GET /api/v1/me with a bearer token: its status. */
async function bearerStatus(fixture, token) {
  const response = await fetchRetryingBusy(`${fixture.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

/** The admin page's row for `person`, found by search. */
async function adminRow(page, person) {
  await page.getByLabel('Find a person').fill(person.name);
  const row = page.locator(`.admin-row[data-person-id="${person.id}"]`);
  await row.waitFor();
  return row;
}

/** Milliseconds between an RFC 3339 time and `expected` (a Date). */
function offBy(iso, expected) {
  return Math.abs(new Date(iso).getTime() - expected.getTime());
}

export const hardeningJourneys = [
  {
    name: 'admin: the system page names the store and shows every view catching up with a new post',
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Sysla');
      const self = await client(fixture, person);
      await signInContext(context, kAdmin);
      await page.goto('/admin/people');
      await page.getByRole('link', { name: 'System status' }).click();
      await page.getByRole('heading', { level: 1, name: 'System' }).waitFor();
      const store = (await page.getByTestId('system-store').textContent()).trim();
      assert.equal(store, process.env.WEFT_E2E_POSTGRES_URL ? 'PostgreSQL' : 'SQLite (embedded)');
      assert.equal((await page.getByTestId('system-nodes').textContent()).trim(), '1');
      const table = page.getByRole('table', { name: 'Views derived from the activity log' });
      for (const view of ['notifications', 'timelines', 'search', 'realtime']) {
        await table.locator(`tr[data-view="${view}"]`).waitFor();
        assert.equal(await table.locator(`tr[data-view="${view}"] td`).nth(1).textContent(), 'this node');
      }
      // A new post: the page refreshes itself until every view has handled it.
      await self.call('POST', '/posts', { body: 'Something for the views to handle', audience: 'public' }, 201);
      const newest = Number(await page.locator('.facts dd').nth(2).textContent());
      await page.waitForFunction((before) => {
        const rows = [...document.querySelectorAll('tr[data-view]')];
        const newestNow = Number(document.querySelectorAll('.facts dd')[2]?.textContent);
        return newestNow > before && rows.every((row) => row.querySelectorAll('td')[3].textContent === '0');
      }, newest, { timeout: 15_000 });
      const chart = page.getByRole('img').filter({ hasText: 'events behind' });
      assert.match(await chart.locator('title').textContent(), /Search index: 0 events behind/);
      await page.screenshot({ path: `${fixture.artifactsDir}/admin-system.png`, fullPage: true });
    },
  },
  {
    name: 'admin: deactivate a member — their open browser is signed out, they cannot sign in — then reactivate them',
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Ellis');
      const self = await client(fixture, person);
      const { token } = await self.call('POST', '/tokens', { name: 'Nightly report', scopes: ['read'] }, 201);
      assert.equal(await bearerStatus(fixture, token), 200, 'the token works before deactivation');

      // The member, in their own browser, with the stream open.
      const them = await secondPage(context, fixture);
      try {
        await them.page.goto('/signin');
        await signInWithForm(them.page, person.email, person.password);
        await them.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        await them.page.locator('.notify-badge[data-stream="live"]').waitFor({ state: 'attached' });

        // The admin finds them; their own row cannot be deactivated.
        const admin = await client(fixture, kAdmin);
        await signInContext(context, kAdmin);
        await page.goto('/admin/people');
        await page.getByRole('heading', { level: 1, name: 'Manage people' }).waitFor();
        const own = await adminRow(page, admin.person);
        assert.ok(await own.getByRole('button', { name: `Deactivate ${admin.person.name}` }).isDisabled(), 'no deactivating oneself');

        const row = await adminRow(page, person);
        assert.equal(await row.getAttribute('data-active'), 'true');
        const deactivate = row.getByRole('button', { name: `Deactivate ${person.name}` });

        // Deactivating asks first; Cancel changes nothing and gives the focus back.
        await deactivate.click();
        const question = row.getByRole('group', { name: /^Deactivate .*\? They are signed out everywhere/ });
        await question.waitFor();
        await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, deactivate');
        await question.getByRole('button', { name: 'Cancel' }).click();
        await question.waitFor({ state: 'detached' });
        await page.waitForFunction((name) => document.activeElement?.getAttribute('aria-label') === `Deactivate ${name}`, person.name);
        assert.equal(await row.getAttribute('data-active'), 'true', 'Cancel leaves the person active');

        await deactivate.click();
        await question.getByRole('button', { name: 'Yes, deactivate' }).click();
        await row.getByRole('status').getByText(`${person.name} is deactivated`).waitFor();
        await row.locator('.badge', { hasText: 'Deactivated' }).waitFor();
        assert.equal(await row.getAttribute('data-active'), 'false');
        await row.getByRole('button', { name: `Reactivate ${person.name}` }).waitFor();
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'admin-deactivated.png'), fullPage: true });

        // Their open browser is signed out on its next request (its stream, closed by the server,
        // makes one at once), and their credentials are gone.
        await them.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        await them.page.getByText('Your session has ended. Please sign in again.').waitFor();
        assert.equal((await them.context.request.get('/api/v1/me')).status(), 401, 'the old session cookie is refused');
        assert.equal(await bearerStatus(fixture, token), 401, 'their token was revoked');

        // They cannot sign in again: the same answer as a wrong password.
        await signInWithForm(them.page, person.email, person.password);
        await them.page.getByRole('alert').getByText('Wrong e-mail or password.').waitFor();
        assert.equal(new URL(them.page.url()).pathname, '/signin');
        assert.equal(await signInStatus(fixture, person.email, person.password), 401);

        // Reactivated, they sign in; the revoked token stays revoked.
        await row.getByRole('button', { name: `Reactivate ${person.name}` }).click();
        await row.getByRole('status').getByText(`${person.name} is active again`).waitFor();
        assert.equal(await row.getAttribute('data-active'), 'true');
        assert.equal(await row.locator('.badge', { hasText: 'Deactivated' }).count(), 0, 'the mark is gone');
        await page.reload();
        assert.equal(await (await adminRow(page, person)).getAttribute('data-active'), 'true', 'active after reload');

        await signInWithForm(them.page, person.email, person.password);
        await them.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        await them.page.getByRole('navigation', { name: 'Main' }).getByText(person.name).waitFor();
        assert.equal(await bearerStatus(fixture, token), 401, 'reactivation does not bring tokens back');
        them.check();
      } finally {
        await them.close();
      }
    },
  },
  {
    name: 'API token with a 30-day expiry: the member sees when it expires; an admin lists and revokes that person\'s tokens',
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Devon');
      const monthly = `Monthly export ${person.tag}`;
      const dated = `Audit script ${person.tag}`;
      await signInContext(context, person);
      await page.goto('/me/tokens');
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      await page.getByText('You have no API tokens.').waitFor();

      // 30 days.
      const expires = page.getByLabel('Expires');
      await page.getByLabel('Token name').fill(monthly);
      await expires.selectOption({ label: 'In 30 days' });
      await page.getByText(/^It stops working on /).waitFor();
      const before = new Date();
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = page.getByRole('textbox', { name: 'Your new token' });
      await secret.waitFor();
      const monthlyToken = await secret.inputValue();
      await page.locator('.token-reveal').getByText('It stops working on').waitFor();
      const tokens = page.getByRole('list', { name: 'Your tokens' });
      const monthlyRow = tokens.getByRole('listitem').filter({ hasText: monthly });
      const monthlyExpiry = monthlyRow.locator('.token-row__expiry');
      await monthlyExpiry.getByText(/^Expires /).waitFor();
      const monthlyAt = await monthlyExpiry.locator('time').getAttribute('datetime');
      assert.ok(offBy(monthlyAt, new Date(before.getTime() + 30 * kDayMs)) < 10 * 60_000, `expires in 30 days: ${monthlyAt}`);
      assert.equal(await monthlyExpiry.getAttribute('data-expires-at'), monthlyAt);

      // A chosen day: one in the past is refused before anything is sent.
      await page.getByRole('button', { name: 'Done, I have copied it' }).click();
      await page.getByLabel('Token name').fill(dated);
      await expires.selectOption({ label: 'On a date…' });
      const day = page.getByLabel('Expiry date');
      await day.fill('2020-01-01');
      await page.getByRole('button', { name: 'Create token' }).click();
      assert.equal(await fieldError(day), 'Choose a day in the future.');
      const chosen = new Date(Date.now() + 400 * kDayMs).toISOString().slice(0, 10);
      await day.fill(chosen);
      await page.getByRole('button', { name: 'Create token' }).click();
      await secret.waitFor();
      const datedToken = await secret.inputValue();
      const datedRow = tokens.getByRole('listitem').filter({ hasText: dated });
      const datedAt = await datedRow.locator('.token-row__expiry time').getAttribute('datetime');
      const localDay = await page.evaluate((iso) => {
        const d = new Date(iso);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      }, datedAt);
      assert.equal(localDay, chosen, 'the token stops at the end of the chosen day');
      assert.equal(await bearerStatus(fixture, monthlyToken), 200);
      assert.equal(await bearerStatus(fixture, datedToken), 200);

      // An administrator, in another browser, lists them and revokes one, then all.
      const admin = await secondPage(context, fixture, kAdmin);
      try {
        await admin.page.goto('/admin/people');
        const row = await adminRow(admin.page, person);
        const toggle = row.getByRole('button', { name: `API tokens of ${person.name}`, exact: true });
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        const list = row.getByRole('list', { name: `API tokens of ${person.name}` });
        await list.getByRole('listitem').filter({ hasText: monthly }).waitFor();
        assert.equal(await list.locator('.token-row').count(), 2);
        assert.equal(
          await list.getByRole('listitem').filter({ hasText: monthly }).locator('.token-row__expiry time').getAttribute('datetime'),
          monthlyAt,
          'the admin sees the same expiry',
        );

        await list.getByRole('button', { name: `Revoke ${monthly}` }).click();
        await list.getByRole('button', { name: 'Yes, revoke' }).click();
        await row.getByText(`Revoked “${monthly}” of ${person.name}.`).waitFor();
        assert.equal(await list.locator('.token-row').count(), 1);
        assert.equal(await bearerStatus(fixture, monthlyToken), 401, 'the revoked token is refused');
        assert.equal(await bearerStatus(fixture, datedToken), 200, 'the other one still works');

        await row.getByRole('button', { name: `Revoke all API tokens of ${person.name}` }).click();
        await row.getByRole('group', { name: /^Revoke the only token of / }).getByRole('button', { name: 'Yes, revoke all' }).click();
        await row.getByText(`Revoked every API token of ${person.name}.`).waitFor();
        await row.getByText(`${person.name} has no live API tokens.`).waitFor();
        assert.equal(await bearerStatus(fixture, datedToken), 401);
        await admin.page.screenshot({ path: path.join(fixture.artifactsDir, 'admin-person-tokens.png'), fullPage: true });
        admin.check();
      } finally {
        await admin.close();
      }

      await page.reload();
      await page.getByText('You have no API tokens.').waitFor();
    },
  },
  {
    name: 'space invitations: an owner invites a guest\'s e-mail, the guest signs in and sees the space; another invitation is withdrawn',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const admin = await client(fixture, kAdmin);
      const guest = { name: `Harbor Partner ${tag}`, email: `harbor.${tag}@partner.test`, password: `guest-password-${tag}` };
      guest.id = (await admin.call('POST', '/people', { ...guest, role: 'guest', unit_id: null, title: 'Auditor' }, 201)).id;
      const owner = await client(fixture, kMember);
      const space = await owner.call(
        'POST',
        '/spaces',
        { name: `Audit room ${tag}`, purpose: 'Working with our auditors.', kind: 'project', visibility: 'private' },
        201,
      );
      const other = `someone.${tag}@partner.test`;

      await signInContext(context, kMember);
      await page.goto(`/spaces/${space.id}?tab=members`);
      await page.getByRole('heading', { level: 1, name: space.name }).waitFor();

      // The owner cannot find the outside guest: they share no space.
      await page.getByLabel('Find a person').fill(guest.name);
      await page.getByText(`No one found for “${guest.name}”.`).waitFor();

      // Invite them by e-mail instead.
      const invitations = page.getByRole('region', { name: 'Invite by e-mail' });
      await invitations.getByText('joins this space when they sign in to Weft with that e-mail address').waitFor();
      const email = invitations.getByLabel('E-mail to invite');
      await email.fill('not-an-address');
      await invitations.getByRole('button', { name: 'Invite', exact: true }).click();
      assert.match(await fieldError(email), /e-mail address/);
      await email.fill(guest.email.toUpperCase());
      await invitations.getByLabel('Invite as').selectOption('guest');
      await invitations.getByRole('button', { name: 'Invite', exact: true }).click();
      await invitations.getByRole('status').getByText(`Invited ${guest.email} as guest.`).waitFor();
      assert.equal(await email.inputValue(), '', 'the e-mail field is cleared');
      const pending = invitations.getByRole('list', { name: 'Pending invitations' });
      const guestInvitation = pending.locator(`li[data-email="${guest.email}"]`);
      await guestInvitation.waitFor();
      assert.equal(await guestInvitation.getAttribute('data-role'), 'guest');
      const expiresAt = await guestInvitation.locator('.invitation-row__expiry time').getAttribute('datetime');
      assert.ok(offBy(expiresAt, new Date(Date.now() + 14 * kDayMs)) < 10 * 60_000, `expires in 14 days: ${expiresAt}`);

      // The same e-mail again keeps the one invitation; a second address as a member.
      await email.fill(guest.email);
      await invitations.getByRole('button', { name: 'Invite', exact: true }).click();
      await invitations.getByRole('status').getByText(`${guest.email} was already invited`).waitFor();
      assert.equal(await pending.locator(`li[data-email="${guest.email}"]`).count(), 1);
      await email.fill(other);
      await invitations.getByLabel('Invite as').selectOption('member');
      await invitations.getByRole('button', { name: 'Invite', exact: true }).click();
      await pending.locator(`li[data-email="${other}"][data-role="member"]`).waitFor();
      await page.reload();
      await pending.locator(`li[data-email="${guest.email}"]`).waitFor();
      assert.equal(await pending.getByRole('listitem').count(), 2, 'both invitations are pending after reload');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'space-invitations.png'), fullPage: true });

      // The guest signs in, in another browser, and finds the space.
      const them = await secondPage(context, fixture);
      try {
        await them.page.goto('/signin');
        await signInWithForm(them.page, guest.email, guest.password);
        await them.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        await them.page.goto('/spaces');
        await them.page.getByRole('heading', { level: 1, name: 'Spaces' }).waitFor();
        const link = them.page.getByRole('link', { name: space.name });
        await eventually(them.page, async () => {
          await them.page.waitForFunction(() => {
            const text = document.querySelector('.list-status')?.textContent ?? '';
            return text !== '' && !text.startsWith('Loading');
          });
          return (await link.count()) > 0;
        }, 'the space is listed for the guest');
        await link.click();
        await them.page.getByRole('heading', { level: 1, name: space.name }).waitFor();
        await them.page.getByText('You are guest').waitFor();
        them.check();
      } finally {
        await them.close();
      }

      // The owner sees the guest among the members and the invitation gone.
      const members = page.getByRole('list', { name: 'Members' });
      await eventually(page, async () => {
        await members.locator('li').first().waitFor();
        return (await members.locator(`li[data-person-id="${guest.id}"]`).count()) > 0;
      }, 'the guest is a member');
      assert.equal(await members.locator(`li[data-person-id="${guest.id}"]`).getAttribute('data-role'), 'guest');
      await pending.locator(`li[data-email="${other}"]`).waitFor();
      assert.equal(await pending.locator(`li[data-email="${guest.email}"]`).count(), 0, 'the accepted invitation is no longer pending');

      // Withdraw the other invitation.
      await pending.getByRole('button', { name: `Withdraw the invitation to ${other}` }).click();
      await invitations.getByRole('status').getByText(`Withdrew the invitation to ${other}.`).waitFor();
      await invitations.getByText('No pending invitations.').waitFor();
      const left = await owner.call('GET', `/spaces/${space.id}/invitations`, undefined, 200);
      assert.deepEqual(left.items, [], 'nothing pending on the server');
    },
  },
  {
    name: 'space members: adding someone you can no longer see says so and points to invitations',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const admin = await client(fixture, kAdmin);
      const guest = { name: `Iris Visitor ${tag}`, email: `iris.${tag}@partner.test`, password: `guest-password-${tag}` };
      guest.id = (await admin.call('POST', '/people', { ...guest, role: 'guest', unit_id: null, title: '' }, 201)).id;
      const owner = await client(fixture, kMember);
      const shared = await owner.call('POST', '/spaces', { name: `Shared ${tag}`, purpose: 'x', kind: 'project', visibility: 'private' }, 201);
      const target = await owner.call('POST', '/spaces', { name: `Second ${tag}`, purpose: 'y', kind: 'project', visibility: 'private' }, 201);
      // The guest joins the shared space by invitation, so the owner can see them.
      await owner.call('POST', `/spaces/${shared.id}/invitations`, { email: guest.email, role: 'guest' }, 201);
      const guestClient = await client(fixture, guest);

      await signInContext(context, kMember);
      await page.goto(`/spaces/${target.id}?tab=members`);
      await page.getByRole('heading', { level: 1, name: target.name }).waitFor();
      await page.getByLabel('Find a person').fill(guest.name);
      const found = page.getByRole('list', { name: 'People found' }).locator(`li[data-person-id="${guest.id}"]`);
      await eventually(page, async () => {
        await page.getByLabel('Find a person').fill(guest.name);
        await page.locator('.add-people .list-status').waitFor({ state: 'attached' });
        await found.or(page.getByText(`No one found for “${guest.name}”.`)).waitFor();
        return (await found.count()) > 0;
      }, 'the guest is found once they share a space');

      // The guest leaves the shared space: the owner can no longer see them.
      await guestClient.call('DELETE', `/spaces/${shared.id}/members/${guest.id}`, undefined, 204);
      await found.getByRole('button', { name: `Add ${guest.name}` }).click();
      const error = found.getByRole('alert');
      await error.waitFor();
      assert.match(await error.textContent(), /cannot be added.*invite them by e-mail/);
      assert.equal(await page.getByRole('list', { name: 'Members' }).locator(`li[data-person-id="${guest.id}"]`).count(), 0);
    },
  },
];
