// The CLI tests run bin/houndstack.js on the TypeScript sources (bin/register-ts.js), never on a possibly stale dist/;
// set here, in the process that starts the workers, so that every CLI they spawn inherits it.
process.env.HOUNDSTACK_CLI_FROM_SOURCE = '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // Two cores: one worker per core; the synth of the provider classes is CPU-bound.
  maxWorkers: 2,
  testTimeout: 60000,
};
