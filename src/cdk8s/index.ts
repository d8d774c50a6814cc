/**
 * The cdk8s constructs: registry pull Secrets that wire themselves into the pods of their chart.
 * Every name these files export is public (jsii reads a submodule's names from `export *`); their
 * helpers live in `_`-files.
 * @module regcred/cdk8s
 */
export * from './registry-secret';
export * from './registry-secret-props';
export * from './gitlab-registry-secret';
export * from './github-registry-secret';
export * from './docker-hub-registry-secret';
export * from './external-registry-secret';
