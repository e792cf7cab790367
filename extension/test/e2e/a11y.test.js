'use strict';
// In a real Chromium with the unpacked extension and the real service: the keyboard path
// (keys and commands -> card with focus -> correction -> focus kept -> Escape), what a screen
// reader is told, the popup's sentence list, axe-core on the popup, the options page and the
// card in both colour schemes, and the underline contrast on a white and a dark page.
const fs = require('fs');
const path = require('path');
const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, ADMIN_TOKEN } = require('./harness.js');
const t = require('./tools.js');
const { axe, contrastReport, swatchReport, ratio } = require('./a11y-tools.js');

const ALL = { sourced: true, unsourced: true, opinion: true };
const UNION = '“We were not consulted,” a union spokesperson said.';
const SCHEMES = ['light', 'dark'];
const REPORT = process.env.SOURCEMARK_A11Y_REPORT || path.join(__dirname, '..', '..', 'test-results', 'a11y.json');
const report = { axe: {}, contrast: {}, swatches: {} };
const STYLE = { unsourced: 'wavy', opinion: 'dashed', sourced: 'dotted' };

let env;
let opened = 0;
before(async () => { env = await startAll(); }, { timeout: 150000 });
after(async () => {
  if (env) await env.stop();
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
});
afterEach(async () => {
  for (const page of env ? env.context.pages() : []) await page.close().catch(() => {});
});

async function open(name, scheme = 'light') {
  const page = await env.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`${env.site.base}/${name}?n=${++opened}`);
  return page;
}

function lastResponse() {
  return [...env.site.exchanges].reverse().find((e) => e.path === '/api/v1/analyze').response;
}

// What holds focus, through the card's shadow root: {where: 'card' | 'page', tag, cls, text}.
const focused = (page) => page.evaluate(() => {
  const host = document.querySelector('sourcemark-card');
  if (host && document.activeElement === host) {
    const el = host.shadowRoot.activeElement;
    return { where: 'card', tag: el.tagName, cls: el.className, text: el.textContent };
  }
  const el = document.activeElement;
  return { where: 'page', tag: el.tagName, cls: el.className, text: el.textContent };
});

const cardBox = (page) => page.locator('sourcemark-card .card');

