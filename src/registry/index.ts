export * from './challenge';
export * from './verify-pull';
