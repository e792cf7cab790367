'use strict';
// In a real Chromium with the unpacked extension and the real service: the right sentences
// carry the right highlight, offsets hold on every fixture, and clearing restores the DOM.
const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startAll } = require('./harness.js');
const t = require('./tools.js');

const CLAIMS = ['sourced', 'unsourced', 'opinion'];
const ALL = { sourced: true, unsourced: true, opinion: true };
const UNION = '“We were not consulted,” a union spokesperson said.';
const JOBS = 'Unemployment fell to 4.1 percent in March.';
const BETRAYAL = "The council's decision is a disgraceful betrayal of voters.";

let env;
before(async () => { env = await startAll(); }, { timeout: 150000 });
after(async () => { if (env) await env.stop(); });

let opened = 0;
// Each page gets its own address (tabs are found by address) and is closed after its test.
async function open(name) {
  const page = await env.context.newPage();
  await page.goto(`${env.site.base}/${name}?n=${++opened}`);
  return page;
}

afterEach(async () => {
  for (const page of env ? env.context.pages() : []) await page.close().catch(() => {});
});

function lastExchange(path = '/api/v1/analyze') {
  const found = [...env.site.exchanges].reverse().find((e) => e.path === path);
  assert.ok(found, `no request to ${path}`);
  return found;
}

// Sentence texts the service labelled, per label, as the page should show them.
function expected(response, show) {
  const out = {};
  for (const s of response.sentences) if (CLAIMS.includes(s.label) && show[s.label]) (out[s.label] = out[s.label] || []).push(t.norm(s.text));
  return out;
}

const sorted = (obj) => Object.fromEntries(Object.keys(obj).sort().map((k) => [k, [...obj[k]].sort()]));

test('wire story: unsourced highlighted, sourced quiet until switched on, links and hooks right', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl });
  const page = await open('wire-story.html');
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal(res.data.unanchored, 0);
  assert.equal(res.data.mode, 'highlight-api');
  const { request, response } = lastExchange();
  assert.equal(request.offset_unit, 'utf16');
  // The headline leads; the section kicker above it ("Transport") is not article text.
  assert.ok(request.text.startsWith('Council approves eastern tram line'), request.text.slice(0, 80));
  for (const chrome of ['Most read', 'All rights reserved', 'Share this article', 'Reporting by', 'Business']) {
    assert.ok(!request.text.includes(chrome), `sent page chrome: ${chrome}`);
  }
  assert.deepEqual(request.links.map((l) => [request.text.slice(l.start, l.end), l.href]),
    [['figures from the statistics office', 'https://stats.example.gov/labour-march']]);
  assert.equal(!('url' in request), true, 'the page address is not sent');
  const hook = await page.evaluate(() => [document.documentElement.dataset.sourcemark, document.documentElement.dataset.sourcemarkCounts]);
  assert.deepEqual([hook[0], JSON.parse(hook[1])], ['done', response.counts]);

  const label = (text) => response.sentences.find((s) => s.text === text).label;
  assert.equal(label(JOBS), 'unsourced');
  assert.equal(label(UNION), 'sourced');
  const union = response.sentences.find((s) => s.text === UNION);
  assert.ok(union.cue && /said/.test(union.cue.text), 'the service names the attribution cue');

  const shown = await t.highlights(page);
  assert.deepEqual(sorted(shown), sorted(expected(response, { unsourced: true, opinion: true })));
  assert.ok(shown.unsourced.includes(JOBS));
  assert.equal(shown.sourced, undefined, 'sourced sentences are off by default');

  await t.setSettings(env.context, { show: ALL });
  await page.waitForFunction(() => CSS.highlights.has('sourcemark-sourced'), null, { timeout: 10000 });
  const all = await t.highlights(page);
  assert.ok(all.sourced.includes(UNION));
  assert.deepEqual(sorted(all), sorted(expected(response, ALL)));
});

test('op-ed: the writer\'s opinion carries the opinion highlight', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl });
  const page = await open('op-ed.html');
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true, JSON.stringify(res));
  const { response } = lastExchange();
  assert.equal(response.sentences.find((s) => s.text === BETRAYAL).label, 'opinion');
  const shown = await t.highlights(page);
  assert.ok(shown.opinion.includes(BETRAYAL));
  assert.ok(!(shown.unsourced || []).includes(BETRAYAL));
});

// Per fixture: page furniture that must not be sent, and unmistakable sentences with the
// label (and so the highlight) they must carry.
const PAGES = {
  'wire-story.html': {
    forbidden: ['Most read', 'All rights reserved', 'Reporting by'],
    labels: { [JOBS]: 'unsourced', [UNION]: 'sourced' },
  },
  'op-ed.html': {
    forbidden: ['More opinion', 'Views expressed'],
    labels: { [BETRAYAL]: 'opinion', 'Councillors should be ashamed of themselves.': 'opinion' },
  },
  'live-blog.html': {
    forbidden: ['Key points', 'Power has been restored'],
    labels: {
      'The response to this storm has been shambolic from the start.': 'opinion',
      'Police said 14 roads were closed across Cumbria because of flooding.': 'sourced',
      'The river Eden rose by two metres overnight.': 'unsourced',
    },
  },
  'ads-comments.html': {
    forbidden: ['Advertisement', 'home insurance', 'luxury apartments', 'newsletter', 'Promoted stories',
      'worst decision', 'nobody complained', 'cookies', 'Holidays in the sun'],
    labels: {
      'Eastfield library will close on Sundays from May 4 to save 65,000 euros a year.': 'unsourced',
      'The decision is a shameful failure of imagination by a council that has lost its way.': 'opinion',
    },
  },
  'emoji-intl.html': {
    forbidden: ['Fixtures', 'Brazil v Morocco'],
    labels: {
      'More than 60,000 fans 🇯🇵🇧🇷🇲🇦 packed the fan zone in São Paulo on Saturday.': 'unsourced',
      'Police said the crowd was peaceful 🙏 and that only two people were arrested.': 'sourced',
      'It was, quite simply, the most joyful 🥳 scene this tournament has produced.': 'opinion',
    },
  },
};

