'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('../../scripts/build.js');
const { zip, unzip } = require('../../scripts/zip.js');

test('the zip writer round-trips, including UTF-8 names and empty files', () => {
  const entries = [{ name: 'a.txt', data: Buffer.from('hello '.repeat(100)) }, { name: 'dir/ü.json', data: Buffer.from('{}') },
    { name: 'empty', data: Buffer.alloc(0) }];
  const back = unzip(zip(entries));
  assert.deepEqual(back.map((e) => [e.name, e.data.toString()]), entries.map((e) => [e.name, e.data.toString()]));
  assert.deepEqual(zip(entries), zip(entries), 'deterministic');
});

test('build writes a Chrome and a Firefox zip with the extension and nothing else', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-build-'));
  try {
    const [chrome, firefox] = build(out);
    assert.match(path.basename(chrome), /^sourcemark-chrome-\d+\.\d+\.\d+\.zip$/);
    assert.match(path.basename(firefox), /^sourcemark-firefox-\d+\.\d+\.\d+\.zip$/);
    for (const file of [chrome, firefox]) {
      const entries = unzip(fs.readFileSync(file));
      const names = entries.map((e) => e.name);
      for (const need of ['manifest.json', 'background.js', 'content/main.js', 'content/highlight.css', 'popup/popup.html',
        'options/options.js', 'lib/api.js', 'icons/icon-128.png', 'lib/vendor/Readability.js', 'lib/vendor/Readability-readerable.js',
        'lib/vendor/Readability-LICENSE.md', 'lib/vendor/Apache-2.0.txt', 'content/article.js', 'content/clone-map.js']) assert.ok(names.includes(need), `${file}: ${need}`);
      assert.ok(!names.some((n) => /^(test|node_modules|scripts|dist)\/|package/.test(n)), names.join(','));
      const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json').data);
      if (file === chrome) {
        assert.equal(manifest.background.service_worker, 'background.js');
        assert.equal(manifest.background.scripts, undefined);
        assert.equal(manifest.browser_specific_settings, undefined);
      } else {
        assert.equal(manifest.background.service_worker, undefined);
        assert.ok(manifest.background.scripts.includes('background.js'));
        assert.ok(manifest.browser_specific_settings.gecko.id);
      }
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
