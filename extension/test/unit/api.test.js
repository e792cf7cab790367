'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const api = require('../../lib/api.js');
const { isResult } = require('../../lib/result.js');

const SETTINGS = { serviceUrl: 'http://127.0.0.1:8000', apiKey: '', timeoutMs: 5000 };

function respond(status, body, { raw } = {}) {
  return async () => new Response(raw !== undefined ? raw : JSON.stringify(body), {
    status, headers: { 'Content-Type': raw !== undefined ? 'text/html' : 'application/json' },
  });
}

const ANALYSIS = {
  model: { name: 'm', version: '1', labels: ['sourced'] }, offset_unit: 'utf16', counts: { sourced: 1 },
  elapsed_ms: 1, sentences: [{ start: 0, end: 3, text: 'Hi.', label: 'sourced', confidence: 1, scores: {}, quote: {}, links: [] }],
};

test('links are sent as scheme, host and path: no query, fragment or credentials', async () => {
  let body;
  const fetchImpl = async (url, init) => {
    body = JSON.parse(init.body);
    return respond(200, ANALYSIS)();
  };
  const links = [
    { start: 0, end: 2, href: 'https://stats.example.gov/labour-march?utm_source=wire&session=abc123#table-2' },
    { start: 3, end: 5, href: 'http://user:pw@news.example:8080/a/b/?q=secret' },
    { start: 6, end: 8, href: 'mailto:desk@news.example' },
    { start: 9, end: 11, href: 'not a url' },
  ];
  await api.analyze(SETTINGS, { text: 'Hi. Hi. Hi. Hi.', links }, { fetchImpl });
  assert.deepEqual(body.links, [
    { start: 0, end: 2, href: 'https://stats.example.gov/labour-march' },
    { start: 3, end: 5, href: 'http://news.example:8080/a/b/' },
  ]);
  assert.doesNotMatch(JSON.stringify(body), /utm_source|session|abc123|table-2|secret|user|pw@|mailto/);
});

test('analyze posts the text in UTF-16 offsets with the links, and returns the analysis', async () => {
  let seen;
  const fetchImpl = async (url, init) => {
    seen = { url, init, body: JSON.parse(init.body) };
    return respond(200, ANALYSIS)();
  };
  const res = await api.analyze({ ...SETTINGS, apiKey: 'k3y' }, { text: 'Hi.', links: [{ start: 0, end: 2, href: 'https://a.example/' }] }, { fetchImpl });
  assert.deepEqual(res, { ok: true, data: ANALYSIS });
  assert.equal(seen.url, 'http://127.0.0.1:8000/api/v1/analyze');
  assert.equal(seen.init.method, 'POST');
  assert.deepEqual(seen.body, { text: 'Hi.', offset_unit: 'utf16', links: [{ start: 0, end: 2, href: 'https://a.example/' }] });
  assert.equal(seen.init.headers['Content-Type'], 'application/json');
  assert.equal(seen.init.headers.Authorization, 'Bearer k3y');
  assert.equal(seen.init.credentials, 'omit');
  assert.ok(!('url' in seen.body), 'the page address is never sent with an analysis');
});

test('service errors become plain sentences that keep the service message', async () => {
  const tooLong = await api.analyze(SETTINGS, { text: 'x' }, {
    fetchImpl: respond(413, { error: { code: 'text_too_long', message: 'text has 9 characters (utf16); the limit is 5' } }),
  });
  assert.equal(tooLong.ok, false);
  assert.equal(tooLong.error.code, 'text_too_long');
  assert.match(tooLong.error.message, /too long/);
  assert.match(tooLong.error.message, /the limit is 5/);
  const down = await api.analyze(SETTINGS, { text: 'x' }, {
    fetchImpl: respond(503, { error: { code: 'model_unavailable', message: 'no model in /m' } }),
  });
  assert.equal(down.error.code, 'model_unavailable');
  assert.match(down.error.message, /no model loaded/);
  const other = await api.analyze(SETTINGS, { text: 'x' }, { fetchImpl: respond(400, { error: { code: 'bad_links', message: 'links.0: bad' } }) });
  assert.deepEqual(other.error, { code: 'bad_links', message: 'links.0: bad' });
  const proxy = await api.analyze(SETTINGS, { text: 'x' }, { fetchImpl: respond(502, null, { raw: '<h1>Bad gateway</h1>' }) });
  assert.equal(proxy.error.code, 'http_502');
  const limited = await api.feedback(SETTINGS, { text: 't', label: 'opinion', predicted: 'sourced', model_version: '1' },
    undefined, { fetchImpl: respond(429, null, { raw: 'slow down' }) });
  assert.equal(limited.error.code, 'rate_limited');
  for (const r of [tooLong, down, other, proxy, limited]) assert.ok(isResult(r));
});

test('an unreachable service and a hanging one end in a message, not a throw', async () => {
  const refused = await api.analyze(SETTINGS, { text: 'x' }, { fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
  assert.equal(refused.error.code, 'service_unreachable');
  assert.match(refused.error.message, /127\.0\.0\.1:8000/);
  const hanging = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const started = Date.now();
  const slow = await api.analyze({ ...SETTINGS, timeoutMs: 1000 }, { text: 'x' }, { fetchImpl: hanging });
  assert.equal(slow.error.code, 'timeout');
  assert.match(slow.error.message, /1 seconds/);
  assert.ok(Date.now() - started < 3000);
});

test('answers that are not an analysis are refused', async () => {
  const wrongUnit = await api.analyze(SETTINGS, { text: 'x' }, { fetchImpl: respond(200, { ...ANALYSIS, offset_unit: 'codepoint' }) });
  assert.equal(wrongUnit.error.code, 'bad_response');
  const badOffsets = await api.analyze(SETTINGS, { text: 'x' }, {
    fetchImpl: respond(200, { ...ANALYSIS, sentences: [{ start: 2, end: 1, text: 'x', label: 'opinion' }] }),
  });
  assert.equal(badOffsets.error.code, 'bad_response');
  const html = await api.analyze(SETTINGS, { text: 'x' }, { fetchImpl: respond(200, null, { raw: '<html>' }) });
  assert.equal(html.error.code, 'bad_response');
});

test('feedback: the contract body, the page address only when given', async () => {
  const bodies = [];
  const fetchImpl = async (url, init) => {
    bodies.push({ url, body: JSON.parse(init.body) });
    return respond(201, { id: 7, status: 'pending', count: 1 })();
  };
  const payload = { text: 'It rained.', label: 'opinion', predicted: 'unsourced', model_version: '1.0.0', context: 'a [...] b', extra: 'dropped' };
  const res = await api.feedback(SETTINGS, payload, undefined, { fetchImpl });
  assert.deepEqual(res, { ok: true, data: { id: 7, status: 'pending', count: 1 } });
  assert.equal(bodies[0].url, 'http://127.0.0.1:8000/api/v1/feedback');
  assert.deepEqual(bodies[0].body, { text: 'It rained.', label: 'opinion', predicted: 'unsourced', model_version: '1.0.0', context: 'a [...] b' });
  await api.feedback(SETTINGS, payload, 'https://news.example/a', { fetchImpl });
  assert.equal(bodies[1].body.url, 'https://news.example/a');
  const missing = await api.feedback(SETTINGS, { text: 'x', label: 'opinion' }, undefined, { fetchImpl });
  assert.equal(missing.error.code, 'bad_feedback');
  assert.equal(bodies.length, 2, 'an incomplete correction is not sent');
});
