// Browser journeys of the analytics dashboard. Outcomes: a member opens it from the navigation and
// sees the same figures the API answers for the same period, the two charts with their text
// alternatives, changes the period and the unit (both kept in the URL), and is told why a space
// they may not see has no figures; and the page fits a phone. Network and engagement: over the
// demo organization plus a small scene made here (two new units of five people, a post of one
// answered and reshared twice by the other, a problem solved across them), a member sees the unit
// heat map, the units picture and the brokers of what every member may see, then their own figures
// (which hold the scene) and another period, and on the engagement page sees reached vs connected
// and the scene's reshare cascade once they pick its unit; both pages fit a phone. Both download
// their figures as CSV, and names a spreadsheet would run as formulas come out defused. Knowledge
// captured: for a space of its own with two problems resolved and two proposals decided, one of
// each written up (a page promoted from it, or a page linking to it), the dashboard shows the
// pages written and saved and "1 of 2" with a bar half full; a space with nothing says so.

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { freshPerson, kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

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

// ---- Network and engagement ----

function network(api, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined));
  const text = params.toString();
  return api.call('GET', `/analytics/network${text ? `?${text}` : ''}`, undefined, 200);
}

function engagement(api, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined));
  const text = params.toString();
  return api.call('GET', `/analytics/engagement${text ? `?${text}` : ''}`, undefined, 200);
}

// Counts are shown in the browser's locale ("1,234" in en-US): the journeys read it from the page.
let pageLocale = 'en-US';
async function readLocale(page) {
  pageLocale = await page.evaluate(() => navigator.language);
}
const count = (n) => n.toLocaleString(pageLocale);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const percent = (share) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/**
 * Polls until `check` returns something truthy; `describe` says what was last seen on failure.
 * The figures are computed by the server in the background at times, so the page may show an
 * answer a moment older than the API's: both are asked again until they agree.
 */
