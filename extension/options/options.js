// The options page: service address and key, labels, sensitivity, sites, the feedback
// opt-in. Everything is saved in browser.storage.local (never synced).
'use strict';
(async function () {
  const ext = globalThis.browser || globalThis.chrome;
  const settingsLib = globalThis.SourceMark.settings;
  const $ = (id) => document.getElementById(id);
  const LABELS = ['unsourced', 'opinion', 'sourced'];

  function status(id, text, isError) {
    $(id).textContent = text;
    $(id).classList.toggle('error', !!isError);
  }

  function renderSites(sites) {
    const list = $('sites');
    list.replaceChildren();
    $('no-sites').hidden = sites.length > 0;
    for (const host of sites) {
      const item = document.createElement('li');
      item.textContent = host;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${host}`); // starts with the visible word (WCAG 2.5.3)
      remove.addEventListener('click', async () => {
        const now = settingsLib.normalize(await ext.storage.local.get(null));
        const rest = now.sites.filter((h) => h !== host);
        await ext.storage.local.set({ sites: rest });
        if (!settingsLib.isLoopback(`https://${host}/`)) {
          await ext.permissions.remove({ origins: [`https://${host}/*`, `http://${host}/*`] }).catch(() => false);
        }
        renderSites(rest);
      });
      item.appendChild(remove);
      list.appendChild(item);
    }
  }

  function fill(s) {
    $('serviceUrl').value = s.serviceUrl;
    $('apiKey').value = s.apiKey;
    for (const label of LABELS) $(`show-${label}`).checked = s.show[label];
    $('minConfidence').value = String(Math.round(s.minConfidence * 100));
    $('shareUrlWithFeedback').checked = s.shareUrlWithFeedback;
    renderSites(s.sites);
  }

  // A service off this computer needs its host permission; asking happens here, on the
  // reader's click, because browsers only allow permission prompts from a user gesture.
  async function save(event) {
    event.preventDefault();
    let serviceUrl;
    try {
      serviceUrl = settingsLib.normalizeServiceUrl($('serviceUrl').value || settingsLib.DEFAULTS.serviceUrl);
    } catch (err) {
      status('saved', err.message, true);
      return;
    }
    if (!settingsLib.isLoopback(serviceUrl)) {
      const granted = await ext.permissions.request({ origins: [settingsLib.originPattern(serviceUrl)] }).catch(() => false);
      if (!granted) {
        status('saved', `Not saved: SourceMark needs your permission to talk to ${new URL(serviceUrl).host}.`, true);
        return;
      }
    }
    const show = {};
    for (const label of LABELS) show[label] = $(`show-${label}`).checked;
    const min = Math.max(0, Math.min(95, Number($('minConfidence').value) || 0));
    await ext.storage.local.set({
      serviceUrl, apiKey: $('apiKey').value.trim(), show, minConfidence: min / 100,
      shareUrlWithFeedback: $('shareUrlWithFeedback').checked,
    });
    fill(settingsLib.normalize(await ext.storage.local.get(null)));
    const warning = settingsLib.plainHttpWarning(serviceUrl);
    status('saved', warning ? `Saved. ${warning}` : 'Saved.', !!warning);
  }

  async function check() {
    status('check-result', 'Checking…');
    const res = await ext.runtime.sendMessage({ type: 'check' }).catch((err) => ({ ok: false, error: { message: String(err) } }));
    if (res.ok && res.data && res.data.model) status('check-result', `Connected: ${res.data.model.name} ${res.data.model.version} is ready.`);
    else status('check-result', res.ok ? 'Connected.' : res.error.message, !res.ok);
  }

  // Firefox asks the reader's consent for each kind of data an add-on sends (the manifest's
  // data_collection_permissions): the page's address with a correction is the optional
  // "browsingActivity". Like any permission request it must start inside the click.
  const asksDataConsent = typeof ext.runtime.getBrowserInfo === 'function';
  $('shareUrlWithFeedback').addEventListener('change', (event) => {
    const box = event.target;
    if (!asksDataConsent) return;
    const want = { data_collection: ['browsingActivity'] };
    if (!box.checked) {
      ext.permissions.remove(want).catch(() => false);
      return;
    }
    ext.permissions.request(want).catch(() => false).then((granted) => {
      if (granted) return;
      box.checked = false;
      status('saved', 'Firefox did not give consent to send the page address, so corrections go without it.', true);
    });
  });

  fill(settingsLib.normalize(await ext.storage.local.get(null)));
  $('form').addEventListener('submit', save);
  $('check').addEventListener('click', check);
})();
