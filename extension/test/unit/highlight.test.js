'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { extractFrom } = require('../../content/extract.js');
const { anchorAll } = require('../../content/anchor.js');
const { createPainter, hasHighlightApi } = require('../../content/highlight.js');

const HTML = `<div id="story"><h1>Tram   line &amp; vote</h1>
  <p>The council <b>approved <i>the</i> line</b> on Tuesday. “We were not consulted,” a union <a href="https://u.example">spokesperson</a> said. It is a 😡 disgrace.</p>
  <p>Second<br>line here. Last one.</p></div>`;

function setup(win, labels) {
  const doc = win.document;
  const ex = extractFrom(doc.getElementById('story'));
  const parts = ex.text.match(/[^\s][^\n]*?(?:[.!?”](?=\s|$)|$)/g);
  let from = 0;
  const sentences = parts.map((p, i) => {
    const start = ex.text.indexOf(p, from);
    from = start + p.length;
    return { start, end: start + p.length, text: p, label: labels[i % labels.length], confidence: 0.9,
      quote: { exact: p, prefix: '', suffix: '' } };
  });
  return anchorAll(doc, ex, sentences);
}

test('wrapping fallback: every sentence wrapped, and clearing restores the page exactly', () => {
  const { window } = dom(HTML);
  const doc = window.document;
  const before = doc.body.innerHTML;
  const textNodes = [];
  const walker = doc.createTreeWalker(doc.body, 4);
  while (walker.nextNode()) textNodes.push([walker.currentNode, walker.currentNode.data]);
  const { items } = setup(window, ['unsourced', 'sourced', 'opinion']);
  const painter = createPainter(window);
  assert.equal(painter.mode, 'wrap', 'jsdom has no Highlight API');
  painter.draw(items);
  const wrapped = [...doc.querySelectorAll('sourcemark-hl')];
  assert.ok(wrapped.length >= items.length);
  for (const item of items) {
    const text = item.wrappers.map((w) => w.textContent).join('');
    assert.equal(text.replace(/\s+/g, ' '), item.sentence.text.replace(/\s+/g, ' '));
    assert.ok(item.wrappers.every((w) => w.getAttribute('data-label') === item.label));
  }
  assert.notEqual(doc.body.innerHTML, before);
  assert.equal(painter.itemAt(doc.querySelector('sourcemark-hl[data-label="opinion"]').firstChild).label, 'opinion');
  painter.clear();
  assert.equal(doc.body.innerHTML, before);
  assert.equal(doc.querySelectorAll('sourcemark-hl').length, 0);
  // The same text node objects, with the same data, in the same places.
  const after = [];
  const again = doc.createTreeWalker(doc.body, 4);
  while (again.nextNode()) after.push(again.currentNode);
  assert.equal(after.length, textNodes.length);
  textNodes.forEach(([node, data], i) => {
    assert.equal(after[i], node);
    assert.equal(node.data, data);
  });
});

test('wrapping fallback: drawing twice and clearing twice is safe', () => {
  const { window } = dom(HTML);
  const before = window.document.body.innerHTML;
  const painter = createPainter(window);
  painter.draw(setup(window, ['opinion']).items);
  painter.clear();
  painter.draw(setup(window, ['unsourced', 'opinion']).items);
  painter.clear();
  painter.clear();
  assert.equal(window.document.body.innerHTML, before);
});

// A registry like CSS.highlights: a Map of name -> Highlight (a Set of ranges).
function fakeHighlightApi(window) {
  window.CSS = { highlights: new Map() };
  window.Highlight = class extends Set {
    constructor(...ranges) { super(ranges); }
  };
  return window.CSS.highlights;
}

test('Highlight API: one highlight per label, the DOM untouched, clearing removes only ours', () => {
  const { window } = dom(HTML);
  const registry = fakeHighlightApi(window);
  const pageOwn = new window.Highlight();
  registry.set('search-results', pageOwn);
  assert.equal(hasHighlightApi(window), true);
  const before = window.document.documentElement.outerHTML;
  const { items } = setup(window, ['unsourced', 'opinion']);
  const painter = createPainter(window);
  assert.equal(painter.mode, 'highlight-api');
  painter.draw(items);
  assert.deepEqual([...registry.keys()].sort(), ['search-results', 'sourcemark-opinion', 'sourcemark-unsourced']);
  const unsourced = [...registry.get('sourcemark-unsourced')].map((r) => r.toString());
  assert.deepEqual(unsourced, items.filter((i) => i.label === 'unsourced').map((i) => i.range.toString()));
  assert.equal(window.document.documentElement.outerHTML, before);
  const target = items.find((i) => i.label === 'opinion');
  assert.equal(painter.itemAt(target.range.startContainer, target.range.startOffset + 1), target);
  painter.clear();
  assert.deepEqual([...registry.keys()], ['search-results']);
  assert.equal(registry.get('search-results'), pageOwn);
});

test('Highlight API can be bypassed for the wrapping fallback', () => {
  const { window } = dom(HTML);
  fakeHighlightApi(window);
  assert.equal(createPainter(window, { forceWrap: true }).mode, 'wrap');
});

test('hit testing in Highlight API mode uses the ranges\' rectangles', () => {
  const { window } = dom(HTML);
  fakeHighlightApi(window);
  const { items } = setup(window, ['unsourced']);
  items[0].range.getClientRects = () => [{ left: 10, right: 100, top: 10, bottom: 30 }];
  for (const item of items.slice(1)) item.range.getClientRects = () => [{ left: 10, right: 100, top: 40, bottom: 60 }];
  const painter = createPainter(window);
  painter.draw(items);
  assert.equal(painter.hitTest(50, 20), items[0]);
  assert.equal(painter.hitTest(50, 50), items[1]);
  assert.equal(painter.hitTest(500, 20), null);
});
