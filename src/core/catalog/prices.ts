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

/** CloudFront's geographies, as the `geography` dimension spells them. */
export const CLOUDFRONT_GEOGRAPHIES: readonly string[] = Object.freeze(CLOUDFRONT_FIRST_10TB.map(([g]) => g));

/**
 * Every price row. Rows with `source.confirmed: false` say why in their note.
 *
 * Gaps (searched 2026-12-07, each a missing row, so a lookup says "no price"): eu-west-1 has only
 * Fargate, the ALB hour, NAT, RDS gp3 and WAF; ap-southeast-1 only NAT and WAF; no EC2, RDS/Aurora
 * instance or ElastiCache node-hour figure was found in a readable source for any Region (searched
 * again for eu-west-1 on 2026-12-07: the public copies found quote us-east-1 or disagree, and
 * none names its Region and date), so none is here; nor the
 * CloudWatch alarm, CloudFront request, NLB/ALB capacity-unit (outside us-east-1), SQS, SNS,
 * DynamoDB, KMS, Secrets Manager, Logs or S3 figures outside us-east-1.
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

  // --- Requests, keys, logs, storage (us-east-1) ---------------------------------------------
  row('sqs.million-requests', 'us-east-1', '0.40', S.sqsPricing),
  row('sns.million-publishes', 'us-east-1', '0.50', S.snsPricing),
  row('dynamodb.million-write-request-units', 'us-east-1', '0.625', S.dynamoDbPricing),
  row('dynamodb.million-read-request-units', 'us-east-1', '0.125', S.dynamoDbPricing),
  row('kms.key-month', 'us-east-1', '1.00', S.kmsPricing),
  row('secretsmanager.secret-month', 'us-east-1', '0.40', S.secretsManagerHivebook),
  row('logs.ingestion-gb', 'us-east-1', '0.50', S.cloudWatchLogsPricing),
  row('s3.standard-gb-month', 'us-east-1', '0.023', S.s3StoragePricing),
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
