// The hover/focus card and the error notice. Both live in one shadow root on a single host
// element, so page styles cannot reach them and removing the host removes every trace.
// Text from the page and the service goes in through textContent only, never as HTML.
// Opened from the keyboard, the card takes focus (a dialog named by its label and described
// by its confidence and cue, so screen readers announce it), stays open while it holds
// focus, and closes when focus leaves it. Its look follows the page's tone (palette.js), so
// the swatch is drawn exactly like the mark on the page.
(function (root, factory) {
  const isNode = typeof module === 'object' && module.exports;
  const labels = isNode ? require('../lib/labels.js') : root.SourceMark.labels;
  const api = factory(labels);
  if (isNode) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).card = api;
})(globalThis, function (labels) {
  'use strict';

  const HOST_TAG = 'sourcemark-card';
  const HIDE_DELAY_MS = 250;
  const CHOICE_NAMES = { none: 'Not a claim' };

  const CSS = `
    :host { all: initial; }
    .card, .notice { position: fixed; z-index: 2147483647; box-sizing: border-box; max-width: 22rem;
      font: 14px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #fff; border: 1px solid #bbb;
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: .6rem .75rem; }
    .card[hidden], .notice[hidden], .choices[hidden] { display: none; }
    .title { font-weight: 600; margin: 0 0 .25rem; display: flex; gap: .4rem; align-items: center; }
    .card:focus { outline: 2px solid #1a73e8; outline-offset: 2px; }
    .swatch { flex: none; line-height: 1.2; text-decoration-line: underline; text-decoration-thickness: 2px;
      text-underline-offset: 2px; }
    .swatch::before { content: "\\a0\\a0\\a0\\a0\\a0"; }
    .label-unsourced .swatch { background: var(--sm-unsourced-fill); text-decoration-style: wavy; text-decoration-color: var(--sm-unsourced-ink); }
    .label-opinion .swatch { background: var(--sm-opinion-fill); text-decoration-style: dashed; text-decoration-color: var(--sm-opinion-ink); }
    .label-sourced .swatch { background: var(--sm-sourced-fill); text-decoration-style: dotted; text-decoration-color: var(--sm-sourced-ink); }
    p { margin: .2rem 0; }
    .muted { color: #555; }
    .vague { color: #8a4b00; }
    button { font: inherit; cursor: pointer; border: 1px solid #888; border-radius: 5px; background: #f4f4f4;
      color: inherit; padding: .15rem .5rem; margin: .25rem .25rem 0 0; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    .notice { right: 1rem; bottom: 1rem; border-left: 4px solid #c62828; }
    .tone-dark { color: #eee; background: #222; border-color: #555; }
    .tone-dark .muted { color: #bbb; } .tone-dark .vague { color: #ffb74d; }
    .tone-dark button { background: #333; border-color: #777; }
    .tone-dark button:focus-visible, .tone-dark.card:focus { outline-color: #8ab4f8; }
    button[aria-disabled="true"] { cursor: default; opacity: .75; }`;

  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A constructed stylesheet is not an inline <style>, so a page whose Content-Security-Policy
  // forbids inline styles still gets a styled card; a <style> is the fallback where
  // constructed sheets are missing or refused (older engines, jsdom).
  function adoptStyles(doc, shadow) {
    const Sheet = doc.defaultView && doc.defaultView.CSSStyleSheet;
    try {
      const sheet = new Sheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch (_) { /* fall through */ }
    shadow.appendChild(el(doc, 'style', null, CSS));
  }

  // onFeedback(item, label) -> Promise<result>; choices(item) -> labels offered instead.
  function createCard(doc, { onFeedback, choices }) {
    const host = doc.createElement(HOST_TAG);
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(doc, shadow);
    const card = el(doc, 'div', 'card');
    card.hidden = true;
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-label', 'SourceMark');
    card.tabIndex = -1;
    const notice = el(doc, 'div', 'notice');
    notice.hidden = true;
    notice.setAttribute('role', 'alert');
    shadow.append(card, notice);
    let current = null;
    let hideTimer = null;
    let noticeTimer = null;
    let tone = null;

    // Until a palette says otherwise (an error notice comes before any), follow the browser.
    function setTone(kind) {
      tone = kind;
      for (const box of [card, notice]) {
        box.classList.toggle('tone-dark', kind === 'dark');
        box.classList.toggle('tone-light', kind !== 'dark');
      }
    }
    const view = doc.defaultView;
    setTone(view && view.matchMedia && view.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

    // Inside <body>, so the page's landmarks and accessibility checkers see it.
    function attach() {
      if (!host.isConnected) (doc.body || doc.documentElement).appendChild(host);
    }

    // The page reports the shadow host as its active element while focus is in the card.
    function hasFocus() {
      return doc.activeElement === host;
    }

    // Opened from the keyboard and still holding focus: the pointer and scrolling leave it be.
    // (A card opened by hovering behaves as before, even after a click in it.)
    function held() {
      return hasFocus() && !!card.dataset.focused;
    }

    // Focus leaving the card (Tab past its last button, a click on the page) closes it.
    host.addEventListener('focusout', (event) => {
      if (event.relatedTarget && host.contains(event.relatedTarget)) return;
      setTimeout(() => { if (!hasFocus() && !card.hidden && card.dataset.focused) hide(); }, 0);
    });

    function hide() {
      clearTimeout(hideTimer);
      card.hidden = true;
      delete card.dataset.focused;
      current = null;
    }

    function place(rect) {
      const view = doc.defaultView;
      const width = Math.min(352, view.innerWidth - 16);
      const left = Math.max(8, Math.min(rect.left, view.innerWidth - width - 8));
      const below = rect.bottom + 6;
      card.style.left = `${left}px`;
      card.style.top = `${below}px`;
      const height = card.offsetHeight || 0;
      if (below + height > view.innerHeight - 8 && rect.top - height - 6 > 8) card.style.top = `${rect.top - height - 6}px`;
    }

    function feedbackBlock(item) {
      const box = el(doc, 'div', 'feedback');
      const wrong = el(doc, 'button', 'wrong', 'Wrong label?');
      wrong.type = 'button';
      wrong.setAttribute('aria-expanded', 'false');
      const list = el(doc, 'div', 'choices');
      list.hidden = true;
      list.appendChild(el(doc, 'span', 'muted', 'It is: '));
      const status = el(doc, 'p', 'status');
      status.setAttribute('role', 'status');
      for (const label of choices(item)) {
        const b = el(doc, 'button', 'choice', CHOICE_NAMES[label] || labels.info(label).name);
        b.type = 'button';
        b.dataset.label = label;
        // aria-disabled, not disabled: a disabled button drops focus to <body>, and the
        // reader who just chose would be thrown out of the card.
        b.addEventListener('click', async () => {
          if (b.getAttribute('aria-disabled') === 'true') return;
          const all = list.querySelectorAll('button');
          for (const x of all) x.setAttribute('aria-disabled', 'true');
          status.textContent = 'Sending…';
          const res = await onFeedback(item, label);
          status.textContent = res && res.ok
            ? 'Thanks! Your correction was sent to the editors.'
            : `Could not send your correction: ${res && res.error ? res.error.message : 'unknown error'}`;
          if (!(res && res.ok)) for (const x of all) x.removeAttribute('aria-disabled');
        });
        list.appendChild(b);
      }
      wrong.addEventListener('click', () => {
        list.hidden = !list.hidden;
        wrong.setAttribute('aria-expanded', String(!list.hidden));
      });
      box.append(wrong, list, status);
      return box;
    }

    function render(item) {
      const s = item.sentence;
      card.replaceChildren();
      card.className = `card label-${s.label} tone-${tone}`;
      const title = el(doc, 'p', 'title');
      const swatch = el(doc, 'span', 'swatch');
      swatch.setAttribute('aria-hidden', 'true');
      title.append(swatch, el(doc, 'span', null, labels.info(s.label).name));
      // Named by the label, described by what a reader needs next: announced on focus.
      card.setAttribute('aria-label', `SourceMark: ${labels.info(s.label).name}`);
      const described = [];
      const line = (className, text) => {
        const p = el(doc, 'p', className, text);
        p.id = `sm-${className.split(' ').pop()}`;
        described.push(p.id);
        card.appendChild(p);
      };
      card.appendChild(title);
      line('words', labels.info(s.label).words);
      line('muted confidence', `Confidence: ${labels.percent(s.confidence)}`);
      if (s.label === 'sourced' && s.cue && s.cue.text) {
        // The cue is found by a pattern after the model decided; it is not the model's reason.
        line('cue', `Attribution cue found in the sentence: “${s.cue.text}”`);
      }
      if (s.label === 'sourced' && s.rule === 'multi_sentence_quote') {
        line('rule', 'Part of a quotation attributed in a neighbouring sentence.');
      }
      if (s.label === 'sourced' && s.rule === 'embedded_post') {
        line('rule', 'Text of an embedded post: its signature line names the account.');
      }
      if (s.label === 'sourced' && s.vague_source) {
        line('vague', 'The source is vague: the article does not say exactly who.');
      }
      card.setAttribute('aria-describedby', described.join(' '));
      card.appendChild(feedbackBlock(item));
    }

    return {
      host,
      get current() { return current; },
      // opts.focus: move focus into the card (the keyboard path), so it is announced.
      show(item, rect, opts = {}) {
        clearTimeout(hideTimer);
        attach();
        if (current !== item) {
          current = item;
          render(item);
          if (!opts.focus) delete card.dataset.focused;
        }
        card.hidden = false;
        place(rect);
        if (opts.focus) {
          card.dataset.focused = 'true';
          card.focus({ preventScroll: true });
        }
      },
      hide,
      hasFocus,
      held,
      // Keeps a focused card beside its sentence when the page scrolls.
      place(rect) {
        if (!card.hidden) place(rect);
      },
      // The marks' colours and the page's tone, from palette.js.
      setPalette(vars, kind) {
        for (const [name, value] of Object.entries(vars)) card.style.setProperty(name, value);
        setTone(kind);
        if (current) card.className = `card label-${current.sentence.label} tone-${tone}`;
      },
      // Leaving a sentence closes the card after a moment, so the pointer can reach it; a
      // card opened from the keyboard stays while it holds focus.
      scheduleHide() {
        clearTimeout(hideTimer);
        if (!card.hidden && !held()) hideTimer = setTimeout(() => this.hide(), HIDE_DELAY_MS);
      },
      cancelHide() {
        clearTimeout(hideTimer);
      },
      contains(target) {
        return target === host || host.contains(target);
      },
      notice(message, ms = 8000) {
        attach();
        notice.textContent = `SourceMark: ${message}`;
        notice.hidden = false;
        clearTimeout(noticeTimer);
        noticeTimer = setTimeout(() => { notice.hidden = true; }, ms);
      },
      destroy() {
        clearTimeout(hideTimer);
        clearTimeout(noticeTimer);
        current = null;
        host.remove();
      },
    };
  }

  return { createCard, HOST_TAG };
});
