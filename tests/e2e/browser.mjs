// browser.mjs - what the dashboard's browser tests share: Debian's chromium
// driven by playwright-core (or why it cannot be, for the tests to say they
// were skipped), a fresh profile started with the flags every test runs it
// with, the script errors and outside requests a page makes, signing in on
// the dashboard, and closing the browser without hanging on it.
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let chromium = null;
// false, or why the browser tests are skipped.
export let browserSkip = false;
if (!existsSync(CHROMIUM)) {
  browserSkip = `${CHROMIUM} is not installed: Debian's chromium is needed (scripts/install-deps.sh installs it)`;
} else if (!existsSync(join(here, 'node_modules', 'playwright-core', 'package.json'))) {
  browserSkip = 'tests/e2e/node_modules is missing: run npm ci in tests/e2e (scripts/install-deps.sh does)';
} else {
  ({ chromium } = await import('playwright-core'));
}

// A browser with a profile of its own: 1280x900, British English, UTC;
// options (playwright's) change any of these.
export async function launchBrowser(options = {}) {
  const ctx = await chromium.launchPersistentContext(tempDir('observa-chromium-'), {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    timeout: 30000,
    ...options,
  });
  ctx.setDefaultTimeout(15000);
  return ctx;
}

// Every request of ctx's pages to a host other than 127.0.0.1 goes into
// outside (the dashboard loads nothing from elsewhere).
export function watchOutside(ctx, outside) {
  ctx.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:') outside.push(r.url());
  });
}

// Script errors of page go into errors.  Statuses a test asks for (a
// refused report: 422) are logged as failed loads; only script errors
// count.
export function watchErrors(page, errors) {
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
}

// Sign in on the dashboard at base as user (signing out whoever was in);
// the menu's entries then shown.
export async function signInAs(page, base, user, password) {
  await page.goto(`${base}/#/overview`);
  await page.locator('#signin-user, #sign-out').locator('visible=true').first().waitFor();
  if (await page.locator('#sign-out').isVisible()) await page.click('#sign-out');
  await page.locator('#signin-user').waitFor();
  await page.fill('#signin-user', user);
  await page.fill('#signin-password', password);
  await page.click('#signin-submit');
  await page.locator('#nav a').first().waitFor();
  return page.locator('#nav a').allTextContents();
}

// Close ctx, giving up after 15 seconds rather than hanging the suite.
export async function closeBrowser(ctx) {
  if (!ctx) return;
  let timer;
  await Promise.race([ctx.close(), new Promise((r) => { timer = setTimeout(r, 15000); })]);
  clearTimeout(timer);
}
