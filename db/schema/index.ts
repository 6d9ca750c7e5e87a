export * from './staff';
export * from './prisoners';
export * from './audit';
export * from './oasys';
export * from './public-protection';
export * from './irmt';
export * from './categorisation';
export * from './release-planning';
