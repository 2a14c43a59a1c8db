// Browser journeys of records from other systems: a record sent through the signed hook that a
// member finds, talks about and opens a problem on (and whose change then shows up); the
// administrators' inbound secrets (shown once, rotated, revoked) and record-type allow-list; and
// a restricted record that stays invisible to someone outside its access list; and the loop back:
// resolving a problem opened on a record sends the outcome to the record's system by webhook.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { ApiClient, fetchRetryingBusy } from './api.mjs';
import { kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

function client(fixture, who) {
  return ApiClient.signedIn(fixture.baseURL, who.email, who.password);
}

/**
 * POST /api/v1/hooks/records signed as another system would: HMAC-SHA256 of
 * "<timestamp>.<raw body>" with the secret, in lowercase hex. Returns { status, body }.
 */
export async function sendSignedRecord(baseURL, secret, record) {
  const raw = JSON.stringify(record);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.createHmac('sha256', secret.secret).update(`${timestamp}.${raw}`).digest('hex');
  const response = await fetchRetryingBusy(`${baseURL}/api/v1/hooks/records`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Weft-Key-Id': secret.id,
      'X-Weft-Timestamp': timestamp,
      'X-Weft-Signature': `sha256=${signature}`,
    },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Asks the search API until `check(hits)` holds (the index is derived from the activity log). */
async function searchUntil(api, query, check, what) {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const page = await api.call('GET', `/search?q=${encodeURIComponent(query)}&type=record`, undefined, 200);
    if (check(page.items)) return page.items;
    if (Date.now() > deadline) throw new Error(`search for ${query}: ${what}; got ${JSON.stringify(page.items)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A webhook receiver on loopback that keeps every request it gets. */
async function startReceiver() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/weft`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export const recordJourneys = [
  {
    name: 'records: a record arrives through the signed hook and a person works on it',
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const admin = await client(fixture, kAdmin);
      const member = await client(fixture, kMember);
      const secret = await admin.call('POST', '/inbound-secrets', { name: `Expense system ${tag}`, system: 'expenses' }, 201);
      assert.match(secret.secret, /^whsec_/);
      const externalId = `EXP-${tag.toUpperCase()}`;
      const title = `Travel statement ${tag}`;
      const record = {
        system: 'expenses',
        type: 'statement',
        external_id: externalId,
        title,
        url: `https://expenses.example.com/statements/${externalId}`,
        fields: { employee: kMember.name, amount: 120, currency: 'EUR' },
      };
      const sent = await sendSignedRecord(fixture.baseURL, secret, record);
      assert.equal(sent.status, 202, `the hook accepts the signed record: ${JSON.stringify(sent.body)}`);
      assert.equal(sent.body.status, 'created');
      const recordId = sent.body.record_id;
      // A space the member belongs to, to open the problem in.
      const space = await member.call(
        'POST',
        '/spaces',
        { name: `Expense questions ${tag}`, purpose: 'Questions about expense statements', kind: 'problem', visibility: 'private' },
        201,
      );
      await searchUntil(member, tag, (hits) => hits.some((h) => h.id === recordId), 'the record is not found');

      // The member finds it in search, on the Records tab.
      await signInContext(context, kMember);
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
      await page.getByLabel('Search', { exact: true }).fill(tag);
      await page.getByRole('tab', { name: 'Records' }).click();
      const hit = page.getByRole('list', { name: 'Search results' }).locator('.search-hit[data-type="record"]').filter({ hasText: title });
      await hit.waitFor();
      assert.match(page.url(), /type=records/, 'the tab is kept in the URL');
      await hit.getByRole('link', { name: title }).click();
      await page.waitForURL(`**/records/${recordId}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();

      // Where it comes from, the link back, its fields, and who might help.
      assert.equal((await page.getByTestId('record-source').textContent()).trim(), `From expenses · statement · ${externalId}`);
      const back = page.getByRole('link', { name: /Open in expenses/ });
      assert.equal(await back.getAttribute('href'), record.url);
      assert.equal(await back.getAttribute('target'), '_blank');
      assert.equal(await back.getAttribute('rel'), 'noopener noreferrer');
      const fields = page.getByRole('table', { name: 'Fields' });
      for (const [name, value] of [['employee', kMember.name], ['amount', '120'], ['currency', 'EUR']]) {
        assert.equal((await fields.locator(`tr[data-field="${name}"] td`).textContent()).trim(), value, `field ${name}`);
      }
      await page.getByRole('heading', { name: 'People who might help' }).waitFor();
      // The demo holds expense statements people have worked on: they are named, with the record as the reason.
      await page.getByRole('link', { name: /Worked on \d+ related records? \(latest: “Expense statement/ }).first().waitFor();

      // Follow it.
      await page.getByRole('button', { name: 'Follow', exact: true }).click();
      await page.getByRole('button', { name: 'Unfollow' }).waitFor();
      await page.locator('[data-count="record-followers"]', { hasText: '1 follower' }).waitFor();

      // A post in its conversation.
      const postText = `Receipts for ${externalId} are attached in the expense system.`;
      await page.getByLabel(`Write about ${title}`).fill(postText);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      const conversation = page.getByRole('list', { name: 'Conversation about this record' });
      await conversation.getByText(postText).waitFor();
      const posts = await member.call('GET', `/records/${recordId}/posts`, undefined, 200);
      assert.equal(posts.items[0]?.record_id, recordId, 'the post is on the record');

      // A problem about it, in one of the member's spaces.
      await page.getByRole('button', { name: 'Open a problem' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: `Open a problem about “${title}”` }) });
      await form.getByLabel('Space').selectOption(space.id);
      const problemTitle = `Hotel receipt missing on ${externalId}`;
      await form.getByLabel('Problem title').fill(problemTitle);
      await form.getByLabel('What happens, and what has been tried').fill('The hotel night of the second day has no receipt.');
      await form.getByRole('button', { name: 'Post problem' }).click();
      await page.waitForURL(/\/problems\/\d+$/);
      await page.getByRole('heading', { level: 1, name: problemTitle }).waitFor();
      const problemId = new URL(page.url()).pathname.split('/').pop();
      const problem = await member.call('GET', `/problems/${problemId}`, undefined, 200);
      assert.equal(problem.record_id, recordId, 'the problem is on the record');
      assert.equal(problem.space_id, space.id, 'in the chosen space');

      // Back on the record, the problem is listed.
      await page.getByRole('link', { name: title }).click();
      await page.waitForURL(`**/records/${recordId}`);
      await page.getByRole('list', { name: 'Problems about this record' }).getByRole('link', { name: problemTitle }).waitFor();

      // The expense system sends a new amount: the change shows in the conversation and the history.
      const updated = await sendSignedRecord(fixture.baseURL, secret, { ...record, fields: { ...record.fields, amount: 145 } });
      assert.equal(updated.status, 202);
      assert.equal(updated.body.status, 'updated');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await conversation.locator('.record-change', { hasText: 'amount: 120 → 145' }).waitFor();
      assert.equal((await fields.locator('tr[data-field="amount"] td').textContent()).trim(), '145');
      const shot = path.join(fixture.artifactsDir, 'record.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);

      // A quiet change stays out of the conversation; the history has both, the quiet one marked.
      const quiet = await sendSignedRecord(fixture.baseURL, secret, {
        ...record,
        fields: { ...record.fields, amount: 145, currency: 'NOK' },
        quiet: true,
      });
      assert.equal(quiet.status, 202);
      await page.reload();
      await conversation.locator('.record-change', { hasText: 'amount: 120 → 145' }).waitFor();
      assert.equal(await conversation.locator('.record-change', { hasText: 'currency:' }).count(), 0, 'a quiet change is not announced');
      await page.getByRole('tab', { name: 'History' }).click();
      await page.waitForURL(/tab=history/);
      const history = page.getByRole('list', { name: 'Changes, newest first' });
      await history.locator('.record-change[data-quiet="false"]', { hasText: 'amount: 120 → 145' }).waitFor();
      const quietLine = history.locator('.record-change[data-quiet="true"]', { hasText: 'currency: EUR → NOK' });
      await quietLine.getByText('quiet', { exact: true }).waitFor();

      // The follower hears of the announced change (sent by a system, so no one's name on it).
      await page.goto('/notifications');
      const note = page.locator('li[data-kind="record_changed"]').first();
      await note.getByText('A record you follow was updated').waitFor();
      await note.getByRole('link').first().click();
      await page.waitForURL(`**/records/${recordId}`);

      // The records list filters by system and by what I follow.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
      await page.getByRole('heading', { level: 1, name: 'Records' }).waitFor();
      await page.getByLabel('System').fill('expenses');
      await page.getByLabel('Following only').check();
      await page.waitForURL(/followed=true/);
      await page.getByRole('list', { name: 'Records' }).getByRole('link', { name: title }).waitFor();

      // On a narrow screen the record's page fits.
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(`/records/${recordId}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByRole('heading', { name: 'People who might help' }).waitFor();
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 375, `record page scrollWidth ${width} > 375`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'record-375.png'), fullPage: true });
    },
  },
  {
    name: 'records: admins manage inbound secrets (shown once, rotated, revoked) and the accepted record types',
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const name = `Ledger ${tag}`;
      const system = `ledger${tag}`;
      const admin = await client(fixture, kAdmin);
      const record = (n) => ({ system, type: 'invoice', external_id: `INV-${tag}-${n}`, title: `Invoice ${n} ${tag}`, fields: { total: n } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await signInContext(context, kAdmin);
      try {
        await page.goto('/admin/people');
        await page.getByRole('heading', { level: 1, name: 'Manage people' }).waitFor();
        await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'Integrations' }).click();
        await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();

        // Create: the secret is shown once, and it is the one that signs.
        await page.getByLabel('Name').fill(name);
        await page.getByLabel('System (optional)').fill(system);
        await page.getByRole('button', { name: 'Create secret' }).click();
        await page.getByRole('heading', { name: `Your new secret “${name}”` }).waitFor();
        await page.getByText('Copy it now: it will not be shown again.').waitFor();
        const shown = await page.getByTestId('new-secret').inputValue();
        assert.match(shown, /^whsec_/);
        await page.getByRole('button', { name: 'Copy', exact: true }).click();
        await page.getByText(/Copied to the clipboard\.|Could not copy/).waitFor();
        const row = page.getByRole('list', { name: 'Inbound secrets' }).locator('li', { hasText: name });
        await row.waitFor();
        const secretId = await row.getAttribute('data-secret-id');
        const first = await sendSignedRecord(fixture.baseURL, { id: secretId, secret: shown }, record(1));
        assert.equal(first.status, 202, `the shown secret signs: ${JSON.stringify(first.body)}`);
        await page.screenshot({ path: path.join(fixture.artifactsDir, 'admin-integrations.png'), fullPage: true });

        // After a reload it is listed, used, and never shown again.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
        await row.waitFor();
        await row.getByText('Last used').waitFor();
        assert.equal(await page.getByTestId('new-secret').count(), 0, 'no secret on screen after a reload');
        assert.equal((await page.content()).includes(shown), false, 'the secret is not in the page');

        // Rotate with the default overlap: a new value, and the old one still signs for now.
        await row.getByRole('button', { name: `Rotate ${name}` }).click();
        assert.equal(await row.getByLabel('Old value keeps working for (hours)').inputValue(), '24');
        await row.getByRole('button', { name: 'Rotate now' }).click();
        await page.getByRole('heading', { name: `New value of “${name}”` }).waitFor();
        const rotated = await page.getByTestId('new-secret').inputValue();
        assert.match(rotated, /^whsec_/);
        assert.notEqual(rotated, shown, 'rotation gives a new value');
        await page.getByText('The previous value keeps working for 24 hours.').waitFor();
        await row.getByText('Previous value works until').waitFor();
        assert.equal((await sendSignedRecord(fixture.baseURL, { id: secretId, secret: rotated }, record(2))).status, 202);
        assert.equal((await sendSignedRecord(fixture.baseURL, { id: secretId, secret: shown }, record(3))).status, 202);
        await page.getByRole('button', { name: 'Done, I have copied it' }).click();
        assert.equal(await page.getByTestId('new-secret').count(), 0);

        // Revoke, after confirming: nothing it signs is accepted any more.
        await row.getByRole('button', { name: `Revoke ${name}` }).click();
        await row.getByRole('button', { name: 'Yes, revoke' }).click();
        await page.getByText(`Revoked “${name}”. Records it signs are refused.`).waitFor();
        await page.locator(`li[data-secret-id="${secretId}"][data-revoked="true"]`).waitFor();
        assert.equal((await sendSignedRecord(fixture.baseURL, { id: secretId, secret: rotated }, record(4))).status, 401);

        // The allow-list: empty accepts everything; an entry is added and removed.
        await page.getByText('An empty list accepts every record.').waitFor();
        await page.getByLabel('Record system').fill(system);
        await page.getByRole('button', { name: 'Accept', exact: true }).click();
        const types = page.getByRole('list', { name: 'Accepted record types' });
        const entry = types.locator(`li[data-system="${system}"][data-type="*"]`);
        await entry.waitFor();
        assert.match(await entry.textContent(), /every type/);
        const listed = await admin.call('GET', '/record-types', undefined, 200);
        assert.ok(listed.items.some((t) => t.system === system && t.type === '*'), 'the allow-list has the entry');
        await entry.getByRole('button', { name: `Remove ${system} · every type` }).click();
        await entry.waitFor({ state: 'detached' });
        await page.getByText('The list is empty: every record is accepted.').waitFor();
      } finally {
        // Other journeys send records of other systems: never leave an allow-list behind.
        await admin.call('DELETE', `/record-types/${system}/*`, undefined, [204, 404]);
      }
    },
  },
  {
    name: 'records: a restricted record is invisible to people outside its access list',
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const admin = await client(fixture, kAdmin);
      const member = await client(fixture, kMember);
      const title = `Confidential merger ${tag}`;
      const created = await admin.call(
        'PUT',
        '/records',
        {
          system: 'crm',
          type: 'deal',
          external_id: `D-${tag}`,
          title,
          fields: { stage: 'negotiation' },
          access: { people: [admin.person.id] },
        },
        201,
      );
      assert.equal(created.restricted, true);
      // The index has it (the admin finds it), so the member's empty search means something.
      await searchUntil(admin, tag, (hits) => hits.some((h) => h.id === created.id), 'the admin does not find it');
      assert.deepEqual((await member.call('GET', `/search?q=${tag}`, undefined, 200)).items, [], 'no hit for the member');

      await signInContext(context, kMember);
      await page.goto(`/records/${created.id}`);
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      await page.getByText('This record does not exist, or you may not see it.').waitFor();
      assert.equal(await page.getByText(title).count(), 0, 'nothing of the record shows');

      await page.goto(`/search?q=${tag}`);
      await page.getByRole('status').filter({ hasText: `Nothing found for “${tag}”.` }).waitFor();
      await page.getByRole('tab', { name: 'Records' }).click();
      await page.getByRole('status').filter({ hasText: `Nothing found for “${tag}”.` }).waitFor();
      await page.goto('/records?system=crm');
      await page.getByRole('heading', { level: 1, name: 'Records' }).waitFor();
      await page.locator('.list-status').filter({ hasNotText: 'Loading' }).waitFor();
      assert.equal(await page.getByRole('link', { name: title }).count(), 0, 'not in the records list');

      // An administrator sees it, marked restricted, with its access list.
      const other = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
      try {
        await signInContext(other, kAdmin);
        const adminPage = await other.newPage();
        await adminPage.goto(`/records/${created.id}`);
        await adminPage.getByRole('heading', { level: 1, name: title }).waitFor();
        await adminPage.locator('.record__badges').getByText('Restricted').waitFor();
        await adminPage.getByRole('link', { name: `#${admin.person.id}` }).waitFor();
        await adminPage.screenshot({ path: path.join(fixture.artifactsDir, 'record-restricted-admin.png'), fullPage: true });
      } finally {
        await other.close();
      }
    },
  },
  {
    name: 'records: resolving a problem opened on a record sends the outcome back to its system through a webhook',
    async run({ page, context, fixture }) {
      const tag = randomWord(8);
      const admin = await client(fixture, kAdmin);
      const member = await client(fixture, kMember);
      const receiver = await startReceiver();
      try {
        const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
        const webhook = await admin.call('POST', '/webhooks', { url: receiver.url, events: ['problem.resolved'], secret }, 201);
        const externalId = `CASE-${tag.toUpperCase()}`;
        const record = await member.call('PUT', '/records',
          { system: 'support', type: 'case', external_id: externalId, title: `Customer cannot sign in ${tag}` }, 201);
        const space = await member.call('POST', '/spaces',
          { name: `Support ${tag}`, purpose: 'Customer cases', kind: 'problem', visibility: 'public' }, 201);
        const problem = await member.call('POST', `/spaces/${space.id}/problems`,
          { title: `Sign-in fails for ${externalId}`, body: 'Since this morning.', record_id: record.id }, 201);
        // The administrator joins and answers; the member accepts the answer in the browser.
        const me = await admin.call('GET', '/me', undefined, 200);
        await admin.call('POST', `/spaces/${space.id}/join`, undefined, [202, 204]);
        await admin.call('POST', `/problems/${problem.id}/solutions`, { body: 'Reset the single sign-on link.' }, 201);

        await signInContext(context, kMember);
        await page.goto(`${fixture.baseURL}/problems/${problem.id}`);
        await page.getByRole('heading', { level: 1, name: problem.title }).waitFor();
        await page.getByRole('button', { name: `Accept this solution by ${me.name}` }).click();
        await page.getByRole('article', { name: `Accepted solution by ${me.name}` }).waitFor();

        // The support system hears of it: problem.resolved, signed, naming its case.
        const deadline = Date.now() + 10_000;
        while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        assert.equal(receiver.requests.length, 1, 'one delivery');
        const got = receiver.requests[0];
        const body = JSON.parse(got.body);
        assert.equal(body.type, 'problem.resolved');
        assert.equal(body.data.id, problem.id);
        assert.equal(body.record.external_id, externalId);
        assert.equal(body.record.system, 'support');
        assert.equal(body.outcome.status, 'resolved');
        const mac = crypto.createHmac('sha256', secret).update(`${got.headers['x-weft-timestamp']}.${got.body}`).digest('hex');
        assert.equal(got.headers['x-weft-signature'], `sha256=${mac}`, 'signed with the webhook\'s secret');

        // The webhook's page shows the delivery as succeeded.
        await signInContext(context, kAdmin);
        await page.goto(`${fixture.baseURL}/admin/webhooks/${webhook.id}`);
        await page.getByText('problem.resolved').first().waitFor();
        await page.getByRole('cell', { name: /succeeded/i }).first().waitFor();
        await admin.call('DELETE', `/webhooks/${webhook.id}`, undefined, 204);
      } finally {
        await receiver.close();
      }
    },
  },
];
