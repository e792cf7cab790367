'use strict';
// The page scripts together, as the background injects them, in jsdom: extract -> (fake
// service) -> render -> hooks -> settings changes -> feedback -> clear.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom, loadScripts, fakeAnalysis } = require('./helpers.js');

const { CONTENT_FILES: FILES } = require('./helpers.js');

const ARTICLE = `<nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <article><h1>Council approves tram line 🚋</h1>
  <p>By Ana Lima</p>
  <p>Unemployment fell to 4.1 percent in March. “We were not consulted,” a union spokesperson said.
  The council's decision is a disgraceful betrayal of voters. Residents in 北区 gathered outside.</p>
  <p>More than <a href="https://stats.example/jobs">12,000 people</a> signed the petition.</p>
  <p>The route runs from the station to the hospital and back along the river. The route has twelve stops on its
  way, each with a shelter and a ticket machine. The route would be served every ten minutes on weekdays and every
  twenty minutes on Sundays. The route plan was drawn up by the transport office over two years.</p></article>
  <div class="comments"><p>I think this is great news for everyone in town, honestly.</p></div>`;

function label(text) {
  if (/said/.test(text)) return 'sourced';
  if (/disgraceful/.test(text)) return 'opinion';
  if (/^By |route/.test(text)) return 'none';
  return 'unsourced';
}

function fakeChrome() {
  const listeners = [];
  const store = {};
  const sent = [];
  const asked = [];
  return {
    sent,
    store,
    asked,
    storage: {
      // Like the browser's: only the keys asked for (null: everything).
      local: { get: async (keys) => { asked.push(keys); return keys === null ? { ...store } : Object.fromEntries([].concat(keys).filter((k) => k in store).map((k) => [k, store[k]])); } },
      onChanged: { addListener: (fn) => listeners.push(fn) },
    },
    runtime: { sendMessage: async (msg) => { sent.push(msg); return { ok: true, data: { id: 1, status: 'pending', count: 1 } }; } },
    change(values) {
      Object.assign(store, values);
      for (const fn of listeners) fn(Object.fromEntries(Object.keys(values).map((k) => [k, { newValue: values[k] }])), 'local');
    },
  };
}

