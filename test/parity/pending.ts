import { Allowed } from './walk';

/*
 * Decisions a backend still takes without a plan field: each is a defect of issue 13, listed so the
 * walker passes today and shrinks tomorrow. This is NOT an allow-list: an entry here is a value that
 * belongs in the plan (both backends then render the plan's value and the entry goes). The parity
 * test fails when an entry is no longer met by any case, so a moved decision cannot stay listed.
 */
export const PENDING_DECISIONS: readonly Allowed[] = [
  // Network of a block-created VPC (blockVpc / BlockNetwork).
  { backend: 'cfn', type: 'AWS::EC2::VPC', path: /^CidrBlock$/, value: '10.0.0.0/16', reason: 'the VPC CIDR of a block-created VPC' },
  { backend: 'tf', type: 'aws_vpc', path: /^cidr_block$/, value: '10.0.0.0/16', reason: 'the VPC CIDR of a block-created VPC' },
  { backend: 'cfn', type: 'AWS::EC2::FlowLog', path: /^TrafficType$/, value: 'ALL', reason: 'flow-log traffic type' },
  { backend: 'tf', type: 'aws_flow_log', path: /^traffic_type$/, value: 'ALL', reason: 'flow-log traffic type' },
  // Keys and retained satellites.
  { backend: 'cfn', type: 'AWS::KMS::Key', path: /^PendingWindowInDays$/, value: 30, reason: 'KMS key deletion window' },
  { backend: 'tf', type: 'aws_kms_key', path: /^deletion_window_in_days$/, value: 30, reason: 'KMS key deletion window' },
  // LoadBalancedApi / gateway listeners.
  ...(['cfn', 'tf'] as const).map((backend): Allowed => ({
    backend, type: /^(AWS::ElasticLoadBalancingV2::Listener|aws_lb_listener)$/, path: /(RedirectConfig\.StatusCode|redirect\.status_code)$/, value: 'HTTP_301', reason: 'HTTP to HTTPS redirect status',
  })),
  ...(['cfn', 'tf'] as const).map((backend): Allowed => ({
    backend, type: /^(AWS::ElasticLoadBalancingV2::Listener|aws_lb_listener)$/, path: /(FixedResponseConfig|fixed_response)\./, reason: 'the internal ALB\'s 404 fixed response',
  })),
  // GlobalCdn behaviours.
  ...(['cfn', 'tf'] as const).map((backend): Allowed => ({
    backend, type: /^(AWS::CloudFront::Distribution|aws_cloudfront_distribution)$/, path: /(AllowedMethods|allowed_methods|CachedMethods|cached_methods)\[\]$/, reason: 'allowed and cached methods of each behaviour',
  })),
  ...(['cfn', 'tf'] as const).map((backend): Allowed => ({
    backend, type: /^(AWS::CloudFront::Distribution|aws_cloudfront_distribution)$/, path: /(ViewerProtocolPolicy|viewer_protocol_policy)$/, value: 'redirect-to-https', reason: 'viewer protocol policy',
  })),
  ...(['cfn', 'tf'] as const).map((backend): Allowed => ({
    backend, type: /^(AWS::CloudFront::(CachePolicy|OriginRequestPolicy)|aws_cloudfront_(cache|origin_request)_policy)$/, path: /(Behavior|behavior|Headers\[\]|headers\.items\[\])$/, reason: 'cache key and origin request contents',
  })),
];
