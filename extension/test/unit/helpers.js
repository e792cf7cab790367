// Shared by the unit tests: a jsdom document from HTML, and the extension's page scripts
// loaded into a jsdom window the way the browser injects them (one shared global).
'use strict';
const fs = require('fs');
const path = require('path');
const { JSDOM } = require('jsdom');

const ROOT = path.join(__dirname, '..', '..');
// The page scripts in the order the background injects them.
const CONTENT_FILES = fs.readFileSync(path.join(ROOT, 'background.js'), 'utf8')
  .match(/CONTENT_FILES = \[([^\]]*)\]/)[1].match(/'[^']+'/g).map((s) => s.slice(1, -1));

function dom(html, opts = {}) {
  return new JSDOM(`<!doctype html><html><head></head><body>${html}</body></html>`, {
    url: 'https://news.example/story', pretendToBeVisual: true, runScripts: 'outside-only', ...opts,
  });
}

// Evaluates files in the window as classic scripts, like scripting.executeScript({files}).
function loadScripts(window, files) {
  for (const file of files) window.eval(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  return window.SourceMark;
}

// What the service would answer for `text`: one sentence per ". "-terminated run inside each
// block, labelled by the caller. Mirrors the response schema, offsets in UTF-16.
function fakeAnalysis(text, labelFor, model = { name: 'fake', version: '9.9', labels: ['sourced', 'unsourced', 'opinion', 'none'] }) {
  const sentences = [];
  const re = /[^\s][^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)/g;
  let m;
  while ((m = re.exec(text))) {
    if (!m[0]) break;
    const start = m.index;
    const end = start + m[0].length;
    const label = labelFor(m[0], sentences.length);
    const s = {
      start, end, text: m[0], label, confidence: 0.9,
      scores: { [label]: 0.9 },
      quote: { exact: m[0], prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
      links: [],
    };
    if (label === 'sourced') Object.assign(s, { cue: null, vague_source: false });
    sentences.push(s);
  }
  const counts = { sourced: 0, unsourced: 0, opinion: 0 };
  for (const s of sentences) if (s.label in counts) counts[s.label]++;
  return { model, offset_unit: 'utf16', sentences, counts, elapsed_ms: 1 };
}

module.exports = { dom, loadScripts, fakeAnalysis, ROOT, CONTENT_FILES };
