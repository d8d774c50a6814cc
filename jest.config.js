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

/**
 * REGCRED_PEERS: a directory whose node_modules holds other versions of the peer dependencies
 * (scripts/test-peers.sh installs the lowest and the newest of each range there). The `peers` tier
 * runs the in-process cdk8s and Pulumi suites with `cdk8s`, `constructs`, `@pulumi/pulumi` and
 * `@pulumi/kubernetes` taken from it, also where cdk8s-plus requires them.
 */
const PEERS = process.env.REGCRED_PEERS;
const PEER_PACKAGES = ['cdk8s', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes', '@kubernetes/client-node'];

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'fast',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: [
        '/node_modules/',
        `<rootDir>/test/(${[...SYSTEM, 'cdk8s-renamed', 'peers'].join('|')})/`,
      ],
    },
    {
      ...common,
      displayName: 'cdk8s-renamed',
      // With REGCRED_PEERS, the copy is of the cdk8s there, and runs with the peers tier.
      tier: PEERS ? 'peers' : 'fast',
      roots: ['<rootDir>/test/cdk8s', '<rootDir>/test/cdk8s-renamed'],
      // These three synthesize in processes of their own, with the cdk8s that is installed.
      testPathIgnorePatterns: ['/node_modules/', '/(example|gitops-synth|synth-errors)\\.test\\.ts$'],
      globalSetup: '<rootDir>/test/cdk8s-renamed/setup.ts',
      // The first pattern that matches wins: the renamed cdk8s before the peers.
      moduleNameMapper: {
        '^cdk8s$': '<rootDir>/node_modules/.cache/regcred-cdk8s-renamed/lib/index.js',
        ...common.moduleNameMapper,
        ...(PEERS ? { [`^(${PEER_PACKAGES.join('|')})(/.*)?$`]: `${PEERS}/node_modules/$1$2` } : {}),
      },
    },
    {
      ...common,
      displayName: 'system',
      roots: SYSTEM.map((dir) => `<rootDir>/test/${dir}`),
      // Without the engine running, the tier stops at once with one line saying how to run it.
      globalSetup: '<rootDir>/test/system-tier.ts',
    },
    ...(PEERS
      ? [
          {
            ...common,
            displayName: 'peers',
            roots: ['<rootDir>/test/cdk8s', '<rootDir>/test/pulumi', '<rootDir>/test/cluster', '<rootDir>/test/peers'],
            // Programs run in processes of their own resolve the installed peers, not these; the
            // multi-language package pins its own @pulumi/pulumi (pulumi-package/package.json).
            testPathIgnorePatterns: [
              '/node_modules/',
              '/(example|gitops-synth|synth-errors|mocks-program|package)\\.test\\.ts$',
            ],
            moduleNameMapper: {
              ...common.moduleNameMapper,
              [`^(${PEER_PACKAGES.join('|')})(/.*)?$`]: `${PEERS}/node_modules/$1$2`,
            },
          },
        ]
      : []),
  ]
    .filter((project) => TIER === undefined || (project.tier ?? project.displayName) === TIER)
    .map(({ tier, ...project }) => project),
};
