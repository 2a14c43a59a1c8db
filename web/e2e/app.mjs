// Browser journey of Weft as an installable app: the manifest and its icons, the service worker
// taking over the page, and reading offline — a reload without the network still opens the home
// feed the person last read, with a banner saying so, which goes away when the network is back.

import assert from 'node:assert/strict';
import { ApiClient } from './api.mjs';
import { kMember, randomWord, signInContext } from './journeys.mjs';

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
    },
  },
];
