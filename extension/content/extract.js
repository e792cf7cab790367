// Extraction: the article's text as the reader sees it, read from the LIVE DOM, with a map
// from every character sent back to (text node, offset). Pure: it takes a document and
// changes nothing. Offsets are JavaScript string indices, i.e. UTF-16 code units.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).extract = api;
})(globalThis, function () {
  'use strict';

  // Never part of an article: code, chrome, forms and embedded media.
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'ASIDE', 'FORM', 'BUTTON',
    'SELECT', 'OPTION', 'TEXTAREA', 'INPUT', 'LABEL', 'IFRAME', 'SVG', 'CANVAS', 'VIDEO', 'AUDIO', 'OBJECT',
    'EMBED', 'MAP', 'DIALOG', 'FOOTER', 'HEAD', 'MATH', 'SOURCEMARK-CARD']);
  const SKIP_ROLES = new Set(['navigation', 'complementary', 'contentinfo', 'banner', 'dialog', 'alertdialog',
    'search', 'form', 'menu', 'menubar', 'toolbar', 'tablist', 'button']);
  // Class/id words of ads, comment widgets, share bars and recirculation boxes. Matched as
  // whole words so "header" or "shadow" never count as "ad".
  const BOILERPLATE = new Set(['ad', 'ads', 'advert', 'adverts', 'advertisement', 'advertising', 'adslot', 'adunit',
    'sponsor', 'sponsored', 'promo', 'promotion', 'newsletter', 'signup', 'subscribe', 'subscription', 'paywall',
    'share', 'sharing', 'social', 'comment', 'comments', 'disqus', 'related', 'recommended', 'recirc', 'outbrain',
    'taboola', 'cookie', 'cookies', 'consent', 'popup', 'modal', 'sidebar', 'breadcrumb', 'breadcrumbs', 'toolbar']);
  const SCREEN_READER_ONLY = new Set(['sr-only', 'visually-hidden', 'visuallyhidden', 'screen-reader-text', 'a11y-hidden']);
  const BLOCK_TAGS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE',
    'FIGURE', 'FIGCAPTION', 'SECTION', 'ARTICLE', 'HEADER', 'MAIN', 'TABLE', 'TR', 'TD', 'TH', 'CAPTION', 'DL', 'DT',
    'DD', 'HR', 'ADDRESS', 'DETAILS', 'SUMMARY']);
  const WHITESPACE = /[ \t\n\r\f]+|[^ \t\n\r\f]+/g;

  function style(el) {
    const view = el.ownerDocument.defaultView;
    return view && view.getComputedStyle ? view.getComputedStyle(el) : null;
  }

  function isBoilerplate(el) {
    const words = `${el.id || ''} ${typeof el.className === 'string' ? el.className : ''}`.toLowerCase();
    for (const cls of words.split(/\s+/)) {
      if (SCREEN_READER_ONLY.has(cls)) return true;
      for (const word of cls.split(/[^a-z0-9]+/)) if (BOILERPLATE.has(word)) return true;
    }
    return false;
  }

  // Whether an element (and so its subtree) is left out of the article's text.
  function isSkipped(el, root, cs = style(el)) {
    if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
    if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
    const role = el.getAttribute('role');
    if (role && SKIP_ROLES.has(role.toLowerCase())) return true;
    if (el.tagName === 'HEADER' && el.parentElement === el.ownerDocument.body) return true;
    if (el !== root && isBoilerplate(el)) return true;
    return !!cs && (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse');
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

  // Walks the subtree and builds {text, pieces, links}. A piece maps text[start, end) to
  // node.data[nodeStart, nodeEnd): equal lengths, except a collapsed run of whitespace,
  // which is one space in the text and the whole run in the node.
  function extractFrom(root) {
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
          visitText(child, pre);
        } else if (child.nodeType === 1) {
          if (child.tagName === 'BR') {
            requestBreak(pendingBreak === 1 ? 2 : 1);
            continue;
          }
          const cs = style(child);
          if (isSkipped(child, root, cs)) continue;
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

    visit(root, preservesWhitespace(root, style(root)));
    return { text, pieces, links };
  }

  // --- Choosing the article root on the live DOM. Readability parses a clone, whose nodes are
  // not the page's; this is a small scoring of our own in the same spirit.

  const TEXT_BLOCKS = 'p, pre, blockquote, li, td, dd';
  const MIN_BLOCK_CHARS = 25;
  const MIN_ARTICLE_WEIGHT = 200;
  const MAIN_SHARE = 0.7; // the article holds at least this share of the page's prose
  const WIDEN_LIMIT = 1.5; // widening to the headline may add a standfirst, not a second story

  // Whether a block sits inside something left out (a comment thread, an ad). The answer is
  // remembered for every element on the way up, so scoring a page stays linear.
  function excludedFrom(el, body, memo) {
    const path = [];
    let answer = false;
    for (let cur = el; cur && cur !== body; cur = cur.parentElement) {
      if (memo.has(cur)) {
        answer = memo.get(cur);
        break;
      }
      path.push(cur);
      if (isSkipped(cur, null)) {
        answer = true;
        break;
      }
    }
    for (const cur of path) memo.set(cur, answer);
    return answer;
  }

  function linkedChars(el) {
    let n = 0;
    for (const a of el.querySelectorAll('a')) n += a.textContent.length;
    return n;
  }

  // Prose weight of every element: the characters of the readable, unlinked text blocks it holds.
  function proseWeights(body) {
    const weights = new Map();
    const memo = new Map();
    for (const block of body.querySelectorAll(TEXT_BLOCKS)) {
      if (block.parentElement && block.parentElement.closest(TEXT_BLOCKS)) continue; // counted once, by the outer block
      const len = block.textContent.trim().length;
      if (len < MIN_BLOCK_CHARS || excludedFrom(block, body, memo)) continue;
      const weight = Math.max(0, len - linkedChars(block));
      for (let cur = block; cur; cur = cur.parentElement) weights.set(cur, (weights.get(cur) || 0) + weight);
    }
    return weights;
  }

  // The article is the smallest element holding most of the page's prose (for a live blog,
  // the feed of all posts), widened to its headline or <article> when that adds no other prose.
  function findArticleRoot(doc) {
    const body = doc.body;
    if (!body) return null;
    const weights = proseWeights(body);
    const total = weights.get(body) || 0;
    if (total < MIN_ARTICLE_WEIGHT) return null;
    let root = body;
    for (;;) {
      const next = [...root.children].find((child) => (weights.get(child) || 0) >= MAIN_SHARE * total);
      if (!next || next.matches(TEXT_BLOCKS)) break; // a root holds blocks; it is never one paragraph
      root = next;
    }
    if (root === body) return null;
    const own = weights.get(root);
    for (let cur = root; cur && cur !== body && (weights.get(cur) || 0) <= own * WIDEN_LIMIT; cur = cur.parentElement) {
      if (cur.tagName === 'ARTICLE' || cur.querySelector('h1')) return cur;
    }
    return root;
  }

  // The whole extraction: the article root (the body when none is found) and its text.
  function extract(doc, opts = {}) {
    const root = opts.root || findArticleRoot(doc) || doc.body;
    if (!root) return { text: '', pieces: [], links: [], root: null, found: false };
    const found = root !== doc.body;
    return Object.assign(extractFrom(root), { root, found });
  }

  return { extract, extractFrom, findArticleRoot, isSkipped, isBoilerplate };
});
