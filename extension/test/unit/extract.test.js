'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { extract, extractFrom, isPageHidden } = require('../../content/extract.js');

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

test('what a reader cannot see is skipped: hidden nodes, scripts, styles, controls, media', () => {
  const { window } = dom(`<style>.gone{display:none}</style><article id="a">
    <p>Kept one.<script>var x = "no";</script><style>p{}</style></p>
    <p hidden>Hidden attribute.</p><p class="gone">Display none.</p>
    <p style="visibility:hidden">Invisible.</p><p aria-hidden="true">Aria hidden.</p>
    <span class="sr-only">Screen reader only.</span>
    <button>Share</button><select><option>One</option></select><textarea>Typed</textarea>
    <noscript>Enable JS.</noscript><template><p>Template.</p></template><svg><text>Icon</text></svg>
    <p>Kept <span hidden>not</span>two.</p><aside>Kept three: which blocks belong is Readability's call.</aside>
  </article>`);
  const ex = extractFrom(window.document.getElementById('a'));
  assert.equal(ex.text, "Kept one.\n\nKept two.\n\nKept three: which blocks belong is Readability's call.");
  assertMapExact(ex);
});

test('with a set of text nodes, only those are read, in page order', () => {
  const { window } = dom('<div id="d"><p id="a">First <b>bold</b> kept.</p><p id="b">Dropped.</p><p id="c">Last kept.</p></div>');
  const doc = window.document;
  const texts = (id) => [...doc.getElementById(id).childNodes].flatMap((n) => (n.nodeType === 3 ? [n] : [...n.childNodes]));
  const ex = extractFrom(doc.getElementById('d'), new Set([...texts('c'), ...texts('a')]));
  assert.equal(ex.text, 'First bold kept.\n\nLast kept.');
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

test('the article: the story and its headline, not the byline, comments, ads or navigation', () => {
  const { window } = dom(`<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
    <main><article id="story"><header><h1>Council approves the plan</h1><p class="byline">By <a rel="author" href="/ana">Ana Lima</a></p></header>
    <div class="body">${[1, 2, 3, 4, 5].map(PARA).join('')}</div></article>
    <section class="comments">${[6, 7, 8].map(PARA).join('')}</section></main>
    <div class="promo">${PARA(11)}</div><footer>${PARA(12)}</footer>`, {});
  window.document.title = 'Council approves the plan | The Daily Courier';
  const ex = extract(window.document);
  assert.ok(ex.found);
  assert.equal(ex.headline.tagName, 'H1');
  assert.ok(ex.text.startsWith('Council approves the plan\n\nParagraph 1 says'), ex.text.slice(0, 80));
  for (const n of [1, 2, 3, 4, 5]) assert.ok(ex.text.includes(`Paragraph ${n} `), `paragraph ${n}`);
  for (const gone of ['Ana Lima', 'Home', 'Paragraph 6', 'Paragraph 11', 'Paragraph 12']) assert.ok(!ex.text.includes(gone), gone);
  assertMapExact(ex);
});

test('the article: a live blog is all of its posts', () => {
  const posts = [1, 2, 3, 4, 5].map((n) => `<article class="post"><time>10:0${n}</time><div class="post-body">${PARA(n)}${PARA(n + 10)}</div></article>`).join('');
  const { window } = dom(`<div id="blog"><h1>Live: storm</h1><div id="feed">${posts}</div></div><aside class="sidebar">${PARA(99)}</aside>`);
  const ex = extract(window.document);
  for (const n of [1, 5, 11, 15]) assert.ok(ex.text.includes(`Paragraph ${n} `), `paragraph ${n}`);
  assert.ok(!ex.text.includes('Paragraph 99'));
});

test('a container whose class names a sidebar or ad still yields the article it holds', () => {
  // The old skip list matched whole class words on layout containers and lost the article.
  const { window } = dom(`<div class="panel-two-col-sidebar-right"><div id="ad-portal"><div class="js-social-anchor-start">
    <article><h1>Storm closes roads</h1>${[1, 2, 3, 4].map(PARA).join('')}</article></div></div></div>`);
  window.document.title = 'Storm closes roads';
  const ex = extract(window.document);
  assert.ok(ex.text.startsWith('Storm closes roads\n\nParagraph 1'), ex.text.slice(0, 60));
  assert.ok(ex.text.includes('Paragraph 4 '));
});

test('no article: nothing to read, flagged as not found', () => {
  const { window } = dom('');
  const ex = extract(window.document);
  assert.equal(ex.found, false);
  assert.equal(ex.root, null);
  assert.equal(ex.text, '');
});

test('a page hidden by an anti-flicker style is seen as hidden; its text is still read once the wait is over', () => {
  const { window } = dom(`<style id="flicker">body { visibility: hidden !important; }</style><article><h1>Storm</h1>${[1, 2, 3, 4].map(PARA).join('')}</article>`);
  const doc = window.document;
  assert.equal(isPageHidden(doc), true);
  assert.ok(extract(doc).text.includes('Paragraph 4 '), 'a style never lifted hides nothing');
  doc.getElementById('flicker').remove();
  assert.equal(isPageHidden(doc), false);
});

test('an article none of which shows (a collapsed "read more") is read regardless of styles, not dropped', () => {
  const { window } = dom(`<style>.collapsed { display: none; }</style><article><h1>Storm</h1><div class="collapsed">${[1, 2, 3, 4].map(PARA).join('')}</div></article>`);
  window.document.title = 'Storm';
  const ex = extract(window.document);
  assert.ok(ex.text.includes('Paragraph 1 ') && ex.text.includes('Paragraph 4 '));
  assertMapExact(ex);
  const shown = dom(`<style>.gone { display: none; }</style><article>${[1, 2, 3, 4].map(PARA).join('')}<div class="gone">${PARA(9)}</div></article>`);
  assert.ok(!extract(shown.window.document).text.includes('Paragraph 9'), 'hidden parts of a shown article stay out');
});

test('extraction changes nothing in the page', () => {
  const { window } = dom(`<article>${[1, 2, 3, 4].map(PARA).join('')}<p>Emoji 😀 <b>bold</b><br>next</p></article>`);
  const before = window.document.documentElement.outerHTML;
  const ex = extract(window.document);
  assert.ok(ex.text.includes('Emoji 😀 bold\nnext'));
  assert.equal(window.document.documentElement.outerHTML, before);
});
