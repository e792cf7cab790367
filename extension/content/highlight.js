// Drawing and clearing highlights. The CSS Custom Highlight API paints ranges without
// touching the page's DOM; where it is missing, sentences are wrapped in <sourcemark-hl>
// elements and clearing puts every text node back exactly as it was (same node objects,
// same data), so page scripts holding references keep working.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).highlight = api;
})(globalThis, function () {
  'use strict';

  const PREFIX = 'sourcemark-';
  const WRAP_TAG = 'sourcemark-hl';

  function hasHighlightApi(win) {
    return !!(win && win.CSS && win.CSS.highlights && typeof win.Highlight === 'function');
  }

  function contains(rect, x, y) {
    return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
  }

  // Highlight API painter: one Highlight per label, registered under our own names only.
  function apiPainter(win) {
    let names = [];
    let items = [];
    return {
      mode: 'highlight-api',
      draw(list) {
        this.clear();
        items = list;
        const byLabel = new Map();
        for (const item of list) {
          if (!byLabel.has(item.label)) byLabel.set(item.label, []);
          byLabel.get(item.label).push(item.range);
        }
        for (const [label, ranges] of byLabel) {
          const name = PREFIX + label;
          win.CSS.highlights.set(name, new win.Highlight(...ranges));
          names.push(name);
        }
      },
      clear() {
        for (const name of names) win.CSS.highlights.delete(name);
        names = [];
        items = [];
      },
      // Hover cards: which drawn sentence is under the pointer (ranges have no events).
      hitTest(x, y) {
        for (const item of items) {
          for (const rect of item.range.getClientRects()) if (contains(rect, x, y)) return item;
        }
        return null;
      },
      // Keyboard readers: the sentence holding the caret or selection focus.
      itemAt(node, offset) {
        return items.find((item) => item.range.isPointInRange(node, offset)) || null;
      },
    };
  }

  // Wrapping painter. Segments are split from the end of each node backwards, so offsets of
  // the earlier segments of the same node stay valid while the later ones are cut off.
  function wrapPainter(doc) {
    let records = []; // {original, data, created: [text nodes made by splitText]}
    let wrappers = [];
    let items = [];

    function recordFor(node, byNode) {
      if (!byNode.has(node)) {
        const rec = { original: node, data: node.data, created: [] };
        byNode.set(node, rec);
        records.push(rec);
      }
      return byNode.get(node);
    }

    return {
      mode: 'wrap',
      draw(list) {
        this.clear();
        items = list;
        const byNode = new Map();
        const jobsByNode = new Map();
        for (const item of list) {
          for (const seg of item.segments) {
            if (!jobsByNode.has(seg.node)) jobsByNode.set(seg.node, []);
            jobsByNode.get(seg.node).push({ item, seg });
          }
        }
        for (const [node, jobs] of jobsByNode) {
          const rec = recordFor(node, byNode);
          jobs.sort((a, b) => b.seg.from - a.seg.from);
          for (const { item, seg } of jobs) {
            if (seg.to < node.data.length) rec.created.push(node.splitText(seg.to));
            const middle = seg.from > 0 ? node.splitText(seg.from) : node;
            if (middle !== node) rec.created.push(middle);
            const wrapper = doc.createElement(WRAP_TAG);
            wrapper.setAttribute('data-label', item.label);
            wrapper.setAttribute('data-id', String(item.id));
            middle.parentNode.insertBefore(wrapper, middle);
            wrapper.appendChild(middle);
            wrappers.push(wrapper);
            (item.wrappers || (item.wrappers = [])).push(wrapper);
          }
        }
      },
      clear() {
        for (const wrapper of wrappers) {
          if (!wrapper.parentNode) continue;
          while (wrapper.firstChild) wrapper.parentNode.insertBefore(wrapper.firstChild, wrapper);
          wrapper.remove();
        }
        for (const rec of records) {
          for (const node of rec.created) node.remove();
          rec.original.data = rec.data;
        }
        for (const item of items) delete item.wrappers;
        records = [];
        wrappers = [];
        items = [];
      },
      hitTest(x, y) {
        const el = doc.elementFromPoint ? doc.elementFromPoint(x, y) : null;
        return el ? this.itemAt(el) : null;
      },
      itemAt(node) {
        const el = node && (node.nodeType === 1 ? node : node.parentElement);
        const wrapper = el && el.closest ? el.closest(WRAP_TAG) : null;
        if (!wrapper) return null;
        return items.find((item) => String(item.id) === wrapper.getAttribute('data-id')) || null;
      },
    };
  }

  function createPainter(win, opts = {}) {
    return !opts.forceWrap && hasHighlightApi(win) ? apiPainter(win) : wrapPainter(win.document);
  }

  return { createPainter, hasHighlightApi, PREFIX, WRAP_TAG };
});
