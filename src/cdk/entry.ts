// The `scaleblocks/cdk` package entry (package.json `exports` and `typesVersions`): the cdk
// constructs and, beside them, everything of the backend-neutral core their props use (enums,
// options, plans, planning and sizing), so an app imports from `scaleblocks/cdk` only and never
// needs the root, and its declarations reach no cdktf type (an app with `skipLibCheck: false`
// and only aws-cdk-lib installed type-checks).
//
// Not part of the jsii assembly: the root's `cdk` submodule is ./index, and jsii forbids a type
// exported from two submodules (JSII_3003), so the core is re-exported here, outside its reach.
export * from '../core';
export { SystemSpecFile } from '../core/spec/system-spec-file';
export * from './index';
