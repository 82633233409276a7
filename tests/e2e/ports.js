// Loopback ports of the e2e servers: not the playground's default 8787, so tests run beside `cargo xtask serve`.
// E2E_MOCK_PORT / E2E_SITE_PORT move them, for two runs side by side on one machine.
export const MOCK_PORT = Number(process.env.E2E_MOCK_PORT || 18787);
export const SITE_PORT = Number(process.env.E2E_SITE_PORT || 18080);
