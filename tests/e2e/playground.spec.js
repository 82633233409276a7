// The playground end to end against triage-mock: every tab (compose and send, explain, simulator, history),
// streaming, the SVG timeline, export and share links. After every test the key is searched for everywhere it
// must never be: storage, the URL, the page text, the console, and requests to anything but the chosen endpoint.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { MOCK_PORT, SITE_PORT } from './ports.js';

const MOCK = `http://127.0.0.1:${MOCK_PORT}`;
const SHOTS = ['/tmp/shots', path.resolve(import.meta.dirname, '../../target/e2e')];
for (const dir of SHOTS) fs.mkdirSync(dir, { recursive: true });

/** A fake key per test: the mock counts some scenarios per key, and the marker finds any leak. */
function fakeKey(testInfo) {
  const slug = testInfo.title.replace(/[^a-z0-9]/gi, '').slice(0, 16);
  return `sk-ant-api03-e2e${slug}-FAKE-secret-${'0'.repeat(40)}-${String(testInfo.workerIndex)}ZZZZ`;
}
const LEAK = 'FAKE-secret';

let seen;
test.beforeEach(async ({ page }, testInfo) => {
  seen = { console: [], keyedRequests: [], requests: [], key: fakeKey(testInfo) };
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('pageerror', (e) => seen.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    seen.requests.push(r.url());
    const headers = JSON.stringify(r.headers());
    if (headers.includes(LEAK) || r.url().includes(LEAK)) seen.keyedRequests.push(r.url());
  });
});

