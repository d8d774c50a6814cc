/**
 * Two tiers of tests, as two jest projects:
 * - fast (`npm test`): everything that runs on a fresh clone, the real registry and client included;
 * - system (`npm run test:system`): what needs the engine, the node and the operators running
 *   (test/engine, test/node, test/operators), started by scripts/test-system.sh.
 * REGCRED_TIER=fast or system keeps one of them (an environment variable rather than
 * --selectProjects, which would take the test paths after it for project names). Plain `jest` has
 * both: a system suite without the engine then stops the run at once, naming the command.
 * @type {import('jest').Config}
 */
const SYSTEM = ['engine', 'node', 'operators'];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  testMatch: ['**/*.test.ts'],
  // build/jsii is the jsii copy of the package (scripts/jsii.sh): not a second regcred for jest.
  modulePathIgnorePatterns: ['<rootDir>/build/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^regcred$': '<rootDir>/src/core/index.ts',
    '^regcred/cdk8s$': '<rootDir>/src/cdk8s/index.ts',
    '^regcred/pulumi$': '<rootDir>/src/pulumi/index.ts',
  },
};

const TIER = process.env.REGCRED_TIER;

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'fast',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', `<rootDir>/test/(${SYSTEM.join('|')})/`],
    },
    {
      ...common,
      displayName: 'system',
      roots: SYSTEM.map((dir) => `<rootDir>/test/${dir}`),
      // Without the engine running, the tier stops at once with one line saying how to run it.
      globalSetup: '<rootDir>/test/system-tier.ts',
    },
  ].filter((project) => TIER === undefined || project.displayName === TIER),
};
