import { CatalogSource, deepFreeze } from './source';

/**
 * The price catalog: on-demand list prices of what the blocks synthesize, one row per
 * (price key, Region, dimensions), each with its unit, its public source and the date it was read.
 *
 * A figure is here only when it was read from a public AWS pricing page or a dated public copy of
 * one; a figure that could not be read is a missing row, never a guess and never another
 * Region's figure. `priceRow` says so with a typed "no price" and the reason.
 *
 * Amounts are kept as the decimal strings the sources print (`'0.04048'`), so pricing can work in
 * integer arithmetic (see src/core/cost/price.ts).
 */

/** The unit a price is quoted per. */
export enum PriceUnit {
  /** Per hour a resource runs (instance-hour, node-hour, load-balancer-hour). */
  HOUR = 'hour',
  /** Per vCPU per hour (Fargate). */
  VCPU_HOUR = 'vCPU-hour',
  /** Per GB of memory per hour (Fargate). */
  GB_HOUR = 'GB-hour',
  /** Per capacity unit per hour (ALB LCU, NLB NLCU). */
  CAPACITY_UNIT_HOUR = 'capacity-unit-hour',
  /** Per GB stored for a month. */
  GB_MONTH = 'GB-month',
  /** Per GB transferred or processed. */
  GB = 'GB',
  /** Per million requests (or request units, publishes, I/Os). */
  MILLION_REQUESTS = 'million-requests',
  /** Per 10,000 requests (CloudFront). */
  TEN_THOUSAND_REQUESTS = '10k-requests',
  /** Per item per month (a web ACL, a rule, a secret, a key, an alarm). */
  MONTH = 'month',
}

/** What a price key meters: its unit, the dimensions its rows name, and a description. */
export interface PriceKeySpec {
  /** The unit every row of the key is quoted in. */
  readonly unit: PriceUnit;
  /** The dimensions every row of the key names. */
  readonly dimensions: string[];
  /** What is metered, in words. */
  readonly description: string;
}

/**
 * Every price key the catalog knows, with the unit its rows are quoted in and the dimensions a
 * row of it names (in that order). A key is `<service>.<what is metered>`.
 */
export const PRICE_KEYS: Readonly<Record<string, PriceKeySpec>> = deepFreeze({
  'fargate.vcpu-hour': { unit: PriceUnit.VCPU_HOUR, dimensions: ['architecture'], description: 'AWS Fargate Linux vCPU per hour (architecture x86_64 or arm64)' },
  'fargate.gb-hour': { unit: PriceUnit.GB_HOUR, dimensions: ['architecture'], description: 'AWS Fargate Linux memory GB per hour (architecture x86_64 or arm64)' },
  'ec2.instance-hour': { unit: PriceUnit.HOUR, dimensions: ['instanceType'], description: 'EC2 Linux on-demand instance-hour (instanceType)' },
  'rds.instance-hour': { unit: PriceUnit.HOUR, dimensions: ['class', 'engine', 'storage'], description: 'RDS or Aurora Single-AZ on-demand DB instance-hour (class, engine, storage: standard or io-optimized)' },
  'aurora.storage-gb-month': { unit: PriceUnit.GB_MONTH, dimensions: ['storage'], description: 'Aurora cluster storage per GB-month (storage: standard or io-optimized)' },
  'aurora.io-million': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'Aurora Standard I/O requests per million (none on I/O-Optimized)' },
  'rds.gp3-gb-month': { unit: PriceUnit.GB_MONTH, dimensions: [], description: 'RDS General Purpose SSD (gp3) storage per GB-month, Single-AZ' },
  'elasticache.node-hour': { unit: PriceUnit.HOUR, dimensions: ['nodeType', 'engine'], description: 'ElastiCache on-demand node-hour (nodeType, engine: valkey, redis or memcached)' },
  'alb.hour': { unit: PriceUnit.HOUR, dimensions: [], description: 'Application Load Balancer hour' },
  'alb.lcu-hour': { unit: PriceUnit.CAPACITY_UNIT_HOUR, dimensions: [], description: 'Application Load Balancer LCU-hour' },
  'nlb.hour': { unit: PriceUnit.HOUR, dimensions: [], description: 'Network Load Balancer hour' },
  'nlb.nlcu-hour': { unit: PriceUnit.CAPACITY_UNIT_HOUR, dimensions: [], description: 'Network Load Balancer NLCU-hour' },
  'nat.hour': { unit: PriceUnit.HOUR, dimensions: [], description: 'NAT gateway hour' },
  'nat.gb': { unit: PriceUnit.GB, dimensions: [], description: 'NAT gateway data processed per GB' },
  'cloudfront.gb': { unit: PriceUnit.GB, dimensions: ['geography'], description: 'CloudFront regional data transfer out to the internet per GB, first 10 TB a month (geography as CloudFront prices it)' },
  'cloudfront.https-10k-requests': { unit: PriceUnit.TEN_THOUSAND_REQUESTS, dimensions: ['geography'], description: 'CloudFront HTTPS requests per 10,000 (geography)' },
  'waf.web-acl-month': { unit: PriceUnit.MONTH, dimensions: [], description: 'AWS WAF web ACL per month' },
  'waf.rule-month': { unit: PriceUnit.MONTH, dimensions: [], description: 'AWS WAF rule per month' },
  'waf.million-requests': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'AWS WAF requests per million' },
  'sqs.million-requests': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'SQS standard queue requests per million (past the free tier)' },
  'sns.million-publishes': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'SNS standard topic publishes per million' },
  'dynamodb.million-write-request-units': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'DynamoDB on-demand write request units per million (Standard table class)' },
  'dynamodb.million-read-request-units': { unit: PriceUnit.MILLION_REQUESTS, dimensions: [], description: 'DynamoDB on-demand read request units per million (Standard table class)' },
  'secretsmanager.secret-month': { unit: PriceUnit.MONTH, dimensions: [], description: 'Secrets Manager secret per month' },
  'kms.key-month': { unit: PriceUnit.MONTH, dimensions: [], description: 'KMS customer managed key per month' },
  'logs.ingestion-gb': { unit: PriceUnit.GB, dimensions: [], description: 'CloudWatch Logs standard ingestion per GB' },
  'cloudwatch.alarm-month': { unit: PriceUnit.MONTH, dimensions: [], description: 'CloudWatch standard-resolution alarm metric per month' },
  's3.standard-gb-month': { unit: PriceUnit.GB_MONTH, dimensions: [], description: 'S3 Standard storage per GB-month, first 50 TB a month' },
});

