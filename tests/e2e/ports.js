// Loopback ports of the e2e servers: not the playground's default 8787, so tests run beside `cargo xtask serve`.
export const MOCK_PORT = 18787;
export const SITE_PORT = 18080;
