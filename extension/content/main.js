// The page side's glue: the background calls SourceMark.page.* through scripting.executeScript
// (extract, render, fail, clear, state, and step/reveal for the keyboard path); this file
// wires the pure modules to the live page, the hover/focus card, the keys, the palette and
// the settings. It sets the documented hooks on <html>:
// data-sourcemark = working | done | error, data-sourcemark-counts (JSON) when done.
(function () {
  'use strict';
  const SM = globalThis.SourceMark;
  if (SM.page) return; // injected again into the same page: the first copy keeps the state
  const ext = globalThis.browser || globalThis.chrome;
  const { ok, fail } = SM.result;
  const doc = document;
  const html = doc.documentElement;
  const MIN_CHARS = 40; // less than a sentence or two is not an article

  const state = { status: 'idle', data: null, settings: null, items: [], unanchored: 0, error: null };
  // What the drawn answer is about: the page address and the whole text it was given for; and
  // the extraction in flight ({text, part}: part is set when only new blocks were sent).
  let analysed = { url: null, text: null };
  let pending = null;
  let painter = null;
  let card = null;
  let frame = 0; // requestAnimationFrame id for pointer hit tests
  let listening = false;
  const nav = { cursor: null, returnTo: null, sheet: null, palette: null }; // keyboard path, page palette

  function getPainter() {
    if (!painter) painter = SM.highlight.createPainter(window, { forceWrap: !!(SM.options && SM.options.forceWrap) });
    return painter;
  }

  function setHook(status, attrs = {}) {
    html.setAttribute('data-sourcemark', status);
    for (const name of ['data-sourcemark-counts', 'data-sourcemark-error']) {
      if (name in attrs) html.setAttribute(name, attrs[name]);
      else html.removeAttribute(name);
    }
  }

  // Wrapping splits text nodes, so wrapped drawings are cleared before the DOM is read again;
  // the Highlight API changes no node, so its drawings stay up while a live blog is re-read.
  function extractLive() {
    if (painter && painter.mode !== 'highlight-api') painter.clear();
    return SM.extract.extract(doc);
  }

  // The server stores at most 1,000 characters of context (the model reads 128 tokens of it):
  // the end of the sentence before and the start of the one after, 480 characters each at most.
  const CONTEXT_SIDE = 480;

  // The address without its #fragment: a jump inside the article is the same page.
  const pageOf = (url) => String(url).split('#')[0];

  // Another page of a single-page app (history.pushState): nothing drawn for the old one stays.
  function forgetIfNavigated() {
    if (!analysed.url || pageOf(analysed.url) === pageOf(location.href)) return false;
    SM.page.clear();
    return true;
  }

  function context(index) {
    const list = state.data.sentences;
    const before = index > 0 ? list[index - 1].text.slice(-CONTEXT_SIDE) : '';
    const after = index + 1 < list.length ? list[index + 1].text.slice(0, CONTEXT_SIDE) : '';
    return `${before} [...] ${after}`.trim();
  }

  function getCard() {
    if (!card) {
      card = SM.card.createCard(doc, {
        choices: (item) => SM.labels.alternatives(state.data.model.labels, item.sentence.label),
        onFeedback: (item, label) => ext.runtime.sendMessage({
          type: 'feedback',
          payload: {
            text: item.sentence.text, label, predicted: item.sentence.label,
            model_version: String(state.data.model.version), context: context(item.id),
          },
        }).catch((err) => SM.result.fromError(err, 'extension_error')),
      });
    }
    return card;
  }

  // Anchors every claim (so unanchored ones are counted whatever the filters), draws the
  // ones the settings show.
  function draw() {
    const extraction = extractLive();
    const claims = (s) => SM.labels.CLAIM_LABELS.includes(s.label);
    const { items, unanchored } = SM.anchor.anchorAll(doc, extraction, state.data.sentences, claims);
    state.items = items.filter((item) => SM.labels.isShown(item.sentence, state.settings));
    state.unanchored = unanchored;
    if (card) card.hide();
    try {
      getPainter().draw(state.items);
    } catch (err) {
      // A Highlight API that exists but refuses our ranges (an engine quirk) must not cost
      // the reader the highlights: fall back to wrapping for this page.
      if (painter.mode !== 'highlight-api') throw err;
      painter.clear();
      painter = SM.highlight.createPainter(window, { forceWrap: true });
      painter.draw(state.items);
    }
    applyPalette();
  }

  // Colours from the background the marked sentences really sit on (palette.js).
  function applyPalette() {
    const P = SM.palette;
    const elements = state.items.slice(0, 50).map((item) => {
      const node = item.range.startContainer;
      return node.nodeType === 1 ? node : node.parentElement;
    });
    nav.palette = P.paletteFor(P.pageBackground(elements.length ? elements : [doc.body || html]));
    nav.sheet = P.adopt(doc, nav.palette, nav.sheet);
    getCard().setPalette(P.swatchVars(nav.palette), nav.palette.tone);
  }

  // Keyboard path: scroll the sentence into view, select it (the reader's own selection
  // colour outlines it), open its card with focus inside. Focus returns on Escape.
  function reveal(item) {
    const c = getCard();
    if (!c.hasFocus()) nav.returnTo = SM.keyboard.deepActiveElement(doc);
    nav.cursor = item;
    const range = SM.keyboard.rangeOf(item);
    const start = range.startContainer.childNodes[range.startOffset] || range.startContainer;
    const el = start.nodeType === 1 ? start : start.parentElement;
    if (el && el.scrollIntoView) el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const sel = doc.getSelection();
    if (sel) {
      sel.removeAllRanges();
      sel.addRange(range.cloneRange());
    }
    c.show(item, range.getBoundingClientRect(), { focus: true });
    return ok({ id: item.id, label: item.label });
  }

  function step(direction) {
    const list = SM.keyboard.inDocumentOrder(state.items);
    const cursor = list.includes(nav.cursor) ? nav.cursor : null;
    const item = SM.keyboard.step(list, cursor, direction);
    return item ? reveal(item) : fail('nothing_marked', 'No sentence is marked on this page.');
  }

  function closeCard() {
    const hadFocus = card.hasFocus();
    card.hide();
    if (hadFocus) SM.keyboard.restoreFocus(doc, nav.returnTo);
    nav.returnTo = null;
  }

  function onPointer(event) {
    if (card && (card.contains(event.target) || card.held())) {
      card.cancelHide();
      return;
    }
    const { clientX: x, clientY: y } = event;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const item = painter && painter.hitTest(x, y);
      if (item) getCard().show(item, { left: x, right: x, top: y - 12, bottom: y + 12 });
      else if (card) card.scheduleHide();
    });
  }

  // Keyboard readers (caret browsing, selecting with the keyboard) get the card too.
  function onSelection() {
    const sel = doc.getSelection();
    if (!sel || !sel.focusNode || !painter || (card && (card.contains(sel.focusNode) || card.held()))) return;
    const item = painter.itemAt(sel.focusNode, sel.focusOffset);
    if (item) getCard().show(item, item.range.getBoundingClientRect());
  }

  function onKey(event) {
    const action = SM.keyboard.actionFor(event);
    if (action === 'close' && card && card.current) {
      closeCard();
    } else if ((action === 'next' || action === 'previous') && state.items.length) {
      event.preventDefault();
      event.stopPropagation();
      step(action);
    }
  }

  function onScroll() {
    if (!card || !card.current) return;
    if (card.held()) card.place(SM.keyboard.rangeOf(card.current).getBoundingClientRect());
    else card.hide();
  }

  function listen(on) {
    if (on === listening) return;
    listening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    doc[method]('mousemove', onPointer, { capture: true, passive: true });
    doc[method]('selectionchange', onSelection);
    doc[method]('keydown', onKey, true);
    window[method]('scroll', onScroll, { capture: true, passive: true });
  }

  // The popup's toggles and sensitivity change storage; the page follows without a new request.
  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || state.status !== 'done') return;
    if (!('show' in changes) && !('minConfidence' in changes)) return; // nothing drawn depends on the rest
    ext.storage.local.get(SM.settings.DISPLAY_KEYS).then((stored) => {
      if (state.status !== 'done' || forgetIfNavigated()) return;
      state.settings = SM.settings.display(stored);
      draw();
    });
  });

  // The marked sentences, in reading order, for the popup's list.
  function marks() {
    return SM.keyboard.inDocumentOrder(state.items).map((item) => ({
      id: item.id, label: item.label, text: item.sentence.text, confidence: item.sentence.confidence,
    }));
  }

  function summary() {
    return {
      status: state.status,
      counts: state.data ? state.data.counts : null,
      model: state.data ? state.data.model : null,
      drawn: state.items.length,
      unanchored: state.unanchored,
      mode: painter ? painter.mode : null,
      error: state.error,
      marks: marks(),
      palette: nav.palette ? { background: nav.palette.background, tone: nav.palette.tone } : null,
    };
  }

  // Anti-flicker snippets hide the page until their scripts ran, 4 s at most (Google
  // Optimize's default); the reading after that ignores a hiding that was never lifted.
  async function whenVisible(timeoutMs = 4000) {
    const until = Date.now() + timeoutMs;
    while (SM.extract.isPageHidden(doc) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  SM.page = {
    // The text to send. Analysed again after the page grew (a live blog's new posts), only the
    // new blocks are sent and the drawn ones stay; otherwise the whole article.
    async extract() {
      await whenVisible();
      forgetIfNavigated();
      const ex = extractLive();
      if (ex.text.trim().length < MIN_CHARS) return fail('no_article', 'No article text was found on this page.');
      let send = ex;
      pending = { text: ex.text, part: null };
      if (state.status === 'done' && analysed.text !== null) {
        const { fresh } = SM.update.compare(analysed.text, ex.text);
        if (fresh.length && fresh.length < SM.update.blocks(ex.text).length) send = pending.part = SM.update.partial(ex, fresh);
      }
      analysed.url = location.href;
      state.status = 'working';
      state.error = null;
      setHook('working');
      return ok({ text: send.text, links: send.links, found: ex.found, partial: !!pending.part });
    },
    render(answer, settings) {
      let data = answer;
      if (pending && pending.part && state.data) data = SM.update.merge(state.data, analysed.text, pending.text, answer, pending.part);
      analysed.text = pending ? pending.text : null;
      pending = null;
      state.data = data;
      state.settings = settings;
      draw();
      state.status = 'done';
      setHook('done', { 'data-sourcemark-counts': JSON.stringify(data.counts) });
      listen(true);
      return ok(summary());
    },
    fail(error) {
      if (painter) painter.clear();
      state.status = 'error';
      state.error = error;
      state.items = [];
      setHook('error', { 'data-sourcemark-error': error.code });
      getCard().notice(error.message);
      return ok(summary());
    },
    // Leaves the page exactly as it was: drawings, card, listeners and hook attributes go.
    clear() {
      listen(false);
      if (painter) painter.clear();
      SM.palette.unadopt(doc, nav.sheet);
      Object.assign(nav, { cursor: null, returnTo: null, sheet: null, palette: null });
      if (card) card.destroy();
      card = null;
      Object.assign(state, { status: 'idle', data: null, items: [], unanchored: 0, error: null });
      analysed = { url: null, text: null };
      pending = null;
      for (const name of ['data-sourcemark', 'data-sourcemark-counts', 'data-sourcemark-error']) html.removeAttribute(name);
      return ok(summary());
    },
    state() {
      return ok(summary());
    },
    // The commands (next-claim, previous-claim) and the popup's list.
    step(direction) {
      if (state.status !== 'done') return fail('not_analysed', 'SourceMark has not analysed this page yet.');
      return step(direction === 'previous' ? 'previous' : 'next');
    },
    reveal(id) {
      const item = state.items.find((it) => it.id === id);
      return item ? reveal(item) : fail('not_found', 'That sentence is not marked on the page any more.');
    },
    // The tab's address changed (the background hears of history.pushState): clears what was
    // drawn when it was another page.
    navigated() {
      forgetIfNavigated();
      return ok(summary());
    },
  };
})();
