'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { cloneWithMap } = require('../../content/clone-map.js');
const { findArticle } = require('../../content/article.js');
const Readability = require('../../lib/vendor/Readability.js');

const texts = (root) => {
  const out = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
};

test('every text node of the clone leads to the live node it was copied from', () => {
  const { window } = dom('<h1>Title</h1><div><p>One <b>two</b> three</p><!-- c --><ul><li>four</li><li></li></ul></div>five');
  const doc = window.document;
  const { clone, liveOf } = cloneWithMap(doc);
  const copies = texts(clone.documentElement);
  assert.deepEqual(copies.map(liveOf), texts(doc.documentElement));
  assert.ok(copies.every((n) => liveOf(n) !== n));
});

test('moving, renaming and removing elements in the clone keeps the way back', () => {
  const { window } = dom('<div id="a"><font>Moved text</font></div><p id="b">Other</p>');
  const doc = window.document;
  const { clone, liveOf } = cloneWithMap(doc);
  const span = clone.createElement('span');
  const font = clone.querySelector('font');
  while (font.firstChild) span.appendChild(font.firstChild);
  font.replaceWith(span);
  clone.getElementById('b').appendChild(span);
  assert.equal(liveOf(span.firstChild), doc.querySelector('font').firstChild);
  assert.equal(liveOf(clone.createTextNode('new')), null, 'a node the clone made has no live node');
});

test('assigning back the body HTML it read gives mapped nodes; other HTML gives none', () => {
  const { window } = dom('<p>First paragraph.</p><p>Second <i>one</i>.</p>');
  const doc = window.document;
  const { clone, liveOf } = cloneWithMap(doc);
  const saved = clone.body.innerHTML;
  clone.body.querySelector('p').remove();
  clone.body.innerHTML = saved;
  assert.equal(clone.body.innerHTML, saved);
  assert.deepEqual(texts(clone.body).map(liveOf), texts(doc.body));
  clone.body.innerHTML = '<p>First paragraph.</p>';
  assert.equal(liveOf(clone.body.firstChild.firstChild), null);
  assert.equal(doc.body.children.length, 2, 'the live page is untouched');
});

test('a short article makes Readability retry through innerHTML, and every kept node is still mapped', () => {
  // Under 500 characters Readability re-parses the saved body HTML with looser rules.
  const page = '<div class="sidebar"><p>Short story: the council met and approved the plan on Tuesday, residents said.</p></div>';
  const probe = new Readability(cloneWithMap(dom(page).window.document).clone, { serializer: (el) => el });
  probe.parse();
  assert.ok(probe._attempts.length > 0, 'the page does take the retry path');
  const { window } = dom(page);
  const found = findArticle(window.document);
  assert.equal(found.unmapped, 0);
  assert.ok(found.text.length > 0);
  assert.ok(found.text.every((n) => window.document.body.contains(n)), 'kept nodes are the live ones');
});

test('javascript: links inside the article keep their text mapped', () => {
  const link = '<a href="javascript:void(0)">glossary word</a>';
  const { window } = dom(`<article>${[1, 2, 3, 4].map((n) => `<p>Paragraph ${n} has a ${link} in it, and enough words around it to make a real paragraph of an article.</p>`).join('')}</article>`);
  const found = findArticle(window.document);
  assert.equal(found.unmapped, 0);
  assert.equal(found.text.filter((n) => n.data === 'glossary word').length, 4);
  assert.equal(window.document.querySelector('a').getAttribute('href'), 'javascript:void(0)', 'the live page is untouched');
});
