// The `scaleblocks/cdktf` package entry (package.json `exports` and `typesVersions`): the cdktf
// constructs and, beside them, everything of the backend-neutral core their props use (enums,
// options, plans, planning and sizing), so an app imports from `scaleblocks/cdktf` only and never
// needs the root, and its declarations reach no aws-cdk-lib type (an app with `skipLibCheck: false`
// and only cdktf and @cdktf/provider-aws installed type-checks).
//
// Not part of the jsii assembly: the root's `cdktf` submodule is ./index, and jsii forbids a type
// exported from two submodules (JSII_3003), so the core is re-exported here, outside its reach.
export * from '../core';
export { SystemSpecFile } from '../core/spec/system-spec-file';
export * from './index';
