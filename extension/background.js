// The background: the only part that talks to the service (so only it needs the service's
// host permission), the message router for the popup, options and page, and analyzeTab,
// which the toolbar popup, the per-site switch and automation all use.
// Chrome runs this as a service worker (importScripts below); Firefox as an event page
// whose manifest "scripts" list loads the same lib files first.
'use strict';
if (typeof importScripts === 'function' && !globalThis.SourceMark) {
  importScripts('lib/result.js', 'lib/settings.js', 'lib/api.js');
}

const ext = globalThis.browser || globalThis.chrome;
const { ok, fail, route, fromError } = globalThis.SourceMark.result;
const settingsLib = globalThis.SourceMark.settings;
const api = globalThis.SourceMark.api;

const CONTENT_FILES = ['lib/result.js', 'lib/labels.js', 'lib/settings.js', 'lib/vendor/Readability.js',
  'lib/vendor/Readability-readerable.js', 'content/clone-map.js', 'content/article.js', 'content/extract.js',
  'content/update.js', 'content/anchor.js', 'content/highlight.js', 'content/palette.js', 'content/keyboard.js',
  'content/card.js', 'content/main.js'];
const running = new Map(); // tabId -> promise of the analysis in flight

async function loadSettings() {
  return settingsLib.normalize(await ext.storage.local.get(null));
}

// Badge = progress and outcome on the toolbar button, with a sentence in its tooltip.
async function badge(tabId, kind, detail) {
  const look = {
    working: ['…', '#5f6368', 'SourceMark: analysing this page…'],
    done: [detail && detail.unsourced ? String(detail.unsourced) : '', '#a15c00',
      `SourceMark: ${detail ? detail.unsourced || 0 : 0} unsourced, ${detail ? detail.opinion || 0 : 0} opinion, ${detail ? detail.sourced || 0 : 0} sourced`],
    error: ['!', '#c62828', `SourceMark: ${detail}`],
    idle: ['', '#5f6368', 'SourceMark: analyse this page'],
  }[kind];
  try {
    await ext.action.setBadgeBackgroundColor({ tabId, color: look[1] });
    await ext.action.setBadgeText({ tabId, text: look[0] });
    await ext.action.setTitle({ tabId, title: look[2] });
  } catch (_) { /* the tab closed meanwhile */ }
}

// Calls SourceMark.page[name](...args) in the page's isolated world and returns its result.
async function callPage(tabId, name, ...args) {
  const [first] = await ext.scripting.executeScript({
    target: { tabId },
    func: (fn, fnArgs) => globalThis.SourceMark.page[fn](...fnArgs),
    args: [name, args],
  });
  return first && first.result ? first.result : fail('page_error', 'The page did not answer.');
}

async function isInjected(tabId) {
  const [first] = await ext.scripting.executeScript({
    target: { tabId },
    func: () => !!(globalThis.SourceMark && globalThis.SourceMark.page),
  });
  return !!(first && first.result);
}

async function inject(tabId) {
  if (await isInjected(tabId)) return;
  await ext.scripting.insertCSS({ target: { tabId }, files: ['content/highlight.css'] });
  await ext.scripting.executeScript({ target: { tabId }, files: CONTENT_FILES });
}

async function runAnalysis(tabId) {
  const settings = await loadSettings();
  try {
    await inject(tabId);
  } catch (err) {
    return fail('cannot_access', "SourceMark can't read this page (the browser keeps its own pages and stores off limits).");
  }
  const extraction = await callPage(tabId, 'extract');
  if (!extraction.ok) {
    await callPage(tabId, 'fail', extraction.error);
    return extraction;
  }
  const answer = await api.analyze(settings, extraction.data);
  if (!answer.ok) {
    await callPage(tabId, 'fail', answer.error);
    return answer;
  }
  return callPage(tabId, 'render', answer.data, settingsLib.display(settings));
}

