// A clone of the live document that a library may take apart (Readability does), and an
// exact way back: for every text node of the clone, the live text node it was copied from.
// Pure: the live document is read, never changed.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).cloneMap = api;
})(globalThis, function () {
  'use strict';

  // cloneNode(true) copies the tree node for node, so the text nodes of the original and of
  // its copy, in document order, pair up one for one. Only text nodes are recorded: they are
  // what the extraction reads, and moving or renaming elements (what Readability does) keeps
  // them. (Template contents and shadow roots are neither copied nor walked.)
  function pairTexts(original, copy, liveOf, map) {
    const a = (original.ownerDocument || original).createTreeWalker(original, 4 /* SHOW_TEXT */);
    const b = (copy.ownerDocument || copy).createTreeWalker(copy, 4);
    for (let x = a.nextNode(), y = b.nextNode(); x && y; x = a.nextNode(), y = b.nextNode()) map.set(y, liveOf(x));
  }

  // Readability retries with looser rules by saving `body.innerHTML` and assigning it back,
  // which would re-parse the page into nodes that are nobody's copy. On this clone's body
  // the getter also keeps a node snapshot, and assigning the very string it returned puts a
  // mapped copy of that snapshot back instead: the same tree, with its way home. Any other
  // assignment behaves as usual (its text then simply has no live node).
  function keepIdentityAcrossInnerHTML(body, map) {
    const proto = Object.getPrototypeOf(body);
    let desc = null;
    for (let p = proto; p && !desc; p = Object.getPrototypeOf(p)) desc = Object.getOwnPropertyDescriptor(p, 'innerHTML');
    if (!desc || !desc.get || !desc.set) return;
    let saved = null; // { html, snapshot }
    Object.defineProperty(body, 'innerHTML', {
      configurable: true,
      get() {
        const html = desc.get.call(this);
        const snapshot = this.cloneNode(true);
        pairTexts(this, snapshot, (n) => map.get(n), map);
        saved = { html, snapshot };
        return html;
      },
      set(value) {
        if (!saved || value !== saved.html) {
          desc.set.call(this, value);
          return;
        }
        const copy = saved.snapshot.cloneNode(true);
        pairTexts(saved.snapshot, copy, (n) => map.get(n), map);
        this.replaceChildren(...copy.childNodes);
      },
    });
  }

  // {clone, liveOf(cloneTextNode) -> live text node or null}.
  function cloneWithMap(doc) {
    const clone = doc.cloneNode(true);
    const map = new Map();
    pairTexts(doc, clone, (n) => n, map);
    try {
      if (clone.body) keepIdentityAcrossInnerHTML(clone.body, map);
    } catch (_) {
      // An engine that refuses the accessor: a retry's text then simply has no live node.
    }
    return { clone, liveOf: (node) => map.get(node) || null };
  }

  return { cloneWithMap, pairTexts };
});
