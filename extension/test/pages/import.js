#!/usr/bin/env node
// Refreshes the saved pages in this folder from Mozilla Readability's test suite
// (test/test-pages/, Apache-2.0: LICENSE.md and NOTICE here). Usage:
//   node test/pages/import.js GIT_DIR_OF_A_READABILITY_CLONE [COMMIT]
// Each page keeps source.html (scripts, event handlers and refreshes stripped: the pages are
// read, never run), expected.html (Readability's own answer) and expected-metadata.json
// (title, byline, readerable), gzipped; pages.json lists the pages and which are news.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const { JSDOM, VirtualConsole } = require('jsdom');

const HERE = __dirname;
// News sites (44): the pages the issue's news figures are about.
const NEWS = ['aclu', 'aktualne', 'ars-1', 'bbc-1', 'breitbart', 'buzzfeed-1', 'citylab-1', 'cnet', 'cnet-svg-classes',
  'cnn', 'engadget', 'folha', 'gmw', 'guardian-1', 'heise', 'herald-sun-1', 'la-nacion', 'lemonde-1', 'liberation-1',
  'lwn-1', 'medicalnewstoday', 'msn', 'nytimes-1', 'nytimes-2', 'nytimes-3', 'nytimes-4', 'nytimes-5', 'qq',
  'quanta-1', 'salon-1', 'seattletimes-1', 'simplyfound-1', 'telegraph', 'theverge', 'tmz-1', 'wapo-1', 'wapo-2',
  'webmd-1', 'webmd-2', 'yahoo-1', 'yahoo-2', 'yahoo-3', 'yahoo-4', 'youth'];

function git(gitDir, ...args) {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 28 });
}

function strip(html) {
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  for (const el of doc.querySelectorAll('script, meta[http-equiv="refresh" i]')) el.remove();
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  return dom.serialize();
}

const gz = (text) => zlib.gzipSync(Buffer.from(text), { level: 9 });

function main(gitDir, commit = 'HEAD') {
  const names = git(gitDir, 'ls-tree', '--name-only', `${commit}:test/test-pages/`).toString().trim().split('\n');
  const pages = [];
  for (const name of names) {
    const dir = path.join(HERE, name);
    fs.mkdirSync(dir, { recursive: true });
    const read = (file) => git(gitDir, 'show', `${commit}:test/test-pages/${name}/${file}`).toString();
    fs.writeFileSync(path.join(dir, 'source.html.gz'), gz(strip(read('source.html'))));
    fs.writeFileSync(path.join(dir, 'expected.html.gz'), gz(read('expected.html')));
    fs.writeFileSync(path.join(dir, 'expected-metadata.json'), read('expected-metadata.json'));
    pages.push({ name, news: NEWS.includes(name) });
  }
  for (const file of ['LICENSE.md', 'NOTICE']) fs.writeFileSync(path.join(HERE, file), git(gitDir, 'show', `${commit}:${file}`));
  const from = git(gitDir, 'rev-parse', commit).toString().trim();
  fs.writeFileSync(path.join(HERE, 'pages.json'), `${JSON.stringify({ from: `mozilla/readability@${from}`, pages }, null, 1)}\n`);
  console.log(`${pages.length} pages, ${pages.filter((p) => p.news).length} news`);
}

if (require.main === module) main(process.argv[2], process.argv[3]);
