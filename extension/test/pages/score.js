// How close an extracted text is to Readability's expected article: word F1 over bags of
// words (a word is a run of letters and digits, lower-cased; Chinese, Japanese and Korean
// characters count one each, those scripts not spacing words), and whether the headline is in.
'use strict';
const { JSDOM, VirtualConsole } = require('jsdom');

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function words(text) {
  const out = [];
  for (const w of text.toLowerCase().match(WORD) || []) {
    if (CJK.test(w)) out.push(...w.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu));
    else out.push(w);
  }
  return out;
}

function wordF1(got, want) {
  const a = words(got);
  const b = words(want);
  if (!a.length && !b.length) return { f1: 1, precision: 1, recall: 1 };
  const counts = new Map();
  for (const w of b) counts.set(w, (counts.get(w) || 0) + 1);
  let common = 0;
  for (const w of a) {
    const n = counts.get(w);
    if (n) {
      common++;
      counts.set(w, n - 1);
    }
  }
  const precision = a.length ? common / a.length : 0;
  const recall = b.length ? common / b.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
}

const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'BR',
  'FIGURE', 'FIGCAPTION', 'SECTION', 'ARTICLE', 'HEADER', 'MAIN', 'TABLE', 'TR', 'TD', 'TH', 'CAPTION', 'DL', 'DT', 'DD']);

// The text of expected.html with blocks kept apart (textContent would glue "end.</p><p>Next").
function htmlText(html) {
  const doc = new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document;
  let out = '';
  (function walk(node) {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.data;
      else if (c.nodeType === 1) {
        const block = BLOCKS.has(c.tagName);
        if (block) out += '\n';
        walk(c);
        if (block) out += '\n';
      }
    }
  })(doc.body);
  return out;
}

// The headline is present when the words of the title, in order, are somewhere in the text.
// A <title> often carries the site's name ("Headline - Site", "Headline_Section_Site",
// "Headline [Site]"): its longest part between such separators is the headline.
function hasHeadline(text, title) {
  const parts = title.split(/\s[|\-–—»:]+\s|_|\[|\]/).map((p) => words(p)).filter((w) => w.length);
  if (!parts.length) return false;
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  return ` ${words(text).join(' ')} `.includes(` ${longest.join(' ')} `);
}

module.exports = { words, wordF1, htmlText, hasHeadline };
