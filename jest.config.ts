import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // `npm test` type-checks the whole tree first; `isolatedModules` in tsconfig makes ts-jest only transpile.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false } }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

export default config;
