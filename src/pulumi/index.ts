/**
 * The Pulumi components: registry pull Secrets with outputs and transforms that wire workloads.
 * @module regcred/pulumi
 */
export * from './credentials-input';
export * from './registry-secret';
export * from './presets';
export * from './transform';
export * from './external-registry-secret';
