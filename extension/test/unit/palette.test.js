'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const P = require('../../content/palette.js');

test('colours: parsing, compositing, WCAG contrast', () => {
  assert.deepEqual(P.parseColor('rgb(1, 2, 3)'), [1, 2, 3, 1]);
  assert.deepEqual(P.parseColor('rgba(255, 176, 0, 0.38)'), [255, 176, 0, 0.38]);
  assert.deepEqual(P.parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 0.5]);
  assert.deepEqual(P.parseColor('#fa0'), [255, 170, 0, 1]);
  assert.deepEqual(P.parseColor('transparent'), [0, 0, 0, 0]);
  assert.equal(P.parseColor('hsl(1, 2%, 3%)'), null);
  assert.deepEqual(P.over([255, 255, 255, 0.5], [0, 0, 0, 1]), [127.5, 127.5, 127.5, 1]);
  assert.equal(P.contrast([0, 0, 0], [255, 255, 255]).toFixed(1), '21.0');
  assert.equal(P.contrast([119, 119, 119], [255, 255, 255]).toFixed(2), '4.48');
});

// The measurements: the dark-scheme inks on white were 1.49-1.89:1, the light ones
// on a dark page 1.71-2.97:1. Whatever the page, every ink now clears 3:1 against the page and
// against its own translucent fill over the page.
test('every underline reaches 3:1 on light, dark and mid-grey pages', () => {
  const grounds = [[255, 255, 255], [250, 246, 238], [18, 18, 18], [32, 33, 36], [0, 0, 0], [128, 128, 128], [100, 100, 100], [60, 70, 90]];
  for (const bg of grounds) {
    const pal = P.paletteFor(bg);
    for (const [label, p] of Object.entries(pal.labels)) {
      assert.ok(P.contrast(p.ink, bg) >= 3, `${label} on ${bg}: ${P.contrast(p.ink, bg)}`);
      if (p.fill) assert.ok(P.contrast(p.ink, P.over(p.fill, bg)) >= 3, `${label} on its fill over ${bg}`);
      assert.ok(p.contrast >= P.TARGET - 1e-9 || p.ink.every((c) => c === 0 || c === 255), `${label} on ${bg}`);
    }
  }
  assert.equal(P.paletteFor([255, 255, 255]).tone, 'light');
  assert.equal(P.paletteFor([18, 18, 18]).tone, 'dark');
  assert.deepEqual(P.paletteFor([255, 255, 255]).labels.unsourced.ink, [161, 92, 0], 'the familiar colours where they already suffice');
  assert.equal(P.paletteFor([255, 255, 255]).labels.unsourced.style, 'wavy');
});

test('the stylesheet: one rule per label for each painter, outranking highlight.css', () => {
  const text = P.cssFor(P.paletteFor([18, 18, 18]));
  assert.match(text, /:root ::highlight\(sourcemark-unsourced\) \{ background-color: rgba\(255, 193, 7, 0.3\); text-decoration: underline wavy rgb\(255, 204, 102\);/);
  assert.match(text, /:root sourcemark-hl\[data-label="opinion"\] \{[^}]*dashed/);
  assert.match(text, /:root ::highlight\(sourcemark-sourced\) \{ text-decoration: underline dotted/);
  assert.deepEqual(Object.keys(P.swatchVars(P.paletteFor([0, 0, 0]))).sort(),
    ['--sm-opinion-fill', '--sm-opinion-ink', '--sm-sourced-fill', '--sm-sourced-ink', '--sm-unsourced-fill', '--sm-unsourced-ink']);
});

test('the background behind the text: translucent layers composited, canvas below, the majority wins', () => {
  const { window } = dom(`<div id="dark" style="background: rgb(20, 20, 20)"><p id="a">a</p><p id="b" style="background: rgba(255,255,255,0.5)">b</p></div>
    <p id="plain">c</p><aside style="background:#000"><p id="s1">d</p><p id="s2">e</p></aside>`);
  const $ = (id) => window.document.getElementById(id);
  assert.deepEqual(P.backgroundOf($('a')), [20, 20, 20]);
  assert.deepEqual(P.backgroundOf($('b')).map(Math.round), [138, 138, 138]);
  assert.deepEqual(P.backgroundOf($('plain')), [255, 255, 255], 'nothing painted: the white canvas');
  assert.deepEqual(P.pageBackground([$('a'), $('s1'), $('s2')]), [0, 0, 0]);
  assert.deepEqual(P.pageBackground([]), [255, 255, 255]);
});

test('adopting the sheet adds one constructed stylesheet and removing it leaves the others', () => {
  const { window } = dom('<p>x</p>');
  const doc = window.document;
  const theirs = new window.CSSStyleSheet();
  doc.adoptedStyleSheets = [theirs];
  const first = P.adopt(doc, P.paletteFor([255, 255, 255]), null);
  const second = P.adopt(doc, P.paletteFor([0, 0, 0]), first);
  assert.deepEqual(doc.adoptedStyleSheets, [theirs, second]);
  P.unadopt(doc, second);
  assert.deepEqual(doc.adoptedStyleSheets, [theirs]);
});
