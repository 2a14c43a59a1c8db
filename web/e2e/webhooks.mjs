// Browser journey of outbound webhooks: an administrator registers a webhook to a receiver run by
// the test, with a secret generated in the page; a test event, then real events, are delivered
// signed with it; a receiver that answers 410 Gone disables the webhook (and the admin is notified,
// with a link back to it), and enabling it again sends what waited; a delivery is sent again from
// the log. The server runs with WEFT_WEBHOOK_ALLOW_PRIVATE=true (the receiver is on 127.0.0.1) and
// WEFT_WEBHOOK_RETRY_SCALE=0.001.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { kAdmin, randomWord, signInContext } from './journeys.mjs';

/**
 * A webhook receiver on 127.0.0.1: records every request (headers and raw body) and answers 204,
 * or what it is told: `failNext(n, status)` answers the next n requests with `status`, and
 * `holdNext()` keeps the next request waiting until the returned function answers it.
 */
export async function startReceiver() {
  const requests = [];
  const failures = [];
  let held = null;
  let holdRequested = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method, url: req.url, headers: req.headers, body, json: null, answered: null };
      try {
        entry.json = JSON.parse(body);
      } catch {
        entry.json = null;
      }
      requests.push(entry);
      const answer = (status, text = '') => {
        entry.answered = status;
        res.writeHead(status, text ? { 'Content-Type': 'text/plain' } : {});
        res.end(text);
      };
      if (holdRequested) {
        const { resolve } = holdRequested;
        holdRequested = null;
        held = { entry, answer };
        resolve(entry);
        return;
      }
      if (failures.length > 0) {
        const status = failures.shift();
        answer(status, `failing on purpose with ${status}`);
        return;
      }
      answer(204);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status = 500) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    /** Returns { arrived: Promise<entry>, answer(status, text) }. */
    holdNext() {
      let resolveArrived;
      const arrived = new Promise((resolve) => {
        resolveArrived = resolve;
      });
      holdRequested = { resolve: resolveArrived };
      return {
        arrived,
        answer: (status, text) => {
          const current = held;
          held = null;
          current?.answer(status, text);
        },
      };
    },
    async waitFor(predicate, what, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = requests.map((r) => `${r.headers['x-weft-event-id']} ${r.json?.type} → ${r.answered}`);
          throw new Error(`receiver: ${what} did not arrive within ${ms} ms; got ${JSON.stringify(seen)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close() {
      held?.answer(503);
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Checks both signatures of a delivery the way a receiver would, with the secret it was given. */
export function verifyDelivery(request, secret) {
  const h = request.headers;
  const timestamp = h['x-weft-timestamp'];
  assert.match(timestamp ?? '', /^\d+$/, 'X-Weft-Timestamp is seconds');
  assert.ok(Math.abs(Date.now() / 1000 - Number(timestamp)) < 300, 'the timestamp is current');
  const weft = `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  assert.equal(h['x-weft-signature'], weft, 'X-Weft-Signature verifies with the secret');
  assert.equal(h['webhook-id'], h['x-weft-event-id'], 'webhook-id is the event id');
  assert.equal(h['webhook-timestamp'], timestamp);
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
  const standard = crypto
    .createHmac('sha256', key)
    .update(`${h['webhook-id']}.${timestamp}.${request.body}`)
    .digest('base64');
  const given = String(h['webhook-signature'] ?? '').split(' ');
  assert.ok(given.includes(`v1,${standard}`), `webhook-signature verifies (Standard Webhooks): ${given}`);
  assert.equal(h['content-type'], 'application/json');
}

async function until(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const webhookJourneys = [
  {
    name: 'webhooks: admins register a webhook, send a test event and see deliveries',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const receiver = await startReceiver();
      const target = `${receiver.url}/weft/${tag}`;
      let webhookId = null;
      try {
        await signInContext(context, kAdmin);
        await page.goto('/admin/integrations');
        await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
        const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Webhooks' }) });
        const form = section.locator('form', { has: page.getByRole('heading', { name: 'Register a webhook' }) });

        // The server refuses a URL with credentials in it, and says so under the URL.
        await form.getByLabel('Receiver URL').fill(`http://user:pass@127.0.0.1:1/weft/${tag}`);
        await form.getByLabel('post.created', { exact: true }).check();
        await form.getByRole('button', { name: 'Generate secret' }).click();
        await form.getByRole('button', { name: 'Register webhook' }).click();
        const urlError = form.locator('.field--invalid', { has: page.getByLabel('Receiver URL') }).locator('.field__error');
        await urlError.waitFor();
        fixture.note(`url refused: ${(await urlError.textContent()).trim()}`);

        // The real one: post.created only, with a secret generated in the page, read before sending.
        await form.getByLabel('Receiver URL').fill(target);
        await form.getByText('The secret is shown only now: give it to the receiver').waitFor();
        await form.getByRole('button', { name: 'Generate secret' }).click();
        const secret = await form.getByLabel('Secret', { exact: true }).inputValue();
        assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/, 'a Standard Webhooks secret');
        assert.equal(Buffer.from(secret.slice(6), 'base64').length, 32, 'of 32 random bytes');
        assert.equal(await form.getByLabel('post.created', { exact: true }).isChecked(), true);
        assert.equal(await form.getByLabel('Enabled').isChecked(), true);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'webhook-register.png'), fullPage: true });
        await form.getByRole('button', { name: 'Register webhook' }).click();
        const row = section.getByRole('list', { name: 'Webhooks' }).locator('li', { hasText: target });
        await row.waitFor();
        webhookId = await row.getAttribute('data-webhook-id');
        assert.equal(await row.getAttribute('data-enabled'), 'true');
        await row.getByText('post.created').waitFor();
        assert.equal(await form.getByLabel('Secret', { exact: true }).inputValue(), '', 'the form forgets the secret');
        const listed = await admin.call('GET', `/webhooks/${webhookId}`, undefined, 200);
        assert.deepEqual(listed.events, ['post.created']);
        assert.equal(JSON.stringify(listed).includes(secret), false, 'the API never shows the secret');

        // Its page: a test event, answered 204, signed with the secret.
        await row.getByRole('link', { name: target }).click();
        await page.waitForURL(`**/admin/webhooks/${webhookId}`);
        await page.getByRole('heading', { level: 1, name: 'Webhook' }).waitFor();
        assert.equal(await page.getByTestId('webhook-url').textContent(), target);
        await page.getByRole('button', { name: 'Send test event' }).click();
        const result = page.getByTestId('test-result');
        await result.waitFor();
        assert.equal(await result.getAttribute('data-status-code'), '204');
        await result.getByText(/The receiver answered 204 in \d+ ms\./).waitFor();
        const test = await receiver.waitFor((r) => r.json?.type === 'webhook.test', 'the test event');
        verifyDelivery(test, secret);
        assert.equal(test.json.data.webhook_id, webhookId);
        const log = page.getByRole('table', { name: 'Deliveries, newest first' });
        await log.locator(`tr[data-event-type="webhook.test"][data-status="succeeded"]`, { hasText: test.headers['x-weft-event-id'] }).waitFor();

        // A post: its delivery is refused once with 500, retried, and succeeds.
        receiver.failNext(1, 500);
        const first = await admin.call('POST', '/posts', { body: `Webhook check ${tag} one`, audience: 'public' }, 201);
        const delivered = await receiver.waitFor(
          (r) => r.json?.type === 'post.created' && r.json.data?.id === first.id && r.answered === 204,
          'post.created for the first post',
        );
        verifyDelivery(delivered, secret);
        const firstEventId = delivered.headers['x-weft-event-id'];
        const attemptsSeen = receiver.requests.filter((r) => r.headers['x-weft-event-id'] === firstEventId);
        assert.equal(attemptsSeen.length, 2, 'refused once, then delivered');
        assert.equal(attemptsSeen[0].answered, 500);
        verifyDelivery(attemptsSeen[0], secret);
        assert.equal(attemptsSeen[0].body, attemptsSeen[1].body, 'a retry sends the same body');
        assert.equal(delivered.json.id, firstEventId);
        assert.equal(delivered.json.actor, admin.person.id);
        const firstRow = log.locator(`tr[data-event-id="${firstEventId}"][data-redelivery-of=""]`);
        await firstRow.and(page.locator('[data-status="succeeded"]')).waitFor();
        assert.equal((await firstRow.locator('[data-cell="attempts"]').textContent()).trim(), '2');
        assert.equal((await firstRow.locator('[data-cell="response"]').textContent()).trim(), '204');

        // The receiver goes away: it holds the next delivery while another post queues behind it,
        // then answers 410 Gone. Weft disables the webhook; the queued delivery waits.
        const hold = receiver.holdNext();
        const second = await admin.call('POST', '/posts', { body: `Webhook check ${tag} two`, audience: 'public' }, 201);
        const secondRequest = await hold.arrived;
        assert.equal(secondRequest.json.data.id, second.id);
        const third = await admin.call('POST', '/posts', { body: `Webhook check ${tag} three`, audience: 'public' }, 201);
        await until(async () => {
          const pending = await admin.call('GET', `/webhooks/${webhookId}/deliveries?status=pending`, undefined, 200);
          return pending.items.length >= 2;
        }, 'the third post queued behind the held delivery');
        hold.answer(410, 'gone for good');
        await until(async () => !(await admin.call('GET', `/webhooks/${webhookId}`, undefined, 200)).enabled, 'disabled');
        await page.reload();
        const banner = page.getByTestId('webhook-disabled');
        await banner.getByText('Disabled: the receiver answered 410 Gone').waitFor();
        await banner.getByText('1 delivery waits').waitFor();
        const secondEventId = secondRequest.headers['x-weft-event-id'];
        const goneRow = log.locator(`tr[data-event-id="${secondEventId}"]`);
        await goneRow.and(page.locator('[data-status="failed"]')).waitFor();
        assert.equal((await goneRow.locator('[data-cell="response"] summary').textContent()).trim(), '410');
        assert.equal(receiver.requests.some((r) => r.json?.data?.id === third.id), false, 'nothing sent while disabled');
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'webhook-disabled.png'), fullPage: true });

        // Admins are told: the notification links back to the webhook.
        await page.goto('/notifications');
        const note = page.locator('li[data-kind="webhook_disabled"]', { has: page.locator(`a[href="/admin/webhooks/${webhookId}"]`) });
        const noteLink = note.getByRole('link', { name: 'A webhook stopped delivering and was disabled' });
        await noteLink.waitFor();
        await noteLink.click();
        await page.waitForURL(`**/admin/webhooks/${webhookId}`);
        await banner.getByText('Disabled: the receiver answered 410 Gone').waitFor();

        // Enable again (the receiver answers 204 again): the waiting delivery goes out and succeeds.
        await banner.getByRole('button', { name: 'Enable again' }).click();
        await banner.waitFor({ state: 'detached' });
        const thirdRequest = await receiver.waitFor((r) => r.json?.data?.id === third.id, 'post.created for the third post');
        verifyDelivery(thirdRequest, secret);
        const thirdRow = log.locator(`tr[data-event-id="${thirdRequest.headers['x-weft-event-id']}"]`);
        await thirdRow.and(page.locator('[data-status="succeeded"]')).waitFor();

        // Redeliver the first post's delivery: a new row, sent again with the same event id.
        const rowsBefore = await log.locator('tbody tr').count();
        const firstDeliveryId = await firstRow.getAttribute('data-delivery-id');
        await firstRow.getByRole('button', { name: `Redeliver delivery ${firstDeliveryId}` }).click();
        const again = log.locator(`tr[data-redelivery-of="${firstDeliveryId}"]`);
        await again.waitFor();
        await again.getByText(`redelivery of #${firstDeliveryId}`).waitFor();
        await again.and(page.locator('[data-status="succeeded"]')).waitFor();
        assert.equal(await log.locator('tbody tr').count(), rowsBefore + 1, 'one more row');
        await until(
          () => receiver.requests.filter((r) => r.headers['x-weft-event-id'] === firstEventId && r.answered === 204).length === 2,
          'the redelivery at the receiver',
        );

        // The outcome strip counts them; the status filter narrows the log.
        const outcomes = page.getByTestId('webhook-outcomes');
        await outcomes.locator('[data-count="failed"]', { hasText: '1 failed' }).waitFor();
        await outcomes.locator('[data-count="pending"]', { hasText: '0 pending' }).waitFor();
        await page.getByLabel('Status').selectOption('failed');
        await page.waitForURL(/status=failed/);
        await until(async () => (await log.locator('tbody tr').count()) === 1, 'only the failed delivery is listed');
        assert.equal(await log.locator('tbody tr').getAttribute('data-event-id'), secondEventId);
        await page.getByLabel('Status').selectOption('');
        await until(async () => (await log.locator('tbody tr').count()) === rowsBefore + 1, 'all deliveries again');
        await page.evaluate(() => window.scrollTo(0, 0));
        const shot = path.join(fixture.artifactsDir, 'webhook.png');
        await page.screenshot({ path: shot, fullPage: true });
        fixture.note(`screenshot: ${shot}`);

        // On a narrow screen the page fits; the log scrolls inside its card.
        await page.setViewportSize({ width: 375, height: 812 });
        await page.reload();
        await log.locator('tbody tr').first().waitFor();
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= 375, `webhook page scrollWidth ${width} > 375`);
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'webhook-375.png'), fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });

        // Edit its events; disable it by hand, and enable it again.
        await page.getByRole('button', { name: 'Edit', exact: true }).click();
        const edit = page.locator('form', { has: page.getByRole('heading', { name: 'Edit the webhook' }) });
        assert.equal(await edit.getByLabel('Receiver URL').inputValue(), target);
        await edit.getByLabel('post.replied', { exact: true }).check();
        await edit.getByRole('button', { name: 'Save changes' }).click();
        await edit.waitFor({ state: 'detached' });
        await page.getByTestId('webhook-events').getByText('post.created, post.replied').waitFor();
        assert.deepEqual((await admin.call('GET', `/webhooks/${webhookId}`, undefined, 200)).events.sort(), ['post.created', 'post.replied']);
        await page.getByRole('button', { name: 'Disable', exact: true }).click();
        await banner.getByText('Disabled by an admin').waitFor();
        await banner.getByRole('button', { name: 'Enable again' }).click();
        await banner.waitFor({ state: 'detached' });

        // Delete it, after confirming: back on the integrations page, it is gone.
        await page.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.getByRole('button', { name: 'Yes, delete' }).click();
        await page.waitForURL('**/admin/integrations');
        await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
        await page.getByRole('heading', { name: 'Register a webhook' }).waitFor();
        await until(async () => (await page.locator(`li[data-webhook-id="${webhookId}"]`).count()) === 0, 'no longer listed');
        await admin.call('GET', `/webhooks/${webhookId}`, undefined, 404);
        webhookId = null;
      } finally {
        if (webhookId) await admin.call('DELETE', `/webhooks/${webhookId}`, undefined, [204, 404]).catch(() => undefined);
        await receiver.close();
      }
    },
  },
];
