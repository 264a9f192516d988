import { TerraformResource, TerraformStack, Testing } from 'cdktf';
import { TfResource, TfTemplate } from './template';
import { SystemStack } from '../../src/cdktf/system-stack';
import { TieredCache } from '../../src/cdktf/tiered-cache';
import { Errors, OriginAccess, SystemSpec } from '../../src/core';
import * as planRules from '../../src/core/plan-rules';
import { BAD_SPECS, ENGINE_SYSTEMS, EXAMPLE, EXAMPLE_SCALED_UP, GEOGRAPHIC, SHARDED } from '../fixtures/systems';


function synth(spec: SystemSpec): { stack: SystemStack; t: TfTemplate } {
  const stack = new SystemStack(Testing.app(), spec.name, { spec });
  return { stack, t: TfTemplate.synth(stack) };
}

/** `${aws_x.Name.attr}` of a resource. */
function ref(r: TfResource, attr: string): string {
  return `\${${r.type}.${r.name}.${attr}}`;
}

/** Every resource that references `r` by name, of a type. */
function referencing(t: TfTemplate, type: string, r: TfResource): TfResource[] {
  return t.resources(type).filter((x) => JSON.stringify(x.attributes).includes(`${r.type}.${r.name}.`));
}

describe('Terraform SystemStack of the social-feed example', () => {
  const { stack, t } = synth(EXAMPLE);
  /** An attribute of a resource of the stack, as Terraform JSON writes the reference. */
  const tf = (resource: TerraformResource, attr = 'id'): string => `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attr}}`;

  test('GIVEN the spec THEN the stack configures the AWS provider for its Region, tagged with the system', () => {
    const defaultTags = [{ tags: { 'system': 'social-feed', 'managed-by': 'scaleblocks' } }];
    expect(t.json.provider.aws).toEqual([
      expect.objectContaining({ region: 'eu-west-1', default_tags: defaultTags }),
      // CloudFront's web ACL is created in us-east-1, tagged the same
      { alias: 'waf-us-east-1', region: 'us-east-1', default_tags: defaultTags },
    ]);
    expect(t.only('aws_wafv2_web_acl').attributes.provider).toBe('aws.waf-us-east-1');
  });

  test('THEN every block is rendered from the plan the chain sized', () => {
    expect(stack.plan.api?.load.peakRequestsPerSecond).toBeCloseTo(12000 * 0.3);
    expect(t.only('aws_rds_cluster').attributes).toMatchObject({ engine: 'aurora-postgresql' });
    expect(t.find('aws_rds_cluster_instance', { instance_class: 'db.r7g.xlarge' })).toHaveLength(5);
    expect(t.only('aws_elasticache_replication_group').attributes).toMatchObject({ node_type: 'cache.r7g.large' });
    const scaling = t.find('aws_appautoscaling_target', { scalable_dimension: 'ecs:service:DesiredCount' });
    expect(scaling.map((s) => [s.attributes.min_capacity, s.attributes.max_capacity]))
      .toContainEqual([stack.plan.api!.scaling.minTasks, stack.plan.api!.scaling.maxTasks]);
  });

  test('THEN all blocks share one network and one ECS cluster', () => {
    t.resourceCountIs('aws_vpc', 1);
    t.resourceCountIs('aws_nat_gateway', 3);
    t.resourceCountIs('aws_ecs_cluster', 1);
    const vpc = t.only('aws_vpc');
    for (const sg of t.resources('aws_security_group')) expect(sg.attributes.vpc_id).toBe(ref(vpc, 'id'));
    const cluster = t.only('aws_ecs_cluster');
    for (const service of t.resources('aws_ecs_service')) expect(service.attributes.cluster).toBe(ref(cluster, 'arn'));
  });

  test('THEN the API container gets the database, cache and queue contract, secrets by ARN only', () => {
    const api = t.resources('aws_ecs_task_definition').find((d) => d.name.startsWith('Api_'))!;
    const [container] = JSON.parse(api.attributes.container_definitions);
    const env = Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
    const cluster = t.only('aws_rds_cluster');
    expect(env).toMatchObject({
      DATABASE_WRITER_ENDPOINT: ref(cluster, 'endpoint'),
      DATABASE_READER_ENDPOINT: ref(cluster, 'reader_endpoint'),
      DATABASE_NAME: 'social_feed_db',
    });
    expect(Object.keys(env)).toEqual(expect.arrayContaining(Object.keys(stack.cache!.clientEnvironment)));
    expect(Object.keys(env)).toEqual(expect.arrayContaining(Object.keys(stack.queue!.apiEnvironment)));
    const secrets = Object.fromEntries(container.secrets.map((e: { name: string; valueFrom: string }) => [e.name, e.valueFrom]));
    expect(secrets.DATABASE_SECRET).toBe(ref(cluster, 'master_user_secret[0].secret_arn'));
    expect(JSON.stringify(container)).not.toMatch(/password"\s*:\s*"[^$]/i);
  });

  test('THEN the workers get the database contract too', () => {
    const workers = t.resources('aws_ecs_task_definition').find((d) => d.name.startsWith('Queue_'))!;
    const [container] = JSON.parse(workers.attributes.container_definitions);
    expect(container.environment.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['DATABASE_WRITER_ENDPOINT', 'DATABASE_PORT']));
    expect(container.secrets.map((e: { name: string }) => e.name)).toContain('DATABASE_SECRET');
  });

  test('THEN the database admits only the API and the workers, the cache only the API, on their ports', () => {
    const dbRules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(stack.database!.securityGroup) });
    expect(dbRules.map((r) => r.attributes.referenced_security_group_id).sort())
      .toEqual([tf(stack.api!.serviceSecurityGroup), tf(stack.queue!.workerSecurityGroup!)].sort());
    for (const r of dbRules) expect(r.attributes).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    const cacheRules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(stack.cache!.securityGroup) });
    expect(cacheRules.map((r) => r.attributes.referenced_security_group_id)).toEqual([tf(stack.api!.serviceSecurityGroup)]);
    expect(cacheRules.every((r) => r.attributes.cidr_ipv4 === undefined)).toBe(true);
  });

  test('THEN the API may enqueue jobs and use the job table, and nothing else of the queue', () => {
    const policies = t.find('aws_iam_role_policy', { role: tf(stack.api!.taskRole, 'name') });
    const actions = policies.flatMap((p) => JSON.parse(p.attributes.policy).Statement.flatMap((s: { Action: string | string[] }) => s.Action));
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:PutItem', 'dynamodb:GetItem']));
    expect(actions).not.toContain('sqs:DeleteMessage');
  });

  test('THEN the CDN reaches the API through its load balancer, which admits CloudFront only', () => {
    const lb = t.only('aws_lb');
    const distribution = t.only('aws_cloudfront_distribution');
    expect(distribution.attributes.origin.map((o: { domain_name: string }) => o.domain_name)).toContain(ref(lb, 'dns_name'));
    const lbRules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(stack.api!.loadBalancerSecurityGroup) });
    expect(lbRules.length).toBeGreaterThan(0);
    expect(lbRules.every((r) => r.attributes.cidr_ipv4 !== '0.0.0.0/0')).toBe(true);
    expect(t.outputs().Url.value).toBe(`https://${tf(stack.cdn!.distribution, 'domain_name')}`);
  });

  test('THEN nothing reaches the API around the CDN: an internal load balancer in private subnets, the prefix list alone, a VPC origin', () => {
    const lb = t.only('aws_lb');
    expect(lb.attributes.internal).toBe(true);
    const privateSubnets = t.resources('aws_subnet').filter((x) => /Private/.test(x.name)).map((x) => ref(x, 'id'));
    expect(lb.attributes.subnets).toEqual(privateSubnets.slice(0, 3));
    const lbRules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(stack.api!.loadBalancerSecurityGroup) });
    expect(lbRules.map((r) => [r.attributes.prefix_list_id, r.attributes.from_port, r.attributes.cidr_ipv4]))
      .toEqual([[expect.stringMatching(/data\.aws_ec2_managed_prefix_list\./), 80, undefined]]);
    const vpcOrigin = t.only('aws_cloudfront_vpc_origin');
    const config = [vpcOrigin.attributes.vpc_origin_endpoint_config].flat()[0];
    expect(config).toMatchObject({ arn: ref(lb, 'arn'), http_port: 80, origin_protocol_policy: 'http-only', name: 'social-feed-cdn-api' });
    const api = t.only('aws_cloudfront_distribution').attributes.origin.find((o: { origin_id: string }) => o.origin_id === 'api');
    expect(api).toMatchObject({ domain_name: ref(lb, 'dns_name'), vpc_origin_config: { vpc_origin_id: ref(vpcOrigin, 'id') } });
    expect(api.custom_origin_config).toBeUndefined();
  });

  test('THEN the whole system matches its snapshot', () => {
    expect(t.json).toMatchSnapshot();
  });
});