/** The pseudo-Region of rows that are priced by geography, not by Region (CloudFront). */
export const GLOBAL_REGION = 'global';

/** One price: what is metered (`key` + `dimensions`), where (`region`), per what (`unit`), how much and from where. */
export interface PriceRow {
  /** The price key, e.g. `fargate.vcpu-hour` (one of PRICE_KEYS). */
  readonly key: string;
  /** The AWS Region, e.g. `eu-west-1`, or `global` for CloudFront. */
  readonly region: string;
  /** The dimensions the price depends on, e.g. `{ architecture: 'arm64' }`; `{}` when none. */
  readonly dimensions: { [name: string]: string };
  /** The unit the price is quoted per. */
  readonly unit: PriceUnit;
  /** The price in USD as a decimal string, exactly as the source prints it, e.g. `'0.04048'`. */
  readonly usd: string;
  /** Where the figure comes from and when it was read. */
  readonly source: CatalogSource;
}

/** The date the price rows were read. */
export const PRICES_READ_DATE = '2026-12-07';

function read(title: string, url: string, note: string): CatalogSource {
  return Object.freeze({ title, url, read: PRICES_READ_DATE, confirmed: true, note });
}

const THIRD_PARTY = 'A dated third-party copy of the AWS list price (the AWS pricing page itself renders its tables with scripts and was not readable); check it against https://aws.amazon.com/pricing/ before relying on it.';

