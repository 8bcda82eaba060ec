import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // `npm test` type-checks the whole tree first, so ts-jest only transpiles: the suite stays fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false } }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

export default config;
