// The page side's glue: the background calls SourceMark.page.* through scripting.executeScript
// (extract, render, fail, clear, state); this file wires the pure modules to the live page,
// the hover/focus card and the settings. It sets the documented hooks on <html>:
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
  let painter = null;
  let card = null;
  let pending = 0; // requestAnimationFrame id for pointer hit tests
  let listening = false;

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

  // Wrapping splits text nodes, so drawings are always cleared before the DOM is read again.
  function extractLive() {
    if (painter) painter.clear();
    return SM.extract.extract(doc);
  }

  // The server stores at most 1,000 characters of context (the model reads 128 tokens of it):
  // the end of the sentence before and the start of the one after, 480 characters each at most.
  const CONTEXT_SIDE = 480;

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
  }

  function onPointer(event) {
    if (card && card.contains(event.target)) {
      card.cancelHide();
      return;
    }
    const { clientX: x, clientY: y } = event;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const item = painter && painter.hitTest(x, y);
      if (item) getCard().show(item, { left: x, right: x, top: y - 12, bottom: y + 12 });
      else if (card) card.scheduleHide();
    });
  }

  // Keyboard readers (caret browsing, selecting with the keyboard) get the card too.
  function onSelection() {
    const sel = doc.getSelection();
    if (!sel || !sel.focusNode || !painter || (card && card.contains(sel.focusNode))) return;
    const item = painter.itemAt(sel.focusNode, sel.focusOffset);
    if (item) getCard().show(item, item.range.getBoundingClientRect());
  }

  function onKey(event) {
    if (event.key === 'Escape' && card) card.hide();
  }

  function onScroll() {
    if (card && card.current) card.hide();
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
    ext.storage.local.get(null).then((stored) => {
      if (state.status !== 'done') return;
      state.settings = SM.settings ? SM.settings.normalize(stored) : stored;
      draw();
    });
  });

  function summary() {
    return {
      status: state.status,
      counts: state.data ? state.data.counts : null,
      model: state.data ? state.data.model : null,
      drawn: state.items.length,
      unanchored: state.unanchored,
      mode: painter ? painter.mode : null,
      error: state.error,
    };
  }

  SM.page = {
    extract() {
      const ex = extractLive();
      if (ex.text.trim().length < MIN_CHARS) return fail('no_article', 'No article text was found on this page.');
      state.status = 'working';
      state.error = null;
      setHook('working');
      return ok({ text: ex.text, links: ex.links, found: ex.found });
    },
    render(data, settings) {
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
      if (card) card.destroy();
      card = null;
      Object.assign(state, { status: 'idle', data: null, items: [], unanchored: 0, error: null });
      for (const name of ['data-sourcemark', 'data-sourcemark-counts', 'data-sourcemark-error']) html.removeAttribute(name);
      return ok(summary());
    },
    state() {
      return ok(summary());
    },
  };
})();