/** Every source the price rows cite, by key. */
export const PRICE_SOURCES = Object.freeze({
  fargateVantage: read(
    'Vantage, "AWS Fargate Pricing Explained"',
    'https://www.vantage.sh/blog/fargate-pricing',
    `us-east-1: Linux/x86 $0.04048 per vCPU per hour and $0.004445 per GB per hour; Linux/ARM $0.03238 and $0.00356. The same x86 figures in Wring, "AWS Fargate Pricing" (2026-03-10). ${THIRD_PARTY}`,
  ),
  elbNegotiations: read(
    'AWS Negotiations, "Elastic Load Balancer Cost: ALB, NLB, GWLB Pricing Decoded" (May 2026)',
    'https://awsnegotiations.com/elastic-load-balancer-cost.html',
    `ALB $0.0225 per hour and $0.008 per LCU-hour; NLB $0.0225 per hour and $0.006 per NLCU-hour; the companion post (awsnegotiations.com/blog/elastic-load-balancer-cost/) gives them as US East rates. ${THIRD_PARTY}`,
  ),
  natBasavytix: read(
    'Basavytix, "AWS NAT Gateway pricing"',
    'https://basavytix.com/blog/aws-nat-gateway-pricing',
    `"$0.045/hr" and "$0.045/GB": "These are the us-east-1 rates"; "ap-southeast-1 (Singapore) is $0.059/hr and $0.059/GB". The us-east-1 figures agree with CloudBurn, "AWS NAT Gateway Pricing" (2026-02-24). ${THIRD_PARTY}`,
  ),
  auroraStorageJusdb: read(
    'JusDB, "Aurora I/O-Optimized vs Standard: when to switch"',
    'https://www.jusdb.com/blog/aurora-io-optimized-vs-standard-when-to-switch',
    `us-east-1: storage $0.10 per GB-month (Standard) and $0.225 (I/O-Optimized); I/O requests $0.20 per million (Standard), none on I/O-Optimized. The same three figures in AWS Negotiations, "Aurora I/O-Optimized vs Standard Cost" (June 2026). ${THIRD_PARTY}`,
  ),
  rdsGp3UsageAi: read(
    'Usage.ai, "RDS pricing calculator" (rates for US East (N. Virginia), June 2026)',
    'https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/',
    `gp3 storage "GB provisioned x $0.115/month", 3,000 IOPS and 125 MB/s included. ${THIRD_PARTY}`,
  ),
  cloudFrontPricing: read(
    'Amazon CloudFront pricing',
    'http://aws.amazon.com/cloudfront/pricing',
    'Regional data transfer out to internet, first 10 TB a month: United States, Mexico and Canada $0.085; Europe, Israel and Türkiye $0.085; South Africa, Kenya, Nigeria and Middle East $0.110; South America $0.110; Japan $0.114; Australia and New Zealand $0.114; Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia and Vietnam $0.120; India $0.109 (later tiers cheaper). Request prices were not in the readable part of the page.',
  ),
  wafPricing: read(
    'C3X, "AWS WAF cost explained", with AWS Networking & Content Delivery Blog, "Cost-effective ways for securing your web applications using AWS WAF"',
    'https://c3x.dev/blog/aws-waf-cost-explained/',
    `$5 per web ACL per month, $1 per rule per month, $0.60 per million requests (the same in AWS Negotiations, "AWS WAF Pricing Strategy", 2026); the AWS blog (aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/) states "The pricing for AWS WAF is consistent across all AWS Regions", so the rows hold for every Region listed. ${THIRD_PARTY}`,
  ),
  sqsPricing: read(
    'ADHDecode, "SQS cost per million messages"',
    'https://adhdecode-articles-4.pages.dev/articles/sqs/sqs-cost-per-million-messages-pricing',
    `SQS Standard queues in us-east-1: "$0.40 per million requests". ${THIRD_PARTY}`,
  ),
  snsPricing: read(
    'FactualMinds, "Amazon SNS Pricing: Why a Single Publish Can Bill as Four Charges"',
    'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/',
    `"Standard topic publish is $0.50/M" (deliveries are billed on top, by protocol). ${THIRD_PARTY}`,
  ),
  dynamoDbPricing: read(
    'R. Raheja, "Amazon DynamoDB Pricing Explained: Detailed Breakdown with Examples" (LinkedIn)',
    'https://www.linkedin.com/pulse/amazon-dynamodb-pricing-explained-detailed-breakdown-examples-raheja-u9bbc',
    `On-demand, US East: writes $0.625 per million write request units, reads $0.125 per million read request units. ${THIRD_PARTY}`,
  ),
  kmsPricing: read(
    'CloudBurn, "AWS KMS Pricing: Complete Breakdown" (2026-03-14, from the official KMS pricing page)',
    'https://cloudburn.io/blog/aws-kms-pricing',
    `"a flat $1/month per customer managed key"; FactualMinds, "AWS KMS Pricing" gives the same for us-east-1 (June 2026). ${THIRD_PARTY}`,
  ),
  cloudWatchLogsPricing: read(
    'FactualMinds, "Amazon CloudWatch Pricing: The 10 Billing Dimensions" (2026-06-13)',
    'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/',
    `"Logs ingestion at $0.50/GB" (us-east-1; the alarm rate was not in the readable part). ${THIRD_PARTY}`,
  ),
  s3StoragePricing: read(
    'D. Soni, "Understanding Amazon S3 Pricing"',
    'https://deepeshsoni.com/archives/256',
    `S3 Standard in US East (N. Virginia): "around $0.023 per GB-month for the first 50 TB each month". ${THIRD_PARTY}`,
  ),
  albIrelandCalculator: read(
    'calculator.city, "AWS ALB Cost Calculator" (regional price table)',
    'https://cal53.calculator.city/aws-alb-cost-calculator/',
    `Application Load Balancer per hour: US East (N. Virginia) $0.0225, Europe (Ireland) $0.0252. A public Cost Explorer table for eu-west-1 (July 2026, in a GitHub ADR found by the search index) agrees: EU-LoadBalancerUsage $15.00 for 595 hours, "$18.40" for 730. ${THIRD_PARTY}`,
  ),
  fargateIrelandPriceList: Object.freeze({
    title: 'AWS Price List API figures quoted in a public audit (2026-05-01) of a cost tool, eu-west-1 Fargate',
    url: 'https://aws.amazon.com/fargate/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: read on 2026-12-07 in a public GitHub file that quotes the AWS Price List API for eu-west-1 (EU-Fargate-vCPU-Hours:perCPU SKU K4EXFQ5YFQCP98EN $0.04048; EU-Fargate-GB-Hours UP5ETC3QSW2QZGEY $0.004445; EU-Fargate-ARM-vCPU-Hours:perCPU KXC9CEUQGJQPNZPY $0.03238; EU-Fargate-ARM-GB-Hours MGJ5EB5GSHR8QZDF $0.00356), but the search index did not name the repository, and the AWS pricing page (the url) renders its tables with scripts. A second public file, a Cost Explorer table for eu-west-1 (July 2026), agrees for x86: 148 vCPU-hours $6.01, 297 GB-hours $1.32.',
  } as CatalogSource),
  rdsGp3IrelandBill: Object.freeze({
    title: 'A public Cost Explorer table for eu-west-1 (July 2026), RDS gp3 storage',
    url: 'https://aws.amazon.com/rds/postgresql/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: derived, not printed: EU-RDS:GP3-Storage $2.54 for 20 GiB in a month (= $0.127 per GB-month), read on 2026-12-07 in a public GitHub ADR whose repository the search index did not name. The url is the page to confirm it on.',
  } as CatalogSource),
  natIrelandPriceList: Object.freeze({
    title: 'AWS Price List API, AmazonEC2 offer file for eu-west-1 (publication 2026-09-25), NAT Gateway products, as a public extract quotes them',
    url: 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/20260925174521/eu-west-1/index.json',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: read on 2026-12-07 in a public GitHub file describing a verbatim extract of that offer file (retrieved 2026-10-02): '
      + '"EU-NatGateway-Hours $0.048/Hrs, EU-NatGateway-Bytes $0.048/GB"; the search index did not name the repository, and the offer '
      + 'file itself (441 MB, the url) was not read here. CloudPipelines, "AWS NAT Gateway pricing 2026" gives Europe (Ireland, Frankfurt, '
      + 'London) as "~$0.048-$0.052" per hour and per GB, which agrees.',
  } as CatalogSource),
  secretsManagerHivebook: Object.freeze({
    title: 'Hivebook, "AWS Secrets Manager"',
    url: 'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed for a Region: the page says "Pricing is $0.40 per secret per month + $0.05 per 10k API calls" without naming a Region; recorded for us-east-1 only, the Region the other third-party pages quote. Check it on https://aws.amazon.com/secrets-manager/pricing/.',
  } as CatalogSource),
  ec2KarpenterUsEast1: read(
    'aws/karpenter-provider-aws, pkg/providers/pricing/zz_generated.pricing_aws.go ("generated at 2026-01-19T13:23:24Z for us-east-1", from the AWS Price List API)',
    'https://github.com/aws/karpenter-provider-aws/blob/031e72b6099630e960dacb88b48a7e9bb780945f/pkg/providers/pricing/zz_generated.pricing_aws.go',
    'EC2 Linux on-demand prices per hour, us-east-1 only (the file holds no other Region), as AWS\'s Karpenter project checks them in; '
      + 'printed with six decimals (m7g.large 0.081600). FactualMinds, "Amazon EC2 On-Demand Pricing" (2026-06-17) gives the same '
      + 'm7g.large figure for us-east-1 ($0.0816/hr), and a public cost model quoting the AmazonEC2 offer file 20260831181331 for '
      + 'us-east-1 gives m7g.xlarge at USD 0.1632 an hour, as here. A dated public copy of the AWS list price; check it against https://aws.amazon.com/ec2/pricing/on-demand/.',
  ),
  elastiCacheIrelandPriceApi: Object.freeze({
    title: 'A public design note on ElastiCache multi-Region (updated 2026-09-20) quoting the AWS Price List API for eu-west-1',
    url: 'https://aws.amazon.com/elasticache/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: read on 2026-12-07 in a public GitHub Markdown file (front matter "updated: 2026-09-20") whose repository the search '
      + 'index did not name: "Verified in the pricing API: cache.r7g.large in eu-west-1 is $0.243/hr for Redis and $0.1944/hr for Valkey '
      + '- exactly 20%". Only cache.r7g.large is quoted; no other node type or Region, and no Memcached figure. The url is the page to confirm it on.',
  } as CatalogSource),
  auroraIrelandCur: Object.freeze({
    title: 'A public cost audit quoting an AWS Cost and Usage Report for eu-west-1 (May 2026, frozen 2026-06-23), Aurora PostgreSQL db.r6g.large',
    url: 'https://aws.amazon.com/rds/aurora/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: derived, not printed: each of four Aurora PostgreSQL db.r6g.large instances (usage type EU-InstanceUsage:db.r6g.large, '
      + 'so Aurora Standard, Single-AZ instance, running all 31 days) has unblended usage cost 212.784000 USD for May 2026, which is '
      + '212.784 / 744 h = 0.286 per hour (the net after an enterprise discount, 195.76128, is not the list price and is not used). '
      + 'Read on 2026-12-07 in a public GitHub file whose repository the search index did not name. Third-party pages disagree about '
      + 'Aurora instance prices and name no Region (db.r6g.large Aurora PostgreSQL given as $0.30, $0.338 and $0.29), so none of them is used. '
      + 'The url is the page to confirm it on.',
  } as CatalogSource),
  kmsPricingPage: read(
    'AWS Key Management Service pricing (the stored public copy of the AWS page)',
    'https://aws.amazon.com/kms/pricing/',
    'Key storage: "Each AWS KMS key that you create in KMS costs $1/month. The $1/month charge is the same for symmetric keys, '
      + 'asymmetric keys, each multi-Region key (each primary and each replica multi-region key), keys with imported key material, and '
      + 'keys in custom key stores." The page prints this key price once, with no Region selector and no Region qualifier (its free '
      + 'tier is "calculated across all regions"), so it is used as the statement of one price for every Region listed. '
      + 'A public summary of the AwsKms offer file for eu-west-2 (2026-09-11) agrees for London: "$1 per customer-managed key version per month".',
  ),
  euWest1PriceListReadme: Object.freeze({
    title: 'A public deployment README (costs section, figures read 2026-09-16) quoting the AWS Price List API offer files for eu-west-1',
    url: 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSQueueService/current/eu-west-1/index.json',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: read on 2026-12-07 in a public GitHub Markdown file whose repository the search index did not name. It says '
      + '"Every number was read on 2026-09-16 from the source in the last column (the AWS figures come from the official Price List API '
      + 'for eu-west-1 ...)", and its table gives: SQS "$0.40/million requests" (source: AWSQueueService/current/eu-west-1/index.json, '
      + 'the url); CloudWatch Logs "15 GB ingested at $0.57/GB" (AmazonCloudWatch/current/eu-west-1/index.json); S3 "$0.023/GB-mo '
      + 'standard storage" (AmazonS3/current/eu-west-1/index.json); CloudWatch alarms "$0.10 per alarm-month" (same CloudWatch file). '
      + 'The offer files themselves were not read here.',
  } as CatalogSource),
  secretsManagerIrelandReadme: Object.freeze({
    title: 'The same public deployment README (eu-west-1 costs, read 2026-09-16), Secrets Manager line',
    url: 'https://aws.amazon.com/secrets-manager/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: the eu-west-1 cost table of that README gives "Secrets Manager (1 secret) ~$0.40 ... $0.40 per secret-month", '
      + 'citing the AWS Secrets Manager pricing page (the url), not the eu-west-1 offer file its other AWS lines cite; a public '
      + 'transcription of that page (api-evangelist, 2026-09-20) notes its main price table is filled in per Region by script, so the page '
      + 'itself was not readable here. No figure was found for ap-southeast-1.',
  } as CatalogSource),
  auroraIoIrelandPriceApi: Object.freeze({
    title: 'A public cost-scanner source file quoting the AWS Price List API (June 2026) for Aurora Standard I/O',
    url: 'https://aws.amazon.com/rds/aurora/pricing/',
    read: PRICES_READ_DATE,
    confirmed: false,
    note: 'Unconfirmed: read on 2026-12-07 in a public GitHub Python file whose repository the search index did not name: "Aurora '
      + 'Standard-tier per-request I/O rate, $/1M requests. Live (Pricing API 2026-06, usagetype suffix Aurora:StorageIOUsage, unit '
      + '"IOs"): $0.20/M us-east-1, $0.22/M eu-central-1 / eu-west-1". Its us-east-1 figure agrees with the us-east-1 row. No eu-west-1 '
      + 'Aurora storage (GB-month) figure was found. The url is the page to confirm it on.',
  } as CatalogSource),
});

