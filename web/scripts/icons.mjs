#!/usr/bin/env node
// Draws the app icons that phones and desktops show when someone installs Weft, from
// public/favicon.svg: icon-192.png and icon-512.png (the rounded square on a clear background) and
// icon-maskable-512.png (the same weave on a full square, kept inside the middle 80 % so any mask
// shape leaves it whole). Rendered by Chromium through playwright-core, which the browser tests
// already use. The PNGs are committed; run this again after changing favicon.svg:
//   node scripts/icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const svg = fs.readFileSync(path.join(publicDir, 'favicon.svg'), 'utf8');
const fill = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1] ?? '#3b5bdb';
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    // Maskable: the square is filled to the edges, the weave scaled into the safe zone.
    const inner = icon.maskable ? Math.round(icon.size * 0.8) : icon.size;
    const background = icon.maskable ? fill : 'transparent';
    await page.setContent(
      `<html><body style="margin:0;background:${background};display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px">` +
        `<img src="${dataUrl}" width="${inner}" height="${inner}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(publicDir, icon.file), omitBackground: !icon.maskable });
    await page.close();
    console.log(`icons: ${icon.file} (${icon.size}×${icon.size}${icon.maskable ? ', maskable' : ''})`);
  }
} finally {
  await browser.close();
}
