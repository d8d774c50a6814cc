export * from './credentials-input';
export * from './registry-secret';
export * from './presets';
export * from './transform';
export * from './external-registry-secret';
