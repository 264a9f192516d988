import { Testing } from 'cdktf';
import { TfTemplate } from './template';
import { SystemStack } from '../../src/cdktf/system-stack';
import { DATABASE_ENVIRONMENT } from '../../src/core';
import { PROXIED, SHARDED_PROXIED } from '../fixtures/systems';


describe('SystemStack (cdktf) with a database behind RDS Proxy', () => {
  const stack = new SystemStack(Testing.app(), 'shop', { spec: PROXIED });
  const t = TfTemplate.synth(stack);
  const proxy = t.only('aws_db_proxy');
  const proxySg = `\${aws_security_group.${t.resources('aws_security_group').find((r) => r.name.includes('ProxySecurityGroup'))!.name}.id}`;

  test('THEN the API\'s writer endpoint is the proxy\'s', () => {
    const def = t.resources('aws_ecs_task_definition').find((d) => d.name.includes('Api'))!;
    const env: { name: string; value: string }[] = JSON.parse(def.attributes.container_definitions)[0].environment;
    expect(env.find((e) => e.name === DATABASE_ENVIRONMENT.writerEndpoint)!.value).toBe(`\${aws_db_proxy.${proxy.name}.endpoint}`);
  });

  test('THEN the proxy admits the API\'s security group, and nothing public', () => {
    const rules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: proxySg });
    expect(rules.length).toBeGreaterThanOrEqual(1);
    expect(rules.every((r) => r.attributes.referenced_security_group_id !== undefined && r.attributes.cidr_ipv4 === undefined)).toBe(true);
  });

  test('THEN the API\'s task role may connect to the proxy as the master user', () => {
    const policies = [...t.resources('aws_iam_role_policy'), ...t.resources('aws_iam_policy')].map((p) => String(p.attributes.policy));
    const connect = policies.find((p) => p.includes('DatabaseProxyConnect'));
    expect(connect).toBeDefined();
    expect(connect).toContain(`aws_db_proxy.${proxy.name}.arn`);
  });
});

describe('SystemStack (cdktf) with shards behind RDS Proxy (shard-1 without)', () => {
  const stack = new SystemStack(Testing.app(), 'shop', { spec: SHARDED_PROXIED });
  const t = TfTemplate.synth(stack);
  const proxy = t.only('aws_db_proxy');
  const sharded = stack.shardedDatabase!;

  test('THEN the one proxy is shard-0\'s, and the map holds its endpoint for shard-0 and the writer\'s for shard-1', () => {
    expect(proxy.attributes.name).toBe(sharded.plan.shards[0].database.proxy!.name);
    expect(proxy.attributes.name).toMatch(/-shard-0-proxy$/);
    expect(sharded.writerEndpoints['shard-0']).toBe(sharded.shard('shard-0').proxyEndpoint);
    expect(sharded.writerEndpoints['shard-1']).toBe(sharded.shard('shard-1').writerEndpoint);
    const map = t.resources('aws_ssm_parameter').map((p) => String(p.attributes.value)).find((v) => v.includes('shard-0'))!;
    expect(map).toContain(`aws_db_proxy.${proxy.name}.endpoint`);
  });

  test('THEN shard-0\'s proxy admits the API\'s security group, and nothing public', () => {
    const proxySg = String(proxy.attributes.vpc_security_group_ids[0]);
    const rules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: proxySg });
    expect(rules.length).toBeGreaterThanOrEqual(1);
    expect(rules.every((r) => r.attributes.referenced_security_group_id !== undefined && r.attributes.cidr_ipv4 === undefined)).toBe(true);
  });

  test('THEN the API\'s task role may connect to shard-0\'s proxy', () => {
    const policies = t.resources('aws_iam_role_policy').map((p) => String(p.attributes.policy));
    const connect = policies.find((p) => p.includes('ShardProxyConnect'));
    expect(connect).toBeDefined();
    expect(connect).toContain(`aws_db_proxy.${proxy.name}.arn`);
  });
});
