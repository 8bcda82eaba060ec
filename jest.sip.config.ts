import type { Config } from 'jest';

/**
 * `npm run test:sip`: real calls between SIP user agents in Chromium through Kamailio
 * (tests/sip/**\/*.sip.ts). Run through scripts/test-sip.mjs, which installs Kamailio when it
 * is missing and runs Jest inside a private network namespace with only `lo` (root only).
 * Two suites at a time: each starts its own Kamailio on a port of its own
 * (tests/sip/harness/kamailio.ts `suitePort`) in that namespace.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/sip'],
  testMatch: ['**/*.sip.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false }, diagnostics: false }],
  },
  maxWorkers: 2,
  testTimeout: 60_000,
};

export default config;
