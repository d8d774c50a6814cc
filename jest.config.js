/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^regcred$': '<rootDir>/src/core/index.ts',
    '^regcred/cdk8s$': '<rootDir>/src/cdk8s/index.ts',
    '^regcred/pulumi$': '<rootDir>/src/pulumi/index.ts',
  },
};