const S = PRICE_SOURCES;

/** The Regions the examples deploy to (eu-west-1) and the global-users shards' Regions. */
export const EXAMPLE_REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-1'] as const;

function row(key: string, region: string, usd: string, source: CatalogSource, dimensions: Record<string, string> = {}): PriceRow {
  return { key, region, dimensions, unit: PRICE_KEYS[key].unit, usd, source };
}

const CLOUDFRONT_FIRST_10TB: Array<[string, string]> = [
  ['united-states-mexico-canada', '0.085'],
  ['europe-israel-turkiye', '0.085'],
  ['south-africa-kenya-nigeria-middle-east', '0.110'],
  ['south-america', '0.110'],
  ['japan', '0.114'],
  ['australia-new-zealand', '0.114'],
  ['hong-kong-indonesia-philippines-singapore-south-korea-taiwan-thailand-malaysia-vietnam', '0.120'],
  ['india', '0.109'],
];

/**
 * EC2 Linux on-demand instance-hour prices in us-east-1 of every instance type the catalog
 * knows (src/core/catalog/instances.ts), as the cited Karpenter file prints them.
 */
const EC2_US_EAST_1: Array<[string, string]> = [
  ['m7g.medium', '0.040800'], ['m7g.large', '0.081600'], ['m7g.xlarge', '0.163200'], ['m7g.2xlarge', '0.326400'],
  ['m7g.4xlarge', '0.652800'], ['m7g.8xlarge', '1.305600'], ['m7g.12xlarge', '1.958400'], ['m7g.16xlarge', '2.611200'],
  ['m7i.large', '0.100800'], ['m7i.xlarge', '0.201600'], ['m7i.2xlarge', '0.403200'], ['m7i.4xlarge', '0.806400'],
  ['m7i.8xlarge', '1.612800'], ['m7i.12xlarge', '2.419200'], ['m7i.16xlarge', '3.225600'],
  ['c7g.medium', '0.036300'], ['c7g.large', '0.072500'], ['c7g.xlarge', '0.145000'], ['c7g.2xlarge', '0.290000'],
  ['c7g.4xlarge', '0.580000'], ['c7g.8xlarge', '1.160000'], ['c7g.12xlarge', '1.740000'], ['c7g.16xlarge', '2.320000'],
  ['c7i.large', '0.089250'], ['c7i.xlarge', '0.178500'], ['c7i.2xlarge', '0.357000'], ['c7i.4xlarge', '0.714000'],
  ['c7i.8xlarge', '1.428000'], ['c7i.12xlarge', '2.142000'], ['c7i.16xlarge', '2.856000'],
  ['r7g.medium', '0.053600'], ['r7g.large', '0.107100'], ['r7g.xlarge', '0.214200'], ['r7g.2xlarge', '0.428400'],
  ['r7g.4xlarge', '0.856800'], ['r7g.8xlarge', '1.713600'], ['r7g.12xlarge', '2.570400'], ['r7g.16xlarge', '3.427200'],
  ['r7i.large', '0.132300'], ['r7i.xlarge', '0.264600'], ['r7i.2xlarge', '0.529200'], ['r7i.4xlarge', '1.058400'],
  ['r7i.8xlarge', '2.116800'], ['r7i.12xlarge', '3.175200'], ['r7i.16xlarge', '4.233600'],
  ['m6g.medium', '0.038500'], ['m6g.large', '0.077000'], ['m6g.xlarge', '0.154000'], ['m6g.2xlarge', '0.308000'],
  ['m6g.4xlarge', '0.616000'], ['m6g.8xlarge', '1.232000'], ['m6g.12xlarge', '1.848000'], ['m6g.16xlarge', '2.464000'],
  ['m6i.large', '0.096000'], ['m6i.xlarge', '0.192000'], ['m6i.2xlarge', '0.384000'], ['m6i.4xlarge', '0.768000'],
  ['m6i.8xlarge', '1.536000'], ['m6i.12xlarge', '2.304000'], ['m6i.16xlarge', '3.072000'],
  ['c6g.medium', '0.034000'], ['c6g.large', '0.068000'], ['c6g.xlarge', '0.136000'], ['c6g.2xlarge', '0.272000'],
  ['c6g.4xlarge', '0.544000'], ['c6g.8xlarge', '1.088000'], ['c6g.12xlarge', '1.632000'], ['c6g.16xlarge', '2.176000'],
  ['r6g.medium', '0.050400'], ['r6g.large', '0.100800'], ['r6g.xlarge', '0.201600'], ['r6g.2xlarge', '0.403200'],
  ['r6g.4xlarge', '0.806400'], ['r6g.8xlarge', '1.612800'], ['r6g.12xlarge', '2.419200'], ['r6g.16xlarge', '3.225600'],
  ['r6i.large', '0.126000'], ['r6i.xlarge', '0.252000'], ['r6i.2xlarge', '0.504000'], ['r6i.4xlarge', '1.008000'],
  ['r6i.8xlarge', '2.016000'], ['r6i.12xlarge', '3.024000'], ['r6i.16xlarge', '4.032000'],
  ['r8g.medium', '0.058910'], ['r8g.large', '0.117820'], ['r8g.xlarge', '0.235640'], ['r8g.2xlarge', '0.471280'],
  ['r8g.4xlarge', '0.942560'], ['r8g.8xlarge', '1.885120'], ['r8g.12xlarge', '2.827680'], ['r8g.16xlarge', '3.770240'],
  ['t4g.micro', '0.008400'], ['t4g.small', '0.016800'], ['t4g.medium', '0.033600'], ['t4g.large', '0.067200'],
  ['t4g.xlarge', '0.134400'], ['t4g.2xlarge', '0.268800'],
];

