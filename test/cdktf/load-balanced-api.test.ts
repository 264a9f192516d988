import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ExistingNetwork } from '../../src/cdktf/common';
import { LoadBalancedApi, LoadBalancedApiProps } from '../../src/cdktf/load-balanced-api';
import {
  ComputeKind, CpuArchitecture, DeploymentStrategy, Errors, LoadBalancingAlgorithm, OriginAccess, planLoadBalancedApi,
} from '../../src/core';
import { plainHttp } from '../fixtures/plain-http';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-db-AbCdEf';
const NETWORK: ExistingNetwork = {
  vpcId: 'vpc-0123',
  vpcCidr: '10.20.0.0/16',
  publicSubnetIds: ['subnet-pub1', 'subnet-pub2', 'subnet-pub3'],
  privateSubnetIds: ['subnet-priv1', 'subnet-priv2', 'subnet-priv3'],
};

function stack(): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

function synth(props: LoadBalancedApiProps = {}): { t: TfTemplate; api: LoadBalancedApi } {
  const s = stack();
  // Tests about something other than the listener opt in to plain HTTP when they need to (plainHttp); the listener rule has its own tests.
  const api = new LoadBalancedApi(s, 'Api', props.plan ? props : plainHttp(props));
  return { t: TfTemplate.synth(s), api };
}

function policyOf(attributes: { [key: string]: any }): any {
  return JSON.parse(attributes.policy);
}

