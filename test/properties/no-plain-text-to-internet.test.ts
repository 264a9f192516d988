import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import fc from 'fast-check';
import * as C from '../../src/cdk';
import * as T from '../../src/cdktf';
import { Errors, LoadBalancingAlgorithm, planSystem, SystemSpec, ValidationError } from '../../src/core';

/*
 * Issue 15, items 2 and 3, as a property over specs generated from the spec options that decide
 * it (a CDN or none, a certificate or none, the plain-HTTP opt-in, internal or internet-facing, an
 * ALB or an NLB): no synthesized system, on either backend, has an internet-facing listener
 * without TLS (a listener that only redirects to HTTPS aside) unless the spec opted in with
 * `api.allowPlainHttp`, nor a load balancer admitting the internet (0.0.0.0/0, ::/0) behind a CDN.
 * Behind a CDN (the chain's default, VPC_ORIGIN) the API cannot be reached around it at all: its
 * load balancer is internal, in private subnets, admits CloudFront's origin-facing prefix list
 * and nothing else, and the distribution reaches it through a CloudFront VPC origin.
 * A spec that would break a rule without opting in is rejected with one ValidationError that names
 * the way out.
 */

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
const INTERNET = ['0.0.0.0/0', '::/0'];

interface Choice {
  readonly cdn: boolean;
  readonly certificate: boolean;
  readonly allowPlainHttp?: boolean;
  readonly internal: boolean;
  readonly nlb: boolean;
}

const choices = fc.record({
  cdn: fc.boolean(),
  certificate: fc.boolean(),
  allowPlainHttp: fc.constantFrom(undefined, true, false),
  internal: fc.boolean(),
  nlb: fc.boolean(),
});

function specOf(c: Choice): SystemSpec {
  return {
    name: 'prop',
    region: 'us-east-1',
    load: { peakRequestsPerSecond: 200 },
    ...(c.cdn ? { cdn: {} } : {}),
    api: {
      ...(c.certificate ? { certificateArn: CERT } : {}),
      ...(c.allowPlainHttp === undefined ? {} : { allowPlainHttp: c.allowPlainHttp }),
      ...(c.internal ? { internetFacing: false } : {}),
      ...(c.nlb ? { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH } : {}),
    },
  };
}

/** What the rule says of a spec: rejected (and why), or accepted. */
function expectedRejection(c: Choice): RegExp | undefined {
  if (c.certificate && c.allowPlainHttp === true) return /allowPlainHttp = true: must be unset or false with certificateArn/;
  // Behind a CDN the load balancer is internal (a VPC origin), so no certificate is needed; an NLB with TLS cannot be a VPC origin.
  if (c.cdn && c.nlb && c.certificate) return /certificateArn = .*: must be unset with SOURCE_IP_HASH and originAccess VPC_ORIGIN/;
  if (!c.cdn && !c.certificate && !c.internal && c.allowPlainHttp !== true) return /certificateArn = undefined: must be an ACM certificate ARN[\s\S]*allowPlainHttp true/;
  return undefined;
}

/** What a CDN in front of the API makes of its load balancer, as read back from one backend. */
interface OriginFacts {
  /** Scheme of every load balancer: `internal` or `internet-facing`. */
  readonly schemes: string[];
  /** Every load balancer sits in private subnets only. */
  readonly privateSubnetsOnly: boolean;
  /** Ingress rules of the load balancers' security groups that admit something other than a managed prefix list. */
  readonly nonPrefixListIngress: string[];
  /** The distribution's origins that reach a load balancer, and whether each goes through a VPC origin of that load balancer. */
  readonly loadBalancerOriginsViaVpcOrigin: boolean[];
}

/** A CloudFormation listener: its load balancer's scheme, protocol and whether it only redirects. */
interface Listener {
  readonly internetFacing: boolean;
  readonly protocol: string;
  readonly redirectOnly: boolean;
}