/** CloudFront's geographies, as the `geography` dimension spells them. */
export const CLOUDFRONT_GEOGRAPHIES: readonly string[] = Object.freeze(CLOUDFRONT_FIRST_10TB.map(([g]) => g));

/**
 * Every price row. Rows with `source.confirmed: false` say why in their note.
 *
 * Gaps (searched 2026-12-07, each a missing row, so a lookup says "no price"): eu-west-1 has
 * Fargate, the ALB hour, NAT, RDS gp3, WAF, KMS keys, Aurora Standard I/O, SQS, Logs ingestion, S3
 * Standard, Secrets Manager, one Aurora class (db.r6g.large, Aurora PostgreSQL Standard, derived
 * from a bill) and one ElastiCache node type (cache.r7g.large, Redis and Valkey), but no Aurora
 * storage (GB-month) figure; ap-southeast-1 only NAT, WAF and KMS keys (no Aurora storage or I/O,
 * Secrets Manager or instance figure). EC2 instance-hours are here for us-east-1 only (every type
 * the catalog knows); no dated public copy of an eu-west-1 or ap-southeast-1 EC2 price was found.
 * No other RDS/Aurora class (none of db.r7g.large, xlarge or 2xlarge, the examples' classes, in any
 * Region, Standard or I/O-Optimized) or ElastiCache node type has a figure: the third-party pages
 * found quote us-east-1 without a date or disagree with each other (db.r7g.large Aurora PostgreSQL
 * given as $0.26 and $0.276 an hour; db.r6g.large as $0.29, $0.30 and $0.338), and no copy of an
 * AmazonRDS offer file or bill quoting an Aurora db.r7g figure was found, so none is used (a
 * us-east-1 RDS figure quoted from the AmazonRDS offer file 20260831092223, db.r7g.large Multi-AZ
 * USD 0.478 an hour, is a Multi-AZ price, which no key here holds). Nor the CloudWatch alarm: USD
 * 0.10 per standard-resolution alarm metric a month is quoted for us-east-1 (the AmazonCloudWatch
 * offer file 20260831092148, in a public cost model) and for eu-west-1 (the README cited as
 * euWest1PriceListReadme), but it is left out: the estimate counts alarm resources, and a
 * metric-math alarm such as the work queue's scale-in alarm is billed per metric, so a row would
 * under-price it without saying so. Nor CloudFront request, NLB/ALB capacity-unit (outside
 * us-east-1), SNS or DynamoDB figures outside us-east-1.
 */
