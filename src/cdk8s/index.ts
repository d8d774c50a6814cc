/**
 * The cdk8s constructs: registry pull Secrets that wire themselves into the pods of their chart.
 * @module regcred/cdk8s
 */
export * from './registry-secret';
export * from './gitlab-registry-secret';
export * from './github-registry-secret';
export * from './docker-hub-registry-secret';
export * from './external-registry-secret';
export type { SealOptions } from '../core';
