// Anchoring: the service's sentence offsets -> places in the live page. Pure: strings and
// the extraction's offset map in, offsets, text-node segments and Ranges out.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).anchor = api;
})(globalThis, function () {
  'use strict';

  function commonSuffix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
    return n;
  }

  function commonPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  // Where a sentence is in `text`: at its offsets when the text there is still quote.exact;
  // otherwise (the page changed since it was sent) the occurrence of quote.exact whose
  // surroundings best match quote.prefix/suffix, the nearest to the old position breaking
  // ties. Null when the exact text is gone: counted as unanchored, never guessed.
  function locate(text, sentence) {
    const quote = sentence.quote || {};
    const exact = typeof quote.exact === 'string' && quote.exact ? quote.exact : sentence.text;
    if (!exact) return null;
    const { start } = sentence;
    if (Number.isInteger(start) && text.slice(start, start + exact.length) === exact) {
      return { start, end: start + exact.length, how: 'offset' };
    }
    const prefix = quote.prefix || '';
    const suffix = quote.suffix || '';
    let best = null;
    for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
      const end = at + exact.length;
      const context = commonSuffix(text.slice(Math.max(0, at - prefix.length), at), prefix)
        + commonPrefix(text.slice(end, end + suffix.length), suffix);
      const distance = Number.isInteger(start) ? Math.abs(at - start) : at;
      if (!best || context > best.context || (context === best.context && distance < best.distance)) {
        best = { start: at, end, context, distance };
      }
    }
    return best && { start: best.start, end: best.end, how: 'quote' };
  }

  // Index of the piece holding text index i (binary search: pieces are in text order).
  function pieceAt(pieces, i) {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = pieces[mid];
      if (i < p.start) hi = mid - 1;
      else if (i >= p.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  function nodeOffset(piece, i, isEnd) {
    const oneToOne = piece.end - piece.start === piece.nodeEnd - piece.nodeStart;
    if (oneToOne) return piece.nodeStart + (i - piece.start);
    return isEnd ? piece.nodeEnd : piece.nodeStart; // a collapsed whitespace run
  }

  // The text-node slices that make up text[start, end): [{node, from, to}], in order,
  // neighbouring slices of one node merged. Separators between blocks belong to no node.
  function segments(pieces, start, end) {
    const out = [];
    let k = pieceAt(pieces, start);
    if (k === -1) k = pieces.findIndex((p) => p.start >= start);
    if (k === -1) return out;
    for (; k < pieces.length && pieces[k].start < end; k++) {
      const p = pieces[k];
      const from = nodeOffset(p, Math.max(start, p.start), false);
      const to = nodeOffset(p, Math.min(end, p.end), true);
      const last = out[out.length - 1];
      if (last && last.node === p.node && last.to === from) last.to = to;
      else if (to > from) out.push({ node: p.node, from, to });
    }
    return out;
  }

  function toRange(doc, pieces, start, end) {
    const segs = segments(pieces, start, end);
    if (!segs.length) return null;
    const range = doc.createRange();
    range.setStart(segs[0].node, segs[0].from);
    range.setEnd(segs[segs.length - 1].node, segs[segs.length - 1].to);
    return range;
  }

  // Anchors every sentence the filter keeps. Returns the anchored items (each with its
  // sentence, text offsets, segments and Range) and how many could not be placed.
  function anchorAll(doc, extraction, sentences, keep = () => true) {
    const items = [];
    let unanchored = 0;
    sentences.forEach((sentence, index) => {
      if (!keep(sentence)) return;
      const at = locate(extraction.text, sentence);
      const segs = at ? segments(extraction.pieces, at.start, at.end) : [];
      if (!at || !segs.length) {
        unanchored++;
        return;
      }
      const range = doc.createRange();
      range.setStart(segs[0].node, segs[0].from);
      range.setEnd(segs[segs.length - 1].node, segs[segs.length - 1].to);
      items.push({ id: index, sentence, label: sentence.label, start: at.start, end: at.end, how: at.how, segments: segs, range });
    });
    return { items, unanchored };
  }

  return { locate, segments, toRange, anchorAll, pieceAt };
});
