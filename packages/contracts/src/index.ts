export * from './api.ts';
export * from './errors.ts';
export * from './roles.ts';
export * from './compliance.ts';
export * from './contacts.ts';
export * from './payments.ts';
export * from './messaging.ts';
export * from './allocation.ts';
