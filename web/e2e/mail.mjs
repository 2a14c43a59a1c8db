// Browser journeys of e-mail, through the SMTP relay run.mjs starts on loopback (fixture.mail, from
// tests/api/smtp_sink.mjs: every message Weft sends, with its headers and text). A member chooses
// e-mail as it happens and silences one of their spaces on Notifications & e-mail, and the choices
// stay; a reply to their post then arrives by e-mail. That e-mail's unsubscribe link, opened in a
// browser that is not signed in, asks first (opening it changes nothing), turns e-mail off when the
// button is pressed, and a forged link is refused. An administrator sees the relay and the outbox on
// the E-mail page, changes the organization's default and writes the weekly digests now; the
// journey puts the weekly default back when it ends, so the journeys after it run as before.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { freshPerson, kAdmin, randomWord, pageTitle, signInContext } from './journeys.mjs';

/** Polls `find` until it answers something, or fails after `ms`. */
async function eventually(find, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${what}: nothing within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A new member, with an API client signed in as them. */
async function newMember(fixture, first) {
  const person = await freshPerson(fixture, first);
  return { ...person, client: await ApiClient.signedIn(fixture.baseURL, person.email, person.password) };
}

/** The next e-mail to `email` whose text has `text` in it. */
function mailTo(fixture, email, text) {
  return eventually(() => fixture.mail.messages.find((m) => m.to.includes(email) && m.text.includes(text)),
    `an e-mail to ${email} saying “${text}”`);
}

/** Someone replies to `member`'s new post through the API; answers the reply's text. */
async function replyTo(fixture, member, tag) {
  const other = await newMember(fixture, 'Bram');
  const post = await member.client.call('POST', '/posts', { body: `Who can lend me a warping board? ${tag}`, audience: 'public' }, 201);
  const text = `Mine is free on Thursday ${tag}`;
  await other.client.call('POST', `/posts/${post.id}/replies`, { body: text }, 201);
  return { text, replier: other };
}

/** The member of the first journey and the reply e-mail they got, for the unsubscribe journey. */
let mailed = null;

export const mailJourneys = [
  {
    name: 'mail: a member chooses e-mail as it happens and silences a space; the choices stay, and a reply arrives by e-mail',
    async run({ page, context, fixture }) {
      const tag = randomWord(6);
      const mira = await newMember(fixture, 'Mira');
      const quiet = await mira.client.call('POST', '/spaces',
        { name: `Dye vats ${tag}`, purpose: 'Colour work', kind: 'project', visibility: 'private' }, 201);
      const loud = await mira.client.call('POST', '/spaces',
        { name: `Loom room ${tag}`, purpose: 'Weaving', kind: 'project', visibility: 'private' }, 201);
      await signInContext(context, mira);

      await page.goto('/settings/notifications');
      await page.getByRole('heading', { level: 1, name: 'Notifications & e-mail' }).waitFor();
      assert.equal(await pageTitle(page, 'Notifications & e-mail · Weft'), 'Notifications & e-mail · Weft');
      assert.equal(await page.getByTestId('mail-address').textContent(), mira.email);
      const orgDefault = page.getByRole('radio', { name: 'Organization default (Weekly digest)' });
      assert.ok(await orgDefault.isChecked(), 'a new member follows the organization, a weekly digest');
      const realtime = page.getByRole('radio', { name: 'As it happens' });
      // Each choice says what it means.
      assert.match(await realtime.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby')).textContent),
        /never for reactions or follows/);
      const quietSelect = page.getByLabel(`E-mail about ${quiet.name}`);
      const loudSelect = page.getByLabel(`E-mail about ${loud.name}`);
      assert.equal(await quietSelect.inputValue(), 'default');
      assert.deepEqual(await quietSelect.locator('option').allTextContents(), ['Follow my default', 'As it happens', 'Off']);

      await realtime.check();
      await quietSelect.selectOption({ label: 'Off' });
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      const stored = await mira.client.call('GET', '/me/mail', undefined, 200);
      assert.equal(stored.default_mode, 'realtime');
      assert.equal(stored.effective_mode, 'realtime');
      assert.deepEqual(Object.fromEntries(stored.spaces.map((s) => [s.space_id, s.mode])), { [quiet.id]: 'off', [loud.id]: 'default' });
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'mail-settings.png'), fullPage: true });

      // Kept: a reload shows what was saved.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Notifications & e-mail' }).waitFor();
      await page.getByRole('radio', { name: 'As it happens' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: 'As it happens' }).isChecked());
      assert.ok(!(await page.getByRole('radio', { name: /^Organization default/ }).isChecked()));
      assert.equal(await page.getByLabel(`E-mail about ${quiet.name}`).inputValue(), 'off');
      assert.equal(await page.getByLabel(`E-mail about ${loud.name}`).inputValue(), 'default');

      // Someone replies to Mira's post: she is e-mailed at once, with the reply's words.
      const { text, replier } = await replyTo(fixture, mira, tag);
      const mail = await mailTo(fixture, mira.email, text);
      assert.equal(mail.subject, `${replier.name} replied to you`);
      assert.ok(mail.header('list-unsubscribe'), 'the e-mail can be unsubscribed from');
      mailed = { member: mira, mail };

      // The way here from the other settings pages and from Notifications.
      await page.goto('/me/security');
      await page.getByRole('link', { name: 'Notifications & e-mail' }).click();
      await page.waitForURL((url) => url.pathname === '/settings/notifications');
      await page.goto('/notifications');
      await page.getByRole('link', { name: 'E-mail settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Notifications & e-mail' }).waitFor();
    },
  },
  {
    name: 'mail: an e-mail\'s unsubscribe link asks first, then turns e-mail off without signing in; a forged link is refused',
    async run({ page, fixture }) {
      // The first journey's member and e-mail, or (run alone) the same made through the API.
      if (!mailed) {
        const member = await newMember(fixture, 'Mira');
        await member.client.call('PUT', '/me/mail', { default_mode: 'realtime' }, 200);
        const { text } = await replyTo(fixture, member, randomWord(6));
        mailed = { member, mail: await mailTo(fixture, member.email, text) };
      }
      const { member, mail } = mailed;
      const modeNow = async () => (await member.client.call('GET', '/me/mail', undefined, 200)).effective_mode;
      assert.equal(await modeNow(), 'realtime');

      // The page the e-mail links to, and the one-click link of its header, carry the same token.
      const link = new URL(/Stop these e-mails: (\S+)/.exec(mail.text)?.[1] ?? 'missing:');
      assert.equal(link.pathname, '/unsubscribe');
      const token = link.searchParams.get('token');
      const oneClick = new URL(mail.header('list-unsubscribe').slice(1, -1));
      assert.equal(oneClick.searchParams.get('token'), token);

      // This browser is not signed in. Opening the page changes nothing: it asks first.
      await page.goto(`/unsubscribe?token=${encodeURIComponent(token)}`);
      await page.getByRole('heading', { level: 1, name: 'Stop e-mails from Weft?' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/unsubscribe', 'no detour to the sign-in page');
      assert.equal(await pageTitle(page, 'Unsubscribe · Weft'), 'Unsubscribe · Weft');
      const button = page.getByRole('button', { name: 'Unsubscribe' });
      await button.waitFor();
      assert.equal(await modeNow(), 'realtime', 'opening the link changes nothing');

      await button.click();
      await page.getByRole('heading', { level: 1, name: 'You are unsubscribed' }).waitFor();
      assert.equal(await page.getByTestId('unsubscribed').textContent(), `You will get no more e-mails at ${member.email}.`);
      assert.equal(await modeNow(), 'off');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'mail-unsubscribed.png'), fullPage: true });
      // The settings page is a sign-in away.
      await page.getByRole('link', { name: 'Choose what Weft e-mails you' }).click();
      await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/settings/notifications');

      // A forged token: refused, and nothing changes.
      await member.client.call('PUT', '/me/mail', { default_mode: 'realtime' }, 200);
      const forged = token.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      await page.goto(`/unsubscribe?token=${encodeURIComponent(forged)}`);
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await page.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid.' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Unsubscribe' }).count(), 0);
      assert.equal(await modeNow(), 'realtime', 'a forged link changes nothing');
      // No token at all: said at once.
      await page.goto('/unsubscribe');
      await page.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid.' }).waitFor();
    },
  },
  {
    name: 'mail: an admin sees the relay and the outbox, sets the organization default and writes the weekly digests now',
    async run({ page, context, fixture }) {
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const before = await admin.call('GET', '/admin/mail', undefined, 200);
      assert.equal(before.default_mode, 'weekly');
      if (mailed) assert.ok(before.sent >= 1, `the reply e-mail counts as sent (${JSON.stringify(before)})`);
      try {
        await signInContext(context, kAdmin);
        await page.goto('/admin/mail');
        await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
        assert.equal(await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'E-mail' })
          .getAttribute('aria-current'), 'page');
        assert.equal(await page.getByTestId('mail-relay').textContent(), 'Configured');
        assert.equal(await page.getByTestId('mail-from').textContent(), 'weft@acme.test');
        const sent = Number(await page.getByTestId('mail-sent').textContent());
        assert.ok(sent >= before.sent, `sent ${sent}, at least ${before.sent}`);
        // The outbox drawn as bars, named by its counts.
        const chart = page.getByTestId('mail-outbox-chart');
        await chart.locator('svg').first().waitFor();
        assert.match(await chart.getAttribute('aria-label'), new RegExp(`Sent: ${sent}\\b`));

        const select = page.getByLabel('Default for everyone');
        assert.equal(await select.inputValue(), 'weekly');
        await select.selectOption({ label: 'Daily digest' });
        await page.getByRole('button', { name: 'Save default' }).click();
        await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
        assert.equal((await admin.call('GET', '/admin/mail', undefined, 200)).default_mode, 'daily');
        // Someone who never chose follows it.
        const newcomer = await newMember(fixture, 'Nia');
        assert.equal((await newcomer.client.call('GET', '/me/mail', undefined, 200)).effective_mode, 'daily');

        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/mail/digests') && r.request().method() === 'POST');
        await page.getByRole('button', { name: 'Send weekly digests now' }).click();
        const run = await (await answered).json();
        assert.equal(run.period, 'weekly');
        const shown = page.getByTestId('digest-run');
        await shown.waitFor();
        const words = await shown.textContent();
        assert.match(words, /^Weekly digests: /);
        for (const part of [`${run.queued} written to the outbox`, `${run.skipped} with nothing worth sending`,
          `${run.already} already sent before`]) {
          assert.ok(words.includes(part), `“${words}” says ${part}`);
        }
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'mail-admin.png'), fullPage: true });
      } finally {
        await admin.call('PUT', '/admin/mail', { default_mode: 'weekly' }, 200);
      }
    },
  },
];
