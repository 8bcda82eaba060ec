import type { Config } from 'jest';
import base from './jest.config';

/**
 * `npm run test:fuzz`: the two host modes' fuzz files on two workers at once. Jest runs a
 * small set of files in band when its cache says they were fast last time (as the
 * `npm test` profile of these files is), which would run the long profile's two modes one
 * after the other. Jest never runs in band when a worker memory limit is set, so the limit
 * (high enough never to recycle a worker) makes the parallel run unconditional.
 */
const config: Config = {
  ...base,
  roots: ['<rootDir>/tests/fuzz'],
  testMatch: ['**/fuzz.*.test.ts'],
  maxWorkers: 2,
  workerIdleMemoryLimit: '4GB',
};

export default config;