/**
 * The stateful resources of a Terraform system, and what each must carry: protected from
 * destroy, encrypted and backed up. Types are listed so that a new stateful type fails the
 * coverage test below until it is added here.
 */
const STATEFUL: { [type: string]: (r: TfResource, t: TfTemplate) => void } = {
  aws_rds_cluster: (r) => expect(r.attributes).toMatchObject({
    lifecycle: { prevent_destroy: true },
    deletion_protection: true,
    storage_encrypted: true,
    skip_final_snapshot: false,
    final_snapshot_identifier: expect.any(String),
    backup_retention_period: expect.any(Number),
    copy_tags_to_snapshot: true,
  }),
  aws_db_instance: (r) => {
    // Aurora instances keep no data of their own (the cluster volume does); RDS instances do.
    if (r.attributes.cluster_identifier) return;
    // A read replica: RDS takes no final snapshot of one, so it is protected from destroy instead.
    if (r.attributes.replicate_source_db) {
      expect(r.attributes).toMatchObject({ lifecycle: { prevent_destroy: true }, deletion_protection: true, storage_encrypted: true });
      return;
    }
    expect(r.attributes).toMatchObject({
      lifecycle: { prevent_destroy: true }, deletion_protection: true, storage_encrypted: true, skip_final_snapshot: false,
    });
  },
  aws_elasticache_replication_group: (r) => expect(r.attributes).toMatchObject({
    lifecycle: expect.objectContaining({ prevent_destroy: true }),
    at_rest_encryption_enabled: 'true',
    transit_encryption_enabled: true,
    snapshot_retention_limit: expect.any(Number),
    final_snapshot_identifier: expect.any(String),
  }),
  aws_s3_bucket: (r, t) => {
    expect(r.attributes.lifecycle).toEqual({ prevent_destroy: true });
    expect(referencing(t, 'aws_s3_bucket_server_side_encryption_configuration', r)).toHaveLength(1);
    expect(referencing(t, 'aws_s3_bucket_versioning', r).map((v) => v.attributes.versioning_configuration.status)).toEqual(['Enabled']);
    expect(referencing(t, 'aws_s3_bucket_public_access_block', r).map((b) => b.attributes))
      .toEqual([expect.objectContaining({
        block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
      })]);
  },
  aws_sqs_queue: (r) => {
    expect(r.attributes.lifecycle).toEqual({ prevent_destroy: true });
    expect(r.attributes.sqs_managed_sse_enabled === true || typeof r.attributes.kms_master_key_id === 'string').toBe(true);
  },
  aws_dynamodb_table: (r) => expect(r.attributes).toMatchObject({
    lifecycle: { prevent_destroy: true },
    deletion_protection_enabled: true,
    point_in_time_recovery: { enabled: true },
    server_side_encryption: { enabled: true },
  }),
  aws_kms_key: (r) => expect(r.attributes).toMatchObject({ lifecycle: { prevent_destroy: true }, enable_key_rotation: true }),
  aws_cloudwatch_log_group: (r) => expect(r.attributes).toMatchObject({ lifecycle: { prevent_destroy: true }, kms_key_id: expect.any(String) }),
  aws_secretsmanager_secret: (r) => expect(r.attributes.lifecycle).toEqual({ prevent_destroy: true }),
};

