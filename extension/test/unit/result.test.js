'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { ok, fail, isResult, fromError, route } = require('../../lib/result.js');

test('ok and fail build the one message shape', () => {
  assert.deepEqual(ok({ a: 1 }), { ok: true, data: { a: 1 } });
  assert.deepEqual(ok(), { ok: true, data: null });
  assert.deepEqual(fail('timeout', 'Too slow.'), { ok: false, error: { code: 'timeout', message: 'Too slow.' } });
  assert.equal(isResult(ok(1)), true);
  assert.equal(isResult(fail('x', 'y')), true);
});

test('isResult rejects look-alikes', () => {
  for (const bad of [null, {}, { ok: true }, { ok: false }, { ok: false, error: { code: 1, message: 'm' } },
    { ok: true, data: 1, error: { code: 'c', message: 'm' } }, { ok: 'yes', data: 1 }]) {
    assert.equal(isResult(bad), false, JSON.stringify(bad));
  }
});

test('fromError turns anything thrown into a failure with a readable message', () => {
  assert.deepEqual(fromError(new Error('boom')), { ok: false, error: { code: 'internal', message: 'boom' } });
  assert.deepEqual(fromError('plain', 'page_error'), { ok: false, error: { code: 'page_error', message: 'plain' } });
  const already = fail('timeout', 'slow');
  assert.equal(fromError(already), already);
});

test('route dispatches by type and always answers with a result', async () => {
  const handlers = {
    echo: (msg, sender) => ({ value: msg.value, from: sender.id }),
    failing: () => fail('nope', 'Refused.'),
    throwing: () => { throw new Error('kaput'); },
    async later() { return ok(42); },
  };
  assert.deepEqual(await route(handlers, { type: 'echo', value: 3 }, { id: 'tab' }), ok({ value: 3, from: 'tab' }));
  assert.deepEqual(await route(handlers, { type: 'failing' }), fail('nope', 'Refused.'));
  assert.deepEqual(await route(handlers, { type: 'throwing' }), fail('internal', 'kaput'));
  assert.deepEqual(await route(handlers, { type: 'later' }), ok(42));
  assert.equal((await route(handlers, { type: 'toString' })).error.code, 'unknown_message');
  assert.equal((await route(handlers, { type: 'missing' })).error.code, 'unknown_message');
  assert.equal((await route(handlers, null)).error.code, 'bad_message');
});
