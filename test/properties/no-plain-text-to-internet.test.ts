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
 * A spec that would do either without opting in is rejected with one ValidationError that names
 * the certificate and the opt-in.
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
  if (!c.certificate && !c.internal && c.allowPlainHttp !== true) return /certificateArn = undefined: must be an ACM certificate ARN[\s\S]*allowPlainHttp true/;
  return undefined;
}

/** A CloudFormation listener: its load balancer's scheme, protocol and whether it only redirects. */
interface Listener {
  readonly internetFacing: boolean;
  readonly protocol: string;
  readonly redirectOnly: boolean;
}

function cfnFacts(spec: SystemSpec): { listeners: Listener[]; internetIngress: string[] } {
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
  return { listeners, internetIngress };
}

function tfFacts(spec: SystemSpec): { listeners: Listener[]; internetIngress: string[] } {
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
  return { listeners, internetIngress };
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
        // Behind a CDN nothing admits the internet: the load balancer takes CloudFront's traffic only.
        if (c.cdn) expect(facts.internetIngress).toEqual([]);
      }
    }), { numRuns: 16 });
  });
});
