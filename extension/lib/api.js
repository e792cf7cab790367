// Talking to the SourceMark service: one fetch helper with a timeout, and the three calls the
// extension makes. Every call resolves to a result ({ok, data | error}); nothing throws.
(function (root, factory) {
  const isNode = typeof module === 'object' && module.exports;
  const result = isNode ? require('./result.js') : root.SourceMark.result;
  const api = factory(result);
  if (isNode) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).api = api;
})(globalThis, function (result) {
  'use strict';

  const { ok, fail } = result;

  // The service's error codes, said plainly for a reader; the service's own message is kept
  // after it because it names limits and paths a reader may need.
  const PLAIN = {
    text_too_long: 'This page is too long for the SourceMark service to analyse.',
    too_large: 'This page is too long for the SourceMark service to analyse.',
    model_unavailable: 'The SourceMark service is running but has no model loaded.',
    rate_limited: 'Too many corrections were sent from here recently; please try again later.',
    unauthorized: 'The SourceMark service refused the API key in the options.',
  };

  function plainError(status, body) {
    const err = body && body.error && typeof body.error === 'object' ? body.error : null;
    let code = err && typeof err.code === 'string' ? err.code : `http_${status}`;
    if (status === 429 && !err) code = 'rate_limited';
    if ((status === 401 || status === 403) && !err) code = 'unauthorized';
    const detail = err && typeof err.message === 'string' ? err.message : '';
    const plain = PLAIN[code] || (status === 429 ? PLAIN.rate_limited : '');
    const message = plain
      ? (detail ? `${plain} (${detail})` : plain)
      : (detail || `The SourceMark service answered with an error (HTTP ${status}).`);
    return fail(code, message);
  }

  // POST or GET JSON with an abort timer: a service that hangs must end in a message, not an
  // eternal spinner.
  async function requestJson(settings, path, { method = 'POST', body, fetchImpl } = {}) {
    const doFetch = fetchImpl || globalThis.fetch;
    const base = settings.serviceUrl;
    const timeoutMs = settings.timeoutMs || 30000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
    try {
      const response = await doFetch(base + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal, credentials: 'omit', cache: 'no-store',
      });
      let json = null;
      try {
        json = await response.json();
      } catch (_) { /* an HTML error page from a proxy: handled below */ }
      if (!response.ok) return plainError(response.status, json);
      if (json === null || typeof json !== 'object') {
        return fail('bad_response', `The service at ${base} did not answer with JSON. Is the address right?`);
      }
      return ok(json);
    } catch (err) {
      if (controller.signal.aborted) {
        return fail('timeout', `The SourceMark service did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
      }
      return fail('service_unreachable', `Could not reach the SourceMark service at ${base}. Is it running?`);
    } finally {
      clearTimeout(timer);
    }
  }

  // A response the page script can trust: sentences with integer offsets and a label.
  function checkAnalysis(data) {
    const good = data && Array.isArray(data.sentences) && data.counts && typeof data.counts === 'object'
      && data.sentences.every((s) => s && Number.isInteger(s.start) && Number.isInteger(s.end)
        && s.end > s.start && typeof s.label === 'string' && typeof s.text === 'string');
    return good ? ok(data) : fail('bad_response', 'The service answered, but not with an analysis this extension understands.');
  }

  // A link goes to the service as where it points: scheme, host, port and path. The query
  // string and fragment (tracking ids, session tokens, search terms), and any user name or
  // password in the address, stay in the browser. A link that is not a web address is left out.
  function linkTarget(href) {
    try {
      const u = new URL(href);
      return /^https?:$/.test(u.protocol) ? u.origin + u.pathname : null;
    } catch (_) {
      return null;
    }
  }

  function sentLinks(links) {
    return (links || []).map((l) => ({ start: l.start, end: l.end, href: linkTarget(l.href) })).filter((l) => l.href);
  }

  async function analyze(settings, extraction, opts = {}) {
    const body = { text: extraction.text, offset_unit: 'utf16', links: sentLinks(extraction.links) };
    const res = await requestJson(settings, '/api/v1/analyze', { body, fetchImpl: opts.fetchImpl });
    if (!res.ok) return res;
    if (res.data.offset_unit !== 'utf16') return fail('bad_response', 'The service answered in the wrong offset unit.');
    return checkAnalysis(res.data);
  }

  // The feedback body, built from what the card sends; the page address is added only when
  // the reader opted in (the caller passes it, or not at all).
  function feedbackBody(payload, pageUrl) {
    const p = payload || {};
    for (const field of ['text', 'label', 'predicted', 'model_version']) {
      if (typeof p[field] !== 'string' || !p[field]) throw new Error(`Feedback is missing "${field}".`);
    }
    const body = { text: p.text, label: p.label, predicted: p.predicted, model_version: p.model_version };
    if (typeof p.context === 'string' && p.context) body.context = p.context;
    if (pageUrl) body.url = pageUrl;
    return body;
  }

  async function feedback(settings, payload, pageUrl, opts = {}) {
    let body;
    try {
      body = feedbackBody(payload, pageUrl);
    } catch (err) {
      return fail('bad_feedback', err.message);
    }
    return requestJson(settings, '/api/v1/feedback', { body, fetchImpl: opts.fetchImpl });
  }

  async function ready(settings, opts = {}) {
    return requestJson(settings, '/readyz', { method: 'GET', fetchImpl: opts.fetchImpl });
  }

  return { requestJson, plainError, checkAnalysis, linkTarget, sentLinks, analyze, feedbackBody, feedback, ready };
});
