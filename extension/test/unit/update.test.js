'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { blocks, compare, partial, merge } = require('../../content/update.js');

const sentence = (text, whole, label) => {
  const start = whole.indexOf(text);
  return { start, end: start + text.length, text, label, quote: { exact: text, prefix: '', suffix: '' } };
};

test('blocks are the runs between blank lines, with their offsets', () => {
  assert.deepEqual(blocks('One.\n\nTwo\nlines.\n\n\nThree 🎉.'), [
    { start: 0, end: 4, text: 'One.' }, { start: 6, end: 16, text: 'Two\nlines.' }, { start: 19, end: 28, text: 'Three 🎉.' },
  ]);
});

test('compare: blocks already seen move, the others are fresh', () => {
  const { moved, fresh } = compare('Live\n\nPost A.\n\nPost B.', 'Live\n\nPost C 🎉.\n\nPost A.\n\nPost B.');
  assert.deepEqual(fresh.map((b) => b.text), ['Post C 🎉.']);
  assert.deepEqual([...moved].map(([a, b]) => [a.text, a.start, b.start]), [['Live', 0, 0], ['Post A.', 6, 18], ['Post B.', 15, 27]]);
});

test('partial: only the fresh blocks are sent, links moved with them; the merge puts every sentence back in place', () => {
  const oldText = 'Live\n\nPost A said so.\n\nPost B.';
  const newText = 'Live\n\nNew one, per 🧾 report.\n\nAnother new.\n\nPost A said so.\n\nPost B.';
  const at = newText.indexOf('🧾 report');
  const part = partial({ text: newText, links: [{ start: at, end: at + 9, href: 'https://r.example/' }, { start: 0, end: 4, href: 'https://x/' }] },
    compare(oldText, newText).fresh);
  assert.equal(part.text, 'New one, per 🧾 report.\n\nAnother new.');
  assert.deepEqual(part.links.map((l) => part.text.slice(l.start, l.end)), ['🧾 report']);
  const old = { sentences: [sentence('Post A said so.', oldText, 'sourced'), sentence('Post B.', oldText, 'unsourced')], counts: { sourced: 1, unsourced: 1, opinion: 0 } };
  const answer = { model: { version: '2' }, sentences: [sentence('New one, per 🧾 report.', part.text, 'sourced'), sentence('Another new.', part.text, 'opinion')], counts: { sourced: 1, unsourced: 0, opinion: 1 } };
  const merged = merge(old, oldText, newText, answer, part);
  assert.deepEqual(merged.sentences.map((s) => [newText.slice(s.start, s.end), s.label]), [
    ['New one, per 🧾 report.', 'sourced'], ['Another new.', 'opinion'], ['Post A said so.', 'sourced'], ['Post B.', 'unsourced'],
  ]);
  assert.deepEqual(merged.counts, { sourced: 2, unsourced: 1, opinion: 1 });
  assert.equal(merged.model.version, '2');
});

test('merge drops old sentences whose block is gone', () => {
  const oldText = 'Post A.\n\nPost B.';
  const newText = 'Post C.\n\nPost B.';
  const part = partial({ text: newText, links: [] }, compare(oldText, newText).fresh);
  const merged = merge({ sentences: [sentence('Post A.', oldText, 'unsourced'), sentence('Post B.', oldText, 'unsourced')], counts: { unsourced: 2 } },
    oldText, newText, { sentences: [sentence('Post C.', part.text, 'opinion')], counts: { unsourced: 0, opinion: 1 } }, part);
  assert.deepEqual(merged.sentences.map((s) => newText.slice(s.start, s.end)), ['Post C.', 'Post B.']);
  assert.deepEqual(merged.counts, { unsourced: 1, opinion: 1 });
});
