// Firefox end-to-end harness: Debian's firefox-esr, headless, driven by puppeteer-core over
// WebDriver BiDi, with the unpacked extension installed as a temporary add-on. The service
// and the fixture site are the Chromium suite's (test/e2e/harness.js). BiDi has no handle on
// the background, so the extension is driven from one of its own pages open in a tab (the
// "control" page), which has the full browser.* API.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { startService, startSite, sleep, EXTENSION_DIR } = require('../e2e/harness.js');

const FIREFOX = process.env.FIREFOX || '/usr/lib/firefox-esr/firefox-esr';
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
const GECKO_ID = manifest.browser_specific_settings.gecko.id;
// Firefox gives each add-on a random internal UUID per profile; pinning it makes the
// extension's pages addressable.
const UUID = '5e0c9d2a-7b41-4c4e-9f3a-2d6b8e1f0a57';
const EXT_BASE = `moz-extension://${UUID}`;

async function waitFor(fn, { timeoutMs = 15000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) { last = err; }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

// `extension` is the unpacked folder (default) or a packaged zip such as npm run build makes.
async function launchFirefox(extension = EXTENSION_DIR) {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, timeout: 60000,
    defaultViewport: { width: 1280, height: 900 },
    // Without it a tab cannot be sent to a moz-extension:// page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // permissions.request is granted without a doorhanger nobody can answer headless; the
      // user-gesture rule still applies.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    const id = await browser.installExtension(extension);
    if (id !== GECKO_ID) throw new Error(`installed ${id}, expected ${GECKO_ID}`);
    const control = await openExtensionPage(browser, 'options/options.html');
    return { browser, control, stop: () => browser.close().catch(() => {}) };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}

// moz-extension:// navigations never report "load" to puppeteer: start it, then poll until
// the page's extension API is there.
async function openExtensionPage(browser, rel) {
  const page = await browser.newPage();
  page.goto(`${EXT_BASE}/${rel}`).catch(() => { /* see above */ });
  await waitFor(() => page.evaluate((want) => location.href === want && document.readyState === 'complete'
    && typeof browser !== 'undefined' && !!browser.runtime.id, `${EXT_BASE}/${rel}`), { what: `${rel} to load` });
  return page;
}

async function startAll() {
  const service = await startService();
  let site;
  let firefox;
  try {
    site = await startSite(service.url);
    firefox = await launchFirefox();
  } catch (err) {
    if (site) await site.stop();
    await service.stop();
    throw err;
  }
  const stop = async () => {
    await firefox.stop();
    await site.stop();
    await service.stop();
  };
  return { service, site, browser: firefox.browser, control: firefox.control, stop };
}

module.exports = { startAll, launchFirefox, openExtensionPage, waitFor, EXT_BASE, GECKO_ID };