export const PRICE_ROWS: readonly PriceRow[] = deepFreeze([
  // --- Fargate (us-east-1) -----------------------------------------------------------------
  row('fargate.vcpu-hour', 'us-east-1', '0.04048', S.fargateVantage, { architecture: 'x86_64' }),
  row('fargate.gb-hour', 'us-east-1', '0.004445', S.fargateVantage, { architecture: 'x86_64' }),
  row('fargate.vcpu-hour', 'us-east-1', '0.03238', S.fargateVantage, { architecture: 'arm64' }),
  row('fargate.gb-hour', 'us-east-1', '0.00356', S.fargateVantage, { architecture: 'arm64' }),
  row('fargate.vcpu-hour', 'eu-west-1', '0.04048', S.fargateIrelandPriceList, { architecture: 'x86_64' }),
  row('fargate.gb-hour', 'eu-west-1', '0.004445', S.fargateIrelandPriceList, { architecture: 'x86_64' }),
  row('fargate.vcpu-hour', 'eu-west-1', '0.03238', S.fargateIrelandPriceList, { architecture: 'arm64' }),
  row('fargate.gb-hour', 'eu-west-1', '0.00356', S.fargateIrelandPriceList, { architecture: 'arm64' }),

  // --- Elastic Load Balancing (us-east-1) --------------------------------------------------
  row('alb.hour', 'us-east-1', '0.0225', S.elbNegotiations),
  row('alb.lcu-hour', 'us-east-1', '0.008', S.elbNegotiations),
  row('alb.hour', 'eu-west-1', '0.0252', S.albIrelandCalculator),
  row('nlb.hour', 'us-east-1', '0.0225', S.elbNegotiations),
  row('nlb.nlcu-hour', 'us-east-1', '0.006', S.elbNegotiations),

  // --- NAT gateway ---------------------------------------------------------------------------
  row('nat.hour', 'us-east-1', '0.045', S.natBasavytix),
  row('nat.gb', 'us-east-1', '0.045', S.natBasavytix),
  row('nat.hour', 'ap-southeast-1', '0.059', S.natBasavytix),
  row('nat.gb', 'ap-southeast-1', '0.059', S.natBasavytix),
  row('nat.hour', 'eu-west-1', '0.048', S.natIrelandPriceList),
  row('nat.gb', 'eu-west-1', '0.048', S.natIrelandPriceList),

  // --- Aurora storage and I/O, RDS gp3 (us-east-1) -------------------------------------------
  row('aurora.storage-gb-month', 'us-east-1', '0.10', S.auroraStorageJusdb, { storage: 'standard' }),
  row('aurora.storage-gb-month', 'us-east-1', '0.225', S.auroraStorageJusdb, { storage: 'io-optimized' }),
  row('aurora.io-million', 'us-east-1', '0.20', S.auroraStorageJusdb),
  row('aurora.io-million', 'eu-west-1', '0.22', S.auroraIoIrelandPriceApi),
  row('rds.gp3-gb-month', 'us-east-1', '0.115', S.rdsGp3UsageAi),
  row('rds.gp3-gb-month', 'eu-west-1', '0.127', S.rdsGp3IrelandBill),

  // --- CloudFront (priced by geography) ------------------------------------------------------
  ...CLOUDFRONT_FIRST_10TB.map(([geography, usd]) => row('cloudfront.gb', GLOBAL_REGION, usd, S.cloudFrontPricing, { geography })),

  // --- WAF (the same in every Region, per the AWS blog cited) --------------------------------
  ...EXAMPLE_REGIONS.flatMap((region) => [
    row('waf.web-acl-month', region, '5.00', S.wafPricing),
    row('waf.rule-month', region, '1.00', S.wafPricing),
    row('waf.million-requests', region, '0.60', S.wafPricing),
  ]),

  // --- EC2 instance-hours (us-east-1 only: no dated copy for another Region was found) ------
  ...EC2_US_EAST_1.map(([instanceType, usd]) => row('ec2.instance-hour', 'us-east-1', usd, S.ec2KarpenterUsEast1, { instanceType })),

  // --- RDS/Aurora instance-hours (one derived eu-west-1 figure) ------------------------------
  row('rds.instance-hour', 'eu-west-1', '0.286', S.auroraIrelandCur, { class: 'db.r6g.large', engine: 'aurora-postgresql', storage: 'standard' }),

  // --- ElastiCache node-hours (eu-west-1, cache.r7g.large only) ------------------------------
  row('elasticache.node-hour', 'eu-west-1', '0.243', S.elastiCacheIrelandPriceApi, { nodeType: 'cache.r7g.large', engine: 'redis' }),
  row('elasticache.node-hour', 'eu-west-1', '0.1944', S.elastiCacheIrelandPriceApi, { nodeType: 'cache.r7g.large', engine: 'valkey' }),

  // --- Requests, keys, logs, storage (us-east-1) ---------------------------------------------
  row('sqs.million-requests', 'us-east-1', '0.40', S.sqsPricing),
  row('sns.million-publishes', 'us-east-1', '0.50', S.snsPricing),
  row('dynamodb.million-write-request-units', 'us-east-1', '0.625', S.dynamoDbPricing),
  row('dynamodb.million-read-request-units', 'us-east-1', '0.125', S.dynamoDbPricing),
  row('kms.key-month', 'us-east-1', '1.00', S.kmsPricing),
  row('secretsmanager.secret-month', 'us-east-1', '0.40', S.secretsManagerHivebook),
  row('logs.ingestion-gb', 'us-east-1', '0.50', S.cloudWatchLogsPricing),
  row('s3.standard-gb-month', 'us-east-1', '0.023', S.s3StoragePricing),

  // --- Requests, logs, storage, secrets (eu-west-1, from the Price List as a public README quotes it) ---
  row('sqs.million-requests', 'eu-west-1', '0.40', S.euWest1PriceListReadme),
  row('logs.ingestion-gb', 'eu-west-1', '0.57', S.euWest1PriceListReadme),
  row('s3.standard-gb-month', 'eu-west-1', '0.023', S.euWest1PriceListReadme),
  row('secretsmanager.secret-month', 'eu-west-1', '0.40', S.secretsManagerIrelandReadme),

  // --- KMS keys in the other example Regions (one price for every key, per the AWS KMS page cited) ---
  ...EXAMPLE_REGIONS.filter((region) => region !== 'us-east-1').map((region) => row('kms.key-month', region, '1.00', S.kmsPricingPage)),
]);

