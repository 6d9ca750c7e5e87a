export * from './staff';
export * from './prisoners';
export * from './audit';
export * from './oasys';