// The element holding focus (through the card's shadow root) as the browser's accessibility
// tree exposes it: what a screen reader announces.
async function focusedAx(page) {
  const cdp = await env.context.newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el; })()` });
    const { node: dom } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { backendNodeId: dom.backendNodeId, fetchRelatives: false });
    const node = nodes[0];
    return { role: node.role.value, name: node.name && node.name.value, description: node.description && node.description.value };
  } finally {
    await cdp.detach();
  }
}

test('keyboard: Alt+Shift+J opens the next sentence\'s card with focus, a correction keeps focus, Escape returns it', { timeout: 90000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('wire-story.html');
  assert.equal((await t.analyze(env.context, page)).ok, true);
  const marks = (await t.worker(env.context).evaluate((id) => self.sourcemark.pageState(id), await t.tabId(env.context, page))).data.marks;
  assert.ok(marks.length >= 4, JSON.stringify(marks));
  const link = page.locator('nav a', { hasText: 'News' });
  await link.focus();

  await page.keyboard.press('Alt+Shift+KeyJ');
  await cardBox(page).waitFor({ state: 'visible', timeout: 10000 });
  assert.deepEqual(await focused(page), { where: 'card', tag: 'DIV', cls: `card label-${marks[0].label} tone-light`, text: await cardBox(page).textContent() });
  const words = { unsourced: 'Unsourced claim', opinion: 'Opinion', sourced: 'Sourced' };
  const first = marks[0];
  const ax = await focusedAx(page);
  assert.equal(ax.role, 'dialog');
  assert.equal(ax.name, `SourceMark: ${words[first.label]}`);
  assert.match(ax.description, new RegExp(`Confidence: ${Math.round(first.confidence * 100)}%`));
  assert.equal(await page.evaluate(() => document.getSelection().toString().replace(/\s+/g, ' ').trim()), first.text, 'the sentence is selected');

  // Next until the union's quote: the sentence is scrolled into view and its cue announced.
  const unionAt = marks.findIndex((m) => m.text === UNION);
  for (let i = 1; i <= unionAt; i++) await page.keyboard.press('Alt+Shift+KeyJ');
  await page.waitForFunction(() => /Sourced/.test(document.querySelector('sourcemark-card').shadowRoot.querySelector('.card').getAttribute('aria-label')), null, { timeout: 10000 });
  const cue = lastResponse().sentences.find((s) => s.text === UNION).cue;
  const ax2 = await focusedAx(page);
  assert.equal(ax2.name, 'SourceMark: Sourced');
  assert.match(ax2.description, new RegExp(`Attribution cue found in the sentence: “${cue.text}”`));
  const inView = await page.evaluate(() => {
    const r = document.getSelection().getRangeAt(0).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.equal(inView, true);
  // Previous, and back: the same sentence.
  await page.keyboard.press('Alt+Shift+KeyK');
  await page.keyboard.press('Alt+Shift+KeyJ');
  assert.equal(await page.evaluate(() => document.getSelection().toString().replace(/\s+/g, ' ').trim()), UNION);

  // Tab into the card's controls and correct the label from the keyboard.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Wrong label?');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const chosen = await focused(page);
  assert.equal(chosen.cls, 'choice');
  await page.keyboard.press('Enter');
  await cardBox(page).locator('.status').filter({ hasText: 'Thanks' }).waitFor({ timeout: 10000 });
  assert.deepEqual(await focused(page), chosen, 'focus stays on the chosen button');
  assert.equal(await cardBox(page).isVisible(), true, 'the card stays open while it holds focus');
  const res = await fetch(`${env.service.url}/api/v1/admin/feedback?status=pending`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.ok((await res.json()).items.some((i) => i.text === UNION), 'the correction reached the service');

  await page.keyboard.press('Escape');
  await cardBox(page).waitFor({ state: 'hidden', timeout: 10000 });
  assert.deepEqual(await focused(page), { where: 'page', tag: 'A', cls: '', text: 'News' }, 'focus is back where it was');

  // The browser took the manifest's suggested keys (it silently leaves a command unassigned
  // when a key clashes with its own), and the command runs the same step.
  const commands = await t.worker(env.context).evaluate(() => chrome.commands.getAll());
  assert.deepEqual(commands.map((c) => [c.name, c.shortcut]).sort(),
    [['_execute_action', 'Alt+Shift+S'], ['next-claim', 'Alt+Shift+J'], ['previous-claim', 'Alt+Shift+K']]);
  const step = await t.worker(env.context).evaluate((id) => self.sourcemark.runCommand('previous-claim', id), await t.tabId(env.context, page));
  assert.equal(step.ok, true);
  await cardBox(page).waitFor({ state: 'visible', timeout: 10000 });
  assert.equal((await focused(page)).where, 'card');
});

test('the popup lists every marked sentence by label; choosing one opens its card with focus', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('wire-story.html');
  const tab = await t.tabId(env.context, page);
  const popup = await env.context.newPage();
  await popup.goto(`chrome-extension://${env.browser.extensionId}/popup/popup.html?tab=${tab}`);
  await popup.locator('#status').filter({ hasText: 'Analysed by' }).waitFor({ timeout: 20000 });
  const shown = lastResponse().sentences.filter((s) => ['sourced', 'unsourced', 'opinion'].includes(s.label));
  const names = { unsourced: 'Unsourced claim', opinion: 'Opinion', sourced: 'Sourced' };
  const buttons = popup.getByRole('list').last().getByRole('button');
  assert.equal(await buttons.count(), shown.length);
  const accessible = await buttons.evaluateAll((els) => els.map((b) => b.textContent.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(accessible, shown.map((s) => `${names[s.label]}: ${s.text}`));
  assert.match(await popup.getByRole('heading', { level: 2 }).textContent(), new RegExp(`Marked sentences \\(${shown.length}\\)`));
  await popup.getByRole('button', { name: `Sourced: ${UNION}` }).click();
  await cardBox(page).waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await cardBox(page).getAttribute('aria-label'), 'SourceMark: Sourced');
  assert.equal((await focused(page)).where, 'card');
});

