export * from './errors';
export * from './image-reference';
export * from './docker-config';
export * from './keyring';
export * from './resolve-pull-credentials';