/** What a lookup asks for: a price key, a Region and the dimensions the key names. */
export interface PriceQuery {
  /** The price key (one of PRICE_KEYS). */
  readonly key: string;
  /** The AWS Region, or `global` for CloudFront. */
  readonly region: string;
  /** The dimensions of the key, e.g. `{ architecture: 'arm64' }`; none when absent. */
  readonly dimensions?: { [name: string]: string };
}

/** Why a lookup found no price. */
export enum NoPriceReason {
  /** The key is not one the catalog knows. */
  UNKNOWN_KEY = 'unknown-key',
  /** The query's dimensions are not the ones the key names. */
  WRONG_DIMENSIONS = 'wrong-dimensions',
  /** The catalog has no figure for this key, dimensions and Region. */
  NO_FIGURE = 'no-figure',
}

/**
 * The result of a lookup: the row when `found`, else the reason and a message (never another
 * Region's figure).
 */
export interface PriceLookup {
  /** True when a row was found. */
  readonly found: boolean;
  /** The row, when found. */
  readonly row?: PriceRow;
  /** Why no row was found, when not found. */
  readonly reason?: NoPriceReason;
  /** In words, naming the key, the Region and the Regions that do have a figure, when not found. */
  readonly message?: string;
}

/** Canonical text of a dimension map, in the key's dimension order. */
export function dimensionsText(dimensions: { [name: string]: string } | undefined): string {
  const entries = Object.entries(dimensions ?? {});
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

function sameDimensions(a: { [name: string]: string }, b: { [name: string]: string }): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => a[k] === b[k]);
}