test('axe-core: popup after an analysis, options with sites, and the card: no violations in either scheme', { timeout: 120000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL, sites: ['example.com', 'news.example.org'] });
  const failures = [];
  for (const scheme of SCHEMES) {
    const page = await open('wire-story.html', scheme);
    const tab = await t.tabId(env.context, page);
    const popup = await env.context.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.goto(`chrome-extension://${env.browser.extensionId}/popup/popup.html?tab=${tab}`);
    await popup.locator('#status').filter({ hasText: 'Analysed by' }).waitFor({ timeout: 20000 });
    const options = await env.context.newPage();
    await options.emulateMedia({ colorScheme: scheme });
    await options.goto(`chrome-extension://${env.browser.extensionId}/options/options.html`);
    await options.locator('#sites li').first().waitFor({ timeout: 10000 });
    await page.bringToFront();
    await page.keyboard.press('Alt+Shift+KeyJ');
    await cardBox(page).waitFor({ state: 'visible', timeout: 10000 });
    await cardBox(page).getByRole('button', { name: 'Wrong label?' }).click(); // the choices are checked too
    const dark = await open('dark-story.html', scheme);
    assert.equal((await t.analyze(env.context, dark)).ok, true);
    await dark.keyboard.press('Alt+Shift+KeyJ');
    await cardBox(dark).waitFor({ state: 'visible', timeout: 10000 });
    for (const [name, target, context] of [['popup', popup], ['options', options],
      ['card on a white page', page, { fromShadowDom: ['sourcemark-card', '.card'] }],
      ['card on a dark page', dark, { fromShadowDom: ['sourcemark-card', '.card'] }]]) {
      const result = await axe(target, context);
      report.axe[`${name} (${scheme})`] = { violations: result.violations.length, passes: result.passes, rules: result.violations };
      if (result.violations.length) failures.push(`${name} (${scheme}): ${JSON.stringify(result.violations, null, 1)}`);
      assert.ok(result.passes > 5, `${name}: axe ran its checks (${result.passes} passed)`);
      if (name === 'options') continue;
      const swatches = await swatchReport(target);
      report.swatches[`${name} (${scheme})`] = swatches;
      assert.ok(swatches.length >= (name === 'popup' ? 3 : 1), `${name}: swatches found`);
      for (const sw of swatches) {
        if (sw.style !== STYLE[sw.label] || sw.ratio < 3) failures.push(`${name} (${scheme}) swatch: ${JSON.stringify(sw)}`);
      }
    }
    for (const p of [popup, options, page, dark]) await p.close();
  }
  assert.deepEqual(failures, []);
});

test('every underline has at least 3:1 against the page, on a white and a dark page, in both schemes', { timeout: 90000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const low = [];
  for (const name of ['op-ed.html', 'dark-story.html']) { // white and near-black pages, each with all three labels
    for (const scheme of SCHEMES) {
      const page = await open(name, scheme);
      assert.equal((await t.analyze(env.context, page)).ok, true);
      const rows = await contrastReport(page);
      assert.deepEqual(rows.map((r) => r.label).sort(), ['opinion', 'sourced', 'unsourced'], `${name}: every label drawn`);
      report.contrast[`${name} (${scheme} scheme)`] = rows;
      for (const r of rows) if (Math.min(r.onBackground, r.onFill) < 3) low.push(`${name} ${scheme} ${r.label}: ${JSON.stringify(r)}`);
      await page.close();
    }
  }
  assert.deepEqual(low, []);
  // The palette follows the page, not the browser: a white page gets the same inks in both schemes.
  const white = SCHEMES.map((s) => report.contrast[`op-ed.html (${s} scheme)`].map((r) => r.ink).join());
  assert.equal(white[0], white[1]);
});

test('without the Highlight API (wrapping fallback): the same keys, and the palette reaches the wrappers', { timeout: 60000 }, async () => {
  await t.resetSettings(env.context, { serviceUrl: env.site.proxyUrl, show: ALL });
  const page = await open('dark-story.html', 'light');
  await t.forceWrap(env.context, page);
  const res = await t.analyze(env.context, page);
  assert.equal(res.data.mode, 'wrap');
  const marks = res.data.marks;
  await page.keyboard.press('Alt+Shift+KeyJ');
  await cardBox(page).waitFor({ state: 'visible', timeout: 10000 });
  assert.equal((await focused(page)).where, 'card');
  assert.equal(await page.evaluate(() => document.getSelection().toString().replace(/\s+/g, ' ').trim()), marks[0].text);
  const inks = await page.evaluate(() => [...document.querySelectorAll('sourcemark-hl')].map((el) => [el.dataset.label, getComputedStyle(el).textDecorationColor]));
  assert.ok(inks.length >= 3, 'wrappers drawn');
  const bg = [18, 20, 23]; // dark-site.css
  for (const [label, ink] of inks) {
    const rgb = ink.match(/\d+/g).slice(0, 3).map(Number);
    assert.ok(ratio(rgb, bg) >= 3, `${label} ${ink}`);
  }
  await page.keyboard.press('Escape');
  await cardBox(page).waitFor({ state: 'hidden', timeout: 10000 });
});
