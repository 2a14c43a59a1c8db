// Browser journeys of the outcomes dashboard: a member opens it from the navigation and sees the
// same figures the API answers for the same period, the two charts with their text alternatives,
// changes the period and the unit (both kept in the URL), and is told why a space they may not see
// has no figures; and the page fits a phone.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

const kAllTime = '1970-01-01T00:00:00Z';

function outcomes(api, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined));
  const text = params.toString();
  return api.call('GET', `/analytics/outcomes${text ? `?${text}` : ''}`, undefined, 200);
}

/** The text of a figure once the report has settled on `expected` (it may still be updating). */
async function figureSettles(page, key, expected, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  const report = page.locator('.outcomes-report');
  const figure = page.getByTestId(`outcome-${key}`);
  let last = null;
  for (;;) {
    if ((await report.count()) > 0 && (await report.getAttribute('data-loading')) === 'false') {
      last = (await figure.textContent())?.trim() ?? null;
      if (last === String(expected)) return last;
    }
    if (Date.now() > deadline) throw new Error(`figure ${key}: expected ${expected}, the page shows ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function chartsDrawn(page) {
  for (const name of [/^Unsolved problems by age:/, /^Ideas by stage:/]) {
    const chart = page.getByRole('img', { name });
    await chart.locator('svg').first().waitFor();
    assert.equal(await chart.locator('svg').count() >= 1, true);
  }
  assert.equal(await page.locator('[role="img"].outcome-chart__plot').count(), 2, 'two charts');
}

export const analyticsJourneys = [
  {
    name: 'outcomes: a member opens the outcomes dashboard, sees the figures and charts, and changes the period',
    async run({ page, context, fixture }) {
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);
      const recent = await outcomes(member);

      await signInContext(context, kMember);
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outcomes' }).click();
      await page.waitForURL(/\/analytics$/);
      await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
      assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), '30d');
      await figureSettles(page, 'problems-opened', recent.problems.opened);
      await figureSettles(page, 'problems-resolved', recent.problems.resolved);
      await figureSettles(page, 'chains-completed', recent.chains_completed);
      await chartsDrawn(page);

      // The text alternative of the stages chart names every stage with its count, and the hidden
      // table holds the same numbers.
      const stages = page.getByRole('img', { name: /^Ideas by stage:/ });
      const label = await stages.getAttribute('aria-label');
      const underReview = recent.ideas.by_stage.find((s) => s.name === 'under_review').count;
      assert.match(label, new RegExp(`Under review: ${underReview}`));
      const table = page.getByRole('table', { name: 'Ideas by stage' });
      assert.equal(await table.locator('tbody tr').count(), recent.ideas.by_stage.length);

      const people = page.getByTestId('outcome-people');
      if (recent.participation.people === null) {
        assert.equal((await people.textContent()).trim(), 'Withheld');
        await page.getByText(`withheld — fewer than ${recent.participation.min_group} people`).waitFor();
      } else {
        assert.equal((await people.textContent()).trim(), String(recent.participation.people));
      }
      const shot = path.join(fixture.artifactsDir, 'outcomes.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);

      // All time: the URL says so, and the figure is the API's for all time.
      const all = await outcomes(member, { from: kAllTime });
      assert.ok(all.problems.opened >= recent.problems.opened);
      await page.getByLabel('Period', { exact: true }).selectOption({ label: 'All time' });
      await page.waitForURL(/\/analytics\?period=all$/);
      await figureSettles(page, 'problems-opened', all.problems.opened);
      await chartsDrawn(page);

      // The same report downloads as CSV.
      const csv = page.getByTestId('outcomes-csv');
      assert.match(await csv.getAttribute('href'), /^\/api\/v1\/analytics\/outcomes\/export\?from=1970/);
      const download = await page.request.get(await csv.getAttribute('href'));
      assert.equal(download.status(), 200);
      assert.match(await download.text(), new RegExp(`\r\nproblems_opened,${all.problems.opened}\r\n`));

      // Behind a figure: the problems resolved, each a link to its page.
      assert.ok(all.problems.resolved > 0, 'the demo resolved problems');
      const resolvedCard = page.locator('[data-figure="problems-resolved"]');
      await resolvedCard.getByText('Which', { exact: true }).click();
      const behind = resolvedCard.getByTestId('behind-problems_resolved');
      await behind.getByRole('link').first().waitFor();
      const expected = await member.call('GET', `/analytics/outcomes/items?figure=problems_resolved&limit=50&from=${encodeURIComponent(kAllTime)}`, undefined, 200);
      assert.equal(await behind.getByRole('link').count(), expected.items.length);
      const first = behind.getByRole('link').first();
      assert.equal(await first.getAttribute('href'), `/problems/${expected.items[0].id}`);
      await first.click();
      await page.waitForURL(`**/problems/${expected.items[0].id}`);
      await page.getByRole('heading', { level: 1, name: expected.items[0].title }).waitFor();
      await page.goBack();
      await page.waitForURL(/\/analytics\?period=all$/);
      await figureSettles(page, 'problems-opened', all.problems.opened);

      // A unit: the one whose people opened the most problems of all time, if any did.
      const units = (await member.call('GET', '/units', undefined, 200)).items;
      let chosen = null;
      for (const unit of units.slice(0, 40)) {
        const report = await outcomes(member, { from: kAllTime, unit_id: unit.id });
        if (!chosen || report.problems.opened > chosen.report.problems.opened) chosen = { unit, report };
      }
      assert.ok(chosen, 'the demo has units');
      await page.getByLabel('Unit', { exact: true }).selectOption(chosen.unit.id);
      await page.waitForURL(new RegExp(`/analytics\\?period=all&unit=${chosen.unit.id}$`));
      await figureSettles(page, 'problems-opened', chosen.report.problems.opened);

      // The view can be linked: a reload shows the same.
      await page.reload();
      await figureSettles(page, 'problems-opened', chosen.report.problems.opened);
      assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'all');
      const unitPicker = page.getByLabel('Unit', { exact: true });
      await unitPicker.locator(`option[value="${chosen.unit.id}"]`).waitFor({ state: 'attached' });
      assert.equal(await unitPicker.inputValue(), chosen.unit.id, 'the linked unit shows as chosen');

      // A secret space the member is not in: the server's reason is shown, and no figures.
      const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
      const secret = await admin.call('POST', '/spaces',
        { name: `Board minutes ${randomWord(6)}`, purpose: 'Closed', kind: 'project', visibility: 'secret' }, 201);
      const refused = await fetch(`${fixture.baseURL}/api/v1/analytics/outcomes?space_id=${secret.id}`,
        { headers: { Cookie: member.cookie, Accept: 'application/json' } });
      assert.ok([403, 404].includes(refused.status), `outcomes of a secret space: ${refused.status}`);
      const { error } = await refused.json();
      await page.goto(`/analytics?space=${secret.id}`);
      await page.getByRole('alert').filter({ hasText: error.message }).waitFor();
      assert.equal(await page.locator('.outcomes-report').count(), 0);
    },
  },
  {
    name: 'outcomes (375 px): the dashboard fits a phone, figures wrap and the charts shrink',
    viewport: { width: 375, height: 800 },
    async run({ page, context, fixture }) {
      await signInContext(context, kMember);
      await page.goto('/analytics?period=all');
      await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
      await page.locator('.outcomes-report[data-loading="false"]').waitFor();
      await chartsDrawn(page);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `outcomes scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
      const chartWidth = await page.getByRole('img', { name: /^Ideas by stage:/ }).locator('svg').first()
        .evaluate((svg) => svg.getBoundingClientRect().width);
      assert.ok(chartWidth <= clientWidth, `chart ${chartWidth} px wide`);
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'outcomes-375.png'), fullPage: true });
    },
  },
];
