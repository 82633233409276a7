// The playground end to end: live validation, sending to triage-mock, explanations and the retry timeline.
import { test, expect } from '@playwright/test';
import { MOCK_PORT, SITE_PORT } from './ports.js';

/** Opens the playground pointed at the test's own triage-mock (the default 8787 may be `cargo xtask serve`'s). */
async function open(page) {
  await page.goto('/');
  await expect(page.locator('#request')).toBeVisible();
  await expect(page.locator('#base-url')).toHaveValue('http://127.0.0.1:8787');
  await page.fill('#base-url', `http://127.0.0.1:${MOCK_PORT}`);
  await page.locator('#base-url').blur();
}

async function selectScenario(page, scenario) {
  await page.selectOption('#scenario', scenario);
}

test('a valid request shows no problems', async ({ page }) => {
  await open(page);
  await expect(page.locator('#diagnostics .summary')).toHaveText(/No problems found/);
  await page.screenshot({ path: 'test-results/playground-valid.png', fullPage: true });
});

test('validation runs as you type and points at the problem', async ({ page }) => {
  await open(page);
  await page.selectOption('#example', { label: 'System prompt inside messages' });
  const diagnostic = page.locator('.diagnostic[data-code="system_role_in_messages"]');
  await expect(diagnostic).toBeVisible();
  await expect(diagnostic.locator('.path')).toHaveText('/messages/0/role');

  await page.locator('#request').fill('{"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [],}');
  await expect(page.locator('.diagnostic[data-code="invalid_json"]')).toBeVisible();
  await expect(page.locator('.diagnostic[data-code="invalid_json"] .hint')).toContainText('trailing comma');
  await page.screenshot({ path: 'test-results/playground-diagnostics.png', fullPage: true });
});

test('sending to the mock shows the reply', async ({ page }) => {
  await open(page);
  await selectScenario(page, 'ok');
  await page.click('#send');
  await expect(page.locator('.attempt.success')).toHaveCount(1);
  await expect(page.locator('#reply')).not.toBeEmpty();
});

test('overloaded then ok: retried with backoff until it succeeds', async ({ page }) => {
  await open(page);
  await selectScenario(page, 'overloaded-then-ok');
  await page.click('#send');
  await expect(page.locator('.attempt.success')).toHaveCount(1, { timeout: 60_000 });
  const failures = page.locator('.attempt.failure');
  expect(await failures.count()).toBeGreaterThanOrEqual(1);
  await expect(failures.first().locator('.status')).toHaveText('529');
  await expect(failures.first().locator('.what')).toHaveText('overloaded');
  await expect(failures.first().locator('.next')).toContainText('retry in');
  await page.screenshot({ path: 'test-results/playground-overloaded.png', fullPage: true });
});

test('a credit problem is explained and not retried', async ({ page }) => {
  await open(page);
  await selectScenario(page, 'credit-low');
  await page.click('#send');
  await expect(page.locator('#explanation .cause')).toHaveText('credit_balance_too_low');
  await expect(page.locator('.attempt.failure')).toHaveCount(1);
  await expect(page.locator('.attempt.failure .next')).toContainText('give up');
  await expect(page.locator('#explanation .retry')).toContainText('will not help');
});

test('a rate limit shows the server-mandated wait, and Stop ends the run', async ({ page }) => {
  await open(page);
  await selectScenario(page, 'rate-limited');
  await page.click('#send');
  await expect(page.locator('#explanation .cause')).toHaveText(/^rate_limit_/);
  await expect(page.locator('#explanation .retry')).toContainText('not sooner than');
  await expect(page.locator('#explanation .limits')).toContainText('requests');
  await page.screenshot({ path: 'test-results/playground-rate-limited.png', fullPage: true });
  await page.click('#stop');
  await expect(page.locator('#send')).toBeEnabled();
});

test('a missing browser-access header gets the CORS explanation', async ({ page }) => {
  await open(page);
  await selectScenario(page, 'ok');
  await page.uncheck('#browser-access');
  await page.click('#send');
  await expect(page.locator('#explanation .cause')).toHaveText('cors_header_missing');
  await expect(page.locator('#explanation')).toContainText('anthropic-dangerous-direct-browser-access');
});

test('the key never appears in the URL or the page text', async ({ page }) => {
  await open(page);
  const key = 'sk-ant-api03-e2e-FAKE-secret-0000000000000000000000000000000000000000000000000-ZZZZ';
  await page.fill('#api-key', key);
  await page.locator('#api-key').blur();
  await selectScenario(page, 'ok');
  await page.click('#send');
  await expect(page.locator('.attempt.success')).toHaveCount(1);
  expect(page.url()).not.toContain('FAKE-secret');
  expect(await page.locator('body').innerText()).not.toContain('FAKE-secret');
});

test('Test key lists the models a working key can use, in either header style', async ({ page }) => {
  await open(page);
  await selectScenario(page, '');
  await page.click('#test-key');
  await expect(page.locator('#reply')).toContainText(/The key works: \d+ models available/);
  await page.selectOption('#auth-style', 'bearer');
  await page.click('#test-key');
  await expect(page.locator('#reply')).toContainText('The key works');
});

test('Test key explains a rejected key without showing it', async ({ page }) => {
  await open(page);
  await selectScenario(page, '');
  await page.fill('#api-key', 'sk-ant-api03-e2e-revoked-FAKE-0000000000000000000000000000000000000000000000-QQQQ');
  await page.locator('#api-key').blur();
  await page.click('#test-key');
  await expect(page.locator('#explanation .status')).toHaveText('401');
  await expect(page.locator('#explanation .cause')).toHaveText('invalid_api_key');
  await expect(page.locator('.attempt.failure .next')).toContainText('give up');
  expect(await page.locator('body').innerText()).not.toContain('revoked-FAKE-0000');
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
  await open(page);
  // The static server sends no CORS headers, and `localhost` is another origin than the page's 127.0.0.1.
  await page.fill('#base-url', `http://localhost:${SITE_PORT}`);
  await page.locator('#base-url').blur();
  await selectScenario(page, '');
  await page.click('#send');
  await expect(page.locator('#explanation .cause')).toHaveText('cors_blocked');
  await expect(page.locator('.attempt.failure .next')).toContainText('give up');
  await expect(page.locator('#explanation')).toContainText('anthropic-dangerous-direct-browser-access');
});
