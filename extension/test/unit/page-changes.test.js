'use strict';
// Pages that change under the extension, in jsdom with the page scripts as injected: a live
// blog that grows, a single-page app that moves on (history.pushState), a page hidden by an
// anti-flicker style at first.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom, loadScripts, fakeAnalysis, CONTENT_FILES } = require('./helpers.js');

const POST = (n) => `<article class="post"><p>Post ${n}: the river rose by ${n} metres overnight and police said roads were closed. `
  + `Crews worked through the night to clear the drains, and residents were told to stay at home until noon.</p></article>`;

function setup(body, { highlightApi = false } = {}) {
  const { window } = dom(body);
  window.chrome = { storage: { onChanged: { addListener() {} }, local: { get: async () => ({}) } }, runtime: { sendMessage: async () => ({ ok: true }) } };
  if (highlightApi) {
    // A stand-in for the CSS Custom Highlight API (jsdom has none): enough to see what is painted.
    window.Highlight = class { constructor(...ranges) { this.ranges = ranges; } };
    window.CSS = { highlights: new Map() };
  }
  const SM = loadScripts(window, CONTENT_FILES);
  return { window, SM, doc: window.document };
}

const label = (text) => (/said/.test(text) ? 'sourced' : 'unsourced');
const all = { show: { sourced: true, unsourced: true, opinion: true } };

test('live blog: analysed again, only the new post is sent; old marks stay, the answer is merged', async () => {
  const { window, SM, doc } = setup(`<h1>Live: floods</h1><div id="feed">${[3, 2, 1].map(POST).join('')}</div>`, { highlightApi: true });
  const settings = SM.settings.normalize(all);
  const first = await SM.page.extract();
  assert.equal(first.data.partial, false);
  const firstAnswer = fakeAnalysis(first.data.text, label);
  SM.page.render(firstAnswer, settings);
  const painted = () => [...window.CSS.highlights.values()].flatMap((h) => h.ranges.map((r) => r.toString()));
  const before = painted();
  assert.ok(before.some((t) => t.startsWith('Post 1:')));

  doc.getElementById('feed').insertAdjacentHTML('afterbegin', POST(4));
  const again = await SM.page.extract();
  assert.equal(again.data.partial, true);
  assert.match(again.data.text, /^Post 4: the river rose by 4 metres/);
  assert.ok(!/Post [123]:/.test(again.data.text), 'old posts are not sent again');
  assert.deepEqual(painted(), before, 'old marks stay up while the new post is analysed');

  const res = SM.page.render(fakeAnalysis(again.data.text, label), settings);
  assert.equal(res.data.unanchored, 0);
  const now = painted();
  for (const n of [1, 2, 3, 4]) assert.ok(now.some((t) => t.startsWith(`Post ${n}:`)), `post ${n} marked`);
  assert.equal(res.data.counts.sourced, 4);
  assert.deepEqual(JSON.parse(doc.documentElement.getAttribute('data-sourcemark-counts')), JSON.parse(JSON.stringify(res.data.counts)));
});

test('nothing new: analysing again sends the whole article', async () => {
  const { SM } = setup(`<div id="feed">${[2, 1].map(POST).join('')}</div>`);
  const first = await SM.page.extract();
  SM.page.render(fakeAnalysis(first.data.text, label), SM.settings.normalize(all));
  const again = await SM.page.extract();
  assert.equal(again.data.partial, false);
  assert.equal(again.data.text, first.data.text);
});

test('single-page app: after pushState the old marks go at once, and the next analysis is whole', async () => {
  const { window, SM, doc } = setup(`<main id="app">${[2, 1].map(POST).join('')}</main>`);
  const first = await SM.page.extract();
  SM.page.render(fakeAnalysis(first.data.text, label), SM.settings.normalize(all));
  assert.ok(doc.querySelector('sourcemark-hl'));
  window.history.pushState({}, '', '/story#comments');
  SM.page.navigated();
  assert.ok(doc.querySelector('sourcemark-hl'), 'a jump to a #fragment is the same page');
  window.history.pushState({}, '', '/another-story');
  SM.page.navigated();
  assert.equal(doc.querySelector('sourcemark-hl'), null, 'no stale highlight');
  assert.equal(doc.documentElement.getAttribute('data-sourcemark'), null);
  doc.getElementById('app').innerHTML = [6, 5].map(POST).join('');
  const next = await SM.page.extract();
  assert.equal(next.data.partial, false);
  assert.match(next.data.text, /^Post 6:/);
  assert.ok(!next.data.text.includes('Post 1:'));
});

test('an anti-flicker style: the text is read once the page shows', async () => {
  const { SM, doc } = setup(`<style id="async-hide">html { opacity: 0 !important; }</style><div>${[2, 1].map(POST).join('')}</div>`);
  setTimeout(() => doc.getElementById('async-hide').remove(), 150);
  const t0 = Date.now();
  const res = await SM.page.extract();
  assert.ok(Date.now() - t0 >= 140, 'it waited for the page to show');
  assert.match(res.data.text, /Post 2:/);
});
