'use strict';
// In a real Chromium with the unpacked extension and the real service: the hover and focus
// card, corrections reaching the service, the popup, the per-site switch, and the errors.
const fs = require('fs');
const path = require('path');
const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, freePort, ADMIN_TOKEN } = require('./harness.js');
const t = require('./tools.js');

const ALL = { sourced: true, unsourced: true, opinion: true };
const UNION = '“We were not consulted,” a union spokesperson said.';
const JOBS = 'Unemployment fell to 4.1 percent in March.';
const SCREENSHOT = process.env.SOURCEMARK_SCREENSHOT || path.join(__dirname, '..', '..', 'test-results', 'screenshot.png');

let env;
let opened = 0;
before(async () => { env = await startAll(); }, { timeout: 150000 });
after(async () => { if (env) await env.stop(); });
afterEach(async () => {
  for (const page of env ? env.context.pages() : []) await page.close().catch(() => {});
});

async function open(name) {
  const page = await env.context.newPage();
  await page.goto(`${env.site.base}/${name}?n=${++opened}`);
  return page;
}

function lastResponse() {
  return [...env.site.exchanges].reverse().find((e) => e.path === '/api/v1/analyze').response;
}

async function feedbackItems() {
  const res = await fetch(`${env.service.url}/api/v1/admin/feedback?status=pending`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

const card = (page) => page.locator('sourcemark-card .card');

test('hover card: label in words, confidence, the cue for sourced; focus shows it too', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('wire-story.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  const response = lastResponse();
  const jobs = response.sentences.find((s) => s.text === JOBS);
  const at = await t.pointOf(page, JOBS);
  await page.mouse.move(at.x, at.y);
  await card(page).waitFor({ state: 'visible', timeout: 10000 });
  const words = { unsourced: 'Unsourced claim', opinion: 'Opinion', sourced: 'Sourced' };
  assert.match(await card(page).locator('.title').textContent(), new RegExp(words[jobs.label]));
  assert.equal(await card(page).locator('.confidence').textContent(), `Confidence: ${Math.round(jobs.confidence * 100)}%`);

  const union = response.sentences.find((s) => s.text === UNION);
  const at2 = await t.pointOf(page, UNION);
  await page.mouse.move(at2.x, at2.y);
  await page.waitForFunction((w) => {
    const c = document.querySelector('sourcemark-card');
    return c && c.shadowRoot.querySelector('.title').textContent.includes(w);
  }, words[union.label], { timeout: 10000 });
  if (union.label === 'sourced' && union.cue) {
    assert.equal(await card(page).locator('.cue').textContent(), `Attribution cue found in the sentence: “${union.cue.text}”`);
  }
  await page.mouse.move(5, 890);
  await card(page).waitFor({ state: 'hidden', timeout: 10000 });

  // Keyboard: a caret inside a marked sentence (caret browsing, keyboard selection) opens it.
  await page.evaluate((text) => {
    const p = [...document.querySelectorAll('p')].find((el) => el.textContent.includes(text));
    document.getSelection().collapse(p.firstChild, 5);
  }, JOBS);
  await card(page).waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Escape');
  await card(page).waitFor({ state: 'hidden', timeout: 10000 });
});

test('"Wrong label?" sends the correction to the service and thanks the reader', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('wire-story.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  const response = lastResponse();
  const jobs = response.sentences.find((s) => s.text === JOBS);
  const choice = jobs.label === 'opinion' ? 'sourced' : 'opinion';
  const at = await t.pointOf(page, JOBS);
  await page.mouse.move(at.x, at.y);
  await card(page).waitFor({ state: 'visible', timeout: 10000 });
  await card(page).getByRole('button', { name: 'Wrong label?' }).click();
  const choices = card(page).locator('.choice');
  assert.equal(await choices.count(), 3);
  await card(page).locator(`.choice[data-label="${choice}"]`).click();
  await card(page).locator('.status').filter({ hasText: 'Thanks' }).waitFor({ timeout: 10000 });
  const items = await feedbackItems();
  const mine = items.filter((i) => i.text === JOBS);
  assert.equal(mine.length, 1, JSON.stringify(items));
  assert.equal(mine[0].label, choice);
  assert.equal(mine[0].predicted, jobs.label);
  assert.equal(mine[0].model_version, response.model.version);
  assert.ok(!mine[0].url, 'no page address unless the reader opted in');

  // With the opt-in, the page's address goes along.
  await t.setSettings(env.context, { shareUrlWithFeedback: true });
  const at2 = await t.pointOf(page, UNION);
  await page.mouse.move(at2.x, at2.y);
  await page.waitForFunction(() => /Sourced|Unsourced|Opinion/.test(document.querySelector('sourcemark-card').shadowRoot.querySelector('.card').textContent), null, { timeout: 10000 });
  await card(page).getByRole('button', { name: 'Wrong label?' }).click();
  await card(page).locator('.choice').first().click();
  await card(page).locator('.status').filter({ hasText: 'Thanks' }).waitFor({ timeout: 10000 });
  const withUrl = (await feedbackItems()).find((i) => i.text === UNION);
  assert.equal(withUrl.url, page.url());
});

test('the popup: one click analyses, then counts, share, toggles', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl });
  const page = await open('op-ed.html');
  const tab = await t.tabId(env.context, page);
  const popup = await env.context.newPage();
  await popup.goto(`chrome-extension://${env.browser.extensionId}/popup/popup.html?tab=${tab}`);
  await popup.locator('#status').filter({ hasText: 'Analysed by' }).waitFor({ timeout: 20000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sourcemark), 'done');
  const { counts } = lastResponse();
  for (const label of ['sourced', 'unsourced', 'opinion']) {
    assert.equal(await popup.locator(`#legend li[data-label="${label}"] strong`).textContent(), String(counts[label] || 0));
  }
  const total = (counts.sourced || 0) + (counts.unsourced || 0) + (counts.opinion || 0);
  assert.equal(await popup.locator('#share').textContent(),
    `${Math.round((100 * (counts.unsourced || 0)) / total)}% of the ${total} claims are unsourced.`);
  assert.equal(await popup.locator('#show-sourced').isChecked(), false);
  await popup.locator('#show-sourced').check();
  if (counts.sourced) await page.waitForFunction(() => CSS.highlights.has('sourcemark-sourced'), null, { timeout: 10000 });
  const stored = await t.worker(env.context).evaluate(() => chrome.storage.local.get('show'));
  assert.deepEqual(stored.show, { sourced: true, unsourced: true, opinion: true });
  await popup.locator('#clear').click();
  await popup.locator('#status').filter({ hasText: 'Highlights cleared.' }).waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sourcemark), undefined);
});

