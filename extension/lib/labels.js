// What each label means to a reader, and the per-page summary the popup draws. Shared by the
// popup, the hover card and the page script so the words never drift apart.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).labels = api;
})(globalThis, function () {
  'use strict';

  // The three labels a reader can see; "none" (bylines, time stamps) is never highlighted.
  const CLAIM_LABELS = ['sourced', 'unsourced', 'opinion'];

  const INFO = {
    sourced: { name: 'Sourced', words: 'The article attributes this to a source.' },
    unsourced: { name: 'Unsourced claim', words: 'The writer states this as fact without naming a source.' },
    opinion: { name: 'Opinion', words: "The writer's own judgement." },
    none: { name: 'Not a claim', words: 'A byline, time stamp or fragment.' },
  };

  function info(label) {
    return INFO[label] || { name: String(label), words: '' };
  }

  function percent(x) {
    return `${Math.round(Math.max(0, Math.min(1, Number(x) || 0)) * 100)}%`;
  }

  // Counts per claim label, their shares for the bar, and the share of claims that are
  // unsourced (null when the page has no claims, so the popup can say so instead of "0%").
  function summary(counts) {
    const c = {};
    let total = 0;
    for (const label of CLAIM_LABELS) {
      c[label] = Math.max(0, Number(counts && counts[label]) || 0);
      total += c[label];
    }
    const shares = {};
    for (const label of CLAIM_LABELS) shares[label] = total ? c[label] / total : 0;
    return { counts: c, total, shares, unsourcedShare: total ? c.unsourced / total : null };
  }

  // Which sentences are drawn: claims whose label the reader shows and whose confidence
  // reaches the sensitivity threshold.
  function isShown(sentence, settings) {
    if (!sentence || !CLAIM_LABELS.includes(sentence.label)) return false;
    const show = (settings && settings.show) || {};
    if (!show[sentence.label]) return false;
    const min = Number(settings && settings.minConfidence) || 0;
    return Number(sentence.confidence) >= min;
  }

  // "Wrong label?" offers the other labels: the model's claim labels plus "none" (not a
  // claim), which the service always accepts, so any prediction gets three choices.
  function alternatives(modelLabels, predicted) {
    const list = Array.isArray(modelLabels) && modelLabels.length ? [...modelLabels] : [...CLAIM_LABELS];
    if (!list.includes('none')) list.push('none');
    return list.filter((label) => label !== predicted);
  }

  return { CLAIM_LABELS, info, percent, summary, isShown, alternatives };
});
