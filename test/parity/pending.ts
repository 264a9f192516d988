import { Allowed } from './walk';

/*
 * Decisions a backend still takes without a plan field: each is a defect of issue 13, listed so the
 * walker passes today and shrinks tomorrow. This is NOT an allow-list: an entry here is a value that
 * belongs in the plan (both backends then render the plan's value and the entry goes). The parity
 * test fails when an entry is no longer met by any case, so a moved decision cannot stay listed.
 */
export const PENDING_DECISIONS: readonly Allowed[] = [
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
