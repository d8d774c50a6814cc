/**
 * Two tiers of tests, as two jest projects:
 * - fast (`npm test`): everything that runs on a fresh clone, the real registry and client included;
 * - system (`npm run test:system`): what needs the engine, the node and the operators running
 *   (test/engine, test/node, test/operators), started by scripts/test-system.sh.
 * The fast tier also runs the in-process cdk8s suites a second time, against a copy of cdk8s whose
 * `ApiObject` keeps its private fields under other names (project `cdk8s-renamed`): regcred stays on
 * cdk8s's public API, which a cdk8s patch release keeps.
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
      testPathIgnorePatterns: ['/node_modules/', `<rootDir>/test/(${[...SYSTEM, 'cdk8s-renamed'].join('|')})/`],
    },
    {
      ...common,
      displayName: 'cdk8s-renamed',
      tier: 'fast',
      roots: ['<rootDir>/test/cdk8s', '<rootDir>/test/cdk8s-renamed'],
      // These three synthesize in processes of their own, with the cdk8s that is installed.
      testPathIgnorePatterns: ['/node_modules/', '/(example|gitops-synth|synth-errors)\\.test\\.ts$'],
      globalSetup: '<rootDir>/test/cdk8s-renamed/setup.ts',
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '^cdk8s$': '<rootDir>/node_modules/.cache/regcred-cdk8s-renamed/lib/index.js',
      },
    },
    {
      ...common,
      displayName: 'system',
      roots: SYSTEM.map((dir) => `<rootDir>/test/${dir}`),
      // Without the engine running, the tier stops at once with one line saying how to run it.
      globalSetup: '<rootDir>/test/system-tier.ts',
    },
  ]
    .filter((project) => TIER === undefined || (project.tier ?? project.displayName) === TIER)
    .map(({ tier, ...project }) => project),
};
