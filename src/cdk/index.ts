// scaleblocks/cdk: the blocks as aws-cdk-lib constructs (CloudFormation).
export * from './common';
