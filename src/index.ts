// scaleblocks: the backend-neutral core, and the two backends as submodules. `cdk` and `cdktf`
// are loaded only when first read (build-tools/lazy-backends.js turns their eager requires into
// getters after compile), so the core alone needs neither aws-cdk-lib nor cdktf installed, and
// each backend needs only its own. Users of one backend import `scaleblocks/cdk` or
// `scaleblocks/cdktf` directly.
export * from './core';
export * as cdk from './cdk';
export * as cdktf from './cdktf';
export { SystemSpecFile } from './core/spec/system-spec-file';
