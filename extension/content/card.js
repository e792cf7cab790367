// The hover/focus card and the error notice. Both live in one shadow root on a single host
// element, so page styles cannot reach them and removing the host removes every trace.
// Text from the page and the service goes in through textContent only, never as HTML.
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
    .swatch { width: 1.4rem; height: .8rem; border-radius: 2px; flex: none; border-bottom: 3px solid; }
    .label-unsourced .swatch { background: rgba(255,176,0,.45); border-bottom-style: solid; border-color: #a15c00; }
    .label-opinion .swatch { background: rgba(190,110,255,.35); border-bottom-style: dashed; border-color: #6a1b9a; }
    .label-sourced .swatch { background: transparent; border-bottom-style: dotted; border-color: #1b7a34; }
    p { margin: .2rem 0; }
    .muted { color: #555; }
    .vague { color: #8a4b00; }
    button { font: inherit; cursor: pointer; border: 1px solid #888; border-radius: 5px; background: #f4f4f4;
      color: inherit; padding: .15rem .5rem; margin: .25rem .25rem 0 0; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    .notice { right: 1rem; bottom: 1rem; border-left: 4px solid #c62828; }
    @media (prefers-color-scheme: dark) {
      .card, .notice { color: #eee; background: #222; border-color: #555; }
      .muted { color: #bbb; } .vague { color: #ffb74d; }
      button { background: #333; border-color: #777; }
    }`;

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
    const notice = el(doc, 'div', 'notice');
    notice.hidden = true;
    notice.setAttribute('role', 'alert');
    shadow.append(card, notice);
    let current = null;
    let hideTimer = null;
    let noticeTimer = null;

    function attach() {
      if (!host.isConnected) doc.documentElement.appendChild(host);
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
        b.addEventListener('click', async () => {
          for (const x of list.querySelectorAll('button')) x.disabled = true;
          status.textContent = 'Sending…';
          const res = await onFeedback(item, label);
          status.textContent = res && res.ok
            ? 'Thanks! Your correction was sent to the editors.'
            : `Could not send your correction: ${res && res.error ? res.error.message : 'unknown error'}`;
          if (!(res && res.ok)) for (const x of list.querySelectorAll('button')) x.disabled = false;
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
      card.className = `card label-${s.label}`;
      const title = el(doc, 'p', 'title');
      title.append(el(doc, 'span', 'swatch'), el(doc, 'span', null, labels.info(s.label).name));
      card.append(title, el(doc, 'p', 'words', labels.info(s.label).words));
      card.appendChild(el(doc, 'p', 'muted confidence', `Confidence: ${labels.percent(s.confidence)}`));
      if (s.label === 'sourced' && s.cue && s.cue.text) {
        card.appendChild(el(doc, 'p', 'cue', `Attribution the model relied on: “${s.cue.text}”`));
      }
      if (s.label === 'sourced' && s.rule === 'multi_sentence_quote') {
        card.appendChild(el(doc, 'p', 'rule', 'Part of a quotation attributed in a neighbouring sentence.'));
      }
      if (s.label === 'sourced' && s.vague_source) {
        card.appendChild(el(doc, 'p', 'vague', 'The source is vague: the article does not say exactly who.'));
      }
      card.appendChild(feedbackBlock(item));
    }

    return {
      host,
      get current() { return current; },
      show(item, rect) {
        clearTimeout(hideTimer);
        attach();
        if (current !== item) {
          current = item;
          render(item);
        }
        card.hidden = false;
        place(rect);
      },
      hide() {
        clearTimeout(hideTimer);
        card.hidden = true;
        current = null;
      },
      // Leaving a sentence closes the card after a moment, so the pointer can reach it.
      scheduleHide() {
        clearTimeout(hideTimer);
        if (!card.hidden) hideTimer = setTimeout(() => this.hide(), HIDE_DELAY_MS);
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
