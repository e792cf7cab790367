// The reader's settings: defaults, validation, and the site rules. Settings are the only thing
// the extension stores (browser.storage.local, never sync, so they stay on this machine).
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).settings = api;
})(globalThis, function () {
  'use strict';

  const DEFAULTS = Object.freeze({
    serviceUrl: 'http://127.0.0.1:8000',
    apiKey: '',
    // Sourced sentences are the expected case, so they stay quiet unless asked for.
    show: Object.freeze({ sourced: false, unsourced: true, opinion: true }),
    minConfidence: 0,
    sites: Object.freeze([]),
    shareUrlWithFeedback: false,
    timeoutMs: 30000,
  });

  const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

  // A service URL must be http(s) with no query or fragment; it is kept without a trailing
  // slash so paths can be appended. Throws with a sentence the options page can show.
  function normalizeServiceUrl(value) {
    let url;
    try {
      url = new URL(String(value).trim());
    } catch (_) {
      throw new Error(`"${value}" is not a web address.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The service address must start with http:// or https://.');
    if (url.search || url.hash) throw new Error('The service address must not have a query or a fragment.');
    return (url.origin + url.pathname).replace(/\/+$/, '');
  }

  function normalizeHost(value) {
    const text = String(value || '').trim().toLowerCase();
    if (!text) return '';
    try {
      return new URL(text.includes('://') ? text : `https://${text}`).hostname;
    } catch (_) {
      return '';
    }
  }

  // Whatever storage holds (old versions, hand edits, a partial object from a test), the
  // rest of the code gets a complete, well-typed settings object.
  function normalize(stored) {
    const s = stored || {};
    let serviceUrl = DEFAULTS.serviceUrl;
    try {
      if (s.serviceUrl) serviceUrl = normalizeServiceUrl(s.serviceUrl);
    } catch (_) { /* keep the default: a broken address must not stop the extension */ }
    const show = {};
    for (const label of Object.keys(DEFAULTS.show)) {
      show[label] = s.show && typeof s.show[label] === 'boolean' ? s.show[label] : DEFAULTS.show[label];
    }
    const min = Number(s.minConfidence);
    const timeout = Number(s.timeoutMs);
    const sites = Array.isArray(s.sites) ? [...new Set(s.sites.map(normalizeHost).filter(Boolean))] : [];
    return {
      serviceUrl,
      apiKey: typeof s.apiKey === 'string' ? s.apiKey.trim() : '',
      show,
      minConfidence: Number.isFinite(min) ? Math.max(0, Math.min(1, min)) : 0,
      sites,
      shareUrlWithFeedback: s.shareUrlWithFeedback === true,
      timeoutMs: Number.isFinite(timeout) && timeout >= 1000 ? Math.min(timeout, 300000) : DEFAULTS.timeoutMs,
    };
  }

  // What the page scripts get: only what decides what is drawn. They run inside the page, so
  // the service address, the API key and the site list stay in the extension's own pages.
  const DISPLAY_KEYS = Object.freeze(['show', 'minConfidence']);
  function display(settings) {
    const n = normalize(settings);
    return { show: n.show, minConfidence: n.minConfidence };
  }

  // The match pattern that covers a page or service address (any port: match patterns in
  // Firefox cannot name one, and a reader's site is the same site on any port).
  function originPattern(url) {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}/*`;
  }

  function isLoopback(url) {
    try {
      return LOOPBACK.has(new URL(url).hostname);
    } catch (_) {
      return false;
    }
  }

  // Article text and the API key cross the network in the clear to a service reached over plain
  // http:// off this computer; the reader is told so (loopback traffic never leaves the machine).
  function plainHttpWarning(url) {
    let u;
    try {
      u = new URL(url);
    } catch (_) {
      return '';
    }
    if (u.protocol !== 'http:' || isLoopback(url)) return '';
    return `Warning: ${u.host} is reached over plain http://, so the articles you analyse and the API key ` +
      'travel unencrypted. Use an https:// address for a service off this computer.';
  }

  function isSiteEnabled(settings, url) {
    let host;
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
      host = u.hostname;
    } catch (_) {
      return false;
    }
    return normalize(settings).sites.includes(host);
  }

  function withSite(settings, url, enabled) {
    const host = new URL(url).hostname;
    const sites = normalize(settings).sites.filter((h) => h !== host);
    if (enabled) sites.push(host);
    return sites;
  }

  return {
    DEFAULTS, DISPLAY_KEYS, display, normalize, normalizeServiceUrl, normalizeHost, originPattern, isLoopback, plainHttpWarning,
    isSiteEnabled, withSite,
  };
});