async function until(check, describe, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The figure `key` of the page's settled report equals the API's answer (asked again while not). */
async function reportSettles(page, reportClass, testId, expectedOf) {
  const report = page.locator(`.${reportClass}`);
  let shown = null;
  let expected = null;
  return until(async () => {
    if ((await report.count()) === 0 || (await report.getAttribute('data-loading')) !== 'false') return null;
    shown = (await page.getByTestId(testId).textContent())?.trim() ?? null;
    expected = await expectedOf();
    return shown === expected ? shown : null;
  }, () => `${testId}: expected ${expected}, the page shows ${shown}`);
}

/**
 * Two new units of five people each (at the default privacy floor of 5, so both are shown), made
 * once per run: Ada of the kilns posts, Fay and Gil of the dyes reply, Fay reshares it and Hal
 * reshares Fay's reshare (a cascade two deep); Ivy follows Fay. Bo of the kilns posts and nobody
 * answers. In a public space of Ada's, Gil solves Ada's problem and Ada accepts it.
 */
function analyticsScene(fixture) {
  fixture.analyticsScene ??= (async () => {
    const admin = await ApiClient.signedIn(fixture.baseURL, kAdmin.email, kAdmin.password);
    const tag = randomWord(6);
    const Tag = `${tag[0].toUpperCase()}${tag.slice(1)}`;
    const kilns = await admin.call('POST', '/units', { name: `Kilns ${Tag}`, parent_id: null }, 201);
    // A unit and a person whose names a spreadsheet would run as formulas, and that need quoting.
    const dyes = await admin.call('POST', '/units', { name: `=Dyes "${Tag}", east`, parent_id: null }, 201);
    const people = {};
    for (const [first, unit] of [
      ['Ada', kilns], ['Bo', kilns], ['Cy', kilns], ['Di', kilns], ['Ed', kilns],
      ['Fay', dyes], ['Gil', dyes], ['Hal', dyes], ['Ivy', dyes], ['Jo', dyes],
    ]) {
      const email = `${first.toLowerCase()}.${tag}@e2e.test`;
      const password = `analytics-${tag}`;
      const created = await admin.call('POST', '/people',
        { name: first === 'Hal' ? `=Hal ${Tag}` : `${first} ${Tag}`, email, password, role: 'member', unit_id: unit.id, title: `Of ${unit.name}` }, 201);
      people[first] = { ...created, email, password };
    }
    const as = (first) => ApiClient.signedIn(fixture.baseURL, people[first].email, people[first].password);
    const [ada, bo, fay, gil, hal, ivy] = await Promise.all(['Ada', 'Bo', 'Fay', 'Gil', 'Hal', 'Ivy'].map(as));

    const post = await ada.call('POST', '/posts', { body: `Kiln firing log ${tag}: the cone 6 schedule`, audience: 'public' }, 201);
    await fay.call('POST', `/posts/${post.id}/replies`, { body: 'Which clay body?' }, 201);
    await gil.call('POST', `/posts/${post.id}/replies`, { body: 'Thanks, trying it on Friday' }, 201);
    const first = await fay.call('POST', '/posts', { reshare_of: post.id, audience: 'public', body: 'For the dye room' }, 201);
    await hal.call('POST', '/posts', { reshare_of: first.id, audience: 'public' }, 201);
    await ivy.call('PUT', `/people/${people.Fay.id}/follow`, undefined, [200, 204]);
    await bo.call('POST', '/posts', { body: `Glaze stock is low ${tag}`, audience: 'public' }, 201);

    const space = await ada.call('POST', '/spaces',
      { name: `Kiln room ${Tag}`, purpose: 'Firing schedules', kind: 'problem', visibility: 'public' }, 201);
    await gil.call('POST', `/spaces/${space.id}/join`, undefined, [200, 201, 204]);
    const problem = await ada.call('POST', `/spaces/${space.id}/problems`,
      { title: `Crawling glaze ${tag}`, body: 'The glaze pulls back from the edges.' }, 201);
    const solution = await gil.call('POST', `/problems/${problem.id}/solutions`, { body: 'Wipe the bisque before glazing.' }, 201);
    await ada.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
    return { tag, kilns, dyes, people, post };
  })();
  return fixture.analyticsScene;
}

/**
 * Clicks "Download as CSV" (test id `${report}-csv`) and reads the file the browser saves (kept
 * with the artifacts): its name, its text and its rows, each parsed from quoted or bare fields.
 * Every line ends in CRLF.
 */
async function downloadCsv(page, report, fixture) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${report}-csv`).click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^weft-${report}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const saved = path.join(fixture.artifactsDir, download.suggestedFilename());
  await download.saveAs(saved);
  fixture.note(`csv: ${saved}`);
  const text = await fs.readFile(saved, 'utf8');
  assert.ok(text.endsWith('\r\n'), 'the file ends with CRLF');
  const rows = [];
  let row = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      for (at += 1; ; at += 1) {
        if (text[at] === '"' && text[at + 1] === '"') { field += '"'; at += 1; } else if (text[at] === '"') { at += 1; break; } else field += text[at];
      }
    } else {
      while (at < text.length && text[at] !== ',' && text[at] !== '\r' && text[at] !== '\n') field += text[at++];
    }
    row.push(field);
    if (text[at] === ',') { at += 1; continue; }
    assert.equal(text.slice(at, at + 2), '\r\n', `a line ends in CRLF at ${at}`);
    at += 2;
    rows.push(row);
    row = [];
  }
  assert.deepEqual(rows[0], ['section', 'name', 'to', 'figure', 'value']);
  for (const r of rows) assert.equal(r.length, 5, `five fields: ${JSON.stringify(r)}`);
  /** The value of `figure` in the row of `section` about `name` (and `to`), or undefined. */
  const value = (section, name, figure, to = '') =>
    rows.find((r) => r[0] === section && r[1] === name && r[2] === to && r[3] === figure)?.[4];
  return { text, rows, value };
}

/** A name as the CSV writes it: text a spreadsheet would run as a formula gets a leading '. */
const defused = (name) => (/^[=+\-@]/.test(name) ? `'${name}` : name);
const fraction = (share) => (share === null ? '' : String(Number(share.toFixed(4))));

/** Every figure `svg` inside the chart named `name` (an ARIA image) is drawn. */
async function chartDrawn(page, name) {
  const chart = page.getByRole('img', { name });
  await chart.first().waitFor();
  if ((await chart.first().evaluate((element) => element.tagName.toLowerCase())) !== 'svg') {
    await chart.locator('svg').first().waitFor();
  }
  return chart.first();
}

async function fitsThePhone(page, what) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `${what}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
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
  {
    name: 'outcomes: knowledge captured shows the pages written and saved, and how many outcomes a page records',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const ada = await freshPerson(fixture, 'Ada');
      const ben = await freshPerson(fixture, 'Ben');
      const owner = await ApiClient.signedIn(fixture.baseURL, ada.email, ada.password);
      const solver = await ApiClient.signedIn(fixture.baseURL, ben.email, ben.password);
      const space = await owner.call('POST', '/spaces',
        { name: `Dye house ${ada.tag}`, purpose: 'Colour', kind: 'project', visibility: 'private' }, 201);
      await owner.call('PUT', `/spaces/${space.id}/members/${ben.id}`, { role: 'member' }, 204);
      const resolved = [];
      for (const title of [`Streaky indigo ${ada.tag}`, `Faded madder ${ada.tag}`]) {
        const problem = await owner.call('POST', `/spaces/${space.id}/problems`, { title, body: 'It happens on every batch.' }, 201);
        const solution = await solver.call('POST', `/problems/${problem.id}/solutions`, { body: 'Soak the cloth longer.' }, 201);
        await owner.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
        resolved.push(problem);
      }
      const decided = [];
      for (const [title, decision] of [[`Buy a second vat ${ada.tag}`, 'adopted'], [`Night dyeing ${ada.tag}`, 'rejected']]) {
        const proposal = await owner.call('POST', `/spaces/${space.id}/proposals`,
          { title, body: 'Decide this month.', closes_at: new Date(Date.now() + 3 * 86400_000).toISOString() }, 201);
        await owner.call('POST', `/proposals/${proposal.id}/close`, { outcome: 'Decided at the meeting', decision }, 200);
        decided.push(proposal);
      }
      // One problem written up by promotion; one decision by a page that links to it, saved twice.
      await owner.call('POST', '/pages/promote', { source_type: 'problem', source_id: resolved[0].id }, [200, 201]);
      const notes = await owner.call('POST', `/spaces/${space.id}/pages`,
        { title: `Vat notes ${ada.tag}`, body: `We chose [a second vat](/proposals/${decided[0].id}).` }, 201);
      await owner.call('PUT', `/pages/${notes.id}`,
        { title: notes.title, body: `${notes.body}\n\nIt arrives in May.`, summary: 'When' }, 200, { 'If-Match': `"${notes.revision}"` });
      // Links are indexed a moment after a save: wait until the API counts the decision.
      let report = null;
      await until(async () => {
        report = await outcomes(owner, { space_id: space.id });
        return report.knowledge.proposals_captured === 1;
      }, () => `knowledge: ${JSON.stringify(report?.knowledge)}`);
      assert.equal(report.problems.resolved, 2);
      assert.equal(report.proposals.decided, 2);
      assert.equal(report.knowledge.problems_captured, 1);
      assert.equal(report.knowledge.pages_created, 2);
      assert.equal(report.knowledge.page_saves, 3);

      const empty = await owner.call('POST', '/spaces',
        { name: `Empty loom ${ada.tag}`, purpose: 'Nothing yet', kind: 'project', visibility: 'private' }, 201);

      await signInContext(context, ada);
      await page.goto(`/analytics?space=${space.id}`);
      await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
      await figureSettles(page, 'problems-resolved', 2);
      const knowledge = page.getByTestId('knowledge');
      await knowledge.getByRole('heading', { name: 'Knowledge captured' }).waitFor();
      assert.equal((await knowledge.getByTestId('knowledge-pages-created').textContent()).trim(), '2');
      assert.equal((await knowledge.getByTestId('knowledge-page-saves').textContent()).trim(), '3');
      const problems = knowledge.getByTestId('knowledge-problems');
      const decisions = knowledge.getByTestId('knowledge-decisions');
      assert.equal((await problems.locator('.knowledge-share__text').textContent()).trim(), 'Problems written up: 1 of 2 resolved (50%)');
      assert.equal((await decisions.locator('.knowledge-share__text').textContent()).trim(), 'Decisions written up: 1 of 2 decided (50%)');
      const fill = await problems.evaluate((item) =>
        item.querySelector('.knowledge-share__bar').getBoundingClientRect().width / item.querySelector('.knowledge-share__track').getBoundingClientRect().width);
      assert.ok(Math.abs(fill - 0.5) < 0.02, `the bar is half full (${fill})`);
      await knowledge.screenshot({ path: path.join(fixture.artifactsDir, 'outcomes-knowledge.png') });

      // A space with nothing in it yet: no division by zero, and it says so.
      await page.getByLabel('Space', { exact: true }).selectOption(empty.id);
      await figureSettles(page, 'problems-resolved', 0);
      assert.equal((await knowledge.getByTestId('knowledge-pages-created').textContent()).trim(), '0');
      assert.equal((await problems.locator('.knowledge-share__text').textContent()).trim(), 'Problems written up: none resolved yet');
      assert.equal((await decisions.locator('.knowledge-share__text').textContent()).trim(), 'Decisions written up: none decided yet');
    },
  },
  {
    name: 'analytics network: a member sees the unit heat map, the units picture and the brokers, then their own figures and another period',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const scene = await analyticsScene(fixture);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);

      await signInContext(context, kMember);
      await page.goto('/analytics');
      await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
      await readLocale(page);
      const tabs = page.getByRole('navigation', { name: 'Analytics' });
      assert.equal(await tabs.getByRole('link', { name: 'Outcomes' }).getAttribute('aria-current'), 'page');
      await tabs.getByRole('link', { name: 'Network' }).click();
      await page.waitForURL(/\/analytics\/network$/);
      await page.getByRole('heading', { level: 1, name: 'Network' }).waitFor();
      assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), '30d');
      assert.equal(await tabs.getByRole('link', { name: 'Network' }).getAttribute('aria-current'), 'page');

      // The page opens on the organization's figures: what every member may see, the same for
      // everyone (the server keeps the last 30 days of them current in the background).
      const whose = page.getByLabel('Whose figures', { exact: true });
      assert.equal(await whose.inputValue(), 'organization');
      let shared = null;
      await reportSettles(page, 'network-report', 'network-interactions', async () => {
        shared = await network(member, { view: 'organization' });
        return count(shared.interactions);
      });
      assert.equal((await page.getByTestId('network-people').textContent()).trim(), count(shared.people));
      assert.equal((await page.getByTestId('network-cross-unit-share').textContent()).trim(), percent(shared.cross_unit_share));
      assert.equal((await page.getByTestId('network-communities').textContent()).trim(), count(shared.communities.count));
      assert.match((await page.getByTestId('figures-age').textContent()).trim(), /^Figures computed (just now|\d+ min ago)\./);
      if (shared.withheld_units > 0) {
        const withheld = shared.withheld_units === 1 ? '1 unit under the privacy floor' : `${shared.withheld_units} units under the privacy floor`;
        await page.getByTestId('withheld-units').filter({ hasText: `${withheld} (${shared.min_group} people)` }).waitFor();
      }
      const heatMap = await chartDrawn(page, /^Interactions between units, from the row's unit to the column's/);
      assert.match(await heatMap.getAttribute('aria-label'), new RegExp(`among ${shared.units.length} units`));
      const picture = await chartDrawn(page, /^Units as a network: /);
      assert.equal(await picture.locator('.units-picture__node').count(), shared.units.length);
      await chartDrawn(page, /^Cross-unit share over time: /);

      // Brokers: the first is named and linked to their profile.
      assert.ok(shared.brokers.length > 0, 'the demo has brokers');
      const top = shared.brokers[0];
      const topRow = page.getByTestId('brokers-table').locator(`tr[data-person-id="${top.person.id}"]`);
      assert.equal(await topRow.getByRole('link', { name: top.person.name }).getAttribute('href'), `/people/${top.person.id}`);
      assert.equal((await topRow.getByRole('cell').first().textContent()).trim(), count(top.units_bridged));
      if (shared.betweenness_sampled) await page.getByText(`estimated from ${count(shared.betweenness_sources)} sources`).waitFor();
      await page.getByTestId('communities').locator('li').first().waitFor();

      // The member's own figures (in the URL), computed as asked: they hold the scene made above.
      await whose.selectOption({ label: 'Everything I can see' });
      await page.waitForURL(/\/analytics\/network\?view=mine$/);
      let recent = null;
      await reportSettles(page, 'network-report', 'network-interactions', async () => {
        recent = await network(member);
        return count(recent.interactions);
      });

      // The heat map: both new units are in it (five people each), and its table gives the
      // interactions of the dyes' people on the kilns' posts and work as the API does.
      const { kilns, dyes } = scene;
      assert.ok(recent.units.some((u) => u.id === kilns.id) && recent.units.some((u) => u.id === dyes.id), 'both units shown');
      const cell = recent.matrix.find((c) => c.from_unit_id === dyes.id && c.to_unit_id === kilns.id);
      assert.ok(cell && cell.interactions >= 4 && cell.solutions === 1, `dyes → kilns: ${JSON.stringify(cell)}`);
      await chartDrawn(page, /^Interactions between units, from the row's unit to the column's/);
      await page.getByText('The figures as a table').click();
      const matrixRow = page.getByTestId('unit-matrix-table').getByRole('row')
        .filter({ has: page.getByRole('cell', { name: dyes.name, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: kilns.name, exact: true }) });
      // Two rows hold both names (each way): the dyes → kilns one starts with the dyes.
      const cells = await matrixRow.first().getByRole('cell').allTextContents();
      const dyesFirst = cells[0] === dyes.name ? cells : (await matrixRow.nth(1).getByRole('cell').allTextContents());
      assert.deepEqual(dyesFirst, [dyes.name, kilns.name, count(cell.interactions), count(cell.solutions)]);
      assert.equal(await picture.locator(`.units-picture__node[data-unit-id="${kilns.id}"]`).count(), 1);

      // Silos and unit ties: the kilns' people work only with other units, so no silo.
      const kilnsTies = page.getByTestId('unit-ties-table').locator(`tr[data-unit-id="${kilns.id}"]`);
      assert.equal(await kilnsTies.getAttribute('data-silo'), 'false');

      // The same figures as CSV: the headline, the matrix, unit ties, brokers and the trend, as the
      // API answers them; the dyes' name, which starts with "=" and holds a quote and a comma, is
      // quoted and defused.
      const csv = await downloadCsv(page, 'network', fixture);
      assert.equal(csv.value('summary', '', 'interactions'), String(recent.interactions));
      assert.equal(csv.value('summary', '', 'people'), String(recent.people));
      assert.equal(csv.value('summary', '', 'ties'), String(recent.ties));
      assert.equal(csv.value('summary', '', 'cross_unit_share'), fraction(recent.cross_unit_share));
      assert.equal(csv.value('summary', '', 'communities'), String(recent.communities.count));
      assert.equal(csv.value('summary', '', 'unit_level'), String(recent.unit_level));
      assert.equal(csv.value('summary', '', 'from'), recent.from);
      assert.equal(csv.value('matrix', `'${dyes.name}`, 'interactions', kilns.name), String(cell.interactions));
      assert.equal(csv.value('matrix', `'${dyes.name}`, 'solutions', kilns.name), '1');
      const tag = scene.tag[0].toUpperCase() + scene.tag.slice(1);
      assert.ok(csv.text.includes(`\r\nmatrix,"'=Dyes ""${tag}"", east",${kilns.name},interactions,${cell.interactions}\r\n`),
        'the dyes\' name is quoted, its quotes doubled, after a leading \'');
      assert.ok(!csv.rows.some((r) => r.some((field) => field.startsWith('='))), 'no field starts with =');
      assert.equal(csv.value('unit_ties', kilns.name, 'silo'), 'false');
      const kilnsTie = recent.unit_ties.find((t) => t.unit.id === kilns.id);
      assert.equal(csv.value('unit_ties', kilns.name, 'external'), String(kilnsTie.external));
      const dyesTie = recent.unit_ties.find((t) => t.unit.id === dyes.id);
      assert.equal(csv.value('unit_ties', `'${dyes.name}`, 'active'), String(dyesTie.active));
      assert.equal(csv.value('unit_ties', `'${dyes.name}`, 'external_share'), fraction(dyesTie.external_share));
      const broker = recent.brokers[0];
      assert.ok(broker, 'the member sees brokers');
      assert.equal(csv.value('brokers', defused(broker.person.name), 'handle'), broker.person.handle);
      assert.equal(csv.value('brokers', defused(broker.person.name), 'units_bridged'), String(broker.units_bridged));
      assert.equal(csv.rows.filter((r) => r[0] === 'trend' && r[3] === 'interactions').length, recent.trend.length);
      const lastWeek = recent.trend.at(-1);
      assert.equal(csv.value('trend', lastWeek.from, 'interactions', lastWeek.to), String(lastWeek.interactions));
      const shot = path.join(fixture.artifactsDir, 'network.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);

      // All time: the URL says so, and the figures are the API's for all time.
      await page.getByLabel('Period', { exact: true }).selectOption({ label: 'All time' });
      await page.waitForURL(/\/analytics\/network\?period=all&view=mine$/);
      let all = null;
      await reportSettles(page, 'network-report', 'network-interactions', async () => {
        all = await network(member, { from: kAllTime });
        return count(all.interactions);
      });
      assert.ok(all.interactions >= recent.interactions);
      await chartDrawn(page, /^Interactions between units, from the row's unit to the column's/);

      // Units at the top of the unit tree: the heat map shows as many units as the API counts there.
      if (all.unit_levels > 0) {
        const top = await network(member, { from: kAllTime, level: '0' });
        await page.getByLabel('Units shown', { exact: true }).selectOption('0');
        const units = top.units.length;
        await chartDrawn(page, new RegExp(`among ${units} units?\\.`));
        assert.equal(await page.getByLabel('Units shown', { exact: true }).inputValue(), '0');
      }

      // The period and whose figures go along to the other pages (outcomes are always the reader's).
      await tabs.getByRole('link', { name: 'Engagement' }).click();
      await page.waitForURL(/\/analytics\/engagement\?period=all&view=mine$/);
      assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'all');
      assert.equal(await page.getByLabel('Whose figures', { exact: true }).inputValue(), 'mine');
      await tabs.getByRole('link', { name: 'Outcomes' }).click();
      await page.waitForURL(/\/analytics\?period=all$/);
      assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'all');
    },
  },
  {
    name: 'analytics engagement: a member sees reached vs connected, picks a unit and finds its reshare cascade',
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      const scene = await analyticsScene(fixture);
      const member = await ApiClient.signedIn(fixture.baseURL, kMember.email, kMember.password);

      await signInContext(context, kMember);
      await page.goto('/analytics/engagement');
      await page.getByRole('heading', { level: 1, name: 'Engagement' }).waitFor();
      await readLocale(page);

      // Reached vs connected, of what every member may see: the chart's summary and the table say
      // what the API says.
      assert.equal(await page.getByLabel('Whose figures', { exact: true }).inputValue(), 'organization');
      let recent = null;
      await reportSettles(page, 'engagement-report', 'connection-rate-posts', async () => {
        recent = await engagement(member, { view: 'organization' });
        return percent(recent.reach.posts.connection_rate);
      });
      const reach = await chartDrawn(page, /^People reached and people who connected: /);
      const posts = recent.reach.posts;
      assert.match(await reach.getAttribute('aria-label'),
        new RegExp(escapeRegExp(`Posts: ${count(posts.reached)} reached, ${count(posts.connected)} connected (${percent(posts.connection_rate)})`)));
      const reachTable = page.getByTestId('reach-table');
      assert.deepEqual(
        (await reachTable.locator('tr[data-kind="problems"] td').allTextContents()).slice(0, 3),
        [count(recent.reach.problems.items), count(recent.reach.problems.reached), count(recent.reach.problems.connected)],
      );
      assert.equal((await page.getByTestId('engagement-conversations').textContent()).trim(), count(recent.conversation.conversations));
      await chartDrawn(page, /^Share of posts that became conversations, by the author's unit: /);

      // The cascades of everyone: one row each, linked to the cascade's page.
      const cascades = page.getByTestId('cascades-table');
      if (recent.cascades.count === 0) {
        await page.getByTestId('cascades-empty').waitFor();
      } else {
        assert.equal((await page.getByTestId('engagement-cascades').textContent()).trim(), count(recent.cascades.count));
        assert.equal(await cascades.locator('tbody tr').count(), recent.cascades.top.length);
        assert.equal(await cascades.locator('tbody tr').first().getByRole('link').first().getAttribute('href'),
          `/posts/${recent.cascades.top[0].post_id}/cascade`);
      }

      // The kilns' own: Ada's post, reshared by Fay and again by Hal, two deep.
      const { kilns, dyes, people, post } = scene;
      await page.getByLabel('Unit', { exact: true }).selectOption(kilns.id);
      await page.waitForURL(new RegExp(`/analytics/engagement\\?unit=${kilns.id}$`));
      let ofKilns = null;
      await reportSettles(page, 'engagement-report', 'engagement-cascades', async () => {
        ofKilns = await engagement(member, { unit_id: kilns.id, view: 'organization' });
        return count(ofKilns.cascades.count);
      });
      assert.equal(ofKilns.reach.posts.items, 2, 'Ada\'s post and Bo\'s');
      assert.equal(ofKilns.conversation.conversations, 1);
      assert.equal(ofKilns.conversation.broadcasts, 1);
      const row = cascades.locator(`tr[data-post-id="${post.id}"]`);
      await row.waitFor();
      const ours = ofKilns.cascades.top.find((c) => c.post_id === post.id);
      assert.ok(ours && ours.reshares === 2 && ours.depth === 2, `the cascade: ${JSON.stringify(ours)}`);
      assert.equal(await row.getByRole('link', { name: people.Ada.name }).getAttribute('href'), `/people/${people.Ada.id}`);
      assert.deepEqual(await row.getByRole('cell').allTextContents(),
        [people.Ada.name, '2', '2', count(ours.breadth), count(ours.people_reached), count(ours.units_reached)]);
      const sharer = page.getByTestId('sharers-table').locator(`tr[data-person-id="${people.Fay.id}"]`);
      assert.equal(await sharer.getByRole('link', { name: people.Fay.name }).getAttribute('href'), `/people/${people.Fay.id}`);
      assert.equal((await page.getByTestId('engagement-broadcasts').textContent()).trim(), '1');

      // The same figures as CSV: reach, conversations, the cascade and its sharers, as the API
      // answers them; Hal, whose name starts with "=", comes out with a leading '.
      const csv = await downloadCsv(page, 'engagement', fixture);
      assert.equal(csv.value('summary', '', 'unit'), kilns.name);
      assert.equal(csv.value('reach', 'posts', 'items'), '2');
      assert.equal(csv.value('reach', 'posts', 'reached'), String(ofKilns.reach.posts.reached));
      assert.equal(csv.value('reach', 'posts', 'connection_rate'), fraction(ofKilns.reach.posts.connection_rate));
      assert.equal(csv.value('reach', 'problems', 'connected'), String(ofKilns.reach.problems.connected));
      assert.equal(csv.value('conversation', '', 'conversations'), '1');
      assert.equal(csv.value('conversation', '', 'broadcasts'), '1');
      assert.equal(csv.value('conversation_by_unit', kilns.name, 'posts'), '2');
      assert.equal(csv.value('cascades', '', 'count'), String(ofKilns.cascades.count));
      assert.equal(csv.value('cascade', post.id, 'author'), people.Ada.name);
      assert.equal(csv.value('cascade', post.id, 'reshares'), '2');
      assert.equal(csv.value('cascade', post.id, 'depth'), '2');
      assert.equal(csv.value('cascade', post.id, 'people_reached'), String(ours.people_reached));
      assert.ok(people.Hal.name.startsWith('='));
      const hal = ofKilns.cascades.sharers.find((x) => x.person.id === people.Hal.id);
      assert.ok(hal, 'Hal reshared in the kilns\' cascade');
      assert.equal(csv.value('sharers', `'${people.Hal.name}`, 'reshares'), String(hal.reshares));
      assert.equal(csv.value('sharers', `'${people.Hal.name}`, 'handle'), people.Hal.handle);
      assert.equal(csv.value('sharers', people.Fay.name, 'cross_unit'),
        String(ofKilns.cascades.sharers.find((x) => x.person.id === people.Fay.id).cross_unit));
      assert.ok(csv.text.includes(`\r\nsharers,'${people.Hal.name},,reshares,${hal.reshares}\r\n`));
      const shot = path.join(fixture.artifactsDir, 'engagement.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);

      // The row leads to the cascade's page, and back keeps the unit.
      await row.getByRole('link', { name: `Post ${post.id}` }).click();
      await page.waitForURL(`**/posts/${post.id}/cascade`);
      await page.getByRole('heading', { level: 1, name: 'Reshare cascade' }).waitFor();
      await page.goBack();
      await page.waitForURL(new RegExp(`/analytics/engagement\\?unit=${kilns.id}$`));
      await row.waitFor();
      assert.equal(await page.getByLabel('Unit', { exact: true }).inputValue(), kilns.id);

      // The dyes only replied and reshared: nothing of theirs to count, and the page says so.
      await page.getByLabel('Unit', { exact: true }).selectOption(dyes.id);
      await page.waitForURL(new RegExp(`/analytics/engagement\\?unit=${dyes.id}$`));
      await page.getByTestId('engagement-empty').filter({ hasText: `by people of ${dyes.name}` }).waitFor();

      // The period, the unit and whose figures together, in the URL.
      await page.getByLabel('Period', { exact: true }).selectOption({ label: 'All time' });
      await page.waitForURL(new RegExp(`/analytics/engagement\\?period=all&unit=${dyes.id}$`));
      await page.getByLabel('Whose figures', { exact: true }).selectOption('mine');
      await page.waitForURL(new RegExp(`/analytics/engagement\\?period=all&unit=${dyes.id}&view=mine$`));
      await page.getByTestId('engagement-empty').filter({ hasText: 'that you can see' }).waitFor();
    },
  },
  {
    name: 'analytics (375 px): the network and engagement pages fit a phone',
    viewport: { width: 375, height: 800 },
    timeoutMs: 60_000,
    async run({ page, context, fixture }) {
      await analyticsScene(fixture);
      await signInContext(context, kMember);
      await page.goto('/analytics/network');
      await page.locator('.network-report[data-loading="false"]').waitFor();
      await chartDrawn(page, /^Interactions between units, from the row's unit to the column's/);
      await chartDrawn(page, /^Cross-unit share over time: /);
      await fitsThePhone(page, 'network');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'network-375.png'), fullPage: true });

      await page.getByRole('navigation', { name: 'Analytics' }).getByRole('link', { name: 'Engagement' }).click();
      await page.waitForURL(/\/analytics\/engagement$/);
      await page.locator('.engagement-report[data-loading="false"]').waitFor();
      const reach = await chartDrawn(page, /^People reached and people who connected: /);
      const width = await reach.locator('svg').first().evaluate((svg) => svg.getBoundingClientRect().width);
      assert.ok(width <= 375, `reach chart ${width} px wide`);
      await fitsThePhone(page, 'engagement');
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'engagement-375.png'), fullPage: true });
    },
  },
];
