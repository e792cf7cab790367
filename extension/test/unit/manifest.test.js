'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./helpers.js');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
const background = fs.readFileSync(path.join(ROOT, 'background.js'), 'utf8');
const exists = (rel) => fs.existsSync(path.join(ROOT, rel));

test('Manifest V3 with least permissions', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'scripting', 'storage']);
  // Only loopback (the self-hosted service and the tests' pages) is granted up front;
  // every other site and a remote service are asked for at runtime.
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
  assert.deepEqual([...manifest.optional_host_permissions].sort(), ['http://*/*', 'https://*/*']);
  assert.equal(manifest.content_scripts, undefined, 'nothing runs on a page the reader did not choose');
  assert.equal(manifest.web_accessible_resources, undefined);
});

test('one tree for Chrome and Firefox: gecko id and both background keys', () => {
  assert.match(manifest.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  assert.equal(manifest.background.service_worker, 'background.js');
  const scripts = manifest.background.scripts;
  assert.equal(scripts[scripts.length - 1], 'background.js');
  // Firefox loads the libraries from the manifest list, Chrome through importScripts: same files.
  const imported = background.match(/importScripts\(([^)]*)\)/)[1].match(/'[^']+'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(scripts.slice(0, -1), imported);
});

test('every file the manifest and background name exists', () => {
  const named = [manifest.background.service_worker, ...manifest.background.scripts, manifest.action.default_popup,
    manifest.options_ui.page, ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)];
  const injected = background.match(/CONTENT_FILES = \[([^\]]*)\]/)[1].match(/'[^']+'/g).map((s) => s.slice(1, -1));
  named.push(...injected, ...background.match(/'content\/[\w.]+\.css'/g).map((s) => s.slice(1, -1)));
  for (const rel of named) assert.ok(exists(rel), rel);
  assert.equal(injected[injected.length - 1], 'content/main.js', 'the glue comes after the modules it uses');
  for (const page of ['popup/popup.html', 'options/options.html']) {
    const html = fs.readFileSync(path.join(ROOT, page), 'utf8');
    for (const [, src] of html.matchAll(/(?:src|href)="([^"#]+)"/g)) {
      assert.ok(exists(path.join(path.dirname(page), src)), `${page} -> ${src}`);
    }
    assert.doesNotMatch(html, /<script>(?!<)/, 'no inline scripts (MV3 CSP)');
  }
});

test('package and manifest versions agree', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.version, manifest.version);
  for (const script of ['test', 'e2e', 'e2e:firefox', 'build', 'lint']) assert.ok(pkg.scripts[script], script);
});

test('the options page states the privacy rules', () => {
  const html = fs.readFileSync(path.join(ROOT, 'options/options.html'), 'utf8');
  assert.match(html, /id="privacy"/);
  assert.match(html, /sends only the text of the article/);
  assert.match(html.replace(/\s+/g, ' '), /without its query string or fragment/, 'what a link carries, as lib/api.js sends it');
  assert.match(html, /stores nothing but these settings/);
  assert.match(html, /<input type="checkbox" id="shareUrlWithFeedback">/, 'the address opt-in exists and is not pre-checked');
});

test('Firefox data collection: article text required, the page address (corrections, opt-in) optional', () => {
  const declared = manifest.browser_specific_settings.gecko.data_collection_permissions;
  assert.deepEqual(declared, { required: ['websiteContent'], optional: ['browsingActivity'] });
});

test('keyboard commands: next and previous marked sentence, within Chrome\'s four suggested keys', () => {
  const commands = manifest.commands;
  const suggested = Object.values(commands).filter((c) => c.suggested_key);
  assert.ok(suggested.length <= 4, 'Chrome accepts at most four suggested keys');
  assert.equal(commands._execute_action.suggested_key.default, 'Alt+Shift+S');
  const { SHORTCUTS } = require('../../content/keyboard.js');
  // The in-page keys and the commands' defaults are the same keys, so the README names one set.
  assert.equal(commands['next-claim'].suggested_key.default, SHORTCUTS.next);
  assert.equal(commands['previous-claim'].suggested_key.default, SHORTCUTS.previous);
  assert.match(background, /'next-claim': 'next', 'previous-claim': 'previous'/);
  const keys = suggested.map((c) => c.suggested_key.default);
  assert.equal(new Set(keys).size, keys.length, 'no key is suggested twice');
});
