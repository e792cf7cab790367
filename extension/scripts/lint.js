#!/usr/bin/env node
// `npm run lint`: Mozilla's addons-linter (what `web-ext lint` and addons.mozilla.org run) on
// the Firefox package exactly as `npm run build` makes it. Any error, warning or notice fails:
// the store shows warnings to reviewers, and a clean report keeps new ones visible.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const linter = require('addons-linter');
const { build } = require('./build.js');

async function lint() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-lint-'));
  try {
    const firefox = build(out).find((f) => path.basename(f).startsWith('sourcemark-firefox-'));
    const instance = linter.createInstance({
      config: { _: [firefox], logLevel: 'fatal', stack: false, pretty: false, warningsAsErrors: false, metadata: false,
        output: 'none', boring: true, selfHosted: false, privileged: false },
      runAsBinary: false,
    });
    const report = await instance.run();
    const found = [...report.errors, ...report.warnings, ...report.notices];
    for (const m of found) console.log(`${m._type} ${m.code} ${m.file || ''}${m.line ? `:${m.line}` : ''}: ${m.message}`);
    console.log(`addons-linter on ${path.basename(firefox)}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
    return found.length === 0;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  lint().then((clean) => { process.exitCode = clean ? 0 : 1; }, (err) => { console.error(err); process.exitCode = 2; });
}

module.exports = { lint };
