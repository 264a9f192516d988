// scaleblocks/cdktf: the blocks as cdktf constructs over @cdktf/provider-aws (Terraform).
export * from './common';
