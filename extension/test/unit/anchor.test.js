'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { extractFrom } = require('../../content/extract.js');
const { locate, segments, toRange, anchorAll } = require('../../content/anchor.js');

function sentence(text, exact, { prefix = 32, suffix = 32, label = 'unsourced' } = {}) {
  const start = text.indexOf(exact);
  const end = start + exact.length;
  return { start, end, text: exact, label, confidence: 0.9,
    quote: { exact, prefix: text.slice(Math.max(0, start - prefix), start), suffix: text.slice(end, end + suffix) } };
}

test('locate: the offsets when the text there is still the sentence', () => {
  const text = 'One. Two. Three.';
  assert.deepEqual(locate(text, sentence(text, 'Two.')), { start: 5, end: 9, how: 'offset' });
});

test('locate: the page changed, the quote finds the sentence again', () => {
  const before = 'Update 10:05. Roads are closed. Update 10:00. Rain began.';
  const s = sentence(before, 'Rain began.');
  const after = 'Update 10:10. Power is out in the north. ' + before;
  const at = locate(after, s);
  assert.equal(after.slice(at.start, at.end), 'Rain began.');
  assert.equal(at.how, 'quote');
});

test('locate: of several copies, the one with the matching context wins over the nearer one', () => {
  const text = 'A said no. It was late. B said yes. It was late. C left.';
  const s = sentence(text, 'It was late.', { prefix: 12 });
  const second = text.indexOf('It was late.', 20);
  s.start = text.indexOf('It was late.'); // the old position points at the first copy...
  s.quote.prefix = 'B said yes. '; // ...but the quote says it follows B
  s.quote.suffix = ' C left.';
  const shifted = 'X. ' + text;
  const at = locate(shifted, s);
  assert.equal(at.start, second + 3);
});

test('locate: equal contexts, the position hint breaks the tie', () => {
  const text = 'Yes. Yes. Yes. Yes.';
  const s = { start: 10, end: 14, text: 'Yes.', quote: { exact: 'Yes.', prefix: '', suffix: '' } };
  const at = locate('No. ' + text, s);
  // Copies now start at 4, 9, 14 and 19; the old offset was 10, and 9 is nearest.
  assert.equal(at.start, 9);
});

test('locate: a sentence that is gone is not guessed', () => {
  const s = sentence('Prices rose 4%. Then fell.', 'Prices rose 4%.');
  assert.equal(locate('Prices rose 5%. Then fell.', s), null);
});

test('segments and ranges across nested inline tags, entities and emoji', () => {
  const { window } = dom('<p id="p">Lead. The <b>mayor &amp; <i>team</i></b> said 🎉 it   rained. Tail.</p>');
  const doc = window.document;
  const ex = extractFrom(doc.getElementById('p'));
  const s = sentence(ex.text, 'The mayor & team said 🎉 it rained.');
  const segs = segments(ex.pieces, s.start, s.end);
  assert.deepEqual(segs.map((x) => x.node.data.slice(x.from, x.to)), ['The ', 'mayor & ', 'team', ' said 🎉 it   rained.']);
  const range = toRange(doc, ex.pieces, s.start, s.end);
  assert.equal(range.toString(), 'The mayor & team said 🎉 it   rained.');
});

test('anchorAll: anchored items with ranges, and the count of the lost', () => {
  const { window } = dom('<div id="d"><p>First claim here.</p><p>Second 🙂 claim here.</p></div>');
  const doc = window.document;
  const ex = extractFrom(doc.getElementById('d'));
  const sentences = [sentence(ex.text, 'First claim here.'), sentence(ex.text, 'Second 🙂 claim here.', { label: 'opinion' }),
    { start: 0, end: 5, text: 'Vanished.', label: 'unsourced', quote: { exact: 'Vanished.', prefix: '', suffix: '' } },
    { ...sentence(ex.text, 'First claim here.'), label: 'none' }];
  const { items, unanchored } = anchorAll(doc, ex, sentences, (s) => s.label !== 'none');
  assert.equal(unanchored, 1);
  assert.deepEqual(items.map((i) => [i.id, i.label, i.range.toString()]), [
    [0, 'unsourced', 'First claim here.'], [1, 'opinion', 'Second 🙂 claim here.']]);
});
