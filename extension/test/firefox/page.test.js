'use strict';
// In a real headless Firefox with the extension installed and the real service: the add-on
// installs, analyses a news page, paints the right sentences with the right labels, shows
// the hover card, and a "Wrong label?" correction reaches the service.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startAll, launchFirefox, openExtensionPage, waitFor, GECKO_ID } = require('./harness.js');
const { build } = require('../../scripts/build.js');
const { ADMIN_TOKEN } = require('../e2e/harness.js');
const t = require('./tools.js');

const ALL = { sourced: true, unsourced: true, opinion: true };
const CLAIMS = ['sourced', 'unsourced', 'opinion'];
const UNION = '“We were not consulted,” a union spokesperson said.';
const JOBS = 'Unemployment fell to 4.1 percent in March.';
const BETRAYAL = "The council's decision is a disgraceful betrayal of voters.";

let env;
let opened = 0;
before(async () => { env = await startAll(); }, { timeout: 150000 });
after(async () => { if (env) await env.stop(); });

async function open(name) {
  const page = await env.browser.newPage();
  await page.goto(`${env.site.base}/${name}?n=${++opened}`);
  return page;
}

function lastExchange(path) {
  const found = [...env.site.exchanges].reverse().find((e) => e.path === path);
  assert.ok(found, `no request to ${path}`);
  return found;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();
const sorted = (obj) => Object.fromEntries(Object.keys(obj).sort().map((k) => [k, [...obj[k]].sort()]));
function expected(response, show) {
  const out = {};
  for (const s of response.sentences) if (CLAIMS.includes(s.label) && show[s.label]) (out[s.label] = out[s.label] || []).push(norm(s.text));
  return out;
}

test('installs as a temporary add-on and its background answers', { timeout: 30000 }, async () => {
  const info = await env.control.evaluate(() => ({ id: browser.runtime.id, manifest: browser.runtime.getManifest().manifest_version }));
  assert.deepEqual(info, { id: GECKO_ID, manifest: 3 });
  await t.resetSettings(env.control, { serviceUrl: env.service.url });
  const check = await env.control.evaluate(() => browser.runtime.sendMessage({ type: 'check' }));
  assert.equal(check.ok, true, JSON.stringify(check));
  assert.equal(check.data.model.version, env.service.model.version);
});

test('analyses a news page: the right sentences painted with the right labels', { timeout: 60000 }, async () => {
  await t.resetSettings(env.control, { serviceUrl: env.site.proxyUrl });
  const page = await open('wire-story.html');
  const res = await t.analyze(env.control, page);
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal(res.data.unanchored, 0);
  assert.equal(res.data.mode, 'highlight-api', 'Firefox 140+ has the CSS Custom Highlight API');
  const { request, response } = lastExchange('/api/v1/analyze');
  assert.ok(request.text.includes(JOBS) && !request.text.includes('Most read'));
  // The fixture's link carries a query string and a fragment; only scheme, host and path go.
  assert.deepEqual(request.links.map((l) => [request.text.slice(l.start, l.end), l.href]),
    [['figures from the statistics office', 'https://stats.example.gov/labour-march']]);
  assert.ok(!('url' in request), 'the page address is not sent with an analysis');
  assert.equal(response.sentences.find((s) => s.text === JOBS).label, 'unsourced');
  assert.equal(response.sentences.find((s) => s.text === UNION).label, 'sourced');
  assert.deepEqual(JSON.parse(await page.evaluate(() => document.documentElement.dataset.sourcemarkCounts)), response.counts);

  const shown = await t.painted(page);
  assert.deepEqual(sorted(shown), sorted(expected(response, { unsourced: true, opinion: true })));
  assert.ok(shown.unsourced.includes(JOBS));
  assert.equal(shown.sourced, undefined, 'sourced sentences are off by default');

  await t.setSettings(env.control, { show: ALL });
  const all = await waitFor(async () => {
    const now = await t.painted(page);
    return now.sourced ? now : null;
  }, { what: 'sourced highlights after the setting changed' });
  assert.ok(all.sourced.includes(UNION));
  assert.deepEqual(sorted(all), sorted(expected(response, ALL)));

  const oped = await open('op-ed.html');
  assert.equal((await t.analyze(env.control, oped)).ok, true);
  assert.equal(lastExchange('/api/v1/analyze').response.sentences.find((s) => s.text === BETRAYAL).label, 'opinion');
  assert.ok((await t.painted(oped)).opinion.includes(BETRAYAL));
  await oped.close();
  await page.close();
});

test('hover card, then "Wrong label?" sends the correction to the service', { timeout: 60000 }, async () => {
  // The address opt-in is on in storage, but Firefox's consent for it was never given.
  await t.resetSettings(env.control, { serviceUrl: env.site.proxyUrl, show: ALL, shareUrlWithFeedback: true });
  const page = await open('wire-story.html');
  assert.equal((await t.analyze(env.control, page)).ok, true);
  const { response } = lastExchange('/api/v1/analyze');
  const jobs = response.sentences.find((s) => s.text === JOBS);

  const at = await t.pointOf(page, JOBS);
  await page.mouse.move(at.x, at.y);
  const shown = await waitFor(() => t.cardText(page), { what: 'the hover card' });
  assert.match(shown, /Unsourced claim/);
  assert.equal(await t.cardText(page, '.confidence'), `Confidence: ${Math.round(jobs.confidence * 100)}%`);

  const choice = 'opinion';
  await t.clickInCard(page, 'button', 'Wrong label?');
  await t.clickInCard(page, `.choice[data-label="${choice}"]`);
  await waitFor(async () => /Thanks/.test(await t.cardText(page, '.status') || ''), { what: 'the thanks' });
  const res = await fetch(`${env.service.url}/api/v1/admin/feedback?status=pending`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(res.status, 200);
  const mine = (await res.json()).items.filter((i) => i.text === JOBS);
  assert.equal(mine.length, 1);
  assert.deepEqual([mine[0].label, mine[0].predicted, mine[0].model_version], [choice, 'unsourced', response.model.version]);
  assert.ok(!mine[0].url, 'no page address without Firefox\'s data-collection consent');
  await t.setSettings(env.control, { shareUrlWithFeedback: false });

  // Opting in on the options page asks Firefox's data-collection consent inside the click;
  // then the page's address goes along with a correction.
  const options = await openExtensionPage(env.browser, 'options/options.html');
  await options.click('#shareUrlWithFeedback');
  await waitFor(() => options.evaluate(() => browser.permissions.contains({ data_collection: ['browsingActivity'] })),
    { what: 'the browsingActivity consent' });
  assert.equal(await options.$eval('#shareUrlWithFeedback', (el) => el.checked), true);
  await options.click('button[type="submit"]');
  await waitFor(async () => (await options.$eval('#saved', (el) => el.textContent)) === 'Saved.', { what: 'the save' });
  await options.close();
  await page.bringToFront();
  const union = response.sentences.find((s) => s.text === UNION);
  const at2 = await t.pointOf(page, UNION);
  await page.mouse.move(at2.x, at2.y);
  await waitFor(async () => /Sourced/.test(await t.cardText(page) || ''), { what: 'the card of the sourced sentence' });
  await t.clickInCard(page, 'button', 'Wrong label?');
  await t.clickInCard(page, '.choice[data-label="unsourced"]');
  await waitFor(async () => /Thanks/.test(await t.cardText(page, '.status') || ''), { what: 'the second thanks' });
  const again = await fetch(`${env.service.url}/api/v1/admin/feedback?status=pending`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const withUrl = (await again.json()).items.find((i) => i.text === UNION);
  assert.equal(withUrl.predicted, union.label);
  assert.equal(withUrl.url, page.url());

  // Moving away hides the card again.
  await page.mouse.move(5, 890);
  await waitFor(async () => (await t.cardText(page)) === null, { what: 'the card to hide' });
  await page.close();
});

test('the Firefox store package from npm run build installs and analyses', { timeout: 60000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ff-build-'));
  let firefox;
  try {
    const zip = build(out).find((f) => path.basename(f).startsWith('sourcemark-firefox-'));
    firefox = await launchFirefox(zip);
    await t.resetSettings(firefox.control, { serviceUrl: env.site.proxyUrl });
    const page = await firefox.browser.newPage();
    await page.goto(`${env.site.base}/wire-story.html?n=${++opened}`);
    const res = await t.analyze(firefox.control, page);
    assert.equal(res.ok, true, JSON.stringify(res));
    assert.ok((await t.painted(page)).unsourced.includes(JOBS));
  } finally {
    if (firefox) await firefox.stop();
    fs.rmSync(out, { recursive: true, force: true });
  }
});