function setup() {
  const { window } = dom(ARTICLE);
  window.chrome = fakeChrome();
  const SM = loadScripts(window, FILES);
  return { window, SM, chrome: window.chrome, html: window.document.documentElement };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
// Objects made inside the jsdom window have that window's prototypes; compare plain copies.
const plain = (x) => JSON.parse(JSON.stringify(x));

test('extract sends only the article, and marks the page as working', async () => {
  const { SM, html } = setup();
  const res = await SM.page.extract();
  assert.equal(res.ok, true);
  assert.match(res.data.text, /^Council approves tram line 🚋\n\nBy Ana Lima\n\nUnemployment fell/);
  assert.ok(!res.data.text.includes('Home') && !res.data.text.includes('great news'));
  assert.deepEqual(plain(res.data.links.map((l) => res.data.text.slice(l.start, l.end))), ['12,000 people']);
  assert.equal(html.getAttribute('data-sourcemark'), 'working');
});

test('render draws the shown labels, sets the done hook with counts; clear restores the page', async () => {
  const { window, SM, html } = setup();
  const before = html.outerHTML;
  const { text } = (await SM.page.extract()).data;
  const data = fakeAnalysis(text, label);
  const settings = SM.settings.normalize({});
  const res = SM.page.render(data, settings);
  assert.equal(res.ok, true);
  assert.equal(html.getAttribute('data-sourcemark'), 'done');
  assert.deepEqual(JSON.parse(html.getAttribute('data-sourcemark-counts')), data.counts);
  assert.equal(res.data.unanchored, 0);
  const marked = {};
  for (const el of window.document.querySelectorAll('sourcemark-hl')) {
    const id = el.getAttribute('data-id');
    marked[id] = marked[id] || { label: el.getAttribute('data-label'), text: '' };
    marked[id].text += el.textContent;
  }
  const byText = Object.values(marked).map((m) => [m.label, m.text.replace(/\s+/g, ' ')]);
  assert.deepEqual(byText.sort(), [
    ['opinion', "The council's decision is a disgraceful betrayal of voters."],
    ['unsourced', 'Council approves tram line 🚋'],
    ['unsourced', 'More than 12,000 people signed the petition.'],
    ['unsourced', 'Residents in 北区 gathered outside.'],
    ['unsourced', 'Unemployment fell to 4.1 percent in March.'],
  ], 'sourced is off by default and none is never drawn');
  SM.page.clear();
  assert.equal(html.outerHTML, before);
});

test('the popup\'s toggles and sensitivity redraw without a new request', async () => {
  const { window, SM, chrome } = setup();
  const { text } = (await SM.page.extract()).data;
  const data = fakeAnalysis(text, label);
  data.sentences.find((s) => /Residents/.test(s.text)).confidence = 0.4;
  SM.page.render(data, SM.settings.normalize({}));
  const count = (l) => new Set([...window.document.querySelectorAll(`sourcemark-hl[data-label="${l}"]`)].map((e) => e.dataset.id)).size;
  assert.equal(count('sourced'), 0);
  chrome.change({ show: { sourced: true, unsourced: true, opinion: false } });
  await settle();
  assert.equal(count('sourced'), 1);
  assert.equal(count('opinion'), 0);
  assert.equal(count('unsourced'), 4);
  chrome.change({ minConfidence: 0.5 });
  await settle();
  assert.equal(count('unsourced'), 3, 'the low-confidence sentence is hidden');
  const kept = window.document.querySelector('sourcemark-hl');
  chrome.change({ shareUrlWithFeedback: true, apiKey: 'k' });
  await settle();
  assert.ok(kept.isConnected, 'settings that change nothing drawn do not redraw (an open card stays open)');
});

test('hovering shows the card; "Wrong label?" sends the contract\'s feedback with context', async () => {
  const { window, SM, chrome } = setup();
  const { text } = (await SM.page.extract()).data;
  const data = fakeAnalysis(text, label);
  SM.page.render(data, SM.settings.normalize({}));
  const wrapper = window.document.querySelector('sourcemark-hl[data-label="opinion"]');
  window.document.elementFromPoint = () => wrapper; // jsdom has no layout
  wrapper.dispatchEvent(new window.MouseEvent('mousemove', { bubbles: true, clientX: 5, clientY: 5 }));
  await settle();
  const root = window.document.querySelector('sourcemark-card').shadowRoot;
  assert.match(root.querySelector('.card').textContent, /Opinion/);
  root.querySelector('.wrong').click();
  root.querySelector('.choice[data-label="unsourced"]').click();
  await settle();
  const i = data.sentences.findIndex((s) => s.label === 'opinion');
  assert.deepEqual(plain(chrome.sent), [{ type: 'feedback', payload: {
    text: data.sentences[i].text, label: 'unsourced', predicted: 'opinion', model_version: '9.9',
    context: `${data.sentences[i - 1].text} [...] ${data.sentences[i + 1].text}`,
  } }]);
  assert.match(root.querySelector('.status').textContent, /Thanks/);
});

test('feedback context is clipped to what the server stores: 480 characters each side', async () => {
  const long = `Officials said ${'the committee reviewed every line of the budget again and '.repeat(20)}in detail.`;
  const { window } = dom(ARTICLE.replace('“We were not consulted,” a union spokesperson said.', long));
  window.chrome = fakeChrome();
  const SM = loadScripts(window, FILES);
  const data = fakeAnalysis((await SM.page.extract()).data.text, label);
  SM.page.render(data, SM.settings.normalize({}));
  const i = data.sentences.findIndex((s) => s.label === 'opinion');
  const before = data.sentences[i - 1].text;
  assert.ok(before.length > 1000, 'the neighbour is longer than the server would store');
  const wrapper = window.document.querySelector('sourcemark-hl[data-label="opinion"]');
  window.document.elementFromPoint = () => wrapper;
  wrapper.dispatchEvent(new window.MouseEvent('mousemove', { bubbles: true, clientX: 5, clientY: 5 }));
  await settle();
  const root = window.document.querySelector('sourcemark-card').shadowRoot;
  root.querySelector('.wrong').click();
  root.querySelector('.choice[data-label="unsourced"]').click();
  await settle();
  const { context } = plain(window.chrome.sent)[0].payload;
  assert.equal(context, `${before.slice(-480)} [...] ${data.sentences[i + 1].text}`);
  assert.ok(context.length <= 1000);
});

test('the page changed before the answer came: sentences are found again or counted as lost', async () => {
  const { window, SM, html } = setup();
  const { text } = (await SM.page.extract()).data;
  const data = fakeAnalysis(text, label);
  const p = window.document.querySelectorAll('article p')[1];
  p.insertAdjacentHTML('beforebegin', '<p>Breaking: a new paragraph arrived above the story.</p>');
  window.document.querySelector('article a').textContent = '13,000 people';
  const res = SM.page.render(data, SM.settings.normalize({}));
  assert.equal(res.data.unanchored, 1, 'the edited sentence is not guessed');
  const texts = [...window.document.querySelectorAll('sourcemark-hl')].map((e) => e.textContent).join('|');
  assert.match(texts, /Unemployment fell to 4\.1 percent in March\./);
  assert.doesNotMatch(texts, /Breaking/);
  assert.equal(html.getAttribute('data-sourcemark'), 'done');
});

test('errors: no article, and a failure from the service, set the error hook and say so', async () => {
  const { window } = dom('<p>Hi.</p>');
  window.chrome = fakeChrome();
  const SM = loadScripts(window, FILES);
  const res = await SM.page.extract();
  assert.deepEqual(res.error.code, 'no_article');
  const { SM: SM2, html, window: w2 } = setup();
  await SM2.page.extract();
  SM2.page.fail({ code: 'service_unreachable', message: 'Could not reach the SourceMark service.' });
  assert.equal(html.getAttribute('data-sourcemark'), 'error');
  assert.equal(html.getAttribute('data-sourcemark-error'), 'service_unreachable');
  assert.equal(html.getAttribute('data-sourcemark-counts'), null);
  assert.match(w2.document.querySelector('sourcemark-card').shadowRoot.querySelector('.notice').textContent, /Could not reach/);
  assert.equal(SM2.page.state().data.status, 'error');
});

test('injecting the scripts twice keeps one page controller', () => {
  const { window, SM } = setup();
  const page = SM.page;
  loadScripts(window, FILES);
  assert.equal(window.SourceMark.page, page);
});

test('a settings change is read back with only the display keys (no API key in the page)', async () => {
  const { SM, chrome } = setup();
  const { text } = (await SM.page.extract()).data;
  SM.page.render(fakeAnalysis(text, label), SM.settings.display({}));
  chrome.change({ apiKey: 'secret', show: { sourced: true, unsourced: true, opinion: true } });
  await settle();
  assert.ok(chrome.asked.length > 0);
  for (const keys of chrome.asked) assert.deepEqual([...keys].sort(), ['minConfidence', 'show']);
});

test('keyboard: Alt+Shift+J/P walk the marks in reading order, open the card with focus; Escape returns focus', async () => {
  const { window, SM } = setup();
  const doc = window.document;
  window.Range.prototype.getBoundingClientRect = () => ({ top: 0, bottom: 0, left: 0, right: 0 }); // jsdom has no layout
  doc.adoptedStyleSheets = []; // nor adopted stylesheets (a plain array stands in)
  const { text } = (await SM.page.extract()).data;
  SM.page.render(fakeAnalysis(text, label), SM.settings.normalize({ show: { sourced: true, unsourced: true, opinion: true } }));
  const marks = SM.page.state().data.marks;
  assert.equal(doc.adoptedStyleSheets.length, 1, 'the palette sheet');
  assert.deepEqual(plain(SM.page.state().data.palette), { background: [255, 255, 255], tone: 'light' });
  assert.deepEqual(plain(marks.map((m) => m.label)).slice(0, 3), ['unsourced', 'unsourced', 'sourced']);
  const link = doc.querySelector('nav a');
  link.focus();
  const key = (code, extra = {}) => doc.activeElement.dispatchEvent(new window.KeyboardEvent('keydown',
    { code, key: code === 'Escape' ? 'Escape' : 'x', altKey: code !== 'Escape', shiftKey: code !== 'Escape', bubbles: true, cancelable: true, composed: true, ...extra }));
  const root = () => doc.querySelector('sourcemark-card').shadowRoot;
  assert.equal(key('KeyJ'), false, 'the key is taken (default prevented)');
  assert.equal(root().activeElement, root().querySelector('.card'));
  assert.match(root().querySelector('.card').getAttribute('aria-label'), /Unsourced claim/);
  assert.equal(doc.getSelection().getRangeAt(0).toString(), marks[0].text, 'the sentence is selected');
  key('KeyJ');
  key('KeyJ');
  assert.equal(root().querySelector('.card').getAttribute('aria-label'), 'SourceMark: Sourced');
  key('KeyK');
  assert.equal(doc.getSelection().getRangeAt(0).toString(), marks[1].text);
  key('KeyK');
  key('KeyK');
  assert.equal(doc.getSelection().getRangeAt(0).toString(), marks[marks.length - 1].text, 'wraps round at the start');
  key('Escape');
  assert.equal(root().querySelector('.card').hidden, true);
  assert.equal(doc.activeElement, link, 'focus is back where it was');
  // The commands and the popup call the same steps.
  assert.equal(SM.page.step('next').data.id, marks[0].id);
  assert.equal(SM.page.reveal(marks[2].id).data.label, 'sourced');
  assert.equal(SM.page.reveal(9999).error.code, 'not_found');
  SM.page.clear();
  assert.equal(doc.adoptedStyleSheets.length, 0, 'clearing takes the palette sheet away');
  assert.equal(SM.page.step('next').error.code, 'not_analysed');
  assert.equal(key('KeyJ'), true, 'after clearing, the keys are the page\'s again');
});
