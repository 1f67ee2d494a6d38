const path = require('node:path');

/** Shared jest settings: swc transform, sources of workspace packages mapped directly. */
module.exports = function jestConfig(kind) {
  const integration = kind === 'int';
  return {
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, sourceMaps: 'inline' }] },
    moduleNameMapper: {
      '^@streamwatch/metrics-core$': path.join(__dirname, 'packages/metrics-core/src/index.ts'),
      '^@streamwatch/test-support$': path.join(__dirname, 'packages/test-support/src/index.ts'),
    },
    testMatch: integration ? ['**/*.int.test.ts'] : ['**/*.test.ts'],
    testPathIgnorePatterns: integration
      ? ['/node_modules/', '/dist/']
      : ['/node_modules/', '/dist/', '\\.int\\.test\\.ts$'],
    passWithNoTests: true,
    testTimeout: integration ? 60_000 : 10_000,
    reporters: ['default', path.join(__dirname, 'scripts/jest-results-reporter.js')],
  };
};
