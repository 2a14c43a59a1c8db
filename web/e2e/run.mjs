#!/usr/bin/env node
// Browser tests for the Weft web UI against a real server.
//   WEFT_BIN   the weft binary (default ../build/weft relative to web/)
//   WEFT_E2E_ARTIFACTS  where screenshots go (default: a new temp directory, kept)
//   WEFT_E2E_FILTER     run only journeys whose name contains this text
//   WEFT_E2E_POSTGRES_URL  serve from a new database on this PostgreSQL cluster instead of SQLite
// Starts an SMTP relay on loopback (tests/api/smtp_sink.mjs; what Weft e-mails is kept there, as
// fixture.mail), then `weft demo` + `weft serve` sending through it on a fresh temp data dir, runs
// each journey in its own browser context with Debian's Chromium (30 s each, or the journey's own
// `timeoutMs`), prints one line per test and "N passed, N failed".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { journeys as accountJourneys, seed } from './journeys.mjs';
import { socialJourneys } from './social.mjs';
import { collabJourneys } from './collab.mjs';
import { hardeningJourneys } from './hardening.mjs';
import { recordJourneys } from './records.mjs';
import { webhookJourneys } from './webhooks.mjs';
import { expertiseJourneys } from './expertise.mjs';
import { analyticsJourneys } from './analytics.mjs';
import { workAcrossJourneys } from './work_across.mjs';
import { homeJourneys } from './home.mjs';
import { accessibilityJourneys } from './accessibility.mjs';
import { avatarJourneys } from './avatars.mjs';
import { frontDoorJourneys } from './front_door.mjs';
import { pagesJourneys } from './pages.mjs';
import { ssoJourneys } from './sso.mjs';
import { appJourneys } from './app.mjs';
import { moderationJourneys } from './moderation.mjs';
import { mailJourneys } from './mail.mjs';
import { startSmtpSink } from '../../tests/api/smtp_sink.mjs';
import { startServer } from './server.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const weftBin = path.resolve(webDir, process.env.WEFT_BIN ?? '../build/weft');
const distDir = path.join(webDir, 'dist');
const artifactsDir = process.env.WEFT_E2E_ARTIFACTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-shots-'));
const filter = process.env.WEFT_E2E_FILTER ?? '';
const kTestTimeoutMs = 30_000;
const journeys = [...accountJourneys, ...socialJourneys, ...collabJourneys, ...hardeningJourneys, ...recordJourneys,
  ...webhookJourneys, ...expertiseJourneys, ...analyticsJourneys, ...workAcrossJourneys, ...homeJourneys, ...avatarJourneys,
  ...frontDoorJourneys, ...pagesJourneys, ...ssoJourneys, ...appJourneys, ...moderationJourneys, ...mailJourneys, ...accessibilityJourneys];

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

async function main() {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const started = Date.now();
  const mail = await startSmtpSink();
  const server = await startServer({ weftBin, webDir: distDir, env: mail.env }).catch(async (error) => {
    await mail.stop();
    throw error;
  });
  console.log(`# weft serve pid ${server.pid} at ${server.baseURL}${process.env.WEFT_E2E_POSTGRES_URL ? ' on PostgreSQL' : ''}`);

  let browser;
  const results = [];
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    await server.stop();
    await mail.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stopAll().finally(() => process.exit(130));
    });
  }

  try {
    const fixture = { baseURL: server.baseURL, artifactsDir, seeded: null, mail, note: (text) => console.log(`#   ${text}`) };
    fixture.seeded = await seed(server.baseURL);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });

    for (const journey of journeys.filter((j) => j.name.includes(filter))) {
      const t0 = Date.now();
      // Service workers only where a journey asks for them: a page the worker controls sends its
      // requests through it, where page.route (how journeys make requests fail) cannot see them.
      const context = await browser.newContext({ baseURL: server.baseURL, viewport: journey.viewport ?? { width: 1280, height: 900 },
        serviceWorkers: journey.serviceWorkers ?? 'block' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const pageProblems = [];
      page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
      const consoleErrors = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (/Content Security Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
        else consoleErrors.push(message.text());
      });
      let failure = null;
      try {
        await withTimeout(journey.run({ page, context, fixture }), journey.timeoutMs ?? kTestTimeoutMs, 'test');
        if (pageProblems.length) throw new Error(pageProblems.join('\n'));
      } catch (error) {
        failure = error;
        const shot = path.join(artifactsDir, `failed-${results.length + 1}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        failure.screenshot = shot;
        failure.browserLog = [...pageProblems, ...consoleErrors.map((text) => `console: ${text}`)];
      }
      await context.close();
      const ms = Date.now() - t0;
      results.push({ name: journey.name, failure });
      if (failure) {
        console.log(`not ok ${results.length} - ${journey.name} (${ms} ms)`);
        console.log(String(failure.stack ?? failure).split('\n').slice(0, 8).map((l) => `#   ${l}`).join('\n'));
        for (const line of failure.browserLog ?? []) console.log(`#   browser ${line}`);
        console.log(`#   screenshot: ${failure.screenshot}`);
      } else {
        console.log(`ok ${results.length} - ${journey.name} (${ms} ms)`);
      }
    }
  } catch (error) {
    results.push({ name: 'setup', failure: error });
    console.log(`not ok ${results.length} - setup`);
    console.log(String(error.stack ?? error).split('\n').map((l) => `#   ${l}`).join('\n'));
  } finally {
    if (results.some((r) => r.failure)) console.log(`# server log tail:\n${server.logTail().replace(/^/gm, '#   ')}`);
    await stopAll();
  }

  const failed = results.filter((r) => r.failure).length;
  console.log(`# artifacts: ${artifactsDir}`);
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
