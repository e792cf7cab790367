// Analysing again a page that grew (a live blog's new posts): which blocks of the article
// are new since the last analysis, the text to send for them alone, and the answer merged
// with the one already drawn. Pure: strings and plain objects. Offsets are UTF-16 code
// units, like the extraction's. A block is a run of text between blank lines (extract.js
// joins blocks with one), so a post is one or more whole blocks.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).update = api;
})(globalThis, function () {
  'use strict';

  const SEPARATOR = '\n\n';

  // [{start, end, text}] of the blocks of `text`, in order.
  function blocks(text) {
    const out = [];
    const re = /\n{2,}/g;
    let start = 0;
    for (let m = re.exec(text); ; m = re.exec(text)) {
      const end = m ? m.index : text.length;
      if (end > start) out.push({ start, end, text: text.slice(start, end) });
      if (!m) return out;
      start = m.index + m[0].length;
    }
  }

  // Pairs the blocks of the old text with equal blocks of the new one (each used once, the
  // earliest first): {moved: Map old block -> new block, fresh: new blocks with no pair}.
  function compare(oldText, newText) {
    const waiting = new Map();
    for (const b of blocks(oldText)) {
      if (!waiting.has(b.text)) waiting.set(b.text, []);
      waiting.get(b.text).push(b);
    }
    const moved = new Map();
    const fresh = [];
    for (const b of blocks(newText)) {
      const queue = waiting.get(b.text);
      if (queue && queue.length) moved.set(queue.shift(), b);
      else fresh.push(b);
    }
    return { moved, fresh };
  }

  // The text to send for some blocks of an extraction: those blocks joined by blank lines,
  // the links inside them, and `parts` to bring offsets back to the whole text.
  function partial(extraction, chosen) {
    let text = '';
    const parts = [];
    for (const b of chosen) {
      if (text) text += SEPARATOR;
      parts.push({ at: text.length, start: b.start, length: b.end - b.start });
      text += b.text;
    }
    const links = [];
    for (const link of extraction.links || []) {
      const part = parts.find((p) => link.start >= p.start && link.end <= p.start + p.length);
      if (part) links.push({ ...link, start: link.start - part.start + part.at, end: link.end - part.start + part.at });
    }
    return { text, links, parts };
  }

  // A sent offset -> the whole text's offset (an end may sit at its part's end).
  function toWhole(parts, i, isEnd) {
    for (const p of parts) {
      if (i >= p.at && (isEnd ? i <= p.at + p.length : i < p.at + p.length)) return p.start + (i - p.at);
    }
    return null;
  }

  // An old offset -> the new text's offset, through the block that holds it; null when that
  // block is gone.
  function shifted(moved, i, isEnd) {
    for (const [from, to] of moved) {
      if (i >= from.start && (isEnd ? i <= from.end : i < from.end)) return to.start + (i - from.start);
    }
    return null;
  }

  function relocate(sentence, start, end) {
    return start === null || end === null || end <= start ? null : { ...sentence, start, end };
  }

  function countLabels(sentences, keys) {
    const counts = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const s of sentences) if (s.label in counts) counts[s.label]++;
    return counts;
  }

  // The answer for the new text as a whole: the old sentences moved with their blocks (those
  // whose block is gone are dropped), the new ones brought back from the sent text, in order.
  function merge(oldData, oldText, newText, fresh, part) {
    const { moved } = compare(oldText, newText);
    const kept = oldData.sentences.map((s) => relocate(s, shifted(moved, s.start, false), shifted(moved, s.end, true)));
    const added = fresh.sentences.map((s) => relocate(s, toWhole(part.parts, s.start, false), toWhole(part.parts, s.end, true)));
    const sentences = [...kept, ...added].filter(Boolean).sort((a, b) => a.start - b.start);
    return { ...fresh, sentences, counts: countLabels(sentences, Object.keys(fresh.counts || oldData.counts || {})) };
  }

  return { blocks, compare, partial, merge, toWhole };
});
