'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const s = require('../../lib/settings.js');

test('defaults: local service, unsourced and opinion shown, sourced hidden, no sites, no URL sharing', () => {
  const d = s.normalize(undefined);
  assert.equal(d.serviceUrl, 'http://127.0.0.1:8000');
  assert.deepEqual(d.show, { sourced: false, unsourced: true, opinion: true });
  assert.deepEqual(d.sites, []);
  assert.equal(d.shareUrlWithFeedback, false);
  assert.equal(d.minConfidence, 0);
  assert.equal(d.apiKey, '');
});

test('normalize repairs whatever storage holds', () => {
  const n = s.normalize({ serviceUrl: 'ftp://x', show: { sourced: true, opinion: 'yes' }, minConfidence: 7,
    sites: ['News.Example', 'https://other.example/path', '', 'news.example'], shareUrlWithFeedback: 'true', timeoutMs: 5 });
  assert.equal(n.serviceUrl, 'http://127.0.0.1:8000');
  assert.deepEqual(n.show, { sourced: true, unsourced: true, opinion: true });
  assert.equal(n.minConfidence, 1);
  assert.deepEqual(n.sites, ['news.example', 'other.example']);
  assert.equal(n.shareUrlWithFeedback, false);
  assert.equal(n.timeoutMs, 30000);
});

test('service addresses: http(s) only, no trailing slash', () => {
  assert.equal(s.normalizeServiceUrl(' https://sm.example/base/ '), 'https://sm.example/base');
  assert.equal(s.normalizeServiceUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000');
  assert.throws(() => s.normalizeServiceUrl('not a url'), /not a web address/);
  assert.throws(() => s.normalizeServiceUrl('file:///etc'), /http/);
  assert.throws(() => s.normalizeServiceUrl('http://x/?q=1'), /query/);
});

test('site rules: patterns without ports, loopback, enabled sites', () => {
  assert.equal(s.originPattern('https://news.example:8443/a/b?c'), 'https://news.example/*');
  assert.equal(s.isLoopback('http://localhost:3000/x'), true);
  assert.equal(s.isLoopback('http://127.0.0.1/'), true);
  assert.equal(s.isLoopback('https://news.example/'), false);
  const settings = { sites: ['news.example'] };
  assert.equal(s.isSiteEnabled(settings, 'https://news.example/story'), true);
  assert.equal(s.isSiteEnabled(settings, 'https://evil.example/?news.example'), false);
  assert.equal(s.isSiteEnabled(settings, 'chrome://extensions'), false);
  assert.deepEqual(s.withSite(settings, 'https://b.example/x', true), ['news.example', 'b.example']);
  assert.deepEqual(s.withSite(settings, 'https://news.example/y', false), []);
});

test('plain http:// to a service off this computer is warned about; loopback and https are not', () => {
  assert.match(s.plainHttpWarning('http://sourcemark.example.org:8000/'), /sourcemark\.example\.org:8000 is reached over plain http:\/\//);
  assert.equal(s.plainHttpWarning('https://sourcemark.example.org/'), '');
  assert.equal(s.plainHttpWarning('http://127.0.0.1:8000'), '');
  assert.equal(s.plainHttpWarning('http://localhost:9000/'), '');
  assert.equal(s.plainHttpWarning('not a url'), '');
});
