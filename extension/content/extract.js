// Extraction: the article's text as the reader sees it, read from the LIVE DOM, with a map
// from every character sent back to (text node, offset). Pure: it takes a document and
// changes nothing. Offsets are JavaScript string indices, i.e. UTF-16 code units.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).extract = api;
})(globalThis, function () {
  'use strict';

  // Never read: code, form controls, embedded media, and our own card. What belongs to the
  // article is Readability's call (article.js); this reading only leaves out what a reader
  // cannot see.
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BUTTON', 'SELECT', 'OPTION', 'TEXTAREA',
    'INPUT', 'IFRAME', 'SVG', 'CANVAS', 'VIDEO', 'AUDIO', 'OBJECT', 'EMBED', 'HEAD', 'SOURCEMARK-CARD']);
  // Inside the article Readability chose, boxes that are not the story: ads, newsletter and
  // share boxes, comment threads, navigation. Readability drops most of them, but keeps them
  // on short articles (it retries with its cleaning off). Matched as whole words so "header"
  // or "shadow" never count as "ad", and only on boxes holding a small share of the article,
  // so a wrapper that merely carries such a word ("js-social-anchor-start") never costs it.
  const WIDGET_TAGS = new Set(['NAV', 'ASIDE', 'FORM', 'FOOTER', 'DIALOG']);
  const WIDGET_ROLES = new Set(['navigation', 'complementary', 'contentinfo', 'banner', 'dialog', 'alertdialog',
    'search', 'form', 'menu', 'menubar', 'toolbar', 'tablist']);
  const WIDGET_WORDS = new Set(['ad', 'ads', 'advert', 'adverts', 'advertisement', 'advertising', 'adslot', 'adunit',
    'sponsor', 'sponsored', 'promo', 'promotion', 'newsletter', 'signup', 'subscribe', 'subscription', 'paywall',
    'share', 'sharing', 'social', 'comment', 'comments', 'disqus', 'related', 'recommended', 'recirc', 'outbrain',
    'taboola', 'cookie', 'cookies', 'consent', 'popup', 'modal', 'sidebar', 'breadcrumb', 'breadcrumbs', 'toolbar']);
  const WIDGET_SHARE = 0.25;
  const SCREEN_READER_ONLY = new Set(['sr-only', 'visually-hidden', 'visuallyhidden', 'screen-reader-text', 'a11y-hidden']);
  const BLOCK_TAGS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE',
    'FIGURE', 'FIGCAPTION', 'SECTION', 'ARTICLE', 'HEADER', 'MAIN', 'TABLE', 'TR', 'TD', 'TH', 'CAPTION', 'DL', 'DT',
    'DD', 'HR', 'ADDRESS', 'DETAILS', 'SUMMARY']);
  const MIN_SHOWN_CHARS = 40; // main.js's "no article" minimum
  const WHITESPACE = /[ \t\n\r\f]+|[^ \t\n\r\f]+/g;

  function style(el) {
    const view = el.ownerDocument.defaultView;
    return view && view.getComputedStyle ? view.getComputedStyle(el) : null;
  }

  function isScreenReaderOnly(el) {
    const cls = typeof el.className === 'string' ? el.className : '';
    return cls.toLowerCase().split(/\s+/).some((c) => SCREEN_READER_ONLY.has(c));
  }

  // Whether an element (and so its subtree) is left out of the text: not text, or not seen.
  // With ignoreVisibility (the whole page is visibility:hidden, which every element inherits)
  // only display:none counts as not seen.
  function isSkipped(el, cs = style(el), ignoreVisibility = false) {
    if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
    if (el.hidden || el.getAttribute('aria-hidden') === 'true' || isScreenReaderOnly(el)) return true;
    if (!cs) return false;
    return cs.display === 'none' || (!ignoreVisibility && (cs.visibility === 'hidden' || cs.visibility === 'collapse'));
  }

  function looksLikeWidget(el) {
    if (WIDGET_TAGS.has(el.tagName.toUpperCase())) return true;
    const role = el.getAttribute('role');
    if (role && WIDGET_ROLES.has(role.toLowerCase())) return true;
    const names = `${el.id || ''} ${typeof el.className === 'string' ? el.className : ''}`.toLowerCase();
    return names.split(/[^a-z0-9]+/).some((word) => WIDGET_WORDS.has(word));
  }

  function isVisibilityHidden(el) {
    const cs = el && style(el);
    return !!cs && cs.visibility === 'hidden';
  }

  function isBlock(el, cs) {
    if (BLOCK_TAGS.has(el.tagName)) return true;
    const display = cs ? cs.display : '';
    return !!display && !display.startsWith('inline') && display !== 'contents' && display !== 'ruby';
  }

  function preservesWhitespace(el, cs) {
    if (el.tagName === 'PRE') return true;
    return !!cs && /^(pre|pre-wrap|break-spaces)$/.test(cs.whiteSpace || '');
  }

  function outboundHref(el) {
    if (el.tagName !== 'A' || !el.hasAttribute('href')) return null;
    if (el.getAttribute('href').trim().startsWith('#')) return null; // a jump inside the page
    const href = el.href;
    return /^https?:/i.test(href) ? href : null;
  }

  function ancestorsOf(nodes, root) {
    const out = new Set();
    for (const node of nodes) {
      for (let el = node.parentNode; el && el !== root && !out.has(el); el = el.parentNode) out.add(el);
    }
    return out;
  }

  // Walks the subtree and builds {text, pieces, links}; with `keep` (a Set of text nodes),
  // only those text nodes are read, and subtrees holding none are not entered. A piece maps text[start, end) to
  // node.data[nodeStart, nodeEnd): equal lengths, except a collapsed run of whitespace,
  // which is one space in the text and the whole run in the node.
  // With styles: false, computed styles are not read (tags and attributes still count).
  function extractFrom(root, keep = null, { styles = true } = {}) {
    const holders = keep ? ancestorsOf(keep, root) : null;
    let keptChars = 0;
    if (keep) for (const node of keep) keptChars += node.data.length;
    const isWidget = (el) => !!keep && looksLikeWidget(el) && el.textContent.length < WIDGET_SHARE * keptChars;
    // An anti-flicker style that was never lifted (main.js waits for it first) hides nothing.
    const doc = root.ownerDocument;
    const ignoreVisibility = isVisibilityHidden(doc.body) || isVisibilityHidden(doc.documentElement);
    let text = '';
    const pieces = [];
    const links = [];
    let pendingBreak = 0; // line breaks owed before the next visible character
    let pendingSpace = null; // collapsed whitespace owed before the next visible character
    const openLinks = [];

    function addPiece(node, start, end, nodeStart, nodeEnd) {
      const last = pieces[pieces.length - 1];
      const sameLength = end - start === nodeEnd - nodeStart;
      if (last && last.node === node && last.end === start && last.nodeEnd === nodeStart && sameLength
          && last.end - last.start === last.nodeEnd - last.nodeStart) {
        last.end = end;
        last.nodeEnd = nodeEnd;
      } else {
        pieces.push({ start, end, node, nodeStart, nodeEnd });
      }
    }

    function flushBefore() {
      if (pendingBreak && text.length) {
        text += '\n'.repeat(pendingBreak);
      } else if (pendingSpace && text.length) {
        addPiece(pendingSpace.node, text.length, text.length + 1, pendingSpace.from, pendingSpace.to);
        text += ' ';
      }
      pendingBreak = 0;
      pendingSpace = null;
      for (const link of openLinks) if (link.start === null) link.start = text.length;
    }

    function requestBreak(n) {
      pendingBreak = Math.max(pendingBreak, n);
      pendingSpace = null; // whitespace at a block's edge is not shown
    }

    function visitText(node, pre) {
      const data = node.data;
      if (pre) {
        if (!data) return;
        flushBefore();
        addPiece(node, text.length, text.length + data.length, 0, data.length);
        text += data;
        return;
      }
      WHITESPACE.lastIndex = 0;
      let m;
      while ((m = WHITESPACE.exec(data))) {
        const from = m.index;
        const to = from + m[0].length;
        if (/^[ \t\n\r\f]/.test(m[0])) {
          if (!pendingSpace && !pendingBreak) pendingSpace = { node, from, to };
        } else {
          flushBefore();
          addPiece(node, text.length, text.length + (to - from), from, to);
          text += m[0];
        }
      }
    }

    function visit(el, pre) {
      for (let child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          if (!keep || keep.has(child)) visitText(child, pre);
        } else if (child.nodeType === 1) {
          if (child.tagName === 'BR') {
            requestBreak(pendingBreak === 1 ? 2 : 1);
            continue;
          }
          if (holders && !holders.has(child)) continue;
          const cs = styles ? style(child) : null;
          if (isSkipped(child, cs, ignoreVisibility) || isWidget(child)) continue;
          const block = isBlock(child, cs);
          if (block) requestBreak(2);
          const href = outboundHref(child);
          const link = href ? { start: null, href } : null;
          if (link) openLinks.push(link);
          visit(child, pre || preservesWhitespace(child, cs));
          if (link) {
            openLinks.pop();
            if (link.start !== null && text.length > link.start) links.push({ start: link.start, end: text.length, href });
          }
          if (block) requestBreak(2);
        }
      }
    }

    visit(root, preservesWhitespace(root, styles ? style(root) : null));
    return { text, pieces, links };
  }

  // The lowest element holding every node of the set (they are all in one document).
  function commonAncestor(nodes) {
    let anc = null;
    for (const node of nodes) {
      if (!anc) anc = node.parentNode;
      while (anc && !anc.contains(node)) anc = anc.parentNode;
    }
    return anc && anc.nodeType === 1 ? anc : null;
  }

  // Whether the page is hidden as a whole: an anti-flicker snippet hides it until its scripts
  // ran (or a time-out passed); read too early, such a page shows no text at all.
  function isPageHidden(doc) {
    for (const el of [doc.documentElement, doc.body]) {
      const cs = el && style(el);
      if (cs && (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0')) return true;
    }
    return false;
  }

  // The whole extraction. With opts.root, that element's visible text. Otherwise the article
  // Readability finds (article.js), read from the live page: {text, pieces, links, root,
  // found, readerable, title, headline, unmapped}; empty text when there is no article.
  function extract(doc, opts = {}) {
    if (opts.root) return Object.assign(extractFrom(opts.root), { root: opts.root, found: true });
    const article = articleLib().findArticle(doc);
    const root = article.text.length ? commonAncestor(article.text) : null;
    const base = { root, found: !!root, readerable: article.readerable, title: article.title, headline: article.headline,
      unmapped: article.unmapped };
    if (!root) return Object.assign({ text: '', pieces: [], links: [] }, base);
    let ex = extractFrom(root, article.keep);
    // The article is there but none of it shows (a collapsed "read more", a style a script was
    // to lift): better its text, marked where it will show, than nothing.
    if (ex.text.trim().length < MIN_SHOWN_CHARS && article.text.reduce((n, t) => n + t.data.trim().length, 0) >= MIN_SHOWN_CHARS) {
      ex = extractFrom(root, article.keep, { styles: false });
    }
    return Object.assign(ex, base);
  }

  function articleLib() {
    return (globalThis.SourceMark && globalThis.SourceMark.article) || require('./article.js');
  }

  return { extract, extractFrom, isSkipped, isPageHidden, commonAncestor };
});
