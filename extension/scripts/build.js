#!/usr/bin/env node
// `npm run build`: dist/sourcemark-chrome-VERSION.zip and dist/sourcemark-firefox-VERSION.zip.
// The source tree loads unpacked in both browsers; each zip gets a manifest with only its
// browser's background key, so neither store's checker warns about the other's.
'use strict';
const fs = require('fs');
const path = require('path');
const { zip } = require('./zip.js');

const ROOT = path.join(__dirname, '..');
const SHIPPED = ['manifest.json', 'background.js', 'lib', 'content', 'popup', 'options', 'icons'];

function files(rel) {
  const abs = path.join(ROOT, rel);
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs).sort().flatMap((name) => files(path.posix.join(rel, name)));
}

function manifestFor(browser, manifest) {
  const m = JSON.parse(JSON.stringify(manifest));
  if (browser === 'chrome') {
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    delete m.background.service_worker;
  }
  return m;
}

function build(outDir = path.join(ROOT, 'dist')) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
  const list = SHIPPED.flatMap(files).filter((f) => f !== 'manifest.json' && !path.basename(f).startsWith('.'));
  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const browser of ['chrome', 'firefox']) {
    const entries = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifestFor(browser, manifest), null, 2)}\n`) }];
    for (const f of list) entries.push({ name: f, data: fs.readFileSync(path.join(ROOT, f)) });
    const out = path.join(outDir, `sourcemark-${browser}-${manifest.version}.zip`);
    fs.writeFileSync(out, zip(entries));
    written.push(out);
  }
  return written;
}

if (require.main === module) {
  for (const out of build(process.argv[2])) console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

module.exports = { build, manifestFor, SHIPPED };