/**
 * The row of `rows` (the catalog by default) for the query, or a "no price" saying why. A Region
 * without a figure is reported as such, with the Regions that have one; it is never priced with
 * another Region's figure.
 */
export function priceRow(query: PriceQuery, rows: readonly PriceRow[] = PRICE_ROWS): PriceLookup {
  const spec = PRICE_KEYS[query.key];
  const dims = query.dimensions ?? {};
  if (!spec) {
    return { found: false, reason: NoPriceReason.UNKNOWN_KEY, message: `unknown price key '${query.key}' (known: ${Object.keys(PRICE_KEYS).join(', ')})` };
  }
  const given = Object.keys(dims).sort();
  const wanted = [...spec.dimensions].sort();
  if (given.join(',') !== wanted.join(',')) {
    return {
      found: false,
      reason: NoPriceReason.WRONG_DIMENSIONS,
      message: `${query.key} is priced by ${wanted.length ? wanted.join(', ') : 'no dimension'}; the query gives ${given.length ? given.join(', ') : 'none'}`,
    };
  }
  const match = rows.find((r) => r.key === query.key && r.region === query.region && sameDimensions(r.dimensions, dims));
  if (match) return { found: true, row: match };
  const elsewhere = [...new Set(rows.filter((r) => r.key === query.key && sameDimensions(r.dimensions, dims)).map((r) => r.region))];
  const what = `${query.key}${Object.keys(dims).length ? ` (${dimensionsText(dims)})` : ''}`;
  return {
    found: false,
    reason: NoPriceReason.NO_FIGURE,
    message: `no price for ${what} in ${query.region}: the catalog has no figure read from a source for it`
      + (elsewhere.length ? ` (it has one for ${elsewhere.join(', ')}, which is not used for another Region)` : ''),
  };
}
