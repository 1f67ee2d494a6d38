/* global document, window -- page.evaluate callbacks run in the browser */
// Opens a page in Debian's headless Chromium (puppeteer-core is ESM-only, so jest runs this as a child process).
// Usage: node test/chromium-page.mjs <url> <screenshot.png>  -> prints one JSON line describing the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, screenshot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'hc-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const response = await page.goto(url, { waitUntil: 'load' });
  const cards = await page.$$eval('li.target', (els) =>
    els.map((el) => ({
      name: el.getAttribute('data-target'),
      badge: el.querySelector('.badge')?.textContent ?? null,
      detail: el.querySelector('.detail')?.textContent ?? null,
      meta: el.querySelector('.meta')?.textContent ?? null,
      history: el.querySelectorAll('.history li').length,
      width: el.getBoundingClientRect().width,
    })),
  );
  const result = {
    status: response?.status() ?? 0,
    title: await page.title(),
    overall: await page.$eval('.overall', (el) => el.textContent),
    explain: await page.$eval('.explain', (el) => el.textContent),
    horizontalOverflow: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    viewportWidth: await page.evaluate(() => window.innerWidth),
    cards,
  };
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
