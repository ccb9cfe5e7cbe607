export * from './api.ts';
export * from './errors.ts';
export * from './roles.ts';
export * from './compliance.ts';
export * from './strategy.ts';
