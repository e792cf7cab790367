'use strict';
// lib/vendor/ is built from node_modules by `npm run vendor` and never edited by hand.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { FILES, OUT, source } = require('../../scripts/vendor.js');
const { ROOT } = require('./helpers.js');

test('every vendored file is byte for byte the one in node_modules', () => {
  for (const [pkg, file, name] of FILES) {
    assert.ok(fs.readFileSync(path.join(OUT, name)).equals(fs.readFileSync(source(pkg, file))),
      `lib/vendor/${name} differs from node_modules/${pkg}/${file}: run npm run vendor`);
  }
});

test('the vendored Readability is the pinned version, with its licence notice', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = JSON.parse(fs.readFileSync(source('@mozilla/readability', 'package.json'), 'utf8'));
  assert.equal(pkg.devDependencies['@mozilla/readability'], '0.6.0', 'pinned exactly');
  assert.equal(installed.version, '0.6.0');
  const notice = fs.readFileSync(path.join(OUT, 'README.md'), 'utf8');
  assert.match(notice, /@mozilla\/readability 0\.6\.0/);
  assert.match(notice, /Apache License, Version 2\.0/);
  assert.match(fs.readFileSync(path.join(OUT, 'Readability-LICENSE.md'), 'utf8'), /Apache License/);
});
