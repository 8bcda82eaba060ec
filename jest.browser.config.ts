import type { Config } from 'jest';

/**
 * `npm run test:browser`: the playground end to end in Debian's Chromium (tests/browser/*.e2e.ts).
 * Separate from jest.config.ts because it needs /usr/bin/chromium and a free port, which the
 * unit run must not; same ts-jest transform, so the test reads like the others.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false } }],
  },
  testTimeout: 60_000,
};

export default config;
