import { CatalogSource } from './source';

/*
 * The AWS accounts that deliver Application Load Balancer access logs in the Regions opened
 * before August 2022: a backend grants them s3:PutObject on the access-log bucket. Regions opened
 * since deliver as the service principal `logdelivery.elasticloadbalancing.amazonaws.com`, which
 * the bucket policies admit too. Terraform's aws_elb_service_account data source knows only the
 * older Regions and fails in the others, so the Terraform backend looks the account up here.
 */

/** Where the accounts come from. */
export const ELB_LOG_DELIVERY_SOURCE: CatalogSource = Object.freeze({
  title: 'Elastic Load Balancing User Guide, "Enable access logs for your Application Load Balancer", step 2',
  url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
  read: '2026-11-24',
  confirmed: false,
  note: 'Carried over from the table of aws-cdk-lib region-info (the same list), not read against the AWS page on that date.',
});

/** The ELB log-delivery account by Region (Regions opened before August 2022). */
export const ELB_LOG_DELIVERY_ACCOUNTS: { readonly [region: string]: string } = Object.freeze({
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-northeast-1': '582318560864',
  'ap-northeast-2': '600734575887',
  'ap-northeast-3': '383597477331',
  'ap-south-1': '718504428378',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-southeast-3': '589379963580',
  'ca-central-1': '985666609251',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
  'eu-central-1': '054676820928',
  'eu-north-1': '897822967062',
  'eu-south-1': '635631232127',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-west-3': '009996457667',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-gov-east-1': '190560391635',
  'us-gov-west-1': '048591011584',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
});
