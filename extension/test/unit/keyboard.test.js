'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const kb = require('../../content/keyboard.js');

test('keys: Alt+Shift+J and Alt+Shift+K by physical key, Escape; nothing else', () => {
  const ev = (o) => ({ altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, key: '', code: '', ...o });
  assert.equal(kb.actionFor(ev({ altKey: true, shiftKey: true, code: 'KeyJ', key: 'Ô' })), 'next');
  assert.equal(kb.actionFor(ev({ altKey: true, shiftKey: true, code: 'KeyK', key: 'K' })), 'previous');
  assert.equal(kb.actionFor(ev({ key: 'Escape', code: 'Escape' })), 'close');
  assert.equal(kb.actionFor(ev({ altKey: true, code: 'KeyJ', key: 'j' })), null, 'Alt alone');
  assert.equal(kb.actionFor(ev({ altKey: true, shiftKey: true, ctrlKey: true, code: 'KeyJ' })), null);
  assert.equal(kb.actionFor(ev({ key: 'j', code: 'KeyJ' })), null, 'typing is never taken');
  assert.equal(kb.actionFor(null), null);
});

function items(window, texts) {
  const doc = window.document;
  return texts.map((text, id) => {
    const p = [...doc.querySelectorAll('p')].find((el) => el.textContent === text);
    const range = doc.createRange();
    range.selectNodeContents(p);
    return { id, range };
  });
}

test('reading order, stepping with wrap-round, and a start from what is in view', () => {
  const { window } = dom('<p>one</p><p>two</p><p>three</p>');
  const [a, b, c] = items(window, ['one', 'two', 'three']);
  assert.deepEqual(kb.inDocumentOrder([c, a, b]), [a, b, c]);
  const list = [a, b, c];
  assert.equal(kb.step(list, a, 'next'), b);
  assert.equal(kb.step(list, c, 'next'), a);
  assert.equal(kb.step(list, a, 'previous'), c);
  assert.equal(kb.step([], null, 'next'), null);
  // No current sentence: the first at or below the top of the view, the last above it.
  const tops = new Map([[a, -300], [b, 120], [c, 900]]);
  for (const it of list) it.range.getBoundingClientRect = () => ({ top: tops.get(it) });
  assert.equal(kb.step(list, null, 'next'), b);
  assert.equal(kb.step(list, null, 'previous'), a);
  assert.equal(kb.step(list, null, 'next', 1000), a, 'nothing below: the first');
});

test('focus: the element inside open shadow roots; restoring it, or leaving the body focused', () => {
  const { window } = dom('<button id="b">b</button><div id="h"></div>');
  const doc = window.document;
  assert.equal(kb.deepActiveElement(doc), null);
  const inner = doc.createElement('button');
  doc.getElementById('h').attachShadow({ mode: 'open' }).appendChild(inner);
  inner.focus();
  assert.equal(kb.deepActiveElement(doc), inner);
  const b = doc.getElementById('b');
  assert.equal(kb.restoreFocus(doc, b), true);
  assert.equal(doc.activeElement, b);
  assert.equal(kb.restoreFocus(doc, null), false);
  assert.equal(doc.activeElement, doc.body);
});
