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

// Findings reviewed and accepted, each for one file of vendored, unmodified code. Readability
// assigns innerHTML when it retries a short article: it puts back the HTML it saved from the
// same (cloned) page a moment before, in a document that is never shown.
const ACCEPTED = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: 'lib/vendor/Readability.js' },
];

const accepted = (m) => ACCEPTED.some((a) => a.code === m.code && a.file === m.file);

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
    const all = [...report.errors, ...report.warnings, ...report.notices];
    const found = all.filter((m) => !accepted(m));
    for (const m of all) {
      console.log(`${accepted(m) ? 'accepted ' : ''}${m._type} ${m.code} ${m.file || ''}${m.line ? `:${m.line}` : ''}: ${m.message}`);
    }
    console.log(`addons-linter on ${path.basename(firefox)}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices; ${all.length - found.length} accepted (vendored code), ${found.length} to fix`);
    return found.length === 0;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  lint().then((clean) => { process.exitCode = clean ? 0 : 1; }, (err) => { console.error(err); process.exitCode = 2; });
}

module.exports = { lint };
