// The official TypeScript SDK against triage-mock, with `baseURL` at `/s/<scenario>`: a normal Message for
// `ok`, the SDK's own typed error for every error scenario, and streams.
// Run: cargo build -p triage-mock && npm ci && node --test   (TRIAGE_MOCK_BIN overrides the binary path)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.TRIAGE_MOCK_BIN ?? path.resolve(here, '../../../../target/debug/triage-mock');
const KEY = 'sk-ant-api03-test-FAKE-sdk-0000';
const PARAMS = { model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };

let mock;
let base;

before(async () => {
  mock = spawn(bin, ['--addr', '127.0.0.1:0', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = createInterface({ input: mock.stderr });
  const [first] = await Promise.race([
    once(lines, 'line'),
    once(mock, 'exit').then(([code]) => {
      throw new Error(`${bin} exited with ${code}; build it with cargo build -p triage-mock`);
    }),
  ]);
  const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first);
  assert.ok(match, `unexpected first line: ${first}`);
  base = match[1];
});

after(async () => {
  if (mock && mock.exitCode === null) {
    mock.kill('SIGTERM');
    const [code] = await once(mock, 'exit');
    assert.equal(code, 0, 'the mock stops cleanly on SIGTERM');
  }
});

function client(scenario, options = {}) {
  return new Anthropic({ apiKey: KEY, baseURL: `${base}/s/${scenario}`, maxRetries: 0, ...options });
}

test('ok: a normal Message', async () => {
  const message = await client('ok').messages.create(PARAMS);
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.match(message.id, /^msg_01/);
  assert.equal(message.content[0].type, 'text');
  assert.ok(message.content[0].text.length > 0);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  assert.match(message._request_id, /^req_011C/);
});

test('ok: models, one model, and count_tokens', async () => {
  const anthropic = client('ok');
  const ids = [];
  for await (const model of anthropic.models.list({ limit: 3 })) ids.push(model.id);
  assert.ok(ids.length > 3, 'the SDK pages through has_more / last_id');
  assert.ok(ids.includes('claude-sonnet-5'));
  const model = await anthropic.models.retrieve('claude-haiku-4-5');
  assert.equal(model.id, 'claude-haiku-4-5-20251001');
  const counted = await anthropic.messages.countTokens({ model: PARAMS.model, messages: PARAMS.messages });
  assert.ok(counted.input_tokens > 0);
  await assert.rejects(anthropic.models.retrieve('claude-nope'), (error) => {
    assert.ok(error instanceof Anthropic.NotFoundError);
    assert.equal(error.error.error.message, 'model: claude-nope');
    return true;
  });
});

const ERROR_SCENARIOS = [
  ['invalid-request', Anthropic.BadRequestError, 400, 'invalid_request_error'],
  ['overloaded', Anthropic.OverloadedError, 529, 'overloaded_error'],
  ['rate-limited', Anthropic.RateLimitError, 429, 'rate_limit_error'],
  ['spend-limit', Anthropic.RateLimitError, 429, 'rate_limit_error'],
  ['credit-low', Anthropic.BadRequestError, 400, 'invalid_request_error'],
  ['insufficient-balance', Anthropic.PaymentRequiredError, 402, 'billing_error'],
  ['server-error', Anthropic.InternalServerError, 500, 'api_error'],
  ['html-502', Anthropic.InternalServerError, 502, undefined],
  ['gateway-timeout', Anthropic.GatewayTimeoutError, 504, 'timeout_error'],
  ['request-too-large', Anthropic.ContentTooLargeError, 413, 'request_too_large'],
  ['stream-error', Anthropic.OverloadedError, 529, 'overloaded_error'],
];

for (const [scenario, ErrorClass, status, type] of ERROR_SCENARIOS) {
  test(`${scenario}: ${ErrorClass.name} ${status}`, async () => {
    await assert.rejects(client(scenario).messages.create(PARAMS), (error) => {
      assert.ok(error instanceof ErrorClass, `${error.constructor.name}: ${error.message}`);
      assert.ok(error instanceof Anthropic.APIError);
      assert.equal(error.status, status);
      assert.match(error.requestID, /^req_011C/);
      if (type) {
        assert.equal(error.error.type, 'error');
        assert.equal(error.error.error.type, type);
        assert.equal(error.error.request_id, error.requestID);
      } else {
        assert.match(String(error.message), /502 Bad Gateway/);
      }
      assert.ok(error.headers.get('anthropic-ratelimit-requests-limit'));
      return true;
    });
  });
}

test('rate-limited: retry-after and exhausted headers reach the caller', async () => {
  await assert.rejects(client('rate-limited').messages.create(PARAMS), (error) => {
    const retryAfter = Number(error.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(error.headers.get('anthropic-ratelimit-requests-remaining'), '0');
    return true;
  });
});

test('spend-limit: details.error_code and no retry-after', async () => {
  await assert.rejects(client('spend-limit').messages.create(PARAMS), (error) => {
    assert.equal(error.error.error.details.error_code, 'enforced_spend_limit_reached');
    assert.equal(error.headers.get('retry-after'), null);
    return true;
  });
});

test('auth: a revoked key is AuthenticationError, a Bearer token works', async () => {
  const revoked = new Anthropic({ apiKey: 'sk-ant-api03-revoked-FAKE', baseURL: base, maxRetries: 0 });
  await assert.rejects(revoked.messages.create(PARAMS), (error) => {
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.equal(error.error.error.message, 'invalid x-api-key');
    return true;
  });
  const bearer = new Anthropic({ apiKey: null, authToken: KEY, baseURL: base, maxRetries: 0 });
  const message = await bearer.messages.create(PARAMS);
  assert.equal(message.type, 'message', 'Authorization: Bearer works in the default auth mode');
});

test('overloaded-then-ok: the SDK retries through two 529s', async () => {
  const anthropic = new Anthropic({
    apiKey: 'sk-ant-api03-test-FAKE-sdk-retry',
    baseURL: `${base}/s/overloaded-then-ok`,
    maxRetries: 2,
  });
  const message = await anthropic.messages.create(PARAMS);
  assert.equal(message.type, 'message');
});

test('hang-up: the body read fails after a 200, outside the SDK error classes', async () => {
  // The status and headers arrived, so the SDK does not see a connection error: fetch's body read throws.
  await assert.rejects(client('hang-up').messages.create(PARAMS), (error) => {
    assert.ok(!(error instanceof Anthropic.APIError), `${error.constructor.name}: ${error.message}`);
    assert.ok(error instanceof TypeError, `${error.constructor.name}: ${error.message}`);
    assert.match(error.message, /terminated/);
    return true;
  });
});

test('slow: the client timeout fires first', async () => {
  const slow = client('slow', { timeout: 200, defaultHeaders: { 'x-mock-delay-ms': '2000' } });
  await assert.rejects(slow.messages.create(PARAMS), (error) => {
    assert.ok(error instanceof Anthropic.APIConnectionTimeoutError, `${error.constructor.name}`);
    return true;
  });
});

test('truncated-json: the body cannot be parsed', async () => {
  await assert.rejects(client('truncated-json').messages.create(PARAMS), (error) => {
    assert.ok(!(error instanceof Anthropic.APIError), 'a 200 with a cut body is not an API error');
    assert.ok(error instanceof SyntaxError, `${error.constructor.name}: ${error.message}`);
    return true;
  });
});

test('stream: ok delivers text deltas and the final message', async () => {
  const stream = client('ok').messages.stream(PARAMS);
  const events = [];
  let text = '';
  stream.on('streamEvent', (event) => events.push(event.type));
  stream.on('text', (delta) => {
    text += delta;
  });
  const message = await stream.finalMessage();
  assert.equal(events[0], 'message_start');
  assert.equal(events.at(-1), 'message_stop');
  assert.ok(events.filter((type) => type === 'content_block_delta').length >= 2);
  assert.equal(message.content[0].text, text);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.output_tokens > 1, true);
});

test('stream: stream-error rejects with the overloaded_error after some text', async () => {
  const stream = client('stream-error').messages.stream(PARAMS);
  let text = '';
  stream.on('text', (delta) => {
    text += delta;
  });
  await assert.rejects(stream.finalMessage(), (error) => {
    assert.ok(error instanceof Anthropic.APIError, `${error.constructor.name}: ${error.message}`);
    assert.equal(error.error.error.type, 'overloaded_error');
    return true;
  });
  assert.ok(text.length > 0, 'content arrived before the error');
});