test.afterEach(async ({ page }) => {
  // The key goes to the chosen endpoint only (the tests choose the mock, or a dead port / the static server).
  for (const url of seen.keyedRequests) {
    expect(url.startsWith(MOCK) || url.startsWith('http://127.0.0.1:9/') || url.startsWith(`http://localhost:${SITE_PORT}/`),
      `key sent to ${url}`).toBe(true);
  }
  expect(seen.console.join('\n')).not.toContain(LEAK);
  expect(seen.console.join('\n')).not.toContain('Content Security Policy');
  expect(seen.console.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  if (page.isClosed()) return;
  expect(page.url()).not.toContain(LEAK);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(LEAK);
  expect(await page.locator('body').innerText()).not.toContain(LEAK);
});

/** Opens the playground pointed at the test's own triage-mock, with the test's fake key. */
async function open(page, scenario = 'ok') {
  await page.goto('/');
  await expect(page.locator('#request')).toBeVisible();
  await expect(page.locator('#base-url')).toHaveValue('http://127.0.0.1:8787');
  await page.fill('#base-url', MOCK);
  await page.locator('#base-url').blur();
  await page.fill('#api-key', seen.key);
  await page.locator('#api-key').blur();
  if (scenario !== null) await page.selectOption('#scenario', scenario);
}

async function shot(page, name) {
  for (const dir of SHOTS) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

async function loadExample(page, label) {
  await page.selectOption('#example', { label });
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test('a valid request shows no problems', async ({ page }) => {
    await open(page);
    await expect(page.locator('#diagnostics .summary')).toHaveText(/No problems found/);
    await shot(page, 'desktop-compose');
  });

  test('validation runs as you type; the gutter marks the line and selects the span', async ({ page }) => {
    await open(page);
    await loadExample(page, 'Messages: system prompt inside messages, empty content');
    const diagnostic = page.locator('.diagnostic[data-code="system_role_in_messages"]');
    await expect(diagnostic).toBeVisible();
    await expect(diagnostic.locator('.path')).toHaveText('/messages/0/role');
    const marker = page.locator('.gutter .marker[data-code="system_role_in_messages"]');
    await expect(marker).toHaveAttribute('data-line', '5');
    await marker.click();
    const selected = await page.locator('#request').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
    expect(selected).toContain('system');

    await page.locator('#request').fill('{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [],}');
    await expect(page.locator('.diagnostic[data-code="invalid_json"]')).toBeVisible();
    await expect(page.locator('.diagnostic[data-code="invalid_json"] .hint')).toContainText('trailing comma');
    await shot(page, 'desktop-diagnostics');
  });

  test('the form view edits the JSON and reads it back', async ({ page }) => {
    await open(page);
    await page.click('#view-form');
    await page.selectOption('#form-model', 'claude-opus-4-1');
    await page.fill('#form-max-tokens', '2048');
    await page.locator('#form-max-tokens').blur();
    await page.click('#form-add-message');
    await page.locator('.message-row[data-index="1"] textarea').fill('Thanks!');
    await page.locator('.message-row[data-index="1"] textarea').blur();
    await page.locator('.message-row[data-index="1"] button[title="move message 2 up"]').click();
    await page.check('#form-stream');
    await page.click('#form-add-tool');
    await shot(page, 'desktop-form');
    await page.click('#view-json');
    const json = JSON.parse(await page.locator('#request').inputValue());
    expect(json.model).toBe('claude-opus-4-1');
    expect(json.max_tokens).toBe(2048);
    expect(json.stream).toBe(true);
    expect(json.messages.map((m) => m.role)).toEqual(['assistant', 'user']);
    expect(json.tools[0].name).toBe('tool_1');
  });

  test('sending to the mock shows the reply', async ({ page }) => {
    await open(page, 'ok');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1);
    await expect(page.locator('#reply')).not.toBeEmpty();
    await expect(page.locator('#timeline-svg .attempt-bar.success')).toHaveCount(1);
  });

  test('overloaded then ok: the SVG timeline shows each attempt and each wait', async ({ page }) => {
    await open(page, 'overloaded-then-ok');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
    const failures = page.locator('.attempt.failure');
    expect(await failures.count()).toBeGreaterThanOrEqual(1);
    await expect(failures.first().locator('.status')).toHaveText('529');
    await expect(failures.first().locator('.what')).toHaveText('overloaded');
    await expect(failures.first().locator('.next')).toContainText('retry in');
    const bars = page.locator('#timeline-svg .attempt-bar');
    expect(await bars.count()).toBe(await page.locator('.attempt').count());
    await expect(page.locator('#timeline-svg .attempt-bar[data-status="529"]').first()).toBeVisible();
    await expect(page.locator('#timeline-svg .wait').first()).toHaveAttribute('data-reason', /backoff/);
    await shot(page, 'desktop-overloaded-timeline');
  });

  test('a credit problem is explained and not retried', async ({ page }) => {
    await open(page, 'credit-low');
    await page.click('#send');
    await expect(page.locator('#explanation .cause')).toHaveText('credit_balance_too_low');
    await expect(page.locator('.attempt.failure')).toHaveCount(1);
    await expect(page.locator('.attempt.failure .next')).toContainText('give up');
    await expect(page.locator('#explanation .retry')).toContainText('will not help');
    await page.locator('#raw-body summary').click();
    await expect(page.locator('#raw-body pre')).toContainText('credit balance');
  });

  test('a rate limit shows the server-mandated wait, and Stop ends the run', async ({ page }) => {
    await open(page, 'rate-limited');
    await page.click('#send');
    await expect(page.locator('#explanation .cause')).toHaveText(/^rate_limit_/);
    await expect(page.locator('#explanation .retry')).toContainText('not sooner than');
    await expect(page.locator('#explanation .limits')).toContainText('requests');
    await expect(page.locator('#countdown')).toContainText(/next attempt in \d+\.\d s \((retry-after|pacing)\)/);
    await expect(page.locator('#timeline-svg .wait').first()).toHaveAttribute('data-reason', /retry-after|pacing/);
    await shot(page, 'desktop-rate-limited');
    await page.click('#stop');
    await expect(page.locator('#send')).toBeEnabled();
  });

  test('errors need "Send anyway", which shows the server\'s own 400', async ({ page }) => {
    await open(page, 'invalid-request');
    await loadExample(page, 'Shape: a missing field, a misspelt one, a wrong type');
    await expect(page.locator('#send')).toBeDisabled();
    await expect(page.locator('#send-warning')).toContainText('Send anyway');
    await page.click('#send-anyway');
    await expect(page.locator('#explanation .status')).toHaveText('400');
    await expect(page.locator('#explanation .kind')).toHaveText('invalid_request_error');
    await expect(page.locator('.diagnostic[data-code="missing_field"]')).toBeVisible();
    await shot(page, 'desktop-send-anyway');
  });

  test('warnings alone do not block Send', async ({ page }) => {
    await open(page, 'ok');
    await loadExample(page, 'Model: a misspelt name (a warning: Send stays allowed)');
    await expect(page.locator('.diagnostic.warning[data-code="unknown_model"]')).toBeVisible();
    await expect(page.locator('#send-anyway')).toHaveCount(0);
    await expect(page.locator('#send')).toBeEnabled();
  });

  test('a streamed reply renders and succeeds', async ({ page }) => {
    await open(page, 'ok');
    await loadExample(page, 'Valid streamed request');
    await page.click('#send');
    await expect(page.locator('.attempt.success .what')).toHaveText('success (stream)');
    await expect(page.locator('#reply')).not.toBeEmpty();
  });

  test('a stream that fails before output is retried whole; the timeline shows the retried stream', async ({ page }) => {
    await open(page, 'stream-error-early-then-ok');
    await loadExample(page, 'Valid streamed request');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.locator('.attempt.failure')).toHaveCount(1);
    await expect(page.locator('.attempt.failure .status')).toHaveText('200');
    await expect(page.locator('.attempt.failure .what')).toHaveText('overloaded');
    await expect(page.locator('.attempt.success .what')).toHaveText('success (stream)');
    await expect(page.locator('#timeline-svg .attempt-bar')).toHaveCount(2);
    await expect(page.locator('#timeline-svg .attempt-bar.failure text').first()).toContainText('stream');
    await expect(page.locator('#stream-rule')).toContainText('only re-sending the whole request');
    await shot(page, 'desktop-stream-retried');
  });

  test('a stream cut before output is retried whole', async ({ page }) => {
    await open(page, 'stream-cut-early');
    await loadExample(page, 'Valid streamed request');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.locator('.attempt.failure .what')).toHaveText('network_error');
  });

  test('an error after text is explained as stream_error and not re-sent', async ({ page }) => {
    await open(page, 'stream-error');
    await loadExample(page, 'Valid streamed request');
    await page.click('#send');
    await expect(page.locator('#explanation .kind')).toHaveText('stream_error');
    await expect(page.locator('.attempt.failure .next')).toContainText('give up (stream_output_delivered)');
    await expect(page.locator('#stream-rule')).toContainText('only re-sending the whole request');
  });

  test('Stop aborts a request on the wire', async ({ page }) => {
    await open(page, 'slow');
    await loadExample(page, 'Valid streamed request');
    await page.click('#send');
    await expect(page.locator('#stop')).toBeVisible();
    await page.click('#stop');
    await expect(page.locator('#stopped')).toBeVisible();
    await expect(page.locator('#send')).toBeEnabled();
    await page.waitForTimeout(2500);
    await expect(page.locator('.attempt')).toHaveCount(0);
  });

  test('a missing browser-access header gets the CORS explanation', async ({ page }) => {
    await open(page, 'ok');
    await page.uncheck('#browser-access');
    await page.click('#send');
    await expect(page.locator('#explanation .cause')).toHaveText('cors_header_missing');
    await expect(page.locator('#explanation')).toContainText('anthropic-dangerous-direct-browser-access');
  });

  test('Test key lists the models a working key can use, in either header style', async ({ page }) => {
    await open(page, '');
    await page.click('#test-key');
    await expect(page.locator('#reply')).toContainText(/The key works: \d+ models available/);
    await page.selectOption('#auth-style', 'bearer');
    await page.click('#test-key');
    await expect(page.locator('#reply')).toContainText('The key works');
  });

  test('Test key explains a rejected key without showing it', async ({ page }) => {
    await open(page, '');
    await page.fill('#api-key', 'sk-ant-api03-e2e-revoked-FAKE-secret-0000000000000000000000000000000000000000-QQQQ');
    await page.locator('#api-key').blur();
    await page.click('#test-key');
    await expect(page.locator('#explanation .status')).toHaveText('401');
    await expect(page.locator('#explanation .cause')).toHaveText('invalid_api_key');
    await expect(page.locator('.attempt.failure .next')).toContainText('give up');
  });

  test('an unreachable server is a network error, retried', async ({ page }) => {
    await open(page);
    await page.fill('#base-url', 'http://127.0.0.1:9');
    await page.locator('#base-url').blur();
    await page.click('#send');
    await expect(page.locator('#explanation .cause')).toHaveText('network_error');
    await expect(page.locator('.attempt.failure .next').first()).toContainText('retry in');
    await page.click('#stop');
  });

  test('a server without CORS headers is told apart from a dead one', async ({ page }) => {
    await open(page, '');
    // The static server sends no CORS headers, and `localhost` is another origin than the page's 127.0.0.1.
    await page.fill('#base-url', `http://localhost:${SITE_PORT}`);
    await page.locator('#base-url').blur();
    await page.click('#send');
    await expect(page.locator('#explanation .cause')).toHaveText('cors_blocked');
    await expect(page.locator('.attempt.failure .next')).toContainText('give up');
    await expect(page.locator('#explanation')).toContainText('anthropic-dangerous-direct-browser-access');
  });

  const pastes = [
    ['curl-i', 'overloaded', '529'],
    ['curl-v', 'missing_api_key', '401'],
    ['body', 'credit_balance_too_low', 'status unknown'],
    ['sse', 'overloaded', 'status unknown'],
    ['python', 'rate_limit_input_tokens', '429'],
    ['typescript', 'overloaded', '529'],
    ['vercel', 'overloaded', '529'],
    ['claude-code', 'overloaded', '529'],
  ];
  test('Explain: each kind of paste gets the same card as a send', async ({ page }) => {
    await open(page);
    await page.click('#tab-explain');
    for (const [sample, cause, status] of pastes) {
      await page.click(`button[data-sample="${sample}"]`);
      await expect(page.locator('#explanation .cause'), sample).toHaveText(cause);
      await expect(page.locator('#explanation .status'), sample).toHaveText(status);
    }
    await page.click('button[data-sample="sse"]');
    await expect(page.locator('#explanation .kind')).toHaveText('stream_error');
    await expect(page.locator('#stream-rule')).toContainText('only re-sending the whole request');
    await page.click('button[data-sample="vercel"]');
    await expect(page.locator('#request-id')).toHaveText('req_011Vercel529');
    await page.locator('#raw-headers summary').click();
    await expect(page.locator('#raw-headers pre')).toContainText('x-should-retry: true');
    await shot(page, 'desktop-explain');
  });

  test('Explain: a pasted key is redacted in everything the card shows', async ({ page }) => {
    await open(page);
    await page.click('#tab-explain');
    const text = `*   Trying 1.2.3.4:443...\n> POST /v1/messages HTTP/2\n> x-api-key: ${seen.key}\n>\n< HTTP/2 401\n< request-id: req_011Pasted\n<\n{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ${seen.key}"}}`;
    await page.fill('#pasted', text);
    await expect(page.locator('#explanation .cause')).toHaveText('invalid_api_key');
    await page.locator('#raw-body summary').click();
    await expect(page.locator('#raw-body pre')).toContainText('sk-ant-api');
    expect(await page.locator('#explanation').innerText()).not.toContain(LEAK);
    await page.fill('#pasted', '');
  });

  test('Simulator: loaded only when the tab opens, then a chart of every chosen policy', async ({ page }) => {
    await open(page);
    await page.waitForLoadState('networkidle');
    expect(seen.requests.filter((u) => u.includes('sim_worker'))).toEqual([]);
    await page.click('#tab-simulate');
    await expect(page.locator('#sim-chart .measure')).toHaveCount(4, { timeout: 30_000 });
    expect(seen.requests.filter((u) => u.includes('sim_worker_bg.wasm')).length).toBe(1);
    await expect(page.locator('#sim-chart [data-measure="calls"] .bar')).toHaveCount(5);
    await page.fill('#sim-clients', '50');
    await page.locator('#sim-clients').blur();
    await page.locator('input[data-policy="exponential"]').uncheck();
    await page.click('#sim-run');
    await expect(page.locator('#sim-chart [data-measure="p99"] .bar')).toHaveCount(4, { timeout: 30_000 });
    await shot(page, 'desktop-simulator');
  });

  test('Export: curl, TypeScript and Python without the key; a share link without it that restores the request', async ({ page, context }) => {
    await open(page);
    await loadExample(page, 'Tool pairing: tool_use without its tool_result');
    for (const [lang, needle] of [['curl', '$ANTHROPIC_API_KEY'], ['TypeScript', 'process.env.ANTHROPIC_API_KEY'], ['Python', 'os.environ["ANTHROPIC_API_KEY"]']]) {
      await page.click(`button[data-lang="${lang}"]`);
      const code = await page.locator('#export-code').innerText();
      expect(code).toContain(needle);
      expect(code).not.toContain(LEAK);
      expect(code).not.toContain('sk-ant-');
    }
    await page.click('button[data-lang="TypeScript"]');
    await expect(page.locator('#export-code')).toContainText('fetch: createFetch()');
    await shot(page, 'desktop-export');
    await page.click('#make-share-link');
    const link = await page.locator('#share-link').inputValue();
    expect(link).toContain('#request=');
    expect(link).not.toContain(LEAK);
    expect(link).not.toContain('sk-ant-');
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.locator('.diagnostic[data-code="tool_use_without_result"]')).toBeVisible();
    expect(await other.locator('#request').inputValue()).toContain('toolu_01');
    await other.close();
  });

  test('History: in memory, kept in localStorage only when asked and without the key, cleared on demand', async ({ page }) => {
    await open(page, 'overloaded');
    await page.click('#send');
    await expect(page.locator('.attempt.failure .next').first()).toContainText('retry in');
    await page.click('#stop');
    await page.selectOption('#scenario', 'ok');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1);
    await page.click('#tab-history');
    await expect(page.locator('.history-entry')).toHaveCount(1);
    await expect(page.locator('.history-entry .outcome')).toContainText('200 success');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.check('#keep-history');
    const stored = await page.evaluate(() => localStorage.getItem('claude-triage.history'));
    expect(stored).toContain('claude-sonnet-4-5');
    expect(stored).not.toContain('sk-ant-');
    expect(stored).not.toContain('x-api-key');
    await shot(page, 'desktop-history');
    await page.reload();
    await page.click('#tab-history');
    await expect(page.locator('.history-entry')).toHaveCount(1);
    await page.click('#clear-history');
    await expect(page.locator('#history-empty')).toBeVisible();
    await page.uncheck('#keep-history');
    expect(await page.evaluate(() => localStorage.getItem('claude-triage.history'))).toBeNull();
  });

  test('usage: totals and gauges from every attempt, live resets, a balance warning, the estimate as you type', async ({ page }) => {
    await open(page, 'ok');
    const estimate = page.locator('#estimate');
    await expect(estimate).toHaveText(/^~[\d,]+ input tokens \([\d,]+–[\d,]+\), up to [\d,]+ output, \$[\d.]+–\$[\d.]+$/);
    await expect(page.locator('#gauges-empty')).toBeVisible();
    const before = await estimate.innerText();
    const long = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 4096,
      messages: [{ role: 'user', content: 'Please summarise the following text. '.repeat(200) }] }, null, 2);
    await page.fill('#request', long);
    await expect(estimate).toContainText('up to 4,096 output');
    expect(await estimate.innerText()).not.toBe(before);
    const stat = (name) => page.locator(`#usage-totals [data-stat="${name}"] dd`);
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1);
    await expect(stat('requests')).toHaveText('1');
    await expect(stat('input')).not.toHaveText('0');
    await expect(stat('output')).not.toHaveText('0');
    await expect(stat('cost')).toHaveText(/^\$0\.\d+$/);
    await expect(page.locator('#gauges .gauge')).toHaveCount(4);
    await expect(page.locator('.gauge[data-window="requests"] .left')).toHaveText(/^[\d,]+ of 100,000 left$/);
    // The rate-limited scenario empties the requests window: the gauge is full, the retried attempts count too.
    await page.selectOption('#scenario', 'rate-limited');
    await page.click('#send');
    await expect(page.locator('.attempt.failure').first()).toBeVisible();
    // One ok send before, and every attempt of this one (the engine may already have retried).
    await expect.poll(async () => Number(await stat('requests').innerText()) - await page.locator('.attempt').count()).toBe(1);
    const requests = page.locator('.gauge[data-window="requests"]');
    await expect(requests).toHaveClass(/high/);
    await expect(requests.locator('.bar')).toHaveAttribute('aria-valuenow', '100');
    await expect(requests.locator('.left')).toHaveText('0 of 100,000 left');
    await expect(page.locator('#usage-warnings li[data-code="rate_limit_near"]').first()).toBeVisible();
    const reset = requests.locator('.reset');
    await expect(reset).toHaveText(/^resets in \d+\.\d s$/);
    const first = await reset.innerText();
    await expect.poll(() => reset.innerText(), { timeout: 3_000 }).not.toBe(first);
    await page.click('#stop');
    // Garbage and absurd balances are refused in words; a tiny one warns.
    for (const bad of ['abc', '1e400', '-3', '99999999999999999999']) {
      await page.fill('#balance', bad);
      await expect(page.locator('#balance-error')).toBeVisible();
    }
    await page.fill('#balance', '0.0001');
    await expect(page.locator('#balance-error')).toHaveCount(0);
    await expect(page.locator('#usage-warnings li[data-code="balance_near"]').first()).toBeVisible();
    await expect(page.locator('#usage-warnings li[data-code="estimated_cost_exceeds_balance"]')).toBeVisible();
    await page.fill('#balance', '');
    await expect(page.locator('#usage-warnings li[data-code="balance_near"]')).toHaveCount(0);
    await page.fill('#balance', '0.0001');
    await page.locator('#usage').scrollIntoViewIfNeeded();
    await shot(page, 'usage');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'usage-dark');
    // Kept in memory only.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain('0.0001');
  });

  test('tabs work from the keyboard; dark theme', async ({ page }) => {
    await open(page);
    await page.focus('#tab-compose');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#tab-explain')).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#tab-explain')).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.locator('#tab-history')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await loadExample(page, 'Messages: system prompt inside messages, empty content');
    await page.focus('.diagnostic[data-code="empty_content"]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#request')).toBeFocused();
    const selected = await page.locator('#request').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
    expect(selected).toContain('""');
    await loadExample(page, 'Valid request');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.selectOption('#scenario', 'overloaded-then-ok');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
    await shot(page, 'desktop-dark');
  });
});