// The toolbar click's handler (also exposed as self.sourcemark.analyzeTab for automation):
// analyses the tab and resolves to {ok, data: page summary} or {ok: false, error}.
// A second call for the same tab while one runs joins the first.
function analyzeTab(tabId) {
  if (running.has(tabId)) return running.get(tabId);
  const job = (async () => {
    await badge(tabId, 'working');
    let res;
    try {
      res = await runAnalysis(tabId);
    } catch (err) {
      res = fromError(err, 'extension_error');
    }
    if (res.ok) await badge(tabId, 'done', res.data.counts);
    else await badge(tabId, 'error', res.error.message);
    return res;
  })().finally(() => running.delete(tabId));
  running.set(tabId, job);
  return job;
}

async function pageState(tabId) {
  if (running.has(tabId)) return ok({ status: 'working' });
  try {
    if (!(await isInjected(tabId))) return ok({ status: 'idle' });
  } catch (_) {
    return fail('cannot_access', "SourceMark can't read this page (the browser keeps its own pages and stores off limits).");
  }
  return callPage(tabId, 'state');
}

async function clearTab(tabId) {
  if (!(await isInjected(tabId))) return ok({ status: 'idle' });
  const res = await callPage(tabId, 'clear');
  await badge(tabId, 'idle');
  return res;
}

// The page address goes along only when the reader opted in on the options page, and in
// Firefox only while its data-collection consent for it stands (options.js asks for it).
async function mayShareUrl(settings) {
  if (!settings.shareUrlWithFeedback) return false;
  if (typeof ext.runtime.getBrowserInfo !== 'function') return true;
  return ext.permissions.contains({ data_collection: ['browsingActivity'] }).catch(() => false);
}

async function sendFeedback(message, sender) {
  const settings = await loadSettings();
  const url = sender && sender.tab && (await mayShareUrl(settings)) ? sender.tab.url : undefined;
  return api.feedback(settings, message.payload, url);
}

// The keyboard commands (manifest "commands"): move to the next or previous marked sentence
// and open its card with focus, on a page SourceMark has analysed; elsewhere they do nothing.
const STEPS = { 'next-claim': 'next', 'previous-claim': 'previous' };
async function runCommand(command, tabId) {
  if (!STEPS[command]) return fail('unknown_command', `Unknown command ${command}.`);
  if (!tabId) [{ id: tabId } = {}] = await ext.tabs.query({ active: true, currentWindow: true });
  try {
    if (!tabId || !(await isInjected(tabId))) return fail('not_analysed', 'SourceMark has not analysed this page yet.');
  } catch (_) {
    return fail('cannot_access', "SourceMark can't read this page.");
  }
  return callPage(tabId, 'step', STEPS[command]);
}

ext.commands.onCommand.addListener((command, tab) => { runCommand(command, tab && tab.id); });

async function revealMark(tabId, id) {
  if (!(await isInjected(tabId))) return fail('not_analysed', 'SourceMark has not analysed this page yet.');
  return callPage(tabId, 'reveal', id);
}

const handlers = {
  analyze: (msg) => analyzeTab(msg.tabId),
  reveal: (msg) => revealMark(msg.tabId, msg.id),
  state: (msg) => pageState(msg.tabId),
  clear: (msg) => clearTab(msg.tabId),
  feedback: (msg, sender) => sendFeedback(msg, sender),
  check: async () => api.ready(await loadSettings()),
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  route(handlers, message, sender).then(sendResponse);
  return true; // answer asynchronously (Chrome needs this; Firefox accepts it)
});

// "Always analyse here": when a page of a chosen site finishes loading, and the reader
// granted the site, analyse it. Nothing runs anywhere else.
ext.tabs.onUpdated.addListener(async (tabId, info, tab) => {
  // A single-page app moved on (history.pushState keeps the page scripts): no stale marks.
  if (info.url && !running.has(tabId)) {
    try {
      if (await isInjected(tabId)) await callPage(tabId, 'navigated');
    } catch (_) { /* a page we may not script */ }
  }
  if (info.status !== 'complete' || !tab || !tab.url) return;
  const settings = await loadSettings();
  if (!settingsLib.isSiteEnabled(settings, tab.url)) return;
  const granted = await ext.permissions.contains({ origins: [settingsLib.originPattern(tab.url)] });
  if (granted) analyzeTab(tabId);
});

// The automation hook the issue asks for: the toolbar click cannot be simulated in tests.
self.sourcemark = { analyzeTab, clearTab, pageState, runCommand };
