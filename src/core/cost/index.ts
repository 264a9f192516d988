/**
 * Cost: prices a list of metered items with the price catalog (src/core/catalog/prices.ts) and
 * the user's overrides.
 */
export * from './price';
export * from './overrides';
export * from './estimate';
export * from './alternatives';
