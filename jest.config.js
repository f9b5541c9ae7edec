/** Four kinds of test, run as separate projects: unit (pure logic, no I/O), int (real
 * PostgreSQL and the librdkafka mock cluster), e2e (the running app over HTTP and Kafka),
 * chaos (the compiled app as child processes, killed and cut off from its database and broker). */
const kind = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [`<rootDir>/test/**/*.${name}.spec.ts`],
  ...extra,
});

module.exports = {
  projects: [
    kind('unit'),
    kind('int', { globalSetup: '<rootDir>/test/support/global-setup.ts' }),
    kind('e2e', { globalSetup: '<rootDir>/test/support/global-setup.ts' }),
    kind('chaos', { globalSetup: '<rootDir>/test/support/global-setup.ts' }),
  ],
  // per-project timeouts are not honoured by jest; integration tests replay thousands of events
  testTimeout: 180000,
};
