// The toolbar popup. Opening it is the "one click": it analyses the page unless that was
// already done, then shows the counts, the label toggles, the sensitivity and the site switch.
'use strict';
(async function () {
  const ext = globalThis.browser || globalThis.chrome;
  const { labels, settings: settingsLib } = globalThis.SourceMark;
  const $ = (id) => document.getElementById(id);
  const ORDER = ['unsourced', 'opinion', 'sourced'];

  // ?tab=ID lets the popup page be opened in a tab (tests, or a reader who pins it).
  async function targetTab() {
    const id = Number(new URLSearchParams(location.search).get('tab'));
    if (id) return ext.tabs.get(id);
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    return tab;
  }

  function say(text, isError) {
    $('status').textContent = text;
    $('status').classList.toggle('error', !!isError);
  }

  function showSummary(data) {
    const s = labels.summary(data.counts);
    $('results').hidden = false;
    const bar = $('bar');
    bar.replaceChildren();
    const legend = $('legend');
    legend.replaceChildren();
    for (const label of ORDER) {
      const part = document.createElement('span');
      part.className = label;
      part.style.width = `${s.shares[label] * 100}%`;
      part.title = `${labels.info(label).name}: ${s.counts[label]}`;
      bar.appendChild(part);
      const item = document.createElement('li');
      item.dataset.label = label;
      const swatch = document.createElement('span');
      swatch.className = `swatch ${label}`;
      item.append(swatch, ` ${labels.info(label).name}: `);
      const count = document.createElement('strong');
      count.textContent = String(s.counts[label]);
      item.appendChild(count);
      legend.appendChild(item);
    }
    bar.setAttribute('aria-label', ORDER.map((l) => `${labels.info(l).name} ${s.counts[l]}`).join(', '));
    $('share').textContent = s.unsourcedShare === null
      ? 'No claims found on this page.'
      : `${labels.percent(s.unsourcedShare)} of the ${s.total} claims are unsourced.`;
    const lost = data.unanchored || 0;
    $('unanchored').hidden = !lost;
    $('unanchored').textContent = `${lost} sentence${lost === 1 ? '' : 's'} could not be found on the page any more (it changed).`;
    say(data.model ? `Analysed by ${data.model.name} ${data.model.version}.` : 'Analysed.');
    globalThis.SourceMark.popupMarks.render(document, $('marks'), data.marks || [], revealMark);
  }

  // Opens the sentence's card with focus on the page; the toolbar popup then closes so that
  // focus (and the screen reader) land in the card. Opened as a tab (?tab=), it stays.
  async function revealMark(mark) {
    const res = await send({ type: 'reveal', tabId: tab.id, id: mark.id });
    if (!res.ok) say(res.error.message, true);
    else if (!new URLSearchParams(location.search).get('tab')) window.close();
  }

  async function send(message) {
    try {
      return await ext.runtime.sendMessage(message);
    } catch (err) {
      return { ok: false, error: { code: 'extension_error', message: String(err.message || err) } };
    }
  }

  async function analyze(tab) {
    say('Analysing this page…');
    $('analyze').disabled = true;
    const res = await send({ type: 'analyze', tabId: tab.id });
    $('analyze').disabled = false;
    if (res.ok) showSummary(res.data);
    else say(res.error.message, true);
  }

  async function bindSettings(tab) {
    const current = settingsLib.normalize(await ext.storage.local.get(null));
    for (const label of ORDER) {
      const box = $(`show-${label}`);
      box.checked = current.show[label];
      box.addEventListener('change', async () => {
        const now = settingsLib.normalize(await ext.storage.local.get(null));
        await ext.storage.local.set({ show: Object.assign({}, now.show, { [label]: box.checked }) });
      });
    }
    const slider = $('sensitivity');
    const describe = () => {
      const v = Number(slider.value);
      $('sensitivity-text').textContent = v ? `hide labels below ${v}% confidence` : 'show every label';
    };
    slider.value = String(Math.round(current.minConfidence * 100));
    describe();
    slider.addEventListener('input', describe);
    slider.addEventListener('change', () => ext.storage.local.set({ minConfidence: Number(slider.value) / 100 }));

    const site = $('site');
    let url = null;
    try {
      url = new URL(tab.url);
    } catch (_) { /* no address: a browser page */ }
    if (!url || !/^https?:$/.test(url.protocol)) {
      site.disabled = true;
      return;
    }
    $('site-name').textContent = url.hostname;
    site.checked = settingsLib.isSiteEnabled(current, tab.url);
    site.addEventListener('change', () => {
      // Firefox honours permissions.request only while it handles the click itself, so the
      // request starts here, before anything is awaited.
      const asked = site.checked ? ext.permissions.request({ origins: [settingsLib.originPattern(tab.url)] }).catch(() => false) : null;
      toggleSite(tab.url, site, asked);
    });
  }

  // The site goes into the list while the browser asks (`asked`, the request's promise):
  // Firefox may close the popup during its prompt, and the background only ever runs where
  // the permission was granted.
  async function toggleSite(url, box, asked) {
    const now = settingsLib.normalize(await ext.storage.local.get(null));
    const origins = [settingsLib.originPattern(url)];
    await ext.storage.local.set({ sites: settingsLib.withSite(now, url, box.checked) });
    let note = '';
    if (box.checked) {
      const granted = await asked;
      if (!granted) {
        box.checked = false;
        await ext.storage.local.set({ sites: settingsLib.withSite(now, url, false) });
        note = 'Permission was not given, so SourceMark will not run here by itself.';
      } else {
        note = 'SourceMark will analyse pages of this site when they load.';
      }
    } else if (!settingsLib.isLoopback(url)) {
      await ext.permissions.remove({ origins }).catch(() => false);
    }
    $('site-note').hidden = !note;
    $('site-note').textContent = note;
  }

  $('options').addEventListener('click', (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
  });

  globalThis.SourceMark.popupMarks.paintSwatches(document);
  const tab = await targetTab();
  if (!tab) {
    say('No page to analyse.', true);
    return;
  }
  await bindSettings(tab);
  $('analyze').addEventListener('click', () => analyze(tab));
  $('clear').addEventListener('click', async () => {
    const res = await send({ type: 'clear', tabId: tab.id });
    $('results').hidden = true;
    $('marks').hidden = true;
    say(res.ok ? 'Highlights cleared.' : res.error.message, !res.ok);
  });

  const state = await send({ type: 'state', tabId: tab.id });
  if (!state.ok) say(state.error.message, true);
  else if (state.data.status === 'done') showSummary(state.data);
  else if (state.data.status === 'error') say(state.data.error.message, true);
  else await analyze(tab); // idle or working: analyse (a running analysis is joined, not repeated)
})();
