'use strict';
// The real-page suite's yardstick (test/pages/score.js).
const test = require('node:test');
const assert = require('node:assert/strict');
const { words, wordF1, htmlText, hasHeadline } = require('../pages/score.js');

test('words: lower-cased runs of letters and digits; one per Chinese, Japanese or Korean character', () => {
  assert.deepEqual(words('São Paulo, 4.1% — 東京タワー!'), ['são', 'paulo', '4', '1', '東', '京', 'タ', 'ワ', 'ー']);
});

test('word F1 counts repeated words once per occurrence', () => {
  assert.deepEqual(wordF1('a b c', 'a b c'), { f1: 1, precision: 1, recall: 1 });
  const r = wordF1('a a b', 'a b c d');
  assert.equal(r.precision, 2 / 3);
  assert.equal(r.recall, 2 / 4);
  assert.equal(wordF1('', 'a').f1, 0);
});

test('expected HTML keeps blocks apart, inline tags together', () => {
  assert.deepEqual(words(htmlText('<p>end.</p><p>Next <b>bo</b>ld</p>')), ['end', 'next', 'bold']);
});

test('the headline: the longest part of the title between site-name separators, words in order', () => {
  assert.equal(hasHeadline('x Council approves tram line y', 'Council approves tram line | The Daily Courier'), true);
  assert.equal(hasHeadline('x 宇航员喝酒 y', '宇航员喝酒_探索者_光明网'), true);
  assert.equal(hasHeadline('tram line approves Council', 'Council approves tram line - Courier'), false);
});
