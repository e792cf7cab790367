'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { extract, extractFrom, findArticleRoot } = require('../../content/extract.js');

// Every piece of the map must point at the characters it stands for.
function assertMapExact(ex) {
  const covered = new Array(ex.text.length).fill(false);
  for (const p of ex.pieces) {
    const sent = ex.text.slice(p.start, p.end);
    const inNode = p.node.data.slice(p.nodeStart, p.nodeEnd);
    if (sent === ' ' && /^[ \t\n\r\f]+$/.test(inNode)) covered[p.start] = true;
    else {
      assert.equal(sent, inNode, `piece ${p.start}-${p.end}`);
      for (let i = p.start; i < p.end; i++) covered[i] = true;
    }
  }
  covered.forEach((yes, i) => {
    if (!yes) assert.equal(ex.text[i], '\n', `only line breaks between blocks are unmapped (index ${i})`);
  });
}

test('blocks are joined with blank lines, inline tags are not, whitespace collapses', () => {
  const { window } = dom(`<div id="a">
    <h1>Council  approves
      tram line</h1>
    <p>The council <b>approved</b> the <i>line <em>on</em></i> Tuesday.</p>
    <p>   Trams run   <span>every</span>ten minutes.  </p>
  </div>`);
  const ex = extractFrom(window.document.getElementById('a'));
  assert.equal(ex.text, 'Council approves tram line\n\nThe council approved the line on Tuesday.\n\nTrams run everyten minutes.');
  assertMapExact(ex);
});

test('emoji, entities and non-Latin text keep UTF-16 offsets', () => {
  const { window } = dom('<article><p>Fans 🎉🇺🇦 cheered &amp; sang &lt;loudly&gt;&nbsp;— 東京 said «да».</p><p>Next 👩‍👩‍👧 line.</p></article>');
  const ex = extract(window.document, { root: window.document.querySelector('article') });
  assert.equal(ex.text, 'Fans 🎉🇺🇦 cheered & sang <loudly>\u00a0— 東京 said «да».\n\nNext 👩‍👩‍👧 line.');
  const at = ex.text.indexOf('cheered');
  assert.equal(at, 5 + 2 + 4 + 1, 'each emoji counts in UTF-16 code units');
  assertMapExact(ex);
  const next = ex.text.indexOf('line.');
  const piece = ex.pieces.find((p) => p.start <= next && next < p.end);
  assert.equal(piece.node.data.slice(piece.nodeStart + (next - piece.start), piece.nodeStart + (next - piece.start) + 5), 'line.');
});

test('<br> is a line break, two are a blank line', () => {
  const { window } = dom('<p id="p">First line<br>second line<br><br>New block</p>');
  const ex = extractFrom(window.document.getElementById('p'));
  assert.equal(ex.text, 'First line\nsecond line\n\nNew block');
  assertMapExact(ex);
});

test('hidden nodes, scripts, styles, forms, asides and widgets are skipped', () => {
  const { window } = dom(`<style>.gone{display:none}</style><article id="a">
    <p>Kept one.<script>var x = "no";</script><style>p{}</style></p>
    <p hidden>Hidden attribute.</p><p class="gone">Display none.</p>
    <p style="visibility:hidden">Invisible.</p><p aria-hidden="true">Aria hidden.</p>
    <span class="sr-only">Screen reader only.</span>
    <aside>Aside text.</aside><nav>Nav text.</nav><form><label>Email</label><input value="x"></form>
    <div class="ad-slot">Buy now.</div><div id="comments"><p>A comment.</p></div>
    <div class="share-tools">Share this.</div><noscript>Enable JS.</noscript>
    <p>Kept <span hidden>not</span>two.</p><div class="header-meta">Kept three.</div>
  </article>`);
  const ex = extractFrom(window.document.getElementById('a'));
  assert.equal(ex.text, 'Kept one.\n\nKept two.\n\nKept three.');
  assertMapExact(ex);
});

test('links: offsets of outbound links in the sent text', () => {
  const { window } = dom('<p id="p">Read <a href="https://gov.example/report">the 🧾 report</a> and <a href="#top">top</a> <a href="/local">here</a>.</p>');
  const ex = extractFrom(window.document.getElementById('p'));
  assert.deepEqual(ex.links.map((l) => [ex.text.slice(l.start, l.end), l.href]), [
    ['the 🧾 report', 'https://gov.example/report'],
    ['here', 'https://news.example/local'],
  ]);
});

test('pre keeps its whitespace', () => {
  const { window } = dom('<div id="d"><p>Intro.</p><pre>a  b\n  c</pre></div>');
  const ex = extractFrom(window.document.getElementById('d'));
  assert.equal(ex.text, 'Intro.\n\na  b\n  c');
  assertMapExact(ex);
});

const PARA = (n) => `<p>Paragraph ${n} says the council, which met on Tuesday, approved the plan, and residents, who were not asked, objected strongly to it.</p>`;

test('article root: the story, not the comments, ads or navigation', () => {
  const { window } = dom(`<header><nav><a href="/">Home</a></nav></header>
    <main><article id="story"><header><h1>Headline here</h1></header><div class="body">${[1, 2, 3, 4].map(PARA).join('')}</div></article>
    <section class="comments">${[5, 6, 7, 8, 9, 10].map(PARA).join('')}</section></main>
    <div class="promo">${PARA(11)}</div>`);
  const root = findArticleRoot(window.document);
  assert.equal(root.id, 'story');
  const ex = extract(window.document);
  assert.ok(ex.found);
  assert.ok(ex.text.startsWith('Headline here\n\nParagraph 1'));
  assert.ok(!ex.text.includes('Paragraph 5') && !ex.text.includes('Paragraph 11'));
});

test('article root: a live blog is all of its posts', () => {
  const posts = [1, 2, 3, 4, 5].map((n) => `<article class="post"><time>10:0${n}</time><div class="post-body">${PARA(n)}${PARA(n + 10)}</div></article>`).join('');
  const { window } = dom(`<div id="blog"><h1>Live: storm</h1><div id="feed">${posts}</div></div><aside>${PARA(99)}</aside>`);
  const root = findArticleRoot(window.document);
  assert.ok(root.contains(window.document.querySelectorAll('article.post')[0]));
  assert.ok(root.contains(window.document.querySelectorAll('article.post')[4]));
});

test('no article: the whole body, flagged as not found', () => {
  const { window } = dom('<div>Short note.</div>');
  const ex = extract(window.document);
  assert.equal(ex.found, false);
  assert.equal(ex.root, window.document.body);
  assert.equal(ex.text, 'Short note.');
});

test('extraction changes nothing in the page', () => {
  const { window } = dom(`<article>${PARA(1)}<p>Emoji 😀 <b>bold</b><br>next</p></article>`);
  const before = window.document.documentElement.outerHTML;
  extract(window.document);
  assert.equal(window.document.documentElement.outerHTML, before);
});
