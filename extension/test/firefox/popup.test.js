'use strict';
// The popup in a real headless Firefox: one click analyses, its label switches repaint the
// page, and "Always analyse here" gets the site's permission from the click itself (Firefox
// honours permissions.request only inside the user's gesture) and then runs by itself.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, openExtensionPage, waitFor } = require('./harness.js');
const t = require('./tools.js');

let env;
let opened = 0;
before(async () => { env = await startAll(); }, { timeout: 150000 });
after(async () => { if (env) await env.stop(); });

async function open(base, name) {
  const page = await env.browser.newPage();
  await page.goto(`${base}/${name}?n=${++opened}`);
  return page;
}

async function openPopup(page) {
  return openExtensionPage(env.browser, `popup/popup.html?tab=${await t.tabId(env.control, page)}`);
}

const text = (page, selector) => page.$eval(selector, (el) => el.textContent);

test('the popup analyses on opening; its switches repaint the page', { timeout: 60000 }, async () => {
  await t.resetSettings(env.control, { serviceUrl: env.site.proxyUrl });
  const page = await open(env.site.base, 'wire-story.html');
  const popup = await openPopup(page);
  await waitFor(async () => /Analysed by/.test(await text(popup, '#status')), { what: 'the popup to analyse' });
  assert.equal(await t.hook(page), 'done');
  const counts = JSON.parse(await page.evaluate(() => document.documentElement.dataset.sourcemarkCounts));
  for (const label of ['sourced', 'unsourced', 'opinion']) {
    assert.equal(await text(popup, `#legend li[data-label="${label}"] strong`), String(counts[label] || 0));
  }
  assert.ok(counts.unsourced > 0 && counts.sourced > 0, JSON.stringify(counts));
  assert.ok((await t.painted(page)).unsourced.length > 0);

  // Unsourced off: its highlight goes, and the choice is stored.
  await popup.click('#show-unsourced');
  await waitFor(async () => !(await t.painted(page)).unsourced, { what: 'unsourced highlights to go' });
  // Sourced on: its highlight comes.
  await popup.click('#show-sourced');
  await waitFor(async () => (await t.painted(page)).sourced, { what: 'sourced highlights to come' });
  const stored = await env.control.evaluate(() => browser.storage.local.get('show'));
  assert.deepEqual(stored.show, { sourced: true, unsourced: false, opinion: true });

  await popup.click('#clear');
  await waitFor(async () => (await text(popup, '#status')) === 'Highlights cleared.', { what: 'the clear' });
  assert.equal(await t.hook(page), undefined);
  await popup.close();
  await page.close();
});

test('"Always analyse here" asks for the site inside the click, then runs there by itself', { timeout: 60000 }, async () => {
  // The popup opened by a test has no activeTab grant (no toolbar click), so it can only see
  // the address of a tab on a host the manifest grants: localhost. Firefox still applies its
  // user-gesture rule to permissions.request there, which is what this checks.
  await t.resetSettings(env.control, { serviceUrl: env.site.proxyUrl, sites: [] });
  const site = env.site.base.replace('127.0.0.1', 'localhost');
  const page = await open(site, 'wire-story.html');
  const popup = await openPopup(page);
  await waitFor(async () => /Analysed by/.test(await text(popup, '#status')), { what: 'the popup to analyse' });
  assert.equal(await text(popup, '#site-name'), 'localhost');
  assert.equal(await popup.$eval('#site', (el) => el.checked), false);

  await popup.click('#site');
  await waitFor(() => popup.$eval('#site-note', (el) => !el.hidden), { what: 'the site note' });
  assert.equal(await text(popup, '#site-note'), 'SourceMark will analyse pages of this site when they load.');
  assert.equal(await popup.$eval('#site', (el) => el.checked), true);
  assert.deepEqual((await env.control.evaluate(() => browser.storage.local.get('sites'))).sites, ['localhost']);
  await popup.close();

  // A new page of that site is analysed when it loads, with no click.
  const next = await open(site, 'op-ed.html');
  await waitFor(async () => (await t.hook(next)) === 'done', { timeoutMs: 20000, what: 'the site to be analysed by itself' });
  assert.ok((await t.painted(next)).opinion.length > 0);
  await next.close();
  await page.close();
});
