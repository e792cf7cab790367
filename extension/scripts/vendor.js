#!/usr/bin/env node
// `npm run vendor`: copies the third-party files the page scripts load from node_modules
// into lib/vendor/, byte for byte, so the folder loads unpacked from a clean clone. The
// copies are never edited by hand; test/unit/vendor.test.js checks they match node_modules.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'lib', 'vendor');
// [package folder in node_modules, file in it, name in lib/vendor]
const FILES = [
  ['@mozilla/readability', 'Readability.js', 'Readability.js'],
  ['@mozilla/readability', 'Readability-readerable.js', 'Readability-readerable.js'],
  ['@mozilla/readability', 'LICENSE.md', 'Readability-LICENSE.md'],
];

function source(pkg, file) {
  return path.join(ROOT, 'node_modules', pkg, file);
}

function vendor() {
  fs.mkdirSync(OUT, { recursive: true });
  return FILES.map(([pkg, file, name]) => {
    fs.copyFileSync(source(pkg, file), path.join(OUT, name));
    return path.join('lib', 'vendor', name);
  });
}

if (require.main === module) {
  for (const rel of vendor()) console.log(`wrote ${rel}`);
}

module.exports = { vendor, FILES, OUT, source };