test('the first load is at most 300 KB gzip and does not include the simulator', async ({ page }) => {
  const site = process.env.PLAYGROUND_DIR;
  const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:href|src|data-js|data-wasm)="\/?([^"#?]+)"/g)].map((m) => m[1]);
  const files = ['index.html', ...new Set(refs)].filter((f) => fs.existsSync(path.join(site, f)));
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(site, f)), { level: 9 }).length;
  const sizes = Object.fromEntries(files.map((f) => [f, gz(f)]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`initial transfer, gzip -9: ${JSON.stringify(sizes)} total ${total} B`);
  expect(files.some((f) => f.endsWith('_bg.wasm'))).toBe(true);
  expect(files.filter((f) => f.includes('sim_worker'))).toEqual([]);
  expect(total).toBeLessThanOrEqual(300 * 1024);
  // What the page actually fetched before any tab was opened matches the files counted.
  await page.goto('/');
  await expect(page.locator('#request')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const fetched = seen.requests.map((u) => new URL(u).pathname.replace(/^\//, '') || 'index.html');
  for (const f of fetched.filter((f) => !f.endsWith('.ico'))) expect(files, f).toContain(f);
});

test.describe('mobile', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every tab fits 390 px', async ({ page }) => {
    await open(page, 'overloaded-then-ok');
    await page.click('#send');
    await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-compose');
    await page.click('#tab-explain');
    await page.click('button[data-sample="vercel"]');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-explain');
    await page.click('#tab-simulate');
    await expect(page.locator('#sim-chart .measure')).toHaveCount(4, { timeout: 30_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-simulator');
  });
});