describe('LoadBalancedApi (Terraform)', () => {
  describe('GIVEN the defaults', () => {
    const { t, api } = synth({ load: { peakRequestsPerSecond: 1000 } });

    test('THEN an internet-facing ALB in the public subnets drops invalid header fields, with the plan\'s idle timeout', () => {
      expect(t.only('aws_lb').attributes).toMatchObject({
        load_balancer_type: 'application',
        internal: false,
        drop_invalid_header_fields: true,
        idle_timeout: api.plan.idleTimeoutSeconds,
        subnets: [expect.stringContaining('Network_Public1'), expect.stringContaining('Network_Public2'), expect.stringContaining('Network_Public3')],
      });
    });

    test('THEN the target group routes to the least outstanding requests, by task IP, with the plan\'s health check', () => {
      expect(t.only('aws_lb_target_group').attributes).toMatchObject({
        load_balancing_algorithm_type: 'least_outstanding_requests',
        target_type: 'ip',
        protocol: 'HTTP',
        port: 80,
        deregistration_delay: '30',
        health_check: { protocol: 'HTTP', path: '/', matcher: '200', interval: 15, timeout: 5, healthy_threshold: 3, unhealthy_threshold: 3 },
      });
      expect(t.only('aws_lb_target_group').attributes.load_balancing_anomaly_mitigation).toBeUndefined();
    });

    test('THEN tasks run on Fargate in the private subnets without public IPs, with the plan\'s cpu, memory and architecture', () => {
      const service = t.only('aws_ecs_service').attributes;
      expect(service).toMatchObject({
        launch_type: 'FARGATE',
        network_configuration: {
          assign_public_ip: false,
          subnets: [expect.stringContaining('Network_Private1'), expect.stringContaining('Network_Private2'), expect.stringContaining('Network_Private3')],
        },
        load_balancer: [{ container_name: 'api', container_port: 80 }],
      });
      expect(t.only('aws_ecs_task_definition').attributes).toMatchObject({
        cpu: '1024',
        memory: '2048',
        network_mode: 'awsvpc',
        requires_compatibilities: ['FARGATE'],
        runtime_platform: { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
      });
    });

    test('THEN the created cluster has Container Insights and the created network spans the plan\'s AZs', () => {
      expect(t.only('aws_ecs_cluster').attributes.setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
      t.resourceCountIs('aws_nat_gateway', api.plan.azCount);
      expect(api.network).toBeDefined();
    });

    test('THEN target tracking keeps CPU and requests per target at the plan\'s targets, between min and max tasks', () => {
      const s = api.plan.scaling;
      expect(t.only('aws_appautoscaling_target').attributes).toMatchObject({
        min_capacity: s.minTasks,
        max_capacity: s.maxTasks,
        scalable_dimension: 'ecs:service:DesiredCount',
        service_namespace: 'ecs',
        resource_id: expect.stringMatching(/^service\/\$\{aws_ecs_cluster\..*\.name\}\/\$\{aws_ecs_service\..*\.name\}$/),
      });
      t.hasResourceWithProperties('aws_appautoscaling_policy', {
        policy_type: 'TargetTrackingScaling',
        target_tracking_scaling_policy_configuration: {
          target_value: s.targetCpuUtilization * 100,
          scale_in_cooldown: s.scaleInCooldownSeconds,
          scale_out_cooldown: s.scaleOutCooldownSeconds,
          predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
        },
      });
      t.hasResourceWithProperties('aws_appautoscaling_policy', {
        target_tracking_scaling_policy_configuration: {
          target_value: s.requestCountPerTargetPerMinute,
          predefined_metric_specification: {
            predefined_metric_type: 'ALBRequestCountPerTarget',
            resource_label: expect.stringMatching(/^\$\{aws_lb\..*\.arn_suffix\}\/\$\{aws_lb_target_group\..*\.arn_suffix\}$/),
          },
        },
      });
    });

    test('THEN a deploy never resets the desired count auto scaling owns', () => {
      expect(api.plan.scaling.desiredCountOnCreateOnly).toBe(true);
      expect(t.only('aws_ecs_service').attributes).toMatchObject({
        desired_count: api.plan.scaling.desiredTasks,
        lifecycle: { ignore_changes: ['desired_count'] },
      });
    });

    test('THEN deployments roll with the circuit breaker and rollback, keeping 100 % and starting up to 200 %', () => {
      expect(t.only('aws_ecs_service').attributes).toMatchObject({
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        deployment_controller: { type: 'ECS' },
        deployment_configuration: { strategy: 'ROLLING' },
      });
    });

    test('THEN without a certificate one plain HTTP listener on 80 forwards to the tasks, and no redirect', () => {
      expect(t.only('aws_lb_listener').attributes).toMatchObject({
        port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: expect.stringContaining('aws_lb_target_group') }],
      });
      expect(t.only('aws_lb_listener').attributes.ssl_policy).toBeUndefined();
      expect(api.url).toMatch(/^http:\/\//);
    });

    test('THEN the load balancer admits 80 from anywhere and reaches only the tasks\' group on the container port', () => {
      const lbSg = t.resources('aws_security_group').find((r) => r.name.includes('LoadBalancerSecurityGroup'))!;
      const ingress = t.resources('aws_vpc_security_group_ingress_rule');
      const lbIngress = ingress.filter((r) => r.attributes.security_group_id.includes(lbSg.name));
      expect(lbIngress.map((r) => r.attributes)).toEqual([expect.objectContaining({ cidr_ipv4: '0.0.0.0/0', from_port: 80, to_port: 80, ip_protocol: 'tcp' })]);
      const lbEgress = t.resources('aws_vpc_security_group_egress_rule').filter((r) => r.attributes.security_group_id.includes(lbSg.name));
      expect(lbEgress.map((r) => r.attributes)).toEqual([expect.objectContaining({
        from_port: 80, to_port: 80, referenced_security_group_id: expect.stringContaining('ServiceSecurityGroup'),
      })]);
    });

    test('THEN the tasks admit only the load balancer\'s group on the container port', () => {
      const taskSg = t.resources('aws_security_group').find((r) => r.name.includes('ServiceSecurityGroup'))!;
      const taskIngress = t.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.attributes.security_group_id.includes(taskSg.name));
      expect(taskIngress.map((r) => r.attributes)).toEqual([expect.objectContaining({
        from_port: 80, to_port: 80, ip_protocol: 'tcp', referenced_security_group_id: expect.stringContaining('LoadBalancerSecurityGroup'),
      })]);
      expect(taskIngress[0].attributes.cidr_ipv4).toBeUndefined();
      expect(t.only('aws_ecs_service').attributes.network_configuration.security_groups).toEqual([expect.stringContaining(taskSg.name)]);
    });

    test('THEN access logs go to a private, SSE-S3, versioned, TLS-only, expiring, retained bucket with the ELB delivery grant', () => {
      const bucket = t.only('aws_s3_bucket');
      expect(bucket.attributes.lifecycle).toEqual({ prevent_destroy: true });
      expect(t.only('aws_lb').attributes.access_logs).toEqual({ bucket: expect.stringContaining(bucket.name), prefix: 'api', enabled: true });
      expect(t.only('aws_s3_bucket_server_side_encryption_configuration').attributes.rule)
        .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      expect(t.only('aws_s3_bucket_public_access_block').attributes).toMatchObject({
        block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
      });
      expect(t.only('aws_s3_bucket_ownership_controls').attributes.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(t.only('aws_s3_bucket_versioning').attributes.versioning_configuration).toEqual({ status: 'Enabled' });
      expect(t.only('aws_s3_bucket_lifecycle_configuration').attributes.rule[0]).toMatchObject({ status: 'Enabled', expiration: [{ days: 90 }] });
      // The Region's ELB account is a local looked up when Terraform plans (eu-west-1: 156460612806); the account itself in
      // Regions that use the service principal.
      const [local, expression] = Object.entries(t.json.locals as { [name: string]: string })
        .find(([name]) => name.includes('ElbLogDeliveryAccount'))!;
      expect(expression).toMatch(/^\$\{lookup\(\{.*"eu-west-1" = "156460612806".*\}, data\.aws_region\.[^,]+\.region, data\.aws_caller_identity\.[^)]+\.account_id\)\}$/s);
      const policy = JSON.parse(t.only('aws_s3_bucket_policy').attributes.policy);
      const sids = policy.Statement.map((s: any) => s.Sid);
      expect(sids).toEqual(['DenyInsecureTransport', 'ElbLogDeliveryAccount', 'ElbLogDeliveryService']);
      expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(policy.Statement[1].Principal.AWS).toMatch(new RegExp(`^arn:\\$\\{data\\.aws_partition\\..*\\.partition\\}:iam::\\$\\{local\\.${local}\\}:root$`));
      expect(policy.Statement[2].Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
      expect(policy.Statement[1].Resource).toMatch(/\/api\/AWSLogs\/\$\{data\.aws_caller_identity\..*\.account_id\}\/\*$/);
      expect(t.only('aws_lb').attributes.depends_on).toEqual([expect.stringContaining('aws_s3_bucket_policy')]);
    });

    test('THEN container logs go to a KMS-encrypted, retained log group', () => {
      const group = t.resources('aws_cloudwatch_log_group').find((r) => r.name.includes('Api_Logs_'))!;
      expect(group.attributes).toMatchObject({ kms_key_id: expect.stringContaining('aws_kms_key.Api_LogKey'), lifecycle: { prevent_destroy: true } });
      const task = JSON.parse(t.only('aws_ecs_task_definition').attributes.container_definitions);
      expect(task[0].logConfiguration.options['awslogs-group']).toContain(group.name);
    });

    test('THEN no WAF association and no output added to the stack (as on the CDK backend)', () => {
      t.resourceCountIs('aws_wafv2_web_acl_association', 0);
      expect(t.outputs()).toEqual({});
    });
  });

  describe('GIVEN a certificate', () => {
    const { t, api } = synth({ certificateArn: CERT });

    test('THEN HTTPS on 443 with the certificate and the plan\'s TLS 1.3 policy, and HTTP 80 redirects to it', () => {
      t.hasResourceWithProperties('aws_lb_listener', {
        port: 443, protocol: 'HTTPS', certificate_arn: CERT, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      });
      t.hasResourceWithProperties('aws_lb_listener', {
        port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
      });
      expect(api.url).toMatch(/^https:\/\//);
    });

    test('THEN the load balancer admits 443 and 80', () => {
      const ports = t.resources('aws_vpc_security_group_ingress_rule')
        .filter((r) => r.attributes.security_group_id.includes('LoadBalancerSecurityGroup')).map((r) => r.attributes.from_port).sort();
      expect(ports).toEqual([443, 80].sort());
    });
  });

  test.each([
    [LoadBalancingAlgorithm.ROUND_ROBIN, 'round_robin', undefined],
    [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, 'least_outstanding_requests', undefined],
    [LoadBalancingAlgorithm.WEIGHTED_RANDOM, 'weighted_random', 'on'],
  ])('GIVEN algorithm %s THEN the ALB target group uses %s (anomaly mitigation %s)', (algorithm, type, mitigation) => {
    const { t } = synth({ algorithm });
    expect(t.only('aws_lb').attributes.load_balancer_type).toBe('application');
    const tg = t.only('aws_lb_target_group').attributes;
    expect(tg.load_balancing_algorithm_type).toBe(type);
    expect(tg.load_balancing_anomaly_mitigation).toBe(mitigation);
  });

  test('GIVEN WEIGHTED_RANDOM without anomaly mitigation THEN automatic target weights are off', () => {
    const { t } = synth({ algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM, anomalyMitigation: false });
    expect(t.only('aws_lb_target_group').attributes).toMatchObject({ load_balancing_algorithm_type: 'weighted_random', load_balancing_anomaly_mitigation: 'off' });
  });

  describe('GIVEN SOURCE_IP_HASH', () => {
    const { t, api } = synth({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH });

    test('THEN a Network Load Balancer with cross-zone balancing and its security group attached at creation', () => {
      expect(t.only('aws_lb').attributes).toMatchObject({
        load_balancer_type: 'network', enable_cross_zone_load_balancing: true, security_groups: [expect.stringContaining('LoadBalancerSecurityGroup')],
      });
      expect(t.only('aws_lb').attributes.drop_invalid_header_fields).toBeUndefined();
      expect(t.only('aws_lb').attributes.idle_timeout).toBeUndefined();
    });

    test('THEN a TCP target group with source-IP stickiness, client IP not preserved, and a TCP health check', () => {
      const tg = t.only('aws_lb_target_group').attributes;
      expect(tg).toMatchObject({
        protocol: 'TCP',
        stickiness: { type: 'source_ip', enabled: true },
        preserve_client_ip: 'false',
        health_check: { protocol: 'TCP', interval: 15, timeout: 5 },
      });
      expect(tg.health_check.path).toBeUndefined();
      expect(tg.load_balancing_algorithm_type).toBeUndefined();
      expect(tg.slow_start).toBeUndefined();
    });

    test('THEN plain TCP on 80 without a certificate, no access logs, and CPU scaling only', () => {
      expect(t.only('aws_lb_listener').attributes).toMatchObject({ port: 80, protocol: 'TCP' });
      expect(api.plan.accessLogs).toBe(false);
      t.resourceCountIs('aws_s3_bucket', 0);
      expect(t.only('aws_appautoscaling_policy').attributes.target_tracking_scaling_policy_configuration.predefined_metric_specification)
        .toEqual({ predefined_metric_type: 'ECSServiceAverageCPUUtilization' });
    });
  });

  test('GIVEN SOURCE_IP_HASH with a certificate THEN TLS on 443 and access logs delivered by the log delivery service', () => {
    const { t } = synth({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, certificateArn: CERT });
    expect(t.only('aws_lb_listener').attributes).toMatchObject({
      port: 443, protocol: 'TLS', certificate_arn: CERT, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    expect(t.only('aws_lb').attributes.access_logs).toMatchObject({ enabled: true });
    const policy = policyOf(t.only('aws_s3_bucket_policy').attributes);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(['DenyInsecureTransport', 'LogDeliveryWrite', 'LogDeliveryAclCheck']);
    expect(policy.Statement[1].Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
  });

  test('GIVEN a custom health check, deregistration delay, idle timeout and slow start THEN the target group and ALB carry them', () => {
    const { t } = synth({
      algorithm: LoadBalancingAlgorithm.ROUND_ROBIN,
      container: { image: 'public.ecr.aws/example/api:1.0.0', port: 8080 },
      healthCheck: { path: '/ready', intervalSeconds: 20, timeoutSeconds: 4, healthyThreshold: 2, unhealthyThreshold: 4 },
      deregistrationDelaySeconds: 45,
      idleTimeoutSeconds: 120,
      slowStartSeconds: 60,
    });
    expect(t.only('aws_lb_target_group').attributes).toMatchObject({
      port: 8080,
      deregistration_delay: '45',
      slow_start: 60,
      health_check: { path: '/ready', interval: 20, timeout: 4, healthy_threshold: 2, unhealthy_threshold: 4 },
    });
    expect(t.only('aws_lb').attributes.idle_timeout).toBe(120);
    const taskIngress = t.find('aws_vpc_security_group_ingress_rule', { referenced_security_group_id: expect.stringContaining('LoadBalancerSecurityGroup') });
    expect(taskIngress.map((r) => r.attributes.from_port)).toEqual([8080]);
  });

  test('GIVEN a fixed task count THEN no auto scaling and the desired count is managed by Terraform', () => {
    const { t } = synth({ scaling: { fixedTasks: 4 } });
    t.resourceCountIs('aws_appautoscaling_target', 0);
    t.resourceCountIs('aws_appautoscaling_policy', 0);
    expect(t.only('aws_ecs_service').attributes.desired_count).toBe(4);
    expect(t.only('aws_ecs_service').attributes.lifecycle).toBeUndefined();
  });

  test('GIVEN min/max tasks and targets THEN the scalable target and both policies carry them', () => {
    const { t } = synth({ scaling: { minTasks: 6, maxTasks: 30, targetCpuUtilization: 0.45, requestsPerSecondPerTarget: 100 } });
    expect(t.only('aws_appautoscaling_target').attributes).toMatchObject({ min_capacity: 6, max_capacity: 30 });
    const values = t.resources('aws_appautoscaling_policy').map((r) => r.attributes.target_tracking_scaling_policy_configuration.target_value).sort();
    expect(values).toEqual([45, 6000].sort());
  });

  test('GIVEN the circuit breaker off THEN the service has neither breaker nor rollback', () => {
    const { t } = synth({ deployment: { circuitBreaker: false } });
    expect(t.only('aws_ecs_service').attributes.deployment_circuit_breaker).toEqual({ enable: false, rollback: false });
  });

  describe('GIVEN ECS native blue/green', () => {
    const { t, api } = synth({ certificateArn: CERT, deployment: { strategy: DeploymentStrategy.BLUE_GREEN } });

    test('THEN a green target group, a production rule ECS shifts, and the service\'s advanced load balancer configuration', () => {
      t.resourceCountIs('aws_lb_target_group', 2);
      const rule = t.only('aws_lb_listener_rule').attributes;
      expect(rule).toMatchObject({
        listener_arn: expect.stringContaining('Api_Listener_'),
        lifecycle: { ignore_changes: ['action'] },
        action: [{ type: 'forward', forward: { target_group: [{ weight: 100 }, { weight: 0 }] } }],
      });
      expect(rule.action[0].forward.target_group[1].arn).toContain('GreenTargetGroup');
      const service = t.only('aws_ecs_service').attributes;
      expect(service).toMatchObject({
        deployment_configuration: { strategy: 'BLUE_GREEN', bake_time_in_minutes: String(api.plan.deployment.bakeTimeMinutes) },
        deployment_circuit_breaker: { enable: true, rollback: true },
      });
      expect(service.load_balancer[0].advanced_configuration).toEqual({
        alternate_target_group_arn: expect.stringContaining('GreenTargetGroup'),
        production_listener_rule: expect.stringContaining('aws_lb_listener_rule'),
        role_arn: expect.stringContaining('BlueGreenRole'),
      });
      t.hasResourceWithProperties('aws_iam_role_policy_attachment', {
        policy_arn: expect.stringMatching(/:iam::aws:policy\/AmazonECSInfrastructureRolePolicyForLoadBalancers$/),
      });
    });
  });

  describe('GIVEN EC2 capacity', () => {
    const { t, api } = synth({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge' }, scaling: { minTasks: 6, maxTasks: 12 } });

    test('THEN an Auto Scaling group sized by the plan behind a capacity provider with managed scaling and termination protection', () => {
      const cap = api.plan.ec2Capacity!;
      expect(t.only('aws_autoscaling_group').attributes).toMatchObject({
        min_size: cap.minInstances,
        max_size: cap.maxInstances,
        protect_from_scale_in: true,
        vpc_zone_identifier: [expect.stringContaining('Private1'), expect.stringContaining('Private2'), expect.stringContaining('Private3')],
        lifecycle: { ignore_changes: ['desired_capacity'] },
      });
      expect(t.only('aws_ecs_capacity_provider').attributes.auto_scaling_group_provider).toMatchObject({
        managed_termination_protection: 'ENABLED', managed_scaling: { status: 'ENABLED', target_capacity: cap.managedScalingTargetCapacityPercent },
      });
      expect(t.only('aws_ecs_cluster_capacity_providers').attributes.capacity_providers).toEqual([expect.stringContaining('aws_ecs_capacity_provider')]);
    });

    test('THEN the instances launch from the ECS-optimized ARM64 AMI, IMDSv2 only, encrypted volumes', () => {
      expect(t.only('aws_launch_template').attributes).toMatchObject({
        instance_type: 'm7g.xlarge',
        metadata_options: { http_tokens: 'required' },
        block_device_mappings: [{ ebs: { encrypted: 'true' } }],
      });
      expect(t.dataSources('aws_ssm_parameter')[0].attributes.name).toBe('/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id');
    });

    test('THEN the service places EC2 tasks through the capacity provider, spread over AZs', () => {
      const service = t.only('aws_ecs_service').attributes;
      expect(service.launch_type).toBeUndefined();
      expect(service.capacity_provider_strategy).toEqual([{ capacity_provider: expect.stringContaining('aws_ecs_capacity_provider'), weight: 1 }]);
      expect(service.ordered_placement_strategy).toEqual([{ type: 'spread', field: 'attribute:ecs.availability-zone' }]);
      expect(t.only('aws_ecs_task_definition').attributes.requires_compatibilities).toEqual(['EC2']);
    });
  });

  test('GIVEN X86_64 THEN the task definition runs on X86_64', () => {
    const { t } = synth({ compute: { architecture: CpuArchitecture.X86_64, cpu: 2048, memoryMiB: 4096 } });
    expect(t.only('aws_ecs_task_definition').attributes).toMatchObject({ cpu: '2048', memory: '4096', runtime_platform: { cpu_architecture: 'X86_64' } });
  });

  test('GIVEN a WAF web ACL THEN it is associated with the ALB', () => {
    const acl = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/abc';
    const { t } = synth({ webAclArn: acl });
    expect(t.only('aws_wafv2_web_acl_association').attributes).toEqual(expect.objectContaining({
      web_acl_arn: acl, resource_arn: expect.stringContaining('aws_lb.'),
    }));
  });

  test('GIVEN access logs off THEN no bucket and no access_logs block', () => {
    const { t } = synth({ accessLogs: false });
    t.resourceCountIs('aws_s3_bucket', 0);
    expect(t.only('aws_lb').attributes.access_logs).toBeUndefined();
  });

  test('GIVEN allowed CIDRs (IPv4 and IPv6) THEN the load balancer admits exactly those', () => {
    const { t } = synth({ allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    const rules = t.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.attributes.security_group_id.includes('LoadBalancerSecurityGroup'));
    expect(rules.map((r) => [r.attributes.cidr_ipv4, r.attributes.cidr_ipv6])).toEqual([['203.0.113.0/24', undefined], [undefined, '2001:db8::/32']]);
  });

  describe('GIVEN an existing network and an internal load balancer', () => {
    const { t } = synth({ network: NETWORK, internetFacing: false });

    test('THEN no network is created, the load balancer sits in the private subnets and admits the VPC CIDR', () => {
      t.resourceCountIs('aws_vpc', 0);
      expect(t.only('aws_lb').attributes).toMatchObject({ internal: true, subnets: ['subnet-priv1', 'subnet-priv2', 'subnet-priv3'] });
      expect(t.only('aws_lb_target_group').attributes.vpc_id).toBe('vpc-0123');
      const rules = t.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.attributes.security_group_id.includes('LoadBalancerSecurityGroup'));
      expect(rules.map((r) => r.attributes.cidr_ipv4)).toEqual(['10.20.0.0/16']);
    });
  });

  test('GIVEN an existing network with more subnets than AZs THEN the first azCount are used', () => {
    const { t } = synth({ network: { ...NETWORK, privateSubnetIds: [...NETWORK.privateSubnetIds, 'subnet-priv4'] }, azCount: 2 });
    expect(t.only('aws_ecs_service').attributes.network_configuration.subnets).toEqual(['subnet-priv1', 'subnet-priv2']);
    expect(t.only('aws_lb').attributes.subnets).toEqual(['subnet-pub1', 'subnet-pub2']);
  });

  test('GIVEN an existing cluster THEN no cluster is created and auto scaling names the given cluster', () => {
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared';
    const { t, api } = synth({ clusterArn: arn });
    t.resourceCountIs('aws_ecs_cluster', 0);
    expect(api.cluster).toBeUndefined();
    expect(t.only('aws_ecs_service').attributes.cluster).toBe(arn);
    expect(t.only('aws_appautoscaling_target').attributes.resource_id).toContain(`element(split("/", "${arn}"), 1)`);
  });

  test('GIVEN a container with environment and secrets THEN they reach the task, the secret only by reference', () => {
    const { t } = synth({
      container: { image: 'public.ecr.aws/example/api:1.0.0', environment: { LOG_LEVEL: 'info' }, secrets: { DB_PASSWORD: `${SECRET}:password::` } },
    });
    const container = JSON.parse(t.only('aws_ecs_task_definition').attributes.container_definitions)[0];
    expect(container).toMatchObject({
      image: 'public.ecr.aws/example/api:1.0.0',
      portMappings: [{ containerPort: 8080 }],
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: `${SECRET}:password::` }],
    });
    const read = t.find('aws_iam_role_policy', { role: expect.stringContaining('ExecutionRole') });
    // One scoped policy: the task's log group, and the secret (no managed policy on `*`); a public image needs no ECR grant.
    expect(read).toHaveLength(1);
    expect(JSON.parse(read[0].attributes.policy).Statement).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Api_Logs_[A-Z0-9]+\.arn\}:\*$/) },
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: [SECRET, `${SECRET}-??????`] },
    ]);
    expect(t.resources('aws_iam_role_policy_attachment').map((a) => a.attributes.policy_arn)).not.toContainEqual(expect.stringContaining('AmazonECSTaskExecutionRolePolicy'));
  });

  test('GIVEN a private ECR image THEN the execution role pulls from its repository alone, and takes the login token on * (AWS allows no narrower)', () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:2.0';
    const { t } = synth({ container: { image } });
    const statements = JSON.parse(t.find('aws_iam_role_policy', { role: expect.stringContaining('ExecutionRole') })[0].attributes.policy).Statement;
    expect(statements.slice(0, 2)).toEqual([
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/api',
      },
    ]);
  });

  test('GIVEN no certificate and no opt-in WHEN an internet-facing API is rendered THEN a ValidationError names the certificate and the opt-in', () => {
    for (const props of [{}, { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH }, { allowPlainHttp: false }]) {
      let error: unknown;
      try {
        new LoadBalancedApi(stack(), 'Api', props);
      } catch (e) {
        error = e;
      }
      expect(Errors.isValidationError(error)).toBe(true);
      expect(() => { throw error; }).toThrow(/certificateArn = undefined: must be an ACM certificate ARN for an internet-facing load balancer[\s\S]*allowPlainHttp true/);
    }
  });

  test('GIVEN the plain-HTTP opt-in THEN an internet-facing HTTP listener on 80, and the plan says so for the report', () => {
    const { t, api } = synth({ allowPlainHttp: true });
    expect(api.plan.listener.plainTextToInternet).toBe(true);
    expect(t.only('aws_lb').attributes.internal).toBe(false);
    expect(t.resources('aws_lb_listener').map((l) => [l.attributes.port, l.attributes.protocol])).toEqual([[80, 'HTTP']]);
  });

  test('GIVEN a resolved plan THEN it renders the same as its options', () => {
    const options = { algorithm: LoadBalancingAlgorithm.ROUND_ROBIN, certificateArn: CERT };
    const byOptions = synth(options).t.json;
    const s = stack();
    new LoadBalancedApi(s, 'Api', { plan: planLoadBalancedApi(options, { path: 'test/Api' }) });
    expect(TfTemplate.synth(s).json.resource).toEqual(byOptions.resource);
  });

  test('GIVEN a count of tasks N then N+1 THEN no resource is renamed', () => {
    const names = (fixedTasks: number): string[] => synth({ certificateArn: CERT, scaling: { fixedTasks } }).t.allResources().map((r) => `${r.type}.${r.name}`).sort();
    expect(names(4)).toEqual(names(5));
    const auto = (minTasks: number): string[] => synth({ scaling: { minTasks, maxTasks: 20 } }).t.allResources().map((r) => `${r.type}.${r.name}`).sort();
    expect(auto(3)).toEqual(auto(6));
  });

  test.each<[string, LoadBalancedApiProps, RegExp]>([
    ['too few private subnets', { azCount: 3, network: { ...NETWORK, privateSubnetIds: ['subnet-a', 'subnet-b'] } }, /network\.privateSubnetIds/],
    ['too few public subnets', { network: { ...NETWORK, publicSubnetIds: ['subnet-a'] } }, /network\.publicSubnetIds/],
    ['no public subnets for an internet-facing LB', { network: { ...NETWORK, publicSubnetIds: undefined } }, /network\.publicSubnetIds/],
    ['a cluster with EC2 capacity', { clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared', compute: { kind: ComputeKind.EC2 } }, /clusterArn/],
    ['a malformed cluster ARN', { clusterArn: 'shared' }, /clusterArn/],
    ['a plan and options', { plan: planLoadBalancedApi({ allowPlainHttp: true }), name: 'other' }, /plan/],
    ['an invalid neutral option', { azCount: 7 }, /azCount/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      new LoadBalancedApi(stack(), 'Api', props.plan ? props : plainHttp(props));
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });

  test.each<[string, LoadBalancedApiProps]>([
    ['an internet-facing ALB with HTTPS', { certificateArn: CERT, load: { peakRequestsPerSecond: 2000 } }],
    ['an internal NLB with source-IP stickiness in an existing network', {
      algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, internetFacing: false, network: NETWORK, certificateArn: CERT,
    }],
    ['EC2 capacity with blue/green and WAF', {
      compute: { kind: ComputeKind.EC2 },
      certificateArn: CERT,
      deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
      webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/abc',
    }],
  ])('GIVEN %s THEN the Terraform JSON matches the snapshot', (_, props) => {
    expect(synth(props).t.json).toMatchSnapshot();
  });
});

describe('LoadBalancedApi (Terraform) as the origin of a CDN', () => {
  test('GIVEN cloudFrontOriginOnly WHEN synthesized THEN only CloudFront\'s origin-facing prefix list reaches the listener, no CIDR', () => {
    const { t } = synth({ load: { peakRequestsPerSecond: 1000 }, network: NETWORK, cloudFrontOriginOnly: true });
    const prefixList = t.dataSources('aws_ec2_managed_prefix_list');
    expect(prefixList.map((p) => p.attributes.name)).toEqual(['com.amazonaws.global.cloudfront.origin-facing']);
    const lbSg = t.resources('aws_security_group').find((g) => g.name.includes('LoadBalancerSecurityGroup'))!;
    const ingress = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: `\${aws_security_group.${lbSg.name}.id}` });
    expect(ingress.map((r) => r.attributes)).toEqual([expect.objectContaining({
      from_port: 80, to_port: 80, prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${prefixList[0].name}.id}`,
    })]);
    expect(ingress.every((r) => r.attributes.cidr_ipv4 === undefined && r.attributes.cidr_ipv6 === undefined)).toBe(true);
  });

  test('GIVEN originAccess VPC_ORIGIN WHEN synthesized THEN the load balancer is internal, in the private subnets, and admits only the prefix list, over HTTP without the opt-in', () => {
    // GIVEN no certificate and no allowPlainHttp: the hop from CloudFront's VPC origin is private
    const plan = planLoadBalancedApi({ originAccess: OriginAccess.VPC_ORIGIN, load: { peakRequestsPerSecond: 1000 } });
    const { t } = synth({ plan, network: NETWORK });
    expect(t.only('aws_lb').attributes).toMatchObject({ internal: true, subnets: NETWORK.privateSubnetIds });
    expect(t.only('aws_lb_listener').attributes).toMatchObject({ protocol: 'HTTP', port: 80 });
    const prefixList = t.dataSources('aws_ec2_managed_prefix_list');
    expect(prefixList.map((p) => p.attributes.name)).toEqual(['com.amazonaws.global.cloudfront.origin-facing']);
    const lbSg = t.resources('aws_security_group').find((g) => g.name.includes('LoadBalancerSecurityGroup'))!;
    const ingress = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: `\${aws_security_group.${lbSg.name}.id}` });
    expect(ingress.map((r) => [r.attributes.prefix_list_id, r.attributes.from_port, r.attributes.cidr_ipv4]))
      .toEqual([[`\${data.aws_ec2_managed_prefix_list.${prefixList[0].name}.id}`, 80, undefined]]);
  });

  describe('GIVEN originAccess SECRET_ORIGIN_HEADER', () => {
    const { t, api } = synth({
      originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, network: NETWORK, load: { peakRequestsPerSecond: 1000 },
    });
    const versionName = t.only('aws_secretsmanager_secret_version').name;
    test('THEN the HTTPS listener\'s default action is a fixed 403: nothing is forwarded without a rule', () => {
      const listener = t.find('aws_lb_listener', { port: 443 });
      expect(listener).toHaveLength(1);
      expect(listener[0].attributes).toMatchObject({
        protocol: 'HTTPS',
        default_action: [{ type: 'fixed-response', fixed_response: { status_code: '403', content_type: 'text/plain', message_body: 'Forbidden' } }],
      });
      expect(t.resources('aws_lb_listener').filter((l) => JSON.stringify(l.attributes.default_action).includes('forward'))).toEqual([]);
    });
    test('THEN exactly one rule forwards, on an http-header condition whose value is the secret version\'s string', () => {
      const rules = t.resources('aws_lb_listener_rule');
      expect(rules).toHaveLength(1);
      expect(rules[0].attributes).toMatchObject({
        priority: api.plan.originHeader!.rulePriority,
        action: [{ type: 'forward', target_group_arn: expect.stringMatching(/aws_lb_target_group\.Api_TargetGroup_\w+\.arn/) }],
        condition: [{ http_header: { http_header_name: 'X-Origin-Verify', values: [`\${aws_secretsmanager_secret_version.${versionName}.secret_string}`] } }],
      });
    });
    test('THEN the secret is named by the plan and its value generated letters and digits of the plan\'s length, kept across plans', () => {
      expect(t.only('aws_secretsmanager_secret').attributes).toMatchObject({ name: 'scaleblocks/api/origin-verify', lifecycle: { prevent_destroy: true } });
      expect(t.only('aws_secretsmanager_secret_version').attributes.lifecycle).toEqual({ ignore_changes: ['secret_string'] });
      expect(t.dataSources('aws_secretsmanager_random_password').map((d) => d.attributes))
        .toEqual([expect.objectContaining({ password_length: 32, exclude_punctuation: true, include_space: false })]);
    });
    test('THEN the load balancer is internet-facing and still admits only CloudFront\'s prefix list (defence in depth)', () => {
      expect(t.only('aws_lb').attributes.internal).toBe(false);
      const lbSg = t.resources('aws_security_group').find((g) => g.name.includes('LoadBalancerSecurityGroup'))!;
      const ingress = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: `\${aws_security_group.${lbSg.name}.id}` });
      expect(ingress.length).toBeGreaterThan(0);
      expect(ingress.every((r) => typeof r.attributes.prefix_list_id === 'string' && r.attributes.cidr_ipv4 === undefined)).toBe(true);
    });
  });

  test('GIVEN SECRET_ORIGIN_HEADER with BLUE_GREEN THEN the production rule ECS shifts is the one forwarding rule and also requires the header', () => {
    const { t } = synth({
      originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
      certificateArn: CERT,
      deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
      originHeader: { headerName: 'X-From-Cdn' },
      network: NETWORK,
      load: { peakRequestsPerSecond: 1000 },
    });
    const rules = t.resources('aws_lb_listener_rule');
    expect(rules).toHaveLength(1);
    expect(rules[0].attributes.condition).toEqual([
      { path_pattern: { values: ['/*'] } },
      { http_header: { http_header_name: 'X-From-Cdn', values: [expect.stringMatching(/aws_secretsmanager_secret_version\.\w+\.secret_string/)] } },
    ]);
  });
});