test('every fixture: only the article is sent, every claim is painted exactly where it is, with the right highlight', { timeout: 90000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  for (const [name, { forbidden, labels }] of Object.entries(PAGES)) {
    const page = await open(name);
    const res = await t.analyze(env.context, page);
    assert.equal(res.ok, true, `${name}: ${JSON.stringify(res)}`);
    const { request, response } = lastExchange();
    for (const text of forbidden) assert.ok(!request.text.includes(text), `${name} sent "${text}"`);
    assert.ok(response.sentences.filter((s) => CLAIMS.includes(s.label)).length >= 5, `${name}: too few claims`);
    assert.equal(res.data.unanchored, 0, name);
    // The painted ranges are the service's sentences, character for character (UTF-16 offsets).
    const painted = await t.highlights(page);
    assert.deepEqual(sorted(painted), sorted(expected(response, ALL)), name);
    for (const [text, label] of Object.entries(labels)) {
      assert.ok((painted[label] || []).includes(text), `${name}: "${text}" should be marked ${label}`);
    }
  }
});

test('live blog: a post arriving mid-analysis shifts nothing', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('live-blog.html');
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.livePostAdded), 'yes');
  const { request, response } = lastExchange();
  assert.ok(!request.text.includes('Power has been restored'));
  const painted = Object.values(await t.highlights(page)).flat();
  assert.ok(!painted.some((text) => text.includes('Power has been restored')), 'the new post is not marked');
  assert.deepEqual(painted.sort(), Object.values(expected(response, ALL)).flat().sort());
});

test('clearing leaves the DOM exactly as it was (Highlight API)', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('ads-comments.html');
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  assert.equal((await t.analyze(env.context, page)).ok, true);
  const painted = Object.values(await t.highlights(page)).flat();
  const point = await t.pointOf(page, painted[0]);
  await page.mouse.move(point.x, point.y);
  await page.locator('sourcemark-card .card').waitFor({ state: 'visible', timeout: 10000 });
  assert.notEqual(await page.evaluate(() => document.documentElement.outerHTML), before);
  const res = await t.clear(env.context, page);
  assert.equal(res.ok, true);
  assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before);
  assert.deepEqual(await t.highlights(page), {});
});

test('wrapping fallback: same sentences marked, and clearing restores the DOM exactly', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl });
  const page = await open('emoji-intl.html');
  const before = await page.evaluate(() => [document.documentElement.outerHTML, document.body.innerText]);
  await t.forceWrap(env.context, page);
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true);
  assert.equal(res.data.mode, 'wrap');
  const { response } = lastExchange();
  const want = expected(response, { unsourced: true, opinion: true });
  assert.deepEqual(sorted(await t.wrapped(page)), sorted(want));
  assert.deepEqual(await t.highlights(page), {}, 'no Highlight API use in this mode');
  assert.equal(await page.evaluate(() => document.body.innerText), before[1], 'wrapping changes no visible text');
  await t.setSettings(env.context, { show: ALL });
  await page.waitForFunction(() => !!document.querySelector('sourcemark-hl[data-label="sourced"]'), null, { timeout: 10000 })
    .catch(() => {}); // a page may have no sourced sentence; the next line checks either way
  assert.deepEqual(sorted(await t.wrapped(page)), sorted(expected(response, ALL)));
  assert.equal((await t.clear(env.context, page)).ok, true);
  assert.deepEqual(await page.evaluate(() => [document.documentElement.outerHTML, document.body.innerText]), before);
});

// Last in this file: it reloads the extension (Chromium reports manifest problems only
// in developer mode, and only for a load that happens while it is on).
test('Chromium loads the unpacked folder as shipped, with no manifest problem but the known one', { timeout: 30000 }, async () => {
  const page = await env.context.newPage();
  await page.goto('chrome://extensions');
  const info = await page.evaluate(async () => {
    const find = async () => (await chrome.developerPrivate.getExtensionsInfo()).find((e) => e.name === 'SourceMark');
    await chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true });
    await chrome.developerPrivate.reload((await find()).id, { failQuietly: true });
    for (let i = 0; i < 50; i++) {
      const e = await find();
      if (e && e.state === 'ENABLED' && e.errorCollection.isActive) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const e = await find();
    return { warnings: e.installWarnings, errors: e.manifestErrors.map((m) => m.message), state: e.state };
  });
  // Chrome notes the Firefox background key it ignores; the Chrome zip from the build leaves it out.
  assert.deepEqual(info, { warnings: [], errors: ["'background.scripts' requires manifest version of 2 or lower."], state: 'ENABLED' });
});
