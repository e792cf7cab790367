'use strict';
// In a real Chromium with the unpacked extension and the real service: a live blog analysed
// again sends only its new post and keeps its marks; a single-page app's pushState clears
// the marks of the page it left.
const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startAll } = require('./harness.js');
const t = require('./tools.js');

const ALL = { sourced: true, unsourced: true, opinion: true };
const NEW_POST = 'Power has been restored to 3,000 homes in Carlisle.';
const OLD_POST = 'The river Eden rose by two metres overnight.';

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

const requests = () => env.site.exchanges.filter((e) => e.path === '/api/v1/analyze').map((e) => e.request);
const painted = async (page) => Object.values(await t.highlights(page)).flat();

test('live blog: analysed again, only the new post is sent and the old marks stay', { timeout: 90000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('live-blog.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  // The fixture adds a post while the first analysis runs: it is not marked yet.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.livePostAdded), 'yes');
  const before = await painted(page);
  assert.ok(before.includes(OLD_POST));
  assert.ok(!before.some((s) => s.includes('Power has been restored')));

  const sent = requests().length;
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal(res.data.unanchored, 0);
  const again = requests().slice(sent);
  assert.equal(again.length, 1);
  assert.match(again[0].text, /Power has been restored to 3,000 homes/);
  assert.ok(!again[0].text.includes('Police said 14 roads'), 'old posts are not sent again');
  const after = await painted(page);
  assert.ok(after.some((s) => s.includes(NEW_POST.slice(0, 30))), 'the new post is marked');
  for (const s of before) assert.ok(after.includes(s), `still marked: ${s}`);
});

test('single-page app: pushState to another page clears the marks; analysing again sends it whole', { timeout: 90000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('wire-story.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  assert.ok((await painted(page)).length > 0);
  await page.evaluate(() => history.pushState({}, '', '#comments'));
  await new Promise((r) => setTimeout(r, 500));
  assert.ok((await painted(page)).length > 0, 'a #fragment is the same page');

  await page.evaluate(() => history.pushState({}, '', '/op-ed-next.html'));
  await page.waitForFunction(() => !document.documentElement.dataset.sourcemark, null, { timeout: 10000 });
  assert.deepEqual(await t.highlights(page), {}, 'no stale marks');
  const sent = requests().length;
  const res = await t.analyze(env.context, page);
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.match(requests()[sent].text, /^Council approves eastern tram line/, 'the whole article again');
});