/** Types that hold data and so must be listed in STATEFUL. */
const LOOKS_STATEFUL = /^aws_(rds_cluster|db_instance|elasticache_(replication_group|cluster)|s3_bucket|sqs_queue|dynamodb_table|kms_key|cloudwatch_log_group|secretsmanager_secret|efs_file_system)$/;

describe.each([
  ['the social-feed example', EXAMPLE],
  ['a sharded system with a gateway', SHARDED],
  ...ENGINE_SYSTEMS.map(([engine, spec]): [string, SystemSpec] => [`a ${engine} database with readers`, spec]),
])('GIVEN %s', (_label, spec) => {
  const { t } = synth(spec);

  test('WHEN every stateful resource is walked THEN each is protected, encrypted and backed up', () => {
    let walked = 0;
    for (const [type, check] of Object.entries(STATEFUL)) {
      for (const r of t.resources(type)) {
        try {
          check(r, t);
        } catch (e) {
          throw new Error(`${type}.${r.name}: ${(e as Error).message}`);
        }
        walked++;
      }
    }
    expect(walked).toBeGreaterThan(5);
    // RDS engines: the read replicas are among the walked resources.
    const engine = (spec.database as { engine?: string } | undefined)?.engine ?? '';
    expect(t.resources('aws_db_instance').filter((r) => r.attributes.replicate_source_db)).toHaveLength(engine.startsWith('RDS_') ? 2 : 0);
  });

  test('THEN every resource type that holds data is among the walked types', () => {
    const types = new Set(t.allResources().map((r) => r.type).filter((type) => LOOKS_STATEFUL.test(type)));
    for (const type of types) expect(Object.keys(STATEFUL)).toContain(type);
  });
});

