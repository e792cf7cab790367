// Which of the live page's text nodes make up the article: Mozilla Readability (the engine
// of Firefox Reader View, lib/vendor/) picks it on a clone of the document, and the clone's
// text nodes lead back to the live ones (clone-map.js). The headline is added back (it is a
// claim; Readability reports it apart), the byline stays out (Readability takes it out).
// Pure: the live document is read, never changed.
(function (root, factory) {
  const api = factory(root);
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).article = api;
})(globalThis, function (root) {
  'use strict';
  const load = (name, file) => root[name] || require(file);
  const Readability = load('Readability', '../lib/vendor/Readability.js');
  const isProbablyReaderable = load('isProbablyReaderable', '../lib/vendor/Readability-readerable.js');
  const cloneMap = (root.SourceMark && root.SourceMark.cloneMap) || require('./clone-map.js');

  // A heading states the title when nearly all its words are the title's (a <title> adds
  // the site's name, "Headline | Courier", which can be as long as the headline) and it
  // holds a fair part of the title (a one-word "Opinion" heading does not).
  const HEADING_IN_TITLE = 0.75;
  const TITLE_IN_HEADING = 0.4;

  function words(s) {
    return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
  }

  function share(part, whole) {
    const inWhole = new Set(whole);
    return part.length ? part.filter((w) => inWhole.has(w)).length / part.length : 0;
  }

  function statesTitle(title, heading) {
    const t = words(title);
    const h = words(heading);
    return share(h, t) >= HEADING_IN_TITLE && share(t, h) >= TITLE_IN_HEADING;
  }

  function textNodes(el) {
    const out = [];
    const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
    return out;
  }

  // Whether the element is rendered (pages often keep a display:none copy of their headline).
  // <html> and <body> are left aside, and so is visibility: an anti-flicker style hides the
  // whole page for a while.
  function isShown(el) {
    const doc = el.ownerDocument;
    const view = doc.defaultView;
    for (let cur = el; cur && cur !== doc.body && cur !== doc.documentElement; cur = cur.parentElement) {
      if (cur.hidden) return false;
      const cs = view && view.getComputedStyle ? view.getComputedStyle(cur) : null;
      if (cs && cs.display === 'none') return false;
    }
    return true;
  }

  // The live heading that states Readability's title: the first shown <h1> (else <h2>, <h3>)
  // like it that comes before the article's last kept text (above the article or in it;
  // Readability drops a heading that repeats the title).
  function findHeadline(doc, title, lastKept) {
    if (!title || !doc.body) return null;
    for (const tag of ['h1', 'h2', 'h3']) {
      for (const h of doc.body.getElementsByTagName(tag)) {
        if (!(h.compareDocumentPosition(lastKept) & 4 /* FOLLOWING */)) break; // past the article
        if (statesTitle(title, h.textContent) && isShown(h)) return h;
      }
    }
    return null;
  }

  // {keep: Set of live text nodes, text: those of them with more than whitespace, headline:
  //  live element or null, title, readerable, unmapped: kept clone text nodes with no live
  //  node (counted, never guessed)}. keep is empty when Readability finds no article.
  function findArticle(doc) {
    const readerable = isProbablyReaderable(doc);
    const { clone, liveOf } = cloneMap.cloneWithMap(doc);
    // Readability swaps a javascript: link with a single text child for a new text node, which
    // is no live node's copy. Any other address keeps the link (and its text node); one that
    // does not start with "#" weighs the same in Readability's link density.
    for (const a of clone.querySelectorAll('a[href^="javascript:"]')) a.setAttribute('href', 'about:blank');
    let parsed = null;
    try {
      parsed = new Readability(clone, { serializer: (el) => el }).parse();
    } catch (_) {
      parsed = null; // a page too large for it (maxElemsToParse) or an engine quirk: no article
    }
    const keep = new Set();
    const text = [];
    let unmapped = 0;
    if (parsed && parsed.content) {
      for (const node of textNodes(parsed.content)) {
        const live = liveOf(node);
        const blank = !/[^ \t\n\r\f]/.test(node.data);
        if (live) {
          keep.add(live);
          if (!blank) text.push(live);
        } else if (!blank) unmapped++;
      }
    }
    let headline = null;
    if (text.length) {
      // Readability may move blocks about; the last kept text in page order bounds the search.
      const last = text.reduce((a, b) => (a.compareDocumentPosition(b) & 4 /* FOLLOWING */ ? b : a));
      headline = findHeadline(doc, parsed.title, last);
      if (headline) {
        for (const n of textNodes(headline)) {
          if (keep.has(n)) continue;
          keep.add(n);
          text.push(n);
        }
      }
    }
    return { keep, text, headline, title: parsed ? parsed.title || '' : '', readerable, unmapped };
  }

  return { findArticle, findHeadline, statesTitle };
});
