'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { dom } = require('./helpers.js');
const { createCard, HOST_TAG } = require('../../content/card.js');
const labels = require('../../lib/labels.js');

const MODEL_LABELS = ['sourced', 'unsourced', 'opinion', 'none'];
const RECT = { left: 20, right: 20, top: 40, bottom: 60 };

function item(sentence) {
  return { id: 3, label: sentence.label, sentence: { text: 'A sentence.', confidence: 0.834, ...sentence } };
}

function makeCard(window, onFeedback = async () => ({ ok: true, data: { id: 1 } })) {
  const calls = [];
  const card = createCard(window.document, {
    choices: (it) => labels.alternatives(MODEL_LABELS, it.sentence.label),
    onFeedback: async (it, label) => {
      calls.push([it, label]);
      return onFeedback(it, label);
    },
  });
  return { card, calls };
}

const shadowOf = (window) => window.document.querySelector(HOST_TAG).shadowRoot;

test('the card says the label in words and the confidence', () => {
  const { window } = dom('<p>Page.</p>');
  const { card } = makeCard(window);
  assert.equal(window.document.querySelector(HOST_TAG), null, 'nothing is added before the first card');
  card.show(item({ label: 'unsourced' }), RECT);
  const root = shadowOf(window);
  const box = root.querySelector('.card');
  assert.equal(box.hidden, false);
  assert.match(box.textContent, /Unsourced claim/);
  assert.match(box.textContent, /without naming a source/);
  assert.match(box.textContent, /Confidence: 83%/);
  assert.equal(root.querySelector('.cue'), null, 'no cue line for unsourced sentences');
  assert.equal(box.style.left, '20px');
  assert.equal(box.style.top, '66px');
});

test('sourced: the attribution cue and the vague-source note', () => {
  const { window } = dom('');
  const { card } = makeCard(window);
  card.show(item({ label: 'sourced', cue: { start: 5, end: 9, text: 'said' }, vague_source: true }), RECT);
  const root = shadowOf(window);
  assert.match(root.querySelector('.cue').textContent, /“said”/);
  assert.match(root.querySelector('.vague').textContent, /vague/);
  assert.equal(root.querySelector('.rule'), null);
  card.show(item({ label: 'sourced', cue: null, vague_source: false }), RECT);
  assert.equal(root.querySelector('.cue'), null);
  assert.equal(root.querySelector('.vague'), null);
  card.show(item({ label: 'sourced', cue: null, vague_source: false, rule: 'multi_sentence_quote' }), RECT);
  assert.match(root.querySelector('.rule').textContent, /quotation attributed in a neighbouring sentence/);
  card.show(item({ label: 'sourced', cue: null, vague_source: false, rule: 'embedded_post' }), RECT);
  assert.match(root.querySelector('.rule').textContent, /embedded post: its signature line names the account/);
});

test('"Wrong label?" offers three choices, sends the chosen one and thanks the reader', async () => {
  const { window } = dom('');
  const { card, calls } = makeCard(window);
  const it = item({ label: 'opinion' });
  card.show(it, RECT);
  const root = shadowOf(window);
  const choices = root.querySelector('.choices');
  assert.equal(choices.hidden, true);
  root.querySelector('.wrong').click();
  assert.equal(choices.hidden, false);
  assert.equal(root.querySelector('.wrong').getAttribute('aria-expanded'), 'true');
  const buttons = [...root.querySelectorAll('.choice')];
  assert.deepEqual(buttons.map((b) => [b.dataset.label, b.textContent]),
    [['sourced', 'Sourced'], ['unsourced', 'Unsourced claim'], ['none', 'Not a claim']]);
  buttons[1].click();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls.map(([i, l]) => [i, l]), [[it, 'unsourced']]);
  assert.match(root.querySelector('.status').textContent, /Thanks/);
  assert.ok(buttons.every((b) => b.getAttribute('aria-disabled') === 'true'), 'one correction per sentence');
  assert.ok(buttons.every((b) => !b.disabled), 'still focusable, so focus is not thrown out of the card');
  buttons[0].click();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(calls.length, 1, 'a second choice is not sent');
});