describe('GIVEN the example scaled up (more tasks, readers, cache replicas and workers)', () => {
  const before = synth(EXAMPLE).t;
  const after = synth(EXAMPLE_SCALED_UP).t;

  test('WHEN synthesized again THEN every stateful resource keeps its Terraform address (nothing is replaced)', () => {
    const addresses = (t: TfTemplate): string[] => t.allResources().filter((r) => r.type in STATEFUL).map((r) => `${r.type}.${r.name}`);
    expect(addresses(after)).toEqual(expect.arrayContaining(addresses(before)));
    expect(after.resources('aws_rds_cluster_instance').length).toBe(before.resources('aws_rds_cluster_instance').length + 1);
  });
});

describe('GIVEN a bad spec', () => {
  test.each(BAD_SPECS)('WHEN the stack is built with %s THEN a ValidationError names the prop', (_label, spec, message) => {
    let error: unknown;
    try {
      new SystemStack(Testing.app(), 'bad', { spec });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(message);
  });
});

describe('GIVEN a system with geographic shards', () => {

  test('WHEN synthesized THEN one stack holds every shard, each through the provider alias of its Region', () => {
    const { t } = synth(GEOGRAPHIC);
    expect(t.json.provider.aws.map((p: { alias?: string; region: string }) => p.region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
    const clusters = t.resources('aws_rds_cluster');
    expect(clusters).toHaveLength(3);
    expect(clusters.map((c) => c.attributes.provider ?? 'default').sort()).toEqual(['aws.ap-southeast-1', 'aws.us-east-1', 'default']);
    const api = t.resources('aws_ecs_task_definition').find((d) => d.name.startsWith('Api_'))!;
    expect(JSON.parse(api.attributes.container_definitions)[0].environment.map((e: { name: string }) => e.name)).toContain('SHARD_MAP_PARAMETER');
  });
});

describe('GIVEN the plans a SystemStack made', () => {
  afterEach(() => jest.restoreAllMocks());

  test('WHEN it builds its blocks THEN it hands them its plans unchecked, and a block given one of them later checks it', () => {
    // GIVEN
    const check = jest.spyOn(planRules, 'checkSuppliedPlan');
    // WHEN
    const stack = new SystemStack(Testing.app(), 'Sys', { spec: EXAMPLE });
    // THEN
    expect(stack.cache?.plan).toBe(stack.plan.cache);
    expect(check).not.toHaveBeenCalled();
    new TieredCache(new TerraformStack(Testing.app(), 'Other'), 'Cache', { plan: stack.plan.cache });
    expect(check).toHaveBeenCalledTimes(1);
  });
});

describe('GIVEN a system whose API requires a secret origin header (api.originAccess SECRET_ORIGIN_HEADER)', () => {
  test('WHEN synthesized THEN CloudFront sends over HTTPS the header the one forwarding rule requires, both from the API\'s secret version', () => {
    const { t } = synth({
      name: 'hdr',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 100 },
      cdn: {},
      api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' },
    });
    expect(t.only('aws_secretsmanager_secret').attributes.name).toBe('scaleblocks/hdr-api/origin-verify');
    const version = t.only('aws_secretsmanager_secret_version');
    const [rule] = t.resources('aws_lb_listener_rule');
    const value = `\${aws_secretsmanager_secret_version.${version.name}.secret_string}`;
    expect(rule.attributes.condition).toEqual([{ http_header: { http_header_name: 'X-Origin-Verify', values: [value] } }]);
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin.custom_origin_config.origin_protocol_policy).toBe('https-only');
    expect(origin.custom_header).toEqual([{ name: 'X-Origin-Verify', value }]);
    expect(t.dataSources('aws_secretsmanager_secret_version')).toEqual([]);
    expect(t.find('aws_lb_listener', { port: 443 })[0].attributes.default_action[0]).toMatchObject({ type: 'fixed-response', fixed_response: { status_code: '403' } });
  });

  test('WHEN cdn.apiOrigin.loadBalancerDomainName is given THEN CloudFront connects to that name over HTTPS, with the header, instead of the load balancer\'s', () => {
    const spec: SystemSpec = {
      name: 'hdr',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 100 },
      cdn: { apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, loadBalancerDomainName: 'origin.example.com' } },
      api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' },
    };
    const { t, stack } = synth(spec);
    expect(stack.plan.cdn!.origins.find((o) => o.id === 'api')?.domainName).toBe('origin.example.com');
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin.domain_name).toBe('origin.example.com');
    expect(origin.custom_origin_config.origin_protocol_policy).toBe('https-only');
    expect(origin.custom_header).toEqual([expect.objectContaining({ name: 'X-Origin-Verify' })]);
    // without the name, the load balancer's own DNS name
    const unnamed = synth({ ...spec, cdn: {} }).t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(unnamed.domain_name).toMatch(/^\$\{aws_lb\.[^.]+\.dns_name\}$/);
  });
});
