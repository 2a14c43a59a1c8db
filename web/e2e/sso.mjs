// Browser journeys of single sign-on and provisioning (docs/design/identity.md), against a small
// OpenID Connect provider on loopback (tests/api/oidc_provider.mjs) that signs in whoever the test
// names: an admin sets it up on the Single sign-on page and a new person signs in with the button,
// made from the provider's claims; a refused ID token brings the person back to the sign-in page
// with the reason; with passwords off only the break-glass admin signs in with one; an admin makes
// a SCIM token for the identity provider; an admin writes group rules for a group provisioned over
// SCIM, previews them and saves them. Each journey turns single sign-on off again when it ends, and
// the group rules journey leaves no rules, so the journeys after it run as before.

import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import Provider from 'oidc-provider';
import { startProvider } from '../../tests/api/oidc_provider.mjs';
import { axeViolations, kAxePath } from './accessibility.mjs';
import { ApiClient, fetchRetryingBusy } from './api.mjs';
import { fieldError, kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

const kButtonLabel = 'Acme ID';

function adminClient(fixture) {
  return ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
}

/** Single sign-on set up through the API (the admin page's own journey sets it up in the page). */
async function setUpThroughApi(fixture, provider, extra = {}) {
  const admin = await adminClient(fixture);
  await admin.call('PUT', '/admin/oidc', {
    issuer: provider.url, client_id: provider.clientId, client_secret: provider.clientSecret, display_name: kButtonLabel,
    ...extra,
  }, 200);
  return admin;
}

/** Single sign-on off (passwords on for everyone), whatever state a journey left it in. */
async function turnOff(fixture) {
  const admin = await adminClient(fixture);
  await admin.call('DELETE', '/admin/oidc', undefined, 204);
}

/**
 * A new browser context, signed out (someone else's browser), whose uncaught page errors fail the
 * test too; axe is loaded into its documents for checks on the sign-in page.
 */
async function freshBrowser(context, fixture, viewport = { width: 1280, height: 900 }) {
  const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport });
  other.setDefaultTimeout(10_000);
  await other.addInitScript({ path: kAxePath });
  const page = await other.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`other browser uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`other browser CSP: ${message.text()}`);
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

/** Serious or critical axe findings on the page as it stands: none expected. */
async function assertAccessible(page, where) {
  const found = await axeViolations(page, where);
  assert.deepEqual(found.map((v) => `${v.id} ${v.target}: ${v.help}`), [], `accessibility of ${where}`);
}

async function openAdminPage(page) {
  await page.goto('/admin/people');
  await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'Single sign-on' }).click();
  await page.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
  await page.getByLabel('Issuer URL').waitFor();
}

async function personByEmail(admin, email) {
  const found = await admin.call('GET', `/people?q=${encodeURIComponent(email)}`, undefined, 200);
  return found.items.filter((p) => p.email === email);
}

/**
 * A real OpenID Connect provider on loopback: panva's oidc-provider (certified by the OpenID
 * Foundation), with its development login and consent pages, a confidential client for Weft
 * (client_secret_post, PKCE required), and accounts whose claims come from their login name.
 */
async function startRealProvider(weftBase) {
  let handler = (req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const client = { client_id: 'weft-real', client_secret: `real-${randomWord()}-secret` };
  const oidc = new Provider(issuer, {
    clients: [{
      ...client,
      redirect_uris: [`${weftBase}/api/v1/auth/oidc/callback`],
      post_logout_redirect_uris: [`${weftBase}/signin`],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@real.example`, email_verified: true, name: `Real ${id[0].toUpperCase()}${id.slice(1)}` }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false, // the profile and e-mail claims in the ID token, where Weft reads them
    pkce: { methods: ['S256'], required: () => true },
    cookies: { keys: [randomWord() + randomWord()] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  oidc.on('server_error', (ctx, error) => console.error('oidc-provider:', error));
  handler = oidc.callback();
  return { issuer, ...client, stop: () => new Promise((resolve) => server.close(resolve)) };
}

