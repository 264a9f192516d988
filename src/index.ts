// scaleblocks: the backend-neutral core. The backends are the `scaleblocks/cdk` and
// `scaleblocks/cdktf` entry points, loaded only when imported.
export * from './core';