function cfnFacts(spec: SystemSpec): { listeners: Listener[]; internetIngress: string[]; origin: OriginFacts } {
  const stack = new C.SystemStack(new cdk.App(), 'Prop', { spec });
  const resources = Template.fromStack(stack).toJSON().Resources as { [id: string]: { Type: string; Properties?: any } };
  const listeners = Object.values(resources).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener').map((l) => {
    const lb = resources[l.Properties.LoadBalancerArn.Ref];
    const actions = l.Properties.DefaultActions as { Type: string }[];
    return {
      internetFacing: (lb.Properties.Scheme ?? 'internet-facing') === 'internet-facing',
      protocol: l.Properties.Protocol,
      redirectOnly: actions.every((a) => a.Type === 'redirect'),
    };
  });
  const internetIngress: string[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const rules = r.Type === 'AWS::EC2::SecurityGroup' ? (r.Properties?.SecurityGroupIngress ?? [])
      : r.Type === 'AWS::EC2::SecurityGroupIngress' ? [r.Properties] : [];
    for (const rule of rules) {
      if (INTERNET.includes(rule.CidrIp) || INTERNET.includes(rule.CidrIpv6)) internetIngress.push(id);
    }
  }
  const lbs = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  const lbGroups = new Set(lbs.flatMap(([, r]) => (r.Properties.SecurityGroups ?? []).map((g: any) => g['Fn::GetAtt'][0])));
  const nonPrefixListIngress: string[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const rules = r.Type === 'AWS::EC2::SecurityGroup' && lbGroups.has(id) ? (r.Properties?.SecurityGroupIngress ?? [])
      : r.Type === 'AWS::EC2::SecurityGroupIngress' && lbGroups.has(r.Properties.GroupId?.['Fn::GetAtt']?.[0]) ? [r.Properties] : [];
    for (const rule of rules) if (rule.SourcePrefixListId === undefined) nonPrefixListIngress.push(id);
  }
  const privateSubnetsOnly = lbs.every(([, r]) => (r.Properties.Subnets as { Ref: string }[]).every((s) =>
    (resources[s.Ref].Properties.Tags as { Key: string; Value: string }[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private')));
  const vpcOrigins = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudFront::VpcOrigin');
  const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution');
  const lbIds = new Set(lbs.map(([id]) => id));
  const viaVpcOrigin = (o: any): boolean => {
    const vpcOrigin = vpcOrigins.find(([id]) => o.VpcOriginConfig?.VpcOriginId?.['Fn::GetAtt']?.[0] === id);
    return vpcOrigin !== undefined && lbIds.has(vpcOrigin[1].Properties.VpcOriginEndpointConfig.Arn.Ref);
  };
  const lbOrigins = ((distribution?.Properties.DistributionConfig.Origins ?? []) as any[]).filter((o) => o.Id === 'api');
  return {
    listeners,
    internetIngress,
    origin: {
      schemes: lbs.map(([, r]) => r.Properties.Scheme ?? 'internet-facing'),
      privateSubnetsOnly,
      nonPrefixListIngress,
      loadBalancerOriginsViaVpcOrigin: lbOrigins.map(viaVpcOrigin),
    },
  };
}

function tfFacts(spec: SystemSpec): { listeners: Listener[]; internetIngress: string[]; origin: OriginFacts } {
  const stack = new T.SystemStack(Testing.app(), 'prop', { spec });
  const resource = JSON.parse(Testing.synth(stack)).resource as { [type: string]: { [name: string]: any } };
  const lbs = resource.aws_lb ?? {};
  const listeners = Object.values(resource.aws_lb_listener ?? {}).map((l: any) => {
    const lbName = /aws_lb\.([^.]+)\.arn/.exec(l.load_balancer_arn)![1];
    return {
      internetFacing: lbs[lbName].internal !== true,
      protocol: l.protocol,
      redirectOnly: (l.default_action as { type: string }[]).every((a) => a.type === 'redirect'),
    };
  });
  const internetIngress = Object.entries(resource.aws_vpc_security_group_ingress_rule ?? {})
    .filter(([, r]: [string, any]) => INTERNET.includes(r.cidr_ipv4) || INTERNET.includes(r.cidr_ipv6)).map(([name]) => name);
  const refName = (expr: unknown, type: string): string | undefined => new RegExp(`${type}\\.([^.}]+)\\.`).exec(String(expr))?.[1];
  const lbGroups = new Set(Object.values(lbs).flatMap((lb: any) => (lb.security_groups as string[]).map((g) => refName(g, 'aws_security_group'))));
  const nonPrefixListIngress = Object.entries(resource.aws_vpc_security_group_ingress_rule ?? {})
    .filter(([, r]: [string, any]) => lbGroups.has(refName(r.security_group_id, 'aws_security_group')) && r.prefix_list_id === undefined)
    .map(([name]) => name);
  // The shared network's subnets are named by tier (Public1, Private1, Isolated1 ...).
  const subnets = resource.aws_subnet ?? {};
  const privateSubnetsOnly = Object.values(lbs).every((lb: any) => (lb.subnets as string[]).every((s) => {
    const name = refName(s, 'aws_subnet');
    return name !== undefined && subnets[name] !== undefined && /Private/.test(name);
  }));
  const vpcOrigins = resource.aws_cloudfront_vpc_origin ?? {};
  const distribution = Object.values(resource.aws_cloudfront_distribution ?? {})[0] as any;
  const viaVpcOrigin = (o: any): boolean => {
    const vpcOrigin = vpcOrigins[refName(o.vpc_origin_config?.vpc_origin_id, 'aws_cloudfront_vpc_origin') as string];
    const endpoint = vpcOrigin?.vpc_origin_endpoint_config;
    const config = Array.isArray(endpoint) ? endpoint[0] : endpoint;
    return config !== undefined && lbs[refName(config.arn, 'aws_lb') as string] !== undefined;
  };
  return {
    listeners,
    internetIngress,
    origin: {
      schemes: Object.values(lbs).map((lb: any) => (lb.internal === true ? 'internal' : 'internet-facing')),
      privateSubnetsOnly,
      nonPrefixListIngress,
      loadBalancerOriginsViaVpcOrigin: ((distribution?.origin ?? []) as any[]).filter((o) => o.origin_id === 'api').map(viaVpcOrigin),
    },
  };
}

describe('no plain text to the internet, no way around the CDN, unless the spec opted in', () => {
  test('GIVEN any spec of these options WHEN planned and synthesized on both backends THEN the rule holds', () => {
    fc.assert(fc.property(choices, (c) => {
      const spec = specOf(c);
      const rejection = expectedRejection(c);
      if (rejection) {
        let error: unknown;
        try {
          planSystem(spec);
        } catch (e) {
          error = e;
        }
        expect(Errors.isValidationError(error)).toBe(true);
        expect((error as ValidationError).message).toMatch(rejection);
        return;
      }
      for (const facts of [cfnFacts(spec), tfFacts(spec)]) {
        expect(facts.listeners.length).toBeGreaterThan(0);
        // An internet-facing listener without TLS only with the opt-in (a redirect to HTTPS is no plain service).
        const plainPublic = facts.listeners.filter((l) => l.internetFacing && !l.redirectOnly && (l.protocol === 'HTTP' || l.protocol === 'TCP'));
        if (c.allowPlainHttp !== true) expect(plainPublic).toEqual([]);
        // Behind a CDN nothing admits the internet: the load balancer takes CloudFront's traffic only,
        // and nothing reaches it around the CDN: internal, private subnets, the prefix list alone, a VPC origin.
        if (c.cdn) {
          expect(facts.internetIngress).toEqual([]);
          expect(facts.origin.schemes).toEqual(['internal']);
          expect(facts.origin.privateSubnetsOnly).toBe(true);
          expect(facts.origin.nonPrefixListIngress).toEqual([]);
          expect(facts.origin.loadBalancerOriginsViaVpcOrigin).toEqual([true]);
        }
      }
    }), { numRuns: 16 });
  });
});