test('a failed correction says why and can be retried', async () => {
  const { window } = dom('');
  const { card } = makeCard(window, async () => ({ ok: false, error: { code: 'rate_limited', message: 'Too many corrections.' } }));
  card.show(item({ label: 'unsourced' }), RECT);
  const root = shadowOf(window);
  root.querySelector('.wrong').click();
  root.querySelector('.choice').click();
  await new Promise((r) => setTimeout(r, 0));
  assert.match(root.querySelector('.status').textContent, /Could not send your correction: Too many corrections\./);
  assert.ok([...root.querySelectorAll('.choice')].every((b) => !b.disabled && !b.hasAttribute('aria-disabled')));
});

test('page text is shown as text, never parsed as HTML', () => {
  const { window } = dom('');
  const { card } = makeCard(window);
  card.show(item({ label: 'sourced', cue: { text: '<img src=x onerror=alert(1)>' } }), RECT);
  const root = shadowOf(window);
  assert.equal(root.querySelector('img'), null);
  assert.match(root.querySelector('.cue').textContent, /<img src=x/);
});

test('hide, notice and destroy; destroy leaves no trace', async () => {
  const { window } = dom('<p>Page.</p>');
  const before = window.document.documentElement.outerHTML;
  const { card } = makeCard(window);
  card.show(item({ label: 'opinion' }), RECT);
  card.scheduleHide();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(shadowOf(window).querySelector('.card').hidden, true);
  card.notice('Could not reach the service.');
  assert.match(shadowOf(window).querySelector('.notice').textContent, /Could not reach the service/);
  card.destroy();
  assert.equal(window.document.documentElement.outerHTML, before);
});

test('opened from the keyboard: focus inside, announced by label, confidence and cue; kept after a correction', async () => {
  const { window } = dom('<a href="#x">before</a>');
  const { card } = makeCard(window);
  card.show(item({ label: 'sourced', cue: { start: 0, end: 4, text: 'said' } }), RECT, { focus: true });
  const root = shadowOf(window);
  const box = root.querySelector('.card');
  assert.equal(window.document.activeElement, window.document.querySelector(HOST_TAG));
  assert.equal(root.activeElement, box);
  assert.equal(card.hasFocus(), true);
  assert.equal(box.getAttribute('role'), 'dialog');
  assert.equal(box.getAttribute('aria-label'), 'SourceMark: Sourced');
  const described = box.getAttribute('aria-describedby').split(' ').map((id) => root.getElementById(id).textContent);
  assert.deepEqual(described, ['The article attributes this to a source.', 'Confidence: 83%', 'Attribution cue found in the sentence: “said”']);
  assert.equal(window.document.querySelector(HOST_TAG).parentNode, window.document.body, 'inside <body>, where checkers look');
  root.querySelector('.wrong').click();
  const choice = root.querySelector('.choice');
  choice.focus();
  choice.click();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(root.activeElement, choice, 'focus stays on the chosen button');
  assert.equal(box.hidden, false);
  card.scheduleHide();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(box.hidden, false, 'a card holding focus does not close when the pointer leaves');
  window.document.querySelector('a').focus();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(box.hidden, true, 'focus leaving the card closes it');
});

test('the swatch follows the palette: the page inks and tone', () => {
  const { window } = dom('');
  const { card } = makeCard(window);
  card.setPalette({ '--sm-unsourced-ink': 'rgb(1, 2, 3)', '--sm-unsourced-fill': 'transparent' }, 'dark');
  card.show(item({ label: 'unsourced' }), RECT);
  const box = shadowOf(window).querySelector('.card');
  assert.equal(box.style.getPropertyValue('--sm-unsourced-ink'), 'rgb(1, 2, 3)');
  assert.ok(box.classList.contains('tone-dark'));
  assert.equal(box.querySelector('.swatch').getAttribute('aria-hidden'), 'true');
});
