export * from './registry-secret';
export * from './gitlab-registry-secret';
export * from './github-registry-secret';
export * from './docker-hub-registry-secret';
export * from './external-registry-secret';