const kScimUser = 'urn:ietf:params:scim:schemas:core:2.0:User';
const kScimGroup = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A POST to the SCIM API with a scim token, as an identity provider sends it; answers the body. */
async function scimPost(fixture, token, path, body) {
  const response = await fetchRetryingBusy(`${fixture.baseURL}/scim/v2${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/scim+json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 201, `POST /scim/v2${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function spaceMembers(admin, spaceId) {
  const members = await admin.call('GET', `/spaces/${spaceId}/members?limit=100`, undefined, 200);
  return members.items.map((m) => [m.person.id, m.role]);
}

/** Waits until the element has the keyboard focus. */
async function waitForFocus(locator) {
  const element = await locator.elementHandle();
  await locator.page().waitForFunction((el) => el === document.activeElement, element, { timeout: 3_000 });
}

/** The horizontal overflow of the page: its width when wider than `limit`, or null. */
async function overflow(page, limit) {
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  return width > limit ? width : null;
}

export const ssoJourneys = [
  {
    name: 'single sign-on with a real OpenID Connect provider (oidc-provider): log in and consent there, land signed in here, made from its ID token; signing out ends both sessions',
    async run({ context, fixture }) {
      const provider = await startRealProvider(fixture.baseURL);
      let other;
      try {
        await setUpThroughApi(fixture, { url: provider.issuer, clientId: provider.client_id, clientSecret: provider.client_secret },
          { display_name: 'Real ID' });
        other = await freshBrowser(context, fixture);
        const { page } = other;
        const login = `real${randomWord()}`.toLowerCase();
        await page.goto('/signin');
        await page.getByRole('link', { name: 'Sign in with Real ID' }).click();
        // The provider's own pages: a login form, then consent.
        await page.waitForURL((url) => url.origin === provider.issuer);
        await page.locator('input[name="login"]').fill(login);
        await page.locator('input[name="password"]').fill('any password');
        await page.locator('button[type="submit"]').click();
        await page.locator('button[type="submit"]', { hasText: /continue/i }).click();
        await page.waitForURL((url) => url.origin === fixture.baseURL && url.pathname === '/');
        const me = await other.context.request.get('/api/v1/me');
        assert.equal(me.status(), 200, 'signed in to Weft');
        const person = await me.json();
        assert.equal(person.email, `${login}@real.example`);
        assert.equal(person.name, `Real ${login[0].toUpperCase()}${login.slice(1)}`);
        // Signing out goes on to the provider's logout, which asks, then comes back to sign in.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL((url) => url.origin === provider.issuer);
        await page.locator('button[type="submit"]', { hasText: /yes/i }).click();
        await page.waitForURL((url) => url.origin === fixture.baseURL && url.pathname === '/signin');
        assert.equal((await other.context.request.get('/api/v1/me')).status(), 401);
        other.check();
      } finally {
        await other?.close();
        await turnOff(fixture);
        await provider.stop();
      }
    },
  },
  {
    name: 'single sign-on (bad input): an issuer whose discovery document cannot be read is refused, with the server’s reason by the issuer field',
    async run({ page, context, fixture }) {
      await signInContext(context, kAdmin);
      await openAdminPage(page);
      assert.match(await page.getByTestId('sso-state').textContent(), /off/);
      await page.getByLabel('Issuer URL').fill('http://127.0.0.1:9/realms/nowhere');
      await page.getByLabel('Client ID').fill('weft');
      await page.getByLabel('Client secret').fill('a-secret');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const reason = await fieldError(page.getByLabel('Issuer URL'));
      assert.match(reason, /discovery document/, `the issuer's error: ${reason}`);
      assert.match(reason, /127\.0\.0\.1:9/, 'the reason names the address tried');
      assert.equal(await page.getByTestId('sso-saved').count(), 0, 'nothing said to be saved');
      await page.reload();
      await page.getByTestId('sso-state').waitFor();
      assert.match(await page.getByTestId('sso-state').textContent(), /off/, 'nothing was saved');
      const providers = await (await fetchRetryingBusy(`${fixture.baseURL}/api/v1/auth/providers`)).json();
      assert.equal(providers.oidc, null);
    },
  },
  {
    name: 'single sign-on: an admin sets it up on the Single sign-on page, and a new person signs in with the button, made from the provider’s claims',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const provider = await startProvider();
      let other = null;
      try {
        await signInContext(context, kAdmin);
        await openAdminPage(page);
        assert.equal(await page.getByTestId('redirect-uri').inputValue(), `${fixture.baseURL}/api/v1/auth/oidc/callback`);
        await page.getByRole('button', { name: 'Copy the redirect URI' }).waitFor();
        // The defaults are shown: scopes and claim names.
        assert.equal(await page.getByLabel('Scopes').inputValue(), 'openid email profile');
        assert.equal(await page.getByLabel('E-mail claim').inputValue(), 'email');
        assert.equal(await page.getByLabel('Unit claim').inputValue(), 'department');
        assert.equal(await page.getByLabel('Allow passwords').isChecked(), true);

        await page.getByLabel('Issuer URL').fill(provider.url);
        await page.getByLabel('Client ID').fill(provider.clientId);
        await page.getByLabel('Client secret').fill(provider.clientSecret);
        await page.getByLabel('Button label').fill(kButtonLabel);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByTestId('sso-saved').waitFor();
        assert.match(await page.getByTestId('sso-state').textContent(), /on: the sign-in page offers “Sign in with Acme ID”/);
        assert.match(await page.getByTestId('sso-passwords').textContent(), /on for everyone/);
        // The secret is never shown again; the field says one is stored.
        const secret = page.getByLabel('Client secret');
        assert.equal(await secret.inputValue(), '');
        assert.equal(await secret.getAttribute('placeholder'), 'stored — leave empty to keep');
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'sso-admin.png'), fullPage: true });

        // Someone new signs in through the provider, on their way to the spaces.
        const tag = randomWord(6);
        const user = { sub: `sub-${tag}`, email: `sso.${tag}@example.com`, email_verified: true,
          name: `Sana Single ${tag}`, title: 'Loom planner' };
        provider.user = user;
        other = await freshBrowser(context, fixture);
        await other.page.goto('/spaces');
        await other.page.waitForURL(/\/signin\?next=%2Fspaces$/);
        const button = other.page.getByRole('link', { name: `Sign in with ${kButtonLabel}` });
        assert.match(await button.getAttribute('href'), /^\/api\/v1\/auth\/oidc\/start\?return_to=%2Fspaces$/);
        // Passwords are still on: the form is there too.
        await other.page.getByLabel('E-mail').waitFor();
        await button.click();
        await other.page.waitForURL((url) => url.pathname === '/spaces');
        await other.page.getByRole('heading', { level: 1, name: 'Spaces' }).waitFor();
        await other.page.getByRole('navigation', { name: 'Main' }).getByText(user.name).waitFor();
        const me = await other.context.request.get('/api/v1/me');
        assert.equal(me.status(), 200);
        const person = await me.json();
        assert.equal(person.email, user.email);
        assert.equal(person.name, user.name);
        assert.equal(person.title, user.title);
        assert.equal(provider.lastAuthorize.client_id, provider.clientId);
        // Signing out ends the provider's session too, which sends the browser back to sign in.
        await other.page.getByRole('button', { name: 'Sign out' }).click();
        await other.page.waitForURL((url) => url.pathname === '/signin');
        assert.equal(provider.logouts, 1, 'the provider was asked to sign the person out');
        assert.equal((await other.context.request.get('/api/v1/me')).status(), 401);
        other.check();
      } finally {
        await other?.close();
        await turnOff(fixture);
        await provider.stop();
      }
    },
  },
  {
    name: 'single sign-on (refused): an ID token meant for another client brings the person back to sign in, the reason in an alert once, and nobody signed in',
    async run({ context, fixture }) {
      const provider = await startProvider();
      let other = null;
      try {
        const admin = await setUpThroughApi(fixture, provider);
        const tag = randomWord(6);
        const email = `refused.${tag}@example.com`;
        provider.user = { sub: `sub-${tag}`, email, email_verified: true, name: `Rhea Refused ${tag}` };
        provider.bend = (claims) => ({ claims: { ...claims, aud: 'someone-else' } });
        other = await freshBrowser(context, fixture);
        const { page } = other;
        await page.goto('/signin');
        await page.getByRole('link', { name: `Sign in with ${kButtonLabel}` }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        const text = await alert.textContent();
        assert.match(text, /The identity provider's answer was refused: the ID token is meant for another client\./, text);
        // The reason is taken out of the address, so a reload does not show it again.
        await page.waitForURL((url) => url.pathname === '/signin' && !url.searchParams.has('sso_error'));
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        await assertAccessible(page, 'sign in with a single sign-on error');
        const session = await other.context.request.get('/api/v1/session');
        assert.equal(session.status(), 401, 'nobody is signed in');
        assert.deepEqual(await personByEmail(admin, email), [], 'nobody was made');
        await page.reload();
        await page.getByRole('link', { name: `Sign in with ${kButtonLabel}` }).waitFor();
        assert.equal(await page.getByRole('alert').count(), 0, 'the reason is not shown again');
        other.check();
      } finally {
        await other?.close();
        await turnOff(fixture);
        await provider.stop();
      }
    },
  },
  {
    name: 'single sign-on (passwords off): only the button and the admin disclosure show, a member’s password is refused, the break-glass admin signs in, then it is turned off',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const provider = await startProvider();
      let other = null;
      try {
        await setUpThroughApi(fixture, provider);
        await signInContext(context, kAdmin);
        await openAdminPage(page);
        assert.equal(await page.getByLabel('Issuer URL').inputValue(), provider.url);
        assert.equal(await page.getByLabel('Button label').inputValue(), kButtonLabel);
        await page.getByLabel('Allow passwords').uncheck();
        // The break-glass admin must be an active admin: the server says so by the field.
        const breakGlass = page.getByLabel('Break-glass admin’s e-mail');
        await breakGlass.fill(kMember.email);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        assert.match(await fieldError(breakGlass), /name an active admin who keeps one/);
        await breakGlass.fill(kAdmin.email);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByTestId('sso-saved').waitFor();
        assert.match(await page.getByTestId('sso-passwords').textContent(), /off, except for the break-glass admin admin@weft\.demo/);

        // The sign-in page, on a phone: the button, and the password form behind the disclosure.
        other = await freshBrowser(context, fixture, { width: 375, height: 812 });
        const them = other.page;
        await them.goto('/signin');
        await them.getByRole('link', { name: `Sign in with ${kButtonLabel}` }).waitFor();
        const disclosure = them.getByText('Admin sign-in with a password');
        await disclosure.waitFor();
        assert.equal(await them.getByLabel('E-mail').isVisible(), false, 'no password form in sight');
        assert.equal(await them.getByLabel('Password').isVisible(), false);
        const width = await them.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= 375, `sign-in page scrollWidth ${width} > 375`);
        await disclosure.click();
        await them.getByLabel('E-mail').fill(kMember.email);
        await them.getByLabel('Password').fill(kMember.password);
        await assertAccessible(them, 'sign in with passwords off, the disclosure open');
        await them.screenshot({ path: path.join(fixture.artifactsDir, 'sso-signin-375.png'), fullPage: true });
        await them.getByRole('button', { name: 'Sign in', exact: true }).click();
        const refusal = them.getByRole('alert');
        await refusal.waitFor();
        assert.match(await refusal.textContent(), /Sign in through your organization's identity provider; passwords are turned off\./);
        assert.equal(new URL(them.url()).pathname, '/signin');
        // The break-glass admin still signs in with the password.
        await them.getByLabel('E-mail').fill(kAdmin.email);
        await them.getByLabel('Password').fill(kAdmin.password);
        await them.getByRole('button', { name: 'Sign in', exact: true }).click();
        await them.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        other.check();

        // Turned off in the admin page (after a confirmation), passwords are back for everyone.
        await page.getByRole('button', { name: 'Turn single sign-on off' }).click();
        await page.getByRole('button', { name: 'Yes, turn it off' }).click();
        await page.getByText('Single sign-on is off. Everyone signs in with their password again.').waitFor();
        assert.match(await page.getByTestId('sso-state').textContent(), /off/);
        assert.equal(await page.getByLabel('Client secret').getAttribute('placeholder'), null);
        await other.close();
        other = await freshBrowser(context, fixture);
        await other.page.goto('/signin');
        await other.page.getByLabel('E-mail').fill(kMember.email);
        await other.page.getByLabel('Password').fill(kMember.password);
        assert.equal(await other.page.getByRole('link', { name: /Sign in with/ }).count(), 0);
        await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await other.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
        other.check();
      } finally {
        await other?.close();
        await turnOff(fixture);
        await provider.stop();
      }
    },
  },
  {
    name: 'SCIM token: an admin picks the scim scope (alone), sees the token once with the SCIM base URL, and it works on /scim/v2 only',
    async run({ page, context, fixture }) {
      await signInContext(context, kAdmin);
      await page.goto('/me/tokens');
      const read = page.getByRole('checkbox', { name: 'Read', exact: true });
      const write = page.getByRole('checkbox', { name: 'Write', exact: true });
      const scim = page.getByRole('checkbox', { name: 'SCIM', exact: true });
      await scim.waitFor();
      assert.match(await page.locator(`[id="${await scim.getAttribute('aria-describedby')}"]`).textContent(),
        /identity provider’s provisioning \(SCIM\); works only on \/scim\/v2/);
      assert.equal(await read.isChecked(), true, 'read is the default');
      await write.check();
      // Picking scim unticks the others; picking another unticks scim.
      await scim.check();
      assert.deepEqual([await read.isChecked(), await write.isChecked(), await scim.isChecked()], [false, false, true]);
      await read.check();
      assert.deepEqual([await read.isChecked(), await scim.isChecked()], [true, false]);
      await scim.check();
      assert.equal(await read.isChecked(), false);

      const name = `Identity provider ${randomWord(5)}`;
      await page.getByLabel('Token name').fill(name);
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByRole('heading', { name: `Your new token “${name}”` }).waitFor();
      const token = await page.getByRole('textbox', { name: 'Your new token' }).inputValue();
      assert.equal(await page.getByTestId('scim-base-url').inputValue(), `${fixture.baseURL}/scim/v2`);
      await page.getByRole('button', { name: 'Copy the SCIM base URL' }).waitFor();
      const row = page.locator('.token-row').filter({ hasText: name });
      await row.getByRole('list', { name: `Scopes of ${name}` }).getByText('SCIM', { exact: true }).waitFor();

      const users = await fetchRetryingBusy(`${fixture.baseURL}/scim/v2/Users?count=1`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(users.status, 200, 'the token works on /scim/v2');
      assert.match(users.headers.get('content-type'), /application\/scim\+json/);
      await users.arrayBuffer();
      const me = await fetchRetryingBusy(`${fixture.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      await me.arrayBuffer();
      assert.equal(me.status, 403, 'and nowhere else');

      // A member is not offered the scope.
      const member = await freshBrowser(context, fixture);
      try {
        await signInContext(member.context, kMember);
        await member.page.goto('/me/tokens');
        await member.page.getByRole('checkbox', { name: 'Read', exact: true }).waitFor();
        assert.equal(await member.page.getByRole('checkbox', { name: 'SCIM', exact: true }).count(), 0);
        member.check();
      } finally {
        await member.close();
      }
    },
  },
  {
    name: 'group rules: an admin maps an identity provider’s group to a unit and a space, previews it (nothing changes), saves and applies it, and sees a bad rule refused by number',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const admin = await adminClient(fixture);
      try {
        await admin.call('PUT', '/admin/group-rules', { rules: [] }, 200);
        // The identity provider provisions two people and a group with them over SCIM.
        const tag = randomWord(6);
        const { token } = await admin.call('POST', '/tokens', { name: `Provisioning ${tag}`, scopes: ['scim'] }, 201);
        const names = [`Ana Rulefollow ${tag}`, `Ben Rulefollow ${tag}`];
        const people = [];
        for (const name of names) {
          people.push(await scimPost(fixture, token, '/Users',
            { schemas: [kScimUser], userName: `${name.split(' ')[0].toLowerCase()}.${tag}@example.com`.toLowerCase(), displayName: name }));
        }
        const group = `Finance ${tag}`;
        await scimPost(fixture, token, '/Groups',
          { schemas: [kScimGroup], displayName: group, members: people.map((p) => ({ value: p.id })) });
        const unit = await admin.call('POST', '/units', { name: `Finance office ${tag}`, parent_id: null }, 201);
        const space = await admin.call('POST', '/spaces',
          { name: `Budget 2027 ${tag}`, purpose: 'Next year’s budget.', kind: 'project', visibility: 'public' }, 201);
        const unitOf = async (person) => (await admin.call('GET', `/people/${person.id}`, undefined, 200)).unit_id;
        // A member's private space: a rule may not add people to it, so it is not offered.
        const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
        const theirs = await member.call('POST', '/spaces',
          { name: `Their desk ${tag}`, purpose: 'Not the admin’s.', kind: 'project', visibility: 'private' }, 201);

        // From the Single sign-on page to the group rules: none yet, and what they are for.
        await signInContext(context, kAdmin);
        await context.addInitScript({ path: kAxePath });
        await page.goto('/admin/sign-in');
        await page.getByRole('main').getByRole('link', { name: 'group rules', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Group rules' }).waitFor();
        assert.equal(await page.getByRole('navigation', { name: 'Administration pages' })
          .getByRole('link', { name: 'Group rules' }).getAttribute('aria-current'), 'page');
        assert.match(await page.getByTestId('group-rules-empty').textContent(), /puts everyone in one of your identity provider’s groups in a unit, a space or both/);

        // A rule for the group, written in another case.
        await page.getByRole('button', { name: 'Add a rule' }).click();
        const rule1 = page.getByRole('group', { name: 'Rule 1' });
        const groupField = rule1.getByLabel('Group');
        await waitForFocus(groupField); // the new rule's group
        await groupField.fill(group.toLowerCase());
        await rule1.getByLabel('Unit').selectOption({ label: unit.name });
        const find = rule1.getByLabel('Find a space');
        const spaceSelect = rule1.getByLabel('Space', { exact: true });
        if (await find.count()) {
          // Many spaces: search first. The member's private space is found, not offered.
          await find.fill(theirs.name);
          await rule1.getByText('Narrows the list below.').waitFor();
          await page.waitForTimeout(400);
          assert.equal(await spaceSelect.locator(`option[value="${theirs.id}"]`).count(), 0, 'not a space the admin may not fill');
          await find.fill(space.name);
        } else {
          await spaceSelect.locator('option').nth(1).waitFor({ state: 'attached' });
          assert.equal(await spaceSelect.locator(`option[value="${theirs.id}"]`).count(), 0, 'not a space the admin may not fill');
        }
        await spaceSelect.locator(`option[value="${space.id}"]`).waitFor({ state: 'attached' });
        await spaceSelect.selectOption(space.id);
        assert.equal(await rule1.getByLabel('Role in the space').inputValue(), 'member');
        await page.getByTestId('group-rules-dirty').waitFor();

        // The dry run: two people, both would move and join, by name; nothing changed.
        await page.getByRole('button', { name: 'Preview' }).click();
        const preview = page.getByTestId('group-rules-preview');
        await preview.waitFor();
        const previewText = await preview.textContent();
        assert.match(previewText, /Preview — not saved yet/);
        assert.match(previewText, /Nothing has changed/);
        assert.match(previewText, new RegExp(`Rule 1: 2 people in ${group}: 2 would move to the ${unit.name} unit, 2 would join ${space.name} — `, 'i'), previewText);
        for (const name of names) assert.ok(previewText.includes(name), `${name} named in the preview: ${previewText}`);
        for (const person of people) assert.equal(await unitOf(person), null, 'a preview changes nobody’s unit');
        assert.ok(!(await spaceMembers(admin, space.id)).some(([id]) => people.some((p) => p.id === id)), 'nor anyone’s spaces');
        assert.deepEqual((await admin.call('GET', '/admin/group-rules', undefined, 200)).items, [], 'nor the rules');

        // With a rule and its preview on the page: accessible, and no sideways scroll on a phone.
        await assertAccessible(page, 'group rules with a preview');
        await page.setViewportSize({ width: 375, height: 812 });
        assert.equal(await overflow(page, 375), null, 'group rules fit 375 px');
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'group-rules-375.png'), fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });

        // Save and apply: both are in the unit and members of the space.
        await page.getByRole('button', { name: 'Save and apply' }).click();
        const applied = page.getByTestId('group-rules-applied');
        await applied.waitFor();
        const appliedText = await applied.textContent();
        assert.match(appliedText, new RegExp(`Applied:Rule 1: 2 people in ${group}: 2 moved to the ${unit.name} unit, 2 joined ${space.name} — `, 'i'), appliedText);
        assert.equal(await page.getByTestId('group-rules-dirty').count(), 0, 'nothing left unsaved');
        for (const person of people) assert.equal(await unitOf(person), unit.id, 'in the unit');
        const members = await spaceMembers(admin, space.id);
        for (const person of people) assert.ok(members.some(([id, role]) => id === person.id && role === 'member'), 'a member of the space');
        const saved = (await admin.call('GET', '/admin/group-rules', undefined, 200)).items;
        assert.deepEqual(saved.map((r) => [r.group, r.unit_id, r.space_id, r.space_role]), [[group.toLowerCase(), unit.id, space.id, 'member']]);
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'group-rules-applied.png'), fullPage: true });

        // A rule with neither a unit nor a space: the server's message names it, and nothing is saved.
        await page.getByRole('button', { name: 'Add a rule' }).click();
        const rule2 = page.getByRole('group', { name: 'Rule 2' });
        await rule2.getByLabel('Group').fill(`Nobody ${tag}`);
        await page.getByRole('button', { name: 'Save and apply' }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert.match(await alert.textContent(), /^Rule 2: map the group to a unit, a space or both\.$/);
        await rule2.getByText('This rule needs a change').waitFor();
        assert.equal((await admin.call('GET', '/admin/group-rules', undefined, 200)).items.length, 1, 'the saved rules stay');

        // Moved up, the bad rule becomes rule 1 and keeps the focus; removed, the good rule is rule 1 again.
        await page.getByRole('button', { name: 'Move rule 2 up' }).click();
        assert.equal(await page.getByRole('group', { name: 'Rule 1' }).getByLabel('Group').inputValue(), `Nobody ${tag}`);
        await waitForFocus(page.getByRole('button', { name: 'Move rule 1 down' }));
        assert.equal(await page.getByRole('alert').count(), 0, 'an edit clears the message');
        await page.getByRole('button', { name: 'Remove rule 1' }).click();
        assert.equal(await page.getByRole('group', { name: 'Rule 1' }).getByLabel('Group').inputValue(), group.toLowerCase());
        assert.equal(await page.getByRole('group', { name: 'Rule 2' }).count(), 0);
        assert.equal(await page.getByTestId('group-rules-dirty').count(), 0, 'back to what is saved');

        // Loaded again, the page shows the saved rule.
        await page.reload();
        const again = page.getByRole('group', { name: 'Rule 1' });
        assert.equal(await again.getByLabel('Group').inputValue(), group.toLowerCase());
        assert.equal(await again.getByLabel('Unit').inputValue(), unit.id);
        assert.equal(await again.getByLabel('Space', { exact: true }).inputValue(), space.id);
      } finally {
        await admin.call('PUT', '/admin/group-rules', { rules: [] }, 200);
      }
    },
  },
];
