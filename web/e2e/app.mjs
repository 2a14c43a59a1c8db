// Browser journey of Weft as an installable app: the manifest and its icons, the service worker
// taking over the page, and reading offline — a reload without the network still opens the home
// feed the person last read, with a banner saying so, which goes away when the network is back.

import assert from 'node:assert/strict';
import { ApiClient } from './api.mjs';
import { kAdmin, kMember, randomWord, signInContext, signInWithForm } from './journeys.mjs';

export const appJourneys = [
  {
    name: 'installable app: manifest and icons, the service worker controls the page, the home feed reads offline with a banner',
    serviceWorkers: 'allow',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const post = await member.call('POST', '/posts', { body: `Loom tension notes ${tag}`, audience: 'public' }, 201);
      await signInContext(context, kMember);

      await page.goto('/');
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      assert.equal(href, '/manifest.webmanifest');
      assert.ok(await page.locator('meta[name="theme-color"]').getAttribute('content'), 'a theme colour');
      const manifestResponse = await context.request.get(href);
      assert.equal(manifestResponse.status(), 200);
      assert.match(manifestResponse.headers()['content-type'], /^application\/manifest\+json/);
      const manifest = await manifestResponse.json();
      assert.equal(manifest.name, 'Weft');
      assert.equal(manifest.start_url, '/');
      assert.equal(manifest.scope, '/');
      assert.equal(manifest.display, 'standalone');
      assert.ok(manifest.short_name && manifest.theme_color && manifest.background_color);
      const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`);
      for (const wanted of ['192x192 any', '512x512 any', '512x512 maskable']) assert.ok(sizes.includes(wanted), `icon ${wanted}`);
      for (const icon of manifest.icons) {
        const response = await context.request.get(icon.src);
        assert.equal(response.status(), 200, icon.src);
        assert.equal(response.headers()['content-type'], 'image/png', icon.src);
      }

      // The worker installs and activates; after a reload it controls the page.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const feed = page.getByRole('list', { name: 'Home feed' });
      await feed.locator(`article[data-post-id="${post.id}"]`).waitFor();
      const banner = page.locator('.offline-banner[role="status"]');
      assert.equal((await banner.textContent()).trim(), '', 'no banner while online');

      // Offline: the same page loads from what was kept.
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'You are offline — showing what you last read' }).waitFor();
      await feed.locator(`article[data-post-id="${post.id}"]`).waitFor();
      assert.match(await feed.textContent(), new RegExp(`Loom tension notes ${tag}`));
      await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'attached' });
      // Truly offline, through the worker too: the session cannot be reached, so the feed came from the kept answers.
      assert.equal(await page.evaluate(() => fetch('/api/v1/session').then(() => 'reached', () => 'unreachable')), 'unreachable');
      const write = await page.evaluate(() => fetch('/api/v1/posts', { method: 'POST', body: '{}' }).then(() => 'reached', () => 'unreachable'));
      assert.equal(write, 'unreachable', 'writes go to the network, never to the kept answers');

      // Back online: the banner goes away.
      await context.setOffline(false);
      await page.waitForFunction(() => document.querySelector('.offline-banner')?.textContent === '');
      // The page opened without the server, so without a CSRF token: a post still goes through.
      const writes = [];
      page.on('response', (r) => { if (r.url().endsWith('/api/v1/posts') && r.request().method() === 'POST') writes.push(r.status()); });
      const box = page.getByLabel('What do you want to share?');
      await box.fill(`Back online ${tag}`);
      await page.getByLabel('Audience').selectOption('public');
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await feed.getByRole('article').filter({ hasText: `Back online ${tag}` }).waitFor();
      assert.deepEqual(writes, [201]);
    },
  },
  {
    name: 'sign out: when the server cannot be reached it says so and keeps the person signed in; then it signs out',
    async run({ page, context }) {
      await signInContext(context, kMember);
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.route('**/api/v1/session', (route) =>
        (route.request().method() === 'DELETE' ? route.abort('connectionrefused') : route.continue()));
      await page.getByRole('button', { name: 'Sign out' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Could not sign out' });
      await alert.waitFor();
      assert.match(await alert.textContent(), /You are still signed in\./);
      assert.equal(new URL(page.url()).pathname, '/', 'still on the page, not the sign-in page');
      // The session is still good: a reload opens the signed-in shell.
      await page.reload();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.unroute('**/api/v1/session');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/signin');
      assert.equal((await context.request.get('/api/v1/session')).status(), 401, 'signed out on the server');
    },
  },
  {
    name: 'units loaded in one session are not shown to the next person who signs in in the same tab',
    async run({ page, context, fixture }) {
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const unit = await admin.call('POST', '/units', { name: `Skunkworks ${randomWord(6)}`, parent_id: null }, 201);
      const email = `gia.${randomWord(6)}@e2e.test`;
      await admin.call('POST', '/people', { email, name: 'Gia Guest', password: 'guest-pass-123', role: 'guest' }, 201);
      await signInContext(context, kAdmin);
      await page.goto('/units');
      await page.getByText(unit.name).first().waitFor();
      // The admin's session ends on the server; the next request is answered 401.
      const cookie = (await context.cookies()).find((c) => c.name === 'weft_session');
      assert.ok(cookie, 'a session cookie');
      const asAdmin = { Cookie: `${cookie.name}=${cookie.value}` };
      const { csrf_token: csrf } = await (await fetch(`${fixture.baseURL}/api/v1/session`, { headers: asAdmin })).json();
      const ended = await fetch(`${fixture.baseURL}/api/v1/session`, { method: 'DELETE', headers: { ...asAdmin, 'X-CSRF-Token': csrf } });
      assert.equal(ended.status, 204);
      // The realtime stream hears of it at once; if not, the next page's request does.
      await page.getByRole('link', { name: 'Outcomes' }).click({ timeout: 2000 }).catch(() => undefined);
      await page.getByLabel('E-mail').waitFor();
      await signInWithForm(page, email, 'guest-pass-123');
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      // In the same tab (no reload): what the tab kept from the admin's session would show here.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Units' }).click();
      await page.waitForURL('**/units');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByText(unit.name).count(), 0, 'the admin\'s units are gone');
    },
  },
];
