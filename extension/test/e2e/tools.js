// Small helpers the end-to-end tests share: driving the extension through its service
// worker (the documented automation hook) and reading what the page shows.
'use strict';

// The worker can be restarted by the browser; always ask the context for the live one.
function worker(context) {
  const [sw] = context.serviceWorkers();
  if (!sw) throw new Error('the extension service worker is not running');
  return sw;
}

async function resetSettings(context, values) {
  await worker(context).evaluate(async (v) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(v);
  }, values);
}

async function setSettings(context, values) {
  await worker(context).evaluate((v) => chrome.storage.local.set(v), values);
}

async function tabId(context, page) {
  const url = page.url();
  const id = await worker(context).evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === u);
    return tab ? tab.id : null;
  }, url);
  if (!id) throw new Error(`no tab for ${url}`);
  return id;
}

// What a toolbar click does, through self.sourcemark.analyzeTab.
async function analyze(context, page) {
  const id = await tabId(context, page);
  return worker(context).evaluate((tab) => self.sourcemark.analyzeTab(tab), id);
}

async function clear(context, page) {
  const id = await tabId(context, page);
  return worker(context).evaluate((tab) => self.sourcemark.clearTab(tab), id);
}

// Makes the next analysis of this page draw with the wrapping fallback, as in a browser
// without the Highlight API (set in the extension's isolated world, before its scripts load).
async function forceWrap(context, page) {
  const id = await tabId(context, page);
  await worker(context).evaluate((tab) => chrome.scripting.executeScript({
    target: { tabId: tab },
    func: () => {
      globalThis.SourceMark = globalThis.SourceMark || {};
      globalThis.SourceMark.options = { forceWrap: true };
    },
  }), id);
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

// What the page paints, read from the page's own world: highlight name -> range texts.
async function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, hl] of CSS.highlights) {
      if (name.startsWith('sourcemark-')) out[name.slice(11)] = [...hl].map((r) => r.toString().replace(/\s+/g, ' ').trim());
    }
    return out;
  });
}

// The fallback's wrappers, joined per sentence: label -> texts.
async function wrapped(page) {
  return page.evaluate(() => {
    const byId = new Map();
    for (const el of document.querySelectorAll('sourcemark-hl')) {
      const id = el.getAttribute('data-id');
      if (!byId.has(id)) byId.set(id, { label: el.getAttribute('data-label'), text: '' });
      byId.get(id).text += el.textContent;
    }
    const out = {};
    for (const { label, text } of byId.values()) (out[label] = out[label] || []).push(text.replace(/\s+/g, ' ').trim());
    return out;
  });
}

// The centre of the first line of the range painted for `text` (Highlight API mode).
async function pointOf(page, text) {
  return page.evaluate((wanted) => {
    for (const [name, hl] of CSS.highlights) {
      if (!name.startsWith('sourcemark-')) continue;
      for (const r of hl) {
        if (r.toString().replace(/\s+/g, ' ').trim() === wanted) {
          const rect = r.getClientRects()[0];
          return { x: rect.left + Math.min(rect.width / 2, 40), y: rect.top + rect.height / 2 };
        }
      }
    }
    return null;
  }, text);
}

module.exports = { worker, resetSettings, setSettings, tabId, analyze, clear, forceWrap, highlights, wrapped, pointOf, norm };
