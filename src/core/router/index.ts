// The runtime shard router: the shard map format, its builders and validator, and the router.
// Murmur3, HashRing, KeySpace, RangeTable and ShardMapValidator stay internal.
export * from './shard-map';
export * from './shard-maps';
export * from './shard-map-pages';
export * from './shard-router';
