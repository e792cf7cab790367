// The keyboard path through the marks: which key means what, the order of the marked
// sentences, and where focus goes and comes back to. Highlights are not elements, so Tab
// cannot reach them; these keys (and the manifest's commands, which call the same steps)
// can. Pure: events, ranges and documents in, decisions out; main.js does the moving.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).keyboard = api;
})(globalThis, function () {
  'use strict';

  // Alt+Shift+J / Alt+Shift+K (next/previous, as in many web readers), matched on the
  // physical key (event.code): on a Mac, Option turns the character into "Ô" or "",
  // and other layouts move letters around. Chromium leaves Alt+Shift+N and Alt+Shift+P
  // unassigned as suggested command keys (they clash with its own), so they were not used.
  const KEYS = { KeyJ: 'next', KeyK: 'previous' };
  const SHORTCUTS = { next: 'Alt+Shift+J', previous: 'Alt+Shift+K' };

  // 'next' | 'previous' | 'close' | null for a keydown event.
  function actionFor(event) {
    if (!event) return null;
    if (event.key === 'Escape' && !event.altKey && !event.ctrlKey && !event.metaKey) return 'close';
    if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) return KEYS[event.code] || null;
    return null;
  }

  // The live extent of a drawn item. Wrapping moves text nodes into <sourcemark-hl>
  // elements, which collapses the anchored Range, so there the wrappers are the truth.
  function rangeOf(item) {
    const w = item.wrappers;
    if (!w || !w.length || !w[0].isConnected) return item.range;
    const range = w[0].ownerDocument.createRange();
    range.setStartBefore(w[0]);
    range.setEndAfter(w[w.length - 1]);
    return range;
  }

  // Drawn items in reading order (the service's order is the text's order, but a re-found
  // sentence of a changed page may sit elsewhere).
  function inDocumentOrder(items) {
    const ranges = new Map(items.map((item) => [item, rangeOf(item)]));
    return [...items].sort((a, b) => {
      const [ra, rb] = [ranges.get(a), ranges.get(b)];
      return ra === rb ? 0 : ra.compareBoundaryPoints(ra.START_TO_START, rb);
    });
  }

  // The item after (or before) `current`, wrapping round at the ends. With no current item,
  // `next` starts at the first sentence whose top is at or below `fromY` (what the reader is
  // looking at), `previous` at the last one above it.
  function step(items, current, direction, fromY = 0) {
    if (!items.length) return null;
    const at = current ? items.indexOf(current) : -1;
    const dir = direction === 'previous' ? -1 : 1;
    if (at >= 0) return items[(at + dir + items.length) % items.length];
    const tops = items.map((item) => {
      const rect = rangeOf(item).getBoundingClientRect();
      return rect ? rect.top : 0;
    });
    if (dir > 0) {
      const i = tops.findIndex((top) => top >= fromY);
      return items[i >= 0 ? i : 0];
    }
    for (let i = items.length - 1; i >= 0; i--) if (tops[i] < fromY) return items[i];
    return items[items.length - 1];
  }

  // The element that really holds focus, through open shadow roots; null when nothing
  // but the document body does.
  function deepActiveElement(doc) {
    let el = doc.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el && el !== doc.body && el !== doc.documentElement ? el : null;
  }

  // Back to where the reader was, without scrolling away from the sentence they read.
  function restoreFocus(doc, el) {
    if (el && el.isConnected && typeof el.focus === 'function') {
      el.focus({ preventScroll: true });
      return true;
    }
    const active = doc.activeElement;
    if (active && active !== doc.body && typeof active.blur === 'function') active.blur();
    return false;
  }

  return { actionFor, rangeOf, inDocumentOrder, step, deepActiveElement, restoreFocus, SHORTCUTS };
});
