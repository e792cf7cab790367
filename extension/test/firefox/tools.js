// Helpers the Firefox tests share: driving the extension from its control page (messages to
// the background, storage, tabs) and reading what a page shows.
'use strict';
const { waitFor } = require('./harness.js');

async function resetSettings(control, values) {
  await control.evaluate(async (v) => {
    await browser.storage.local.clear();
    await browser.storage.local.set(v);
  }, values);
}

async function setSettings(control, values) {
  await control.evaluate((v) => browser.storage.local.set(v), values);
}

// tabs.query({url}) misses addresses with a port, so every tab is compared.
async function tabId(control, page) {
  const url = page.url();
  const id = await waitFor(() => control.evaluate(async (u) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url === u);
    return tab ? tab.id : null;
  }, url), { what: `a tab for ${url}` });
  return id;
}

// What the popup asks of the background: analyse the tab and answer {ok, data|error}.
async function analyze(control, page) {
  const id = await tabId(control, page);
  return control.evaluate((tab) => browser.runtime.sendMessage({ type: 'analyze', tabId: tab }), id);
}

// What the page paints (label -> sentence texts) is read as in the Chromium suite, from the
// page's own world: Firefox lets the page iterate the ranges the extension registered, while
// the extension's isolated world cannot (Xrays do not wrap iterators).
const { highlights: painted } = require('../e2e/tools.js');

// A point on the first line of `text` as laid out in the page (found in the DOM, so it does
// not depend on how the highlight is drawn).
async function pointOf(page, text) {
  return page.evaluate((wanted) => {
    const probe = wanted.slice(0, 12);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(probe);
      if (at < 0 || !node.parentElement.closest('p, h1, h2, li, blockquote')) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + probe.length);
      const rect = range.getClientRects()[0];
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, text);
}

// The card lives in an open shadow root on <sourcemark-card>; `selector` is inside it.
async function cardText(page, selector = '.card') {
  return page.evaluate((sel) => {
    const host = document.querySelector('sourcemark-card');
    const el = host && host.shadowRoot && host.shadowRoot.querySelector(sel);
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return box.width && box.height && getComputedStyle(el).visibility !== 'hidden' ? el.textContent : null;
  }, selector);
}

// Clicks the element matching `selector` in the card, or with `text` as its whole text.
async function clickInCard(page, selector, text) {
  const handle = await page.evaluateHandle((sel, words) => [...document.querySelector('sourcemark-card').shadowRoot.querySelectorAll(sel)]
    .find((el) => words === undefined || el.textContent.trim() === words), selector, text);
  const el = handle.asElement();
  if (!el) throw new Error(`nothing in the card matches ${selector}${text === undefined ? '' : ` "${text}"`}`);
  await el.click();
}

const hook = (page) => page.evaluate(() => document.documentElement.dataset.sourcemark);

module.exports = { resetSettings, setSettings, tabId, analyze, painted, pointOf, cardText, clickInCard, hook };
