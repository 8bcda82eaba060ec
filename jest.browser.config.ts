import type { Config } from 'jest';

/**
 * `npm run test:browser`: the end-to-end tests (`*.e2e.ts`): the playground and the
 * script-tag worker page in Chromium (found by scripts/chromium.ts: CHROMIUM_PATH, Debian's,
 * else the one @sparticuz/chromium ships), and the Stately inspector's Node bridge over a
 * real WebSocket. Separate from jest.config.ts because they start a browser and local
 * ports, which the unit run must not; same ts-jest transform, so the tests read like the others.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser', '<rootDir>/tests/adapters/inspect'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false } }],
  },
  testTimeout: 60_000,
};

export default config;
