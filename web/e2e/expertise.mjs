// Browser journeys of "who can help": a member describes a problem and finds the person who solved
// one like it, with a reason that links to that problem (where the author says they helped); the
// same question filtered to one unit, then to people outside the member's unit; a guest told of
// their space's solver but not of what only members read; a
// person who posts about a topic is named for it, the reason linking to the topic; a
// person asked about a new problem answers "Not me" and is no longer suggested for it; a person
// who is away is left out of suggestions until they are back; and the administrators' report of
// how well suggestions found the solvers.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ApiClient } from './api.mjs';
import { freshPerson, kAdmin, kMember, randomWord, signInContext } from './journeys.mjs';

function client(fixture, who) {
  return ApiClient.signedIn(fixture.baseURL, who.email, who.password);
}

/** Asks `check` until it returns something truthy (the expertise index follows the activity log). */
async function until(check, what, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** GET /expertise as `api` until `person` is (or, with `present` false, is not) suggested. */
function suggestedUntil(api, q, person, present = true) {
  return until(async () => {
    const list = await api.call('GET', `/expertise?q=${encodeURIComponent(q)}`, undefined, 200);
    const named = list.items.some((item) => item.person.id === person.id);
    return named === present ? list : null;
  }, `GET /expertise?q=${q} ${present ? 'names' : 'leaves out'} ${person.name}`);
}

/**
 * A public space of the member's where `solver` (a new person) solved a problem with words no one
 * else uses: the member posted it and accepted the solver's solution. Waits until the expertise
 * index knows.
 */
async function solvedProblem(fixture, first) {
  const member = await client(fixture, kMember);
  const solver = await freshPerson(fixture, first);
  const solverApi = await ApiClient.signedIn(fixture.baseURL, solver.email, solver.password);
  const tag = randomWord(7);
  const space = await member.call(
    'POST',
    '/spaces',
    { name: `Kiln room ${tag}`, purpose: 'Firing schedules and glazes', kind: 'problem', visibility: 'public' },
    201,
  );
  await solverApi.call('POST', `/spaces/${space.id}/join`, undefined, [200, 201, 204]);
  const words = `glaze ${tag} crazing ${randomWord(8)}`;
  const title = `The ${words} after the second firing`;
  const problem = await member.call(
    'POST',
    `/spaces/${space.id}/problems`,
    { title, body: 'Fine cracks in the glaze of every second batch.' },
    201,
  );
  const solution = await solverApi.call('POST', `/problems/${problem.id}/solutions`, { body: 'Cool the kiln slower below 600 °C.' }, 201);
  await member.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
  await suggestedUntil(member, title, solver);
  return { member, solver, solverApi, space, problem, title, words };
}

export const expertiseJourneys = [
  {
    name: 'who can help, filtered: people of one unit, then only people outside my unit',
    async run({ page, context, fixture }) {
      const admin = await client(fixture, kAdmin);
      const member = await client(fixture, kMember);
      const me = (await member.call('GET', '/session', undefined, 200)).person;
      const word = randomWord(9);
      const unit = await admin.call('POST', '/units', { name: `Kilnworks ${randomWord(5)}` }, 201);
      // Una, of the new unit, declares the skill; Mo, of the member's unit, declares two on it and
      // ranks above her.
      const people = [];
      for (const [first, unitId, skills] of [['Una', unit.id, [word]], ['Mo', me.unit_id, [word, `${word} firing`]]]) {
        const tag = randomWord(6);
        const person = { name: `${first} Potter ${tag}`, email: `${first.toLowerCase()}.${tag}@e2e.test`, password: `pw-${tag}-long` };
        person.id = (await admin.call('POST', '/people', { ...person, role: 'member', unit_id: unitId, title: '' }, 201)).id;
        const api = await ApiClient.signedIn(fixture.baseURL, person.email, person.password);
        await api.call('PATCH', '/people/me', { skills }, 200);
        people.push(person);
      }
      const [una, mo] = people;
      await suggestedUntil(member, word, una);
      await suggestedUntil(member, word, mo);

      await signInContext(context, kMember);
      await page.goto('/expertise');
      await page.getByLabel('Describe the problem').fill(`Who knows ${word}?`);
      await page.getByLabel('Unit', { exact: true }).selectOption(unit.id);
      await page.getByRole('button', { name: 'Find people' }).click();
      await page.waitForURL(new RegExp(`unit_id=${unit.id}`));
      const results = page.getByRole('list', { name: 'People who may help' });
      await results.locator(`.expert-card[data-person-id="${una.id}"]`).getByRole('heading', { name: una.name }).waitFor();
      assert.equal(await results.locator('.expert-card').count(), 1, 'only the unit\'s people');

      assert.ok(me.unit_id, 'the demo member belongs to a unit');
      await page.getByLabel('Unit', { exact: true }).selectOption('');
      await page.getByLabel('Only people outside my unit').check();
      await page.getByRole('button', { name: 'Find people' }).click();
      await page.waitForURL(/outside_unit=true/);
      await results.locator(`.expert-card[data-person-id="${una.id}"]`).waitFor();
      assert.equal(await results.locator(`.expert-card[data-person-id="${mo.id}"]`).count(), 0, 'Mo shares my unit');
    },
  },
  {
    name: 'who can help, as a guest: told of their space\'s solver, not of what members alone read; no unit filters',
    async run({ page, context, fixture }) {
      const admin = await client(fixture, kAdmin);
      const pia = await freshPerson(fixture, 'Pia');
      const piaApi = await ApiClient.signedIn(fixture.baseURL, pia.email, pia.password);
      const tag = randomWord(6);
      const guest = { name: `Gus Guest ${tag}`, email: `gus.${tag}@e2e.test`, password: `pw-${tag}-long` };
      guest.id = (await admin.call('POST', '/people', { ...guest, role: 'guest', unit_id: null, title: '' }, 201)).id;
      const space = await admin.call('POST', '/spaces',
        { name: `Supplier desk ${tag}`, purpose: 'Work with our partners', kind: 'problem', visibility: 'private' }, 201);
      await admin.call('PUT', `/spaces/${space.id}/members/${pia.id}`, { role: 'member' }, 204);
      await admin.call('PUT', `/spaces/${space.id}/members/${guest.id}`, { role: 'guest' }, 204);
      // Inside the space: Pia solved a problem. Outside it: she posts about a topic, which members
      // of the organization read and a guest does not.
      const inside = `pallet ${randomWord(8)} labels`;
      const problem = await admin.call('POST', `/spaces/${space.id}/problems`,
        { title: `The ${inside} peel off`, body: 'In the cold store.' }, 201);
      const solution = await piaApi.call('POST', `/problems/${problem.id}/solutions`, { body: 'Use freezer-grade glue.' }, 201);
      await admin.call('POST', `/problems/${problem.id}/accept`, { solution_id: solution.id }, 200);
      const topic = randomWord(10);
      for (const n of [1, 2]) await piaApi.call('POST', '/posts', { body: `Note ${n} on #${topic}` }, 201);
      await suggestedUntil(admin, inside, pia);
      await suggestedUntil(admin, topic, pia);

      await signInContext(context, guest);
      await page.goto('/expertise');
      await page.getByRole('heading', { level: 1, name: 'Who can help?' }).waitFor();
      assert.equal(await page.getByLabel('Unit', { exact: true }).count(), 0, 'guests see no units');
      assert.equal(await page.getByLabel('Only people outside my unit').count(), 0);
      const results = page.getByRole('list', { name: 'People who may help' });
      await page.getByLabel('Describe the problem').fill(`Why do the ${inside} peel?`);
      await page.getByRole('button', { name: 'Find people' }).click();
      const card = results.locator(`.expert-card[data-person-id="${pia.id}"]`);
      await card.getByRole('heading', { name: pia.name }).waitFor();
      await card.getByRole('link', { name: /Solved 1 problem like this/ }).waitFor();
      await page.getByLabel('Describe the problem').fill(`Who knows ${topic}?`);
      await page.getByRole('button', { name: 'Find people' }).click();
      await page.getByTestId('expertise-status').getByText('No one stands out for this problem yet.').waitFor();
      assert.equal(await page.locator('.expert-card').count(), 0, 'a public post is not the guest\'s to read');
    },
  },
  {
    name: 'who can help: a member describes a problem, finds who solved one like it, follows the reason to it and says they helped',
    async run({ page, context, fixture }) {
      const { solver, problem, title, words } = await solvedProblem(fixture, 'Glazer');

      await signInContext(context, kMember);
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Who can help?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Who can help?' }).waitFor();
      await page.getByLabel('Describe the problem').fill(`Our ${words} again, what now?`);
      await page.getByRole('button', { name: 'Find people' }).click();
      await page.waitForURL(/\/expertise\?q=/);

      const results = page.getByRole('list', { name: 'People who may help' });
      const card = results.locator(`.expert-card[data-person-id="${solver.id}"]`);
      await card.getByRole('heading', { name: solver.name }).waitFor();
      assert.equal(await card.getByRole('link', { name: solver.name }).getAttribute('href'), `/people/${solver.id}`);
      const reason = card.getByRole('link', { name: /Solved 1 problem like this/ });
      await reason.waitFor();
      assert.equal(await reason.getAttribute('href'), `/problems/${problem.id}`, 'the reason cites the problem solved');
      const shot = path.join(fixture.artifactsDir, 'who-can-help.png');
      await page.screenshot({ path: shot, fullPage: true });
      fixture.note(`screenshot: ${shot}`);

      // The question is in the URL: the page can be linked, and opens with the same answer.
      await page.reload();
      await card.getByRole('heading', { name: solver.name }).waitFor();
      assert.match(await page.getByLabel('Describe the problem').inputValue(), new RegExp(words));

      // The reason leads to the problem the solver solved (they are not suggested on it: they
      // answered it already).
      await reason.click();
      await page.waitForURL(`**/problems/${problem.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const solvedPanel = page.getByRole('region', { name: 'People who may help' });
      await solvedPanel.waitFor();
      assert.equal(await solvedPanel.locator(`.expert[data-person-id="${solver.id}"]`).count(), 0);

      // On a new problem like it, its author sees the solver suggested and says they helped.
      const member = await client(fixture, kMember);
      const fresh = await member.call('POST', `/spaces/${problem.space_id}/problems`,
        { title: `Again: ${title}`, body: 'The same thing once more.' }, 201);
      await page.goto(`/problems/${fresh.id}`);
      const panel = page.getByRole('region', { name: 'People who may help' });
      const row = panel.locator(`.expert[data-person-id="${solver.id}"]`);
      await row.getByRole('link', { name: solver.name }).waitFor();
      await row.getByRole('button', { name: `Helped: ${solver.name}` }).click();
      await row.getByText('Thanks — noted').waitFor();
      assert.equal(await panel.getByRole('button', { name: 'Not me' }).count(), 0, 'no "Not me" for someone not suggested');

      // "Ask more widely" opens Who can help? with the problem's title.
      await panel.getByRole('link', { name: 'Ask more widely' }).click();
      await page.waitForURL(/\/expertise\?q=/);
      assert.equal(await page.getByLabel('Describe the problem').inputValue(), fresh.title);
      await results.locator(`.expert-card[data-person-id="${solver.id}"]`).waitFor();

      // An empty question is refused next to the text box.
      await page.getByLabel('Describe the problem').fill('   ');
      await page.getByRole('button', { name: 'Find people' }).click();
      await page.getByText('Describe the problem first').waitFor();
    },
  },
  {
    name: 'who can help: someone who keeps posting about a topic is named for it, and the reason opens the topic',
    async run({ page, context, fixture }) {
      const member = await client(fixture, kMember);
      const poster = await freshPerson(fixture, 'Poster');
      const posterApi = await ApiClient.signedIn(fixture.baseURL, poster.email, poster.password);
      const topic = `bobbin${randomWord(7)}`;
      for (const n of [1, 2, 3]) {
        await posterApi.call('POST', '/posts', { body: `Tension notes ${n} for #${topic}` }, 201);
      }
      await suggestedUntil(member, topic, poster);

      await signInContext(context, kMember);
      await page.goto(`/expertise?q=${encodeURIComponent(`${topic} tension`)}`);
      const card = page.getByRole('list', { name: 'People who may help' }).locator(`.expert-card[data-person-id="${poster.id}"]`);
      await card.getByRole('heading', { name: poster.name }).waitFor();
      const reason = card.getByRole('link', { name: `Posted 3 times about #${topic}` });
      assert.equal(await reason.getAttribute('href'), `/topics/${topic}`);
      await reason.click();
      await page.getByRole('heading', { level: 1, name: `#${topic}` }).waitFor();
      await page.getByRole('list', { name: `Posts about #${topic}` }).getByText('Tension notes 3').waitFor();
    },
  },
  {
    name: 'not me: a person asked about a new problem says "Not me", and is no longer suggested for it, after a reload too',
    timeoutMs: 45_000,
    async run({ page, context, fixture }) {
      const { member, solver, solverApi, space, words } = await solvedProblem(fixture, 'Potter');

      // A new problem like the one the solver solved: Weft asks them about it.
      const title = `The ${words} is back in the new kiln`;
      const problem = await member.call('POST', `/spaces/${space.id}/problems`, { title, body: 'Same glaze, new kiln.' }, 201);
      const note = await until(async () => {
        const list = await solverApi.call('GET', '/notifications?limit=50', undefined, 200);
        return list.items.find((n) => n.kind === 'expert_suggested' && n.subject_id === problem.id);
      }, 'the solver is told about the new problem');
      assert.equal(note.actor?.id, member.person.id, "the notification names the problem's author");
      const before = await member.call('GET', `/problems/${problem.id}`, undefined, 200);
      assert.ok(before.suggested_experts.some((s) => s.person.id === solver.id), 'the author sees the solver suggested');

      // The author's browser lists the solver beside the problem.
      const author = await context.browser().newContext({ baseURL: fixture.baseURL, viewport: { width: 1280, height: 900 } });
      try {
        await signInContext(author, kMember);
        const authorPage = await author.newPage();
        const authorErrors = [];
        authorPage.on('pageerror', (error) => authorErrors.push(error.message));
        await authorPage.goto(`/problems/${problem.id}`);
        const authorPanel = authorPage.getByRole('region', { name: 'People who may help' });
        await authorPanel.locator(`.expert[data-person-id="${solver.id}"]`).waitFor();

        // The solver follows the notification to the problem and answers "Not me".
        await signInContext(context, solver);
        await page.goto('/notifications');
        const item = page.locator(`.notification[data-kind="expert_suggested"]`).filter({
          hasText: `${kMember.name} asked about a problem you may be able to help with`,
        });
        await item.first().getByRole('link').first().click();
        await page.waitForURL(new RegExp(`/problems/${problem.id}\\?suggested=1$`));
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        // They are listed beside the problem, marked as themselves, with "Not me".
        const panel = page.getByRole('region', { name: 'People who may help' });
        const mine = panel.locator(`.expert[data-person-id="${solver.id}"]`);
        await mine.getByText('(you)').waitFor();
        await mine.getByRole('button', { name: /^Not me/ }).click();
        await mine.waitFor({ state: 'detached' });
        await page.getByTestId('not-me-done').getByText('you will not be suggested for this problem again').waitFor();
        await page.waitForURL(new RegExp(`/problems/${problem.id}$`));

        // Reloaded, the question is gone; the author no longer sees the solver suggested.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page.getByRole('heading', { name: 'People who may help' }).waitFor();
        assert.equal(await page.getByTestId('asked-me').count(), 0, 'not asked again after a reload');
        const after = await member.call('GET', `/problems/${problem.id}`, undefined, 200);
        assert.ok(!after.suggested_experts.some((s) => s.person.id === solver.id), 'the solver is no longer suggested');
        await authorPage.reload();
        await authorPage.getByRole('heading', { level: 1, name: title }).waitFor();
        await authorPanel.waitFor();
        assert.equal(await authorPanel.locator(`.expert[data-person-id="${solver.id}"]`).count(), 0, 'gone from the list');
        if (authorErrors.length) throw new Error(`author page: ${authorErrors.join('\n')}`);
      } finally {
        await author.close();
      }
    },
  },
  {
    name: 'away: a person who sets a day they are back is left out of suggestions until then, and "Back now" undoes it',
    async run({ page, context, fixture }) {
      const member = await client(fixture, kMember);
      const person = await freshPerson(fixture, 'Traveller');
      const self = await ApiClient.signedIn(fixture.baseURL, person.email, person.password);
      const skill = `Quern${randomWord(6)}`;
      await self.call('PATCH', '/people/me', { skills: [skill] }, 200);
      const question = `Who knows ${skill}?`;
      await suggestedUntil(member, question, person);

      await signInContext(context, person);
      await page.goto('/me/edit');
      const away = page.getByRole('region', { name: 'Away' });
      const day = away.getByLabel('Leave me out of suggestions until');

      // A day in the past is refused with the server's reason.
      await day.fill('2020-01-01');
      await away.getByRole('button', { name: 'Set away' }).click();
      await away.getByText('unavailable_until must be in the future.').waitFor();

      const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000);
      const pad = (n) => String(n).padStart(2, '0');
      await day.fill(`${inTwoWeeks.getFullYear()}-${pad(inTwoWeeks.getMonth() + 1)}-${pad(inTwoWeeks.getDate())}`);
      await away.getByRole('button', { name: 'Set away' }).click();
      await away.getByText('You are left out of suggestions until').waitFor();
      await suggestedUntil(member, question, person, false);
      // The page remembers it, and colleagues see it on the profile.
      await page.reload();
      await away.getByText('You are left out of suggestions until').waitFor();
      await page.goto(`/people/${person.id}`);
      await page.getByTestId('away').getByText(/^Away until /).waitFor();
      await page.goto('/me/edit');

      await away.getByRole('button', { name: 'Back now' }).click();
      await away.getByText('You are back: Weft may suggest you again.').waitFor();
      await suggestedUntil(member, question, person);
    },
  },
  {
    name: 'admin: the suggestion accuracy report shows its figures, a chart by month and the problems scored',
    async run({ page, context, fixture }) {
      const admin = await client(fixture, kAdmin);
      const report = await admin.call('GET', '/expertise/accuracy', undefined, 200);
      assert.ok(report.problems > 0, 'the demo resolved problems in the last year');

      await signInContext(context, kAdmin);
      await page.goto('/admin/people');
      await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'Suggestion accuracy' }).click();
      await page.waitForURL('**/admin/expertise');
      await page.getByRole('heading', { level: 1, name: 'Suggestion accuracy' }).waitFor();

      const figure = (key) => page.getByTestId(`accuracy-${key}`);
      await figure('problems').waitFor();
      assert.equal((await figure('problems').textContent()).trim(), String(report.problems));
      for (const key of ['hit1', 'hit3', 'hit10']) assert.match((await figure(key).textContent()).trim(), /^\d{1,3}%$/, key);
      assert.match((await figure('mrr').textContent()).trim(), /^\d\.\d\d$/);

      const chart = page.getByRole('img', { name: /Suggestion accuracy by month/ });
      await chart.waitFor();
      assert.equal(await chart.evaluate((element) => element.tagName.toLowerCase()), 'svg');
      assert.equal(await page.locator('.accuracy-chart__month').count(), report.months.length, 'a bar group per month');
      assert.equal(await page.locator('.accuracy-chart table tbody tr').count(), report.months.length, 'and a row per month');

      const table = page.getByRole('table', { name: 'Problems', exact: true });
      const first = report.items[0];
      const row = table.locator(`tr[data-problem-id="${first.problem_id}"]`);
      assert.equal(await row.getByRole('link', { name: first.title }).getAttribute('href'), `/problems/${first.problem_id}`);
      assert.equal(await row.getByRole('link', { name: first.solver.name }).getAttribute('href'), `/people/${first.solver.id}`);
      assert.equal(
        (await row.locator('td').last().textContent()).trim(),
        first.rank === null ? 'not ranked' : `${first.rank} of ${first.candidates}`,
      );
      await page.screenshot({ path: path.join(fixture.artifactsDir, 'suggestion-accuracy.png'), fullPage: true });

      // Another period: kept in the URL, and the figures follow.
      await page.getByLabel('Period', { exact: true }).selectOption('all');
      await page.waitForURL(/period=all/);
      const all = await admin.call('GET', '/expertise/accuracy?from=1970-01-01T00:00:00Z', undefined, 200);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="accuracy-problems"]')?.textContent?.trim() === String(n),
        all.problems,
      );
    },
  },
];
