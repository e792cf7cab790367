'use strict';
// background.js in a Node vm with a fake browser API, loaded as Firefox loads it (the lib
// scripts first): what it hands the page scripts and what it sends the service.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { ROOT } = require('./helpers.js');

const KEY = 'sm-secret-api-key';

function loadBackground(stored, answer) {
  const calls = { scripts: [], fetches: [], page: [] };
  const chrome = {
    storage: { local: { get: async () => JSON.parse(JSON.stringify(stored)) } },
    scripting: {
      // Runs the function as the page would, on the fake page below, with cloned arguments.
      executeScript: async (opts) => {
        calls.scripts.push(JSON.parse(JSON.stringify({ files: opts.files, args: opts.args })));
        return [{ result: opts.func ? opts.func(...JSON.parse(JSON.stringify(opts.args || []))) : undefined }];
      },
      insertCSS: async () => {},
    },
    action: { setBadgeBackgroundColor: async () => {}, setBadgeText: async () => {}, setTitle: async () => {} },
    runtime: { onMessage: { addListener: () => {} } },
    tabs: { onUpdated: { addListener: () => {} } },
    commands: { onCommand: { addListener: () => {} } },
    permissions: { contains: async () => true },
  };
  const context = vm.createContext({
    chrome, console, URL, AbortController, setTimeout, clearTimeout,
    fetch: async (url, init) => {
      calls.fetches.push({ url, init });
      return { ok: true, status: 200, json: async () => JSON.parse(JSON.stringify(answer)) };
    },
  });
  context.self = context;
  context.globalThis = context;
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')).background;
  for (const file of scripts) {
    vm.runInContext(fs.readFileSync(path.join(ROOT, file), 'utf8'), context, { filename: file });
  }
  const ok = (data) => ({ ok: true, data });
  context.SourceMark.page = {
    extract: () => ok({ text: 'Prices rose. Officials said so.', links: [], found: 'article' }),
    render: (data, settings) => { calls.page.push({ data, settings }); return ok({ status: 'done', counts: data.counts }); },
    fail: (error) => ok({ status: 'error', error }),
  };
  return { context, calls };
}

const ANSWER = {
  model: { name: 'm', version: '1', labels: ['sourced', 'unsourced', 'opinion', 'none'] }, offset_unit: 'utf16',
  sentences: [{ start: 0, end: 12, text: 'Prices rose.', label: 'unsourced', confidence: 0.9 }], counts: { unsourced: 1 },
};

test('the page scripts get only the display settings, never the API key or the service address', async () => {
  const stored = { apiKey: KEY, serviceUrl: 'http://127.0.0.1:9999', sites: ['news.example'], shareUrlWithFeedback: true,
    show: { sourced: true, unsourced: true, opinion: false }, minConfidence: 0.25 };
  const { context, calls } = loadBackground(stored, ANSWER);
  const res = await context.self.sourcemark.analyzeTab(7);
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal(calls.page.length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(calls.page[0].settings)),
    { show: { sourced: true, unsourced: true, opinion: false }, minConfidence: 0.25 });
  const toPage = JSON.stringify(calls.scripts);
  for (const secret of [KEY, '9999', 'news.example']) assert.ok(!toPage.includes(secret), `sent to the page: ${secret}`);
  // The key still goes where it belongs: to the service.
  assert.equal(calls.fetches.length, 1);
  assert.equal(calls.fetches[0].init.headers.Authorization, `Bearer ${KEY}`);
});
