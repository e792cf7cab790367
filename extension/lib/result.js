// The one message shape: every answer between the extension's parts is {ok: true, data} or
// {ok: false, error: {code, message}}, so no caller has to guess how a failure looks.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).result = api;
})(globalThis, function () {
  'use strict';

  function ok(data) {
    return { ok: true, data: data === undefined ? null : data };
  }

  function fail(code, message) {
    return { ok: false, error: { code: String(code || 'internal'), message: String(message || 'Something went wrong.') } };
  }

  function isResult(value) {
    if (!value || typeof value !== 'object' || typeof value.ok !== 'boolean') return false;
    if (value.ok) return 'data' in value && !('error' in value);
    const e = value.error;
    return !('data' in value) && !!e && typeof e.code === 'string' && typeof e.message === 'string';
  }

  // Anything thrown (an Error, a string, a browser API's rejection) becomes a failure result;
  // the message stays readable because the popup shows it as is.
  function fromError(err, code) {
    if (isResult(err)) return err;
    const message = err && err.message ? err.message : String(err);
    return fail(code || 'internal', message);
  }

  // Dispatches {type, ...} messages to handlers and always resolves to a result: an unknown
  // type, a throwing handler or a handler returning a bare value cannot break the shape.
  async function route(handlers, message, sender) {
    if (!message || typeof message.type !== 'string') return fail('bad_message', 'The message has no type.');
    const handler = Object.prototype.hasOwnProperty.call(handlers, message.type) ? handlers[message.type] : null;
    if (!handler) return fail('unknown_message', `No handler for "${message.type}".`);
    try {
      const value = await handler(message, sender);
      return isResult(value) ? value : ok(value);
    } catch (err) {
      return fromError(err);
    }
  }

  return { ok, fail, isResult, fromError, route };
});
