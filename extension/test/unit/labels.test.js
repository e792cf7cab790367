'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const labels = require('../../lib/labels.js');

test('summary: counts, shares and the unsourced share of claims', () => {
  const sum = labels.summary({ sourced: 2, unsourced: 1, opinion: 1, none: 9 });
  assert.equal(sum.total, 4);
  assert.deepEqual(sum.shares, { sourced: 0.5, unsourced: 0.25, opinion: 0.25 });
  assert.equal(sum.unsourcedShare, 0.25);
  assert.equal(labels.summary({}).unsourcedShare, null);
});

test('isShown follows the toggles and the sensitivity, and never shows none', () => {
  const settings = { show: { sourced: false, unsourced: true, opinion: true }, minConfidence: 0.6 };
  assert.equal(labels.isShown({ label: 'unsourced', confidence: 0.61 }, settings), true);
  assert.equal(labels.isShown({ label: 'unsourced', confidence: 0.59 }, settings), false);
  assert.equal(labels.isShown({ label: 'sourced', confidence: 0.99 }, settings), false);
  assert.equal(labels.isShown({ label: 'none', confidence: 1 }, { show: { none: true } }), false);
});

test('alternatives: three choices, the labels other than the prediction', () => {
  assert.deepEqual(labels.alternatives(['sourced', 'unsourced', 'opinion', 'none'], 'unsourced'), ['sourced', 'opinion', 'none']);
  assert.deepEqual(labels.alternatives(undefined, 'opinion'), ['sourced', 'unsourced', 'none']);
  assert.deepEqual(labels.alternatives(['sourced', 'unsourced', 'opinion'], 'none'), ['sourced', 'unsourced', 'opinion']);
  assert.equal(labels.percent(0.876), '88%');
  assert.equal(labels.info('opinion').name, 'Opinion');
});
