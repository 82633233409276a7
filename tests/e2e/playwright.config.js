// The playground (built by `cargo xtask test e2e` into $PLAYGROUND_DIR) against triage-mock, in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import { MOCK_PORT, SITE_PORT } from './ports.js';

const mockBin = process.env.TRIAGE_MOCK_BIN;
const site = process.env.PLAYGROUND_DIR;
if (!mockBin || !site) {
  throw new Error('run through `cargo xtask test e2e` (it sets TRIAGE_MOCK_BIN and PLAYGROUND_DIR)');
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.js',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      // The closed network refuses Chromium's background calls; keep it from making them.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
    },
    viewport: { width: 1280, height: 900 },
  },
  webServer: [
    {
      // The tests point the page's base URL here.
      command: `${mockBin} --addr 127.0.0.1:${MOCK_PORT}`,
      // Without a key this answers 401, which Playwright counts as "up".
      url: `http://127.0.0.1:${MOCK_PORT}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node static-server.mjs ${site} ${SITE_PORT}`,
      url: `http://127.0.0.1:${SITE_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
