import { COMMON_RULE_SET } from './internal';
import { CdnOriginKind, OriginProtocolPolicy } from './options';
import { GlobalCdnPlan } from './plan';
import { fmt } from '../../validation';
import { BucketEncryption } from '../shared/bucket';
import { OriginAccess } from '../shared/cdn';

// GlobalCdn: the notes the check prints beside the sizing rows.

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function globalCdnNotes(plan: GlobalCdnPlan): string[] {
  const p = plan.path;
  const notes: string[] = [];
  if (plan.viewer.domainNames.length === 0) {
    notes.push(`${p}: no custom domain: viewers use the cloudfront.net name, whose certificate lets CloudFront accept TLS older than 1.2; `
      + 'give domainNames and a us-east-1 certificate to enforce TLSv1.2_2021');
  }
  const plainOrigins = plan.origins.filter((o) => o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY);
  if (plainOrigins.some((o) => o.access !== OriginAccess.VPC_ORIGIN)) {
    notes.push(`${p}: CloudFront reaches the API over plain HTTP: traffic between the edge and the origin is not encrypted`);
  } else if (plainOrigins.length > 0) {
    notes.push(`${p}: CloudFront reaches the API over HTTP through its VPC origin: the hop stays on the AWS network into the VPC's private subnets, `
      + 'unencrypted but never on the internet');
  }
  const lb = plan.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER);
  if (lb?.access === OriginAccess.VPC_ORIGIN) {
    notes.push(`${p}: the API's load balancer is internal, reached only through the CloudFront VPC origin ${lb.vpcOriginName} (no public entry)`);
  } else if (lb?.access === OriginAccess.SECRET_ORIGIN_HEADER) {
    notes.push(`${p}: the API's load balancer faces the internet but forwards only requests with the origin header ${lb.originHeaderName}, whose `
      + `value CloudFront reads from Secrets Manager secret ${lb.originHeaderSecretName}; it also admits only CloudFront's origin-facing prefix list `
      + '(defence in depth). Rotation is not automated: a new value must reach this distribution and the listener rule together');
  } else if (lb?.access === OriginAccess.CLOUDFRONT_PREFIX_LIST) {
    notes.push(`${p}: the API's load balancer faces the internet and admits CloudFront's origin-facing prefix list: any distribution, of any account, `
      + 'reaches it around this one\'s web ACL; apiOrigin.access VPC_ORIGIN (with an internal load balancer) or SECRET_ORIGIN_HEADER closes that');
  }
  const httpsLb = plan.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER && o.protocolPolicy === OriginProtocolPolicy.HTTPS_ONLY);
  if (httpsLb && httpsLb.domainName === undefined) {
    const fix = httpsLb.access === OriginAccess.VPC_ORIGIN
      ? ': behind a VPC origin the hop is private, so apiOrigin.protocolPolicy HTTP_ONLY needs no certificate'
      : ': give apiOrigin.loadBalancerDomainName, a name the certificate covers, and point it at the load balancer with a DNS record you own '
        + '(an alias or CNAME to its DNS name)';
    notes.push(`${p}: CloudFront checks the load balancer's certificate against the origin's domain name, here the load balancer's own `
      + `elb.amazonaws.com name, which the certificate does not cover, so CloudFront answers 502${fix}`);
  } else if (httpsLb) {
    notes.push(`${p}: CloudFront reaches the load balancer as ${httpsLb.domainName} and checks its certificate against that name: the certificate `
      + `must cover it, and a DNS record you own (an alias or CNAME to the load balancer's DNS name) must point ${httpsLb.domainName} at the load balancer; this block creates no record`);
  }
  if (plan.bucket?.encryption === BucketEncryption.KMS) {
    notes.push(`${p}: the static bucket uses a KMS key: its key policy must let ${plan.bucket.kmsKeyGrant?.servicePrincipal} decrypt for this distribution, or CloudFront gets 403`);
  }
  if (!plan.waf.enabled) {
    notes.push(`${p}: no WAF web ACL: only AWS Shield Standard protects the distribution`);
  } else {
    if (plan.waf.createWebAcl && plan.origins.some((o) => o.id === 'api')
      && !plan.waf.managedRuleGroups.some((g) => g.excludedRules.includes('SizeRestrictions_BODY'))) {
      notes.push(`${p}: ${COMMON_RULE_SET} blocks request bodies over 8 KB (SizeRestrictions_BODY); if the API takes uploads, add it to waf.excludedCommonRules`);
    }
    notes.push(`${p}: the web ACL (scope CLOUDFRONT) lives in ${plan.waf.region}: a stack in another Region needs a ${plan.waf.region} stack for it`);
  }
  if (plan.originGroups.length > 0) {
    notes.push(`${p}: origin failover applies to GET, HEAD and OPTIONS only; the API behaviours are therefore read-only`);
  }
  if (!plan.accessLogs) notes.push(`${p}: access logs are off`);
  if (plan.load.peakRequestsPerSecond > 0) {
    notes.push(`${p}: with a hit ratio of ${fmt(plan.load.hitRatio)}, ${fmt(plan.load.originRequestsPerSecond)} of the ${fmt(plan.load.peakRequestsPerSecond)} `
      + `requests/s reach the origins (peak x (1 - hit ratio)); ${plan.origins.some((o) => o.id === 'api') ? 'the API is sized for that' : 'the static bucket serves them'}`);
  }
  return notes;
}
