import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdktf/replicated-database';
import { DatabaseEngine, Errors } from '../../src/core';

const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.1.0.0/16',
  privateSubnetIds: ['subnet-p1', 'subnet-p2', 'subnet-p3'],
  isolatedSubnetIds: ['subnet-i1', 'subnet-i2', 'subnet-i3'],
};

function render(props: ReplicatedDatabaseProps): { db: ReplicatedDatabase; t: TfTemplate } {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  const db = new ReplicatedDatabase(s, 'Db', { network: NETWORK, ...props });
  return { db, t: TfTemplate.synth(s) };
}

/** The Terraform reference `${type.name.attr}` of a resource's attribute, as the JSON writes it. */
function ref(t: TfTemplate, type: string, attr: string, nameLike = ''): string {
  const r = t.resources(type).filter((x) => x.name.includes(nameLike));
  expect(r).toHaveLength(1);
  return `\${${type}.${r[0].name}.${attr}}`;
}

describe('ReplicatedDatabase (cdktf), RDS Proxy', () => {
  test('GIVEN no proxy WHEN synthesized THEN there is no db proxy', () => {
    const { t, db } = render({ name: 'orders' });
    t.resourceCountIs('aws_db_proxy', 0);
    t.resourceCountIs('aws_db_proxy_target', 0);
    expect(db.proxyEndpoint).toBeUndefined();
  });

  test('GIVEN proxy: {} on Aurora PostgreSQL WHEN synthesized THEN a proxy with TLS, IAM auth and the plan\'s pool settings targets the cluster', () => {
    // GIVEN
    const { t, db } = render({ name: 'orders', proxy: {}, allowedCidrs: ['10.1.0.0/16'] });
    const p = db.plan.proxy!;
    // THEN
    const proxy = t.only('aws_db_proxy').attributes;
    expect(proxy).toMatchObject({
      name: 'orders-proxy',
      engine_family: 'POSTGRESQL',
      require_tls: true,
      debug_logging: false,
      vpc_subnet_ids: ['subnet-i1', 'subnet-i2', 'subnet-i3'],
      vpc_security_group_ids: [ref(t, 'aws_security_group', 'id', 'ProxySecurityGroup')],
      role_arn: ref(t, 'aws_iam_role', 'arn', 'ProxyRole'),
      auth: [{ auth_scheme: 'SECRETS', iam_auth: 'REQUIRED', secret_arn: expect.stringContaining('master_user_secret') }],
    });
    expect(t.only('aws_db_proxy_default_target_group').attributes).toMatchObject({
      connection_pool_config: {
        max_connections_percent: p.maxConnectionsPercent,
        max_idle_connections_percent: p.maxIdleConnectionsPercent,
        connection_borrow_timeout: 120,
      },
    });
    const target = t.only('aws_db_proxy_target').attributes;
    expect(target.db_cluster_identifier).toBe(ref(t, 'aws_rds_cluster', 'cluster_identifier'));
    expect(target.db_instance_identifier).toBeUndefined();
    expect(db.proxyEndpoint).toBeDefined();
  });

  test('GIVEN a proxy WHEN synthesized THEN its role reads only the master secret and its key', () => {
    const { t } = render({ name: 'orders', proxy: {} });
    const role = t.resources('aws_iam_role').find((r) => r.name.includes('ProxyRole'))!.attributes;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const policy = JSON.parse(t.only('aws_iam_role_policy').attributes.policy);
    expect(policy.Statement).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: expect.stringContaining('master_user_secret') },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ref(t, 'aws_kms_key', 'arn') },
    ]);
  });

  test('GIVEN a 32-character database name WHEN a proxy is synthesized THEN every IAM role name_prefix is within the provider\'s 38 characters', () => {
    const { db, t } = render({ name: 'b'.repeat(32), proxy: {} });
    const prefixes = t.resources('aws_iam_role').map((r) => r.attributes.name_prefix).filter((p) => p !== undefined);
    expect(prefixes.length).toBeGreaterThanOrEqual(2); // the proxy's role and the monitoring role
    for (const p of prefixes) expect(p.length).toBeLessThanOrEqual(38);
    // The proxy's name is shortened, never the separator before the provider's suffix.
    expect(prefixes).toContain(`${db.plan.proxy!.name.slice(0, 37)}-`);
  });

  test('GIVEN a proxy WHEN synthesized THEN its group admits only the plan\'s CIDRs and reaches only the database, which admits it', () => {
    const { t } = render({ name: 'orders', proxy: {}, allowedCidrs: ['10.1.0.0/16'] });
    const proxySg = ref(t, 'aws_security_group', 'id', 'ProxySecurityGroup');
    const dbSg = `\${aws_security_group.${t.resources('aws_security_group').find((r) => !r.name.includes('Proxy'))!.name}.id}`;
    const ingressToProxy = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: proxySg });
    expect(ingressToProxy.map((r) => r.attributes)).toEqual([expect.objectContaining({ cidr_ipv4: '10.1.0.0/16', from_port: 5432, to_port: 5432 })]);
    const egress = t.find('aws_vpc_security_group_egress_rule', { security_group_id: proxySg });
    expect(egress.map((r) => r.attributes))
      .toEqual([expect.objectContaining({ referenced_security_group_id: dbSg, from_port: 5432, to_port: 5432 })]);
    t.hasResourceWithProperties('aws_vpc_security_group_ingress_rule', { security_group_id: dbSg, referenced_security_group_id: proxySg, from_port: 5432 });
    expect(JSON.stringify(t.json)).not.toContain('0.0.0.0/0');
  });

  test('GIVEN RDS MySQL with a proxy without TLS or IAM WHEN synthesized THEN it targets the writer instance with those settings', () => {
    const { t } = render({
      engine: DatabaseEngine.RDS_MYSQL,
      proxy: {
        requireTls: false,
        iamAuthentication: false,
        debugLogging: true,
        maxConnectionsPercent: 50,
        maxIdleConnectionsPercent: 5,
        connectionBorrowTimeoutSeconds: 30,
      },
    });
    expect(t.only('aws_db_proxy').attributes).toMatchObject({ engine_family: 'MYSQL', require_tls: false, debug_logging: true, auth: [{ iam_auth: 'DISABLED' }] });
    expect(t.only('aws_db_proxy_default_target_group').attributes.connection_pool_config)
      .toEqual({ max_connections_percent: 50, max_idle_connections_percent: 5, connection_borrow_timeout: 30 });
    const writer = t.resources('aws_db_instance').find((r) => r.attributes.replicate_source_db === undefined)!;
    expect(t.only('aws_db_proxy_target').attributes.db_instance_identifier).toBe(`\${aws_db_instance.${writer.name}.identifier}`);
  });

  test('GIVEN no proxy WHEN allowProxyFrom is called THEN a ValidationError names plan.proxy', () => {
    const { db } = render({ name: 'orders' });
    let error: unknown;
    try {
      db.allowProxyFrom('Api', 'sg-1');
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toContain('plan.proxy');
  });
});
