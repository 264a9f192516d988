import { CatalogSource } from './source';

/*
 * AWS-managed prefix lists a backend needs by id where it cannot look them up: CloudFormation
 * has no lookup of a managed prefix list, so a CDK stack that admits CloudFront to a load
 * balancer needs the id of the Region's `com.amazonaws.global.cloudfront.origin-facing` list
 * (Terraform looks it up by name with the aws_ec2_managed_prefix_list data source instead).
 */

/** Where the CloudFront origin-facing prefix list ids come from. */
export const CLOUDFRONT_PREFIX_LIST_SOURCE: CatalogSource = Object.freeze({
  title: 'AWS Networking & Content Delivery blog, "Limit access to your origins using the AWS-managed prefix list for Amazon CloudFront"',
  url: 'https://aws.amazon.com/blogs/networking-and-content-delivery/limit-access-to-your-origins-using-the-aws-managed-prefix-list-for-amazon-cloudfront/',
  read: '2026-11-24',
  confirmed: false,
  note: 'The ids are per Region and not listed in the AWS documentation (which says to look the list up by name); '
    + 'these were cross-checked against a public per-Region table (aws-samples deployment guides) on 2026-11-24, not against an account. '
    + 'A stack in a Region missing here must pass the id itself.',
});

/**
 * Name of the AWS-managed prefix list of CloudFront's origin-facing addresses, the same in every
 * Region; a load balancer behind CloudFront (a VPC origin too) admits it. Source: the aws-cdk-lib
 * aws-cloudfront-origins README, "The CloudFront managed prefix list" (VPC origins), and
 * https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME = 'com.amazonaws.global.cloudfront.origin-facing';

/** Id of `com.amazonaws.global.cloudfront.origin-facing` by Region. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: { readonly [region: string]: string } = Object.freeze({
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'ca-central-1': 'pl-38a64351',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'sa-east-1': 'pl-5da64334',
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
});
