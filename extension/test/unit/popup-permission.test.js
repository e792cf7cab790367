'use strict';
// The popup's "Always analyse here" in jsdom: Firefox honours permissions.request only while
// it handles the click, so the request must start inside the change handler, before any
// await. (The Firefox suite checks the real grant; this catches a regression in npm test.)
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { JSDOM } = require('jsdom');
const { ROOT } = require('./helpers.js');

function openPopup({ grant }) {
  const html = fs.readFileSync(path.join(ROOT, 'popup/popup.html'), 'utf8').replace(/<script[^>]*><\/script>/g, '');
  const { window } = new JSDOM(html, { url: 'https://ext.invalid/popup/popup.html?tab=4', runScripts: 'outside-only' });
  const store = {};
  const seen = { requests: [] };
  let inClick = false;
  window.chrome = {
    tabs: { get: async (id) => ({ id, url: 'https://news.example/2026/story?id=9' }) },
    storage: { local: { get: async () => JSON.parse(JSON.stringify(store)), set: async (v) => { Object.assign(store, v); } } },
    runtime: { sendMessage: async () => ({ ok: true, data: { status: 'error', error: { code: 'x', message: 'no page here' } } }), openOptionsPage: () => {} },
    permissions: {
      request: async (perms) => { seen.requests.push({ perms, inClick }); return grant; },
      remove: async () => true,
    },
  };
  // The scripts popup.html loads, in its order.
  for (const [, src] of fs.readFileSync(path.join(ROOT, 'popup/popup.html'), 'utf8').matchAll(/<script src="([^"]+)"/g)) {
    window.eval(fs.readFileSync(path.join(ROOT, 'popup', src), 'utf8'));
  }
  // What the browser does for a real click: the handlers run while it is handling the input.
  const click = (el) => {
    inClick = true;
    try { el.click(); } finally { inClick = false; }
  };
  return { window, store, seen, click };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

test('"Always analyse here" asks for the site inside the click, then keeps it', async () => {
  const { window, store, seen, click } = openPopup({ grant: true });
  await settle();
  const box = window.document.getElementById('site');
  assert.equal(box.disabled, false);
  click(box);
  await settle();
  assert.equal(seen.requests.length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(seen.requests[0].perms)), { origins: ['https://news.example/*'] });
  assert.equal(seen.requests[0].inClick, true, 'permissions.request ran after the click handler returned');
  assert.deepEqual([...store.sites], ['news.example']);
  assert.equal(window.document.getElementById('site-note').textContent, 'SourceMark will analyse pages of this site when they load.');
});

test('a refused grant takes the site back off the list', async () => {
  const { window, store, click } = openPopup({ grant: false });
  await settle();
  const box = window.document.getElementById('site');
  click(box);
  await settle();
  assert.equal(box.checked, false);
  assert.deepEqual([...store.sites], []);
  assert.match(window.document.getElementById('site-note').textContent, /Permission was not given/);
});
