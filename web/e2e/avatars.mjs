// Browser journeys of photos: a new member sets a photo on Edit profile (a big one, shrunk in the
// browser before it is sent), sees it on their profile and in the top bar, another member sees it
// too, a file that is not a picture gets the server's explanation, and Remove photo brings the
// initials back. axe looks at the pages while the photo shows.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { axeViolations } from './accessibility.mjs';
import { noise, png } from '../../tests/support/png.mjs';
import { fieldError, freshPerson, kMember, signInContext } from './journeys.mjs';

const require = createRequire(import.meta.url);
const kAxePath = require.resolve('axe-core/axe.min.js');
const kMaxRequestBytes = 1024 * 1024; // the server's limit on a request body

/** A PNG of width × height: random noise (so it does not compress: a big file). */
const noisyPng = (width, height) => png(width, height, noise);

/** The size an <img> decoded to. */
async function naturalSize(img) {
  return img.evaluate(async (element) => {
    await element.decode();
    return { width: element.naturalWidth, height: element.naturalHeight };
  });
}

async function noViolations(page, where) {
  const found = await axeViolations(page, where);
  assert.deepEqual(found.map((v) => `${v.where}: ${v.id} ${v.target} — ${v.help}`), [], `axe on ${where}`);
}

export const avatarJourneys = [
  {
    name: 'photo: a new member sets a big photo (shrunk before upload), everyone sees it, a text file is refused, Remove photo brings the initials back',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const person = await freshPerson(fixture, 'Pia');
      await context.addInitScript({ path: kAxePath });
      await signInContext(context, person);
      await page.goto('/me/edit');
      await page.getByRole('heading', { level: 2, name: 'Photo' }).waitFor();
      const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Photo' }) });
      // No photo yet: the initials, named after the person, and nothing to remove.
      await section.getByRole('img', { name: person.name }).waitFor();
      assert.equal(await section.locator('img').count(), 0, 'initials before any photo');
      assert.equal(await section.getByRole('button', { name: 'Remove photo' }).count(), 0);

      // A photo far over 700 KB and 1024 px: the browser sends a JPEG at most 1024 px a side.
      const big = noisyPng(1600, 1200);
      assert.ok(big.length > 2 * 1024 * 1024, `the test photo is big (${big.length} bytes)`);
      const picker = page.getByLabel('Choose a photo');
      assert.equal(await picker.getAttribute('accept'), 'image/png,image/jpeg');
      const [upload] = await Promise.all([
        page.waitForRequest((r) => r.method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/me/avatar'),
        picker.setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: big }),
      ]);
      const body = upload.postData();
      assert.ok(body.length < kMaxRequestBytes, `the upload fits the request limit (${body.length} bytes)`);
      const { image } = JSON.parse(body);
      assert.match(image, /^data:image\/jpeg;base64,/, 'the big photo went as a JPEG');
      assert.ok(Buffer.from(image.slice(image.indexOf(',') + 1), 'base64').length <= 700 * 1024, 'under 700 KB');
      await section.getByText('Photo saved.').waitFor();

      // The live preview, named after the person; the top bar shows it too, beside the name.
      const preview = section.getByRole('img', { name: person.name });
      assert.equal(await preview.evaluate((e) => e.tagName), 'IMG');
      assert.deepEqual(await naturalSize(preview), { width: 256, height: 256 });
      const topBar = page.getByRole('navigation', { name: 'Main' }).locator('img.avatar');
      await topBar.waitFor();
      assert.equal(await topBar.getAttribute('alt'), '', 'the top bar photo sits beside the name');
      await noViolations(page, 'edit profile with a photo');

      // On the profile header: a 256×256 picture beside the name.
      await page.getByRole('link', { name: 'View profile' }).click();
      await page.getByRole('heading', { level: 1, name: person.name }).waitFor();
      const header = page.locator('.profile__header img.avatar');
      assert.deepEqual(await naturalSize(header), { width: 256, height: 256 });
      assert.equal(await header.getAttribute('alt'), '');
      await noViolations(page, 'profile with a photo');

      // Another member sees it on the profile, and in the people directory.
      const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
      try {
        await signInContext(other, kMember);
        const theirs = await other.newPage();
        await theirs.goto(`/people/${person.id}`);
        await theirs.getByRole('heading', { level: 1, name: person.name }).waitFor();
        assert.deepEqual(await naturalSize(theirs.locator('.profile__header img.avatar')), { width: 256, height: 256 });
        await theirs.goto(`/people?q=${encodeURIComponent(person.name)}`);
        const card = theirs.locator('.person-card', { has: theirs.getByRole('link', { name: person.name }) });
        assert.deepEqual(await naturalSize(card.locator('img.avatar')), { width: 256, height: 256 });
      } finally {
        await other.close();
      }

      // A text file named .png: the server's reason under the picker, and the photo stays.
      await page.goto('/me/edit');
      await picker.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('Meeting notes, not a picture.\n') });
      assert.match(await fieldError(picker), /must be a PNG or a JPEG/);
      assert.equal(await section.locator('img.avatar').count(), 1, 'the photo is still there');
      await noViolations(page, 'edit profile with a refused file');

      // Remove photo: the initials come back, here, in the top bar and on the profile.
      await section.getByRole('button', { name: 'Remove photo' }).click();
      await section.getByText('Photo removed.').waitFor();
      assert.equal(await section.locator('img').count(), 0);
      assert.equal(await section.locator('.avatar').textContent(), `P${person.tag[0].toUpperCase()}`);
      assert.equal(await section.getByRole('button', { name: 'Remove photo' }).count(), 0);
      assert.equal(await page.getByRole('navigation', { name: 'Main' }).locator('img.avatar').count(), 0);
      await page.getByRole('link', { name: 'View profile' }).click();
      await page.getByRole('heading', { level: 1, name: person.name }).waitFor();
      assert.equal(await page.locator('.profile__header img').count(), 0);
      assert.equal(await page.locator('.profile__header .avatar').textContent(), `P${person.tag[0].toUpperCase()}`);
    },
  },
];