test('"always analyse here": chosen sites run by themselves, others never', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, sites: [] });
  const idle = await open('wire-story.html');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await idle.evaluate(() => document.documentElement.dataset.sourcemark), undefined);
  await t.setSettings(env.context, { sites: ['127.0.0.1'] });
  const auto = await open('wire-story.html');
  await auto.waitForFunction(() => document.documentElement.dataset.sourcemark === 'done', null, { timeout: 20000 });
});

test('errors end in a plain sentence: service down, page too long, no article', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: `http://127.0.0.1:${await freePort()}` });
  const page = await open('wire-story.html');
  const down = await t.analyze(env.context, page);
  assert.equal(down.error.code, 'service_unreachable');
  assert.match(down.error.message, /Could not reach the SourceMark service/);
  assert.deepEqual(await page.evaluate(() => [document.documentElement.dataset.sourcemark, document.documentElement.dataset.sourcemarkError]),
    ['error', 'service_unreachable']);
  await page.locator('sourcemark-card .notice').filter({ hasText: 'Could not reach' }).waitFor({ timeout: 10000 });
  const tab = await t.tabId(env.context, page);
  assert.equal(await t.worker(env.context).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab), '!');

  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl });
  const long = await open('too-long.html');
  const tooLong = await t.analyze(env.context, long);
  assert.equal(tooLong.error.code, 'text_too_long');
  assert.match(tooLong.error.message, /too long/);
  const empty = await open('no-article.html');
  const none = await t.analyze(env.context, empty);
  assert.equal(none.error.code, 'no_article');
  assert.equal(await empty.evaluate(() => document.documentElement.dataset.sourcemark), 'error');
});

test('a highlighted page with its card, saved as a screenshot for the README', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('ads-comments.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  const opinion = 'The decision is a shameful failure of imagination by a council that has lost its way.';
  const at = await t.pointOf(page, opinion);
  await page.mouse.move(at.x, at.y);
  await card(page).filter({ hasText: 'Opinion' }).waitFor({ state: 'visible', timeout: 10000 });
  // The page forbids inline styles (CSP); the card is still laid out by its own stylesheet.
  assert.equal(await card(page).evaluate((el) => getComputedStyle(el).position), 'fixed');
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  assert.ok(fs.statSync(SCREENSHOT).size > 10000);
});

test('options: saved settings, the connection check and the privacy statement', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, {});
  const page = await env.context.newPage();
  await page.goto(`chrome-extension://${env.browser.extensionId}/options/options.html`);
  assert.equal(await page.locator('#serviceUrl').inputValue(), 'http://127.0.0.1:8000');
  assert.equal(await page.locator('#shareUrlWithFeedback').isChecked(), false);
  await page.locator('#serviceUrl').fill(`${env.service.url}/`);
  await page.locator('#show-opinion').uncheck();
  await page.locator('#minConfidence').fill('60');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('#saved').filter({ hasText: 'Saved.' }).waitFor({ timeout: 10000 });
  const stored = await t.worker(env.context).evaluate(() => chrome.storage.local.get(null));
  assert.equal(stored.serviceUrl, env.service.url);
  assert.deepEqual(stored.show, { sourced: false, unsourced: true, opinion: false });
  assert.equal(stored.minConfidence, 0.6);
  await page.getByRole('button', { name: 'Test the saved address' }).click();
  await page.locator('#check-result').filter({ hasText: 'is ready' }).waitFor({ timeout: 10000 });
  await page.locator('#serviceUrl').fill('ftp://nowhere');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('#saved').filter({ hasText: 'must start with http' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('#privacy').textContent(), /sends only the text of the article/);
});
